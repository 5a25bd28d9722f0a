// libFuzzer target: gzip-compressed IDX files and the gzip layer under every reader
// (engine/data/gzip_reader, data_file, idx_reader, data_source).
//
// Input: one mode byte, then bytes. Even mode: the harness gzip-compresses the bytes, so the IDX
// parser is reached through the streaming gzip path (incremental buffer growth, trailing data,
// CRC check). Odd mode: the bytes are the file as is (seeds are real .gz files), so mutations hit
// the gzip header, deflate stream, trailer and member handling.
// Each file is read as IDX and through load_samples_file (IDX or CSV by the decompressed start,
// then streamed).
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "engine/data/data_source.h"
#include "engine/data/idx_reader.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

namespace {

std::vector<std::uint8_t> gzip(const std::uint8_t* data, std::size_t size) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::vector<std::uint8_t> out(deflateBound(&z, static_cast<uLong>(size)) + 32);
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file("idx-gzip");
  if (size < 1) return 0;
  const unsigned mode = data[0];
  ++data;
  --size;
  std::vector<std::uint8_t> compressed;
  if (mode % 2 == 0) {
    compressed = gzip(data, size);
    data = compressed.data();
    size = compressed.size();
  }
  const std::string& path = file.write(data, size);
  fuzz::expect_clean_error([&] {
    const IdxArray a = read_idx(path);
    std::uint64_t total = 1;
    for (std::uint32_t d : a.dims) total *= d;
    if (total != a.bytes.size()) fuzz::property_failed("IDX dims and byte count differ");
  });
  fuzz::expect_clean_error([&] {
    const Dataset d = load_samples_file(path);
    if (d.pixels.size() != d.count * d.sample_size()) fuzz::property_failed("pixels != count x size");
  });
  return 0;
}
