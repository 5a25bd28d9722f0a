// Progress reports: small value snapshots a trainer hands to its front end.
#pragma once

#include <cstddef>
#include <optional>

#include <nlohmann/json.hpp>

namespace nnfs {

struct BatchProgress {
  std::size_t epoch = 0;            // 1-based
  std::size_t step = 0;             // batches done in this epoch
  std::size_t steps_per_epoch = 0;
  double loss = 0.0;                // data loss of this batch
  double seconds = 0.0;             // since the epoch began
  double lr = 0.0;                  // the learning rate of this batch's step (schedule applied)
};

struct EpochResult {
  std::size_t epoch = 0;            // 1-based
  double train_loss = 0.0;          // mean data loss over the epoch's batches
  double regularization_loss = 0.0; // at the end of the epoch
  double learning_rate = 0.0;       // lr / (1 + decay·t) at the end of the epoch (t = steps so far)
  double train_acc = 0.0;           // accuracy over the epoch's batches (training mode)
  std::optional<double> test_loss, test_acc;  // on the held-out or test set, when given
  std::optional<double> extra_acc;  // on the held-out extra samples (extra_data.h), when given
  double seconds = 0.0;             // training time of the epoch (evaluation excluded)
  double samples_per_second = 0.0;

  // The keys of `nnfs train --log-json`: epoch, train_loss, train_acc, test_loss, test_acc, extra_acc
  // (when given), seconds.
  nlohmann::json to_json() const;
};

}  // namespace nnfs
