#include "engine/data/digit_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <span>

#include "engine/core/error.h"
#include "engine/data/csv_reader.h"
#include "engine/data/digit_store_record.h"
#include "engine/data/labelled_folder.h"
#include "engine/data/png_writer.h"
#include "engine/data/preprocess.h"
#include "engine/util/atomic_file.h"
#include "engine/util/input_file.h"

namespace nnfs {
namespace {

constexpr std::uint64_t kMaxIndexBytes = 1u << 30;
constexpr std::size_t kReasonsShown = 3;

std::string index_path(const std::string& dir) { return dir + "/index.txt"; }

// The drawing's PNG must be there and decode (a missing or corrupt file skips the sample).
std::string check_png(const std::string& dir, const std::string& file) {
  try {
    load_image(dir + "/" + file);
    return {};
  } catch (const Error& e) {
    return e.what();
  }
}

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

// Collects what open() skipped, for the one-line note.
struct DigitStore::Skipped {
  std::size_t count = 0;
  std::string reasons;
  void add(std::size_t line, const std::string& why) {
    if (count < kReasonsShown) reasons += (count ? "; line " : "line ") + std::to_string(line) + ": " + why;
    else if (count == kReasonsShown) reasons += "; ...";
    ++count;
  }
};

std::string DigitStore::default_directory() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  std::string base = xdg && *xdg ? xdg : "";
  if (base.empty()) {
    const char* home = std::getenv("HOME");
    base = std::string(home && *home ? home : ".") + "/.local/share";
  }
  return base + "/nnfs-studio/my-digits";
}

DigitStore::DigitStore(std::string directory) : directory_(std::move(directory)) {
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  require_directory(directory_);
  if (!std::filesystem::exists(index_path(directory_), ec)) {
    const std::string header = std::string(kDigitStoreHeader) + "\n";
    write_file_atomically(index_path(directory_), std::as_bytes(std::span(header)));
  }
  load();
}

void DigitStore::load() {
  const std::string path = index_path(directory_);
  const std::vector<std::byte> bytes = read_file(path, kMaxIndexBytes);
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const auto first_end = text.find('\n');
  if (text.substr(0, first_end) != kDigitStoreHeader) {
    read_only_ = true;
    note_ = path + ": not a My-digits index of version 1 (first line '" +
            std::string(text.substr(0, std::min<std::size_t>(first_end, 40))) +
            "'); opened empty and read-only";
    return;
  }
  text.remove_prefix(first_end + 1);
  good_size_ = bytes.size();
  Skipped skipped;
  std::size_t line_no = 1, records = 0;
  while (!text.empty()) {
    ++line_no;
    ++records;
    const auto end = text.find('\n');
    if (end == std::string_view::npos) {  // a record cut short by a crash while appending
      skipped.add(line_no, "torn last line");
      good_size_ = bytes.size() - text.size();
      break;
    }
    apply_line(text.substr(0, end), line_no, skipped);
    text.remove_prefix(end + 1);
  }
  if (skipped.count)
    note_ = path + ": skipped " + std::to_string(skipped.count) + " of " + std::to_string(records) + " records (" +
            skipped.reasons + ")";
}

void DigitStore::apply_line(std::string_view line, std::size_t line_no, Skipped& skipped) {
  try {
    StoreRecord record = parse_record(line);
    if (auto* d = std::get_if<StoredDigit>(&record)) {
      next_id_ = std::max(next_id_, d->id + 1);
      if (find_live(d->id) || find_removed(d->id)) throw Error("id " + std::to_string(d->id) + " is used twice");
      if (std::string why = check_png(directory_, d->file); !why.empty()) throw Error(why);
      samples_.push_back(std::move(*d));
    } else {
      apply_change(std::get<ChangeRecord>(record));
    }
  } catch (const Error& e) {
    skipped.add(line_no, e.what());
  }
}

void DigitStore::apply_change(const ChangeRecord& c) {
  const std::string id = std::to_string(c.id);
  if (c.kind == RecordKind::Restore) {
    const auto it = std::find_if(removed_.begin(), removed_.end(), [&](const StoredDigit& d) { return d.id == c.id; });
    if (it == removed_.end()) throw Error("sample " + id + " is not removed");
    // Back to its place in order of adding.
    const auto at = std::find_if(samples_.begin(), samples_.end(), [&](const StoredDigit& d) { return d.id > c.id; });
    samples_.insert(at, std::move(*it));
    removed_.erase(it);
    return;
  }
  StoredDigit* d = find_live(c.id);
  if (!d) throw Error("no sample " + id);
  if (c.kind == RecordKind::Relabel) {
    d->label = c.label;
  } else {
    removed_.push_back(std::move(*d));
    samples_.erase(samples_.begin() + (d - samples_.data()));
  }
}

StoredDigit* DigitStore::find_live(std::uint64_t id) {
  const auto it = std::find_if(samples_.begin(), samples_.end(), [&](const StoredDigit& d) { return d.id == id; });
  return it == samples_.end() ? nullptr : &*it;
}

const StoredDigit* DigitStore::find_removed(std::uint64_t id) const {
  const auto it = std::find_if(removed_.begin(), removed_.end(), [&](const StoredDigit& d) { return d.id == id; });
  return it == removed_.end() ? nullptr : &*it;
}

std::array<std::size_t, 10> DigitStore::counts() const {
  std::array<std::size_t, 10> n{};
  for (const StoredDigit& d : samples_) ++n[static_cast<std::size_t>(d.label)];
  return n;
}

// One complete line in one write(), then fsync: a crash leaves the line whole or torn at the end.
void DigitStore::append_record(const std::string& line) {
  if (read_only_) throw Error(index_path(directory_) + ": the store is read-only (" + note_ + ")");
  const std::string path = index_path(directory_);
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) throw Error(path + ": cannot open for appending: " + std::strerror(errno));
  // A torn last line from an earlier crash is cut off first, so the new record starts a line.
  if (::ftruncate(fd, static_cast<off_t>(good_size_)) != 0) {
    const int err = errno;
    ::close(fd);
    throw Error(path + ": cannot cut the torn last line: " + std::strerror(err));
  }
  const ssize_t n = ::write(fd, line.data(), line.size());
  const int err = errno;
  const bool synced = n == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    std::error_code ec;
    std::filesystem::resize_file(path, good_size_, ec);  // never leave a partial record behind
    throw Error(path + ": cannot append a record: " + std::strerror(n < 0 ? err : EIO));
  }
  good_size_ += line.size();
}

const StoredDigit& DigitStore::add(const NewDigit& digit) {
  if (digit.label < 0 || digit.label > 9) throw Error("label " + std::to_string(digit.label) + " is not 0-9");
  const auto view = preprocess_digit(digit.drawing);
  if (!view) throw Error("the drawing holds no ink");
  return add_sample(digit.drawing, view->pixels, digit.label, digit.time ? digit.time : now_seconds(),
                    digit.predicted, digit.confidence);
}

const StoredDigit& DigitStore::add_sample(const GrayImage& drawing, const std::array<std::uint8_t, kDigitViewPixels>& view,
                                          int label, std::int64_t time, int predicted, float confidence) {
  if (read_only_) throw Error(index_path(directory_) + ": the store is read-only (" + note_ + ")");
  StoredDigit d;
  d.id = next_id_;
  d.file = std::to_string(d.id) + ".png";
  d.label = label;
  d.time = time;
  d.predicted = std::clamp(predicted, -1, 9);
  d.confidence = std::clamp(confidence, 0.0f, 1.0f);
  d.view = view;
  write_png(drawing, directory_ + "/" + d.file);  // the drawing first: a record never names a missing file
  append_record(format_add(d));
  ++next_id_;
  samples_.push_back(std::move(d));
  return samples_.back();
}

void DigitStore::relabel(std::uint64_t id, int label) {
  if (label < 0 || label > 9) throw Error("label " + std::to_string(label) + " is not 0-9");
  StoredDigit* d = find_live(id);
  if (!d) throw Error("My digits: no sample " + std::to_string(id));
  append_record(format_change({RecordKind::Relabel, id, label}));
  d->label = label;
}

void DigitStore::remove(std::uint64_t id) {
  if (!find_live(id)) throw Error("My digits: no sample " + std::to_string(id));
  const ChangeRecord c{RecordKind::Remove, id, 0};
  append_record(format_change(c));
  apply_change(c);
}

void DigitStore::restore(std::uint64_t id) {
  if (!find_removed(id)) throw Error("My digits: sample " + std::to_string(id) + " is not removed");
  const ChangeRecord c{RecordKind::Restore, id, 0};
  append_record(format_change(c));
  apply_change(c);
}

Dataset DigitStore::dataset() const {
  Dataset data;
  data.source = directory_;
  data.sample_shape = {kMnistSide, kMnistSide};
  data.class_names = digit_class_names();
  data.count = samples_.size();
  for (const StoredDigit& d : samples_) {
    data.pixels.insert(data.pixels.end(), d.view.begin(), d.view.end());
    data.labels.push_back(d.label);
  }
  return data;
}

void DigitStore::export_csv(const std::string& path) const { write_mnist_csv(dataset(), path); }

void DigitStore::export_folder(const std::string& directory) const {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  require_directory(directory);
  std::string labels = "file,label\n";
  for (const StoredDigit& d : samples_) {
    const std::vector<std::byte> png = read_file(directory_ + "/" + d.file, 64u << 20);
    write_file_atomically(directory + "/" + d.file, std::span<const std::byte>(png));
    labels += d.file + "," + std::to_string(d.label) + "\n";
  }
  write_file_atomically(directory + "/labels.csv", std::as_bytes(std::span(labels)));
}

// Imported samples keep their 28x28 view as the drawing: a CSV has nothing else, and a folder's
// images are prepared on reading (read_labelled_samples), exactly as the canvas's would be.
std::size_t DigitStore::import(const std::string& path) {
  const Dataset data = read_labelled_samples(path);
  const std::int64_t time = now_seconds();
  for (std::size_t i = 0; i < data.count; ++i) {
    std::array<std::uint8_t, kDigitViewPixels> view{};
    std::copy_n(data.pixels.begin() + static_cast<std::ptrdiff_t>(i * kDigitViewPixels), kDigitViewPixels, view.begin());
    const GrayImage drawing{kMnistSide, kMnistSide, std::vector<std::uint8_t>(view.begin(), view.end())};
    add_sample(drawing, view, data.labels[i], time, -1, 0.0f);
  }
  return data.count;
}

}  // namespace nnfs
