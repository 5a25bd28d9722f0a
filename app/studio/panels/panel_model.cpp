// Model panel: which model is open (file, unsaved state), what it was trained on, and its
// architecture as a table of layers, output shapes and parameter counts.
#include <cstdio>
#include <string>

#include "app/studio/actions.h"
#include "app/studio/format.h"
#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"
#include "engine/model/architecture.h"

namespace nnfs::studio {

namespace {
using json = nlohmann::json;

// A layer as it is written after `nnfs train --arch` ("conv2d:8:padding=1", "dense:10"), so what
// the panel shows can be typed back; defaults are left out.
std::string describe_layer(const json& config) { return to_arch_string(json::array({config})); }

void row(const char* key, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", key);
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", value.c_str());
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * v);
  return buf;
}

void draw_metadata(AppState& s, const Model& m) {
  const json& t = m.training;
  if (!ImGui::BeginTable("##meta", 2, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7.5f);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  row("File", s.doc.path.empty() ? "not saved yet" : s.doc.path);
  if (!s.doc.file_time.empty()) row("Saved", s.doc.file_time);
  if (t.contains("dataset") && t["dataset"].is_string()) row("Dataset", t["dataset"].get<std::string>());
  if (t.contains("preset") && t["preset"].is_string()) row("Preset", t["preset"].get<std::string>());
  if (t.contains("test_accuracy") && t["test_accuracy"].is_number())
    row("Test accuracy", percent(t["test_accuracy"].get<double>()));
  else row("Test accuracy", "not trained");
  if (t.contains("history") && t["history"].is_array() && !t["history"].empty())
    row("Epochs", std::to_string(t["history"].size()));
  if (t.contains("config") && t["config"].is_object()) {
    const json& c = t["config"];
    std::string opt = c.contains("optimizer") ? c["optimizer"].value("type", "") : "";
    if (c.contains("batch")) opt += (opt.empty() ? "" : ", ") + std::string("batch ") + c["batch"].dump();
    if (c.contains("seed")) opt += ", seed " + c["seed"].dump();
    if (!opt.empty()) row("Training", opt);
  }
  if (t.contains("train_samples") && t["train_samples"].is_number_unsigned())
    row("Samples", format_count(t["train_samples"].get<std::uintmax_t>()));
  std::string classes;
  for (const auto& c : m.class_names) classes += (classes.empty() ? "" : ", ") + c;
  row("Classes", classes.empty() ? "unnamed" : classes);
  row("Loss", m.loss);
  ImGui::EndTable();
}

void draw_architecture(const Model& m) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##layers", 4, flags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, em * 1.5f);
  ImGui::TableSetupColumn("Layer", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("Output", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("Parameters", ImGuiTableColumnFlags_WidthFixed, em * 6.0f);
  ImGui::TableHeadersRow();
  auto right_aligned = [](const std::string& text) {
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetColumnWidth() - w - ImGui::GetStyle().CellPadding.x);
    ImGui::TextUnformatted(text.c_str());
  };
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("–");
  ImGui::TableNextColumn();
  ImGui::TextDisabled("input");
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(shape_to_string(m.net.input_shape()).c_str());
  ImGui::TableNextColumn();
  for (std::size_t i = 0; i < m.net.layer_count(); ++i) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%zu", i);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(describe_layer(m.net.layer(i).config()).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(shape_to_string(m.net.shape_after(i)).c_str());
    ImGui::TableNextColumn();
    const std::size_t n = m.net.layer_param_count(i);
    right_aligned(n ? format_count(n) : "–");
  }
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("Total");
  ImGui::TableNextColumn();
  ImGui::TableNextColumn();
  right_aligned(format_count(m.net.param_count()));
  ImGui::EndTable();
}

void draw_evaluation(AppState& s) {
  DatasetDoc& d = s.dataset;
  if (!d.data) {
    ImGui::TextDisabled("Open a dataset (File › Open Dataset…) to evaluate this model");
    return;
  }
  ImGui::BeginDisabled(d.evaluating.running());
  if (ImGui::Button(d.evaluating.running() ? "Evaluating…" : "Evaluate on the test set"))
    run_command(s, Command::EvaluateModel);
  ImGui::EndDisabled();
  if (d.evaluation) {
    ImGui::SameLine();
    ImGui::Text("%s on %s test images", percent(d.evaluation->evaluation.accuracy).c_str(),
                format_count(d.evaluation->evaluation.count).c_str());
  }
}
}  // namespace

void draw_model_tab(AppState& s) {
  const Model* m = s.doc.model.get();
  if (!m && s.files.model.running()) {  // read on a worker thread (file_jobs.h)
    draw_empty_state("Loading the model…", s.files.model_path.c_str());
    return;
  }
  if (!m) {
    draw_empty_state("No model loaded", "File › Open Model… (Ctrl+O), File › New Model… (Ctrl+N), or drop a "
                                        ".safetensors file on the window");
    return;
  }
  ImGui::TextUnformatted(s.doc.name().c_str());
  if (s.doc.dirty) {
    ImGui::SameLine();
    ImGui::TextColored(ImColor(s.colors.error).Value, "● unsaved changes");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("File › Save Model (%s)", shortcut_keys(Command::SaveModel));
  }
  ImGui::Spacing();
  draw_metadata(s, *m);
  ImGui::Spacing();
  draw_architecture(*m);
  ImGui::Spacing();
  draw_evaluation(s);
}

}  // namespace nnfs::studio
