// MNIST as CSV: the layouts of Kaggle's "Digit Recognizer" and the widely copied mnist_train.csv.
//
//   [header line]              optional; recognised by a field that is not a number, e.g.
//                              "label,pixel0,...,pixel783" or "label,1x1,1x2,...,28x28"
//   label,p1,...,p784          labelled rows: 785 values, label 0-9, pixels 0-255
//   p1,...,p784                or unlabelled rows: 784 pixels (every row must agree)
//
// LF or CRLF line ends, a UTF-8 byte order mark, a last line without a newline and blank lines
// at the end are accepted. Anything else is an nnfs::Error of one line naming file, line and
// value: "data/train.csv: line 7: expected 785 values (label + 784 pixels), found 783".
// The file is streamed through a buffer of 64 KiB to 1 MiB (gzip is decompressed transparently) and parsed in
// a single pass straight into the dataset's pixel array: 1-3 digit values by hand, anything else
// with std::from_chars; nothing is allocated per row or value. A line is parsed as soon as it is
// complete, so a file that is not CSV fails on line 1 after reading at most 2 MiB, whatever its
// size: "x.bin: line 1: column 1 is a NUL byte (0x00), expected text (not a CSV file?)".
#pragma once

#include <cstddef>
#include <string>

#include "engine/data/data_file.h"
#include "engine/data/dataset.h"

namespace nnfs {

inline constexpr std::size_t kCsvImageSide = 28;
inline constexpr std::size_t kCsvPixels = kCsvImageSide * kCsvImageSide;  // 784

// Images of shape [28, 28] with labels (if the rows have them) and class names "0".."9".
Dataset read_mnist_csv(const std::string& path);
// The same from any byte source; `name` names it in messages.
Dataset read_mnist_csv(ByteSource& in, const std::string& name);

// Writes the header "label,1x1,1x2,...,28x28" (no "label," for unlabelled data), then one row
// per sample. Needs 28x28 images and labels 0-9. Written to a temporary file renamed into place;
// a path ending in ".gz" is gzip-compressed.
void write_mnist_csv(const Dataset& data, const std::string& path);

}  // namespace nnfs
