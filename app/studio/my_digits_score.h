// The open model's reading of My digits: for every sample what it says and how sure it is, and
// the accuracy per class and overall. Computed on a BackgroundJob thread (my_digits_actions.h)
// from a snapshot, never on the UI thread. No ImGui: tested in tests/app/studio/test_my_digits.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/data/digit_store.h"
#include "engine/model/model.h"

namespace nnfs::studio {

// The store's live samples at one moment: their 28x28 views as a dataset, and their ids.
struct DigitSnapshot {
  Dataset data;
  std::vector<std::uint64_t> ids;  // [count], in the store's order
};
DigitSnapshot snapshot_digits(const DigitStore& store);

struct DigitVerdict {
  std::uint64_t id = 0;
  int label = 0;             // the label it had when scored
  int said = 0;              // the model's class
  float confidence = 0.0f;   // its output for that class
};

struct DigitScores {
  std::uint64_t model_version = 0, store_version = 0;  // what was scored (ModelDoc, MyDigitsStore)
  std::vector<DigitVerdict> verdicts;                  // one per sample, in the snapshot's order
  std::array<std::size_t, 10> right{}, total{};        // per class
  std::size_t right_all = 0, total_all = 0;
  // Fractions 0..1; -1 when there is nothing to score.
  double accuracy() const;
  double class_accuracy(std::size_t k) const;
};

// Runs `model` on the snapshot's samples. Throws nnfs::Error when the model cannot read them
// (check_compatible's one line).
DigitScores score_digits(const Model& model, const DigitSnapshot& snapshot);

// {"accuracy", "right", "total", "per_class": [{"right","total"}…], "wrong": [{"id","label","said"}…]}
nlohmann::json scores_json(const DigitScores& scores);

}  // namespace nnfs::studio
