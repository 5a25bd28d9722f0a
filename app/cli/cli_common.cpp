#include "app/cli/cli_common.h"

#include <unistd.h>

#include <algorithm>
#include <thread>

#include "engine/core/error.h"
#include "engine/data/data_source.h"
#include "engine/data/toy_datasets.h"
#include "engine/losses/loss.h"
#include "engine/model/architecture.h"
#include "engine/train/new_model.h"

namespace nnfs::cli {

int threads_for_machine(int requested) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (requested <= cores) return requested;
  std::fprintf(stderr, "nnfs: note: --threads %d is more than the %d hardware threads here; using %d\n", requested,
               cores, cores);
  return cores;
}

void DataFlags::add_to(CLI::App& cmd, bool with_train) {
  auto* data = cmd.add_option("--data", data_dir,
                              "Directory with the four MNIST IDX files (raw or .gz); 'fashion' for "
                              "Fashion-MNIST; the book's toy data 'spiral[:CLASSES[:POINTS]]' (default "
                              "3 classes x 100 points), 'vertical[:CLASSES[:POINTS]]', 'circles|xor|moons[:POINTS]' "
                              "(default 100 points per class) or 'sine[:SAMPLES]' (default 1000) "
                              "(default: $NNFS_DATA or data/mnist)");
  if (with_train) {
    auto* train = cmd.add_option("--train", train_csv, "Training samples as CSV (label,p1..p784)")
                      ->excludes(data);
    // Test data alone trains on nothing: a usage error (exit 2), not a data error.
    cmd.add_option("--test", test_csv, "Test samples as CSV (needs --train)")->excludes(data)->needs(train);
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
  if (auto toy = toy_data_from_spec(flags.data_dir)) {
    out.description = toy->train.source;
    out.train = std::move(toy->train);
    out.test = std::move(toy->test);
    return out;
  }
  MnistData mnist = load_data_dir(flags.data_dir);
  out.train = std::move(mnist.train);
  out.test = std::move(mnist.test);
  out.description = resolve_data_dir(flags.data_dir);
  return out;
}

void ModelFlags::add_to(CLI::App& cmd) {
  const std::vector<std::string> presets = preset_names();
  auto* model = cmd.add_option("--model", preset, "Model preset: mlp (784-128-10) or nnfs (the book's 784-128-128-10)")
                    ->check(CLI::IsMember(presets))
                    ->capture_default_str();
  cmd.add_option("--arch", arch,
                 "Architecture string instead of a preset, e.g. dense:128,relu,dropout:0.1,dense:10,softmax; "
                 "options dense:64:l2=5e-4:init=xavier, leaky_relu:0.2 (or a preset name)")
      ->excludes(model);
  cmd.add_option("--loss", loss,
                 "categorical_crossentropy, binary_crossentropy, mse or mae (default: from the output layer: "
                 "softmax -> categorical_crossentropy, sigmoid -> binary_crossentropy, else mse)")
      ->check(CLI::IsMember(loss_names()));
}

Model ModelFlags::build(const Dataset& train, std::uint64_t seed) const {
  const std::string flag = arch.empty() ? "--model" : "--arch";
  const nlohmann::json architecture = resolve_architecture(arch.empty() ? preset : arch, train.num_classes(), flag);
  try {
    return new_model(architecture, train, loss, seed);
  } catch (const Error& e) {
    throw Error(flag + " " + (arch.empty() ? preset : arch) + ": " + e.what());
  }
}

std::string format_epoch(const EpochResult& r, std::size_t epochs) {
  char line[320];
  const auto rest = [&](int used) { return sizeof line - static_cast<std::size_t>(used); };
  int n = std::snprintf(line, sizeof line, "epoch %zu/%zu  train loss %.4g", r.epoch, epochs, r.train_loss);
  if (r.regularization_loss > 0.0) n += std::snprintf(line + n, rest(n), " reg %.4g", r.regularization_loss);
  n += std::snprintf(line + n, rest(n), " acc %.2f%%", 100.0 * r.train_acc);
  if (r.test_loss)
    n += std::snprintf(line + n, rest(n), "  test loss %.4g acc %.2f%%", *r.test_loss, 100.0 * *r.test_acc);
  if (r.extra_acc) n += std::snprintf(line + n, rest(n), "  extra held-out acc %.2f%%", 100.0 * *r.extra_acc);
  if (r.learning_rate > 0.0) n += std::snprintf(line + n, rest(n), "  lr %.4g", r.learning_rate);
  std::snprintf(line + n, rest(n), "  %.2f s  %.0f samples/s", r.seconds, r.samples_per_second);
  return line;
}

bool EpochReport::due(std::size_t epoch, std::size_t epochs) const {
  const std::size_t step = every ? every : std::max<std::size_t>(1, epochs / 20);
  return epoch == 1 || epoch == epochs || epoch % step == 0;
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
