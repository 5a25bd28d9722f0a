#include "app/studio/event_log.h"

#include <cerrno>
#include <cstring>

#include "engine/core/error.h"

namespace nnfs::studio {

EventLog::~EventLog() {
  if (file_) std::fclose(file_);
}

void EventLog::open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f) throw Error(path + ": cannot open the events file: " + std::strerror(errno));
  if (file_) std::fclose(file_);
  file_ = f;
}

void EventLog::emit(const char* name, nlohmann::json fields) {
  if (!file_) return;
  nlohmann::json line = {{"event", name}};
  line.update(fields);
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
  std::fwrite(text.data(), 1, text.size(), file_);
  std::fflush(file_);
}

}  // namespace nnfs::studio
