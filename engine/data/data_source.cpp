#include "engine/data/data_source.h"

#include <cstdlib>
#include <fstream>

#include "engine/core/error.h"
#include "engine/data/csv_reader.h"
#include "engine/data/data_file.h"
#include "engine/data/idx_reader.h"

namespace nnfs {

std::string resolve_data_dir(const std::string& spec) {
  if (spec == "fashion" || spec == "fashion-mnist") return kFashionMnistDir;
  if (spec.empty() || spec == "mnist") {
    const char* env = std::getenv(kDataEnvVar);
    return env && *env ? env : kDefaultMnistDir;
  }
  return spec;
}

MnistData load_data_dir(const std::string& spec) {
  const std::string dir = resolve_data_dir(spec);
  if (dir == kFashionMnistDir) return load_fashion_mnist(dir);
  return load_mnist(dir);
}

Dataset load_samples_file(const std::string& path) {
  // IDX image files start with 00 00 08 03 (raw); anything else is read as CSV. Gzip files are
  // decompressed by the readers, so peek at the decompressed start.
  const FileBuffer buffer = read_data_file(path, kMaxDataFileBytes);
  const auto* b = reinterpret_cast<const unsigned char*>(buffer.data());
  const bool idx = buffer.size() >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0x08;
  if (idx) return read_idx_dataset(path, nullptr);
  return read_mnist_csv(path);
}

}  // namespace nnfs
