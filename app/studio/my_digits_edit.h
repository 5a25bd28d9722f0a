// Relabel and delete in the My digits tab, each with Undo. Every edit and every undo is one of the
// store's own appended records (engine/data/digit_store.h: relabel, remove, restore), so an undo
// is as durable as the edit it takes back. No ImGui: tested in tests/app/studio/test_my_digits.cpp.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/data/digit_store.h"

namespace nnfs::studio {

struct DigitEdit {
  enum class Kind { Relabel, Remove } kind = Kind::Relabel;
  std::uint64_t id = 0;
  int from = 0;  // the label before the edit
  int to = 0;    // the label after it (Remove: the label the sample had)
};

// Gives sample `id` the label `label` / removes it. Throws nnfs::Error for an unknown id or a label
// outside 0-9 (nothing is written then).
DigitEdit relabel_digit(DigitStore& store, std::uint64_t id, int label);
DigitEdit remove_digit(DigitStore& store, std::uint64_t id);
// Takes `edit` back: the old label again, or the removed sample restored.
void undo_edit(DigitStore& store, const DigitEdit& edit);

// {"what": "relabel"|"delete", "id", "from", "to"} for the event log.
nlohmann::json edit_json(const DigitEdit& edit);

// The edits that can be undone, latest last.
class EditHistory {
 public:
  void push(const DigitEdit& edit) { edits_.push_back(edit); }
  bool empty() const { return edits_.empty(); }
  const DigitEdit& last() const { return edits_.back(); }
  void pop() { edits_.pop_back(); }
  void clear() { edits_.clear(); }

 private:
  std::vector<DigitEdit> edits_;
};

}  // namespace nnfs::studio
