// The `nnfs` subcommands. Each add_*_command registers its flags on the CLI11 app and a callback
// that does the work; callbacks throw nnfs::Error for bad data or models (exit code 1).
#pragma once

#include <CLI/CLI.hpp>

namespace nnfs::cli {

void add_train_command(CLI::App& app);
void add_evaluate_command(CLI::App& app);
void add_predict_command(CLI::App& app);
void add_convert_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_runs_command(CLI::App& app);
void add_import_command(CLI::App& app);
void add_export_command(CLI::App& app);

}  // namespace nnfs::cli
