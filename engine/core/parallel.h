// Engine-wide thread count and a fork-join parallel_for over index ranges.
//
// Work is split into contiguous, statically assigned chunks, so which thread computes which
// output never depends on timing and results are identical for any thread count.
#pragma once

#include <cstddef>
#include <functional>

namespace nnfs {

void set_num_threads(int n);  // n <= 0: use every hardware thread
int num_threads();

// Calls fn(begin, end) on disjoint chunks covering [0, n); the calling thread takes part.
void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn);

}  // namespace nnfs
