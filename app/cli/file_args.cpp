#include "app/cli/file_args.h"

#include "engine/core/error.h"
#include "engine/data/data_source.h"
#include "engine/util/atomic_file.h"
#include "engine/util/same_file.h"

namespace nnfs::cli {

namespace {

std::string named(const FileArg& f) { return f.flag + " " + f.path; }

void refuse_overlap(const FileArg& out, const FileArg& other, const std::string& consequence) {
  if (other.path.empty() || !same_file(out.path, other.path)) return;
  throw UsageError(named(out) + " is the same file as " + named(other) + "; " + consequence + ": choose another " +
                   out.flag);
}

}  // namespace

void check_outputs(const std::vector<FileArg>& inputs, const std::vector<FileArg>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const FileArg& out = outputs[i];
    if (out.path.empty()) continue;
    for (const FileArg& in : inputs)
      if (in.flag != out.replaces) refuse_overlap(out, in, "writing it would destroy the input");
    for (std::size_t j = i + 1; j < outputs.size(); ++j)
      refuse_overlap(out, outputs[j], "one output would overwrite the other");
  }
  for (const FileArg& out : outputs) {
    if (out.path.empty()) continue;
    try {
      check_writable(out.path);
    } catch (const Error& e) {
      throw Error(out.flag + " " + e.what());
    }
  }
}

std::vector<FileArg> data_inputs(const DataFlags& flags) {
  if (!flags.train_csv.empty() || !flags.test_csv.empty())
    return {{"--train", flags.train_csv, ""}, {"--test", flags.test_csv, ""}};
  try {
    const MnistFiles files = locate_mnist(resolve_data_dir(flags.data_dir));
    const std::string flag = "--data";
    return {{flag, files.train_images, ""}, {flag, files.train_labels, ""},
            {flag, files.test_images, ""}, {flag, files.test_labels, ""}};
  } catch (const Error&) {
    return {};  // toy data, or an incomplete directory: loading it names what is missing
  }
}

}  // namespace nnfs::cli
