// The Playground's plane: the decision boundary (one texture, uploaded when a new picture arrives
// from the background job) under the training points coloured by class, or for sine the samples
// and the network's fitted curve.
#include <algorithm>

#include "app/studio/panels/panel_playground.h"
#include "app/studio/playground_controller.h"

namespace nnfs::studio {

namespace {

struct PlaneMap {
  ImVec2 origin;
  float side;
  PlaneBounds b;
  ImVec2 operator()(float x, float y) const {
    return ImVec2(origin.x + (x - b.x0) / (b.x1 - b.x0) * side, origin.y + (b.y1 - y) / (b.y1 - b.y0) * side);
  }
};

ImU32 opaque(std::uint32_t rgba) { return rgba | 0xff000000u; }

void draw_points(ImDrawList* dl, const PlaneMap& map, const Dataset& data, float radius) {
  const ImU32 outline = IM_COL32(20, 20, 20, 230);
  for (std::size_t n = 0; n < data.count; ++n) {
    const ImVec2 p = map(data.features[2 * n], data.features[2 * n + 1]);
    dl->AddCircleFilled(p, radius + 1.0f, outline, 10);
    dl->AddCircleFilled(p, radius, opaque(playground_class_rgba(data.labels[n])), 10);
  }
}

void draw_sine(ImDrawList* dl, const PlaneMap& map, const Dataset& data, const std::vector<float>& curve) {
  for (std::size_t n = 0; n < data.count; ++n)
    dl->AddCircleFilled(map(data.features[n], data.targets[n]), 2.0f, IM_COL32(80, 160, 255, 200), 6);
  if (curve.size() < 2) return;
  std::vector<ImVec2> line(curve.size());
  const float dx = (map.b.x1 - map.b.x0) / static_cast<float>(curve.size() - 1);
  for (std::size_t i = 0; i < curve.size(); ++i) {
    const float y = std::clamp(curve[i], map.b.y0, map.b.y1);
    line[i] = map(map.b.x0 + dx * static_cast<float>(i), y);
  }
  dl->AddPolyline(line.data(), static_cast<int>(line.size()), IM_COL32(250, 150, 60, 255), 0, 2.5f);
}

// A click on the plane picks the training point nearest to it for "One step in numbers"; the
// picked point is ringed.
void pick_sample(PlaygroundDoc& pg, const PlaneMap& map) {
  if (ImGui::IsItemClicked()) {
    const ImVec2 m = ImGui::GetMousePos();
    const float x = pg.bounds.x0 + (m.x - map.origin.x) / map.side * (pg.bounds.x1 - pg.bounds.x0);
    const float y = pg.bounds.y1 - (m.y - map.origin.y) / map.side * (pg.bounds.y1 - pg.bounds.y0);
    pg.step.sample = nearest_sample(*pg.train, x, y);
  }
  if (pg.step.sample >= pg.train->count) return;
  const std::size_t n = pg.step.sample;
  const ImVec2 p = map(pg.train->features[2 * n], pg.train->features[2 * n + 1]);
  ImGui::GetWindowDrawList()->AddCircle(p, 8.0f, IM_COL32(255, 255, 255, 230), 16, 2.0f);
}

}  // namespace

void draw_playground_plane(AppState& s, float side) {
  PlaygroundDoc& pg = s.playground;
  if (!pg.ready || !pg.train) {
    draw_empty_state("No data", pg.error.empty() ? "Pick a data set on the left" : pg.error.c_str());
    return;
  }
  const PlaygroundPicture& pic = pg.picture;
  if (pg.upload) {
    pg.upload = false;
    const int cells = static_cast<int>(pic.grid.cells);
    if (cells > 0) pg.texture.allocate(cells, cells, pic.pixels.data(), true);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const PlaneMap map{ImGui::GetCursorScreenPos(), side, pg.bounds};
  const ImVec2 end(map.origin.x + side, map.origin.y + side);
  dl->AddRectFilled(map.origin, end, opaque(pg.background));
  if (is_regression(pg.built)) {
    draw_sine(dl, map, *pg.train, pic.curve);
  } else {
    if (pg.texture.valid() && !pic.pixels.empty()) dl->AddImage(pg.texture.imgui_id(), map.origin, end);
    draw_points(dl, map, *pg.train, std::clamp(side / 180.0f, 2.0f, 4.5f));
  }
  dl->AddRect(map.origin, end, IM_COL32(128, 128, 128, 160));
  ImGui::InvisibleButton("##plane", ImVec2(side, side));
  if (!is_regression(pg.built)) pick_sample(pg, map);
}

}  // namespace nnfs::studio
