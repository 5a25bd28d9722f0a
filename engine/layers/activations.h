// Element-wise activations: y = f(x), dx = dy ⊙ f'(x).
//
//   linear     f(x) = x                     f'(x) = 1
//   relu       f(x) = max(0, x)             f'(x) = [x > 0]
//   leaky_relu f(x) = x if x > 0 else αx    f'(x) = 1 if x > 0 else α
//   sigmoid    f(x) = 1 / (1 + e^-x)        f'(x) = y(1 - y)
//   tanh       f(x) = tanh x                f'(x) = 1 - y²
//
// Each function is a tiny struct with f (forward) and df (derivative from x and y); one template
// layer runs the loops, so adding an activation means writing its two formulas only.
#pragma once

#include <cmath>

#include "engine/core/parallel.h"
#include "engine/layers/layer.h"

namespace nnfs {

struct LinearFn {
  static constexpr const char* name = "linear";
  float f(float x) const { return x; }
  float df(float, float) const { return 1.0f; }
};
struct ReluFn {
  static constexpr const char* name = "relu";
  float f(float x) const { return x > 0.0f ? x : 0.0f; }
  float df(float x, float) const { return x > 0.0f ? 1.0f : 0.0f; }
  // dx = dy·f'(x) as a select: no multiply the compiler must keep behind a branch, so the loop
  // vectorises (a 50/50 branch per element costs more than the arithmetic).
  float grad(float x, float, float dy) const { return x > 0.0f ? dy : 0.0f; }
};
struct LeakyReluFn {
  static constexpr const char* name = "leaky_relu";
  float alpha = 0.01f;
  float f(float x) const { return x > 0.0f ? x : alpha * x; }
  float df(float x, float) const { return x > 0.0f ? 1.0f : alpha; }
};
struct SigmoidFn {
  static constexpr const char* name = "sigmoid";
  float f(float x) const { return 1.0f / (1.0f + std::exp(-x)); }
  float df(float, float y) const { return y * (1.0f - y); }
};
struct TanhFn {
  static constexpr const char* name = "tanh";
  float f(float x) const { return std::tanh(x); }
  float df(float, float y) const { return 1.0f - y * y; }
};

template <typename Fn>
class Activation : public Layer {
 public:
  explicit Activation(Fn fn = {}) : fn_(fn) {}

  std::string type() const override { return Fn::name; }
  Shape build(const Shape& input, const std::string&, ParamArena&) override { return input; }

  void forward(const Tensor& x, Tensor& y, const ForwardContext&) const override {
    y.resize(x.shape());
    const float* __restrict in = x.data();
    float* __restrict out = y.data();
    parallel_ranges(x.size(), kSerialBelow, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) out[i] = fn_.f(in[i]);
    });
  }

  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                const BackwardContext& ctx) const override {
    if (!ctx.need_dx) return;
    dx.resize(x.shape());
    const float* __restrict in = x.data();
    const float* __restrict out = y.data();
    const float* __restrict d_out = dy.data();
    float* __restrict d_in = dx.data();
    parallel_ranges(x.size(), kSerialBelow, [&](std::size_t begin, std::size_t end) {
      if constexpr (requires(Fn f) { f.grad(0.0f, 0.0f, 0.0f); }) {
        for (std::size_t i = begin; i < end; ++i) d_in[i] = fn_.grad(in[i], out[i], d_out[i]);
      } else {
        for (std::size_t i = begin; i < end; ++i) d_in[i] = d_out[i] * fn_.df(in[i], out[i]);
      }
    });
  }

  nlohmann::json config() const override;

  const Fn& fn() const { return fn_; }

 private:
  static constexpr std::size_t kSerialBelow = 64 * 1024;  // elements; smaller tensors: one thread
  Fn fn_;
};

template <typename Fn>
nlohmann::json Activation<Fn>::config() const {
  return {{"type", Fn::name}};
}
template <>
inline nlohmann::json Activation<LeakyReluFn>::config() const {
  return {{"type", LeakyReluFn::name}, {"alpha", fn_.alpha}};
}

using Linear = Activation<LinearFn>;
using Relu = Activation<ReluFn>;
using LeakyRelu = Activation<LeakyReluFn>;
using Sigmoid = Activation<SigmoidFn>;
using Tanh = Activation<TanhFn>;

}  // namespace nnfs
