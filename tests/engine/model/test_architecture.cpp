#include <catch2/catch.hpp>

#include "engine/core/error.h"
#include "engine/layers/layer.h"
#include "engine/model/architecture.h"
#include "engine/model/model.h"
#include "engine/model/sequential.h"

using namespace nnfs;
using Catch::Matchers::Contains;
using json = nlohmann::json;

namespace {
// The configs of the layers an architecture builds: what "the same network" means.
json built_configs(const json& architecture) {
  json out = json::array();
  for (const auto& entry : architecture) out.push_back(make_layer(entry)->config());
  return out;
}
}  // namespace

TEST_CASE("architecture string: the issue's example parses layer by layer", "[model]") {
  const json a = parse_architecture("dense:128,relu,dropout:0.1,dense:128,relu,dense:10,softmax");
  REQUIRE(a.size() == 7);
  CHECK(a[0] == json{{"type", "dense"}, {"units", 128}});
  CHECK(a[1] == json{{"type", "relu"}});
  CHECK(a[2]["type"] == "dropout");
  CHECK(a[2]["rate"].get<double>() == Approx(0.1));
  CHECK(a[5] == json{{"type", "dense"}, {"units", 10}});
  CHECK(a[6] == json{{"type", "softmax"}});
  const Sequential net = Sequential::from_architecture({784}, a);
  CHECK(net.output_shape() == Shape{10});
  CHECK(net.param_count() == 784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10);
}

TEST_CASE("architecture string: per-layer options, bare or key=value", "[model]") {
  const json a = parse_architecture("dense:64:l2=5e-4:bias_l2=5e-4:init=xavier, leaky_relu:0.2, "
                                    "dense:units=8:l1=0.01:bias_l1=0.02:init=nnfs,leaky_relu:alpha=0.3,"
                                    "dropout:rate=0.25,dense:1,sigmoid");
  CHECK(a[0]["units"] == 64);
  CHECK(a[0]["l2"].get<double>() == Approx(5e-4));
  CHECK(a[0]["bias_l2"].get<double>() == Approx(5e-4));
  CHECK(a[0]["init"] == "xavier");
  CHECK(a[1]["alpha"].get<double>() == Approx(0.2));
  CHECK(a[2] == json{{"type", "dense"}, {"units", 8}, {"l1", 0.01}, {"bias_l1", 0.02}, {"init", "nnfs"}});
  CHECK(a[3]["alpha"].get<double>() == Approx(0.3));
  CHECK(a[4]["rate"].get<double>() == Approx(0.25));
  CHECK(a[6]["type"] == "sigmoid");
  CHECK(parse_architecture("leaky_relu") == json::array({{{"type", "leaky_relu"}}}));
  for (const char* activation : {"linear", "relu", "sigmoid", "tanh", "softmax"})
    CHECK(parse_architecture(activation)[0]["type"] == activation);
}

TEST_CASE("architecture string: every layer type make_layer knows has a syntax", "[model]") {
  for (const auto& type : layer_types()) {
    INFO(type);
    std::string text = type;
    if (type == "dense" || type == "conv2d") text += ":3";
    if (type == "dropout") text += ":0.5";
    CHECK(parse_architecture(text)[0]["type"] == type);
  }
}

TEST_CASE("architecture string: bad strings name the token, its column and what is allowed", "[model]") {
  struct Case {
    const char* text;
    std::vector<const char*> expected;  // substrings of the message
  };
  const std::vector<Case> cases = {
      {"dense:128,relu,dens:128,softmax",
       {"--arch: token 3 'dens:128' (column 16): unknown layer 'dens'", "did you mean 'dense'?",
        "expected one of: avgpool2d, batchnorm, conv2d, dense, dropout, flatten, leaky_relu, linear, maxpool2d, relu, "
        "sigmoid, softmax, tanh; or a preset on its own: mlp, nnfs"}},
      {"lstm:32", {"token 1 'lstm:32' (column 1): unknown layer 'lstm'; expected one of: avgpool2d"}},
      {"Dense:10", {"unknown layer 'Dense' (did you mean 'dense'?)"}},
      {"dense:128,relu,,dense:10", {"token 3 '' (column 16): empty layer"}},
      {"dense:10,", {"token 2 '' (column 10): empty layer"}},
      {",dense:10", {"token 1 '' (column 1): empty layer"}},
      {"dense", {"token 1 'dense' (column 1): dense needs units", "usage: dense:UNITS"}},
      {"dense:0", {"units must be a whole number >= 1, got '0'"}},
      {"dense:-5", {"units must be a whole number >= 1, got '-5'"}},
      {"dense:12.5", {"units must be a whole number >= 1, got '12.5'"}},
      {"dense:abc", {"units must be a whole number >= 1, got 'abc'"}},
      {"dense:99999999999", {"'units' must be an integer from 1 to 1048576"}},
      {"dense:64:l3=1", {"unknown option 'l3' for dense (options: units, init, l1, l2, bias_l1, bias_l2"}},
      {"dense:64:l2=abc", {"l2 must be a number, got 'abc'"}},
      {"dense:64:l2=", {"option 'l2' has no value"}},
      {"dense:64:l2=-1", {"'l2' must be >= 0"}},
      {"dense:64:l2=inf", {"l2 must be a number, got 'inf'"}},
      {"dense:64:l2=nan", {"l2 must be a number, got 'nan'"}},
      {"dense:64:l2=1:l2=2", {"option 'l2' is given twice"}},
      {"dense:64:units=32", {"option 'units' is given twice"}},
      {"dense:64:32", {"unexpected value '32': only the first argument may be a bare value"}},
      {"dense:64:init=zeros", {"unknown initialiser 'zeros' (expected he, xavier or nnfs)"}},
      {"relu:2", {"token 1 'relu:2' (column 1): 'relu' takes no options, got '2'"}},
      {"softmax:axis=1", {"'softmax' takes no options"}},
      {"dropout", {"dropout needs rate (usage: dropout:RATE)"}},
      {"dropout:1.5", {"dropout: rate must be in [0, 1)"}},
      {"dropout:1", {"dropout: rate must be in [0, 1)"}},
      {"dropout:-0.1", {"rate must be in [0, 1)"}},
      {"leaky_relu:x", {"alpha must be a number, got 'x'"}},
      {"dense:10,mlp", {"token 2 'mlp' (column 10): 'mlp' is a model preset: give it alone"}},
      {"", {"--arch: empty architecture", "dense:128,relu,dense:10,softmax", "mlp, nnfs"}},
      {"   ", {"--arch: empty architecture"}},
      {"dense:10;relu", {"units must be a whole number >= 1, got '10;relu'"}},
      {"dense 10", {"unknown layer 'dense 10'"}},
      {"conv2d", {"conv2d needs filters (usage: conv2d:FILTERS[:kernel=K|KHxKW]"}},
      {"conv2d:8:kernel=3x", {"kernel must be a size K or KHxKW (whole numbers >= 1), got '3x'"}},
      {"conv2d:8:kernel=0", {"kernel must be a size K or KHxKW"}},
      {"conv2d:8:kernel=100", {"kernel sides must be from 1 to 64"}},
      {"conv2d:8:padding=-1", {"padding must be a whole number >= 0, got '-1'"}},
      {"conv2d:8:bias=yes", {"bias must be true or false, got 'yes'"}},
      {"maxpool2d:0", {"size must be a whole number >= 1, got '0'"}},
      {"avgpool2d:2:stride=0", {"stride must be a whole number >= 1"}},
      {"flatten:1", {"'flatten' takes no options"}},
      {"batchnorm:0.1", {"unexpected value '0.1': only the first argument may be a bare value"}},
  };
  for (const auto& c : cases) {
    INFO("arch: '" << c.text << "'");
    std::string message;
    try {
      parse_architecture(c.text, "--arch");
      FAIL("accepted");
    } catch (const Error& e) {
      message = e.what();
    }
    INFO("message: " << message);
    CHECK(message.find('\n') == std::string::npos);  // one line
    for (const char* part : c.expected) CHECK_THAT(message, Contains(part));
  }
}

TEST_CASE("architecture string: columns count from 1 and skip the spaces before a token", "[model]") {
  CHECK_THROWS_WITH(parse_architecture("dense:8,  relux"), Contains("token 2 'relux' (column 11)"));
  CHECK_THROWS_WITH(parse_architecture("dense:8, relu ,  tanhh"), Contains("token 3 'tanhh' (column 18)"));
}

TEST_CASE("architecture string: to_arch_string is the inverse of parse_architecture", "[model]") {
  for (const char* text : {"dense:128,relu,dropout:0.1,dense:128,relu,dense:10,softmax",
                           "dense:64:l2=0.0005:bias_l2=0.0005,relu,dense:1,sigmoid",
                           "dense:64:init=xavier:l1=0.001:bias_l1=0.002,leaky_relu:0.2,dense:3,tanh,dense:1,linear",
                           "dense:7:init=nnfs,leaky_relu:0.01,dense:2,softmax"}) {
    INFO(text);
    const json parsed = parse_architecture(text);
    // Through the layers, as a model file stores it (floats, init always written).
    const json built = built_configs(parsed);
    const std::string shown = to_arch_string(built);
    CHECK(shown == text);
    CHECK(built_configs(parse_architecture(shown)) == built);
  }
  // Defaults are left out; a generic form covers types without a syntax entry.
  CHECK(to_arch_string(json::array({{{"type", "dense"}, {"units", 5}, {"init", "he"}}})) == "dense:5");
  CHECK(to_arch_string(json::array({{{"type", "lstm"}, {"units", 8}}})) == "lstm:units=8");
  CHECK(to_arch_string(parse_architecture("dense:2:l2=1e-7:l1=2.5e12")) == "dense:2:l1=2.5e12:l2=1e-7");
  // Convolutional layers: kernels as K or KHxKW, pool strides default to the window.
  for (const char* text : {"conv2d:8,relu,maxpool2d:2,conv2d:16:kernel=5:padding=2:bias=false,avgpool2d:3:stride=2,"
                           "batchnorm:momentum=0.2:epsilon=0.001,flatten,dense:10,softmax",
                           "conv2d:4:kernel=3x5:stride=2:init=xavier,maxpool2d:2:stride=1,batchnorm"}) {
    INFO(text);
    const json built = built_configs(parse_architecture(text));
    CHECK(to_arch_string(built) == text);
    CHECK(built_configs(parse_architecture(to_arch_string(built))) == built);
  }
  CHECK(to_arch_string(built_configs(parse_architecture("maxpool2d:stride=2,conv2d:2:kernel=3x3"))) ==
        "maxpool2d:2,conv2d:2");
}

TEST_CASE("presets: mlp and nnfs, accepted wherever an architecture string is", "[model]") {
  const json nnfs_preset = resolve_architecture("nnfs", 10, "--arch");
  CHECK(to_arch_string(nnfs_preset) == "dense:128,relu,dense:128,relu,dense:10,softmax");
  const Sequential book = Sequential::from_architecture({28, 28}, nnfs_preset);
  CHECK(book.param_count() == 784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10);  // 118,282
  CHECK(to_arch_string(resolve_architecture("mlp", 3)) == "dense:128,relu,dense:3,softmax");
  CHECK(resolve_architecture(" mlp ", 3) == preset_architecture("mlp", 3));
  CHECK(resolve_architecture("dense:4,relu,dense:2,softmax", 2) == parse_architecture("dense:4,relu,dense:2,softmax"));
  CHECK_THROWS_WITH(resolve_architecture("mlp", 0, "--arch"), Contains("--arch: model preset 'mlp' is a classifier"));
  CHECK_THROWS_WITH(preset_architecture("resnet", 10), Contains("expected mlp, nnfs, cnn, cnn-large or speedrun"));
}

TEST_CASE("default loss follows the output layer", "[model]") {
  CHECK(default_loss(parse_architecture("dense:3,softmax")) == "categorical_crossentropy");
  CHECK(default_loss(parse_architecture("dense:1,sigmoid")) == "binary_crossentropy");
  CHECK(default_loss(parse_architecture("dense:1,sigmoid,dropout:0.1")) == "binary_crossentropy");
  CHECK(default_loss(parse_architecture("dense:64,relu,dense:1")) == "mse");
  CHECK(default_loss(parse_architecture("dense:64,relu,dense:1,linear")) == "mse");
  CHECK(default_loss(parse_architecture("dense:4,tanh")) == "mse");
}

TEST_CASE("architecture string: more layers than the limit are refused before parsing them", "[model][limits]") {
  std::string text = "dense:4";
  for (std::size_t i = 0; i < kMaxLayers; ++i) text += ",relu";
  CHECK_THROWS_WITH(parse_architecture(text, "--arch"), "--arch: 10001 layers, more than the limit of 10000");
  std::string ok = "dense:4";
  for (int i = 0; i < 3000; ++i) ok += ",relu";
  CHECK(parse_architecture(ok).size() == 3001);
}
