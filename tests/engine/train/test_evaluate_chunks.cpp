// Evaluation in bounded chunks: the chunk keeps one pass's activations within kEvaluationBytes,
// and the answers do not depend on it.
#include <catch2/catch.hpp>

#include "engine/train/evaluate.h"
#include "engine/train/new_model.h"
#include "support/fixtures.h"

using namespace nnfs;

namespace {
std::size_t floats_per_sample(const Sequential& net) {
  std::size_t floats = shape_size(net.input_shape());
  for (std::size_t i = 0; i < net.layer_count(); ++i) floats += shape_size(net.shape_after(i));
  return floats;
}
}  // namespace

TEST_CASE("evaluation chunks: small networks take the whole batch, big ones stay within the budget", "[train]") {
  const Dataset data = test::digit_patterns(10, 3);
  const Model mlp = new_model(preset_architecture("mlp", 10), data, "", 1);
  CHECK(evaluation_batch(mlp.net) == kEvaluationBatch);

  const Model large = new_model(preset_architecture("cnn-large", 10), data, "", 1);
  const std::size_t chunk = evaluation_batch(large.net);
  const std::size_t bytes = floats_per_sample(large.net) * sizeof(float);
  CHECK(chunk < kEvaluationBatch);
  CHECK(chunk * bytes <= kEvaluationBytes);
  CHECK((chunk + 1) * bytes > kEvaluationBytes);  // the largest chunk that fits
}

TEST_CASE("evaluation chunks: a chunk that does not divide the data gives the answers of one big pass", "[train]") {
  const Dataset data = test::digit_patterns(53, 7);
  const Model cnn = new_model(preset_architecture("cnn", 10), data, "", 5);
  const Tensor whole = predict(cnn, data, 53);
  for (std::size_t chunk : {1, 8, 17}) {
    INFO("chunk " << chunk);
    const Tensor parts = predict(cnn, data, chunk);
    REQUIRE(parts.shape() == whole.shape());
    for (std::size_t i = 0; i < whole.size(); ++i) CHECK(parts[i] == Approx(whole[i]).margin(1e-6));
    CHECK(evaluate(cnn, data, chunk).predicted == evaluate(cnn, data, 53).predicted);
  }
}
