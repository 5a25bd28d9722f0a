#include "engine/data/data_source.h"

#include <cstdlib>

#include "engine/core/error.h"
#include "engine/data/csv_reader.h"
#include "engine/data/data_file.h"
#include "engine/data/idx_reader.h"
#include "engine/data/image.h"

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
  // IDX image files start with 00 00 08 03 (raw); anything else is read as CSV, except images in a
  // format no reader here understands (TIFF, WebP, ...), named as such rather than as bad CSV.
  // Gzip files are decompressed by the readers, so peek at the decompressed start.
  std::uint8_t head[16] = {};
  const std::size_t n = DataFileStream(path).read(head, sizeof head);
  if (const std::string format = unsupported_image_format({head, n}, path); !format.empty())
    throw Error(unsupported_image_message(path, format));
  const bool idx = n >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x08;
  if (idx) return read_idx_dataset(path, nullptr);
  return read_mnist_csv(path);
}

}  // namespace nnfs
