// dlib peer of `nnfs bench --only mlp` and `--only cnn`: the same networks trained with dlib's DNN
// module (Debian's libdlib-dev, a C++ library people of this field pick), timed per epoch.
//
//   --model mlp  784 → 128 ReLU → 10
//   --model cnn  conv 1→8 3x3 pad 1, ReLU, maxpool 2, conv 8→16 3x3 pad 1, ReLU, maxpool 2, dense 10
//
// Softmax cross-entropy (dlib's loss_multiclass_log), Adam with lr 1e-3 and betas 0.9/0.999 and no
// weight decay, as ours; inputs standardised as ours, (p/255 - 0.1307)/0.3081; the training set
// reshuffled every epoch. The learning rate is held constant (dlib's trainer would otherwise shrink
// it when the loss stalls). dlib's convolutions and dense layers run on BLAS (Debian links it with
// the system BLAS, OpenBLAS here), so its threads are OpenBLAS's: OPENBLAS_NUM_THREADS is set from
// --threads before the first BLAS call. Prints one JSON line, like the Python peers.
//
//   build-bench/bench/nnfs_peer_dlib --model cnn --data DIR --batch 128 --threads 2 --epochs 3
#include <dlib/data_io.h>
#include <dlib/dnn.h>
#include <dlib/revision.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace dlib;

using Image = matrix<float>;
using Mlp = loss_multiclass_log<fc<10, relu<fc<128, input<Image>>>>>;
// con<filters, rows, cols, stride_y, stride_x>: padding rows/2 for stride 1, "same" as ours.
using Cnn = loss_multiclass_log<
    fc<10, max_pool<2, 2, 2, 2, relu<con<16, 3, 3, 1, 1, max_pool<2, 2, 2, 2, relu<con<8, 3, 3, 1, 1, input<Image>>>>>>>>>;

struct Args {
  std::string model = "mlp", data;
  std::size_t batch = 128, epochs = 3;
  int threads = 2;
  unsigned long seed = 1;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--model") a.model = v;
    else if (k == "--data") a.data = v;
    else if (k == "--batch") a.batch = std::stoul(v);
    else if (k == "--epochs") a.epochs = std::stoul(v);
    else if (k == "--threads") a.threads = std::stoi(v);
    else if (k == "--seed") a.seed = std::stoul(v);
    else throw std::runtime_error("unknown option " + k);
  }
  if (a.data.empty() || (a.model != "mlp" && a.model != "cnn") || a.batch == 0 || a.epochs == 0)
    throw std::runtime_error("usage: nnfs_peer_dlib --model mlp|cnn --data DIR [--batch N --epochs N --threads N]");
  return a;
}

std::vector<Image> standardised(const std::vector<matrix<unsigned char>>& raw) {
  std::vector<Image> out;
  out.reserve(raw.size());
  for (const auto& m : raw) out.push_back((matrix_cast<float>(m) / 255.0f - 0.1307f) / 0.3081f);
  return out;
}

double median_without_first(std::vector<double> s) {
  if (s.size() > 1) s.erase(s.begin());
  std::sort(s.begin(), s.end());
  const std::size_t h = s.size() / 2;
  return s.size() % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

template <typename Net>
void train(const Args& a, const std::vector<Image>& x, const std::vector<unsigned long>& y) {
  Net net;
  dnn_trainer<Net, adam> trainer(net, adam(0.0f, 0.9f, 0.999f));
  trainer.set_learning_rate(1e-3);
  trainer.set_min_learning_rate(1e-3);
  trainer.set_learning_rate_shrink_factor(1.0);
  trainer.set_iterations_without_progress_threshold(1u << 30);
  dlib::rand rnd(a.seed);
  std::vector<std::size_t> order(x.size());
  std::vector<Image> bx;
  std::vector<unsigned long> by;
  std::vector<double> seconds;
  for (std::size_t e = 0; e < a.epochs; ++e) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rnd.get_random_64bit_number() % i]);
    for (std::size_t b = 0; b < order.size(); b += a.batch) {
      bx.clear();
      by.clear();
      for (std::size_t i = b; i < std::min(order.size(), b + a.batch); ++i) {
        bx.push_back(x[order[i]]);
        by.push_back(y[order[i]]);
      }
      trainer.train_one_step(bx, by);
    }
    trainer.get_net();  // waits until the trainer's thread has applied every step of the epoch
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  // Not timed: it did learn (accuracy on the first 10,000 training images).
  const std::vector<Image> probe(x.begin(), x.begin() + 10000);
  const std::vector<unsigned long> predicted = net(probe);
  std::size_t right = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) right += predicted[i] == y[i];
  std::printf("{\"bench\": \"%s\", \"impl\": \"dlib\", \"version\": \"%d.%d\", \"batch\": %zu, \"threads\": %d, "
              "\"samples\": %zu, \"epochs_s\": [",
              a.model.c_str(), DLIB_MAJOR_VERSION, DLIB_MINOR_VERSION, a.batch, a.threads, x.size());
  for (std::size_t i = 0; i < seconds.size(); ++i) std::printf("%s%.4f", i ? ", " : "", seconds[i]);
  std::printf("], \"median_s\": %.4f, \"train_acc\": %.4f}\n", median_without_first(seconds),
              static_cast<double>(right) / static_cast<double>(predicted.size()));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse(argc, argv);
    // Before the first BLAS call: OpenBLAS reads it when its pool starts.
    setenv("OPENBLAS_NUM_THREADS", std::to_string(a.threads).c_str(), 1);
    setenv("OMP_NUM_THREADS", std::to_string(a.threads).c_str(), 1);
    std::vector<matrix<unsigned char>> train_raw, test_raw;
    std::vector<unsigned long> train_y, test_y;
    load_mnist_dataset(a.data, train_raw, train_y, test_raw, test_y);
    const std::vector<Image> x = standardised(train_raw);
    if (a.model == "mlp") train<Mlp>(a, x, train_y);
    else train<Cnn>(a, x, train_y);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nnfs_peer_dlib: %s\n", e.what());
    return 1;
  }
  return 0;
}
