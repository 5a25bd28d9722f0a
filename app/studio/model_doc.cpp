#include "app/studio/model_doc.h"

#include "app/studio/format.h"

namespace nnfs::studio {

std::string ModelDoc::name() const { return path.empty() ? "untitled" : file_name_of(path); }

void replace_model(ModelDoc& doc, std::shared_ptr<const Model> model) {
  doc.model = std::move(model);
  doc.live.reset();
  ++doc.version;
}

bool show_live(ModelDoc& doc, std::shared_ptr<const Model> weights) {
  if (!weights || weights == doc.live) return false;
  doc.live = std::move(weights);
  ++doc.version;
  return true;
}

}  // namespace nnfs::studio
