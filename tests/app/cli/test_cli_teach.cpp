// nnfs train --init / --extra and nnfs evaluate --input (issue 15), as a user runs them: My digits
// exported as CSV trains with --train, fine-tunes a bundled model with --extra, and is scored.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/data/digit_store.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using nnfs::test::describe;
using nnfs::test::Run;
using nnfs::test::TempDir;

Run run_nnfs(const TempDir& dir, const std::vector<std::string>& args) {
  return nnfs::test::run_program(NNFS_CLI_PATH, dir, args);
}

const std::string kMlp = std::string(NNFS_SOURCE_DIR) + "/assets/models/mnist-mlp.safetensors";

// A store of 20 drawn digits (bars at different places and angles, labels 0-9 twice), exported
// as CSV (mine.csv) and as a folder (mine/).
void make_exports(const TempDir& tmp) {
  nnfs::DigitStore store(tmp.file("my-digits"));
  for (int i = 0; i < 20; ++i) {
    nnfs::GrayImage g{560, 560, std::vector<std::uint8_t>(560 * 560, 0)};
    for (std::size_t y = 100; y < 460; ++y)
      for (std::size_t x = 200 + y * static_cast<std::size_t>(i % 10) / 20; x < 230 + y * static_cast<std::size_t>(i % 10) / 20; ++x)
        g.pixels[y * 560 + x] = 255;
    store.add({g, i % 10, 0, -1, 0.0f});
  }
  store.export_csv(tmp.file("mine.csv"));
  store.export_folder(tmp.file("mine"));
}

}  // namespace

TEST_CASE("cli teach: an exported My-digits CSV trains with --train", "[cli][teach]") {
  TempDir tmp;
  make_exports(tmp);
  const Run r = run_nnfs(tmp, {"train", "--train", tmp.file("mine.csv"), "--epochs", "1", "--out", tmp.file("m.safetensors")});
  INFO(describe(r));
  CHECK(r.code == 0);
  CHECK(r.out.find("training on 20 samples") != std::string::npos);
}

TEST_CASE("cli teach: --init --extra fine-tunes a saved model and reports the held-out extra", "[cli][teach]") {
  TempDir tmp;
  make_exports(tmp);
  const Run r = run_nnfs(tmp, {"train", "--init", kMlp, "--train", tmp.file("mine.csv"), "--extra", tmp.file("mine") + ":0.5",
                               "--log-json", tmp.file("log.jsonl"), "--out", tmp.file("t.safetensors")});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK(r.out.find("adam lr 0.0001") != std::string::npos);
  CHECK(r.out.find("mixing 10 extra samples from " + tmp.file("mine") + ":0.5 into every batch (64 of 128), 10 held out") !=
        std::string::npos);
  CHECK(r.out.find("epoch 1/1 ") != std::string::npos);
  CHECK(r.out.find("extra held-out acc") != std::string::npos);
  CHECK(nnfs::test::slurp(tmp.file("log.jsonl")).find("\"extra_acc\":") != std::string::npos);
  const Run ev = run_nnfs(tmp, {"evaluate", "--model", tmp.file("t.safetensors"), "--input", tmp.file("mine")});
  INFO(describe(ev));
  CHECK(ev.code == 0);
  CHECK(ev.out.find(tmp.file("mine") + " (20 samples)") != std::string::npos);
  CHECK(ev.out.find("confusion matrix") != std::string::npos);
}

TEST_CASE("cli teach: bad --init / --extra / --input give one-line errors", "[cli][teach]") {
  TempDir tmp;
  make_exports(tmp);
  const std::string csv = tmp.file("mine.csv");
  const Run both = run_nnfs(tmp, {"train", "--init", kMlp, "--model", "cnn", "--train", csv, "--out", tmp.file("x.safetensors")});
  CHECK(both.code != 0);
  CHECK(both.err.find("--model excludes --init") != std::string::npos);
  const Run share = run_nnfs(tmp, {"train", "--train", csv, "--extra", tmp.file("mine") + ":1.5", "--out", tmp.file("x.safetensors")});
  CHECK(share.code != 0);
  CHECK(share.err == "nnfs: --extra " + tmp.file("mine") + ":1.5: share '1.5' is not a number between 0 and 1 (PATH[:SHARE])\n");
  const Run missing = run_nnfs(tmp, {"evaluate", "--model", kMlp, "--input", tmp.file("nothing")});
  CHECK(missing.code != 0);
  CHECK(missing.err.find(tmp.file("nothing")) != std::string::npos);
  tmp.write_text("mine/labels.csv", "file,label\n1.png,x\n");
  const Run label = run_nnfs(tmp, {"evaluate", "--model", kMlp, "--input", tmp.file("mine")});
  CHECK(label.err == "nnfs: " + tmp.file("mine") + "/labels.csv: line 2: label 'x' is not 0-9\n");
  // Names longer than the system allows: the reader's one-line error, not "internal error".
  tmp.write_text("mine/labels.csv", "file,label\n" + std::string(300, 'x') + ",1\n");
  const Run long_name = run_nnfs(tmp, {"evaluate", "--model", kMlp, "--input", tmp.file("mine")});
  CHECK(long_name.err == "nnfs: " + tmp.file("mine") + "/labels.csv: line 2: '" + std::string(80, 'x') + "': File name too long\n");
  const std::string long_path = tmp.file(std::string(5000, 'y')) + ":0.5";
  const Run long_extra = run_nnfs(tmp, {"train", "--train", csv, "--extra", long_path, "--out", tmp.file("x.safetensors")});
  CHECK(long_extra.code == 1);
  CHECK(long_extra.err.find("File name too long") != std::string::npos);
  CHECK(long_extra.err.find("internal error") == std::string::npos);
}
