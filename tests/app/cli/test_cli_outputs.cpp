// Outputs that are inputs, and outputs that cannot or may not be written (issue 19, classes 3
// and 8). An output that is the same FILE as an input (any spelling: ./x, a symbolic link, a hard
// link) or as another output is refused with exit 2 before anything is read or written; a
// read-only target, a target in a read-only directory or an immutable one is refused with exit 1
// before any work. Tests run as root here, where permission bits do not stop writes: the engine
// reads the mode bits itself, so the refusals below hold for root and for users alike.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_files_fixture.h"

using namespace nnfs;
using nnfs::test::check_refusal;
using nnfs::test::FilesFixture;
using nnfs::test::slurp;
namespace fs = std::filesystem;

namespace {

// The ways to name `path` again: ./path-in-its-directory, a symbolic link, a hard link.
std::vector<std::string> spellings(const FilesFixture& f, const std::string& path, const std::string& tag) {
  const std::string dot = (fs::path(path).parent_path() / "." / fs::path(path).filename()).string();
  const std::string link = f.dir.file("link-" + tag), hard = f.dir.file("hard-" + tag);
  fs::create_symlink(path, link);
  fs::create_hard_link(path, hard);
  return {path, dot, link, hard};
}

// The command is refused (exit 2, one line naming both flags) and `kept` still holds its bytes.
void check_same_file_refused(const FilesFixture& f, const std::vector<std::string>& args, const std::string& kept,
                             const std::string& out_flag, const std::string& in_flag) {
  const std::string before = slurp(kept);
  std::string line;
  for (const auto& a : args) line += a + " ";
  INFO("nnfs " << line);
  const nnfs::test::Run r = f.refused(args);
  check_refusal(r, 2, {out_flag + " ", "is the same file as " + in_flag, "choose another " + out_flag});
  CHECK(r.out.find("epoch") == std::string::npos);
  CHECK(slurp(kept) == before);
}

}  // namespace

TEST_CASE("cli: an output that is the same file as an input is refused, however it is spelled", "[cli][files]") {
  FilesFixture f;
  SECTION("predict --out the model") {
    for (const auto& out : spellings(f, f.model, "m"))
      check_same_file_refused(f, {"predict", "--model", f.model, "--input", f.test_csv, "--out", out}, f.model,
                              "--out", "--model");
  }
  SECTION("predict --out the input") {
    for (const auto& out : spellings(f, f.test_csv, "t"))
      check_same_file_refused(f, {"predict", "--model", f.model, "--input", f.test_csv, "--out", out}, f.test_csv,
                              "--out", "--input");
  }
  SECTION("predict --out one of the --data files") {
    const std::string images = f.mnist + "/t10k-images-idx3-ubyte";
    check_same_file_refused(f, {"predict", "--model", f.model, "--data", f.mnist, "--out", images}, images, "--out",
                            "--data");
  }
  SECTION("train --out the training or test data") {
    for (const auto& out : spellings(f, f.train_csv, "tr"))
      check_same_file_refused(f, {"train", "--train", f.train_csv, "--epochs", "1", "--out", out}, f.train_csv,
                              "--out", "--train");
    check_same_file_refused(f, {"train", "--train", f.train_csv, "--test", f.test_csv, "--out", f.test_csv},
                            f.test_csv, "--out", "--test");
    const std::string labels = f.mnist + "/train-labels-idx1-ubyte";
    check_same_file_refused(f, {"train", "--data", f.mnist, "--out", labels}, labels, "--out", "--data");
  }
  SECTION("train --checkpoint or --log-json the training data") {
    check_same_file_refused(f, {"train", "--train", f.train_csv, "--checkpoint", f.train_csv, "--out", f.dir.file("o")},
                            f.train_csv, "--checkpoint", "--train");
    check_same_file_refused(f, {"train", "--train", f.train_csv, "--log-json", f.train_csv, "--out", f.dir.file("o")},
                            f.train_csv, "--log-json", "--train");
  }
  SECTION("train --resume CK --out CK") {
    const std::string ck = f.dir.file("ck");
    const nnfs::test::Run r =
        f.run({"train", "--data", f.mnist, "--epochs", "1", "--threads", "1", "--checkpoint", ck, "--out", f.dir.file("a")});
    REQUIRE(r.code == 0);
    check_same_file_refused(f, {"train", "--resume", ck, "--out", ck}, ck, "--out", "--resume");
  }
  SECTION("convert --to-csv where mnist_train.csv is a link to a data file") {
    const std::string out = f.dir.file("csv");
    fs::create_directory(out);
    const std::string images = f.mnist + "/train-images-idx3-ubyte";
    fs::create_symlink(images, out + "/mnist_train.csv");
    check_same_file_refused(f, {"convert", "--data", f.mnist, "--to-csv", out}, images, "--to-csv", "--data");
  }
}

TEST_CASE("cli: two outputs that are the same file are refused", "[cli][files]") {
  FilesFixture f;
  const std::string x = f.dir.file("x");
  const nnfs::test::Run a = f.refused({"train", "--data", f.mnist, "--checkpoint", x, "--out", x});
  check_refusal(a, 2, {"--out " + x + " is the same file as --checkpoint " + x, "one output would overwrite the other"});
  const nnfs::test::Run b = f.refused({"train", "--data", f.mnist, "--log-json", f.dir.file("./x"), "--out", x});
  check_refusal(b, 2, {"is the same file as --log-json"});
  CHECK_FALSE(fs::exists(x));
}

TEST_CASE("cli: --resume CK writes its checkpoint back to CK, which is no conflict", "[cli][files]") {
  FilesFixture f;
  const std::string ck = f.dir.file("ck");
  REQUIRE(f.run({"train", "--data", f.mnist, "--epochs", "2", "--threads", "1", "--checkpoint", ck, "--out",
                 f.dir.file("a")}).code == 0);
  for (const auto& extra : {std::vector<std::string>{}, std::vector<std::string>{"--checkpoint", f.dir.file("./ck")}}) {
    std::vector<std::string> args = {"train", "--resume", ck, "--out", f.dir.file("b")};
    args.insert(args.end(), extra.begin(), extra.end());
    const nnfs::test::Run r = f.run(args);
    INFO(nnfs::test::describe(r));
    CHECK(r.code == 0);
  }
}

// ---- targets that cannot or may not be written ------------------------------------------------

namespace {

// Refused with exit 1 before any work: no epoch was trained, nothing was written.
void check_protected(const FilesFixture& f, const std::vector<std::string>& args, const std::string& target,
                     const std::vector<std::string>& mentions) {
  const bool existed = fs::exists(target);
  const std::string before = existed ? slurp(target) : "";
  const nnfs::test::Run r = f.refused(args);
  check_refusal(r, 1, mentions);
  CHECK(r.out.find("epoch") == std::string::npos);
  CHECK(fs::exists(target) == existed);
  if (existed) CHECK(slurp(target) == before);
}

std::vector<std::vector<std::string>> commands_writing(const FilesFixture& f, const std::string& target) {
  const std::string other = f.dir.file("other");
  return {{"train", "--data", f.mnist, "--epochs", "1", "--out", target},
          {"train", "--data", f.mnist, "--epochs", "1", "--checkpoint", target, "--out", other},
          {"train", "--data", f.mnist, "--epochs", "1", "--log-json", target, "--out", other},
          {"predict", "--model", f.model, "--input", f.test_csv, "--out", target}};
}

}  // namespace

TEST_CASE("cli: a read-only target is refused before any work, also for root", "[cli][files]") {
  FilesFixture f;
  const std::string target = f.dir.file("ro.out");
  fs::copy_file(f.model, target);
  fs::permissions(target, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  for (const auto& args : commands_writing(f, target)) {
    INFO(args[0] << " " << args[args.size() - 3]);
    check_protected(f, args, target, {target + ": is read-only (mode 0444); make it writable (chmod u+w)"});
  }
  // convert's outputs too
  const std::string csv = f.dir.file("csv");
  fs::create_directory(csv);
  std::ofstream(csv + "/mnist_test.csv") << "kept\n";
  fs::permissions(csv + "/mnist_test.csv", fs::perms::owner_read);
  check_protected(f, {"convert", "--data", f.mnist, "--to-csv", csv}, csv + "/mnist_test.csv",
                  {"--to-csv " + csv + "/mnist_test.csv: is read-only (mode 0400)"});
  CHECK_FALSE(fs::exists(csv + "/mnist_train.csv"));
}

TEST_CASE("cli: a target in a read-only directory is refused before any work, also for root", "[cli][files]") {
  FilesFixture f;
  const std::string ro = f.dir.file("ro");
  fs::create_directory(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                          fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  const std::string target = ro + "/new.out";
  for (const auto& args : commands_writing(f, target)) {
    INFO(args[0] << " " << args[args.size() - 3]);
    check_protected(f, args, target, {target + ": its directory '" + ro + "' is read-only (mode 0555)"});
  }
  fs::permissions(ro, fs::perms::owner_all);
}

// Needs CAP_LINUX_IMMUTABLE to set the flag (root, as the suite runs here and in setup.sh test).
TEST_CASE("cli: an immutable target is refused before any work", "[cli][files]") {
  FilesFixture f;
  const std::string target = f.dir.file("immutable.out");
  fs::copy_file(f.test_csv, target);
  const int fd = ::open(target.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  int flags = 0;
  REQUIRE(::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0);
  flags |= FS_IMMUTABLE_FL;
  const bool set = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
  if (set) {
    for (const auto& args : commands_writing(f, target))
      check_protected(f, args, target, {target + ": is immutable (chattr +i)"});
    flags &= ~FS_IMMUTABLE_FL;
    CHECK(::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0);
  } else {
    WARN("cannot set the immutable flag here (not root): only the read-only cases are checked");
  }
  ::close(fd);
}
