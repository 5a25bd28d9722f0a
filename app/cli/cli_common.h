// Helpers shared by the subcommands: data selection flags, the terminal progress bar, output.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/data/dataset.h"
#include "engine/model/model.h"
#include "engine/train/progress.h"

namespace nnfs::cli {

// --data DIR | --train FILE [--test FILE]
struct DataFlags {
  std::string data_dir;
  std::string train_csv;
  std::string test_csv;
  void add_to(CLI::App& cmd, bool with_train);
};

struct LoadedData {
  std::optional<Dataset> train, test;
  std::string description;  // "data/mnist" or the CSV paths, for the model's training record
};
// Loads what the flags name; `need_train` requires training data.
LoadedData load_data(const DataFlags& flags, bool need_train);

// One line per epoch: "epoch 1/5  train loss 0.2931 acc 91.62%  test loss ... 2.31 s  25974 samples/s".
std::string format_epoch(const EpochResult& r, std::size_t epochs);

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
