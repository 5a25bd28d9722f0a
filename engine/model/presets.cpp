#include "engine/core/error.h"
#include "engine/model/model.h"

namespace nnfs {

std::vector<std::string> preset_names() { return {"mlp"}; }

nlohmann::json preset_architecture(const std::string& name, std::size_t classes) {
  using json = nlohmann::json;
  if (name == "mlp")
    return json::array({{{"type", "dense"}, {"units", 128}, {"init", "he"}},
                        {{"type", "relu"}},
                        {{"type", "dense"}, {"units", classes}, {"init", "he"}},
                        {{"type", "softmax"}}});
  throw Error("unknown model preset '" + name + "' (expected mlp)");
}

}  // namespace nnfs
