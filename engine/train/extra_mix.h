// How extra samples are mixed into every batch (extra_data.h; docs/MATH.md, "Mixing").
//
// The main data M (m samples) and the extra samples E (e samples) are trained as one dataset
// M ++ E (a SampleView: sample_view.h, nothing copied). With k = extra_per_batch(batch, share) places per batch for E, an epoch is
// ceil(m / (batch - k)) steps; step s takes the next batch - k samples of M's shuffled order and
// the next k of E's, where E's order is a seeded shuffle redrawn each time it is used up. So one
// epoch still sees every main sample once, and every extra sample about k·steps/e times.
// E's order depends only on (seed, epoch): a resumed run sees the same batches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/data/dataset.h"

namespace nnfs {

// Steps of an epoch: ceil(main_count / (batch - k)).
std::size_t mixed_steps(std::size_t main_count, std::size_t batch, std::size_t k);

// The epoch's order over M ++ E, batch by batch (see above): `main_order` is M's shuffled order.
void mixed_order(std::vector<std::size_t>& order, std::span<const std::size_t> main_order, std::size_t extra_count,
                 std::size_t batch, std::size_t k, std::uint64_t seed, std::size_t epoch);

}  // namespace nnfs
