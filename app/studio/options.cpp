#include "app/cli/whole_number.h"
#include "app/studio/options.h"
#include "app/studio/playground_preset.h"

#include <cstdio>

#include <CLI/CLI.hpp>

namespace nnfs::studio {

std::optional<int> parse_options(int argc, char** argv, Options& o) {
  CLI::App app{"nnfs-studio — draw a digit and watch the network read it; open, inspect and save models"};
  app.set_version_flag("--version", std::string("nnfs-studio ") + NNFS_VERSION);
  app.add_option("--model", o.model, "Model file to open, .safetensors or .onnx (default: the best bundled model)");
  app.add_option("--data", o.data, "MNIST-style data directory to load in the background");
  app.add_option("--image", o.image, "Image file to put on the canvas at launch");
  app.add_option("files", o.files,
                 "Files to open as if dropped on the window: a .safetensors or .onnx model, an image, a data folder");
  app.add_option("--runs-dir", o.runs_dir,
                 "The run library: every training run is recorded here and listed in the Runs tab "
                 "(default: NNFS_RUNS_DIR, else $XDG_DATA_HOME/nnfs/runs)");
  std::string size;
  app.add_option("--size", size, "Window size in logical pixels, e.g. 1280x800")
      ->type_name("WxH")
      ->check([](const std::string& s) {
        int w = 0, h = 0;
        return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w >= 320 && h >= 240
                   ? std::string() : std::string("expected WIDTHxHEIGHT, at least 320x240");
      });
  app.add_option("--theme", o.theme, "dark or light (default: the saved setting; remembered)")
      ->check(CLI::IsMember({"dark", "light"}));
  app.add_option("--scale", o.scale, "UI scale factor on top of the monitor's content scale (remembered)")
      ->check(CLI::Range(0.5f, 3.0f));
  auto* automation = app.add_option_group("Automation (for tests)");
  automation->add_option("--events", o.events,
      "Append one JSON object per line for what the app does: layout {canvas:[x,y,w,h]}, "
      "model_loaded/model_saved {path}, prediction {label (null when empty), probs, ms, cpu_ms}, "
      "error {message, model}, screenshot {path}, frames {count, max_ms} once a second, "
      "epoch {epoch, train_loss, train_acc, test_loss, test_acc, seconds}, training_state {state}, "
      "runs_listed {count, states, dir}, runs_ticked {ids}, run_curves {id, name, batches, epochs, changes, state}, "
      "run_change_sent {change}, run_change {epoch, step, batches, change, text}, "
      "playground {set, state, epoch, loss, accuracy, test_loss, test_accuracy, hidden_layers, step} twice a second "
      "while it trains and whenever it pauses, steps or is rebuilt; "
      "layout also has tabs and buttons {label: [x,y,w,h]}");
  automation->add_option("--train", o.train, "Train a new model from this preset at launch (mlp, nnfs, cnn, cnn-large) "
                                             "on --data (a folder, or 'fashion'; default MNIST)")
      ->check(CLI::IsMember({"mlp", "nnfs", "cnn", "cnn-large"}));
  automation->add_option("--epochs", o.epochs, "Epochs for --train")->check(nnfs::cli::whole_number_at_least(1));
  automation->add_option("--batch", o.batch, "Batch size for --train")->check(nnfs::cli::whole_number_at_least(1));
  automation->add_option("--pause-at", o.pause_at, "Pause the --train run once this many optimizer steps are done")
      ->check(nnfs::cli::whole_number_at_least(1));
  automation->add_option("--playground", o.playground,
                         "Open the Playground tab with this data set and the book's settings for it")
      ->check(CLI::IsMember(playground_set_names()));
  automation->add_flag("--play", o.play, "Start training the --playground network at launch")->needs("--playground");
  automation->add_option("--screenshot", o.screenshot,
                         "Render --frames N frames once loading is done, write this PNG and exit (mouse ignored)");
  automation->add_option("--frames", o.frames, "Frames to render before --screenshot")->check(nnfs::cli::whole_number_at_least(1));
  automation->add_option("--screenshot-dir", o.screenshot_dir, "Directory for F12 screenshots")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (!size.empty()) std::sscanf(size.c_str(), "%dx%d", &o.width, &o.height);
  if (!o.screenshot.empty() && o.frames == 0) o.frames = 3;
  return std::nullopt;
}

}  // namespace nnfs::studio
