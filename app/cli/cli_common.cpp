#include "app/cli/cli_common.h"

#include <unistd.h>

#include <algorithm>

#include "engine/core/error.h"
#include "engine/data/data_source.h"

namespace nnfs::cli {

void DataFlags::add_to(CLI::App& cmd, bool with_train) {
  auto* data = cmd.add_option("--data", data_dir,
                              "Directory with the four MNIST IDX files (raw or .gz), or 'fashion' "
                              "for Fashion-MNIST (default: $NNFS_DATA or data/mnist)");
  if (with_train) {
    auto* train = cmd.add_option("--train", train_csv, "Training samples as CSV (label,p1..p784)")
                      ->excludes(data);
    cmd.add_option("--test", test_csv, "Test samples as CSV")->excludes(data);
    (void)train;
  } else {
    cmd.add_option("--test", test_csv, "Test samples as CSV or IDX")->excludes(data);
  }
}

LoadedData load_data(const DataFlags& flags, bool need_train) {
  LoadedData out;
  if (!flags.train_csv.empty() || !flags.test_csv.empty()) {
    if (need_train && flags.train_csv.empty()) throw Error("--test needs --train (or use --data DIR)");
    if (!flags.train_csv.empty()) out.train = load_samples_file(flags.train_csv);
    if (!flags.test_csv.empty()) out.test = load_samples_file(flags.test_csv);
    out.description = flags.train_csv.empty() ? flags.test_csv : flags.train_csv;
    return out;
  }
  MnistData mnist = load_data_dir(flags.data_dir);
  out.train = std::move(mnist.train);
  out.test = std::move(mnist.test);
  out.description = resolve_data_dir(flags.data_dir);
  return out;
}

std::string format_epoch(const EpochResult& r, std::size_t epochs) {
  char line[256];
  int n = std::snprintf(line, sizeof line, "epoch %zu/%zu  train loss %.4f acc %.2f%%", r.epoch, epochs,
                        r.train_loss, 100.0 * r.train_acc);
  if (r.test_loss)
    n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), "  test loss %.4f acc %.2f%%",
                       *r.test_loss, 100.0 * *r.test_acc);
  std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), "  %.2f s  %.0f samples/s", r.seconds,
                r.samples_per_second);
  return line;
}

ProgressBar::ProgressBar() : enabled_(isatty(STDOUT_FILENO) == 1) {}

void ProgressBar::update(const BatchProgress& p) {
  if (!enabled_ || p.steps_per_epoch == 0) return;
  // Redrawing costs a write; every 8th batch (and the last) is smooth enough to watch.
  if (p.step % 8 != 0 && p.step != p.steps_per_epoch) return;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * p.step / p.steps_per_epoch);
  std::string bar(static_cast<std::size_t>(filled), '=');
  bar.resize(kWidth, ' ');
  const double eta = p.step ? p.seconds * static_cast<double>(p.steps_per_epoch - p.step) / static_cast<double>(p.step) : 0.0;
  std::printf("\r  epoch %zu [%s] %zu/%zu  loss %.4f  eta %.1f s ", p.epoch, bar.c_str(), p.step,
              p.steps_per_epoch, p.loss, eta);
  std::fflush(stdout);
  drawn_ = true;
}

void ProgressBar::clear() {
  if (!drawn_) return;
  std::printf("\r%*s\r", 90, "");
  std::fflush(stdout);
  drawn_ = false;
}

std::string format_confusion(const std::vector<std::vector<std::size_t>>& confusion,
                             const std::vector<std::string>& names) {
  const std::size_t k = confusion.size();
  auto label = [&](std::size_t i) {
    std::string s = i < names.size() ? names[i] : std::to_string(i);
    return s.size() > 6 ? s.substr(0, 6) : s;
  };
  std::string out = "confusion matrix (rows: true class, columns: predicted)\n";
  char cell[32];
  std::snprintf(cell, sizeof cell, "%8s", "");
  out += cell;
  for (std::size_t j = 0; j < k; ++j) {
    std::snprintf(cell, sizeof cell, "%7s", label(j).c_str());
    out += cell;
  }
  out += "   recall\n";
  for (std::size_t i = 0; i < k; ++i) {
    std::snprintf(cell, sizeof cell, "%8s", label(i).c_str());
    out += cell;
    std::size_t row_total = 0;
    for (std::size_t j = 0; j < k; ++j) {
      std::snprintf(cell, sizeof cell, "%7zu", confusion[i][j]);
      out += cell;
      row_total += confusion[i][j];
    }
    std::snprintf(cell, sizeof cell, "  %6.2f%%\n", row_total ? 100.0 * static_cast<double>(confusion[i][i]) / static_cast<double>(row_total) : 0.0);
    out += cell;
  }
  return out;
}

}  // namespace nnfs::cli
