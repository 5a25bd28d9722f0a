// The grid of My digits: one texture holds every thumbnail (my_digits_grid.h), and only the rows
// in view are drawn, so the tab stays fast with thousands of samples.
#include "app/studio/panels/panel_my_digits_grid.h"

#include <cmath>
#include <cstdio>
#include <string>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/studio/my_digits_actions.h"
#include "app/studio/my_digits_store.h"
#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"

namespace nnfs::studio {

namespace {

constexpr const char* kMenu = "##my_digit_menu";

void update_atlas(MyDigitsTab& t, const DigitStore& store) {
  if (t.atlas_version == t.store->version() && t.atlas.valid()) return;
  t.atlas_version = t.store->version();
  t.atlas_layout = atlas_layout(store.samples().size());
  const std::vector<std::uint32_t> pixels = atlas_pixels(store.samples(), t.atlas_layout);
  t.atlas.allocate(t.atlas_layout.width(), t.atlas_layout.height(), pixels.data(), false);
}

// One thumbnail; true when it was clicked.
bool draw_thumb(AppState& s, const StoredDigit& d, const GridCell& cell, float side) {
  const MyDigitsTab& t = s.my_digits_tab;
  const ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
  ImGui::PushID(static_cast<int>(d.id));
  const bool clicked = ImGui::InvisibleButton("##thumb", ImVec2(side, side));
  ImGui::PopID();
  if (s.events.enabled()) record_item_rect(s.rects.buttons, ("digit " + std::to_string(d.id)).c_str());
  const auto uv = atlas_uv(t.atlas_layout, cell.sample);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddImage(t.atlas.imgui_id(), p, q, ImVec2(uv[0], uv[1]), ImVec2(uv[2], uv[3]));
  const bool hovered = ImGui::IsItemHovered();
  if (cell.wrong) {
    dl->AddRect(p, q, s.colors.error, 0.0f, 0, 2.0f);
    char said[16];
    std::snprintf(said, sizeof said, "%d", cell.said);
    const ImVec2 size = ImGui::CalcTextSize(said);
    dl->AddRectFilled(ImVec2(q.x - size.x - 4, p.y), ImVec2(q.x, p.y + size.y + 2), s.colors.error);
    dl->AddText(ImVec2(q.x - size.x - 2, p.y + 1), IM_COL32_WHITE, said);
  }
  if (hovered) {
    dl->AddRect(p, q, s.colors.accent, 0.0f, 0, 2.0f);
    if (cell.said < 0) ImGui::SetTooltip("Drawing %llu, labelled %d. Click to relabel or delete.", static_cast<unsigned long long>(d.id), d.label);
    else ImGui::SetTooltip("Drawing %llu, labelled %d: the model says %d (%.0f%%). Click to relabel or delete.",
                           static_cast<unsigned long long>(d.id), d.label, cell.said, 100.0 * cell.confidence);
  }
  return clicked;
}

void draw_class_heading(const MyDigitsTab& t, std::size_t k, std::size_t count) {
  ImGui::Text("%zu", k);
  ImGui::SameLine();
  const double acc = t.scores ? t.scores->class_accuracy(k) : -1.0;
  if (acc < 0.0) ImGui::TextDisabled("%zu drawing%s", count, count == 1 ? "" : "s");
  else ImGui::TextDisabled("%zu drawing%s · %zu of %zu read right (%.0f%%)", count, count == 1 ? "" : "s",
                           t.scores->right[k], t.scores->total[k], 100.0 * acc);
}

// The thumbnails of one class, `cols` to a row; rows out of view are only spaced.
bool draw_class_rows(AppState& s, const std::vector<StoredDigit>& samples, const std::vector<GridCell>& cells,
                     int cols, float side) {
  bool clicked = false;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const auto per_row = static_cast<std::size_t>(cols);
  for (std::size_t r = 0; r * per_row < cells.size(); ++r) {
    const ImVec2 row(static_cast<float>(cols) * (side + gap), side);
    if (!ImGui::IsRectVisible(row)) {
      ImGui::Dummy(row);
      continue;
    }
    for (std::size_t i = r * per_row; i < std::min(cells.size(), (r + 1) * per_row); ++i) {
      if (i > r * per_row) ImGui::SameLine();
      if (draw_thumb(s, samples[cells[i].sample], cells[i], side)) {
        s.my_digits_tab.selected = samples[cells[i].sample].id;
        clicked = true;
      }
    }
  }
  return clicked;
}

const StoredDigit* find_sample(const DigitStore& store, std::uint64_t id) {
  for (const StoredDigit& d : store.samples())
    if (d.id == id) return &d;
  return nullptr;
}

// What a key does in the menu: 0-9 relabel, Delete/Backspace delete.
void menu_keys(AppState& s, const StoredDigit& d, bool& done) {
  for (const KeyPress& press : s.key_presses) {
    if (const int label = label_for_key(press.key, -1, 10); label >= 0 && label != d.label) {
      relabel_my_digit(s, d.id, label);
      done = true;
    } else if (press.key == GLFW_KEY_DELETE || press.key == GLFW_KEY_BACKSPACE) {
      delete_my_digit(s, d.id);
      done = true;
    }
    if (done) return;
  }
}

void draw_menu(AppState& s, const DigitStore& store) {
  if (!ImGui::BeginPopup(kMenu)) return;
  const StoredDigit* d = find_sample(store, s.my_digits_tab.selected);
  bool done = d == nullptr || escape_pressed(s);
  if (d) {
    ImGui::Text("Drawing %llu, labelled %d", static_cast<unsigned long long>(d->id), d->label);
    if (d->predicted >= 0) ImGui::TextDisabled("When it was saved the model said %d (%.0f%%)", d->predicted, 100.0 * d->confidence);
    ImGui::TextDisabled("Relabel as (or press 0-9):");
    const std::uint64_t id = d->id;
    const int label = d->label;
    for (int k = 0; k < 10 && !done; ++k) {
      if (k > 0) ImGui::SameLine();
      ImGui::BeginDisabled(k == label);
      const std::string text = std::to_string(k);
      if (ImGui::Button(text.c_str(), ImVec2(ImGui::GetFrameHeight(), 0))) {
        relabel_my_digit(s, id, k);
        done = true;
      }
      ImGui::EndDisabled();
      record_item_rect(s.rects.buttons, ("Relabel as " + text).c_str());
    }
    if (!done && ImGui::Button("Delete (Del)")) {
      delete_my_digit(s, id);
      done = true;
    }
    record_item_rect(s.rects.buttons, "Delete digit");
    if (!done) menu_keys(s, *d, done);
  }
  if (done) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void forget_thumb_rects(AppState& s) {
  auto& rects = s.rects.buttons;
  for (auto it = rects.lower_bound("digit "); it != rects.end() && it->first.rfind("digit ", 0) == 0;) it = rects.erase(it);
}

}  // namespace

void draw_my_digits_grid(AppState& s) {
  MyDigitsTab& t = s.my_digits_tab;
  const DigitStore* store = t.store ? t.store->store() : nullptr;
  if (!store || store->samples().empty()) return;
  update_atlas(t, *store);
  forget_thumb_rects(s);
  const auto cells = grid_cells(store->samples(), t.scores ? &*t.scores : nullptr);
  const float side = std::round(ImGui::GetFontSize() * 3.0f);
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  ImGui::BeginChild("##my_digits_grid", ImVec2(0, 0), false);
  const int cols = std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + gap) / (side + gap)));
  bool clicked = false;
  for (std::size_t k = 0; k < 10; ++k) {
    draw_class_heading(t, k, cells[k].size());
    clicked |= draw_class_rows(s, store->samples(), cells[k], cols, side);
    ImGui::Spacing();
  }
  if (clicked) ImGui::OpenPopup(kMenu);
  draw_menu(s, *store);
  ImGui::EndChild();
}

}  // namespace nnfs::studio
