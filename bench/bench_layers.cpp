// nnfs_bench_layers: GFLOP/s of every conv and dense layer of the presets cnn, cnn-large and mlp,
// forward pass, weight gradient and input gradient, at batch 128, percent of the measured FMA
// peak (bench/fma_peak.h) at the same thread count, and percent of the pass's roofline.
//
//   nnfs_bench_layers [--json] [--threads N] [--rounds R] [--min-ms X] [--clock wall|cpu]
//                     [--only TEXT]
//   --json: one JSON list on stdout, one object per (model, layer, pass):
//           {"model", "layer", "pass": forward|weight_grad|input_grad, "gflops", "pct_peak",
//            "peak_gflops", "read_mb", "write_mb", "read_gbs", "write_gbs", "roofline_gflops", "pct_roofline"}
//   --only: just the models or layers whose "model/layer" name contains TEXT (e.g. "cnn-large/")
//   --clock cpu: time by the process's CPU time (user + sys) divided by the thread count instead
//           of the wall clock; on a machine loaded by others it sees only our own work.
//
// FLOPs are counted as a direct convolution's, 2 per multiply-add, whatever algorithm runs:
// 2·N·CO·HO·WO·C·KH·KW for each of the three passes of a conv layer, 2·N·D·K for a dense layer.
//
// Roofline. A pass must at least read its operands once and write its result once (bytes, for
// a batch of N; θ = the layer's parameters, weights and bias):
//   forward          reads x, θ        writes y
//   weight gradient  reads x, dy       writes dθ
//   input gradient   reads dy, θ       writes dx
// so it takes at least max(FLOPs / peak, read / R + write / W) seconds, R and W the read and
// write bandwidth measured (bench/memory_bandwidth.h) on a working set of the pass's own size.
// "% of roofline" is the measured GFLOP/s over the GFLOP/s that bound allows. A layer whose
// bound is the bandwidth (few multiply-adds per byte: a first conv layer with one input channel)
// cannot reach the FMA peak however its kernel is written.
//
// Method: the network of the preset is built for 28x28 inputs, one training forward gives every
// layer's input x and output y, and dy is random. Each layer is then run on its own through the
// Layer interface exactly as training runs it: forward; backward without the input gradient
// (need_dx = false: the weight and bias gradients, what the first layer costs); full backward.
// Each round times a batch of calls of each of the three (alternating, so a noisy neighbour
// hits all alike); the weight gradient is the median of the second, the input gradient the
// median over rounds of (full backward - weight gradient only).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bench/fma_peak.h"
#include "bench/memory_bandwidth.h"
#include "engine/core/parallel.h"
#include "engine/layers/conv2d.h"
#include "engine/layers/dense.h"
#include "engine/model/model.h"

namespace {

using namespace nnfs;

constexpr std::size_t kBatch = 128;
constexpr const char* kModels[] = {"cnn", "cnn-large", "mlp"};

struct Options {
  bool json = false;
  int threads = 2;
  int rounds = 9;
  double min_ms = 30.0;
  bool cpu_clock = false;
  std::string only;
};

struct Row {
  std::string model, layer, pass;
  double gflops, pct_peak, peak;
  double read_mb, write_mb;      // the pass's compulsory traffic (header comment)
  nnfs_bench::Bandwidth bw;      // measured on a working set of read_mb + write_mb
  double roofline_gflops, pct_roofline;
};

// Bandwidth per working-set size, measured once per size (rounded to 64 KiB).
class BandwidthCache {
 public:
  explicit BandwidthCache(int threads) : threads_(threads) {}
  nnfs_bench::Bandwidth at(double bytes) {
    const auto key = static_cast<std::size_t>(bytes / 65536.0 + 0.5) * 65536;
    auto it = measured_.find(key);
    if (it == measured_.end())
      it = measured_.emplace(key, nnfs_bench::measure_bandwidth(gemm_active_isa(), threads_, key)).first;
    return it->second;
  }

 private:
  int threads_;
  std::map<std::size_t, nnfs_bench::Bandwidth> measured_;
};

// Seconds now by the chosen clock: wall, or this process's user + sys CPU time / threads.
double now_seconds(const Options& opt) {
  if (!opt.cpu_clock)
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto sec = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + 1e-6 * static_cast<double>(tv.tv_usec); };
  return (sec(ru.ru_utime) + sec(ru.ru_stime)) / opt.threads;
}

double seconds_per_call(const std::function<void()>& fn, int calls, const Options& opt) {
  const double t0 = now_seconds(opt);
  for (int i = 0; i < calls; ++i) fn();
  return (now_seconds(opt) - t0) / calls;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

Tensor random_tensor(const Shape& shape, Rng& rng) {
  Tensor t(shape);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = rng.uniform(-1.0f, 1.0f);
  return t;
}

// Multiply-adds of one pass of layer `layer` on a batch (the same for all three passes).
double multiply_adds(const Layer& layer, const Tensor& x, const Tensor& y) {
  const auto n = static_cast<double>(x.rows());
  if (const auto* conv = dynamic_cast<const Conv2D*>(&layer))
    return n * static_cast<double>(y.cols()) * static_cast<double>(conv->geometry().patch());
  const auto& dense = dynamic_cast<const Dense&>(layer);
  return n * static_cast<double>(dense.inputs()) * static_cast<double>(dense.options().units);
}

// Floats of the layer's parameters θ (weights and bias).
double parameters(const Layer& layer) {
  if (const auto* conv = dynamic_cast<const Conv2D*>(&layer)) {
    const auto co = static_cast<double>(conv->options().filters);
    return co * static_cast<double>(conv->geometry().patch()) + (conv->options().bias ? co : 0.0);
  }
  const auto& dense = dynamic_cast<const Dense&>(layer);
  const auto units = static_cast<double>(dense.options().units);
  return units * static_cast<double>(dense.inputs()) + units;
}

// Times forward, weight gradient and input gradient of one layer; seconds per call of each.
struct PassTimes {
  double forward, weight_grad, input_grad;
};

PassTimes time_layer(const Layer& layer, const Tensor& x, const Tensor& y_ref, std::span<float> grads,
                     const Options& opt) {
  Rng rng(7);
  const Tensor dy = random_tensor(y_ref.shape(), rng);
  Tensor y, dx;
  const auto scratch = layer.make_scratch(x.rows());
  const ForwardContext fctx{true, &rng, scratch.get(), false};
  const std::function<void()> passes[3] = {
      [&] { layer.forward(x, y, fctx); },
      [&] { layer.backward(x, y_ref, dy, dx, BackwardContext{grads, scratch.get(), false}); },
      [&] { layer.backward(x, y_ref, dy, dx, BackwardContext{grads, scratch.get(), true}); },
  };
  int calls[3];
  for (int p = 0; p < 3; ++p) {
    passes[p]();  // warm-up: buffers grow, caches fill
    const double once = seconds_per_call(passes[p], 2, opt);
    calls[p] = std::max(1, static_cast<int>(opt.min_ms * 1e-3 / std::max(once, 1e-7)));
  }
  std::vector<double> fwd, wgrad, igrad;
  for (int r = 0; r < opt.rounds; ++r) {
    fwd.push_back(seconds_per_call(passes[0], calls[0], opt));
    const double w = seconds_per_call(passes[1], calls[1], opt);
    wgrad.push_back(w);
    igrad.push_back(seconds_per_call(passes[2], calls[2], opt) - w);
  }
  return {median(fwd), median(wgrad), median(igrad)};
}

void bench_model(const std::string& name, double peak, BandwidthCache& bandwidth, const Options& opt,
                 std::vector<Row>& rows) {
  Sequential net = Sequential::from_architecture({28, 28}, preset_architecture(name, 10));
  net.init(1);
  Rng rng(3);
  const Tensor input = random_tensor({kBatch, 28, 28}, rng);
  Workspace ws;
  net.prepare(ws, kBatch);
  net.forward(input, ws);  // inference: every layer's own output, no fusion
  std::vector<float> grads(net.param_count());
  int convs = 0, denses = 0;
  for (std::size_t i = 0; i < net.layer_count(); ++i) {
    const Layer& layer = net.layer(i);
    const bool conv = layer.type() == "conv2d";
    if (!conv && layer.type() != "dense") continue;
    const std::string label = conv ? "conv" + std::to_string(++convs) : "dense" + std::to_string(++denses);
    if (!opt.only.empty() && (name + "/" + label).find(opt.only) == std::string::npos) continue;
    const Tensor& x = ws.activation(i);
    const Tensor& y = ws.activation(i + 1);
    const PassTimes t = time_layer(layer, x, y, grads, opt);
    const double flops = 2.0 * multiply_adds(layer, x, y);
    // Bytes of x, y (dy has y's size, dx x's), θ and dθ.
    const double bx = 4.0 * static_cast<double>(x.size()), by = 4.0 * static_cast<double>(y.size());
    const double bp = 4.0 * parameters(layer);
    struct Pass {
      const char* name;
      double seconds, read, write;
    };
    const Pass passes[] = {{"forward", t.forward, bx + bp, by},
                           {"weight_grad", t.weight_grad, bx + by, bp},
                           {"input_grad", t.input_grad, by + bp, bx}};
    for (const Pass& p : passes) {
      const double gflops = p.seconds > 0.0 ? flops / p.seconds * 1e-9 : 0.0;
      const nnfs_bench::Bandwidth bw = bandwidth.at(p.read + p.write);
      double bound_s = peak > 0.0 ? flops / (peak * 1e9) : 0.0;
      if (bw.read_gbs > 0.0 && bw.write_gbs > 0.0)
        bound_s = std::max(bound_s, (p.read / bw.read_gbs + p.write / bw.write_gbs) * 1e-9);
      const double roofline = bound_s > 0.0 ? flops / bound_s * 1e-9 : 0.0;
      rows.push_back({name, label, p.name, gflops, peak > 0.0 ? 100.0 * gflops / peak : 0.0, peak, p.read * 1e-6,
                      p.write * 1e-6, bw, roofline, roofline > 0.0 ? 100.0 * gflops / roofline : 0.0});
    }
  }
}

void print_json(const std::vector<Row>& rows) {
  std::printf("[\n");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    std::printf("  {\"model\": \"%s\", \"layer\": \"%s\", \"pass\": \"%s\", \"gflops\": %.3f, \"pct_peak\": %.2f, \"peak_gflops\": %.2f, "
                "\"read_mb\": %.3f, \"write_mb\": %.3f, \"read_gbs\": %.2f, \"write_gbs\": %.2f, "
                "\"roofline_gflops\": %.3f, \"pct_roofline\": %.2f}%s\n",
                r.model.c_str(), r.layer.c_str(), r.pass.c_str(), r.gflops, r.pct_peak, r.peak, r.read_mb, r.write_mb,
                r.bw.read_gbs, r.bw.write_gbs, r.roofline_gflops, r.pct_roofline, i + 1 < rows.size() ? "," : "");
  }
  std::printf("]\n");
}

void print_table(const std::vector<Row>& rows, double peak, const Options& opt) {
  std::printf("Per-layer GFLOP/s at batch %zu, %d thread(s), %s clock, ISA %s, FMA peak %.1f GFLOP/s\n"
              "(direct-convolution FLOPs; in parentheses %% of that peak / %% of the pass's roofline)\n\n",
              kBatch, opt.threads, opt.cpu_clock ? "CPU" : "wall", gemm_isa_name(gemm_active_isa()), peak);
  std::printf("%-10s %-7s %22s %22s %22s\n", "model", "layer", "forward", "weight grad", "input grad");
  for (std::size_t i = 0; i + 2 < rows.size(); i += 3) {  // rows come in threes, one per pass
    char cells[3][48];
    for (int p = 0; p < 3; ++p)
      std::snprintf(cells[p], sizeof cells[p], "%.1f (%.0f%% / %.0f%%)", rows[i + p].gflops, rows[i + p].pct_peak,
                    rows[i + p].pct_roofline);
    std::printf("%-10s %-7s %22s %22s %22s\n", rows[i].model.c_str(), rows[i].layer.c_str(), cells[0], cells[1],
                cells[2]);
  }
}

[[noreturn]] void usage(const char* bad) {
  std::fprintf(stderr,
               "nnfs_bench_layers: %s\nusage: nnfs_bench_layers [--json] [--threads N] [--rounds R] "
               "[--min-ms X] [--clock wall|cpu] [--only TEXT]\n",
               bad);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage((a + " needs a value").c_str());
      return argv[++i];
    };
    if (a == "--json") opt.json = true;
    else if (a == "--threads") opt.threads = std::atoi(value().c_str());
    else if (a == "--rounds") opt.rounds = std::atoi(value().c_str());
    else if (a == "--min-ms") opt.min_ms = std::atof(value().c_str());
    else if (a == "--only") opt.only = value();
    else if (a == "--clock") {
      const std::string c = value();
      if (c != "wall" && c != "cpu") usage(("--clock " + c + ": expected wall or cpu").c_str());
      opt.cpu_clock = c == "cpu";
    } else usage(("unknown option " + a).c_str());
  }
  if (opt.threads < 1 || opt.rounds < 1 || opt.min_ms <= 0.0) usage("--threads, --rounds and --min-ms must be positive");
  return opt;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse(argc, argv);
  set_num_threads(opt.threads);
  const double peak = nnfs_bench::measure_fma_peak(gemm_active_isa(), opt.threads);
  BandwidthCache bandwidth(opt.threads);
  std::vector<Row> rows;
  for (const char* model : kModels) bench_model(model, peak, bandwidth, opt, rows);
  if (opt.json) print_json(rows);
  else print_table(rows, peak, opt);
  return 0;
}
