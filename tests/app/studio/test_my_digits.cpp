// The My digits tab without a window: relabel and delete with Undo (durable: a reopened store
// agrees), the store lent to a file job and given back, the model's scores, the wrong-first grid
// order and the thumbnails' atlas.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <vector>

#include "app/studio/my_digits_edit.h"
#include "app/studio/my_digits_grid.h"
#include "app/studio/my_digits_score.h"
#include "app/studio/my_digits_store.h"
#include "app/studio/widgets/gl_texture.h"
#include "engine/core/error.h"
#include "engine/train/evaluate.h"
#include "support/temp_dir.h"

using namespace nnfs;
using namespace nnfs::studio;
using nnfs::test::TempDir;

namespace {

// A 560x560 drawing: a bar whose place depends on `i`, so every sample has its own 28x28 view.
GrayImage bar(int i) {
  GrayImage g{560, 560, std::vector<std::uint8_t>(560 * 560, 0)};
  const std::size_t x0 = 150 + static_cast<std::size_t>(i % 7) * 30;
  for (std::size_t y = 100; y < 460; ++y)
    for (std::size_t x = x0 + y * static_cast<std::size_t>(i % 3) / 10; x < x0 + 40 + y * static_cast<std::size_t>(i % 3) / 10; ++x)
      g.pixels[y * 560 + x] = 255;
  return g;
}

void fill(DigitStore& store, int n) {
  for (int i = 0; i < n; ++i) store.add({bar(i), i % 10, 0, -1, 0.0f});
}

std::vector<int> labels(const DigitStore& store) {
  std::vector<int> out;
  for (const StoredDigit& d : store.samples()) out.push_back(d.label);
  return out;
}

Model mlp() {
  Model m;
  m.net = Sequential::from_architecture({28, 28}, preset_architecture("mlp", 10));
  m.net.init(5);
  m.class_names = digit_class_names();
  return m;
}

}  // namespace

TEST_CASE("My digits: relabel and delete undo through the store's own records", "[studio][my_digits]") {
  TempDir tmp;
  DigitStore store(tmp.file("store"));
  fill(store, 4);
  const std::uint64_t id = store.samples()[1].id;
  EditHistory history;
  history.push(relabel_digit(store, id, 7));
  CHECK(labels(store) == std::vector<int>{0, 7, 2, 3});
  CHECK(edit_json(history.last()) == nlohmann::json{{"what", "relabel"}, {"id", id}, {"from", 1}, {"to", 7}});
  history.push(remove_digit(store, store.samples()[2].id));
  CHECK(labels(store) == std::vector<int>{0, 7, 3});
  CHECK(edit_json(history.last())["what"] == "delete");
  CHECK(labels(DigitStore(tmp.file("store"))) == std::vector<int>{0, 7, 3});  // durable

  undo_edit(store, history.last());
  history.pop();
  CHECK(store.samples().size() == 4);
  undo_edit(store, history.last());
  history.pop();
  CHECK(history.empty());
  const DigitStore reopened(tmp.file("store"));
  CHECK(reopened.skipped_note().empty());
  std::vector<int> sorted = labels(reopened);
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == std::vector<int>{0, 1, 2, 3});
  CHECK(reopened.counts() == store.counts());
}

TEST_CASE("My digits: an edit of an unknown sample or to a bad label writes nothing", "[studio][my_digits]") {
  TempDir tmp;
  DigitStore store(tmp.file("store"));
  fill(store, 2);
  CHECK_THROWS_WITH(relabel_digit(store, 999, 3), "My digits: no sample 999");
  CHECK_THROWS_WITH(remove_digit(store, 999), "My digits: no sample 999");
  CHECK_THROWS_AS(relabel_digit(store, store.samples()[0].id, 12), Error);
  CHECK(labels(DigitStore(tmp.file("store"))) == std::vector<int>{0, 1});
}

TEST_CASE("My digits: the store is lent to a file job and comes back", "[studio][my_digits]") {
  TempDir tmp;
  MyDigitsStore digits(tmp.file("store"));
  CHECK(digits.store() == nullptr);  // nothing kept yet: nothing written
  CHECK_FALSE(std::filesystem::exists(tmp.file("store")));
  const std::vector<std::uint8_t> raster = bar(3).pixels;
  digits.add({raster, 560, 4, 9, 0.5f});
  REQUIRE(digits.store() != nullptr);
  const std::uint64_t v = digits.version();

  std::shared_ptr<DigitStore> lent = digits.lend();
  REQUIRE(lent);
  CHECK(digits.lent());
  CHECK(digits.store() == nullptr);
  CHECK(digits.lend() == nullptr);  // one job at a time
  CHECK(digits.counts()[4] == 1);   // the counts from before
  CHECK_THROWS_WITH(digits.add({raster, 560, 5, -1, 0.0f}), Catch::Contains("busy"));
  lent->add({bar(5), 5, 0, -1, 0.0f});  // what the job does
  digits.give_back(std::move(lent));
  CHECK_FALSE(digits.lent());
  CHECK(digits.version() > v);
  CHECK(digits.counts()[5] == 1);
  CHECK(DigitStore(tmp.file("store")).samples().size() == 2);
}

TEST_CASE("My digits: the model's scores per class and overall", "[studio][my_digits]") {
  TempDir tmp;
  DigitStore store(tmp.file("store"));
  fill(store, 23);
  const DigitSnapshot snap = snapshot_digits(store);
  REQUIRE(snap.ids.size() == 23);
  const Model model = mlp();
  const DigitScores scores = score_digits(model, snap);
  const Evaluation ev = evaluate(model, snap.data);
  REQUIRE(scores.verdicts.size() == 23);
  std::size_t right = 0;
  for (std::size_t i = 0; i < 23; ++i) {
    const DigitVerdict& v = scores.verdicts[i];
    CHECK(v.id == snap.ids[i]);
    CHECK(v.label == store.samples()[i].label);
    CHECK(v.said == ev.predicted[i]);
    CHECK(v.confidence > 0.0f);
    right += v.said == v.label;
  }
  CHECK(scores.total_all == 23);
  CHECK(scores.right_all == right);
  CHECK(scores.accuracy() == Approx(ev.accuracy));
  CHECK(scores.total[0] == 3);
  CHECK(scores.total[9] == 2);
  const nlohmann::json j = scores_json(scores);
  CHECK(j["total"] == 23);
  CHECK(j["wrong"].size() == 23 - right);
  CHECK(j["per_class"][3]["total"] == 2);

  CHECK(score_digits(model, snapshot_digits(DigitStore(tmp.file("empty")))).accuracy() == -1.0);
  Model three;
  three.net = Sequential::from_architecture({28, 28}, preset_architecture("mlp", 3));
  three.net.init(1);
  three.class_names = {"a", "b", "c"};
  CHECK_THROWS_AS(score_digits(three, snap), Error);
}

TEST_CASE("My digits: each class shows the ones read wrong first", "[studio][my_digits]") {
  TempDir tmp;
  DigitStore store(tmp.file("store"));
  for (int i = 0; i < 5; ++i) store.add({bar(i), 3, 0, -1, 0.0f});
  store.add({bar(6), 8, 0, -1, 0.0f});
  const auto& s = store.samples();
  DigitScores scores;
  // Samples 1 and 3 read as 5, the others right; the 8 has no verdict (added after scoring).
  for (std::size_t i = 0; i < 5; ++i) scores.verdicts.push_back({s[i].id, 3, i % 2 == 1 ? 5 : 3, 0.9f});
  const auto cells = grid_cells(s, &scores);
  std::vector<std::size_t> order;
  for (const GridCell& c : cells[3]) order.push_back(c.sample);
  CHECK(order == std::vector<std::size_t>{1, 3, 0, 2, 4});
  CHECK(cells[3][0].wrong);
  CHECK(cells[3][0].said == 5);
  CHECK_FALSE(cells[3][2].wrong);
  REQUIRE(cells[8].size() == 1);
  CHECK(cells[8][0].said == -1);
  CHECK_FALSE(cells[8][0].wrong);

  store.relabel(s[1].id, 5);  // the model was right after all: judged against the new label
  const auto after = grid_cells(store.samples(), &scores);
  REQUIRE(after[5].size() == 1);
  CHECK_FALSE(after[5][0].wrong);
  CHECK(after[3].size() == 4);
  CHECK(grid_cells(store.samples(), nullptr)[3].size() == 4);
}

TEST_CASE("My digits: one atlas holds every thumbnail", "[studio][my_digits]") {
  CHECK(atlas_layout(0).cols == 1);
  CHECK(atlas_layout(1000).cols == 32);
  CHECK(atlas_layout(1000).rows == 32);
  CHECK(atlas_layout(10).cols * atlas_layout(10).rows >= 10);
  TempDir tmp;
  DigitStore store(tmp.file("store"));
  fill(store, 5);
  const AtlasLayout layout = atlas_layout(5);  // 3 x 2
  REQUIRE(layout.cols == 3);
  const std::vector<std::uint32_t> px = atlas_pixels(store.samples(), layout);
  REQUIRE(px.size() == static_cast<std::size_t>(84 * 56));
  // Sample 4 is at column 1, row 1: its view's pixel (y, x) lands at (28 + y, 28 + x).
  const auto& view = store.samples()[4].view;
  for (std::size_t y = 0; y < 28; ++y)
    for (std::size_t x = 0; x < 28; ++x) REQUIRE(px[(28 + y) * 84 + 28 + x] == rgba_pixel(view[y * 28 + x], view[y * 28 + x], view[y * 28 + x]));
  CHECK(px[(28 + 5) * 84 + 56 + 5] == rgba_pixel(0, 0, 0));  // the empty cell
  const auto uv = atlas_uv(layout, 4);
  CHECK(uv[0] == Approx(1.0 / 3));
  CHECK(uv[1] == Approx(0.5));
  CHECK(uv[2] == Approx(2.0 / 3));
  CHECK(uv[3] == Approx(1.0));
}
