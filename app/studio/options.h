// Command-line options of nnfs-studio: what to open at launch and the automation used by tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace nnfs::studio {

struct Options {
  std::string model;            // --model FILE (default: the best bundled model)
  std::string data;             // --data DIR   (MNIST-style directory loaded in the background)
  std::string image;            // --image FILE (put on the canvas at launch)
  std::vector<std::string> files;  // positional: models open, images go to the canvas, folders load
  std::string runs_dir;         // --runs-dir DIR: the run library (default: NNFS_RUNS_DIR, else
                                // $XDG_DATA_HOME/nnfs/runs)
  std::string events;           // --events FILE: one JSON object per line
  std::string screenshot;       // --screenshot FILE with --frames N: render N frames, save, exit
  int frames = 0;
  std::string screenshot_dir = ".";  // F12 writes window screenshots here
  int width = 0, height = 0;    // --size WxH (logical pixels; default: last session or 1280x800)
  std::string theme;            // --theme dark|light (overrides the saved setting)
  float scale = 0.0f;           // --scale S (user UI scale; 0 = saved setting)
  std::string train;            // --train PRESET: train a new model at launch (on --data: a folder
                                // or "fashion"; MNIST by default)
  int epochs = 0, batch = 0;    // --epochs N, --batch N for --train (0: the form's defaults)
  std::string playground;       // --playground SET: the Playground tab with that set's preset
  bool play = false;            // --play: start the playground's training at launch
  unsigned long long pause_at = 0;  // --pause-at STEP for --train: pause once STEP steps are done
};

// Parses argv. Returns an exit code when the program should stop (help printed: 0, usage error: 2).
std::optional<int> parse_options(int argc, char** argv, Options& options);

}  // namespace nnfs::studio
