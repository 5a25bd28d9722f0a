#include "engine/data/labelled_folder.h"

#include <filesystem>
#include <string_view>

#include "engine/core/error.h"
#include "engine/data/csv_reader.h"
#include "engine/data/preprocess.h"
#include "engine/util/atomic_file.h"
#include "engine/util/input_file.h"

namespace nnfs {
namespace {

constexpr std::uint64_t kMaxLabelsBytes = 64u << 20;

std::string_view trim_line_end(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// One "file,label" line → the image's 28x28 view appended to `data`.
void read_entry(const std::string& dir, const std::string& where, std::string_view line, Dataset& data) {
  const auto comma = line.find(',');
  if (comma == std::string_view::npos || line.find(',', comma + 1) != std::string_view::npos)
    throw Error(where + "expected 'file,label', found '" + std::string(line.substr(0, 80)) + "'");
  const std::string name(line.substr(0, comma));
  const std::string label(line.substr(comma + 1));
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
    throw Error(where + "'" + name + "' is not a file name in the folder");
  if (label.size() != 1 || label[0] < '0' || label[0] > '9')
    throw Error(where + "label '" + label.substr(0, 20) + "' is not 0-9");
  const std::string path = dir + "/" + name;
  // The error_code overload: a name the system refuses (longer than NAME_MAX, say) is bad input,
  // reported on its line, not a std::filesystem exception.
  std::error_code ec;
  const auto status = std::filesystem::symlink_status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) throw Error(where + "'" + name + "' does not exist");
  if (ec) throw Error(where + "'" + name.substr(0, 80) + "': " + ec.message());
  Image image;
  try {
    require_regular_file(path);
    image = load_image(path);
  } catch (const Error& e) {
    throw Error(where + e.what());
  }
  const auto digit = preprocess_digit(to_gray(image));
  if (!digit) throw Error(path + ": holds no ink (blank image)");
  data.pixels.insert(data.pixels.end(), digit->pixels.begin(), digit->pixels.end());
  data.labels.push_back(label[0] - '0');
  ++data.count;
}

}  // namespace

Dataset read_labelled_folder(const std::string& directory) {
  require_directory(directory);
  const std::string labels_path = directory + "/labels.csv";
  std::error_code ec;
  if (!std::filesystem::exists(labels_path, ec) && !ec)  // other errors: read_file below names them
    throw Error(directory + ": no labels.csv (expected 'file,label' lines beside the images)");
  const std::vector<std::byte> bytes = read_file(labels_path, kMaxLabelsBytes);
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  Dataset data;
  data.source = directory;
  data.sample_shape = {kMnistSide, kMnistSide};
  data.class_names = digit_class_names();
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = trim_line_end(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    const std::string where = labels_path + ": line " + std::to_string(++line_no) + ": ";
    if (line_no == 1) {
      if (line != "file,label") throw Error(where + "expected the header 'file,label'");
      continue;
    }
    if (line.empty()) continue;
    if (line.find('\0') != std::string_view::npos) throw Error(where + "a NUL byte, expected text (not a CSV file?)");
    read_entry(directory, where, line, data);
  }
  if (line_no == 0) throw Error(labels_path + ": is empty, expected the header 'file,label'");
  return data;
}

Dataset read_labelled_samples(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return read_labelled_folder(path);
  Dataset data = read_mnist_csv(path);
  if (data.labels.empty()) throw Error(path + ": has no labels (expected 'label,1x1,...,28x28' rows)");
  return data;
}

}  // namespace nnfs
