// ModelDoc: the open model, the document the title bar names, and the one way to change it.
//
// The model is immutable once it is the document (shared_ptr<const Model>): opening, creating,
// starting a new run and the end of a run each replace it whole with replace_model, never change
// it in place, so a background job (an evaluation) can keep reading the model it was given. During
// a run the canvas and the Learned tab show the trainer's latest published weights (show_live),
// the very object the trainer published: nothing is copied.
//
// `version` changes with every replacement and every new live weights object; views remember the
// version they were built from (never the model's address, which a new allocation may reuse).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/model/model.h"

namespace nnfs::studio {

struct ModelDoc {
  std::shared_ptr<const Model> model;  // null: no model loaded
  std::shared_ptr<const Model> live;   // during a run: the trainer's latest weights; else null
  std::uint64_t version = 0;           // bumped by replace_model and by new live weights
  std::string path;                    // "" until a new model is first saved
  bool dirty = false;                  // changed since opened or saved
  std::string file_time;               // modification time of the file, for the model panel

  std::string name() const;            // file name, or "untitled"
  // What the canvas predicts with and the Learned tab draws: the live weights during a run, else
  // the open model (null: none).
  const std::shared_ptr<const Model>& shown() const { return live ? live : model; }
};

// The open model becomes `model` (null: none); live weights are dropped.
void replace_model(ModelDoc& doc, std::shared_ptr<const Model> model);
// The trainer's latest weights become what the views show; true when they are a new object.
bool show_live(ModelDoc& doc, std::shared_ptr<const Model> weights);

}  // namespace nnfs::studio
