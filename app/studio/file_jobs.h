// The files a user opens are read on worker threads, never on the UI thread: a slow disk, a huge
// file or a hostile one (a 2 GiB model, a broken image) must not freeze the window. Each kind has
// one BackgroundJob; its result is handed to the UI thread by poll_background (actions.cpp), and
// an error goes to the error dialog while the app keeps what it had. (Dataset folders load the
// same way, in DatasetDoc::loading.)
#pragma once

#include <memory>
#include <string>

#include "app/studio/background_job.h"
#include "engine/data/preprocess.h"
#include "engine/model/model.h"

namespace nnfs::studio {

struct LoadedModel {
  std::unique_ptr<Model> model;  // checked (finite, a known architecture)
  std::string path;              // as asked for
};

struct LoadedImage {
  GrayImage ink;                 // ink bright on black, as the canvas holds a drawing
  std::string path;              // absolute
};

struct FileJobs {
  BackgroundJob<LoadedModel> model;
  std::string model_path;        // the one loading, for messages
  BackgroundJob<LoadedImage> image;
  std::string image_path;
  bool running() const { return model.running() || image.running(); }
};

}  // namespace nnfs::studio
