// nnfs convert: MNIST IDX files → the CSV layout of the original project.
#include <filesystem>

#include "app/cli/commands.h"
#include "app/cli/file_args.h"
#include "engine/core/error.h"
#include "engine/data/csv_reader.h"
#include "engine/data/data_source.h"

namespace nnfs::cli {

namespace {
struct ConvertOptions {
  std::string data, out_dir;
};

void run(const ConvertOptions& o) {
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) throw Error(o.out_dir + ": cannot create directory: " + ec.message());
  const std::string train = (std::filesystem::path(o.out_dir) / "mnist_train.csv").string();
  const std::string test = (std::filesystem::path(o.out_dir) / "mnist_test.csv").string();
  check_outputs(data_inputs(DataFlags{o.data, "", ""}), {{"--to-csv", train, ""}, {"--to-csv", test, ""}});
  MnistData mnist = load_data_dir(o.data);
  write_mnist_csv(mnist.train, train);
  write_mnist_csv(mnist.test, test);
  std::printf("wrote %s (%zu rows) and %s (%zu rows)\n", train.c_str(), mnist.train.count, test.c_str(),
              mnist.test.count);
}
}  // namespace

void add_convert_command(CLI::App& app) {
  auto o = std::make_shared<ConvertOptions>();
  auto* cmd = app.add_subcommand("convert", "Write MNIST as mnist_train.csv and mnist_test.csv");
  cmd->add_option("--data", o->data, "Directory with the MNIST IDX files (default: $NNFS_DATA or data/mnist)");
  cmd->add_option("--to-csv", o->out_dir, "Output directory")->required();
  cmd->callback([o] { run(*o); });
}

}  // namespace nnfs::cli
