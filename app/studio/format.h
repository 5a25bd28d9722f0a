// Small text helpers shared by the panels.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace nnfs::studio {

std::string format_file_time(std::filesystem::file_time_type t);  // "2024-05-01 12:34" local time
std::string format_bytes(std::uintmax_t bytes);                     // "1.2 MB"
std::string format_count(std::uintmax_t n);                         // "101,770"
std::string file_name_of(const std::string& path);                  // "a.safetensors"
std::string home_dir();                                              // $HOME or "/"
std::string format_duration(double seconds);                        // "4:05", "1:02:03"

}  // namespace nnfs::studio
