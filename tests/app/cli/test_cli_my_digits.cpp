// My digits as files (issue 15, acceptance 3): a store exported as CSV (and as a folder) imports
// again to the same samples, labels and 28x28 pixels, and the CSV trains with `nnfs train --train`.
// And `nnfs train --extra DIR` stopped (Ctrl+C, --checkpoint) or killed (SIGKILL, the run library's
// checkpoint) and resumed ends with the same bytes as a run never interrupted.
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/data/digit_store.h"
#include "support/fixtures.h"
#include "support/mnist_dir.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "run_progress.h"

using namespace nnfs;
using nnfs::test::describe;
using nnfs::test::Run;
using nnfs::test::TempDir;
using Catch::Contains;

namespace {

Run run_nnfs(const TempDir& dir, const std::vector<std::string>& args) {
  return nnfs::test::run_program(NNFS_CLI_PATH, dir, args);
}

// 30 drawings (slanted bars of different places and widths, labels 0-9 three times) in a store.
void fill(DigitStore& store) {
  for (int i = 0; i < 30; ++i) {
    GrayImage g{560, 560, std::vector<std::uint8_t>(560 * 560, 0)};
    const auto shift = static_cast<std::size_t>(i % 10) * 12, slant = static_cast<std::size_t>(i / 10);
    for (std::size_t y = 90; y < 470; ++y)
      for (std::size_t x = 150 + shift + y * slant / 8; x < 185 + shift + y * slant / 8 + slant * 10; ++x)
        g.pixels[y * 560 + x] = static_cast<std::uint8_t>(255 - (x % 7) * 9);
    store.add({g, i % 10, 0, 3, 0.5f});
  }
}

struct Sample {
  int label;
  std::array<std::uint8_t, kDigitViewPixels> view;
  bool operator==(const Sample&) const = default;
};
std::vector<Sample> samples_of(const DigitStore& store) {
  std::vector<Sample> out;
  for (const StoredDigit& d : store.samples()) out.push_back({d.label, d.view});
  return out;
}

}  // namespace

TEST_CASE("cli my digits: an exported CSV re-imports to the same samples and trains with --train", "[cli][teach]") {
  TempDir tmp;
  DigitStore mine(tmp.file("my-digits"));
  fill(mine);
  mine.relabel(mine.samples()[4].id, 9);  // the labels exported are the current ones
  mine.remove(mine.samples()[7].id);
  REQUIRE(mine.samples().size() == 29);
  mine.export_csv(tmp.file("mine.csv"));
  const std::string csv = nnfs::test::slurp(tmp.file("mine.csv"));
  CHECK(csv.rfind("label,1x1,1x2,", 0) == 0);
  CHECK(csv.find(",28x28\n") != std::string::npos);

  DigitStore again(tmp.file("again"));
  CHECK(again.import(tmp.file("mine.csv")) == 29);
  CHECK(samples_of(again) == samples_of(mine));
  CHECK(DigitStore(tmp.file("again")).skipped_note().empty());
  again.export_csv(tmp.file("again.csv"));
  CHECK(nnfs::test::slurp(tmp.file("again.csv")) == csv);  // and exports to the same bytes

  // The folder of PNGs at the canvas's resolution: prepared again exactly as the canvas prepares them.
  mine.export_folder(tmp.file("mine"));
  DigitStore from_folder(tmp.file("from-folder"));
  CHECK(from_folder.import(tmp.file("mine")) == 29);
  CHECK(samples_of(from_folder) == samples_of(mine));

  const Run r = run_nnfs(tmp, {"train", "--train", tmp.file("mine.csv"), "--epochs", "2", "--out", tmp.file("m.safetensors")});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("training on 29 samples"));
  const Run ev = run_nnfs(tmp, {"evaluate", "--model", tmp.file("m.safetensors"), "--input", tmp.file("mine.csv")});
  INFO(describe(ev));
  CHECK(ev.code == 0);
  CHECK_THAT(ev.out, Contains("(29 samples)"));
}

TEST_CASE("cli my digits: train --extra stopped or killed and resumed gives the uninterrupted model", "[cli][teach][checkpoint]") {
  TempDir dir;
  {
    DigitStore store(dir.file("my-digits"));
    fill(store);
    store.export_folder(dir.file("mine"));
  }
  // 1200 images in batches of 4, half of every batch from the extra samples: 300 steps an epoch
  // on a network wide enough that a signal sent at an epoch's line lands inside the next one.
  const std::string data = test::write_mnist_dir(dir, "mnist", test::digit_patterns(1200, 1), test::digit_patterns(50, 2));
  auto train = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"train", "--data", data, "--extra", dir.file("mine") + ":0.5",
                                     "--arch", "dense:256,relu,dense:256,relu,dense:10,softmax", "--epochs", "3",
                                     "--batch", "4", "--threads", "1", "--seed", "7", "--print-every", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  const Run straight = run_nnfs(dir, train({"--name", "straight", "--out", dir.file("straight.safetensors")}));
  INFO(describe(straight));
  REQUIRE(straight.code == 0);
  CHECK_THAT(straight.out, Contains("mixing 20 extra samples from " + dir.file("mine") + ":0.5 into every batch (2 of 4)"));
  const std::vector<unsigned char> want = test::read_bytes(dir.file("straight.safetensors"));

  // Stopped or killed inside epoch 2, 10 batches in (the run's own history says where it is).
  const std::string lib = dir.file("interrupted-runs");
  auto inside_epoch_2 = [&] {
    const auto [epoch, step] = test::last_batch(lib);
    return epoch == 2 && step >= 10;
  };
  SECTION("stopped with Ctrl+C, resumed from its checkpoint") {
    const std::string ckpt = dir.file("run.ckpt"), out = dir.file("resumed.safetensors");
    const Run stopped = test::run_program_until(NNFS_CLI_PATH, dir, train({"--runs-dir", lib, "--checkpoint", ckpt, "--out", out}),
                                                inside_epoch_2, SIGINT);
    INFO(describe(stopped));
    REQUIRE(stopped.code == -SIGINT);
    const Run rest = run_nnfs(dir, {"train", "--resume", ckpt, "--out", out});
    INFO(describe(rest));
    REQUIRE(rest.code == 0);
    CHECK_THAT(rest.out, Contains("resuming " + ckpt + " at epoch 2, batch ") && Contains("mixing 20 extra samples"));
    CHECK_THAT(rest.out, !Contains("at epoch 2, batch 0\n"));
    CHECK(test::read_bytes(out) == want);
  }
  SECTION("killed with SIGKILL, resumed by name from the run library's checkpoint") {
    const Run killed = test::run_program_until(NNFS_CLI_PATH, dir, train({"--runs-dir", lib, "--name", "k"}), inside_epoch_2);
    INFO(describe(killed));
    REQUIRE(killed.code == -SIGKILL);
    const Run rest = run_nnfs(dir, {"train", "--runs-dir", lib, "--resume", "k"});
    INFO(describe(rest));
    REQUIRE(rest.code == 0);
    // The last checkpoint was written at the end of epoch 1: the lost part of epoch 2 is redone.
    CHECK_THAT(rest.out, Contains("resuming ") && Contains(" at epoch 2, batch 0") && Contains("mixing 20 extra samples"));
    const Run list = run_nnfs(dir, {"runs", "list", "--runs-dir", lib, "--json"});
    REQUIRE(list.code == 0);
    const nlohmann::json runs = nlohmann::json::parse(list.out);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0]["state"] == "finished");
    CHECK(test::read_bytes(runs[0]["dir"].get<std::string>() + "/model.safetensors") == want);
  }
}
