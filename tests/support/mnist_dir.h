// An MNIST-style folder of IDX files (train-/t10k- images and labels) holding the given data, for
// tests that run `nnfs ... --data DIR` or load_data_dir.
#pragma once

#include <filesystem>
#include <string>

#include "engine/data/idx_reader.h"
#include "support/temp_dir.h"

namespace nnfs::test {

inline std::string write_mnist_dir(const TempDir& dir, const std::string& name, const Dataset& train,
                                   const Dataset& test_set) {
  const std::string d = dir.file(name);
  std::filesystem::create_directory(d);
  write_idx_images(d + "/train-images-idx3-ubyte", train);
  write_idx_labels(d + "/train-labels-idx1-ubyte", train);
  write_idx_images(d + "/t10k-images-idx3-ubyte", test_set);
  write_idx_labels(d + "/t10k-labels-idx1-ubyte", test_set);
  return d;
}

}  // namespace nnfs::test
