// The Playground tab's controls: the data set and its size, the network (hidden layers, their
// neurons and activations, dropout, L1/L2), the optimizer, and Play/Pause/Step/Reset with the
// epoch counter. An edit takes effect at once: new data if needed, and new weights (a running
// network stops first) — the engine builds exactly what the controls show.
#include <cstdio>
#include <string>

#include "app/studio/panels/panel_playground.h"
#include "app/studio/playground_controller.h"

namespace nnfs::studio {

namespace {

// A combo over `names`; true when the choice changed.
bool choose(const char* label, std::string& value, const std::vector<std::string>& names) {
  bool changed = false;
  if (ImGui::BeginCombo(label, value.c_str())) {
    for (const std::string& name : names) {
      if (ImGui::Selectable(name.c_str(), name == value) && name != value) {
        value = name;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

// Sliders and fields apply when released (a drag would rebuild the network every frame): the
// widget is drawn by the argument, then asked whether an edit just ended.
bool released(bool /*edited this frame*/) { return ImGui::IsItemDeactivatedAfterEdit(); }

bool draw_data(AppState& s) {
  PlaygroundSetup& u = s.playground.setup;
  ImGui::TextUnformatted("Data");
  bool changed = false;
  int i = 0;
  for (const std::string& set : playground_set_names()) {
    if (i++ % 3) ImGui::SameLine();
    const std::string name = "set " + set;
    if (ImGui::RadioButton(set.c_str(), u.set == set) && u.set != set) open_playground(s.playground, set);
    record_item_rect(s.rects.buttons, name.c_str());
  }
  if (has_classes(u)) changed |= released(ImGui::SliderInt("classes", &u.classes, 2, 8));
  changed |= released(ImGui::SliderInt(is_regression(u) ? "samples" : "points per class", &u.points, 10,
                                       is_regression(u) ? 2000 : 500));
  if (has_noise(u)) changed |= released(ImGui::SliderFloat("noise", &u.noise, 0.0f, 0.5f, "%.2f"));
  const PlaygroundDoc& pg = s.playground;
  if (pg.train && pg.test)
    ImGui::TextDisabled("train %zu, test %zu (%s)", pg.train->count, pg.test->count,
                        is_regression(u) ? "the midpoints" : "a second draw");
  return changed;
}

bool draw_network(AppState& s) {
  PlaygroundSetup& u = s.playground.setup;
  ImGui::Spacing();
  ImGui::TextUnformatted("Network");
  bool changed = false;
  for (std::size_t i = 0; i < u.hidden.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    PlaygroundLayer& layer = u.hidden[i];
    const std::string name = "remove layer " + std::to_string(i + 1);
    if (playground_button(s, "x", name.c_str())) {
      u.hidden.erase(u.hidden.begin() + static_cast<std::ptrdiff_t>(i));
      ImGui::PopID();
      return true;
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.5f);
    changed |= released(ImGui::SliderInt("##units", &layer.units, 1, kPlaygroundMaxUnits));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
    changed |= choose("##activation", layer.activation, playground_activations());
    ImGui::PopID();
  }
  const bool room = u.hidden.size() < static_cast<std::size_t>(kPlaygroundMaxLayers);
  if (playground_button(s, "+ hidden layer", "add layer", room)) {
    u.hidden.push_back(u.hidden.empty() ? PlaygroundLayer{} : u.hidden.back());
    changed = true;
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%s", u.hidden.empty() ? "(no hidden layer)" : "");
  changed |= released(ImGui::SliderFloat("dropout", &u.dropout, 0.0f, 0.5f, "%.2f"));
  changed |= released(ImGui::InputFloat("L1", &u.l1, 0.0f, 0.0f, "%.1e"));
  changed |= released(ImGui::InputFloat("L2", &u.l2, 0.0f, 0.0f, "%.1e"));
  return changed;
}

bool draw_optimizer(AppState& s) {
  PlaygroundSetup& u = s.playground.setup;
  ImGui::Spacing();
  ImGui::TextUnformatted("Optimizer");
  bool changed = choose("optimizer", u.optimizer, playground_optimizers());
  changed |= released(ImGui::InputFloat("learning rate", &u.lr, 0.0f, 0.0f, "%.4g"));
  changed |= released(ImGui::InputFloat("decay", &u.decay, 0.0f, 0.0f, "%.2e"));
  if (u.optimizer == "sgd") changed |= released(ImGui::SliderFloat("momentum", &u.momentum, 0.0f, 0.99f, "%.2f"));
  return changed;
}

void draw_run_buttons(AppState& s) {
  PlaygroundDoc& pg = s.playground;
  ImGui::Spacing();
  const bool can_run = pg.ready && pg.error.empty() && !pg.rebuild_pending;
  if (playground_running(pg)) {
    if (playground_button(s, "Pause", "Playground Pause")) pause_playground(pg);
  } else if (playground_button(s, "Play", "Playground Play", can_run)) {
    play_playground(pg);
  }
  ImGui::SameLine();
  if (playground_button(s, "Step", "Playground Step", can_run && !playground_running(pg))) step_playground(pg);
  ImGui::SameLine();
  if (playground_button(s, "Reset", "Playground Reset")) reset_playground(pg);
  const PlaygroundNumbers n = playground_numbers(pg);
  ImGui::Text("Epoch %zu   (%s)", n.epoch, to_string(pg.progress.state));
  if (is_regression(pg.built)) {
    ImGui::Text("loss %.5f   test %.5f", n.loss, n.test_loss);
  } else {
    ImGui::Text("loss %.4f   accuracy %.1f%%", n.loss, 100.0 * n.accuracy);
    ImGui::Text("test loss %.4f   accuracy %.1f%%", n.test_loss, 100.0 * n.test_accuracy);
  }
  if (!pg.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImVec4(0.95f, 0.4f, 0.35f, 1.0f), "%s", pg.error.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void draw_playground_controls(AppState& s, float width) {
  ImGui::PushItemWidth(width * 0.5f);
  draw_run_buttons(s);
  ImGui::Separator();
  bool changed = draw_data(s);
  changed |= draw_network(s);
  changed |= draw_optimizer(s);
  ImGui::PopItemWidth();
  if (changed) apply_playground_setup(s.playground);
}

}  // namespace nnfs::studio
