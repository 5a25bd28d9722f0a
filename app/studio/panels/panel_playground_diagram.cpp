// Every neuron's view (issue 18, item 4): the network as columns of small maps — the inputs, each
// Dense's neurons after their activation, the outputs — each map the neuron's output over the
// plane, blue negative, red positive, scaled per neuron. Lines join the neurons of consecutive
// columns: orange for a positive weight, blue for a negative one, thicker for a larger |weight|.
// Wide layers show their first `max_neurons` maps and "+k more". The numbers are
// compute_neuron_maps' (the engine's forward pass); this file only draws them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/studio/panels/panels.h"
#include "app/studio/panels/playground_views.h"
#include "app/studio/widgets/colormap.h"

namespace nnfs::studio {

namespace {

constexpr float kGap = 4.0f;          // between tiles of one column
constexpr std::size_t kMaxRows = 8;   // a wider layer wraps into side-by-side sub-columns

struct DiagramLayout {
  ImVec2 origin;
  float column_width = 0.0f;
  float tile = 0.0f;
  float label_height = 0.0f;
};

std::size_t shown(const NeuronColumn& col, std::size_t max_neurons) { return std::min(col.neurons, max_neurons); }

std::size_t sub_columns(std::size_t tiles) { return std::max<std::size_t>((tiles + kMaxRows - 1) / kMaxRows, 1); }

// The top-left corner of neuron j's tile in column c, which holds `tiles` tiles in a grid of
// kMaxRows rows (filled top to bottom, then the next sub-column), centred in the column.
ImVec2 tile_pos(const DiagramLayout& l, std::size_t c, std::size_t tiles, std::size_t j) {
  const float step = l.tile + kGap;
  const float width = static_cast<float>(sub_columns(tiles)) * step - kGap;
  return {l.origin.x + (static_cast<float>(c) + 0.5f) * l.column_width - 0.5f * width + static_cast<float>(j / kMaxRows) * step,
          l.origin.y + l.label_height + static_cast<float>(j % kMaxRows) * step};
}

std::uint8_t middle_grey() {
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  return (bg.x + bg.y + bg.z) / 3.0f > 0.5f ? 242 : 38;
}

// Lines between the shown neurons of column c and c + 1, from the weights of the Dense feeding c + 1.
void draw_connections(ImDrawList* dl, const Sequential& net, const NeuronMaps& maps, const DiagramLayout& l,
                      std::size_t c, std::size_t max_neurons) {
  const NeuronColumn& from = maps.columns[c];
  const NeuronColumn& to = maps.columns[c + 1];
  const std::size_t nf = shown(from, max_neurons), nt = shown(to, max_neurons);
  float max_abs = 0.0f;
  for (std::size_t a = 0; a < nf; ++a)
    for (std::size_t b = 0; b < nt; ++b) max_abs = std::max(max_abs, std::fabs(dense_weight(net, to.dense_layer, a, b)));
  if (max_abs <= 0.0f) return;
  for (std::size_t a = 0; a < nf; ++a)
    for (std::size_t b = 0; b < nt; ++b) {
      const float w = dense_weight(net, to.dense_layer, a, b);
      const float strength = std::fabs(w) / max_abs;
      const ImU32 color = w >= 0.0f ? IM_COL32(240, 140, 40, 60 + static_cast<int>(170 * strength))
                                    : IM_COL32(60, 120, 230, 60 + static_cast<int>(170 * strength));
      const ImVec2 p = tile_pos(l, c, nf, a), q = tile_pos(l, c + 1, nt, b);
      dl->AddLine({p.x + l.tile, p.y + 0.5f * l.tile}, {q.x, q.y + 0.5f * l.tile}, color, 0.5f + 3.0f * strength);
    }
}

// Neuron j's map as cells × cells rectangles, symmetric colour scale around 0.
void draw_tile(ImDrawList* dl, const NeuronMaps& maps, const NeuronColumn& col, std::size_t j, ImVec2 p, float tile,
               std::uint8_t middle) {
  const std::size_t n = maps.cells;
  const float cell = tile / static_cast<float>(n);
  const float max_abs = std::max(std::fabs(col.lo[j]), std::fabs(col.hi[j]));
  const float* map = col.values.data() + j * n * n;
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t c = 0; c < n; ++c) {
      const ImVec2 a{p.x + static_cast<float>(c) * cell, p.y + static_cast<float>(r) * cell};
      dl->AddRectFilled(a, {a.x + cell + 0.5f, a.y + cell + 0.5f}, diverging_color(map[r * n + c], max_abs, middle));
    }
  dl->AddRect(p, {p.x + tile, p.y + tile}, ImGui::GetColorU32(ImGuiCol_Border));
}

// A column's heading, its tiles (with a tooltip on hover) and "+k more" below a wide layer.
void draw_column(ImDrawList* dl, const NeuronMaps& maps, const DiagramLayout& l, std::size_t c, std::size_t max_neurons) {
  const NeuronColumn& col = maps.columns[c];
  const float label_w = ImGui::CalcTextSize(col.label.c_str()).x;
  const float cx = l.origin.x + (static_cast<float>(c) + 0.5f) * l.column_width;
  dl->AddText({cx - 0.5f * label_w, l.origin.y}, ImGui::GetColorU32(ImGuiCol_Text), col.label.c_str());
  const std::uint8_t middle = middle_grey();
  const std::size_t n = shown(col, max_neurons);
  for (std::size_t j = 0; j < n; ++j) {
    const ImVec2 p = tile_pos(l, c, n, j);
    draw_tile(dl, maps, col, j, p, l.tile, middle);
    if (ImGui::IsMouseHoveringRect(p, {p.x + l.tile, p.y + l.tile}))
      ImGui::SetTooltip("%s, neuron %zu\noutput over the plane: %.3g … %.3g", col.label.c_str(), j + 1,
                        static_cast<double>(col.lo[j]), static_cast<double>(col.hi[j]));
  }
  if (col.neurons > n) {
    char more[32];
    std::snprintf(more, sizeof more, "+%zu more", col.neurons - n);
    const float y = l.origin.y + l.label_height + static_cast<float>(std::min(n, kMaxRows)) * (l.tile + kGap);
    dl->AddText({cx - 0.5f * ImGui::CalcTextSize(more).x, y}, ImGui::GetColorU32(ImGuiCol_TextDisabled), more);
  }
}

}  // namespace

void draw_playground_diagram(const Sequential& net, const PlaneBounds& bounds, PlaygroundDiagramState& state) {
  try {
    state.maps = compute_neuron_maps(net, bounds, std::max<std::size_t>(state.cells, 1), state.ws);
  } catch (const std::exception& e) {
    draw_empty_state("No diagram for this network", e.what());
    return;
  }
  const NeuronMaps& maps = state.maps;
  const std::size_t max_neurons = std::max<std::size_t>(state.max_neurons, 1);
  std::size_t rows = 1, widest = 1;  // tile rows (and a "+k more" line), sub-columns of the widest column
  for (const NeuronColumn& col : maps.columns) {
    rows = std::max(rows, std::min(shown(col, max_neurons), kMaxRows) + (col.neurons > max_neurons));
    widest = std::max(widest, sub_columns(shown(col, max_neurons)));
  }
  DiagramLayout l;
  l.origin = ImGui::GetCursorScreenPos();
  l.column_width = std::max(ImGui::GetContentRegionAvail().x, 120.0f) / static_cast<float>(maps.columns.size());
  // Tiles fill at most 60% of a column (the rest is room for the connections).
  l.tile = std::clamp(0.6f * l.column_width / static_cast<float>(widest) - kGap, 16.0f, 72.0f);
  l.label_height = ImGui::GetTextLineHeightWithSpacing();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t c = 0; c + 1 < maps.columns.size(); ++c) draw_connections(dl, net, maps, l, c, max_neurons);
  for (std::size_t c = 0; c < maps.columns.size(); ++c) draw_column(dl, maps, l, c, max_neurons);
  ImGui::Dummy({l.column_width * static_cast<float>(maps.columns.size()),
                l.label_height + static_cast<float>(rows) * (l.tile + kGap)});
}

}  // namespace nnfs::studio
