// nnfs demo: a short training run on MNIST with a summary — what the README's first command
// shows until the studio app exists.
#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/whole_number.h"
#include "engine/data/data_source.h"
#include "engine/train/evaluate.h"
#include "engine/train/metrics.h"
#include "engine/train/epoch_loop.h"

namespace nnfs::cli {

namespace {
struct DemoOptions {
  std::string data;
  std::size_t epochs = 2;
};

// A test digit as text, darker pixels as denser characters.
void print_digit(const Dataset& data, std::size_t index) {
  static const char kShades[] = " .:-=+*#%@";
  const std::uint8_t* p = data.pixels.data() + index * data.sample_size();
  for (std::size_t r = 0; r < 28; r += 2) {  // every other row keeps the aspect ratio in a terminal
    std::printf("    ");
    for (std::size_t c = 0; c < 28; ++c) std::putchar(kShades[p[r * 28 + c] * 9 / 255]);
    std::putchar('\n');
  }
}

void run(const DemoOptions& o) {
  MnistData mnist = load_data_dir(o.data);
  std::printf("NeuralNetworkFromScratch demo: a 784-128-10 network learns MNIST from scratch\n\n");
  Model model;
  model.net = Sequential::from_architecture(mnist.train.sample_shape, preset_architecture("mlp", 10));
  model.net.init(1);
  model.class_names = mnist.train.class_names;
  std::printf("%s\n", model.net.summary().c_str());
  TrainConfig config;
  config.epochs = o.epochs;
  ProgressBar bar;
  TrainCallbacks callbacks;
  callbacks.on_batch = [&](const BatchProgress& p) { bar.update(p); };
  callbacks.on_epoch = [&](const EpochResult& r) {
    bar.clear();
    std::printf("%s\n", format_epoch(r, config.epochs).c_str());
    std::fflush(stdout);
  };
  run_training(model, mnist.train, &mnist.test, config, callbacks);

  const Evaluation ev = evaluate(model, mnist.test);
  std::printf("\ntest accuracy %.2f%% on %zu images never seen in training\n", 100.0 * ev.accuracy, ev.count);
  std::printf("%s\n", format_confusion(ev.confusion, model.class_names).c_str());
  for (std::size_t i : {0u, 1u, 2u}) {
    print_digit(mnist.test, i);
    std::printf("    the network says %d (label %d)\n\n", ev.predicted[i], mnist.test.labels[i]);
  }
  std::printf("Next: nnfs train --data %s --model mlp --epochs 5 --out mnist.safetensors\n",
              resolve_data_dir(o.data).c_str());
}
}  // namespace

void add_demo_command(CLI::App& app) {
  auto o = std::make_shared<DemoOptions>();
  auto* cmd = app.add_subcommand("demo", "Train a small network on MNIST for a moment and show what it learned");
  cmd->add_option("--data", o->data, "MNIST directory (default: $NNFS_DATA or data/mnist)");
  cmd->add_option("--epochs", o->epochs, "Epochs to train")->capture_default_str()->check(whole_number_at_least(1));
  cmd->callback([o] { run(*o); });
}

}  // namespace nnfs::cli
