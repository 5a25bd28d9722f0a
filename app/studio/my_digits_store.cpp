#include "app/studio/my_digits_store.h"

#include <filesystem>
#include <numeric>
#include <optional>

#include "app/studio/actions.h"
#include "engine/data/digit_store.h"

namespace nnfs::studio {

namespace {
// The store is created by the first drawing kept, so a studio that never labels writes nothing.
class StoreSink : public DigitSink {
 public:
  explicit StoreSink(std::string directory) : directory_(std::move(directory)) {
    if (std::filesystem::exists(directory_)) store_.emplace(directory_);
  }
  void add(const LabelledDrawing& d) override {
    if (!store_) store_.emplace(directory_);
    NewDigit digit;
    const auto side = static_cast<std::size_t>(d.side);
    digit.drawing = {side, side, std::vector<std::uint8_t>(d.raster.begin(), d.raster.end())};
    digit.label = d.label;
    digit.predicted = d.guess;
    digit.confidence = d.confidence;
    store_->add(digit);
  }
  std::vector<std::size_t> counts() const override {
    if (!store_) return std::vector<std::size_t>(10, 0);
    const auto c = store_->counts();
    return {c.begin(), c.end()};
  }
  std::string skipped_note() const { return store_ ? store_->skipped_note() : ""; }

 private:
  std::string directory_;
  std::optional<DigitStore> store_;
};
}  // namespace

void open_my_digits(AppState& s, const std::string& directory) {
  std::unique_ptr<StoreSink> sink;
  try {
    sink = std::make_unique<StoreSink>(directory);
  } catch (const std::exception& e) {
    report_error(s, "Cannot open My digits", e.what());
    return;
  }
  const std::string note = sink->skipped_note();
  if (!note.empty()) report_error(s, "Some of My digits were skipped", note);
  s.my_digits.counts = sink->counts();
  s.my_digits.sink = std::move(sink);
  const auto& c = s.my_digits.counts;
  s.events.emit("my_digits_opened", {{"directory", directory},
                                     {"total", std::accumulate(c.begin(), c.end(), std::size_t{0})},
                                     {"counts", c},
                                     {"note", note}});
}

}  // namespace nnfs::studio
