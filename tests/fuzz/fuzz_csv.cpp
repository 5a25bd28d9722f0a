// libFuzzer target: MNIST CSV files (engine/data/csv_reader), read directly and through
// load_samples_file (which picks IDX or CSV by content).
#include <cstdint>

#include "engine/data/csv_reader.h"
#include "engine/data/data_source.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

namespace {

void check(const Dataset& d) {
  if (d.count == 0) fuzz::property_failed("empty data set accepted");
  if (d.pixels.size() != d.count * kCsvPixels) fuzz::property_failed("pixels != rows x 784");
  if (!d.labels.empty() && d.labels.size() != d.count) fuzz::property_failed("labels != rows");
  for (std::int32_t l : d.labels)
    if (l < 0 || l > 9) fuzz::property_failed("label outside 0-9 accepted");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file("csv");
  const std::string& path = file.write(data, size);
  fuzz::expect_clean_error([&] { check(read_mnist_csv(path)); });
  fuzz::expect_clean_error([&] { (void)load_samples_file(path); });
  return 0;
}
