#include <catch2/catch.hpp>

#include <cmath>

#include "app/studio/playground_boundary.h"
#include "engine/core/error.h"

using namespace nnfs;
using namespace nnfs::studio;
using json = nlohmann::json;
using Catch::Matchers::Contains;

namespace {

// dense 2 → 2 (+ softmax when `softmax`) with logits z₀ = −a·x, z₁ = a·x: class 1 exactly for x > 0,
// P(class 1) = 1 / (1 + exp(−2a·x)).
Sequential sign_of_x(float a, bool softmax) {
  json arch = json::array({json{{"type", "dense"}, {"units", 2}}});
  if (softmax) arch.push_back(json{{"type", "softmax"}});
  Sequential net = Sequential::from_architecture({2}, arch);
  float* w = net.params().value(0);  // W [D=2, K=2]
  w[0] = -a, w[1] = a, w[2] = 0.0f, w[3] = 0.0f;
  net.params().value(1)[0] = net.params().value(1)[1] = 0.0f;
  return net;
}

}  // namespace

TEST_CASE("playground boundary: cells take the network's class and its probability, row 0 at the top", "[playground]") {
  for (const bool softmax : {true, false}) {
    const Sequential net = sign_of_x(1.5f, softmax);
    Workspace ws;
    const PlaneBounds bounds{-2.0f, 2.0f, -1.0f, 3.0f};
    const BoundaryGrid grid = compute_boundary(net, bounds, 100, ws);
    REQUIRE(grid.label.size() == 10000);
    for (std::size_t r = 0; r < 100; ++r)
      for (std::size_t c = 0; c < 100; ++c) {
        const double x = -2.0 + (static_cast<double>(c) + 0.5) * 0.04;
        const std::size_t i = r * 100 + c;
        CHECK(grid.label[i] == (x > 0 ? 1 : 0));
        CHECK(grid.confidence[i] == Approx(1.0 / (1.0 + std::exp(-3.0 * std::abs(x)))).margin(1e-5));
      }
  }
  // y only moves rows: a network of y alone shows it top to bottom.
  Sequential by_y = Sequential::from_architecture({2}, json::array({json{{"type", "dense"}, {"units", 1}}}));
  float* w = by_y.params().value(0);
  w[0] = 0.0f, w[1] = 0.25f;  // output = 0.25·y + 0.5, read as P(class 1)
  by_y.params().value(1)[0] = 0.5f;
  Workspace ws;
  const BoundaryGrid grid = compute_boundary(by_y, {-1.0f, 1.0f, -1.0f, 1.0f}, 4, ws);
  CHECK(grid.label == std::vector<int>{1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0});
  CHECK(grid.confidence[0] == Approx(0.6875));   // y = 0.75
  CHECK(grid.confidence[12] == Approx(0.6875));  // y = −0.75: 1 − 0.3125
}

TEST_CASE("playground boundary: the plane frames the points with a margin, bad inputs are clear errors", "[playground]") {
  Dataset d;
  d.count = 3;
  d.sample_shape = {2};
  d.features = {0.0f, 0.0f, 2.0f, 1.0f, 1.0f, 0.5f};
  const PlaneBounds b = plane_bounds(d);
  CHECK(b.x0 == Approx(-0.2f));
  CHECK(b.x1 == Approx(2.2f));
  CHECK(b.y0 == Approx(-0.1f));
  CHECK(b.y1 == Approx(1.1f));
  d.count = 1;
  d.features = {3.0f, 4.0f};  // one point: a unit square around it
  const PlaneBounds around = plane_bounds(d);
  CHECK((around.x0 == 2.5f && around.x1 == 3.5f && around.y0 == 3.5f && around.y1 == 4.5f));
  Workspace ws;
  const Sequential one_input = Sequential::from_architecture({1}, json::array({json{{"type", "dense"}, {"units", 1}}}));
  CHECK_THROWS_WITH(compute_boundary(one_input, b, 10, ws), Contains("needs a network with 2 inputs, this one takes [1]"));
  CHECK_THROWS_WITH(compute_boundary(sign_of_x(1.0f, true), b, 0, ws), Contains("at least 1 cell"));
  CHECK_THROWS_WITH(fitted_curve(sign_of_x(1.0f, true), 0, 1, 10, ws), Contains("needs a network with 1 input"));
  Dataset line;
  line.count = 1;
  line.sample_shape = {1};
  line.features = {0.5f};
  CHECK_THROWS_WITH(plane_bounds(line), Contains("needs points with 2 features, got [1]"));
}

TEST_CASE("playground boundary: the fitted curve is the network's output over evenly spaced x", "[playground]") {
  Sequential net = Sequential::from_architecture({1}, json::array({json{{"type", "dense"}, {"units", 1}}}));
  net.params().value(0)[0] = 2.0f;   // y = 2x − 1
  net.params().value(1)[0] = -1.0f;
  Workspace ws;
  CHECK(fitted_curve(net, 0.0f, 1.0f, 5, ws) == std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 1.0f});
}
