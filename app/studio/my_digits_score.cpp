#include "app/studio/my_digits_score.h"

#include "engine/train/evaluate.h"

namespace nnfs::studio {

DigitSnapshot snapshot_digits(const DigitStore& store) {
  DigitSnapshot snap{store.dataset(), {}};
  snap.ids.reserve(store.samples().size());
  for (const StoredDigit& d : store.samples()) snap.ids.push_back(d.id);
  return snap;
}

double DigitScores::accuracy() const {
  return total_all == 0 ? -1.0 : static_cast<double>(right_all) / static_cast<double>(total_all);
}

double DigitScores::class_accuracy(std::size_t k) const {
  return total[k] == 0 ? -1.0 : static_cast<double>(right[k]) / static_cast<double>(total[k]);
}

DigitScores score_digits(const Model& model, const DigitSnapshot& snapshot) {
  DigitScores scores;
  const Dataset& data = snapshot.data;
  if (data.count == 0) return scores;
  check_compatible(model, data);
  const Tensor out = predict(model, data);  // [count, K]
  const std::size_t classes = out.cols();
  scores.verdicts.reserve(data.count);
  for (std::size_t i = 0; i < data.count; ++i) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < classes; ++k)
      if (out.at(i, k) > out.at(i, best)) best = k;
    const int label = data.labels[i];
    const int said = static_cast<int>(best);
    scores.verdicts.push_back({snapshot.ids[i], label, said, out.at(i, best)});
    const auto k = static_cast<std::size_t>(label);
    ++scores.total[k];
    scores.right[k] += said == label;
  }
  for (std::size_t k = 0; k < 10; ++k) {
    scores.right_all += scores.right[k];
    scores.total_all += scores.total[k];
  }
  return scores;
}

nlohmann::json scores_json(const DigitScores& scores) {
  nlohmann::json per_class = nlohmann::json::array(), wrong = nlohmann::json::array();
  for (std::size_t k = 0; k < 10; ++k) per_class.push_back({{"right", scores.right[k]}, {"total", scores.total[k]}});
  for (const DigitVerdict& v : scores.verdicts)
    if (v.said != v.label) wrong.push_back({{"id", v.id}, {"label", v.label}, {"said", v.said}});
  return {{"accuracy", scores.accuracy()}, {"right", scores.right_all}, {"total", scores.total_all},
          {"per_class", per_class}, {"wrong", wrong}};
}

}  // namespace nnfs::studio
