#include <catch2/catch.hpp>

#include "app/studio/steering.h"

using namespace nnfs;
using namespace nnfs::studio;

TEST_CASE("the steering row sends only the settings that differ from the run's", "[studio][runs]") {
  SteerForm f;
  f.lr = 0.001f;
  f.epochs = 5;
  f.augment = false;
  CHECK(steer_change(f, 0.001f, 5, false).empty());

  f.lr = 0.0005f;
  RunChange c = steer_change(f, 0.001f, 5, false);
  CHECK(c.lr == 0.0005f);
  CHECK_FALSE(c.epochs);
  CHECK_FALSE(c.augment);

  f.epochs = 8;
  f.augment = true;
  c = steer_change(f, 0.0005f, 5, false);
  CHECK_FALSE(c.lr);
  CHECK(c.epochs == std::size_t{8});
  CHECK(c.augment == true);

  f.epochs = -3;  // typed into the field: not sent (the run's epochs stay)
  CHECK_FALSE(steer_change(f, 0.0005f, 5, true).epochs);
}
