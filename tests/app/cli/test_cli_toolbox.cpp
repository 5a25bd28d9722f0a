// The book's toolbox from the command line (issue 3, acceptance 4): every activation, loss,
// optimizer option, L1/L2 penalty, dropout and initialiser is reachable from `nnfs train`,
// recorded in the model file, shown by `nnfs info`, and the loaded model gives exactly the
// results training reported. The real binary runs in a child process on the book's toy data
// (spiral, sine), which the CLI generates itself, so every run takes a fraction of a second.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

using nnfs::test::TempDir;
using json = nlohmann::json;

namespace {

using nnfs::test::describe;
using nnfs::test::lines_of;
using nnfs::test::Run;
using nnfs::test::slurp;

// `nnfs args...` as a user runs it (support/process.h).
Run run_nnfs(const TempDir& dir, const std::vector<std::string>& args) {
  return nnfs::test::run_program(NNFS_CLI_PATH, dir, args);
}

// The value after `key` on the line of `text` that starts with it ("loss      0.31" → "0.31").
std::string field(const std::string& text, const std::string& key) {
  for (const auto& line : lines_of(text))
    if (line.rfind(key, 0) == 0) {
      const std::size_t start = line.find_first_not_of(' ', key.size());
      return start == std::string::npos ? "" : line.substr(start);
    }
  return "";
}

std::string g6(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

// Trains on `data` with `flags`, writes the model and a JSON log; returns the last epoch's record.
json train(const TempDir& dir, const std::string& data, const std::string& model, std::vector<std::string> flags) {
  const std::string log = dir.file(model + ".jsonl");
  std::vector<std::string> args = {"train", "--data", data, "--seed", "3", "--threads", "1",
                                   "--out", dir.file(model), "--log-json", log};
  args.insert(args.end(), flags.begin(), flags.end());
  const Run r = run_nnfs(dir, args);
  INFO(describe(r));
  REQUIRE(r.code == 0);
  const auto lines = lines_of(slurp(log));
  REQUIRE_FALSE(lines.empty());
  return json::parse(lines.back());
}

Run info(const TempDir& dir, const std::string& model) {
  const Run r = run_nnfs(dir, {"info", "--model", dir.file(model)});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  return r;
}

}  // namespace

TEST_CASE("cli toolbox: every layer, initialiser, penalty and dropout is recorded and shown by info", "[cli]") {
  TempDir dir;
  // Written as to_arch_string writes it back: options at their defaults (init=he) left out.
  const std::string arch =
      "dense:16:init=xavier:l1=0.0001:l2=0.0005:bias_l1=0.0002:bias_l2=0.0003,leaky_relu:0.2,dropout:0.1,"
      "dense:16:init=nnfs,tanh,dense:16,sigmoid,dense:8,linear,relu,dense:3,softmax";
  const json last = train(dir, "spiral:3:100", "rich.safetensors",
                          {"--arch", arch, "--epochs", "2", "--batch", "64", "--optimizer", "sgd", "--lr", "0.5",
                           "--decay", "1e-3", "--momentum", "0.8", "--nesterov"});
  const Run r = info(dir, "rich.safetensors");
  CHECK(field(r.out, "arch") == arch);
  CHECK(field(r.out, "loss") == "categorical_crossentropy");
  CHECK(field(r.out, "optimizer") == "sgd lr 0.5 decay 0.001 momentum 0.8 nesterov true");
  CHECK(field(r.out, "classes") == "0, 1, 2");
  CHECK_THAT(r.out, Catch::Contains("spiral:3:100, 300 samples, 2 epochs, batch 64, seed 3"));
  // The architecture JSON keeps what the string leaves out (the default initialiser).
  CHECK_THAT(r.out, Catch::Contains("\"init\":\"he\"") && Catch::Contains("\"init\":\"xavier\"") &&
                        Catch::Contains("\"init\":\"nnfs\""));
  CHECK_THAT(r.out, Catch::Contains("\"regularization_loss\""));
  CHECK(last["test_acc"].is_number());
}

TEST_CASE("cli toolbox: every optimizer's options and every loss are recorded and shown by info", "[cli]") {
  TempDir dir;
  struct Case {
    const char* data;
    std::vector<std::string> flags;
    const char* loss;
    const char* optimizer;  // the info line
  };
  const Case cases[] = {
      {"spiral:3:100", {"--arch", "dense:16,relu,dense:3,softmax", "--optimizer", "adagrad", "--lr", "0.5",
                        "--decay", "1e-4", "--epsilon", "1e-6"},
       "categorical_crossentropy", "adagrad lr 0.5 decay 0.0001 epsilon 1e-06"},
      {"spiral:3:100", {"--arch", "dense:16,relu,dense:3,softmax", "--optimizer", "rmsprop", "--lr", "0.02",
                        "--decay", "1e-5", "--rho", "0.999"},
       "categorical_crossentropy", "rmsprop lr 0.02 decay 1e-05 rho 0.999 epsilon 1e-07"},
      {"spiral:2:100", {"--arch", "dense:16:l2=5e-4:bias_l2=5e-4,relu,dense:1,sigmoid", "--optimizer", "adam",
                        "--lr", "0.005", "--decay", "5e-7", "--beta1", "0.8", "--beta2", "0.99"},
       "binary_crossentropy", "adam lr 0.005 decay 5e-07 beta1 0.8 beta2 0.99 epsilon 1e-07"},
      {"sine:200", {"--arch", "dense:16,relu,dense:1,linear", "--optimizer", "adamw", "--lr", "0.005",
                    "--weight-decay", "0.001", "--loss", "mae"},
       "mae", "adamw lr 0.005 decay 0 beta1 0.9 beta2 0.999 epsilon 1e-07 weight_decay 0.001"},
      {"sine:200", {"--arch", "dense:16,relu,dense:1", "--optimizer", "sgd", "--lr", "0.01", "--schedule", "cosine"},
       "mse", "sgd lr 0.01 decay 0 momentum 0 nesterov false"},
  };
  int i = 0;
  for (const Case& c : cases) {
    std::string model = std::to_string(i++);  // (not "m" + …: GCC 12's -Wrestrict false positive)
    model += ".safetensors";
    train(dir, c.data, model, c.flags);
    const Run r = info(dir, model);
    INFO(c.optimizer);
    CHECK(field(r.out, "loss") == c.loss);
    CHECK(field(r.out, "optimizer") == c.optimizer);
    if (std::string(c.loss) == "mse") CHECK_THAT(r.out, Catch::Contains("\"schedule\": \"cosine\""));
  }
}

TEST_CASE("cli toolbox: the loaded model evaluates and predicts exactly as training reported", "[cli]") {
  TempDir dir;
  SECTION("classifier with dropout and penalties on the spiral") {
    const json last = train(dir, "spiral:3:100", "c.safetensors",
                            {"--arch", "dense:32:l2=5e-4:bias_l2=5e-4,relu,dropout:0.1,dense:3,softmax",
                             "--epochs", "20", "--batch", "32", "--lr", "0.02"});
    const Run ev = run_nnfs(dir, {"evaluate", "--model", dir.file("c.safetensors"), "--data", "spiral:3:100"});
    INFO(describe(ev));
    REQUIRE(ev.code == 0);
    CHECK(field(ev.out, "loss") == g6(last["test_loss"].get<double>()));
    char accuracy[32];
    std::snprintf(accuracy, sizeof accuracy, "%.2f%%", 100.0 * last["test_acc"].get<double>());
    CHECK(field(ev.out, "accuracy") == accuracy);
    // predict's labels on the same test draw (stored class after class, 100 each) reproduce the
    // accuracy training measured on its in-memory model.
    const Run p = run_nnfs(dir, {"predict", "--model", dir.file("c.safetensors"), "--data", "spiral:3:100"});
    INFO(describe(p));
    REQUIRE(p.code == 0);
    const auto rows = lines_of(p.out);
    REQUIRE(rows.size() == 301);
    CHECK(rows[0] == "ImageId,Label");
    int correct = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const int label = std::stoi(rows[r].substr(rows[r].find(',') + 1));
      correct += label == static_cast<int>((r - 1) / 100);
    }
    CHECK(correct == static_cast<int>(std::lround(last["test_acc"].get<double>() * 300)));
  }
  SECTION("regression on the sine, with its precision accuracy") {
    const json last = train(dir, "sine:200", "r.safetensors",
                            {"--arch", "dense:32:init=xavier,tanh,dense:1:init=xavier", "--epochs", "10",
                             "--batch", "20", "--lr", "0.01"});
    const Run ev = run_nnfs(dir, {"evaluate", "--model", dir.file("r.safetensors"), "--data", "sine:200"});
    INFO(describe(ev));
    REQUIRE(ev.code == 0);
    CHECK(field(ev.out, "loss") == g6(last["test_loss"].get<double>()));
    CHECK_THAT(field(ev.out, "precision"), Catch::StartsWith("0.00282"));  // std(sin)/250 = 0.7071/250
  }
}

TEST_CASE("cli toolbox: --test without --train and a negative --seed are usage errors", "[cli]") {
  TempDir dir;
  const std::string csv = dir.write_text("test.csv", "label,a,b\n0,1,2\n");
  const std::vector<std::vector<std::string>> cases = {
      {"train", "--test", csv, "--out", dir.file("m.safetensors")},
      {"train", "--data", "spiral", "--seed", "-1", "--out", dir.file("m.safetensors")},
      {"train", "--data", "spiral", "--seed", "-5", "--out", dir.file("m.safetensors")},
  };
  for (const auto& args : cases) {
    const Run r = run_nnfs(dir, args);
    INFO(describe(r));
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("--help"));
  }
  CHECK_THAT(run_nnfs(dir, cases[0]).err, Catch::Contains("--train"));
  CHECK_THAT(run_nnfs(dir, cases[1]).err, Catch::Contains("--seed"));
  CHECK_FALSE(std::filesystem::exists(dir.file("m.safetensors")));
}

TEST_CASE("cli toolbox: the playground's XOR needs a hidden layer, moons and circles train from --data", "[cli]") {
  TempDir dir;
  const std::vector<std::string> adam = {"--epochs", "200", "--optimizer", "adam", "--lr", "0.05"};
  std::vector<std::string> linear = {"--arch", "dense:2,softmax"}, hidden = {"--arch", "dense:16,relu,dense:2,softmax"};
  linear.insert(linear.end(), adam.begin(), adam.end());
  hidden.insert(hidden.end(), adam.begin(), adam.end());
  // No straight line separates XOR's quadrants: one layer stays near chance, one hidden layer solves it.
  CHECK(train(dir, "xor", "xor-linear.safetensors", linear)["test_acc"].get<double>() < 0.7);
  CHECK(train(dir, "xor", "xor-hidden.safetensors", hidden)["test_acc"].get<double>() > 0.9);
  CHECK(train(dir, "moons:50", "moons.safetensors", hidden)["test_acc"].get<double>() > 0.9);
  CHECK(train(dir, "circles:50", "circles.safetensors", hidden)["test_acc"].get<double>() > 0.9);
}
