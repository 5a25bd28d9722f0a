#include <catch2/catch.hpp>

#include <limits>

#include "app/studio/widgets/colormap.h"
#include "app/studio/widgets/gl_texture.h"

using namespace nnfs::studio;

TEST_CASE("the diverging map is the middle grey at 0 and blue or red at the ends", "[studio][colormap]") {
  CHECK(diverging_color(0.0f, 1.0f, 40) == rgba_pixel(40, 40, 40));
  CHECK(diverging_color(-2.0f, 2.0f, 40) == rgba_pixel(33, 102, 172));
  CHECK(diverging_color(5.0f, 2.0f, 240) == rgba_pixel(214, 47, 39));  // clamped
  CHECK(diverging_color(1.0f, 0.0f, 240) == rgba_pixel(240, 240, 240));
  CHECK(diverging_color(std::numeric_limits<float>::quiet_NaN(), 1.0f, 40) == rgba_pixel(40, 40, 40));
  // Half way: half way between grey and the end.
  CHECK(diverging_color(0.5f, 1.0f, 0) == rgba_pixel(107, 24, 20));
}
