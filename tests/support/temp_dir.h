// TempDir: a fresh directory under the system temp dir, removed with everything in it when the
// test ends. write_bytes/write_text create small input files for reader tests.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace nnfs::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(std::string_view name) const { return (path_ / name).string(); }
  std::string write_bytes(std::string_view name, const std::vector<unsigned char>& bytes) const;
  std::string write_text(std::string_view name, std::string_view text) const;

 private:
  std::filesystem::path path_;
};

std::vector<unsigned char> read_bytes(const std::string& path);

}  // namespace nnfs::test
