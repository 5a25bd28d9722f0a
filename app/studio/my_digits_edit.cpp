#include "app/studio/my_digits_edit.h"

#include <algorithm>
#include <string>

#include "engine/core/error.h"

namespace nnfs::studio {

namespace {
int label_of(const DigitStore& store, std::uint64_t id) {
  const auto& samples = store.samples();
  const auto it = std::find_if(samples.begin(), samples.end(), [id](const StoredDigit& d) { return d.id == id; });
  if (it == samples.end()) throw Error("My digits: no sample " + std::to_string(id));
  return it->label;
}
}  // namespace

DigitEdit relabel_digit(DigitStore& store, std::uint64_t id, int label) {
  const DigitEdit edit{DigitEdit::Kind::Relabel, id, label_of(store, id), label};
  store.relabel(id, label);
  return edit;
}

DigitEdit remove_digit(DigitStore& store, std::uint64_t id) {
  const int label = label_of(store, id);
  store.remove(id);
  return {DigitEdit::Kind::Remove, id, label, label};
}

void undo_edit(DigitStore& store, const DigitEdit& edit) {
  if (edit.kind == DigitEdit::Kind::Relabel) store.relabel(edit.id, edit.from);
  else store.restore(edit.id);
}

nlohmann::json edit_json(const DigitEdit& edit) {
  return {{"what", edit.kind == DigitEdit::Kind::Relabel ? "relabel" : "delete"},
          {"id", edit.id},
          {"from", edit.from},
          {"to", edit.to}};
}

}  // namespace nnfs::studio
