#include "engine/util/same_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <optional>

namespace nnfs {
namespace {

struct Identity {
  dev_t dev;
  ino_t ino;
  std::string name;  // empty for an existing file; else the name inside directory (dev, ino)
  bool operator==(const Identity&) const = default;
};

std::optional<Identity> identity(const std::string& path) {
  if (path.empty()) return std::nullopt;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return Identity{st.st_dev, st.st_ino, ""};
  if (errno != ENOENT) return std::nullopt;
  const std::filesystem::path p(path);
  const std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..") return std::nullopt;
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  return Identity{st.st_dev, st.st_ino, name};
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
  const auto ia = identity(a);
  return ia && ia == identity(b);
}

}  // namespace nnfs
