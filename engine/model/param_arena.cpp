#include "engine/model/param_arena.h"

#include <stdexcept>

namespace nnfs {

std::size_t ParamArena::add(std::string name, Shape shape) {
  if (allocated_) throw std::logic_error("ParamArena::add after allocate");
  std::size_t offset = entries_.empty() ? 0 : entries_.back().offset + entries_.back().size;
  std::size_t size = shape_size(shape);
  entries_.push_back(Entry{std::move(name), std::move(shape), offset, size});
  return entries_.size() - 1;
}

void ParamArena::allocate() {
  std::size_t total = entries_.empty() ? 0 : entries_.back().offset + entries_.back().size;
  values_.assign(total, 0.0f);
  allocated_ = true;
}

}  // namespace nnfs
