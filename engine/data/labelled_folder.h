// Labelled samples for fine-tuning and scoring: a folder of images with labels.csv, or a CSV
// in the seed's layout (csv_reader.h).
//
//   labels.csv   "file,label" header, then one line per image: a file name relative to the
//                folder (no directories, no commas) and its label 0-9
//
// Every image is prepared exactly as the studio's canvas prepares a drawing: to_gray, then
// preprocess_digit() (preprocess.h) into a 28x28 MNIST-like view. Errors are one line naming
// the file and the line: "mine/labels.csv: line 4: label 'x' is not 0-9",
// "mine/labels.csv: line 6: 'a.png' does not exist", "mine/a.png: holds no ink (blank image)".
#pragma once

#include <string>

#include "engine/data/dataset.h"

namespace nnfs {

// 28x28 images with labels and class names "0".."9", in labels.csv's order.
Dataset read_labelled_folder(const std::string& directory);
// A directory → read_labelled_folder; a file → read_mnist_csv (which must be labelled).
Dataset read_labelled_samples(const std::string& path);

}  // namespace nnfs
