// The playground's diagram and step panels drawn in a headless ImGui frame (no window, no GL: the
// frame's draw lists are built and inspected), so their drawing code runs in the unit tests; the
// Playground tab's end-to-end test screenshots them in the real app.
#include <catch2/catch.hpp>

#include <imgui.h>

#include "app/studio/panels/playground_views.h"
#include "engine/data/toy_datasets.h"

using namespace nnfs;
using namespace nnfs::studio;
using json = nlohmann::json;

namespace {

// One ImGui context for a test, with a built font atlas and a 1280x800 display.
struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = {1280.0f, 800.0f};
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  // Runs `draw` inside a window for one frame; returns the number of vertices the frame drew.
  template <class Draw>
  int frame(Draw draw) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0.0f, 0.0f});
    ImGui::SetNextWindowSize({1000.0f, 760.0f});
    ImGui::Begin("playground");
    draw();
    ImGui::End();
    ImGui::Render();
    return ImGui::GetDrawData()->TotalVtxCount;
  }
};

Sequential spiral_net(std::size_t hidden) {
  Sequential net = Sequential::from_architecture(
      {2}, json::array({json{{"type", "dense"}, {"units", hidden}}, json{{"type", "relu"}},
                        json{{"type", "dense"}, {"units", 3}}, json{{"type", "softmax"}}}));
  net.init(4);
  return net;
}

}  // namespace

TEST_CASE("playground views: the diagram draws every column's maps, a 64-neuron layer as 16 and more", "[playground]") {
  HeadlessImGui gui;
  const Sequential net = spiral_net(64);
  PlaygroundDiagramState state;
  const int empty = gui.frame([] {});
  const int drawn = gui.frame([&] { draw_playground_diagram(net, {-1.0f, 1.0f, -1.0f, 1.0f}, state); });
  REQUIRE(state.maps.columns.size() == 3);
  CHECK(state.maps.columns[1].neurons == 64);
  // At least one quad per cell of the 2 + 16 + 3 maps shown.
  CHECK(drawn - empty >= 4 * 24 * 24 * (2 + 16 + 3));
}

TEST_CASE("playground views: the diagram of a network it cannot map draws an empty state", "[playground]") {
  HeadlessImGui gui;
  Sequential wide = Sequential::from_architecture({3}, json::array({json{{"type", "dense"}, {"units", 2}}}));
  PlaygroundDiagramState state;
  gui.frame([&] { draw_playground_diagram(wide, {}, state); });
  CHECK(state.maps.columns.empty());
}

TEST_CASE("playground views: the step panel traces the chosen sample", "[playground]") {
  HeadlessImGui gui;
  const Sequential net = spiral_net(8);
  const Dataset data = spiral_data(10, 3, 2);
  PlaygroundStepState state;
  state.sample = 12;
  gui.frame([&] { draw_playground_step(net, data, "categorical_crossentropy", OptimizerConfig::defaults("adam"), {}, state); });
  CHECK(state.trace.sample == 12);
  CHECK(state.trace.layers.size() == 4);
  state.sample = 1000;  // clamped to the last sample
  gui.frame([&] { draw_playground_step(net, data, "categorical_crossentropy", OptimizerConfig::defaults("adam"), {}, state); });
  CHECK(state.trace.sample == 29);
  const Dataset none;
  PlaygroundStepState empty;
  gui.frame([&] { draw_playground_step(net, none, "categorical_crossentropy", OptimizerConfig::defaults("adam"), {}, empty); });
  CHECK(empty.trace.layers.empty());
}
