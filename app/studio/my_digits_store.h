// The studio's My digits: the engine's DigitStore (engine/data/digit_store.h) behind the
// DigitSink the label row saves through, and what the My digits tab edits.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/studio/digit_labeler.h"
#include "engine/data/digit_store.h"

namespace nnfs::studio {

// One owner at a time: the UI thread, or a file job (export, import) it lends the store to; while
// it is lent, adding and editing wait (add() throws a one-line error) and counts() are the ones from
// before. The directory is created by the first drawing kept, so a studio that never labels writes
// nothing.
class MyDigitsStore : public DigitSink {
 public:
  // Opens the store in `directory` when it exists; throws nnfs::Error when it cannot be opened.
  explicit MyDigitsStore(std::string directory);

  void add(const LabelledDrawing& drawing) override;
  std::vector<std::size_t> counts() const override;

  const std::string& directory() const { return directory_; }
  // The store; null before the first drawing is kept, or while it is lent.
  DigitStore* store() { return store_.get(); }
  const DigitStore* store() const { return store_.get(); }
  bool lent() const { return lent_; }
  // Changes with every add, edit and import (the tab compares it, as views compare ModelDoc::version).
  std::uint64_t version() const { return version_; }
  void changed() { ++version_; }

  // Hands the store (created if there is none yet) to a file job; null while it is already lent.
  std::shared_ptr<DigitStore> lend();
  // The store comes back from the job (its changes counted as one).
  void give_back(std::shared_ptr<DigitStore> store);

 private:
  std::string directory_;
  std::shared_ptr<DigitStore> store_;
  bool lent_ = false;
  std::vector<std::size_t> lent_counts_;
  std::uint64_t version_ = 1;
};

// Opens the store in `directory` (DigitStore::default_directory() for the user's) as
// s.my_digits, and points the My digits tab at it. A store that cannot be opened is an error in
// the dialog and labelling stays off; a damaged one opens with its good samples and its one-line
// note in the dialog. Writes the "my_digits_opened" event (directory, total, counts, note).
struct AppState;
void open_my_digits(AppState& s, const std::string& directory);

}  // namespace nnfs::studio
