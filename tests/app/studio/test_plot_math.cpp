#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "app/studio/widgets/plot_math.h"

using namespace nnfs::studio;

TEST_CASE("linear ticks are multiples of a 1-2-5 step within the range", "[studio][plot]") {
  const Ticks t = linear_ticks(0.0, 1.0, 6);
  CHECK(t.step == Approx(0.2));
  REQUIRE(t.values.size() == 6);
  CHECK(t.values.front() == 0.0);
  CHECK(t.values.back() == Approx(1.0));

  const Ticks u = linear_ticks(0.013, 0.087, 5);
  CHECK(u.step == Approx(0.02));
  REQUIRE(u.values.size() == 4);
  CHECK(u.values[0] == Approx(0.02));
  CHECK(u.values[3] == Approx(0.08));

  const Ticks big = linear_ticks(0.0, 93000.0, 5);
  CHECK(big.step == Approx(20000.0));
  CHECK(big.values.size() == 5);
}

TEST_CASE("linear ticks never exceed the asked count and respect a minimum step", "[studio][plot]") {
  for (int n = 2; n <= 12; ++n)
    for (const double hi : {0.7, 3.0, 9.9, 101.0, 4321.0}) CHECK(static_cast<int>(linear_ticks(-0.3, hi, n).values.size()) <= n);
  const Ticks epochs = linear_ticks(0.8, 3.2, 10, 1.0);
  CHECK(epochs.step == 1.0);
  CHECK(epochs.values == std::vector<double>{1.0, 2.0, 3.0});
  CHECK(linear_ticks(1.0, 1.0, 5).values.empty());
  CHECK(linear_ticks(0.0, std::numeric_limits<double>::infinity(), 5).values.empty());
}

TEST_CASE("ticks around zero give an exact zero", "[studio][plot]") {
  const Ticks t = linear_ticks(-0.3, 0.3, 7);
  bool zero = false;
  for (const double v : t.values) zero |= v == 0.0;
  CHECK(zero);
  CHECK(format_tick(-1e-17, 0.1) == "0.0");
}

TEST_CASE("log ticks are decades, or 1-2-5 multiples within two decades", "[studio][plot]") {
  const Ticks wide = log_ticks(0.0005, 20.0, 10);
  CHECK(wide.values == std::vector<double>{1e-3, 1e-2, 1e-1, 1.0, 10.0});
  const Ticks many = log_ticks(1e-8, 1e4, 4);
  CHECK(many.values.size() <= 4);
  CHECK(many.values.front() == Approx(1e-8));

  const Ticks narrow = log_ticks(0.03, 0.9, 10);
  REQUIRE(narrow.values.size() == 4);
  CHECK(narrow.values[0] == Approx(0.05));
  CHECK(narrow.values[1] == Approx(0.1));
  CHECK(narrow.values[3] == Approx(0.5));

  // Within one 1-2-5 gap the linear ticks take over.
  const Ticks tiny = log_ticks(0.21, 0.29, 5);
  CHECK(tiny.values.size() >= 2);
  CHECK(tiny.step > 0.0);
  CHECK(log_ticks(0.0, 1.0, 5).values.empty());
}

TEST_CASE("tick labels have the decimals their step needs", "[studio][plot]") {
  CHECK(format_tick(0.4, 0.2) == "0.4");
  CHECK(format_tick(0.05, 0.05) == "0.05");
  CHECK(format_tick(3.0, 1.0) == "3");
  CHECK(format_tick(20000.0, 5000.0) == "20k");
  CHECK(format_tick(2500.0, 500.0) == "2500");
  CHECK(format_tick(0.001, 0.0) == "0.001");
  CHECK(format_tick(1e-5, 0.0) == "1e-5");
  CHECK(format_tick(1e6, 0.0) == "1e6");
}

TEST_CASE("axis ranges map to unit positions, linearly or in log10", "[studio][plot]") {
  const AxisRange lin{2.0, 6.0, false};
  CHECK(*lin.to_unit(3.0) == Approx(0.25));
  CHECK(lin.from_unit(0.75) == Approx(5.0));
  const AxisRange lg{0.01, 10.0, true};
  CHECK(*lg.to_unit(0.1) == Approx(1.0 / 3.0));
  CHECK(lg.from_unit(2.0 / 3.0) == Approx(1.0));
  CHECK_FALSE(lg.to_unit(0.0).has_value());
  CHECK_FALSE(lg.to_unit(-1.0).has_value());
}

TEST_CASE("zooming keeps the point under the cursor, panning moves by a fraction", "[studio][plot]") {
  const AxisRange lin{0.0, 10.0, false};
  const AxisRange in = lin.zoomed(0.3, 0.5);
  CHECK(in.lo == Approx(1.5));
  CHECK(in.hi == Approx(6.5));
  CHECK(*in.to_unit(3.0) == Approx(0.3));
  const AxisRange lg{0.001, 1.0, true};
  const AxisRange lz = lg.zoomed(0.5, 0.5);
  CHECK(lz.from_unit(0.5) == Approx(lg.from_unit(0.5)));
  CHECK(std::log10(lz.hi / lz.lo) == Approx(1.5));
  const AxisRange moved = lin.panned(0.1);
  CHECK(moved.lo == Approx(1.0));
  CHECK(moved.hi == Approx(11.0));
  CHECK(lg.panned(1.0 / 3.0).hi == Approx(10.0));
}

TEST_CASE("fitting a range holds the values with a margin", "[studio][plot]") {
  const std::vector<float> v{0.5f, 2.0f, std::numeric_limits<float>::quiet_NaN(), 1.0f};
  const AxisRange r = fit_range(v, false, 0.1);
  CHECK(r.lo == Approx(0.35));
  CHECK(r.hi == Approx(2.15));
  const std::vector<float> w{0.0f, 0.01f, 1.0f};
  const AxisRange lg = fit_range(w, true, 0.0);  // the 0 has no place on a log axis
  CHECK(lg.lo == Approx(0.01));
  CHECK(lg.hi == Approx(1.0));
  const AxisRange one = fit_range(std::vector<float>{3.0f}, false, 0.0);
  CHECK(one.lo < 3.0);
  CHECK(one.hi > 3.0);
  const AxisRange none = fit_range(std::vector<float>{}, true, 0.1);
  CHECK(none.lo > 0.0);
  CHECK(none.hi > none.lo);
}

TEST_CASE("smoothing is a debiased moving average extended as values arrive", "[studio][plot]") {
  Smoothed s;
  const std::vector<float> raw{2.0f, 4.0f, 4.0f};
  s.update(std::span(raw).first(1), 0.5f);
  CHECK(s.values() == std::vector<float>{2.0f});  // not pulled towards 0
  s.update(raw, 0.5f);
  REQUIRE(s.values().size() == 3);
  // (0.5·1 + 4) / 1.5 = 10/3 for the debiased average after 2, 4
  CHECK(s.values()[1] == Approx((0.25 * 2.0 + 0.5 * 4.0) / 0.75));
  Smoothed again;
  again.update(raw, 0.5f);
  CHECK(again.values() == s.values());
  s.update(raw, 0.0f);
  CHECK(s.values() == raw);
  // A different history of the same length is recomputed.
  const std::vector<float> other{1.0f, 1.0f, 1.0f};
  s.update(other, 0.0f);
  CHECK(s.values() == other);
}

TEST_CASE("nearest index finds the closest x", "[studio][plot]") {
  const std::vector<float> xs{1.0f, 2.0f, 4.0f, 8.0f};
  CHECK(*nearest_index(xs, -5.0) == 0);
  CHECK(*nearest_index(xs, 2.9) == 1);
  CHECK(*nearest_index(xs, 3.1) == 2);
  CHECK(*nearest_index(xs, 100.0) == 3);
  CHECK_FALSE(nearest_index(std::vector<float>{}, 1.0).has_value());
}

TEST_CASE("decimation keeps each pixel column's extremes in order", "[studio][plot]") {
  std::vector<float> ys(100000);
  for (std::size_t i = 0; i < ys.size(); ++i) ys[i] = static_cast<float>(std::sin(static_cast<double>(i) * 0.01));
  ys[50000] = 5.0f;   // a spike must survive
  const auto pts = decimate({}, ys, 1.0f, 1.0, 100000.0, 500, false);
  CHECK(pts.size() <= 4 * 502);
  CHECK(pts.size() >= 500);
  float top = -10.0f;
  for (std::size_t i = 1; i < pts.size(); ++i) CHECK(pts[i].x >= pts[i - 1].x);
  for (const PolyPoint& p : pts) top = std::max(top, p.y);
  CHECK(top == 5.0f);
  CHECK(pts.front().x == 1.0f);
  CHECK(pts.back().x == 100000.0f);
}

TEST_CASE("decimation of a visible window keeps one point beyond each edge", "[studio][plot]") {
  const std::vector<float> xs{1, 2, 3, 4, 5, 6};
  const std::vector<float> ys{1, 2, 3, 4, 5, 6};
  const auto pts = decimate(xs, ys, 0.0f, 2.5, 4.5, 100, false);
  REQUIRE(pts.size() == 4);
  CHECK(pts.front().x == 2.0f);
  CHECK(pts.back().x == 5.0f);
  CHECK(decimate(xs, ys, 0.0f, 10.0, 20.0, 100, false).size() == 1);  // only the last, as a lead-in
  CHECK(decimate(xs, ys, 0.0f, 2.0, 2.0, 100, false).empty());
}

TEST_CASE("decimation breaks the line at values a log axis cannot show", "[studio][plot]") {
  const std::vector<float> ys{1.0f, 0.0f, 2.0f, std::numeric_limits<float>::infinity(), 3.0f};
  const auto pts = decimate({}, ys, 0.0f, 0.0, 4.0, 100, true);
  REQUIRE(pts.size() == 5);
  CHECK(std::isnan(pts[1].y));
  CHECK(pts[2].y == 2.0f);
  CHECK(std::isnan(pts[3].y));
  const auto linear = decimate({}, ys, 0.0f, 0.0, 4.0, 100, false);
  CHECK(linear.size() == 5);  // 0 is fine on a linear axis; the infinity still breaks
}

TEST_CASE("decimation keeps only the ends of a column where the curve is monotonic", "[studio][plot]") {
  std::vector<float> ys(100000);
  for (std::size_t i = 0; i < ys.size(); ++i) ys[i] = 1.0f / (1.0f + static_cast<float>(i) * 1e-3f);
  const auto pts = decimate({}, ys, 1.0f, 1.0, 100000.0, 500, true);
  CHECK(pts.size() <= 2 * 502);
  CHECK(pts.front().y == ys.front());
  CHECK(pts.back().y == ys.back());
}
