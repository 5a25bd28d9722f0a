// onnx_probabilities MODEL IMAGES OUT: the model's outputs for every sample of IMAGES (an IDX image
// file or CSV, scaled by the model's own input scaling) as raw float32 [count, K] in OUT. The ONNX
// acceptance scripts compare them with PyTorch's, to 1e-4, which printed CSV cannot carry.
#include <cstdio>
#include <exception>
#include <span>

#include "engine/data/data_source.h"
#include "engine/model/model_file.h"
#include "engine/train/evaluate.h"
#include "engine/util/atomic_file.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: onnx_probabilities MODEL IMAGES OUT\n");
    return 2;
  }
  try {
    const nnfs::Model model = nnfs::load_model(argv[1]);
    const nnfs::Tensor out = nnfs::predict(model, nnfs::load_samples_file(argv[2]));
    nnfs::write_file_atomically(argv[3], std::as_bytes(std::span<const float>(out.data(), out.size())));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "onnx_probabilities: %s\n", e.what());
    return 1;
  }
  return 0;
}
