// My digits: the user's own labelled drawings, kept on disk so that no crash loses them.
//
// A store is a directory (by default $XDG_DATA_HOME/nnfs-studio/my-digits/, docs/MY_DIGITS.md):
//
//   index.txt           "nnfs-my-digits 1", then one record per line, only ever appended:
//                         add <id> <file> <label> <time> <predicted> <confidence> <view>
//                         relabel <id> <label>
//                         remove <id>
//                         restore <id>
//                       <view> is the preprocessed 28x28 image as 1568 hex digits (row-major);
//                       <predicted> is -1 when no model judged the drawing
//   <id>.png            the raw drawing at the canvas's resolution (grayscale, ink bright)
//
// Crash safety: a sample's PNG is written atomically (engine/util/atomic_file.h) before its
// record, and every record is appended as one complete line in a single write() followed by
// fsync. A kill -9 at any moment therefore loses at most the record being written; a torn last
// line is recognised (no newline, wrong field count) and skipped.
//
// Damage: open() never throws for a damaged store. Every record that cannot be used (torn or
// malformed line, bad label, unknown id, missing or unreadable PNG) is skipped and counted, and
// skipped_note() says so in one line, e.g.
//   "my-digits/index.txt: skipped 2 of 40 records (line 17: label 12 is not 0-9; line 41: torn
//    last line)"
// An index of an unknown version opens empty and read-only (adding throws), with a note.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/data/image.h"

namespace nnfs {

struct ChangeRecord;

inline constexpr std::size_t kDigitViewPixels = 28 * 28;

struct StoredDigit {
  std::uint64_t id = 0;           // unique in the store, increasing in order of adding
  std::string file;               // the raw drawing's PNG, relative to the store directory
  int label = 0;                  // 0-9
  std::int64_t time = 0;          // when it was added, seconds since the Unix epoch
  int predicted = -1;             // what the model said when it was saved; -1: no model
  float confidence = 0.0f;        // its probability for `predicted`, 0..1
  std::array<std::uint8_t, kDigitViewPixels> view{};  // preprocessed 28x28, ink 255 on black
};

// A drawing to add. `drawing` is the canvas raster (ink bright on black, as the studio's
// DigitCanvas keeps it); its 28x28 view is made with preprocess_digit(), the canvas's own
// preparation.
struct NewDigit {
  GrayImage drawing;
  int label = 0;
  std::int64_t time = 0;          // 0: now
  int predicted = -1;
  float confidence = 0.0f;
};

class DigitStore {
 public:
  // $XDG_DATA_HOME/nnfs-studio/my-digits (XDG_DATA_HOME unset or empty: $HOME/.local/share).
  static std::string default_directory();

  // Opens the store in `directory`, creating the directory and an empty index if there is
  // none. Throws nnfs::Error only when the directory cannot be created or is not a directory;
  // damaged contents are skipped (skipped_note()).
  explicit DigitStore(std::string directory);

  const std::string& directory() const { return directory_; }
  // The live samples (not removed), in order of adding.
  const std::vector<StoredDigit>& samples() const { return samples_; }
  // "" for an undamaged store, else one line naming what was skipped.
  const std::string& skipped_note() const { return note_; }
  bool read_only() const { return read_only_; }
  std::array<std::size_t, 10> counts() const;  // live samples per class

  // Appends a sample (PNG first, then its record, flushed). Throws nnfs::Error for a drawing
  // without ink, a label outside 0-9, or a write that fails (the store is left as it was).
  const StoredDigit& add(const NewDigit& digit);
  // Appends a relabel / remove / restore record. Throws for an unknown id (restore: an id that
  // is not removed) or a label outside 0-9. restore() is the undo of remove(); the undo of
  // relabel() is relabel() with the old label.
  void relabel(std::uint64_t id, int label);
  void remove(std::uint64_t id);
  void restore(std::uint64_t id);

  // The live samples as a dataset of 28x28 views with labels "0".."9".
  Dataset dataset() const;
  // CSV in the seed's layout (header "label,1x1,...,28x28", the 28x28 views), written atomically.
  void export_csv(const std::string& path) const;
  // A folder of the raw drawings' PNGs plus labels.csv ("file,label"); created if missing,
  // files written atomically; existing files of the same names are replaced.
  void export_folder(const std::string& directory) const;
  // Adds every sample of a CSV in the seed's layout or of a labelled folder (labels.csv); a bad
  // file throws the reader's one-line nnfs::Error before anything is added. Returns the number
  // of samples added.
  std::size_t import(const std::string& path);

 private:
  struct Skipped;
  void load();
  void apply_line(std::string_view line, std::size_t line_no, Skipped& skipped);
  void apply_change(const ChangeRecord& change);
  void append_record(const std::string& line);
  StoredDigit* find_live(std::uint64_t id);
  const StoredDigit* find_removed(std::uint64_t id) const;
  const StoredDigit& add_sample(const GrayImage& drawing, const std::array<std::uint8_t, kDigitViewPixels>& view,
                                int label, std::int64_t time, int predicted, float confidence);

  std::string directory_;
  std::vector<StoredDigit> samples_;
  std::vector<StoredDigit> removed_;  // kept for restore()
  std::string note_;
  bool read_only_ = false;
  std::uint64_t next_id_ = 1;
  std::uint64_t good_size_ = 0;  // bytes of the index up to its last complete line
};

}  // namespace nnfs
