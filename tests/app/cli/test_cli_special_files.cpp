// Special files where the command line expects a file or a folder (issue 19, classes 1 and 7): a
// named pipe, /dev/zero, a directory where a file is expected and a file where a directory is,
// in every place a command reads; and the entries of a folder given to predict --input. Each is
// refused at once with one line naming it (exit 1); a hang fails the test after a timeout.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <stb/stb_image_write.h>
#include <string>
#include <vector>

#include "cli_files_fixture.h"

using namespace nnfs;
using nnfs::test::check_refusal;
using nnfs::test::describe;
using nnfs::test::FilesFixture;
using nnfs::test::Run;

namespace {

// Every place a command reads a file, with `bad` in it.
std::vector<std::vector<std::string>> file_places(const FilesFixture& f, const std::string& bad) {
  const std::string out = f.dir.file("out");
  return {{"info", "--model", bad},
          {"predict", "--model", bad, "--input", f.test_csv},
          {"predict", "--model", f.model, "--input", bad},
          {"evaluate", "--model", bad, "--test", f.test_csv},
          {"evaluate", "--model", f.model, "--test", bad},
          {"train", "--resume", bad, "--out", out},
          {"train", "--train", bad, "--epochs", "1", "--out", out},
          {"train", "--train", f.train_csv, "--test", bad, "--epochs", "1", "--out", out}};
}

// Every place a command reads a directory, with `bad` in it.
std::vector<std::vector<std::string>> directory_places(const FilesFixture& f, const std::string& bad) {
  const std::string out = f.dir.file("out");
  return {{"train", "--data", bad, "--epochs", "1", "--out", out},
          {"evaluate", "--model", f.model, "--data", bad},
          {"predict", "--model", f.model, "--data", bad},
          {"convert", "--data", bad, "--to-csv", f.dir.file("csv")}};
}

void check_all_refused(const FilesFixture& f, const std::vector<std::vector<std::string>>& commands,
                       const std::string& bad, const std::string& why) {
  for (const auto& args : commands) {
    std::string line;
    for (const auto& a : args) line += a + " ";
    INFO("nnfs " << line);
    check_refusal(f.refused(args), 1, {bad, why});
    CHECK_FALSE(std::filesystem::exists(f.dir.file("out")));
  }
}

}  // namespace

TEST_CASE("cli: a named pipe, /dev/zero or a directory given as a file is refused at once", "[cli][files]") {
  FilesFixture f;
  SECTION("a named pipe") {
    const std::string fifo = f.fifo("f");
    check_all_refused(f, file_places(f, fifo), fifo, "is a named pipe (FIFO), expected a regular file");
  }
  SECTION("/dev/zero") {
    check_all_refused(f, file_places(f, "/dev/zero"), "/dev/zero", "is a character device, expected a regular file");
  }
  SECTION("a directory") {
    const std::string folder = f.dir.file("folder");
    std::filesystem::create_directory(folder);
    // predict --input takes a folder of images: this one has none, which is its error.
    for (auto& args : file_places(f, folder)) {
      const bool images = args[0] == "predict" && args[4] == folder;
      INFO(args[0] << " " << args[1]);
      check_refusal(f.refused(args), 1, {folder, images ? "no image files" : "is a directory"});
    }
  }
}

TEST_CASE("cli: a named pipe, a file or /dev/zero given as a data directory is refused at once", "[cli][files]") {
  FilesFixture f;
  const std::string fifo = f.fifo("d");
  // "director": the message says the path is not, or was expected to be, a directory.
  for (const std::string& bad : {fifo, f.test_csv, std::string("/dev/zero")})
    check_all_refused(f, directory_places(f, bad), bad, "director");
}

TEST_CASE("cli: train --log-json refuses a named pipe or a device, which it would append to", "[cli][files]") {
  FilesFixture f;
  const std::string fifo = f.fifo("log");
  for (const std::string& bad : {fifo, std::string("/dev/null")})
    check_refusal(f.refused({"train", "--data", f.mnist, "--log-json", bad, "--out", f.dir.file("o")}), 1,
                  {"--log-json " + bad + ": is a", ", expected a regular file"});
}

// ---- predict --input FOLDER: the entries ------------------------------------------------------

namespace {

constexpr const char* kRule = "must be a readable image file";

// A folder with one good drawing (a vertical stroke) and a text file, which is skipped.
std::string drawings_folder(const FilesFixture& f) {
  const std::string folder = f.dir.file("drawings");
  std::filesystem::create_directory(folder);
  std::vector<std::uint8_t> px(28 * 28, 255);
  for (int y = 4; y < 24; ++y) px[static_cast<std::size_t>(y * 28 + 14)] = 0;
  REQUIRE(stbi_write_png((folder + "/one.png").c_str(), 28, 28, 1, px.data(), 28) != 0);
  std::ofstream(folder + "/notes.txt") << "drawn on Tuesday\n";
  return folder;
}

}  // namespace

TEST_CASE("cli: predict refuses a folder entry named like an image that is not a readable image", "[cli][files]") {
  FilesFixture f;
  const std::string folder = drawings_folder(f);
  const std::string out = f.dir.file("preds.csv");
  const auto predict = [&] { return f.refused({"predict", "--model", f.model, "--input", folder, "--out", out}); };
  std::string entry, why;
  SECTION("a dangling symbolic link") {
    entry = folder + "/gone.png";
    std::filesystem::create_symlink(folder + "/no-such.png", entry);
    why = "is a symbolic link to a missing file";
  }
  SECTION("a symbolic link loop") {
    entry = folder + "/loop.png";
    std::filesystem::create_symlink("loop.png", entry);
    why = "Too many levels of symbolic links";
  }
  SECTION("a named pipe") {
    entry = folder + "/pipe.png";
    REQUIRE(::mkfifo(entry.c_str(), 0644) == 0);
    why = "is a named pipe (FIFO)";
  }
  SECTION("a directory") {
    entry = folder + "/d.PNG";
    std::filesystem::create_directory(entry);
    why = "is a directory";
  }
  SECTION("a corrupt image") {
    entry = folder + "/broken.png";
    std::ofstream(entry) << "\x89PNG\r\n\x1a\n but not really";
    why = "";
  }
  const Run r = predict();
  check_refusal(r, 1, {entry, why});
  if (!why.empty()) CHECK_THAT(r.err, Catch::Contains(kRule));
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("cli: predict skips folder entries not named like images, whatever they are", "[cli][files]") {
  FilesFixture f;
  const std::string folder = drawings_folder(f);
  REQUIRE(::mkfifo((folder + "/pipe").c_str(), 0644) == 0);
  std::filesystem::create_directory(folder + "/sub");
  std::filesystem::create_symlink(folder + "/nowhere", folder + "/link");
  const std::string out = f.dir.file("preds.csv");
  const Run r = f.refused({"predict", "--model", f.model, "--input", folder, "--out", out});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("wrote 1 prediction") && Catch::Contains("1 other file skipped"));
  CHECK(nnfs::test::lines_of(nnfs::test::slurp(out)).size() == 2);
}

TEST_CASE("cli: predict --help states the rule for folder entries", "[cli][files]") {
  FilesFixture f;
  const Run r = f.run({"predict", "--help"});
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("must be a readable image file") && Catch::Contains("stops the run before any"));
}
