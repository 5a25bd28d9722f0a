#include "support/grad_check.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/core/rng.h"
#include "engine/model/param_arena.h"

namespace nnfs::test {

GradCheckReport check_gradient(const std::function<double()>& f, float* u, const float* analytic,
                               std::size_t count, const std::string& name,
                               const GradCheckOptions& options) {
  GradCheckReport report;
  Rng rng(options.seed);
  const std::size_t checks = std::min(count, options.samples);
  for (std::size_t s = 0; s < checks; ++s) {
    const std::size_t i = count <= options.samples ? s : rng.below(count);
    const float saved = u[i];
    u[i] = static_cast<float>(saved + options.h);
    const double plus = f();
    u[i] = static_cast<float>(saved - options.h);
    const double minus = f();
    u[i] = saved;
    // The step actually taken in float, not the requested h.
    const double step = static_cast<double>(static_cast<float>(saved + options.h)) -
                        static_cast<double>(static_cast<float>(saved - options.h));
    const double numeric = (plus - minus) / step;
    const double a = analytic[i];
    const double scale = std::max({1e-2, std::fabs(a), std::fabs(numeric)});
    const double err = std::fabs(a - numeric) / scale;
    if (err > report.worst) {
      report.worst = err;
      report.detail = name + "[" + std::to_string(i) + "]: analytic " + std::to_string(a) +
                      ", numeric " + std::to_string(numeric);
    }
  }
  report.ok = report.worst <= options.tolerance;
  return report;
}

namespace {

void merge(GradCheckReport& into, const GradCheckReport& part) {
  if (part.worst >= into.worst) {
    into.worst = part.worst;
    into.detail = part.detail;
  }
  into.ok = into.ok && part.ok;
}

void fill_away_from_kinks(float* v, std::size_t n, Rng& rng, float margin) {
  for (std::size_t i = 0; i < n; ++i) {
    float x = rng.uniform(-1.0f, 1.0f);
    if (std::fabs(x) < margin) x = x < 0 ? x - margin : x + margin;
    v[i] = x;
  }
}

}  // namespace

GradCheckReport check_layer(Layer& layer, const Shape& input, std::size_t batch,
                            const GradCheckOptions& options, bool training,
                            const std::function<void(LayerScratch&)>& setup) {
  ParamArena arena, buffers;
  const Shape out_shape = layer.build(input, "layer", arena);
  layer.build_buffers("layer", buffers);
  arena.allocate();
  buffers.allocate();
  layer.bind(arena);
  layer.bind_buffers(buffers);
  Rng rng(options.seed);
  layer.init(rng);
  fill_away_from_kinks(arena.values().data(), arena.size(), rng, options.kink_margin);

  Shape xs = input;
  xs.insert(xs.begin(), batch);
  Tensor x(xs);
  fill_away_from_kinks(x.data(), x.size(), rng, options.kink_margin);

  Shape ys = out_shape;
  ys.insert(ys.begin(), batch);
  Tensor r(ys);
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = rng.uniform(-1.0f, 1.0f);

  const std::unique_ptr<LayerScratch> scratch = layer.make_scratch(batch);
  if (setup) setup(*scratch);
  Rng layer_rng(options.seed + 1);
  const ForwardContext ctx{training, &layer_rng, scratch.get()};
  Tensor y;
  auto loss = [&]() {
    layer.forward(x, y, ctx);
    double sum = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) sum += static_cast<double>(r[i]) * y[i];
    return sum;
  };

  loss();
  Tensor dx;
  std::vector<float> grads(arena.size());
  layer.backward(x, y, r, dx, {grads, scratch.get()});

  GradCheckReport report;
  merge(report, check_gradient(loss, x.data(), dx.data(), x.size(), "dx", options));
  for (const auto& e : arena.entries())
    merge(report, check_gradient(loss, arena.values().data() + e.offset, grads.data() + e.offset,
                                 e.size, "d" + e.name, options));
  return report;
}

GradCheckReport check_loss(const Loss& loss, Tensor pred, const Targets& targets,
                           const GradCheckOptions& options) {
  Tensor dpred;
  loss.backward(pred, targets, dpred);
  return check_gradient([&]() { return loss.forward(pred, targets); }, pred.data(), dpred.data(),
                        pred.size(), "dpred", options);
}

}  // namespace nnfs::test
