#include "app/cli/train_teach.h"

#include <charconv>
#include <filesystem>

#include "engine/core/error.h"
#include "engine/data/labelled_folder.h"

namespace nnfs::cli {

void add_teach_flags(CLI::App& cmd, TeachFlags& f) {
  f.init_option = cmd.add_option("--init", f.init,
                                 "Start from this model's weights (its architecture, classes and scaling); "
                                 "default recipe: 1 epoch, adam lr 1e-4, augmentation");
  f.extra_option = cmd.add_option("--extra", f.extra,
                                  "PATH[:SHARE]: labelled samples (CSV in the seed's layout, or a folder with "
                                  "labels.csv) making up SHARE of every batch (default 0.25)");
  f.holdout_option = cmd.add_option("--extra-holdout", f.holdout,
                                    "Fraction of the extra samples held out per class and scored after every "
                                    "epoch (default 0.2)")
                         ->check(CLI::Range(0.0, 0.9));
}

ExtraSpec parse_extra_spec(const std::string& text) {
  ExtraSpec spec{text, kExtraShare};
  const auto colon = text.rfind(':');
  std::error_code ignored;
  if (colon == std::string::npos || std::filesystem::exists(text, ignored)) return spec;
  const std::string share = text.substr(colon + 1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(share.data(), share.data() + share.size(), value);
  if (ec != std::errc{} || end != share.data() + share.size() || !(value > 0.0 && value < 1.0))
    throw Error("--extra " + text + ": share '" + share + "' is not a number between 0 and 1 (PATH[:SHARE])");
  spec.path = text.substr(0, colon);
  spec.share = value;
  return spec;
}

ExtraData load_extra(const TeachFlags& flags, std::uint64_t seed) {
  if (flags.extra.empty()) return {};
  const ExtraSpec spec = parse_extra_spec(flags.extra);
  return split_extra(read_labelled_samples(spec.path), spec.share, flags.holdout, seed);
}

}  // namespace nnfs::cli
