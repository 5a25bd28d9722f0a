// Learned tab: what the network learned — the first layer's weights as pictures (one 28x28 tile
// per unit of a first Dense layer on 784 inputs, or each output channel's kxk filter of a first
// Conv2D), blue negative, red positive, grey 0; and every layer's output for the image on the
// canvas (feature maps as tiles, vectors as rows of cells). It shows the model the canvas
// predicts with (ModelDoc::shown(): during training the latest weights), rebuilt when its version,
// the canvas image or the theme changes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "app/studio/panels/panels.h"
#include "app/studio/widgets/colormap.h"
#include "engine/core/parallel.h"
#include "engine/train/classify_digit.h"

namespace nnfs::studio {

namespace {
constexpr int kWeightColumns = 16;  // tiles per row in the weights texture

std::uint8_t middle_grey(const AppState& s) { return s.settings.theme == "light" ? 242 : 38; }

const ParamArena::Entry* weight_of(const Sequential& net, std::size_t layer, std::size_t& index) {
  const std::string name = "layers." + std::to_string(layer) + ".weight";
  const auto& entries = net.params().entries();
  for (index = 0; index < entries.size(); ++index)
    if (entries[index].name == name) return &entries[index];
  return nullptr;
}

// The first Dense or Conv2D layer's weights as tiles (colours per tile, symmetric around 0).
void build_weights(LearnedTabState& l, const Model& m, std::uint8_t middle) {
  l.weight_count = 0;
  l.weights_title.clear();
  l.weights_note.clear();
  l.weight_max.clear();
  const Sequential& net = m.net;
  for (std::size_t i = 0; i < net.layer_count(); ++i) {
    const std::string type = net.layer(i).type();
    if (type != "dense" && type != "conv2d") continue;
    std::size_t index = 0;
    const ParamArena::Entry* e = weight_of(net, i, index);
    if (!e) return;
    const float* w = net.params().value(index);
    // Tile t, texel (x, y) → its weight (channels of a filter averaged).
    int count = 0, tw = 0, th = 0;
    std::function<float(int, int, int)> at;
    if (type == "dense") {
      const std::size_t d = e->shape[0], k = e->shape[1];
      l.weights_title = "Layer " + std::to_string(i) + " · dense, " + std::to_string(k) + " units: the weight of each input pixel";
      if (d != 784) {
        l.weights_note = "It reads " + std::to_string(d) + " inputs, not a 28×28 image, so its weights are not pictures.";
        return;
      }
      count = static_cast<int>(k), tw = th = 28;
      at = [w, k](int t, int x, int y) { return w[static_cast<std::size_t>(y * 28 + x) * k + static_cast<std::size_t>(t)]; };
    } else {
      const std::size_t co = e->shape[0], c = e->shape[1], kh = e->shape[2], kw = e->shape[3];
      char title[160];
      std::snprintf(title, sizeof title, "Layer %zu · conv2d, %zu filters of %zu×%zu%s", i, co, kh, kw,
                    c > 1 ? " (mean over the input channels)" : "");
      l.weights_title = title;
      count = static_cast<int>(co), tw = static_cast<int>(kw), th = static_cast<int>(kh);
      at = [w, c, kh, kw](int t, int x, int y) {
        float sum = 0.0f;
        for (std::size_t ch = 0; ch < c; ++ch)
          sum += w[((static_cast<std::size_t>(t) * c + ch) * kh + static_cast<std::size_t>(y)) * kw + static_cast<std::size_t>(x)];
        return sum / static_cast<float>(c);
      };
    }
    const int cols = std::min(count, kWeightColumns), rows = (count + cols - 1) / cols;
    std::vector<std::uint32_t> rgba(static_cast<std::size_t>(cols * tw) * static_cast<std::size_t>(rows * th), rgba_pixel(middle, middle, middle));
    for (int t = 0; t < count; ++t) {
      float max_abs = 0.0f;
      for (int y = 0; y < th; ++y)
        for (int x = 0; x < tw; ++x) max_abs = std::max(max_abs, std::fabs(at(t, x, y)));
      l.weight_max.push_back(max_abs);
      const int ox = (t % cols) * tw, oy = (t / cols) * th;
      for (int y = 0; y < th; ++y)
        for (int x = 0; x < tw; ++x)
          rgba[static_cast<std::size_t>(oy + y) * static_cast<std::size_t>(cols * tw) + static_cast<std::size_t>(ox + x)] =
              diverging_color(at(t, x, y), max_abs, middle);
    }
    l.weights.allocate(cols * tw, rows * th, rgba.data(), false);
    l.weight_count = count, l.weight_columns = cols, l.weight_w = tw, l.weight_h = th;
    return;
  }
  l.weights_note = "The model has no Dense or Conv2D layer.";
}

// Every layer's output for the current canvas image, from the tab's own pass of the network (in
// its own workspace; the model is only read). Flatten repeats its input and is left out.
void build_activations(LearnedTabState& l, const Model& m, const Prediction& p, std::uint8_t middle) {
  l.rows.clear();
  if (!digit_incompatibility(m).empty()) return;
  const Sequential& net = m.net;
  MnistDigit digit;
  digit.pixels = p.input;
  digit_input(m, digit, l.input);
  parallel_tasks(1, [&](int) { net.forward(l.input, l.workspace); });  // serially, as the canvas's pass
  int width = 1, height = 0;
  for (std::size_t i = 0; i < net.layer_count(); ++i) {
    const Tensor& a = l.workspace.activation(i + 1);
    const Shape& shape = net.shape_after(i);
    if (a.rows() != 1 || a.size() != shape_size(shape)) return;  // not this image's pass
    const std::string type = net.layer(i).type();
    if (type == "flatten") continue;
    LearnedTabState::Row r;
    r.layer = i;
    for (std::size_t j = 0; j < a.size(); ++j) r.max_abs = std::max(r.max_abs, std::fabs(a[j]));
    r.title = std::to_string(i) + " · " + type + "  " + shape_to_string(shape);
    if (shape.size() >= 2) {
      r.tiles = shape.size() == 3 ? static_cast<int>(shape[0]) : 1;
      r.tile_h = static_cast<int>(shape[shape.size() - 2]), r.tile_w = static_cast<int>(shape.back());
      r.y = height;
      height += r.tile_h;
      width = std::max(width, r.tiles * r.tile_w);
    } else {
      r.classes = i + 1 == net.layer_count() && a.size() == m.class_names.size();
      for (std::size_t j = 0; j < a.size(); ++j) {
        r.values.push_back(a[j]);
        r.colors.push_back(diverging_color(a[j], r.max_abs, middle));
      }
    }
    l.rows.push_back(std::move(r));
  }
  l.maps_w = width, l.maps_h = std::max(1, height);
  std::vector<std::uint32_t> rgba(static_cast<std::size_t>(l.maps_w) * static_cast<std::size_t>(l.maps_h), rgba_pixel(middle, middle, middle));
  // Each feature map on its own scale: a weak map still shows its shape.
  for (LearnedTabState::Row& r : l.rows) {
    if (r.tiles == 0) continue;
    const float* a = l.workspace.activation(r.layer + 1).data();
    const std::size_t area = static_cast<std::size_t>(r.tile_w) * static_cast<std::size_t>(r.tile_h);
    for (int t = 0; t < r.tiles; ++t) {
      const float* map = a + static_cast<std::size_t>(t) * area;
      float max_abs = 0.0f;
      for (std::size_t j = 0; j < area; ++j) max_abs = std::max(max_abs, std::fabs(map[j]));
      r.tile_max.push_back(max_abs);
      for (int y = 0; y < r.tile_h; ++y)
        for (int x = 0; x < r.tile_w; ++x)
          rgba[static_cast<std::size_t>(r.y + y) * static_cast<std::size_t>(l.maps_w) + static_cast<std::size_t>(t * r.tile_w + x)] =
              diverging_color(map[static_cast<std::size_t>(y * r.tile_w + x)], max_abs, middle);
    }
  }
  l.maps.allocate(l.maps_w, l.maps_h, rgba.data(), false);
}

// Rebuilds the textures when the model or the canvas image changed (not every frame).
void refresh(AppState& s) {
  LearnedTabState& l = s.views.learned;
  const Model& m = *s.doc.shown();
  const bool same_model = l.version_seen == s.doc.version;
  const bool input = !s.prediction.empty && s.prediction.label >= 0;
  const bool same_input = input == l.input_valid && (!input || l.input_seen == s.prediction.input);
  const std::uint8_t middle = middle_grey(s);
  if (same_model && same_input && middle == l.middle_seen) return;
  if (!same_model || middle != l.middle_seen) build_weights(l, m, middle);
  l.version_seen = s.doc.version;
  l.middle_seen = middle;
  l.input_valid = input;
  l.input_seen = s.prediction.input;
  l.rows.clear();
  if (input) build_activations(l, m, s.prediction, middle);
}

// Tiles from `texture` (tile t at column t % cols of its grid) at `size` pixels each, wrapping to
// the panel's width; returns the hovered tile or -1.
int draw_tiles(const GlTexture& texture, int count, int cols, int tile_w, int tile_h, int y0, float size) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float gap = std::max(2.0f, style.ItemSpacing.x * 0.5f);
  const float w = size * static_cast<float>(tile_w) / static_cast<float>(std::max(tile_w, tile_h));
  const float h = size * static_cast<float>(tile_h) / static_cast<float>(std::max(tile_w, tile_h));
  const int per_row = std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + gap) / (w + gap)));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float tex_w = static_cast<float>(texture.width()), tex_h = static_cast<float>(texture.height());
  int hovered = -1;
  for (int t = 0; t < count; ++t) {
    const ImVec2 a(origin.x + static_cast<float>(t % per_row) * (w + gap), origin.y + static_cast<float>(t / per_row) * (h + gap));
    const ImVec2 b(a.x + w, a.y + h);
    const float u0 = static_cast<float>((t % cols) * tile_w) / tex_w, v0 = static_cast<float>((t / cols) * tile_h + y0) / tex_h;
    dl->AddImage(texture.imgui_id(), a, b, ImVec2(u0, v0), ImVec2(u0 + static_cast<float>(tile_w) / tex_w, v0 + static_cast<float>(tile_h) / tex_h));
    if (ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered()) {
      hovered = t;
      dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Text));
    }
  }
  const int rows = (count + per_row - 1) / per_row;
  ImGui::Dummy(ImVec2(static_cast<float>(std::min(count, per_row)) * (w + gap), static_cast<float>(rows) * (h + gap)));
  return hovered;
}

void draw_weights(const AppState& s) {
  const LearnedTabState& l = s.views.learned;
  ImGui::TextUnformatted("First layer weights");
  ImGui::SameLine();
  ImGui::TextDisabled("blue negative, red positive, each tile on its own scale");
  if (!l.weights_title.empty()) ImGui::TextDisabled("%s", l.weights_title.c_str());
  if (!l.weights_note.empty()) ImGui::TextWrapped("%s", l.weights_note.c_str());
  if (l.weight_count == 0) return;
  const float size = std::floor(ImGui::GetFontSize() * (l.weight_w >= 28 ? 2.8f : 2.4f));
  const int t = draw_tiles(l.weights, l.weight_count, l.weight_columns, l.weight_w, l.weight_h, 0, size);
  if (t >= 0) ImGui::SetTooltip("%s %d: weights up to ±%.3f", l.weight_w >= 28 ? "Unit" : "Filter", t, l.weight_max[static_cast<std::size_t>(t)]);
}

void draw_units(const AppState& s, const LearnedTabState::Row& r) {
  const float font = ImGui::GetFontSize();
  const std::size_t n = r.values.size();
  const bool named = r.classes && n <= 20;
  const float cell = named ? font * 1.9f : font * 0.9f;
  const float gap = 2.0f;
  const int per_row = std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + gap) / (cell + gap)));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t j = 0; j < n; ++j) {
    const int col = static_cast<int>(j) % per_row, row = static_cast<int>(j) / per_row;
    const ImVec2 a(origin.x + static_cast<float>(col) * (cell + gap), origin.y + static_cast<float>(row) * (cell + gap));
    const ImVec2 b(a.x + cell, a.y + cell);
    dl->AddRectFilled(a, b, r.colors[j]);
    if (named) {
      const std::string& name = s.doc.shown()->class_names[j];
      const ImVec2 size = ImGui::CalcTextSize(name.c_str());
      if (size.x < cell) {
        // Class names in the cells of the output, in the colour that reads on the cell.
        const float t = r.max_abs > 0.0f ? std::fabs(r.values[j]) / r.max_abs : 0.0f;
        const bool dark_cell = s.settings.theme != "light" || t > 0.55f;
        dl->AddText(ImVec2(a.x + (cell - size.x) * 0.5f, a.y + (cell - size.y) * 0.5f),
                    dark_cell ? IM_COL32(245, 245, 248, 255) : IM_COL32(20, 20, 24, 255), name.c_str());
      }
    }
    if (ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered()) {
      dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Text));
      if (r.classes) ImGui::SetTooltip("%s: %.4f", s.doc.shown()->class_names[j].c_str(), static_cast<double>(r.values[j]));
      else ImGui::SetTooltip("Unit %zu: %.4f", j, static_cast<double>(r.values[j]));
    }
  }
  const int rows = static_cast<int>((n + static_cast<std::size_t>(per_row) - 1) / static_cast<std::size_t>(per_row));
  ImGui::Dummy(ImVec2(static_cast<float>(std::min<std::size_t>(n, static_cast<std::size_t>(per_row))) * (cell + gap),
                      static_cast<float>(rows) * (cell + gap)));
}

void draw_activations(const AppState& s) {
  const LearnedTabState& l = s.views.learned;
  ImGui::TextUnformatted("Activations for the canvas image");
  ImGui::SameLine();
  ImGui::TextDisabled("each map and each layer on its own scale");
  if (!l.input_valid) {
    ImGui::TextDisabled("Draw a digit on the canvas (or click a test image) to see how each layer responds to it.");
    return;
  }
  if (l.rows.empty()) {
    ImGui::TextDisabled("The network has not run on this image yet.");
    return;
  }
  const float font = ImGui::GetFontSize();
  for (std::size_t i = 0; i < l.rows.size(); ++i) {
    const LearnedTabState::Row& r = l.rows[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::TextDisabled("%s", r.title.c_str());
    if (r.tiles > 0) {
      const float size = std::floor(std::clamp(static_cast<float>(r.tile_w) * 1.6f, font * 1.8f, font * 3.2f));
      const int t = draw_tiles(l.maps, r.tiles, r.tiles, r.tile_w, r.tile_h, r.y, size);
      if (t >= 0) ImGui::SetTooltip("Channel %d: values up to ±%.3f", t, static_cast<double>(r.tile_max[static_cast<std::size_t>(t)]));
    } else {
      draw_units(s, r);
    }
    ImGui::PopID();
  }
}
}  // namespace

void draw_learned_tab(AppState& s) {
  if (!s.doc.shown()) {
    draw_empty_state("No model loaded",
                     "File › Open Model… or train one: its first layer's weights and every layer's response to the "
                     "canvas image appear here.");
    return;
  }
  refresh(s);
  draw_weights(s);
  ImGui::Separator();
  draw_activations(s);
}

}  // namespace nnfs::studio
