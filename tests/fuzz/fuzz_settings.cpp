// libFuzzer target: the studio's settings file (app/studio/settings), read from a directory on
// tmpfs. Its contract: any file gives usable settings (defaults for what is missing or broken) and
// never throws; what it returns saves and loads back unchanged.
#include <stdlib.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/studio/settings.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

namespace {

std::string make_dir(const char* tag) {
  for (const char* base : {"/dev/shm", "/tmp"}) {
    std::string templ = std::string(base) + "/nnfs-fuzz-" + tag + "-XXXXXX";
    if (::mkdtemp(templ.data())) return templ;
  }
  std::abort();
}

struct Dirs {
  std::string in = make_dir("settings-in"), out = make_dir("settings-out");
  ~Dirs() {
    std::error_code ec;
    std::filesystem::remove_all(in, ec);
    std::filesystem::remove_all(out, ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Dirs dirs;
  {
    std::FILE* f = std::fopen((dirs.in + "/settings.json").c_str(), "wb");
    if (!f || std::fwrite(data, 1, size, f) != size || std::fclose(f) != 0) std::abort();
  }
  const studio::Settings s = studio::load_settings(dirs.in);  // must not throw
  if (!std::isfinite(s.ui_scale) || !std::isfinite(s.brush_width)) fuzz::property_failed("non-finite setting");
  if (s.recent.size() > studio::Settings::kMaxRecent) fuzz::property_failed("too many recent files");
  try {
    studio::save_settings(dirs.out, s);
  } catch (const nnfs::Error&) {
    fuzz::property_failed("settings that were loaded cannot be saved");
  }
  if (!(studio::load_settings(dirs.out) == s)) fuzz::property_failed("settings changed in a save/load round trip");
  return 0;
}
