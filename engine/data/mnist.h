// Finding and loading MNIST-style directories (MNIST, Fashion-MNIST): four IDX files,
//   train-images-idx3-ubyte  train-labels-idx1-ubyte  t10k-images-idx3-ubyte  t10k-labels-idx1-ubyte
// each raw or gzipped (".gz"), also under the dotted names some mirrors use
// ("train-images.idx3-ubyte").
#pragma once

#include <string>
#include <vector>

#include "engine/data/dataset.h"

namespace nnfs {

// The environment variable consulted when no directory is given.
inline constexpr const char* kDataEnvVar = "NNFS_DATA";
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

struct MnistFiles {
  std::string dir;
  std::string train_images, train_labels, test_images, test_labels;
};

// Finds the four files in `dir` (an empty dir means $NNFS_DATA). Throws nnfs::Error listing the
// missing files and how to provide them (--data DIR or NNFS_DATA).
MnistFiles locate_mnist(const std::string& dir);

struct MnistData {
  Dataset train, test;
};

// Loads and checks both splits: 28x28 images, labels 0-9, label counts matching image counts.
// Class names are the digits, or the Fashion-MNIST names when the directory path contains
// "fashion" (any case).
MnistData load_mnist(const std::string& dir);
// The same with explicit class names (10 of them).
MnistData load_mnist(const std::string& dir, const std::vector<std::string>& class_names);
// Fashion-MNIST (default: Debian's dataset-fashion-mnist package directory).
MnistData load_fashion_mnist(const std::string& dir = kFashionMnistDir);

// "T-shirt/top", "Trouser", ... "Ankle boot".
std::vector<std::string> fashion_class_names();

}  // namespace nnfs
