// nnfs: the command line front end of the engine.
// Exit codes: 0 success, 1 data or model error (one line on stderr), 2 usage error.
#include <csignal>
#include <cstdio>
#include <exception>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "engine/core/error.h"

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) then fails the write with EFBIG like a full disk, so a save
  // ends with a clean error and removes its temporary file instead of being killed mid-write.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"nnfs — neural networks from scratch: train, evaluate and use MNIST models"};
  app.set_version_flag("--version", std::string("nnfs ") + NNFS_VERSION);
  app.require_subcommand(1);
  nnfs::cli::add_train_command(app);
  nnfs::cli::add_evaluate_command(app);
  nnfs::cli::add_predict_command(app);
  nnfs::cli::add_convert_command(app);
  nnfs::cli::add_info_command(app);
  nnfs::cli::add_demo_command(app);
  nnfs::cli::add_bench_command(app);
  nnfs::cli::add_runs_command(app);
  nnfs::cli::add_import_command(app);
  nnfs::cli::add_export_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and a hint to use --help
    return 2;
  } catch (const nnfs::cli::UsageError& e) {
    std::fprintf(stderr, "nnfs: %s\n", e.what());
    return 2;
  } catch (const nnfs::Error& e) {
    std::fprintf(stderr, "nnfs: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nnfs: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
