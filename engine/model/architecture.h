// Architecture strings: a network written as one line, for `nnfs train --arch` and for display.
//
//   dense:128,relu,dropout:0.1,dense:128,relu,dense:10,softmax
//   dense:64:l2=5e-4:bias_l2=5e-4,relu,dense:1,sigmoid
//   dense:64:init=xavier,leaky_relu:alpha=0.2,dense:1
//
// Grammar: layers separated by ',', each a layer name followed by ':'-separated arguments; an
// argument is `key=value`, or a bare value for the layer's main setting:
//
//   dense:UNITS         options l1, l2, bias_l1, bias_l2 (penalty strengths >= 0),
//                       init = he | xavier | nnfs (the book's 0.01·randn); default he
//   leaky_relu[:ALPHA]  slope for x < 0, default 0.01
//   dropout:RATE        fraction of units dropped in training, 0 <= RATE < 1
//   linear, relu, sigmoid, tanh, softmax, flatten   no options
//   conv2d:FILTERS      options kernel = K | KHxKW (default 3), stride (1), padding (0),
//                       bias = true | false (true), init (he)
//   maxpool2d[:SIZE], avgpool2d[:SIZE]   window (default 2), option stride (default SIZE)
//   batchnorm           options momentum (default 0.1), epsilon (default 1e-5)
//
// The result is the JSON architecture that make_layer() and Sequential::from_architecture()
// consume, e.g. [{"type":"dense","units":128}, {"type":"relu"}]. A bad string is an nnfs::Error
// naming the token, its column, the problem and what is allowed:
//   --arch: token 3 'dens:128' (column 14): unknown layer 'dens' (did you mean 'dense'?; expected ...)
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace nnfs {

// The most layers a network may have, from a string, a model file or a checkpoint: far above any
// real network (ResNet-152 has about 500 counting activations), low enough that an absurd file is
// refused before anything is built. Checked before parsing the layers themselves.
inline constexpr std::size_t kMaxLayers = 10'000;

// Parses an architecture string. `what` starts every error message (e.g. "--arch").
nlohmann::json parse_architecture(const std::string& text, const std::string& what = "architecture");

// A preset name (mlp, nnfs; see model.h) for `classes` outputs, or else an architecture string.
nlohmann::json resolve_architecture(const std::string& preset_or_text, std::size_t classes,
                                    const std::string& what = "architecture");

// The inverse of parse_architecture: the shortest string that builds the same network
// (options equal to their defaults are left out). Unknown layer types are written generically.
std::string to_arch_string(const nlohmann::json& architecture);

// The loss that fits the model's output layer: softmax → categorical_crossentropy,
// sigmoid → binary_crossentropy, anything else (linear outputs) → mse.
std::string default_loss(const nlohmann::json& architecture);

}  // namespace nnfs
