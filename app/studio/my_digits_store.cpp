#include "app/studio/my_digits_store.h"

#include <filesystem>
#include <numeric>

#include "app/studio/actions.h"
#include "engine/core/error.h"

namespace nnfs::studio {

MyDigitsStore::MyDigitsStore(std::string directory) : directory_(std::move(directory)) {
  std::error_code ec;
  if (std::filesystem::exists(directory_, ec)) store_ = std::make_shared<DigitStore>(directory_);
}

void MyDigitsStore::add(const LabelledDrawing& d) {
  if (lent_) throw Error("My digits is busy exporting or importing; draw it again when that is done");
  if (!store_) store_ = std::make_shared<DigitStore>(directory_);
  NewDigit digit;
  const auto side = static_cast<std::size_t>(d.side);
  digit.drawing = {side, side, std::vector<std::uint8_t>(d.raster.begin(), d.raster.end())};
  digit.label = d.label;
  digit.predicted = d.guess;
  digit.confidence = d.confidence;
  store_->add(digit);
  changed();
}

std::vector<std::size_t> MyDigitsStore::counts() const {
  if (lent_) return lent_counts_;
  if (!store_) return std::vector<std::size_t>(10, 0);
  const auto c = store_->counts();
  return {c.begin(), c.end()};
}

std::shared_ptr<DigitStore> MyDigitsStore::lend() {
  if (lent_) return nullptr;
  if (!store_) store_ = std::make_shared<DigitStore>(directory_);
  lent_counts_ = counts();
  lent_ = true;
  return std::move(store_);
}

void MyDigitsStore::give_back(std::shared_ptr<DigitStore> store) {
  store_ = std::move(store);
  lent_ = false;
  changed();
}

void open_my_digits(AppState& s, const std::string& directory) {
  std::unique_ptr<MyDigitsStore> sink;
  try {
    sink = std::make_unique<MyDigitsStore>(directory);
  } catch (const std::exception& e) {
    report_error(s, "Cannot open My digits", e.what());
    return;
  }
  const std::string note = sink->store() ? sink->store()->skipped_note() : "";
  if (!note.empty()) report_error(s, "Some of My digits were skipped", note);
  s.my_digits.counts = sink->counts();
  s.my_digits_tab.store = sink.get();
  s.my_digits.sink = std::move(sink);
  const auto& c = s.my_digits.counts;
  s.events.emit("my_digits_opened", {{"directory", directory},
                                     {"total", std::accumulate(c.begin(), c.end(), std::size_t{0})},
                                     {"counts", c},
                                     {"note", note}});
}

}  // namespace nnfs::studio
