#include "app/studio/training_form.h"

#include <utility>

#include "engine/model/architecture.h"
#include "engine/model/sequential.h"

namespace nnfs::studio {

std::string architecture_text(const TrainingForm& form) {
  if (form.use_preset) return form.preset;
  std::string text;
  for (const LayerRow& row : form.layers) {
    if (!text.empty()) text += ',';
    text += row.type;
    if (!row.args.empty()) text += ':' + row.args;
  }
  return text;
}

std::vector<LayerRow> layer_rows(const nlohmann::json& architecture) {
  std::vector<LayerRow> rows;
  for (const auto& layer : architecture) {
    const std::string token = to_arch_string(nlohmann::json::array({layer}));
    const auto colon = token.find(':');
    rows.push_back(colon == std::string::npos ? LayerRow{token, ""}
                                              : LayerRow{token.substr(0, colon), token.substr(colon + 1)});
  }
  return rows;
}

bool move_layer(std::vector<LayerRow>& rows, std::size_t i, int delta) {
  if (i >= rows.size() || (delta < 0 && i == 0) || (delta > 0 && i + 1 >= rows.size())) return false;
  std::swap(rows[i], rows[delta < 0 ? i - 1 : i + 1]);
  return true;
}

void choose_preset(TrainingForm& form, const std::string& preset, std::size_t classes) {
  form.preset = preset;
  const nlohmann::json architecture = resolve_architecture(preset, classes);
  form.layers = layer_rows(architecture);
  const TrainRecipe recipe = recipe_for(architecture);
  form.augment = recipe.augment;
  form.schedule = recipe.schedule.kind;
  if (form.optimizer.type == OptimizerType::Adam) form.optimizer.lr = recipe.adam_lr;
}

void choose_optimizer(TrainingForm& form, const std::string& type) {
  form.optimizer = OptimizerConfig::defaults(type);
}

TrainConfig training_config(const TrainingForm& form) {
  TrainConfig c;
  c.epochs = static_cast<std::size_t>(std::max(form.epochs, 0));
  c.batch = static_cast<std::size_t>(std::max(form.batch, 0));
  c.optimizer = form.optimizer;
  c.seed = static_cast<std::uint64_t>(std::max(form.seed, 0));
  c.threads = form.threads;
  c.validation_split = form.validation_split;
  c.schedule.kind = form.schedule;
  if (form.augment) c.augment = AugmentConfig{};
  c.validate();
  return c;
}

NetworkPreview preview_network(const TrainingForm& form, const Shape& sample_shape, std::size_t classes) {
  NetworkPreview p;
  try {
    const nlohmann::json architecture = resolve_architecture(architecture_text(form), classes, "network");
    const Sequential net = Sequential::from_architecture(sample_shape, architecture);
    for (std::size_t i = 0; i < net.layer_count(); ++i) {
      std::string shape;
      for (const std::size_t d : net.shape_after(i)) {
        if (!shape.empty()) shape += 'x';
        shape += std::to_string(d);
      }
      p.rows.push_back({to_arch_string(nlohmann::json::array({architecture[i]})), shape, net.layer_param_count(i)});
    }
    p.params = net.param_count();
  } catch (const std::exception& e) {
    p.error = e.what();
    p.rows.clear();
  }
  return p;
}

nlohmann::json epoch_event(const EpochResult& r) { return r.to_json(); }

}  // namespace nnfs::studio
