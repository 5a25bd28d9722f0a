// Training tab: the controls and progress of a run at the top, then the form — data, network
// (preset or layer list, with its shapes and parameter count), optimizer and run settings. The
// form is locked while a run is active; the controller is app/studio/training_controller.cpp.
#include <cmath>
#include <cstdio>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/studio/format.h"
#include "app/studio/panels/panels.h"  // before imgui_stdlib.h, which needs imgui.h
#include <imgui_internal.h>  // ButtonEx: the run's controls act on press
#include <imgui_stdlib.h>
#include "app/studio/steering.h"
#include "app/studio/training_controller.h"
#include "engine/core/error.h"
#include "engine/model/architecture.h"
#include "engine/model/model.h"

namespace nnfs::studio {

namespace {

const char* const kLayerTypes[] = {"dense",  "relu",      "leaky_relu", "sigmoid",   "tanh",     "softmax",   "linear",
                                   "dropout", "flatten", "conv2d",     "maxpool2d", "avgpool2d", "batchnorm"};
const char* const kOptimizers[] = {"sgd", "adagrad", "rmsprop", "adam", "adamw"};
const char* const kSchedules[] = {"constant", "cosine", "onecycle"};

// Pause, resume and stop act on the mouse press, a frame sooner than on the release.
bool button(AppState& s, const char* label, bool enabled, const char* key) {
  ImGui::BeginDisabled(!enabled);
  const bool pressed = ImGui::ButtonEx(label, ImVec2(0, 0), ImGuiButtonFlags_PressedOnClick);
  ImGui::EndDisabled();
  record_item_rect(s.rects.buttons, key);
  return pressed;
}

// The loaded data the form trains on, or null before it is loaded (then MNIST's shape is assumed).
const MnistData* form_data(const AppState& s) { return loaded_training_data(s).get(); }

void draw_controls(AppState& s) {
  TrainingTab& t = s.training.tab;
  const TrainingState state = s.training.trainer.state();
  const bool waiting = t.phase == TrainingPhase::WaitingForData;
  const bool active = is_active(state), busy = active || waiting;
  if (button(s, "Start new model", !busy, "Start")) request_start(s, false);
  ImGui::SameLine();
  if (button(s, "Continue training", !busy && s.doc.model != nullptr, "Continue")) request_start(s, true);
  ImGui::SameLine();
  if (button(s, "Pause", state == TrainingState::Running && !s.training.trainer.pause_requested(), "Pause"))
    pause_training(s);
  ImGui::SameLine();
  if (button(s, "Resume", state == TrainingState::Paused, "Resume")) resume_training(s);
  ImGui::SameLine();
  if (button(s, "Stop", busy, "Stop")) stop_training(s);

  const TrainingProgress& p = s.training.progress;
  if (waiting || t.loading.running()) {
    // Indeterminate: the bar sweeps while the data loads.
    const float sweep = static_cast<float>(std::fmod(glfwGetTime() * 0.8, 1.0));
    ImGui::ProgressBar(sweep, ImVec2(-1, 0), "loading the training data…");
  } else if (active || state != TrainingState::Idle) {
    char text[96];
    std::snprintf(text, sizeof text, "epoch %zu of %zu: batch %zu / %zu", p.epoch, p.last_epoch, p.step,
                  p.steps_per_epoch);
    ImGui::ProgressBar(static_cast<float>(p.epoch_fraction()), ImVec2(-1, 0), text);
    std::snprintf(text, sizeof text, "run %.0f%%   ETA %s   %.0f samples/s", 100.0 * p.run_fraction(),
                  format_duration(p.eta_seconds).c_str(), p.samples_per_second);
    ImGui::ProgressBar(static_cast<float>(p.run_fraction()), ImVec2(-1, 0), text);
    if (active) draw_steer_controls(s);
    ImGui::Text("%s", to_string(state));
    ImGui::SameLine();
    ImGui::TextDisabled("loss %.3g (epoch mean %.3g), %s elapsed", p.batch_loss, p.epoch_loss,
                        format_duration(p.elapsed_seconds).c_str());
    if (!p.message.empty() && !active) ImGui::TextWrapped("%s", p.message.c_str());
  } else {
    ImGui::TextDisabled("Choose data, a network and settings below, then Start.");
  }
}

void draw_data(AppState& s) {
  TrainingForm& f = s.training.tab.form;
  int choice = static_cast<int>(f.data);
  ImGui::RadioButton("MNIST", &choice, static_cast<int>(DataChoice::Mnist));
  ImGui::SameLine();
  ImGui::RadioButton("Fashion-MNIST", &choice, static_cast<int>(DataChoice::Fashion));
  ImGui::SameLine();
  ImGui::RadioButton("CSV file", &choice, static_cast<int>(DataChoice::Csv));
  record_item_rect(s.rects.buttons, "CSV file");
  f.data = static_cast<DataChoice>(choice);
  if (f.data == DataChoice::Csv) {
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 6.0f);
    ImGui::InputTextWithHint("##csv", "a labelled CSV file", &f.csv_path);
    ImGui::SameLine();
    const bool choose = ImGui::Button("Choose…");
    record_item_rect(s.rects.buttons, "Choose CSV");
    if (choose) {
      s.dialogs.purpose = FilePurpose::TrainingCsv;
      s.dialogs.file.open(FileDialog::Mode::Open, "Training data (CSV)", {{"CSV files (*.csv)", {".csv"}}, {"All files", {}}},
                          s.settings.last_dir, "");
    }
  }
  if (const MnistData* d = form_data(s))
    ImGui::TextDisabled("%zu training and %zu test samples, %zu classes", d->train.count, d->test.count,
                        d->train.class_names.size());
  else
    ImGui::TextDisabled("%s (loaded when training starts)", training_data_key(s).c_str());
}

void draw_layer_list(TrainingForm& f) {
  std::size_t remove = f.layers.size(), up = f.layers.size(), down = f.layers.size();
  for (std::size_t i = 0; i < f.layers.size(); ++i) {
    LayerRow& row = f.layers[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
    if (ImGui::BeginCombo("##type", row.type.c_str())) {
      for (const char* type : kLayerTypes)
        if (ImGui::Selectable(type, row.type == type)) row.type = type;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0f);
    ImGui::InputTextWithHint("##args", "options, e.g. 128", &row.args);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##up", ImGuiDir_Up)) up = i;
    ImGui::SameLine();
    if (ImGui::ArrowButton("##down", ImGuiDir_Down)) down = i;
    ImGui::SameLine();
    if (ImGui::SmallButton("remove")) remove = i;
    ImGui::PopID();
  }
  if (up < f.layers.size()) move_layer(f.layers, up, -1);
  if (down < f.layers.size()) move_layer(f.layers, down, +1);
  if (remove < f.layers.size()) f.layers.erase(f.layers.begin() + static_cast<std::ptrdiff_t>(remove));
  if (ImGui::Button("Add layer")) ImGui::OpenPopup("add_layer");
  if (ImGui::BeginPopup("add_layer")) {
    for (const char* type : kLayerTypes)
      if (ImGui::Selectable(type)) f.layers.push_back({type, std::string(type) == "dense" ? "64" : ""});
    ImGui::EndPopup();
  }
}

void draw_network(AppState& s) {
  TrainingTab& t = s.training.tab;
  TrainingForm& f = t.form;
  const MnistData* data = form_data(s);
  const std::size_t classes = data && !data->train.class_names.empty() ? data->train.class_names.size() : 10;
  const Shape shape = data ? data->train.sample_shape : Shape{28, 28};
  if (f.layers.empty() && f.use_preset) choose_preset(f, f.preset, classes);
  int mode = f.use_preset ? 0 : 1;
  ImGui::RadioButton("Preset", &mode, 0);
  ImGui::SameLine();
  ImGui::RadioButton("Layer list", &mode, 1);
  f.use_preset = mode == 0;
  if (f.use_preset) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0f);
    if (ImGui::BeginCombo("preset", f.preset.c_str())) {
      for (const std::string& name : preset_names())
        if (ImGui::Selectable(name.c_str(), name == f.preset)) choose_preset(f, name, classes);
      ImGui::EndCombo();
    }
  } else {
    draw_layer_list(f);
  }
  // Rebuilt only when the text, the sample shape or the classes change.
  const std::string key = architecture_text(f) + "/" + shape_to_string(shape) + "/" + std::to_string(classes);
  if (key != t.preview_key) {
    t.preview = preview_network(f, shape, classes);
    t.preview_key = key;
  }
  if (!t.preview.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, s.colors.error);
    ImGui::TextWrapped("%s", t.preview.error.c_str());
    ImGui::PopStyleColor();
    return;
  }
  if (ImGui::BeginTable("shapes", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
    for (const NetworkPreview::Row& row : t.preview.rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.layer.c_str());
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", row.output.c_str());
      ImGui::TableNextColumn();
      if (row.params > 0) ImGui::TextDisabled("%s", format_count(row.params).c_str());
    }
    ImGui::EndTable();
  }
  ImGui::Text("%s parameters", format_count(t.preview.params).c_str());
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

void input_float(const char* label, float& value, const char* format = "%g") {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
  ImGui::InputFloat(label, &value, 0.0f, 0.0f, format);
}

void draw_optimizer(TrainingForm& f) {
  OptimizerConfig& o = f.optimizer;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
  if (ImGui::BeginCombo("optimizer", to_string(o.type))) {
    for (const char* type : kOptimizers)
      if (ImGui::Selectable(type, std::string(to_string(o.type)) == type)) choose_optimizer(f, type);
    ImGui::EndCombo();
  }
  input_float("learning rate", o.lr);
  input_float("lr decay", o.lr_decay);
  if (o.type == OptimizerType::Sgd) {
    input_float("momentum", o.momentum);
    ImGui::Checkbox("Nesterov", &o.nesterov);
  } else {
    input_float("epsilon", o.epsilon);
  }
  if (o.type == OptimizerType::RmsProp) input_float("rho", o.rho);
  if (o.type == OptimizerType::Adam || o.type == OptimizerType::AdamW) {
    input_float("beta1", o.beta1);
    input_float("beta2", o.beta2);
  }
  if (o.type == OptimizerType::AdamW) input_float("weight decay", o.weight_decay);
}

void draw_run_settings(TrainingForm& f) {
  const float w = ImGui::GetFontSize() * 8.0f;
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("epochs", &f.epochs);
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("batch size", &f.batch);
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat("validation split", &f.validation_split, 0.0f, 0.5f, "%.2f");
  ImGui::Checkbox("augmentation (random shift, rotation, scale, shear)", &f.augment);
  int schedule = static_cast<int>(f.schedule);
  ImGui::SetNextItemWidth(w);
  ImGui::Combo("LR schedule", &schedule, kSchedules, IM_ARRAYSIZE(kSchedules));
  f.schedule = static_cast<LrSchedule::Kind>(schedule);
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("seed", &f.seed);
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("threads", &f.threads);
  ImGui::SameLine();
  ImGui::TextDisabled("(0: %d, a core stays with the UI)", default_training_threads());
}

}  // namespace

void draw_training_tab(AppState& s) {
  draw_controls(s);
  const bool locked = training_active(s) || s.training.tab.phase == TrainingPhase::WaitingForData;
  ImGui::BeginDisabled(locked);
  section("Data");
  draw_data(s);
  section("Network");
  draw_network(s);
  section("Optimizer");
  draw_optimizer(s.training.tab.form);
  section("Run");
  draw_run_settings(s.training.tab.form);
  ImGui::EndDisabled();
}

}  // namespace nnfs::studio
