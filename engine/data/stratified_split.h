// Stratified hold-out: the same fraction of every class, chosen by a seeded shuffle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/data/dataset.h"

namespace nnfs {

// From each class with n samples, round(fraction·n) go to `validation` (at least 1 when n >= 2
// and fraction > 0; never all n when n >= 2), the rest to `train`; both keep the dataset's
// order. Deterministic for a seed. Needs labelled data and 0 <= fraction < 1. `held_out`, when
// given, gets the indices into `data` of the validation samples, ascending (the studio names the
// digits it holds out by them).
TrainValidation stratified_split(const Dataset& data, double fraction, std::uint64_t seed,
                                 std::vector<std::size_t>* held_out = nullptr);

}  // namespace nnfs
