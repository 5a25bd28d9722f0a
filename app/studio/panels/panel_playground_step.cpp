// One step in numbers (issue 18, item 5): one training sample through the engine's forward pass,
// loss, backward pass and optimizer update, each quantity in a table row beside its formula from
// docs/MATH.md. Long vectors show their first `shown` values and "…"; hovering a row lists up to
// 64 of them. The numbers are trace_step's (the engine's own passes); this file only draws them.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/studio/panels/panels.h"
#include "app/studio/panels/playground_views.h"

namespace nnfs::studio {

namespace {

constexpr std::size_t kTooltipValues = 64;

// "[0.12, −0.5, …] (64)": the first `k` values, then how many there are.
std::string compact(const std::vector<float>& v, std::size_t k) {
  std::string s = "[";
  char buf[32];
  for (std::size_t i = 0; i < std::min(k, v.size()); ++i) {
    std::snprintf(buf, sizeof buf, i ? ", %.4g" : "%.4g", static_cast<double>(v[i]));
    s += buf;
  }
  if (v.size() > k) s += ", …";
  return s + "] (" + std::to_string(v.size()) + ")";
}

// One table row: the quantity, its values (a tooltip with more of them) and the formula.
void row(const char* name, const std::vector<float>& values, std::size_t k, const char* formula) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(name);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(compact(values, k).c_str());
  if (values.size() > k && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", compact(values, kTooltipValues).c_str());
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", formula);
}

const char* activation_formula(const std::string& type) {
  if (type == "relu") return "a = max(0, z)";
  if (type == "sigmoid") return "a = 1 / (1 + e^(−z))";
  if (type == "tanh") return "a = tanh z";
  if (type == "leaky_relu") return "a = z if z > 0, else alpha·z";
  if (type == "softmax") return "p_k = e^(z_k) / sum_j e^(z_j)";
  if (type == "dropout") return "a = z (off outside training)";
  return "a = f(z)";
}

const char* derivative_formula(const std::string& type) {
  if (type == "relu") return "dz = dvalues · [z > 0]";
  if (type == "sigmoid") return "dz = dvalues · a·(1 − a)";
  if (type == "tanh") return "dz = dvalues · (1 − a²)";
  if (type == "softmax") return "dz = p * (dvalues − dvalues·p)";
  return "dz = dvalues · f′(z)";
}

const char* update_formula(const std::string& optimizer) {
  if (optimizer == "sgd") return "v ← mu·v − lr_t·g;  w ← w + v";
  if (optimizer == "adagrad") return "c ← c + g²;  w ← w − lr_t·g / (sqrt c + eps)";
  if (optimizer == "rmsprop") return "c ← rho·c + (1 − rho)·g²;  w ← w − lr_t·g / (sqrt c + eps)";
  return "m ← b1·m + (1 − b1)·g;  v ← b2·v + (1 − b2)·g²;  w ← w − lr_t·m_hat / (sqrt v_hat + eps)";
}

// ImGui 1.86 has no SeparatorText: a rule, then the heading.
void section(const char* heading) {
  ImGui::Separator();
  ImGui::TextUnformatted(heading);
}

bool begin_table(const char* id) {
  if (!ImGui::BeginTable(id, 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable))
    return false;
  ImGui::TableSetupColumn("quantity", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("values", ImGuiTableColumnFlags_WidthStretch, 2.6f);
  ImGui::TableSetupColumn("formula", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  return true;
}

void draw_forward(const StepTrace& t, std::size_t k) {
  section("Forward");
  if (!begin_table("##forward")) return;
  row("x (input)", t.input, k, "a0 = x");
  for (std::size_t i = 0; i < t.layers.size(); ++i) {
    const StepLayer& l = t.layers[i];
    const std::string name = std::to_string(i) + " " + l.type;
    row(name.c_str(), l.output, k, l.has_params ? "z = x·W + b" : activation_formula(l.type));
  }
  row("target y", t.target, k, "one-hot label, or the regression target");
  row("loss L", {static_cast<float>(t.loss)}, k,
      t.fused ? "L = −ln p_y (categorical cross-entropy)" : "L = the loss of output and target");
  ImGui::EndTable();
}

void draw_backward(const StepTrace& t, std::size_t k) {
  section("Backward");
  if (!begin_table("##backward")) return;
  row(t.fused ? "dL/dz (softmax + CE)" : "dL/d(output)", t.doutput, k,
      t.fused ? "dz = p − y (fused, divided by N = 1)" : "the loss's derivative");
  for (std::size_t i = t.layers.size(); i-- > 0;) {
    const StepLayer& l = t.layers[i];
    if (l.dvalues.empty()) continue;  // the softmax under a fused loss
    const std::string head = std::to_string(i) + " " + l.type + ": dvalues";
    row(head.c_str(), l.dvalues, k, "dL/d(this layer's output)");
    if (l.has_params) {
      row("   dweights", l.dweights, k, "dW = x^T·dvalues  (+ L1/L2 terms)");
      row("   dbiases", l.dbiases, k, "db = sum_n dvalues");
    }
    if (!l.dinputs.empty()) row("   dinputs", l.dinputs, k, l.has_params ? "dx = dvalues·W^T" : derivative_formula(l.type));
  }
  ImGui::EndTable();
}

void draw_update(const StepTrace& t, std::size_t k) {
  section("Optimizer update");
  ImGui::Text("%s, step t = %llu, lr_t = %.4g = lr / (1 + decay·(t − 1))%s", t.optimizer.c_str(),
              static_cast<unsigned long long>(t.step), static_cast<double>(t.lr),
              t.fresh_state ? " — fresh state (momenta at 0): no run state to continue" : "");
  ImGui::TextDisabled("%s", update_formula(t.optimizer));
  if (!begin_table("##update")) return;
  for (std::size_t i = 0; i < t.layers.size(); ++i) {
    const StepLayer& l = t.layers[i];
    if (!l.has_params) continue;
    const std::string w = std::to_string(i) + " W before", wa = std::to_string(i) + " W after";
    const std::string b = std::to_string(i) + " b before", ba = std::to_string(i) + " b after";
    row(w.c_str(), l.weights, k, "W [D, K], row-major");
    row(wa.c_str(), l.weights_after, k, "W ← update(W, dW)");
    row(b.c_str(), l.biases, k, "b [K]");
    row(ba.c_str(), l.biases_after, k, "b ← update(b, db)");
  }
  ImGui::EndTable();
}

}  // namespace

void draw_playground_step(const Sequential& net, const Dataset& train, const std::string& loss,
                          const OptimizerConfig& optimizer, const OptimizerState& optimizer_state,
                          PlaygroundStepState& state) {
  if (train.count == 0) {
    draw_empty_state("No training samples", "Pick a data set to trace one step of its training.");
    return;
  }
  state.sample = std::min(state.sample, train.count - 1);
  int sample = static_cast<int>(state.sample);
  ImGui::SetNextItemWidth(140.0f);
  if (ImGui::InputInt("sample", &sample)) state.sample = static_cast<std::size_t>(std::clamp(sample, 0, static_cast<int>(train.count) - 1));
  ImGui::SameLine();
  ImGui::TextDisabled("(or click a point on the plane)");
  try {
    state.trace = trace_step(net, train, state.sample, loss, optimizer, optimizer_state);
  } catch (const std::exception& e) {
    draw_empty_state("Cannot trace this step", e.what());
    return;
  }
  const std::size_t k = std::max<std::size_t>(state.shown, 1);
  draw_forward(state.trace, k);
  draw_backward(state.trace, k);
  draw_update(state.trace, k);
}

}  // namespace nnfs::studio
