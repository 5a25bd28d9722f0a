#include "engine/layers/flatten.h"

#include <algorithm>

#include "engine/core/error.h"
#include "engine/layers/batch_resize.h"

namespace nnfs {

Shape Flatten::build(const Shape& input, const std::string&, ParamArena&) {
  if (shape_size(input) == 0) throw Error("flatten: empty input shape " + shape_to_string(input));
  return {shape_size(input)};
}

void Flatten::forward(const Tensor& x, Tensor& y, const ForwardContext&) const {
  resize_batch(y, {x.rows(), x.cols()});
  std::copy_n(x.data(), x.size(), y.data());
}

void Flatten::backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor& dx,
                       const BackwardContext& ctx) const {
  if (!ctx.need_dx) return;
  dx.resize(x.shape());
  std::copy_n(dy.data(), dy.size(), dx.data());
}

}  // namespace nnfs
