// libFuzzer target: labels.csv of a labelled folder (engine/data/labelled_folder), the --extra and
// evaluate --input reader. The bytes become labels.csv beside one drawing (a.png) and one blank
// image (b.png): only one-line nnfs::Errors, and what is read must be 28x28 samples labelled 0-9.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "engine/data/labelled_folder.h"
#include "engine/data/png_writer.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

namespace {

std::string make_folder() {
  char pattern[] = "/tmp/fuzz-labels-csv-XXXXXX";
  const char* dir = ::mkdtemp(pattern);
  if (!dir) std::abort();
  GrayImage g{56, 56, std::vector<std::uint8_t>(56 * 56, 0)};
  write_png(g, std::string(dir) + "/b.png");
  for (std::size_t y = 10; y < 46; ++y) g.pixels[y * 56 + 28] = 255;
  write_png(g, std::string(dir) + "/a.png");
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = make_folder();
  std::ofstream(dir + "/labels.csv", std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  fuzz::expect_clean_error([&] {
    const Dataset d = read_labelled_folder(dir);
    if (d.pixels.size() != d.count * 784 || d.labels.size() != d.count) fuzz::property_failed("sizes");
    for (std::int32_t l : d.labels)
      if (l < 0 || l > 9) fuzz::property_failed("label outside 0-9 accepted");
  });
  return 0;
}
