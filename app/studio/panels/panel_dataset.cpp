// Dataset panel: the loaded MNIST-style data and a strip of its test images; clicking one puts it
// on the canvas.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/studio/actions.h"
#include "app/studio/format.h"
#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"

namespace nnfs::studio {

namespace {
constexpr int kAtlasColumns = 8;

// The shown test images side by side in one texture: tile i at column i % 8, row i / 8.
void update_atlas(DatasetDoc& d) {
  if (!d.atlas_dirty || !d.data) return;
  const Dataset& test = d.data->test;
  const int rows = std::max<int>(1, static_cast<int>((d.samples.size() + kAtlasColumns - 1) / kAtlasColumns));
  const int w = 28 * kAtlasColumns, h = 28 * rows;
  std::vector<std::uint32_t> rgba(static_cast<std::size_t>(w) * h, rgba_pixel(0, 0, 0));
  for (std::size_t i = 0; i < d.samples.size(); ++i) {
    const std::uint8_t* img = test.pixels.data() + d.samples[i] * test.sample_size();
    const int ox = static_cast<int>(i % kAtlasColumns) * 28, oy = static_cast<int>(i / kAtlasColumns) * 28;
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x) {
        const std::uint8_t v = img[y * 28 + x];
        rgba[static_cast<std::size_t>(oy + y) * w + static_cast<std::size_t>(ox + x)] = rgba_pixel(v, v, v);
      }
  }
  d.atlas.allocate(w, h, rgba.data(), false);
  d.atlas_dirty = false;
}

void draw_samples(AppState& s) {
  DatasetDoc& d = s.dataset;
  update_atlas(d);
  const Dataset& test = d.data->test;
  const ImGuiStyle& style = ImGui::GetStyle();
  // The column count whose tiles are largest while every image fits the panel.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float sp = style.ItemSpacing.x;
  const int count = static_cast<int>(d.samples.size());
  int cols = 1;
  float tile = 0.0f;
  for (int c = 1; c <= count; ++c) {
    const int r = (count + c - 1) / c;
    const float t = std::min((avail.x - sp * static_cast<float>(c - 1)) / static_cast<float>(c),
                             (avail.y - style.ItemSpacing.y * static_cast<float>(r - 1)) / static_cast<float>(r));
    if (t > tile) tile = t, cols = c;
  }
  tile = std::floor(std::clamp(tile, ImGui::GetFontSize() * 2.0f, ImGui::GetFontSize() * 6.0f));
  const int rows = std::max(1, static_cast<int>((d.samples.size() + kAtlasColumns - 1) / kAtlasColumns));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < d.samples.size(); ++i) {
    if (i % static_cast<std::size_t>(cols) != 0) ImGui::SameLine();
    ImGui::PushID(static_cast<int>(i));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (ImGui::InvisibleButton("##sample", ImVec2(tile, tile))) send_test_image_to_canvas(s, d.samples[i]);
    const float u0 = static_cast<float>(i % kAtlasColumns) / kAtlasColumns;
    const float v0 = static_cast<float>(i / kAtlasColumns) / static_cast<float>(rows);
    dl->AddImage(d.atlas.imgui_id(), p, ImVec2(p.x + tile, p.y + tile), ImVec2(u0, v0),
                 ImVec2(u0 + 1.0f / kAtlasColumns, v0 + 1.0f / static_cast<float>(rows)));
    const bool hovered = ImGui::IsItemHovered();
    dl->AddRect(p, ImVec2(p.x + tile, p.y + tile),
                hovered ? s.colors.accent : ImGui::GetColorU32(ImGuiCol_Border), 0.0f, 0, hovered ? 2.0f : 1.0f);
    if (!test.labels.empty()) {
      const std::int32_t label = test.labels[d.samples[i]];
      const std::string name = static_cast<std::size_t>(label) < test.class_names.size()
                                   ? test.class_names[static_cast<std::size_t>(label)]
                                   : std::to_string(label);
      if (name.size() <= 3) dl->AddText(ImVec2(p.x + 3, p.y + 1), s.colors.accent, name.c_str());
      if (hovered) ImGui::SetTooltip("Test image %zu, label %s\nClick to put it on the canvas", d.samples[i] + 1, name.c_str());
    }
    ImGui::PopID();
  }
}
}  // namespace

void draw_dataset_tab(AppState& s) {
  DatasetDoc& d = s.dataset;
  if (d.loading.running()) {
    const int dots = static_cast<int>(ImGui::GetTime() * 3.0) % 4;
    const std::string text = "Loading " + d.loading_dir + std::string(static_cast<std::size_t>(dots), '.');
    draw_empty_state(text.c_str(), "reading and checking the IDX files");
  } else if (!d.data) {
    draw_empty_state("No dataset loaded",
                     "File › Open Dataset… (Ctrl+D): a folder with the four MNIST IDX files, such as data/mnist "
                     "after scripts/setup.sh. Its test images can then go on the canvas.");
  } else {
    ImGui::TextUnformatted(d.dir.c_str());
    ImGui::TextDisabled("%s training and %s test images, %zu classes", format_count(d.data->train.count).c_str(),
                        format_count(d.data->test.count).c_str(), d.data->test.num_classes());
    ImGui::SameLine();
    const float bw = ImGui::CalcTextSize("Other images").x + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - bw));
    if (ImGui::Button("Other images")) show_other_samples(s);
    ImGui::Spacing();
    if (d.data->test.count == 0) ImGui::TextDisabled("The test split is empty");
    else draw_samples(s);
  }
}

}  // namespace nnfs::studio
