// nnfs predict: the model's answer for every sample of a file (or of generated toy data), as CSV.
//   classification              ImageId,Label        (Kaggle's Digit Recognizer submission format)
//     with --probabilities      ImageId,Label,p0,...,p{K-1}  (%.6g)
//   one sigmoid output          Id,Label,Probability (label = [p > 0.5])
//   regression, K outputs       Id,Value  or  Id,Value1,...,ValueK
// Image files (PNG, JPEG, BMP, GIF) and folders of them go through the engine's MNIST
// preprocessing and classification, the same path as the studio's canvas (classify_digit.h):
//   file,label,p0,...,p{K-1}    label = class index, p = probabilities (%.6g)
//   file,empty,,...,            an image without ink: no guess, empty probability fields
#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/file_args.h"
#include "engine/core/error.h"
#include "engine/data/data_source.h"
#include "engine/data/image.h"
#include "engine/model/model_file.h"
#include "engine/train/classify_digit.h"
#include "engine/train/evaluate.h"
#include "engine/train/metrics.h"
#include "engine/util/atomic_file.h"
#include "engine/util/input_file.h"

namespace nnfs::cli {

namespace {
struct PredictOptions {
  std::string model, input, data, out;
  bool probabilities = false;
};

// One CSV row per sample, 1-based ids.
std::string predictions_csv(Model& model, const Dataset& data, bool probabilities) {
  const Task task = task_for_loss(model.loss);
  const Tensor out = predict(model, data);
  const Evaluation ev = evaluate_outputs(model, data, out);
  std::string csv;
  const std::size_t k = out.cols();
  char value[32];
  if (task == Task::Classification) {
    csv = "ImageId,Label";
    for (std::size_t j = 0; probabilities && j < k; ++j) csv += ",p" + std::to_string(j);
    csv += '\n';
    for (std::size_t i = 0; i < ev.predicted.size(); ++i) {
      csv += std::to_string(i + 1) + ',' + std::to_string(ev.predicted[i]);
      for (std::size_t j = 0; probabilities && j < k; ++j) {
        std::snprintf(value, sizeof value, ",%.6g", static_cast<double>(out.at(i, j)));
        csv += value;
      }
      csv += '\n';
    }
    return csv;
  }
  if (!ev.predicted.empty()) {  // one sigmoid output
    csv = "Id,Label,Probability\n";
    for (std::size_t i = 0; i < ev.predicted.size(); ++i) {
      std::snprintf(value, sizeof value, "%.6g", static_cast<double>(out[i]));
      csv += std::to_string(i + 1) + ',' + std::to_string(ev.predicted[i]) + ',' + value + '\n';
    }
    return csv;
  }
  csv = "Id";
  for (std::size_t j = 0; j < k; ++j) csv += k == 1 ? ",Value" : ",Value" + std::to_string(j + 1);
  csv += '\n';
  for (std::size_t i = 0; i < out.rows(); ++i) {
    csv += std::to_string(i + 1);
    for (std::size_t j = 0; j < k; ++j) {
      std::snprintf(value, sizeof value, ",%.6g", static_cast<double>(out.at(i, j)));
      csv += value;
    }
    csv += '\n';
  }
  return csv;
}

// ---- image input ----------------------------------------------------------------------------------

struct ImageFile {
  std::string name;  // the CSV's `file` field: the path as given, or the name inside the folder
  std::string path;
};

// An image by its first bytes or, for formats without a signature (TGA, PNM…), by its name.
bool is_image_file(const std::string& path) { return file_has_image_signature(path) || has_image_extension(path); }

bool is_directory(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec);
}

// The rule for a folder's entries, quoted in errors and in --help.
constexpr const char* kEntryRule =
    "every entry of an --input folder whose name ends like an image (.png, .jpg, .jpeg, .bmp, .gif, .tga, .psd, "
    ".pgm, .ppm, .pnm) must be a readable image file";

// An entry named like an image that is not a readable regular file stops the run before any
// prediction: skipping it would hide a missing prediction behind exit code 0.
void require_image_entry(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_symlink(path, ec) && !std::filesystem::exists(path, ec) && !ec)
    throw Error(path + ": is a symbolic link to a missing file; " + kEntryRule);
  try {
    require_regular_file(path);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + "; " + kEntryRule);
  }
}

// The folder's image files sorted by name. Entries named like images must be readable image
// files (require_image_entry); other regular files are images by their first bytes or skipped,
// and other entries (subfolders, links, pipes) without an image name are skipped.
std::vector<ImageFile> folder_images(const std::string& dir, std::size_t& skipped) {
  std::vector<ImageFile> files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string path = it->path().string();
    if (has_image_extension(path)) {
      require_image_entry(path);
    } else {
      std::error_code type_ec;
      if (!it->is_regular_file(type_ec)) continue;
      if (!file_has_image_signature(path)) {
        ++skipped;
        continue;
      }
    }
    files.push_back({it->path().filename().string(), path});
  }
  if (ec) throw Error(dir + ": cannot list the folder: " + ec.message());
  if (files.empty()) throw Error(dir + ": no image files (PNG, JPEG, BMP or GIF) in this folder");
  std::sort(files.begin(), files.end(), [](const ImageFile& a, const ImageFile& b) { return a.name < b.name; });
  return files;
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

// One row per image; the first bad image stops everything with its error (nothing is written).
std::string image_predictions_csv(Model& model, const std::string& model_path, const std::vector<ImageFile>& files) {
  if (const std::string why = digit_incompatibility(model); !why.empty())
    throw Error(model_path + ": cannot classify images: " + why);
  const std::size_t k = shape_size(model.net.output_shape());
  std::string csv = "file,label";
  for (std::size_t j = 0; j < k; ++j) csv += ",p" + std::to_string(j);
  csv += '\n';
  char value[32];
  for (const ImageFile& f : files) {
    const DigitGuess g = classify_digit_image(&model, to_gray(load_image(f.path)));
    csv += csv_field(f.name);
    if (!g.digit) {
      csv += ",empty" + std::string(k, ',') + '\n';
      continue;
    }
    csv += ',' + std::to_string(g.label);
    for (const float p : g.probs) {
      std::snprintf(value, sizeof value, ",%.6g", static_cast<double>(p));
      csv += value;
    }
    csv += '\n';
  }
  return csv;
}

void write_csv(const std::string& csv, const std::string& out, const std::string& what) {
  if (out.empty()) {
    std::fwrite(csv.data(), 1, csv.size(), stdout);
    return;
  }
  write_file_atomically(out, std::as_bytes(std::span(csv)));
  std::fprintf(stderr, "wrote %s to %s\n", what.c_str(), out.c_str());
}

// What --input names: a folder of images, one image, or (no images) a file of samples. Anything
// but a folder must be a regular file: a FIFO or a device is refused before it is opened.
std::vector<ImageFile> input_images(const PredictOptions& o, std::size_t& skipped) {
  if (o.input.empty()) return {};
  if (is_directory(o.input)) return folder_images(o.input, skipped);
  require_regular_file(o.input);
  if (is_image_file(o.input)) return {{o.input, o.input}};
  return {};
}

// --out against the model, the input (each image of a folder) or the data it reads.
void check_files(const PredictOptions& o, const std::vector<ImageFile>& images) {
  std::vector<FileArg> inputs = data_inputs(DataFlags{o.data, "", ""});
  inputs.push_back({"--model", o.model, ""});
  if (images.empty()) inputs.push_back({"--input", o.input, ""});
  for (const ImageFile& image : images) inputs.push_back({"--input", image.path, ""});
  check_outputs(inputs, {{"--out", o.out, ""}});
}

void run(const PredictOptions& o) {
  std::size_t skipped = 0;
  const std::vector<ImageFile> files = input_images(o, skipped);
  check_files(o, files);
  Model model = load_model(o.model);
  if (!files.empty()) {
    std::string what = std::to_string(files.size()) + (files.size() == 1 ? " prediction" : " predictions");
    if (skipped) what += " (" + std::to_string(skipped) + " other file" + (skipped == 1 ? "" : "s") + " skipped)";
    write_csv(image_predictions_csv(model, o.model, files), o.out, what);
    return;
  }
  Dataset data;
  if (!o.input.empty()) {
    data = load_samples_file(o.input);
  } else {
    LoadedData loaded = load_data(DataFlags{o.data, "", ""}, false);
    if (!loaded.test) throw Error("--data " + o.data + ": no test samples to predict");
    data = std::move(*loaded.test);
  }
  write_csv(predictions_csv(model, data, o.probabilities), o.out, std::to_string(data.count) + " predictions");
}
}  // namespace

void add_predict_command(CLI::App& app) {
  auto o = std::make_shared<PredictOptions>();
  auto* cmd = app.add_subcommand(
      "predict", "Predict every sample in a CSV or IDX file, an image, a folder of images, or the test part of --data");
  auto* input = cmd->add_option("--input", o->input,
                                "Samples: CSV (labelled or not), an IDX image file, an image file (PNG, JPEG, BMP, "
                                "GIF; told by its first bytes, else by its name) or a folder of them (its image files sorted by name; "
                                "every entry named like an image must be a readable image file, other files are skipped)");
  cmd->add_option("--data", o->data, "Instead of --input: the test samples of a dataset, e.g. fashion, spiral:3:100, sine")
      ->excludes(input);
  cmd->add_option("--model", o->model, "Model file (.safetensors)")->required();
  cmd->add_option("--out", o->out, "Write the CSV here (default: standard output)");
  cmd->add_flag("--probabilities", o->probabilities,
                "Classifiers: also write every class's probability (columns p0...; images always have them)");
  cmd->footer(
      "Output (CSV): ImageId,Label for classifiers; Id,Label,Probability for one sigmoid output;\n"
      "Id,Value... for regression. Images are prepared like MNIST digits, exactly as the studio's\n"
      "canvas does (light paper inverted, cropped to the ink, scaled to 20x20, centred in 28x28):\n"
      "  file,label,p0,...,p{K-1}  file = the path given, or the name inside the folder;\n"
      "                            label = class index; p = probabilities\n"
      "  file,empty,,...,          an image without ink (blank): not classified\n"
      "An image that cannot be read stops the run with one error line naming it (exit 1,\n"
      "nothing written). In a folder, every entry whose name ends like an image (.png, .jpg,\n"
      ".jpeg, .bmp, .gif, .tga, .psd, .pgm, .ppm, .pnm) must be a readable image file: a broken\n"
      "link, a link loop, a pipe or a folder with such a name stops the run before any prediction.\n"
      "Other entries are images if their first bytes say so, else skipped (subfolders too).\n"
      "--out may not be the model, the input or one of its images (exit 2).");
  cmd->callback([o] {
    if (o->input.empty() && o->data.empty()) throw CLI::RequiredError("--input or --data");
    run(*o);
  });
}

}  // namespace nnfs::cli
