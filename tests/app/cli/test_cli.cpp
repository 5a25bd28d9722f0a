// The `nnfs` command line as a user runs it: the real binary in a child process, real files in a
// temporary directory, exit codes and messages checked. The data are small MNIST-shaped
// fixtures written by the test (never the real MNIST files).

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stb/stb_image_write.h>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/data/csv_reader.h"
#include "engine/data/idx_reader.h"
#include "engine/data/image.h"
#include "engine/model/model_file.h"
#include "engine/train/classify_digit.h"
#include "support/fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"

using namespace nnfs;
using nnfs::test::TempDir;
using Bytes = std::vector<unsigned char>;
using json = nlohmann::json;

namespace {

// ---- running the binary -------------------------------------------------------------------------

using nnfs::test::describe;
using nnfs::test::lines_of;
using nnfs::test::Run;
using nnfs::test::slurp;

// `nnfs args...` as a user runs it (support/process.h).
Run run_nnfs(const TempDir& dir, const std::vector<std::string>& args) {
  return nnfs::test::run_program(NNFS_CLI_PATH, dir, args);
}

// A data or model error: exit code 1 and exactly one line on stderr that names `path` and
// contains each of `mentions` (e.g. "byte", "line 3").
void check_error(const Run& r, const std::string& path, const std::vector<std::string>& mentions = {}) {
  INFO(describe(r));
  CHECK(r.code == 1);
  REQUIRE(!r.err.empty());
  CHECK(r.err.back() == '\n');
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::StartsWith("nnfs: "));
  CHECK_THAT(r.err, Catch::Contains(path));
  for (const auto& m : mentions) CHECK_THAT(r.err, Catch::Contains(m));
  CHECK_THAT(r.err, !Catch::Contains("internal error"));
}

// ---- fixtures -----------------------------------------------------------------------------------

constexpr std::size_t kTrain = 300, kTest = 100;

// An MNIST directory, the same data as CSV, and helpers to train a model on it.
struct Fixture {
  TempDir dir;
  Dataset train = test::digit_patterns(kTrain, 1);
  Dataset test = test::digit_patterns(kTest, 2);
  std::string mnist_dir, train_csv, test_csv;

  Fixture() {
    mnist_dir = dir.file("mnist");
    std::filesystem::create_directory(mnist_dir);
    write_mnist_dir(mnist_dir, train, test);
    train_csv = dir.file("train.csv");
    test_csv = dir.file("test.csv");
    write_mnist_csv(train, train_csv);
    write_mnist_csv(test, test_csv);
  }

  static void write_mnist_dir(const std::string& d, const Dataset& tr, const Dataset& te) {
    write_idx_images(d + "/train-images-idx3-ubyte", tr);
    write_idx_labels(d + "/train-labels-idx1-ubyte", tr);
    write_idx_images(d + "/t10k-images-idx3-ubyte", te);
    write_idx_labels(d + "/t10k-labels-idx1-ubyte", te);
  }

  Run run(const std::vector<std::string>& args) const { return run_nnfs(dir, args); }

  // Trains the mlp preset on the IDX directory; returns the model path.
  std::string train_model(const std::string& name, const std::vector<std::string>& extra = {}) const {
    const std::string out = dir.file(name);
    std::vector<std::string> args = {"train", "--data", mnist_dir, "--model", "mlp", "--epochs", "2",
                                     "--batch", "32", "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    if (std::find(extra.begin(), extra.end(), "--threads") == extra.end()) {
      args.push_back("--threads");
      args.push_back("2");
    }
    const Run r = run(args);
    INFO(describe(r));
    REQUIRE(r.code == 0);
    return out;
  }
};

std::vector<std::string> epoch_lines(const std::string& out) {
  std::vector<std::string> found;
  for (const auto& l : lines_of(out))
    if (l.rfind("epoch ", 0) == 0) found.push_back(l);
  return found;
}

// ---- crafting bad model files -------------------------------------------------------------------

struct RawModel {
  json header;
  Bytes data;
};

RawModel split_model(const Bytes& bytes) {
  REQUIRE(bytes.size() >= 8);
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | bytes[static_cast<std::size_t>(i)];
  REQUIRE(8 + n <= bytes.size());
  const auto data_start = bytes.begin() + static_cast<std::ptrdiff_t>(8 + n);
  return {json::parse(std::string(bytes.begin() + 8, data_start)), Bytes(data_start, bytes.end())};
}

Bytes join_model(const RawModel& raw, std::optional<std::uint64_t> length = std::nullopt) {
  const std::string header = raw.header.dump();
  const std::uint64_t n = length.value_or(header.size());
  Bytes out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(n >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), raw.data.begin(), raw.data.end());
  return out;
}

std::uint64_t tensor_bytes(const json& header, const std::string& name) {
  return header[name]["data_offsets"][1].get<std::uint64_t>() - header[name]["data_offsets"][0].get<std::uint64_t>();
}

// ---- bad data files -----------------------------------------------------------------------------

// A labelled CSV: header, then `rows` rows of label + 784 pixels; row `bad_row` (1-based data
// row) replaced by `bad` when given.
// "label,1x1,1x2,...,28x28", the header of the seed's CSV files.
std::string csv_header() {
  std::string text = "label";
  for (int r = 1; r <= 28; ++r)
    for (int c = 1; c <= 28; ++c) {
      text += ',';
      text += std::to_string(r);
      text += 'x';
      text += std::to_string(c);
    }
  return text;
}

std::string csv_text(std::size_t rows, std::size_t bad_row = 0, const std::string& bad = "") {
  std::string text = csv_header();
  text += '\n';
  for (std::size_t i = 1; i <= rows; ++i) {
    if (i == bad_row) {
      text += bad;
      text += '\n';
      continue;
    }
    text += std::to_string(i % 10);
    for (int p = 0; p < 784; ++p) {
      text += ',';
      text += std::to_string((static_cast<std::size_t>(p) * 7 + i) % 256);
    }
    text += "\n";
  }
  return text;
}

std::string row_with(const std::string& label, std::size_t pixels, std::size_t bad_at = 9999,
                     const std::string& bad = "") {
  std::string row = label;
  for (std::size_t p = 0; p < pixels; ++p) {
    row += ',';
    row += p == bad_at ? bad : std::to_string(p % 200);
  }
  return row;
}

}  // namespace

// ---- usage --------------------------------------------------------------------------------------

TEST_CASE("cli: --help of nnfs and of every subcommand exits 0", "[cli]") {
  TempDir dir;
  const Run top = run_nnfs(dir, {"--help"});
  INFO(describe(top));
  REQUIRE(top.code == 0);
  // Every subcommand listed in the top-level help (the issue's five at least).
  std::vector<std::string> commands;
  bool in_list = false;
  for (const auto& line : lines_of(top.out)) {
    if (line.rfind("Subcommands:", 0) == 0) {
      in_list = true;
    } else if (in_list && line.size() > 2 && line[0] == ' ') {
      commands.push_back(line.substr(2, line.find(' ', 2) - 2));
    } else if (in_list && line.empty()) {
      in_list = false;
    }
  }
  for (const char* required : {"train", "evaluate", "predict", "convert", "info"})
    CHECK(std::find(commands.begin(), commands.end(), required) != commands.end());
  for (const auto& cmd : commands) {
    const Run r = run_nnfs(dir, {cmd, "--help"});
    INFO(cmd << "\n" << describe(r));
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("Usage") && Catch::Contains(cmd));
    CHECK(r.err.empty());
  }
  const Run train = run_nnfs(dir, {"train", "--help"});
  for (const char* flag : {"--data", "--train", "--test", "--model", "--epochs", "--batch", "--optimizer", "--lr",
                           "--seed", "--threads", "--out", "--log-json"})
    CHECK_THAT(train.out, Catch::Contains(flag));
  CHECK_THAT(run_nnfs(dir, {"predict", "--help"}).out, Catch::Contains("--input") && Catch::Contains("--out"));
  CHECK_THAT(run_nnfs(dir, {"convert", "--help"}).out, Catch::Contains("--to-csv"));
}

TEST_CASE("cli: usage errors exit 2 with a hint", "[cli]") {
  Fixture f;
  const std::vector<std::vector<std::string>> cases = {
      {},                                                             // no subcommand
      {"frobnicate"},                                                 // unknown subcommand
      {"train", "--data", f.mnist_dir, "--out", "m", "--bogus"},      // unknown flag
      {"train", "--data", f.mnist_dir, "--no-run"},                   // missing --out (no run either)
      {"train", "--data", f.mnist_dir, "--out", "m", "--epochs", "0"},
      {"train", "--data", f.mnist_dir, "--out", "m", "--epochs", "many"},
      {"train", "--data", f.mnist_dir, "--out", "m", "--optimizer", "lbfgs"},
      {"train", "--data", f.mnist_dir, "--train", f.train_csv, "--out", "m"},  // --data excludes --train
      {"evaluate", "--data", f.mnist_dir},                            // missing --model
      {"predict", "--model", "m.safetensors"},                        // missing --input
      {"convert", "--data", f.mnist_dir},                             // missing --to-csv
      {"info"},                                                       // missing --model
  };
  for (const auto& args : cases) {
    const Run r = f.run(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    INFO("nnfs " << joined << "\n" << describe(r));
    CHECK(r.code == 2);
    CHECK_FALSE(r.err.empty());
    CHECK_THAT(r.err, Catch::Contains("--help"));
  }
  CHECK_FALSE(std::filesystem::exists(f.dir.file("m")));
}

// ---- train --------------------------------------------------------------------------------------

TEST_CASE("cli: train on an IDX directory writes a model, epoch lines and a JSON log", "[cli]") {
  Fixture f;
  const std::string log = f.dir.file("log.jsonl");
  const std::string model = f.dir.file("m.safetensors");
  const Run r = f.run({"train", "--data", f.mnist_dir, "--model", "mlp", "--epochs", "3", "--batch", "32",
                       "--threads", "1", "--seed", "4", "--out", model, "--log-json", log});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK(std::filesystem::file_size(model) > 101770 * 4);
  const auto epochs = epoch_lines(r.out);
  REQUIRE(epochs.size() == 3);
  for (std::size_t e = 0; e < 3; ++e) {
    INFO(epochs[e]);
    CHECK_THAT(epochs[e], Catch::StartsWith("epoch " + std::to_string(e + 1) + "/3"));
    CHECK_THAT(epochs[e], Catch::Contains("train loss") && Catch::Contains("test loss") &&
                              Catch::Contains("acc") && Catch::Contains("samples/s"));
  }
  CHECK_THAT(r.out, Catch::Contains("101770"));
  CHECK(r.out.find('\r') == std::string::npos);  // no progress bar when stdout is not a terminal

  const auto log_lines = lines_of(slurp(log));
  REQUIRE(log_lines.size() == 3);
  for (std::size_t e = 0; e < 3; ++e) {
    const json j = json::parse(log_lines[e]);
    INFO(log_lines[e]);
    CHECK(j.size() == 6);
    CHECK(j["epoch"] == e + 1);
    for (const char* key : {"train_loss", "train_acc", "test_loss", "test_acc", "seconds"}) {
      REQUIRE(j.contains(key));
      CHECK(j[key].is_number());
    }
    CHECK(j["train_acc"].get<double>() <= 1.0);
  }
  // The simple patterns are learned: the last epoch classifies the test images well.
  CHECK(json::parse(log_lines.back())["test_acc"].get<double>() >= 0.9);

  // --log-json appends.
  const Run again = f.run({"train", "--data", f.mnist_dir, "--epochs", "1", "--threads", "1", "--out", model,
                           "--log-json", log});
  REQUIRE(again.code == 0);
  CHECK(lines_of(slurp(log)).size() == 4);
}

TEST_CASE("cli: train on CSV files, with and without test data", "[cli]") {
  Fixture f;
  const std::string model = f.dir.file("csv.safetensors");
  const Run r = f.run({"train", "--train", f.train_csv, "--test", f.test_csv, "--epochs", "2", "--batch", "32",
                       "--threads", "2", "--out", model});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  const auto epochs = epoch_lines(r.out);
  REQUIRE(epochs.size() == 2);
  CHECK_THAT(epochs[1], Catch::Contains("test loss"));
  CHECK(std::filesystem::exists(model));

  const Run no_test = f.run({"train", "--train", f.train_csv, "--epochs", "1", "--threads", "2", "--out", model});
  INFO(describe(no_test));
  REQUIRE(no_test.code == 0);
  REQUIRE(epoch_lines(no_test.out).size() == 1);
  CHECK_THAT(epoch_lines(no_test.out)[0], !Catch::Contains("test loss"));
}

TEST_CASE("cli: the same seed and thread count give byte-identical model files", "[cli]") {
  Fixture f;
  const std::string a = f.train_model("a.safetensors", {"--seed", "7"});
  const std::string b = f.train_model("b.safetensors", {"--seed", "7"});
  const Bytes first = test::read_bytes(a);
  CHECK(first.size() > 101770 * 4);
  CHECK(first == test::read_bytes(b));
  // Another seed gives other weights.
  CHECK(first != test::read_bytes(f.train_model("c.safetensors", {"--seed", "8"})));
  // The engine's results do not depend on the thread count either.
  CHECK(first == test::read_bytes(f.train_model("d.safetensors", {"--seed", "7", "--threads", "1"})));
}

// ---- evaluate, predict, convert, info -----------------------------------------------------------

TEST_CASE("cli: evaluate prints accuracy, loss and a 10x10 confusion matrix", "[cli]") {
  Fixture f;
  const std::string model = f.train_model("m.safetensors");
  for (const auto& data : std::vector<std::vector<std::string>>{{"--data", f.mnist_dir}, {"--test", f.test_csv}}) {
    std::vector<std::string> args = {"evaluate", "--model", model};
    args.insert(args.end(), data.begin(), data.end());
    const Run r = f.run(args);
    INFO(describe(r));
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("accuracy") && Catch::Contains("%") && Catch::Contains("loss"));
    CHECK_THAT(r.out, Catch::Contains("100 samples"));

    // The matrix: a header row naming the classes 0-9, then one row per true class with ten
    // counts that add up to the number of test images.
    const auto lines = lines_of(r.out);
    auto it = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("confusion", 0) == 0; });
    REQUIRE(it != lines.end());
    REQUIRE(lines.end() - it >= 12);
    std::istringstream header(*(it + 1));
    for (int c = 0; c < 10; ++c) {
      std::string name;
      header >> name;
      CHECK(name == std::to_string(c));
    }
    std::size_t total = 0;
    for (int row = 0; row < 10; ++row) {
      std::istringstream in(*(it + 2 + row));
      std::string name;
      in >> name;
      CHECK(name == std::to_string(row));
      std::size_t row_total = 0;
      for (int c = 0; c < 10; ++c) {
        std::size_t count = 0;
        REQUIRE(static_cast<bool>(in >> count));
        row_total += count;
      }
      CHECK(row_total == 10);  // the fixture has 10 images of every digit
      total += row_total;
    }
    CHECK(total == kTest);
  }
}

TEST_CASE("cli: predict writes ImageId,Label rows with 1-based ids", "[cli]") {
  Fixture f;
  const std::string model = f.train_model("m.safetensors");
  Dataset unlabelled = f.test;
  unlabelled.labels.clear();
  const std::string unlabelled_csv = f.dir.file("unlabelled.csv");
  write_mnist_csv(unlabelled, unlabelled_csv);

  auto check_predictions = [&](const std::string& text, std::size_t rows) {
    const auto lines = lines_of(text);
    REQUIRE(lines.size() == rows + 1);
    CHECK(lines[0] == "ImageId,Label");
    std::size_t correct = 0;
    for (std::size_t i = 1; i <= rows; ++i) {
      const auto comma = lines[i].find(',');
      REQUIRE(comma != std::string::npos);
      CHECK(lines[i].substr(0, comma) == std::to_string(i));
      const int label = std::stoi(lines[i].substr(comma + 1));
      CHECK(label >= 0);
      CHECK(label <= 9);
      correct += label == f.test.labels[i - 1];
    }
    CHECK(correct >= rows * 8 / 10);
  };

  SECTION("unlabelled CSV to a file") {
    const std::string preds = f.dir.file("preds.csv");
    const Run r = f.run({"predict", "--model", model, "--input", unlabelled_csv, "--out", preds});
    INFO(describe(r));
    REQUIRE(r.code == 0);
    check_predictions(slurp(preds), kTest);
  }
  SECTION("labelled CSV to standard output") {
    const Run r = f.run({"predict", "--model", model, "--input", f.test_csv});
    INFO(describe(r));
    REQUIRE(r.code == 0);
    check_predictions(r.out, kTest);
  }
  SECTION("an IDX image file, raw and gzipped") {
    const Run r = f.run({"predict", "--model", model, "--input", f.mnist_dir + "/t10k-images-idx3-ubyte"});
    INFO(describe(r));
    REQUIRE(r.code == 0);
    check_predictions(r.out, kTest);
    const std::string gz = f.dir.file("images.gz");
    write_idx_images(gz, f.test);
    const Run g = f.run({"predict", "--model", model, "--input", gz});
    INFO(describe(g));
    REQUIRE(g.code == 0);
    CHECK(g.out == r.out);
  }
}

// ---- image input: PNG/BMP files and folders, the studio's preprocessing and classification -------

namespace {

constexpr int kDrawingSide = 64;

// A 64x64 gray drawing of a "7": a bar along the top and a slanted stroke down, 6 pixels thick.
// `paper`: dark ink on white paper (as a scan or a phone photo); otherwise light ink on black
// (as the studio's Export Canvas writes it) — the exact complement.
std::vector<std::uint8_t> seven(bool paper) {
  std::vector<std::uint8_t> px(kDrawingSide * kDrawingSide, 0);
  auto ink = [&](int x, int y) {
    for (int dy = 0; dy < 6; ++dy)
      for (int dx = 0; dx < 6; ++dx)
        px[static_cast<std::size_t>((y + dy) * kDrawingSide + x + dx)] = 255;
  };
  for (int x = 16; x < 48; ++x) ink(x, 10);
  for (int y = 10; y < 52; ++y) ink(48 - (y - 10) * 20 / 42, y);
  if (paper)
    for (auto& v : px) v = static_cast<std::uint8_t>(255 - v);
  return px;
}

std::string write_gray_png(const TempDir& dir, const std::string& name, const std::vector<std::uint8_t>& px) {
  const std::string path = dir.file(name);
  REQUIRE(stbi_write_png(path.c_str(), kDrawingSide, kDrawingSide, 1, px.data(), kDrawingSide) != 0);
  return path;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

constexpr const char* kImageHeader = "file,label,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9";

// The row the engine's own path gives (what the studio's canvas computes for these pixels).
std::string engine_row(const std::string& model_path, const std::string& name, const std::string& image) {
  Model m = load_model(model_path);
  const DigitGuess g = classify_digit_image(&m, to_gray(load_image(image)));
  REQUIRE(g.digit);
  std::string row = name + ',' + std::to_string(g.label);
  char value[32];
  for (const float p : g.probs) {
    std::snprintf(value, sizeof value, ",%.6g", static_cast<double>(p));
    row += value;
  }
  return row;
}

// `nnfs predict` on one image file: exit 0, the header and one row, which it returns.
std::string predict_one_image(const Fixture& f, const std::string& model, const std::string& image) {
  const Run r = f.run({"predict", "--model", model, "--input", image});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == kImageHeader);
  return lines[1];
}

}  // namespace

TEST_CASE("cli: predict reads a PNG of a drawing as the studio does", "[cli]") {
  Fixture f;
  const std::string model = f.train_model("m.safetensors");
  const std::string png = write_gray_png(f.dir, "seven.png", seven(true));
  const std::string row = predict_one_image(f, model, png);
  const auto fields = fields_of(row);
  REQUIRE(fields.size() == 12);
  CHECK(fields[0] == png);
  const int label = std::stoi(fields[1]);
  CHECK(label >= 0);
  CHECK(label <= 9);
  double sum = 0.0, top = 0.0;
  for (std::size_t j = 2; j < 12; ++j) {
    const double p = std::stod(fields[j]);
    CHECK(p >= 0.0);
    sum += p;
    top = std::max(top, p);
  }
  CHECK(sum == Approx(1.0).epsilon(1e-4));
  CHECK(std::stod(fields[static_cast<std::size_t>(label) + 2]) == top);
  // Exactly the engine's preprocessing + classification, which the studio's canvas runs.
  CHECK(row == engine_row(model, png, png));

  SECTION("light ink on black (the studio's exported canvas), detected by content not name") {
    const std::string dark = write_gray_png(f.dir, "seven-dark.data", seven(false));
    CHECK(predict_one_image(f, model, dark) == dark + row.substr(png.size()));
  }
  SECTION("a BMP of the same drawing, to a file") {
    const std::string bmp = f.dir.file("seven.bmp");
    const auto px = seven(true);
    REQUIRE(stbi_write_bmp(bmp.c_str(), kDrawingSide, kDrawingSide, 1, px.data()) != 0);
    const std::string out = f.dir.file("preds.csv");
    const Run b = f.run({"predict", "--model", model, "--input", bmp, "--out", out});
    INFO(describe(b));
    REQUIRE(b.code == 0);
    CHECK_THAT(b.err, Catch::Contains("wrote 1 prediction to"));
    const auto bmp_lines = lines_of(slurp(out));
    REQUIRE(bmp_lines.size() == 2);
    CHECK(bmp_lines[1] == bmp + row.substr(png.size()));
  }
}

TEST_CASE("cli: predict on a folder reads its images by name and reports empty ones", "[cli]") {
  Fixture f;
  const std::string model = f.train_model("m.safetensors");
  const std::string folder = f.dir.file("drawings");
  std::filesystem::create_directory(folder);
  std::filesystem::create_directory(folder + "/sub");
  TempDir scratch;
  const std::string b = write_gray_png(scratch, "b-seven.png", seven(true));
  const std::string a = write_gray_png(scratch, "a-seven.png", seven(false));
  std::filesystem::copy_file(b, folder + "/b-seven.png");
  std::filesystem::copy_file(a, folder + "/a,seven.png");  // a comma: the name is quoted
  write_gray_png(scratch, "c-blank.png", std::vector<std::uint8_t>(kDrawingSide * kDrawingSide, 255));
  std::filesystem::copy_file(scratch.file("c-blank.png"), folder + "/c-blank.png");
  {
    std::ofstream(folder + "/notes.txt") << "drawn on Tuesday\n";
    std::ofstream(folder + "/sub/d.png") << "not read: subfolders are skipped\n";
  }
  const std::string out = f.dir.file("preds.csv");
  const Run r = f.run({"predict", "--model", model, "--input", folder, "--out", out});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("wrote 3 predictions") && Catch::Contains("1 other file skipped"));
  const auto lines = lines_of(slurp(out));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == kImageHeader);
  const std::string tail = engine_row(model, "", b);  // ",label,p0,...": both sevens give the same
  CHECK(lines[1] == "\"a,seven.png\"" + tail);
  CHECK(lines[2] == "b-seven.png" + tail);
  CHECK(lines[3] == "c-blank.png,empty,,,,,,,,,,");
  CHECK(fields_of(lines[3]).size() == 12);

  SECTION("a blank image alone is reported as empty, not classified") {
    const std::string blank = folder + "/c-blank.png";
    CHECK(predict_one_image(f, model, blank) == blank + ",empty,,,,,,,,,,");
  }
  SECTION("a folder without images is an error naming it") {
    const std::string none = f.dir.file("no-images");
    std::filesystem::create_directory(none);
    std::ofstream(none + "/notes.txt") << "nothing to see\n";
    check_error(f.run({"predict", "--model", model, "--input", none}), none, {"no image files"});
  }
}

TEST_CASE("cli: convert writes mnist_train.csv and mnist_test.csv in the seed's layout", "[cli]") {
  Fixture f;
  const std::string out = f.dir.file("csv-out");
  const Run r = f.run({"convert", "--data", f.mnist_dir, "--to-csv", out});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  const std::string header = csv_header();
  for (const auto& [name, expected] : {std::pair{"mnist_train.csv", &f.train}, std::pair{"mnist_test.csv", &f.test}}) {
    const std::string path = out + "/" + name;
    INFO(path);
    const auto lines = lines_of(slurp(path));
    REQUIRE(lines.size() == expected->count + 1);
    CHECK(lines[0] == header);
    const Dataset back = read_mnist_csv(path);
    CHECK(back.count == expected->count);
    CHECK(back.pixels == expected->pixels);
    CHECK(back.labels == expected->labels);
  }
}

TEST_CASE("cli: info prints the architecture, parameter count and metadata", "[cli]") {
  Fixture f;
  const std::string model = f.train_model("m.safetensors");
  const Run r = f.run({"info", "--model", model});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("101770"));
  CHECK_THAT(r.out, Catch::Contains("dense") && Catch::Contains("relu") && Catch::Contains("softmax"));
  CHECK_THAT(r.out, Catch::Contains("[28, 28]") && Catch::Contains("[128]") && Catch::Contains("[10]"));
  CHECK_THAT(r.out, Catch::Contains("categorical_crossentropy"));
  CHECK_THAT(r.out, Catch::Contains("history"));
}

// ---- bad input: exit 1 and one line naming the file and the byte or line -------------------------

TEST_CASE("cli: missing files", "[cli]") {
  Fixture f;
  const std::string model = f.train_model("m.safetensors");
  const std::string nothing = f.dir.file("nothing-here.csv");
  check_error(f.run({"predict", "--model", model, "--input", nothing}), nothing);
  check_error(f.run({"train", "--train", nothing, "--out", f.dir.file("x")}), nothing);
  check_error(f.run({"evaluate", "--model", model, "--test", nothing}), nothing);
  const std::string no_model = f.dir.file("nothing.safetensors");
  check_error(f.run({"info", "--model", no_model}), no_model);
  const std::string no_dir = f.dir.file("no-such-dir");
  check_error(f.run({"train", "--data", no_dir, "--out", f.dir.file("x")}), no_dir);
  // A directory that lacks one of the four files names it.
  std::filesystem::remove(f.mnist_dir + "/t10k-labels-idx1-ubyte");
  check_error(f.run({"train", "--data", f.mnist_dir, "--out", f.dir.file("x")}), f.mnist_dir, {"t10k-labels"});
  CHECK_FALSE(std::filesystem::exists(f.dir.file("x")));
}

TEST_CASE("cli: bad IDX files", "[cli]") {
  Fixture f;
  const std::string images = f.mnist_dir + "/train-images-idx3-ubyte";
  const Bytes good = test::read_bytes(images);
  const std::vector<std::string> train = {"train", "--data", f.mnist_dir, "--out", f.dir.file("x")};

  SECTION("truncated") {
    f.dir.write_bytes("mnist/train-images-idx3-ubyte", Bytes(good.begin(), good.end() - 100));
    check_error(f.run(train), images, {"byte"});
  }
  SECTION("truncated inside the header") {
    f.dir.write_bytes("mnist/train-images-idx3-ubyte", Bytes(good.begin(), good.begin() + 10));
    check_error(f.run(train), images, {"byte"});
  }
  SECTION("wrong magic") {
    Bytes bad = good;
    bad[2] = 0x0D;  // float data
    f.dir.write_bytes("mnist/train-images-idx3-ubyte", bad);
    check_error(f.run(train), images, {"byte"});
    bad = good;
    bad[0] = 0x12;
    f.dir.write_bytes("mnist/train-images-idx3-ubyte", bad);
    check_error(f.run(train), images, {"byte"});
  }
  SECTION("labels file with the images magic") {
    const std::string labels = f.mnist_dir + "/train-labels-idx1-ubyte";
    Bytes bad = test::read_bytes(labels);
    bad[3] = 3;
    f.dir.write_bytes("mnist/train-labels-idx1-ubyte", bad);
    check_error(f.run(train), labels, {"byte"});
  }
  SECTION("dimensions that need more data than the file holds") {
    const std::string model = f.train_model("m.safetensors");
    Bytes bad = good;
    bad[4] = 0x7f;  // 2 billion images of 28x28 claimed by a 235 KB file
    f.dir.write_bytes("mnist/train-images-idx3-ubyte", bad);
    check_error(f.run(train), images, {"byte"});
    bad[4] = 0;
    bad[7] = 0x2d;  // 301 images, one more than the file holds
    f.dir.write_bytes("mnist/train-images-idx3-ubyte", bad);
    check_error(f.run(train), images, {"byte"});
    // Also through predict, which sniffs the file type.
    const std::string lone = f.dir.write_bytes("huge.idx", bad);
    check_error(f.run({"predict", "--model", model, "--input", lone}), lone, {"byte"});
  }
  SECTION("corrupt gzip") {
    std::filesystem::remove(images);
    const std::string gz = images + ".gz";
    write_idx_images(gz, f.train);
    Bytes bad = test::read_bytes(gz);
    REQUIRE(bad.size() > 200);
    for (std::size_t i = 100; i < 140; ++i) bad[i] ^= 0x5a;
    f.dir.write_bytes("mnist/train-images-idx3-ubyte.gz", bad);
    check_error(f.run(train), gz, {"byte"});
  }
  SECTION("gzip cut short") {
    std::filesystem::remove(images);
    const std::string gz = images + ".gz";
    write_idx_images(gz, f.train);
    const Bytes full = test::read_bytes(gz);
    f.dir.write_bytes("mnist/train-images-idx3-ubyte.gz", Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(full.size() / 2)));
    check_error(f.run(train), gz, {"byte"});
  }
  CHECK_FALSE(std::filesystem::exists(f.dir.file("x")));
}

TEST_CASE("cli: bad CSV files", "[cli]") {
  Fixture f;
  const std::string model = f.train_model("m.safetensors");
  struct Case {
    const char* what;
    std::string text;
    std::vector<std::string> mentions;
  };
  const std::vector<Case> cases = {
      {"short row", csv_text(5, 3, row_with("3", 783)), {"line 4", "785"}},
      {"non-number", csv_text(5, 2, row_with("3", 784, 17, "abc")), {"line 3", "abc"}},
      {"pixel above 255", csv_text(5, 5, row_with("3", 784, 100, "256")), {"line 6", "256"}},
      {"negative pixel", csv_text(5, 1, row_with("3", 784, 0, "-1")), {"line 2", "-1"}},
      {"label outside 0-9", csv_text(5, 4, row_with("10", 784)), {"line 5", "10"}},
      {"empty file", "", {"line 1", "empty"}},
      {"header only", csv_text(0), {"line 2"}},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const std::string path = f.dir.write_text("bad.csv", c.text);
    check_error(f.run({"train", "--train", path, "--out", f.dir.file("x")}), path, c.mentions);
    check_error(f.run({"predict", "--model", model, "--input", path}), path, c.mentions);
    check_error(f.run({"evaluate", "--model", model, "--test", path}), path, c.mentions);
  }
  CHECK_FALSE(std::filesystem::exists(f.dir.file("x")));
}

TEST_CASE("cli: bad model files", "[cli]") {
  Fixture f;
  const std::string model = f.train_model("m.safetensors");
  const Bytes good = test::read_bytes(model);
  const std::string bad = f.dir.file("bad.safetensors");
  auto check_all = [&](const Bytes& bytes, const std::vector<std::string>& mentions) {
    f.dir.write_bytes("bad.safetensors", bytes);
    check_error(f.run({"info", "--model", bad}), bad, mentions);
    check_error(f.run({"evaluate", "--model", bad, "--data", f.mnist_dir}), bad, mentions);
    check_error(f.run({"predict", "--model", bad, "--input", f.test_csv}), bad, mentions);
  };

  SECTION("truncated") {
    check_all(Bytes(good.begin(), good.begin() + 6), {"too short"});
    check_all(Bytes(good.begin(), good.end() - 1), {"past the end"});
  }
  SECTION("header length past the end") {
    RawModel raw = split_model(good);
    check_all(join_model(raw, raw.header.dump().size() + raw.data.size() + 8), {"byte 0", "header length"});
  }
  SECTION("overlapping offsets") {
    RawModel raw = split_model(good);
    raw.header["layers.2.bias"]["data_offsets"] = {0, tensor_bytes(raw.header, "layers.2.bias")};
    check_all(join_model(raw), {"overlap", "layers.2.bias"});
  }
  SECTION("out-of-range offsets") {
    RawModel raw = split_model(good);
    const std::uint64_t end = raw.data.size();
    raw.header["layers.2.bias"]["data_offsets"] = {end, end + tensor_bytes(raw.header, "layers.2.bias")};
    check_all(join_model(raw), {"layers.2.bias", "past the end"});
  }
  SECTION("unknown dtype") {
    RawModel raw = split_model(good);
    raw.header["layers.0.weight"]["dtype"] = "F16";
    check_all(join_model(raw), {"layers.0.weight", "F16"});
    raw.header["layers.0.weight"]["dtype"] = "X7";
    check_all(join_model(raw), {"layers.0.weight", "X7"});
  }
  SECTION("shapes that disagree with the architecture") {
    RawModel raw = split_model(good);
    raw.header["layers.0.weight"]["shape"] = {128, 784};  // transposed: same size, wrong shape
    check_all(join_model(raw), {"layers.0.weight", "[128, 784]", "[784, 128]"});
  }
  SECTION("an architecture that does not match the tensors") {
    RawModel raw = split_model(good);
    raw.header["__metadata__"]["nnfs.architecture"] =
        R"([{"type":"dense","units":64},{"type":"relu"},{"type":"dense","units":10},{"type":"softmax"}])";
    check_all(join_model(raw), {"layers.0.weight", "[784, 64]"});
    raw.header["__metadata__"]["nnfs.input_shape"] = "[16777216, 16777216]";
    check_all(join_model(raw), {"layers.0.weight"});
  }
  SECTION("metadata nested too deeply to print") {
    RawModel raw = split_model(good);
    raw.header["__metadata__"]["nnfs.training"] = std::string(100000, '[') + std::string(100000, ']');
    check_all(join_model(raw), {"nnfs.training", "levels deep"});
  }
  SECTION("a data file given as the model") {
    check_all(test::read_bytes(f.test_csv), {"header length"});
  }
}

TEST_CASE("cli: bad image files", "[cli]") {
  Fixture f;
  const std::string model = f.train_model("m.safetensors");
  // A PNG signature, then garbage: told to be a PNG by its first bytes, then fails to decode.
  Bytes corrupt = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  for (int i = 0; i < 64; ++i) corrupt.push_back(static_cast<unsigned char>(i * 37));

  SECTION("one corrupt PNG") {
    const std::string bad = f.dir.write_bytes("broken.png", corrupt);
    check_error(f.run({"predict", "--model", model, "--input", bad}), bad, {"image"});
  }
  SECTION("a corrupt PNG among good ones: the whole run stops, nothing is written") {
    const std::string folder = f.dir.file("drawings");
    std::filesystem::create_directory(folder);
    write_gray_png(f.dir, "drawings/a.png", seven(true));
    f.dir.write_bytes("drawings/b-broken.png", corrupt);
    write_gray_png(f.dir, "drawings/c.png", seven(false));
    const std::string out = f.dir.file("preds.csv");
    check_error(f.run({"predict", "--model", model, "--input", folder, "--out", out}), "b-broken.png");
    CHECK_FALSE(std::filesystem::exists(out));
  }
  SECTION("a truncated PNG") {
    const std::string good = write_gray_png(f.dir, "good.png", seven(true));
    Bytes bytes = test::read_bytes(good);
    bytes.resize(bytes.size() / 2);
    const std::string bad = f.dir.write_bytes("half.png", bytes);
    check_error(f.run({"predict", "--model", model, "--input", bad}), bad);
  }
  SECTION("a model that does not read 28x28 images") {
    const std::string png = write_gray_png(f.dir, "seven.png", seven(true));
    const std::string spiral = f.dir.file("spiral.safetensors");
    const Run t = f.run({"train", "--data", "spiral:3:50", "--epochs", "1", "--out", spiral});
    INFO(describe(t));
    REQUIRE(t.code == 0);
    check_error(f.run({"predict", "--model", spiral, "--input", png}), spiral, {"28x28"});
  }
}
