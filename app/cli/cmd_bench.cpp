// nnfs bench: in-process timings for bench/run.sh (which compares them with PyTorch, NumPy and
// pandas in one run and writes docs/BENCHMARKS.md).
//
//   mlp   MLP 784-128-10 (preset "mlp"), Adam lr 1e-3, on MNIST: seconds of every epoch, for
//         each --batch. Evaluation is not timed (EpochResult.seconds excludes it) and no test set
//         is passed. The first epoch is reported but left out of the median (warm-up: buffers,
//         page faults, thread pool start).
//   cnn   the same for the "cnn" preset (conv 8, pool, conv 16, pool, dense 10), with the plain
//         settings PyTorch's peer uses: Adam lr 1e-3, constant rate, no augmentation.
//   cnn-large  the same for the "cnn-large" preset (4 convolutions with batch norm, dense 128 with
//         batch norm and dropout), for the bench's comparison with its PyTorch twin.
//   idx   load_mnist on the IDX directory (train + test, 70,000 images): --reps times, median.
//   csv   read_mnist_csv on --csv FILE: one untimed warm-up read (page cache), then --reps, median.
//
// --json prints one JSON object per line, otherwise a small table.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>

#include <nlohmann/json.hpp>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/whole_number.h"
#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/data/csv_reader.h"
#include "engine/data/data_source.h"
#include "engine/train/epoch_loop.h"

namespace nnfs::cli {

namespace {

struct BenchOptions {
  std::string data_dir;
  std::string csv;
  std::vector<std::string> parts = {"mlp", "idx", "csv"};
  std::vector<std::size_t> batches = {128, 32};
  std::size_t epochs = 3;
  int reps = 5;
  int threads = 2;
  std::uint64_t seed = 1;
  bool json = false;
};

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

double time_once(const std::function<void()>& fn) {
  const auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void emit(const BenchOptions& o, const nlohmann::json& j, const std::string& line) {
  std::printf("%s\n", o.json ? j.dump().c_str() : line.c_str());
  std::fflush(stdout);
}

// FLOPs of one epoch of dense 784→128→10 training over n samples: forward of both layers,
// dW of both, dX of the second only (the first layer's input gradient is never needed).
double mlp_epoch_gflop(std::size_t n) {
  const double d = 784, h = 128, k = 10;
  return 2.0 * static_cast<double>(n) * (2.0 * d * h + 3.0 * h * k) * 1e-9;
}

// FLOPs of one epoch of the cnn preset over n 28x28 samples, counting multiply-adds only:
// conv1 (1→8, 3x3, 784 pixels) forward and dW; conv2 (8→16, 3x3, 196 pixels) and the dense
// 784→10 layer forward, dW and dX. Pooling and activations are not counted.
double cnn_epoch_gflop(std::size_t n) {
  const double conv1 = 2.0 * 8 * 9 * 784, conv2 = 2.0 * 16 * 72 * 196, dense = 2.0 * 784 * 10;
  return static_cast<double>(n) * (2.0 * conv1 + 3.0 * conv2 + 3.0 * dense) * 1e-9;
}

// FLOPs of one epoch of the cnn-large preset over n 28x28 samples, multiply-adds of the
// convolutions and dense layers only: forward and dW of every one, dX of all but the first.
//   per sample: conv1 1→32 (9·32·784), conv2 32→32 (288·32·784), conv3 32→64 (288·64·196),
//   conv4 64→64 (576·64·196), dense 3136→128, dense 128→10
double cnn_large_epoch_gflop(std::size_t n) {
  const double conv1 = 9.0 * 32 * 784, rest = 288.0 * 32 * 784 + 288.0 * 64 * 196 + 576.0 * 64 * 196 +
                                               3136.0 * 128 + 128.0 * 10;
  return static_cast<double>(n) * 2.0 * (2.0 * conv1 + 3.0 * rest) * 1e-9;
}

struct NetBench {
  const char* name;     // part and preset name
  const char* label;    // for the table
  double (*gflop)(std::size_t samples);
};

void bench_net(const BenchOptions& o, const Dataset& train, const NetBench& net) {
  for (const std::size_t batch : o.batches) {
    TrainConfig config;
    config.epochs = o.epochs;
    config.batch = batch;
    config.threads = o.threads;
    config.seed = o.seed;
    config.optimizer = OptimizerConfig::defaults("adam");
    config.optimizer.lr = 1e-3f;
    Model model;
    model.net = Sequential::from_architecture(train.sample_shape, preset_architecture(net.name, train.num_classes()));
    model.net.init(o.seed);
    model.class_names = train.class_names;

    std::vector<double> seconds;
    TrainCallbacks callbacks;
    callbacks.on_epoch = [&](const EpochResult& r) { seconds.push_back(r.seconds); };
    const TrainResult result = run_training(model, train, nullptr, config, callbacks);

    const std::vector<double> steady(seconds.size() > 1 ? seconds.begin() + 1 : seconds.begin(), seconds.end());
    const double med = median(steady);
    const double gflop = net.gflop(train.count);
    const EpochResult& last = result.epochs.back();
    nlohmann::json j = {{"bench", net.name}, {"impl", "nnfs"}, {"batch", batch}, {"threads", num_threads()},
                        {"samples", train.count}, {"epochs_s", seconds}, {"median_s", med},
                        {"gflop_per_epoch", gflop}, {"gflops", gflop / med},
                        {"train_loss", last.train_loss}, {"train_acc", last.train_acc}};
    char line[256];
    std::snprintf(line, sizeof line,
                  "%s adam  batch %4zu  threads %d  median epoch %.3f s (first %.3f s)  "
                  "%.1f GFLOP/s  last loss %.4f acc %.2f%%",
                  net.label, batch, num_threads(), med, seconds.front(), gflop / med, last.train_loss,
                  100.0 * last.train_acc);
    emit(o, j, line);
  }
}

void bench_load(const BenchOptions& o, const std::string& name, const std::string& path,
                const std::function<std::size_t()>& load) {
  std::vector<double> times;
  std::size_t rows = 0;
  for (int r = 0; r < o.reps; ++r) times.push_back(time_once([&] { rows = load(); }));
  std::error_code ec;
  const auto bytes = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0;
  nlohmann::json j = {{"bench", name}, {"impl", "nnfs"}, {"path", path}, {"rows", rows},
                      {"times_s", times}, {"median_s", median(times)}};
  if (bytes) j["bytes"] = bytes;
  char line[512];
  std::snprintf(line, sizeof line, "%-9s %zu rows  median %.4f s over %d reps  (%s)", name.c_str(), rows,
                median(times), o.reps, path.c_str());
  emit(o, j, line);
}

void run(BenchOptions& o) {
  o.threads = threads_for_machine(o.threads);
  set_num_threads(o.threads);
  auto wants = [&](const char* part) { return std::find(o.parts.begin(), o.parts.end(), part) != o.parts.end(); };
  const std::string dir = resolve_data_dir(o.data_dir);

  if (wants("idx"))
    bench_load(o, "idx_load", dir, [&] {
      const MnistData m = load_mnist(dir);
      return m.train.count + m.test.count;
    });
  if (wants("csv")) {
    if (o.csv.empty()) {
      if (o.parts.size() == 1) throw Error("--only csv needs --csv FILE");
    } else {
      (void)read_mnist_csv(o.csv);  // warm-up: the page cache, as for the peer
      bench_load(o, "csv_load", o.csv, [&] { return read_mnist_csv(o.csv).count; });
    }
  }
  if (wants("mlp") || wants("cnn") || wants("cnn-large")) {
    const MnistData mnist = load_mnist(dir);
    if (wants("mlp")) bench_net(o, mnist.train, {"mlp", "mlp 784-128-10", mlp_epoch_gflop});
    if (wants("cnn")) bench_net(o, mnist.train, {"cnn", "cnn 8-16-10   ", cnn_epoch_gflop});
    if (wants("cnn-large")) bench_net(o, mnist.train, {"cnn-large", "cnn-large     ", cnn_large_epoch_gflop});
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto o = std::make_shared<BenchOptions>();
  auto* cmd = app.add_subcommand("bench", "Time MLP and CNN training epochs and data loading (see bench/run.sh)");
  cmd->add_option("--data", o->data_dir, "MNIST IDX directory (default: $NNFS_DATA or data/mnist)");
  cmd->add_option("--csv", o->csv, "MNIST CSV file to time read_mnist_csv on (csv part)");
  cmd->add_option("--only", o->parts, "Parts to run: mlp, cnn, cnn-large, idx, csv")
      ->check(CLI::IsMember({"mlp", "cnn", "cnn-large", "idx", "csv"}))->delimiter(',')->capture_default_str();
  cmd->add_option("--batch", o->batches, "Batch sizes for the MLP and the CNN")->delimiter(',')->capture_default_str()
      ->check(whole_number_at_least(1));
  cmd->add_option("--epochs", o->epochs, "Epochs per network and batch size (the first is warm-up)")
      ->capture_default_str()->check(whole_number_at_least(1));
  cmd->add_option("--reps", o->reps, "Repetitions of each load")->capture_default_str()->check(whole_number_at_least(1));
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores; at most the machine's hardware threads)")
      ->capture_default_str()->check(CLI::Range(0, kMaxThreads));
  cmd->add_option("--seed", o->seed, "Random seed (>= 0)")->check(whole_number_at_least(0))->capture_default_str();
  cmd->add_flag("--json", o->json, "One JSON object per line");
  cmd->callback([o] { run(*o); });
}

}  // namespace nnfs::cli
