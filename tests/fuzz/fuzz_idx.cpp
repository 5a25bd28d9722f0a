// libFuzzer target: raw IDX files (engine/data/idx_reader).
//
// Input: one mode byte, then the file. Even mode: the rest is one IDX file, read as a generic
// array and as an image set. Odd mode: the last (mode / 2) bytes are a labels file and the bytes
// before them an images file, read as a labelled data set (count and label checks).
#include <cstdint>

#include "engine/data/idx_reader.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile images("idx-images"), labels("idx-labels");
  if (size < 1) return 0;
  const unsigned mode = data[0];
  ++data;
  --size;
  if (mode % 2 == 0) {
    const std::string& path = images.write(data, size);
    fuzz::expect_clean_error([&] {
      const IdxArray a = read_idx(path);
      std::uint64_t total = 1;
      for (std::uint32_t d : a.dims) total *= d;
      if (a.dims.empty() || total != a.bytes.size()) fuzz::property_failed("IDX dims and byte count differ");
    });
    fuzz::expect_clean_error([&] {
      const Dataset d = read_idx_dataset(path, nullptr);
      if (d.pixels.size() != d.count * d.sample_size()) fuzz::property_failed("pixels != count x H x W");
    });
    return 0;
  }
  const std::size_t label_bytes = std::min<std::size_t>(mode / 2, size);
  const std::string& ipath = images.write(data, size - label_bytes);
  const std::string& lpath = labels.write(data + size - label_bytes, label_bytes);
  fuzz::expect_clean_error([&] {
    const Dataset d = read_idx_dataset(ipath, &lpath);
    if (d.labels.size() != d.count) fuzz::property_failed("labels != images");
    for (std::int32_t l : d.labels)
      if (l < 0 || l > 9) fuzz::property_failed("label outside 0-9 accepted");
  });
  return 0;
}
