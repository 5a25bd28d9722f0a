#include "engine/data/mnist.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "data_test_util.h"
#include "engine/data/gzip_reader.h"
#include "engine/data/idx_reader.h"

using namespace nnfs;
using namespace nnfs::test;
using Catch::Contains;

namespace {

// Writes a small MNIST-style directory: `train` and `test` images of 28x28 under the given
// base names (e.g. "train-images-idx3-ubyte" + suffix).
void write_split(const std::string& dir, const std::string& images, const std::string& labels,
                 std::size_t count) {
  const Dataset d = tiny_images(count);
  write_idx_images(dir + "/" + images, d);
  write_idx_labels(dir + "/" + labels, d);
}

void write_mnist_dir(const std::string& dir, const std::string& suffix = "", bool dotted = false) {
  std::filesystem::create_directories(dir);
  const std::string sep = dotted ? "." : "-";
  write_split(dir, "train-images" + sep + "idx3-ubyte" + suffix,
              "train-labels" + sep + "idx1-ubyte" + suffix, 12);
  write_split(dir, "t10k-images" + sep + "idx3-ubyte" + suffix,
              "t10k-labels" + sep + "idx1-ubyte" + suffix, 5);
}

// Sets an environment variable for the scope of a test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (had_) ::setenv(name_, old_.c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

}  // namespace

TEST_CASE("locate_mnist finds raw, gzip and dotted file names", "[data]") {
  TempDir tmp;
  SECTION("raw") {
    const std::string dir = tmp.file("raw");
    write_mnist_dir(dir);
    const MnistFiles f = locate_mnist(dir);
    CHECK(f.dir == dir);
    CHECK(f.train_images == dir + "/train-images-idx3-ubyte");
    CHECK(f.test_labels == dir + "/t10k-labels-idx1-ubyte");
  }
  SECTION("gzip") {
    const std::string dir = tmp.file("gz");
    write_mnist_dir(dir, ".gz");
    const MnistFiles f = locate_mnist(dir);
    CHECK(f.train_labels == dir + "/train-labels-idx1-ubyte.gz");
    CHECK(has_gzip_magic(f.train_labels));
  }
  SECTION("dotted") {
    const std::string dir = tmp.file("dotted");
    write_mnist_dir(dir, "", true);
    CHECK(locate_mnist(dir).test_images == dir + "/t10k-images.idx3-ubyte");
  }
  SECTION("raw preferred over gzip") {
    const std::string dir = tmp.file("both");
    write_mnist_dir(dir);
    write_mnist_dir(dir, ".gz");
    CHECK(locate_mnist(dir).train_images == dir + "/train-images-idx3-ubyte");
  }
}

TEST_CASE("locate_mnist explains what is missing and how to provide it", "[data]") {
  TempDir tmp;
  const std::string dir = tmp.file("partial");
  write_mnist_dir(dir);
  std::filesystem::remove(dir + "/train-labels-idx1-ubyte");
  std::filesystem::remove(dir + "/t10k-images-idx3-ubyte");
  const std::string msg = error_of([&] { locate_mnist(dir); });
  CHECK_THAT(msg, Contains(dir) && Contains("train-labels-idx1-ubyte[.gz]") &&
                      Contains("t10k-images-idx3-ubyte[.gz]") && Contains("--data DIR") &&
                      Contains("NNFS_DATA"));
  CHECK_THAT(msg, !Contains("train-images"));

  const std::string nowhere = tmp.file("nowhere");
  CHECK_THAT(error_of([&] { locate_mnist(nowhere); }),
             Contains(nowhere) && Contains("not a directory") && Contains("--data DIR"));
}

TEST_CASE("locate_mnist falls back to NNFS_DATA", "[data]") {
  TempDir tmp;
  const std::string dir = tmp.file("env");
  write_mnist_dir(dir, ".gz");
  {
    ScopedEnv env(kDataEnvVar, dir.c_str());
    CHECK(locate_mnist("").dir == dir);
  }
  ScopedEnv unset(kDataEnvVar, nullptr);
  CHECK_THAT(error_of([&] { locate_mnist(""); }),
             Contains("no MNIST directory given") && Contains("NNFS_DATA"));
}

TEST_CASE("load_mnist loads both splits with class names", "[data]") {
  TempDir tmp;
  const std::string dir = tmp.file("mnist");
  write_mnist_dir(dir, ".gz");
  const MnistData m = load_mnist(dir);
  CHECK(m.train.count == 12);
  CHECK(m.test.count == 5);
  CHECK(m.train.sample_shape == Shape{28, 28});
  CHECK(m.train.pixels == tiny_images(12).pixels);
  CHECK(m.test.labels == tiny_images(5).labels);
  CHECK(m.train.class_names == digit_class_names());
  CHECK(m.test.class_names == digit_class_names());

  const std::string fashion = tmp.file("Fashion-MNIST");
  write_mnist_dir(fashion);
  CHECK(load_mnist(fashion).train.class_names == fashion_class_names());
  CHECK(load_fashion_mnist(dir).test.class_names.back() == "Ankle boot");
  const std::vector<std::string> names = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
  CHECK(load_mnist(dir, names).train.class_names == names);
  CHECK_THAT(error_of([&] { load_mnist(dir, {"x"}); }), Contains("10 class names"));
}

TEST_CASE("load_mnist rejects images that are not 28x28 and bad label files", "[data]") {
  TempDir tmp;
  const std::string dir = tmp.file("odd");
  write_mnist_dir(dir);
  write_idx_images(dir + "/t10k-images-idx3-ubyte", tiny_images(5, 32, 32));
  CHECK_THAT(error_of([&] { load_mnist(dir); }),
             Contains("t10k-images-idx3-ubyte") && Contains("28x28 test images"));

  write_split(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 5);
  write_idx_labels(dir + "/train-labels-idx1-ubyte", tiny_images(11));
  CHECK_THAT(error_of([&] { load_mnist(dir); }),
             Contains("train-labels-idx1-ubyte") && Contains("expected 12 labels"));
}
