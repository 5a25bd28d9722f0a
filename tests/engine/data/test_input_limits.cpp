// Inputs that claim absurd sizes are refused before anything is allocated: each read runs in a
// child process whose address space is capped at 512 MiB above what it already uses, so an
// attempt to allocate what the header claims fails the test (std::bad_alloc, not nnfs::Error).
// (Skipped under ASan/TSan, which reserve terabytes of shadow memory; there the reads still run
// in-process and ASan reports any allocation above its own limit.)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <functional>
#include <string>

#include "engine/data/csv_reader.h"
#include "engine/data/data_source.h"
#include "engine/data/idx_reader.h"
#include "engine/model/model_file.h"
#include "engine/model/safetensors.h"
#include "tests/engine/data/data_test_util.h"

using namespace nnfs;
using namespace nnfs::test;

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kCanCapMemory = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kCanCapMemory = false;
#else
constexpr bool kCanCapMemory = true;
#endif
#else
constexpr bool kCanCapMemory = true;
#endif

// Runs `read`, which must throw nnfs::Error, in a child process with a capped address space.
// Returns the error message (empty if the child failed another way).
std::string refused_within_memory_cap(const std::function<void()>& read) {
  if (!kCanCapMemory) return error_of(read);
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    std::size_t vm_kb = 0;  // current address space size
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("VmSize:", 0) == 0) vm_kb = std::stoul(line.substr(7));
    rlimit lim{};
    lim.rlim_cur = lim.rlim_max = (vm_kb << 10) + (rlim_t{512} << 20);
    ::setrlimit(RLIMIT_AS, &lim);
    int code = 2;  // 2: no error at all
    std::string message;
    try {
      read();
    } catch (const nnfs::Error& e) {
      message = e.what();
      code = 0;
    } catch (const std::bad_alloc&) {
      code = 3;
    } catch (...) {
      code = 4;
    }
    (void)!::write(fds[1], message.data(), message.size());
    ::_exit(code);
  }
  ::close(fds[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  INFO("child exit: 0 = nnfs::Error, 2 = accepted, 3 = std::bad_alloc, 4 = other exception");
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  return message;
}

Bytes le64(std::uint64_t v) {
  Bytes b;
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<unsigned char>(v >> (8 * i)));
  return b;
}

Bytes text_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

}  // namespace

TEST_CASE("limits: an IDX header claiming 2^31 images is refused before allocating", "[data][limits]") {
  TempDir dir;
  const Bytes claim = idx_bytes({1u << 31, 28, 28}, counting_bytes(784));  // 1.6 TB claimed, 1 image given
  const std::string raw = dir.write_bytes("claim.idx", claim);
  CHECK_THAT(refused_within_memory_cap([&] { read_idx_dataset(raw, nullptr); }),
             Catch::StartsWith(raw + ": byte 4: expected at most 4294967296 data bytes, found dimensions 2147483648x28x28"));
  const std::string gz = write_gzip(dir, "claim.idx.gz", claim);
  CHECK_THAT(refused_within_memory_cap([&] { read_idx_dataset(gz, nullptr); }),
             Catch::StartsWith(gz + ": byte 4 (decompressed): expected at most 4294967296 data bytes"));

  // 2^31 one-pixel images (2 GiB, under the data cap) in a tiny file: raw is checked against the
  // file size, gzip grows its buffer only as bytes arrive.
  const Bytes small_claim = idx_bytes({1u << 31, 1, 1}, counting_bytes(1000));
  const std::string raw2 = dir.write_bytes("claim2.idx", small_claim);
  CHECK_THAT(refused_within_memory_cap([&] { read_idx_dataset(raw2, nullptr); }),
             Catch::Contains("expected 2147483648 data bytes (2147483648x1x1), found only 1000 (file truncated)"));
  const std::string gz2 = write_gzip(dir, "claim2.idx.gz", small_claim);
  CHECK_THAT(refused_within_memory_cap([&] { read_idx_dataset(gz2, nullptr); }),
             Catch::Contains("found only 1000 (data truncated)"));
  // The same through the loader that guesses the format from the contents.
  CHECK_THAT(refused_within_memory_cap([&] { load_samples_file(gz2); }), Catch::Contains("data truncated"));
}

TEST_CASE("limits: labels claiming more entries than the file holds", "[data][limits]") {
  TempDir dir;
  const std::string images = dir.write_bytes("i.idx", idx_bytes({2, 2, 2}, counting_bytes(8)));
  const std::string labels = dir.write_bytes("l.idx", idx_bytes({0xffffffffu}, counting_bytes(2, 10)));
  CHECK_THAT(refused_within_memory_cap([&] { read_idx_dataset(images, &labels); }),
             Catch::Contains(labels) && Catch::Contains("file truncated"));
}

TEST_CASE("limits: a safetensors header length of gigabytes is refused before reading it", "[model][limits]") {
  TempDir dir;
  for (const std::uint64_t claimed : {std::uint64_t{5} << 30, std::uint64_t{100'000'001}, ~std::uint64_t{0}}) {
    const std::string path = dir.write_bytes("h.safetensors", concat(le64(claimed), text_bytes("{}")));
    CHECK_THAT(refused_within_memory_cap([&] { load_safetensors(path); }),
               Catch::Equals(path + ": byte 0: header length " + std::to_string(claimed) +
                             " is larger than the limit of 100000000 bytes (not a safetensors file?)"));
    CHECK_THAT(refused_within_memory_cap([&] { load_model(path); }), Catch::Contains("is larger than the limit"));
  }
  // Tensor shapes whose byte size overflows or exceeds the file.
  const std::string header =
      R"({"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,16]}})";
  const std::string path = dir.write_bytes("s.safetensors", concat(le64(header.size()), text_bytes(header + std::string(16, '\0'))));
  CHECK_THAT(refused_within_memory_cap([&] { load_safetensors(path); }), Catch::Contains("overflows 64 bits"));
}

TEST_CASE("limits: a model file whose architecture asks for billions of parameters", "[model][limits]") {
  TempDir dir;
  const std::string arch = R"([{\"type\":\"dense\",\"units\":1048576},{\"type\":\"dense\",\"units\":1048576}])";
  const std::string meta = std::string(R"({"__metadata__":{"nnfs.format":"1","nnfs.input_shape":"[16777216]",)") +
                           R"("nnfs.architecture":")" + arch + R"(","nnfs.class_names":"[]",)" +
                           R"("nnfs.loss":"mse","nnfs.preprocessing":"{\"pixel_scale\":1,\"pixel_offset\":0}"}})";
  const std::string path = dir.write_bytes("huge.safetensors", concat(le64(meta.size()), text_bytes(meta)));
  CHECK_THAT(refused_within_memory_cap([&] { load_model(path); }),
             Catch::Contains(path) && Catch::Contains("required by the architecture is missing"));
}

TEST_CASE("limits: CSV of any size is refused without a row-sized allocation per claim", "[data][limits]") {
  TempDir dir;
  // A CSV line of 10 MB with one field: no row is that long, refused after reading at most 2 MiB of it.
  const std::string path = dir.write_text("wide.csv", std::string(10'000'000, '7') + "\n");
  CHECK_THAT(refused_within_memory_cap([&] { read_mnist_csv(path); }),
             Catch::StartsWith(path + ": line 1: no line end in the first 1048576 bytes of the line"));
}
