// ONNX import: the nodes that carry weights. Gemm, MatMul → dense (weights [D, K]), Conv → conv2d
// (weights [M, C, KH, KW], ONNX's layout too), BatchNormalization → batchnorm.
#include <cmath>

#include "engine/core/error.h"
#include "engine/layers/image_shape.h"
#include "engine/layers/layer.h"
#include "engine/model/param_arena.h"
#include "engine/onnx/onnx_import_ops.h"

namespace nnfs::onnx_import {

namespace {

std::size_t features(const ImportState& s, const NodeReader& n) {
  if (s.shape.size() != 1)
    n.fail("expects features [N, D], got [N, " + shape_to_string(s.shape).substr(1) + " (a Flatten before it?)");
  return s.shape[0];
}

// The weight matrix B as our dense weight W [D, K]: B is [D, K], or [K, D] when transposed.
Weights dense_weight(const NodeReader& n, const Constant& b, std::size_t d, bool transposed, float alpha) {
  if (b.dims.size() != 2) n.fail("the weights '" + printable(n.node().input(1)) + "' " + list_text(b.dims) + " must be a matrix");
  const auto rows = static_cast<std::size_t>(b.dims[0]), cols = static_cast<std::size_t>(b.dims[1]);
  const std::size_t in = transposed ? cols : rows, k = transposed ? rows : cols;
  if (in != d)
    n.fail("the weights " + list_text(b.dims) + (transposed ? " (transposed)" : "") + " take " + std::to_string(in) +
           " inputs, but the previous layer gives " + std::to_string(d));
  Weights w{{d, k}, std::vector<float>(d * k)};
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j < k; ++j) w.values[i * k + j] = alpha * (transposed ? b.floats[j * d + i] : b.floats[i * k + j]);
  return w;
}

// A bias of k values: [K], [1, K], or one value for all (ONNX broadcasting).
Weights bias(const NodeReader& n, const Constant& c, std::size_t k, float beta) {
  const bool row = (c.dims.size() == 1 && c.dims[0] == static_cast<std::int64_t>(k)) ||
                   (c.dims.size() == 2 && c.dims[0] == 1 && c.dims[1] == static_cast<std::int64_t>(k));
  if (!row && c.floats.size() != 1)
    n.fail("the bias " + list_text(c.dims) + " does not fit " + std::to_string(k) + " outputs, expected [" + std::to_string(k) + "]");
  Weights b{{k}, std::vector<float>(k)};
  for (std::size_t j = 0; j < k; ++j) b.values[j] = beta * c.floats[row ? j : 0];
  return b;
}

nlohmann::json dense_config(std::size_t k) { return {{"type", "dense"}, {"units", k}}; }

}  // namespace

std::size_t square(const NodeReader& n, const char* name, const std::vector<std::int64_t>& v) {
  if (v.size() != 2 || v[0] != v[1] || v[0] < 0)
    n.fail(std::string(name) + " " + list_text(v) + " not supported, expected two equal sides");
  return static_cast<std::size_t>(v[0]);
}

void add_layer(ImportState& s, const NodeReader& n, ImportedLayer layer) {
  try {
    ParamArena arena, buffers;  // only to size the layer; the model's own arenas come later
    std::unique_ptr<Layer> built = make_layer(layer.config);
    s.shape = built->build(s.shape, "layer", arena);
  } catch (const Error& e) {
    n.fail(e.what());
  }
  s.layers.push_back(std::move(layer));
  s.at_start = false;
  s.matmul_open = false;
}

// Y = alpha·A·op(B) + beta·C
void import_gemm(ImportState& s, const NodeReader& n) {
  n.allow_attributes({"alpha", "beta", "transA", "transB"});
  if (n.int_attr("transA", 0) != 0) n.fail("transA=1 not supported, expected 0");
  const std::int64_t trans_b = n.int_attr("transB", 0);
  if (trans_b != 0 && trans_b != 1) n.fail("transB=" + std::to_string(trans_b) + ", expected 0 or 1");
  const std::size_t d = features(s, n);
  ImportedLayer layer;
  Weights w = dense_weight(n, n.floats(1, "weights"), d, trans_b == 1, n.float_attr("alpha", 1.0f));
  const std::size_t k = w.shape[1];
  layer.tensors["weight"] = std::move(w);
  const Constant* c = n.input(2);
  if (c && c->integer) n.fail("the bias must be float32");
  layer.tensors["bias"] = c ? bias(n, *c, k, n.float_attr("beta", 1.0f)) : Weights{{k}, std::vector<float>(k)};
  layer.config = dense_config(k);
  add_layer(s, n, std::move(layer));
}

// Y = A·B; an Add right after it gives the bias (import_node calls add_matmul_bias).
void import_matmul(ImportState& s, const NodeReader& n) {
  n.allow_attributes({});
  const std::size_t d = features(s, n);
  ImportedLayer layer;
  Weights w = dense_weight(n, n.floats(1, "weights"), d, false, 1.0f);
  const std::size_t k = w.shape[1];
  layer.tensors["weight"] = std::move(w);
  layer.tensors["bias"] = Weights{{k}, std::vector<float>(k)};
  layer.config = dense_config(k);
  add_layer(s, n, std::move(layer));
  s.matmul_open = true;
}

void import_conv(ImportState& s, const NodeReader& n) {
  n.allow_attributes({"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"});
  if (s.shape.size() != 3) n.fail("expects images [N, C, H, W], got [N, " + shape_to_string(s.shape).substr(1));
  const Constant& w = n.floats(1, "weights");
  if (w.dims.size() != 4) n.fail("the weights " + list_text(w.dims) + " must be [M, C, KH, KW] (a 2-D convolution)");
  if (w.dims[1] != static_cast<std::int64_t>(s.shape[0]))
    n.fail("the weights " + list_text(w.dims) + " take " + std::to_string(w.dims[1]) + " channels, the input has " +
           std::to_string(s.shape[0]));
  if (n.int_attr("group", 1) != 1) n.fail("group=" + std::to_string(n.int_attr("group", 1)) + " not supported, expected 1");
  const std::string auto_pad = n.string_attr("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && auto_pad != "VALID") n.fail("auto_pad=" + printable(auto_pad) + " not supported, expected NOTSET or VALID");
  if (n.ints_attr("dilations", {1, 1}) != std::vector<std::int64_t>{1, 1})
    n.fail("dilations " + list_text(n.ints_attr("dilations", {})) + " not supported, expected [1, 1]");
  if (n.has_attr("kernel_shape") && n.ints_attr("kernel_shape", {}) != std::vector<std::int64_t>{w.dims[2], w.dims[3]})
    n.fail("kernel_shape " + list_text(n.ints_attr("kernel_shape", {})) + " does not match the weights " + list_text(w.dims));
  const std::vector<std::int64_t> pads = n.ints_attr("pads", {0, 0, 0, 0});
  if (pads.size() != 4 || pads[0] != pads[1] || pads[0] != pads[2] || pads[0] != pads[3] || pads[0] < 0)
    n.fail("pads " + list_text(pads) + " not supported, expected the same padding on all four sides");
  if (auto_pad == "VALID" && pads[0] != 0) n.fail("auto_pad=VALID with pads " + list_text(pads));
  const auto m = static_cast<std::size_t>(w.dims[0]);
  ImportedLayer layer;
  layer.config = {{"type", "conv2d"}, {"filters", m}, {"kernel", {w.dims[2], w.dims[3]}},
                  {"stride", square(n, "strides", n.ints_attr("strides", {1, 1}))}, {"padding", pads[0]},
                  {"bias", n.input(2) != nullptr}};
  layer.tensors["weight"] = Weights{{m, static_cast<std::size_t>(w.dims[1]), static_cast<std::size_t>(w.dims[2]),
                                     static_cast<std::size_t>(w.dims[3])}, w.floats};
  if (n.input(2)) layer.tensors["bias"] = Weights{{m}, n.floats(2, "bias", m).floats};
  add_layer(s, n, std::move(layer));
}

// y = scale·(x - mean)/sqrt(var + epsilon) + B, per channel (dimension 1 of [N, C, ...]).
void import_batchnorm(ImportState& s, const NodeReader& n) {
  n.allow_attributes({"epsilon", "momentum", "training_mode", "spatial"});
  if (n.int_attr("training_mode", 0) != 0) n.fail("training_mode=1 not supported, expected an inference graph (0)");
  if (n.int_attr("spatial", 1) != 1) n.fail("spatial=0 not supported, expected 1");
  if (n.node().output_size() != 1) n.fail("the training outputs (running mean and variance) are not supported");
  if (s.shape.size() != 3 && s.shape.size() != 1)
    n.fail("expects [N, C, H, W] or [N, D], got [N, " + shape_to_string(s.shape).substr(1));
  const std::size_t c = s.shape[0];
  const float epsilon = n.float_attr("epsilon", 1e-5f);
  if (!(epsilon > 0.0f)) n.fail("epsilon must be > 0, got " + std::to_string(epsilon));
  // ONNX's momentum weighs the old running value (0.9); ours, as PyTorch's, the new batch (0.1).
  // It only matters for further training; out of range falls back to the usual 0.1.
  // Rounded to 6 digits: 1 - 0.9f is 0.100000024 in float.
  const double momentum = n.float_attr("momentum", 0.9f);
  const double ours = momentum >= 0.0 && momentum < 1.0 ? std::round((1.0 - momentum) * 1e6) / 1e6 : 0.1;
  ImportedLayer layer;
  layer.config = {{"type", "batchnorm"}, {"momentum", ours}, {"epsilon", epsilon}};
  const char* names[] = {"weight", "bias", "running_mean", "running_var"};
  const char* what[] = {"scale", "bias", "mean", "variance"};
  for (int k = 0; k < 4; ++k) layer.tensors[names[k]] = Weights{{c}, n.floats(k + 1, what[k], c).floats};
  for (float v : layer.tensors["running_var"].values)
    if (!(v >= 0.0f)) n.fail("the variance has a negative value " + std::to_string(v));
  add_layer(s, n, std::move(layer));
}

}  // namespace nnfs::onnx_import
