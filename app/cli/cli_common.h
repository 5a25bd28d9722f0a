// Helpers shared by the subcommands: data selection flags, the terminal progress bar, output.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/data/dataset.h"
#include "engine/model/model.h"
#include "engine/train/progress.h"

namespace nnfs::cli {

// A usage error found after parsing (exit 2, as for CLI11's own): main prints "nnfs: <message>".
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// --threads FLAG for this machine: more threads than hardware threads only make every step wait
// for a core (100000 made an epoch 100x slower on 2 cores), so a larger count becomes the core
// count, with a one-line note on stderr. 0 (all cores) and smaller counts are kept.
int threads_for_machine(int requested);

// --data DIR|fashion|mnist|spiral|vertical[:CLASSES[:POINTS]]|circles|xor|moons[:POINTS]|sine[:SAMPLES] | --train FILE [--test FILE]
struct DataFlags {
  std::string data_dir;
  std::string train_csv;
  std::string test_csv;
  void add_to(CLI::App& cmd, bool with_train);
};

struct LoadedData {
  std::optional<Dataset> train, test;
  std::string description;  // "data/mnist", "spiral:3:100" or the CSV paths, for the training record
};
// Loads what the flags name; `need_train` requires training data.
LoadedData load_data(const DataFlags& flags, bool need_train);

// --model PRESET | --arch STRING, and --loss NAME (default: from the output layer).
struct ModelFlags {
  std::string preset = "mlp";
  std::string arch;
  std::string loss;
  void add_to(CLI::App& cmd);
  // A new model for the training data, weights drawn from `seed`; errors name the flag.
  Model build(const Dataset& train, std::uint64_t seed) const;
};

// One line per epoch: "epoch 1/5  train loss 0.2931 acc 91.62%  test loss ... 2.31 s  25974 samples/s";
// with regularisation "train loss 0.2931 reg 0.0123"; losses to 4 significant digits; then the
// learning rate at the end of the epoch ("lr 0.0495", shrinking with --decay).
std::string format_epoch(const EpochResult& r, std::size_t epochs);

// Which epochs get a line: every `every`-th, the first and the last; every = 0 picks about 20 lines.
struct EpochReport {
  std::size_t every = 0;
  bool due(std::size_t epoch, std::size_t epochs) const;
};

// A live progress bar on stdout, drawn only when stdout is a terminal.
class ProgressBar {
 public:
  ProgressBar();
  void update(const BatchProgress& p);
  void clear();

 private:
  bool enabled_;
  bool drawn_ = false;
};

// 10x10 (or KxK) confusion matrix as text, rows = true class, columns = predicted.
std::string format_confusion(const std::vector<std::vector<std::size_t>>& confusion,
                             const std::vector<std::string>& class_names);

}  // namespace nnfs::cli
