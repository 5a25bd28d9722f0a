// Runs tab: the run library as a sortable table — tick runs to compare them in the Plots tab,
// right-click a run to rename, delete, open its model or resume it — and, with two or more
// ticked, the settings that differ between them. The data comes from the watcher's snapshot
// (runs_controller.h); nothing here touches a file.
#include <algorithm>
#include <cstdio>
#include <utility>

#include "app/studio/format.h"
#include "app/studio/panels/panels.h"  // before imgui_stdlib.h, which needs imgui.h
#include <imgui_stdlib.h>
#include "app/studio/runs_controller.h"

namespace nnfs::studio {

namespace {

// Columns after the tick box, in table order (the sort specs' column index - 1).
const RunColumn kColumns[] = {RunColumn::Name,   RunColumn::Started,      RunColumn::Data,
                              RunColumn::Network, RunColumn::Optimizer,   RunColumn::Epochs,
                              RunColumn::BestAccuracy, RunColumn::Duration, RunColumn::State};
const char* const kHeaders[] = {"Name", "Started", "Data", "Network", "Optimizer", "Epochs", "Best acc.", "Duration", "State"};

const RunSummary* summary_of(const RunsDoc& r, const std::string& id) {
  for (const RunSummary& run : r.snapshot->runs)
    if (run.id == id) return &run;
  return nullptr;
}

void apply_sort(RunsDoc& r) {
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (!specs || !specs->SpecsDirty) return;
  if (specs->SpecsCount > 0 && specs->Specs[0].ColumnIndex >= 1) {
    r.sort_column = kColumns[specs->Specs[0].ColumnIndex - 1];
    r.ascending = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
    sort_runs(r.rows, r.sort_column, r.ascending);
  }
  specs->SpecsDirty = false;
}

// "2026-12-05T01:12:09Z" → "2026-12-05 01:12".
std::string short_time(const std::string& iso) {
  return iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) : iso;
}

void run_menu(AppState& s, const RunSummary& row) {
  if (!ImGui::BeginPopupContextItem("run_menu")) return;
  RunsDoc& r = s.runs;
  const RunSummary* run = summary_of(r, row.id);
  const bool damaged = row.state == RunState::Damaged;
  if (ImGui::MenuItem("Rename…", nullptr, false, !damaged)) {
    r.renaming = row.id;
    r.rename_text = row.name;
    r.rename_focus = true;
  }
  if (ImGui::MenuItem("Open its model", nullptr, false, run && !damaged)) open_run_model(s, *run);
  const bool resumable = run && (run->state == RunState::Interrupted || run->state == RunState::Stopped);
  if (ImGui::MenuItem("Resume training", nullptr, false, resumable)) resume_run(s, *run);
  record_item_rect(s.rects.buttons, "menu Resume training");
  ImGui::Separator();
  if (ImGui::MenuItem("Delete…", nullptr, false, run && !is_live(run->state))) r.deleting = row.id;
  ImGui::EndPopup();
}

void draw_name(AppState& s, const RunSummary& row) {
  RunsDoc& r = s.runs;
  if (r.renaming == row.id) {
    ImGui::SetNextItemWidth(-1);
    if (std::exchange(r.rename_focus, false)) ImGui::SetKeyboardFocusHere();
    if (ImGui::InputText("##rename", &r.rename_text, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll)) {
      rename_run(s, row.id, r.rename_text);
      r.renaming.clear();
    } else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      r.renaming.clear();
    }
    return;
  }
  ImGui::Selectable(row.name.empty() ? row.id.c_str() : row.name.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick);
  record_item_rect(s.rects.buttons, ("run " + (row.name.empty() ? row.id : row.name)).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nRight-click: rename, open its model, resume, delete", row.id.c_str());
  run_menu(s, row);
}

void draw_row(AppState& s, const RunSummary& row) {
  RunsDoc& r = s.runs;
  ImGui::TableNextRow();
  ImGui::PushID(row.id.c_str());
  ImGui::TableNextColumn();
  bool ticked = std::find(r.ticked.begin(), r.ticked.end(), row.id) != r.ticked.end();
  ImGui::BeginDisabled(row.state == RunState::Damaged);
  if (ImGui::Checkbox("##tick", &ticked)) tick_run(s, row.id, ticked);
  ImGui::EndDisabled();
  record_item_rect(s.rects.buttons, ("tick " + (row.name.empty() ? row.id : row.name)).c_str());
  ImGui::TableNextColumn();
  draw_name(s, row);
  ImGui::TableNextColumn();
  if (row.state == RunState::Damaged) {
    // A damaged run (it has no start time): "damaged" where the time would be, the reason on
    // hover and in the last column, which may be as wide as it needs.
    ImGui::PushStyleColor(ImGuiCol_Text, s.colors.error);
    ImGui::TextUnformatted("damaged");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.message.c_str());
    ImGui::TableSetColumnIndex(9);
    ImGui::Text("damaged: %s", row.message.c_str());
    ImGui::PopStyleColor();
    ImGui::PopID();
    return;
  }
  ImGui::TextUnformatted(short_time(row.started).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(file_name_of(row.data).c_str());  // the folder or file; the whole path on hover
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.data.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(row.network.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(row.optimizer.c_str());
  ImGui::TableNextColumn();
  ImGui::Text("%zu", row.epochs_done);
  ImGui::TableNextColumn();
  if (row.best_test_acc) ImGui::Text("%.2f%%", 100.0 * *row.best_test_acc);
  else ImGui::TextDisabled("—");
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(format_duration(row.duration).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(to_string(row.state));
  ImGui::PopID();
}

void draw_table(AppState& s, float height) {
  RunsDoc& r = s.runs;
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("runs", 10, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(2, 1);
  ImGui::TableSetupColumn("##tick", ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_NoResize);
  for (int i = 0; i < 9; ++i) {
    ImGuiTableColumnFlags f = 0;
    if (kColumns[i] == RunColumn::Started) f |= ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending;
    if (kColumns[i] == RunColumn::Name) f |= ImGuiTableColumnFlags_WidthFixed;
    ImGui::TableSetupColumn(kHeaders[i], f, kColumns[i] == RunColumn::Name ? ImGui::GetFontSize() * 9.0f : 0.0f);
  }
  ImGui::TableHeadersRow();
  apply_sort(r);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(r.rows.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) draw_row(s, r.rows[static_cast<std::size_t>(i)]);
  ImGui::EndTable();
}

void draw_diffs(AppState& s) {
  RunsDoc& r = s.runs;
  if (r.diffs_version != r.snapshot->version) {
    r.diffs_version = r.snapshot->version;
    std::vector<nlohmann::json> settings;
    for (const std::string& id : r.ticked)
      if (const auto it = r.snapshot->followed.find(id); it != r.snapshot->followed.end()) {
        settings.push_back(it->second->settings);
        if (settings.back().is_object()) settings.back().erase("id"), settings.back().erase("format");  // not settings
      }
    r.diffs = settings.size() == r.ticked.size() ? differing_settings(settings) : std::vector<SettingDiff>{};
  }
  ImGui::TextDisabled("Settings that differ between the %zu ticked runs", r.ticked.size());
  if (r.diffs.empty()) {
    ImGui::TextDisabled("none (or still reading them)");
    return;
  }
  // Each column as wide as its values, scrolling sideways when the runs do not fit.
  const int columns = static_cast<int>(r.ticked.size()) + 1;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;
  const float height = std::max(ImGui::GetContentRegionAvail().y, ImGui::GetFontSize() * 5.0f);
  if (!ImGui::BeginTable("diffs", columns, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("setting");
  for (const std::string& id : r.ticked) {
    const RunSummary* run = summary_of(r, id);
    ImGui::TableSetupColumn(run && !run->name.empty() ? run->name.c_str() : id.c_str());
  }
  ImGui::TableHeadersRow();
  for (const SettingDiff& d : r.diffs) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(d.key.c_str());
    for (const std::string& v : d.values) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.c_str());
    }
  }
  ImGui::EndTable();
}

void draw_delete_question(AppState& s) {
  RunsDoc& r = s.runs;
  if (!r.deleting.empty() && !ImGui::IsPopupOpen("Delete run?")) ImGui::OpenPopup("Delete run?");
  if (!ImGui::BeginPopupModal("Delete run?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const RunSummary* run = summary_of(r, r.deleting);
  ImGui::Text("Delete the run \"%s\" and all its files (history, checkpoint, model)?",
              run ? run->name.c_str() : r.deleting.c_str());
  if (ImGui::Button("Delete")) {
    delete_run(s, r.deleting);
    r.deleting.clear();
    ImGui::CloseCurrentPopup();
  }
  record_item_rect(s.rects.buttons, "Delete run");
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    r.deleting.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

void draw_runs_tab(AppState& s) {
  RunsDoc& r = s.runs;
  if (!r.snapshot) {
    draw_empty_state("Reading the run library…", r.watcher ? r.watcher->dir().c_str() : "");
    return;
  }
  ImGui::TextDisabled("%zu runs in %s", r.rows.size(), r.snapshot->dir.c_str());
  if (r.rows.empty()) {
    draw_empty_state("No runs yet",
                     "Every training run — Start in the Training tab, or `nnfs train` in a terminal — is recorded "
                     "in the run library and listed here as it trains.");
    return;
  }
  ImGui::SameLine();
  ImGui::TextDisabled("· tick runs to compare their curves in Plots");
  const bool diffs = r.ticked.size() >= 2;
  const float avail = ImGui::GetContentRegionAvail().y;
  const float table_h = diffs ? std::max(avail * 0.55f, ImGui::GetFontSize() * 8.0f) : avail;
  draw_table(s, table_h);
  if (diffs) draw_diffs(s);
  draw_delete_question(s);
}

}  // namespace nnfs::studio
