// Every data reader against what a user may name by mistake: a named pipe (a plain open() would
// wait for a writer forever, so these tests would hang without the fix), a directory, /dev/zero,
// a /proc file, a 2 GiB sparse file (costs no disk) and images in formats no reader understands.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <functional>
#include <limits>

#include "data_test_util.h"
#include "engine/data/csv_reader.h"
#include "engine/data/data_file.h"
#include "engine/data/data_source.h"
#include "engine/data/gzip_reader.h"
#include "engine/data/idx_reader.h"
#include "engine/data/image.h"
#include "engine/data/mnist.h"

using namespace nnfs;
using namespace nnfs::test;

namespace {

using Reader = std::function<void(const std::string&)>;

// The readers of a single user-named data file.
std::vector<std::pair<const char*, Reader>> file_readers() {
  return {
      {"read_idx", [](const std::string& p) { read_idx(p, 3); }},
      {"read_idx_dataset", [](const std::string& p) { read_idx_dataset(p, nullptr); }},
      {"read_mnist_csv", [](const std::string& p) { read_mnist_csv(p); }},
      {"load_samples_file", [](const std::string& p) { load_samples_file(p); }},
      {"load_image", [](const std::string& p) { load_image(p); }},
      {"has_gzip_magic", [](const std::string& p) { has_gzip_magic(p); }},
      {"GzipReader", [](const std::string& p) { GzipReader gz(p); }},
      {"DataFileStream", [](const std::string& p) { DataFileStream in(p); }},
  };
}

std::string make_fifo(const TempDir& dir, const std::string& name) {
  const std::string path = dir.file(name);
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  return path;
}

// A file of `size` bytes that reads as zeros and occupies no disk.
std::string sparse_file(const TempDir& dir, const std::string& name, off_t size) {
  const std::string path = dir.file(name);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::ftruncate(fd, size) == 0);
  ::close(fd);
  return path;
}

// Bytes pulled from an endless stream of zeros, counted.
class EndlessZeros : public ByteSource {
 public:
  std::size_t read(std::uint8_t* dst, std::size_t n) override {
    std::fill(dst, dst + n, std::uint8_t{0});
    pulled += n;
    return n;
  }
  std::uint64_t pulled = 0;
};

// An endless line of "0,0,0,...": text, but never a line end.
class EndlessLine : public ByteSource {
 public:
  std::size_t read(std::uint8_t* dst, std::size_t n) override {
    for (std::size_t i = 0; i < n; ++i) dst[i] = (pulled + i) % 2 ? ',' : '0';
    pulled += n;
    return n;
  }
  std::uint64_t pulled = 0;
};

}  // namespace

TEST_CASE("special: every data reader refuses a FIFO at once instead of waiting for a writer", "[data][special]") {
  TempDir dir;
  const std::string fifo = make_fifo(dir, "f");
  for (const auto& [name, read] : file_readers()) {
    INFO(name);
    CHECK(error_of([&] { read(fifo); }) == fifo + ": is a named pipe (FIFO), expected a regular file");
  }
}

TEST_CASE("special: every data reader refuses a directory and /dev/zero", "[data][special]") {
  TempDir dir;
  const std::string folder = dir.path().string();
  for (const auto& [name, read] : file_readers()) {
    INFO(name);
    CHECK(error_of([&] { read(folder); }) == folder + ": is a directory, expected a file");
    CHECK(error_of([&] { read("/dev/zero"); }) == "/dev/zero: is a character device, expected a regular file");
  }
}

TEST_CASE("special: a /proc file is not taken for an empty one", "[data][special]") {
  for (const auto& [name, read] : file_readers()) {
    INFO(name);
    CHECK(error_of([&] { read("/proc/self/status"); }) ==
          "/proc/self/status: reports a size of 0 bytes (a /proc or /sys file?), expected a regular file with data");
  }
  TempDir dir;
  CHECK(error_of([&] { read_mnist_csv(dir.write_text("empty.csv", "")); }) ==
        dir.file("empty.csv") + ": line 1: expected MNIST CSV rows, found an empty file");
}

TEST_CASE("special: an image file is never opened with a blocking open", "[data][special]") {
  TempDir dir;
  const std::string fifo = make_fifo(dir, "f.png");
  CHECK_FALSE(file_has_image_signature(fifo));  // the reader that opens it next says why
  CHECK_FALSE(file_has_image_signature(dir.path().string()));
}

TEST_CASE("special: the MNIST folder names a FIFO or a directory where a file should be", "[data][special]") {
  TempDir dir;
  const std::string fifo = make_fifo(dir, "train-images-idx3-ubyte");
  CHECK(error_of([&] { locate_mnist(dir.path().string()); }) ==
        fifo + ": is a named pipe (FIFO), expected a regular file");
  TempDir dir2;
  std::filesystem::create_directory(dir2.file("t10k-labels-idx1-ubyte"));
  CHECK(error_of([&] { locate_mnist(dir2.path().string()); }) ==
        dir2.file("t10k-labels-idx1-ubyte") + ": is a directory, expected a file");
  TempDir dir3;
  const std::string not_dir = make_fifo(dir3, "mnist");
  CHECK(error_of([&] { locate_mnist(not_dir); }) == not_dir + ": is a named pipe (FIFO), expected a directory");
}

TEST_CASE("special: a 2 GiB sparse file fails on its first bytes", "[data][special]") {
  TempDir dir;
  const std::string zeros = sparse_file(dir, "zeros.csv", off_t{2} << 30);
  CHECK(error_of([&] { read_mnist_csv(zeros); }) ==
        zeros + ": line 1: column 1 is a NUL byte (0x00), expected text (not a CSV file?)");
  CHECK(error_of([&] { load_samples_file(zeros); }) ==
        zeros + ": line 1: column 1 is a NUL byte (0x00), expected text (not a CSV file?)");
  CHECK(error_of([&] { read_idx(zeros, 3); }) ==
        zeros + ": byte 2: expected data type 0x08 (unsigned byte), found 0x00 (unknown type)");
}

TEST_CASE("special: the CSV reader reads a bounded amount before refusing what is not CSV", "[data][special]") {
  EndlessZeros zeros;
  CHECK(error_of([&] { read_mnist_csv(zeros, "zeros"); }) ==
        "zeros: line 1: column 1 is a NUL byte (0x00), expected text (not a CSV file?)");
  CHECK(zeros.pulled <= std::uint64_t{64} << 10);  // the first read
  EndlessLine line;
  CHECK(error_of([&] { read_mnist_csv(line, "line"); }) ==
        "line: line 1: no line end in the first 1048576 bytes of the line, expected rows of 785 values "
        "(label + 784 pixels)");
  CHECK(line.pulled <= std::uint64_t{2} << 20);
}

TEST_CASE("special: a NUL byte inside a CSV row is named, not cut short", "[data][special]") {
  TempDir dir;
  std::string row = "5";
  for (int i = 0; i < 784; ++i) row += ",0";
  row[4] = '\0';
  const std::string path = dir.write_text("nul.csv", row + "\n");
  CHECK(error_of([&] { read_mnist_csv(path); }) ==
        path + ": line 1: column 5 is a NUL byte (0x00), expected text (not a CSV file?)");
  std::string good = row;
  good[4] = '0';
  const std::string third = dir.write_text("third.csv", good + "\n" + good + "\n" + row + "\n");
  CHECK(error_of([&] { read_mnist_csv(third); }) ==
        third + ": line 3: column 5 is a NUL byte (0x00), expected text (not a CSV file?)");
  std::string bad = row;
  bad[4] = '\x07';
  row[4] = '0';
  const std::string bell = dir.write_text("bell.csv", row + "\n" + bad + "\n");
  CHECK(error_of([&] { read_mnist_csv(bell); }) ==
        bell + ": line 2: value 3: expected a pixel value 0-255, found '\\x07'");
}

TEST_CASE("special: TIFF and WebP images are named as such, not as bad CSV", "[data][special]") {
  TempDir dir;
  const std::string tiff = dir.write_bytes("x.tiff", {'I', 'I', '*', 0, 8, 0, 0, 0, 0, 0});
  const std::string expected_tiff = tiff + ": TIFF images are not supported (PNG, JPEG, BMP, GIF, TGA, PSD or PNM expected)";
  CHECK(error_of([&] { load_samples_file(tiff); }) == expected_tiff);
  CHECK(error_of([&] { load_image(tiff); }) == expected_tiff);
  const std::string big_endian_tiff = dir.write_bytes("scan", {'M', 'M', 0, '*', 0, 0, 0, 8});
  CHECK(error_of([&] { load_samples_file(big_endian_tiff); }) ==
        big_endian_tiff + ": TIFF images are not supported (PNG, JPEG, BMP, GIF, TGA, PSD or PNM expected)");
  const std::string webp = dir.write_bytes("x.webp", {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '});
  const std::string expected_webp = webp + ": WebP images are not supported (PNG, JPEG, BMP, GIF, TGA, PSD or PNM expected)";
  CHECK(error_of([&] { load_samples_file(webp); }) == expected_webp);
  CHECK(error_of([&] { load_image(webp); }) == expected_webp);
  // By the name alone when the bytes say nothing (a truncated file).
  const std::string named = dir.write_text("cut.webp", "RIFF");
  CHECK(error_of([&] { load_samples_file(named); }) ==
        named + ": WebP images are not supported (PNG, JPEG, BMP, GIF, TGA, PSD or PNM expected)");
}
