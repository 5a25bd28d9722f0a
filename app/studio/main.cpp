// nnfs-studio: draw a digit and watch the network read it; open, inspect and save models.
// main() is the app's whole lifetime: parse options → init → one frame at a time → shutdown.
#include "app/studio/app.h"
#include "app/studio/options.h"

int main(int argc, char** argv) {
  nnfs::studio::Options options;
  if (const auto code = nnfs::studio::parse_options(argc, argv, options)) return *code;

  nnfs::studio::App app(std::move(options));
  if (!app.init()) return 1;
  while (app.frame()) {
  }
  app.shutdown();
  return app.exit_code();
}
