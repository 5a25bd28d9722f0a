// The files a command reads and writes, checked before any work: no output may be the same file
// as an input (it would be destroyed) or as another output, and every output must be writable.
#pragma once

#include <string>
#include <vector>

#include "app/cli/cli_common.h"

namespace nnfs::cli {

struct FileArg {
  std::string flag;      // "--out", or "--to-csv DIR" for a file a command names itself
  std::string path;      // empty: not given (ignored)
  std::string replaces;  // an output only: the input flag it may update in place ("--resume")
};

// Throws UsageError (exit 2) when an output is the same file as an input or another output,
// compared as files (same_file.h): "--out m.safetensors is the same file as --model
// ./m.safetensors; writing it would destroy the input: choose another --out". Then checks that
// each output can be written (check_writable: read-only, immutable, missing directory), naming
// its flag: "--out m.safetensors: is read-only (mode 0444); ...".
void check_outputs(const std::vector<FileArg>& inputs, const std::vector<FileArg>& outputs);

// The files a data selection reads: --train and --test, or the four IDX files of --data DIR
// (none for toy data, or when the directory is incomplete: loading it reports that).
std::vector<FileArg> data_inputs(const DataFlags& flags);

}  // namespace nnfs::cli
