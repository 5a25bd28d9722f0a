// The main menu: File, Edit, View, Help. Menu items run the same commands as the shortcuts.
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/studio/actions.h"
#include "app/studio/format.h"
#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"

namespace nnfs::studio {

namespace {
bool item(const char* label, Command c, bool enabled = true) {
  return ImGui::MenuItem(label, shortcut_keys(c), false, enabled);
}

void draw_recent(AppState& s) {
  if (!ImGui::BeginMenu("Recent Files", !s.settings.recent.empty())) return;
  const std::vector<RecentFile> recent = s.settings.recent;  // actions below may reorder it
  for (std::size_t i = 0; i < recent.size(); ++i) {
    const RecentFile& r = recent[i];
    const char* kind = r.kind == RecentKind::Model ? "model" : r.kind == RecentKind::Dataset ? "dataset" : "image";
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::MenuItem(file_name_of(r.path).c_str(), kind)) {
      switch (r.kind) {
        case RecentKind::Model: request(s, {PendingAction::Kind::OpenModel, r.path}); break;
        case RecentKind::Dataset: open_dataset_dir(s, r.path); break;
        case RecentKind::Image: import_image_file(s, r.path); break;
      }
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.path.c_str());
    ImGui::PopID();
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Clear Recent Files")) {
    s.settings.recent.clear();
    s.settings_changed = true;
  }
  ImGui::EndMenu();
}

void draw_file_menu(AppState& s) {
  if (!ImGui::BeginMenu("File")) return;
  const bool model = s.doc.model != nullptr;
  if (item("New Model…", Command::NewModel)) run_command(s, Command::NewModel);
  if (item("Open Model…", Command::OpenModel)) run_command(s, Command::OpenModel);
  if (item("Save Model", Command::SaveModel, model)) run_command(s, Command::SaveModel);
  if (item("Save Model As…", Command::SaveModelAs, model)) run_command(s, Command::SaveModelAs);
  if (item("Export as ONNX…", Command::ExportOnnx, model)) run_command(s, Command::ExportOnnx);
  ImGui::Separator();
  if (item("Open Dataset…", Command::OpenDataset)) run_command(s, Command::OpenDataset);
  if (item("Import Image…", Command::ImportImage)) run_command(s, Command::ImportImage);
  if (item("Export Canvas as PNG…", Command::ExportCanvas)) run_command(s, Command::ExportCanvas);
  ImGui::Separator();
  draw_recent(s);
  ImGui::Separator();
  if (item("Quit", Command::Quit)) run_command(s, Command::Quit);
  ImGui::EndMenu();
}

void draw_edit_menu(AppState& s) {
  if (!ImGui::BeginMenu("Edit")) return;
  if (item("Undo Stroke", Command::Undo, s.canvas.can_undo())) run_command(s, Command::Undo);
  if (item("Redo Stroke", Command::Redo, s.canvas.can_redo())) run_command(s, Command::Redo);
  if (item("Clear Canvas", Command::Clear, s.canvas.has_ink())) run_command(s, Command::Clear);
  ImGui::Separator();
  if (ImGui::MenuItem("Eraser", shortcut_keys(Command::ToggleEraser), s.canvas.erase_mode))
    run_command(s, Command::ToggleEraser);
  ImGui::EndMenu();
}

void draw_view_menu(AppState& s) {
  if (!ImGui::BeginMenu("View")) return;
  PanelVisibility& show = s.settings.show;
  const PanelVisibility before = show;
  ImGui::MenuItem("Canvas", nullptr, &show.canvas);
  ImGui::MenuItem("Model and Training", nullptr, &show.model);
  ImGui::MenuItem("Plots, Mistakes and Dataset", nullptr, &show.dataset);
  ImGui::MenuItem("Status Bar", nullptr, &show.status_bar);
  ImGui::Separator();
  // Straight to a tab (showing its group if it was hidden).
  ImGui::TextDisabled("Go to");
  const auto go_to = [&](const char* label, bool& group, int& request, int tab) {
    if (ImGui::MenuItem(label)) group = true, request = tab;
  };
  go_to("Model", show.model, s.tabs.top, static_cast<int>(TopTab::Model));
  go_to("Training", show.model, s.tabs.top, static_cast<int>(TopTab::Training));
  go_to("Plots", show.dataset, s.tabs.bottom, static_cast<int>(BottomTab::Plots));
  go_to("Mistakes", show.dataset, s.tabs.bottom, static_cast<int>(BottomTab::Mistakes));
  go_to("Confusion Matrix", show.dataset, s.tabs.bottom, static_cast<int>(BottomTab::Confusion));
  go_to("What the Network Learned", show.dataset, s.tabs.bottom, static_cast<int>(BottomTab::Learned));
  go_to("Dataset", show.dataset, s.tabs.bottom, static_cast<int>(BottomTab::Dataset));
  if (!(show == before)) s.settings_changed = true;
  ImGui::Separator();
  if (ImGui::BeginMenu("Theme")) {
    for (const char* theme : {"dark", "light"})
      if (ImGui::MenuItem(theme[0] == 'd' ? "Dark" : "Light", nullptr, s.settings.theme == theme)) {
        s.settings.theme = theme;
        s.settings_changed = s.restyle = true;
      }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("UI Scale")) {
    for (const float scale : {0.75f, 1.0f, 1.25f, 1.5f, 1.75f, 2.0f}) {
      char label[16];
      std::snprintf(label, sizeof label, "%.0f%%", scale * 100.0f);
      if (ImGui::MenuItem(label, nullptr, std::abs(s.settings.ui_scale - scale) < 0.01f)) {
        s.settings.ui_scale = scale;
        s.settings_changed = s.restyle = true;
      }
    }
    ImGui::Separator();
    ImGui::TextDisabled("Monitor scale: %.0f%%", s.content_scale * 100.0f);
    ImGui::EndMenu();
  }
  ImGui::EndMenu();
}

void draw_help_menu(AppState& s) {
  if (!ImGui::BeginMenu("Help")) return;
  if (item("Keyboard Shortcuts", Command::ShowShortcuts)) run_command(s, Command::ShowShortcuts);
  if (ImGui::MenuItem("About nnfs-studio")) run_command(s, Command::ShowAbout);
  ImGui::EndMenu();
}
}  // namespace

void draw_main_menu(AppState& s) {
  if (!ImGui::BeginMainMenuBar()) return;
  draw_file_menu(s);
  draw_edit_menu(s);
  draw_view_menu(s);
  draw_help_menu(s);
  ImGui::EndMainMenuBar();
}

}  // namespace nnfs::studio
