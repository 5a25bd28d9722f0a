// libFuzzer target: the My-digits index (engine/data/digit_store). The bytes become index.txt in
// a store that holds one valid drawing (1.png); opening must never throw or crash, only skip
// with a one-line note, and what it keeps must be valid samples.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "engine/data/digit_store.h"
#include "engine/data/png_writer.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

namespace {

std::string make_store() {
  char pattern[] = "/tmp/fuzz-digit-store-XXXXXX";
  const char* dir = ::mkdtemp(pattern);
  if (!dir) std::abort();
  GrayImage g{56, 56, std::vector<std::uint8_t>(56 * 56, 0)};
  for (std::size_t y = 10; y < 46; ++y) g.pixels[y * 56 + 28] = 255;
  write_png(g, std::string(dir) + "/1.png");
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = make_store();
  std::ofstream(dir + "/index.txt", std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  fuzz::expect_clean_error([&] {
    const DigitStore store(dir);
    if (store.skipped_note().find('\n') != std::string::npos) fuzz::property_failed("note of more than one line");
    for (const StoredDigit& d : store.samples())
      if (d.label < 0 || d.label > 9 || d.predicted < -1 || d.predicted > 9) fuzz::property_failed("bad sample kept");
    if (store.dataset().pixels.size() != store.samples().size() * kDigitViewPixels) fuzz::property_failed("view size");
  });
  return 0;
}
