// Where front ends get data from: a directory of MNIST-style IDX files (or a keyword for a known
// dataset), or a single file of samples (CSV, or an IDX image file).
#pragma once

#include <string>

#include "engine/data/dataset.h"
#include "engine/data/mnist.h"

namespace nnfs {

// The default MNIST location, relative to the working directory, that the setup script fills.
inline constexpr const char* kDefaultMnistDir = "data/mnist";

// "fashion" → Fashion-MNIST from Debian's dataset-fashion-mnist package; "mnist" or "" →
// $NNFS_DATA if set, else data/mnist; anything else is a directory.
std::string resolve_data_dir(const std::string& spec);
MnistData load_data_dir(const std::string& spec);

// A file of samples: CSV (labelled or not) or IDX images (unlabelled), detected from the
// contents, not the name.
Dataset load_samples_file(const std::string& path);

}  // namespace nnfs
