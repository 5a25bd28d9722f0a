// Whole-file I/O for files the user keeps: write atomically, read with a size cap.
//
// write_file_atomically() never leaves a half-written file behind. It writes to a temporary file
// in the same directory ("<path>.tmp-<pid>-<counter>"), fsyncs it, renames it over <path> and
// fsyncs the directory. A crash or error at any point leaves either the old file or the new one,
// never a mixture; on error the temporary file is removed and an nnfs::Error is thrown:
//   "models/mnist.safetensors: cannot create temporary file 'models/mnist.safetensors.tmp-41-0':
//    Permission denied"   (one line)
// It never replaces a file the user protected: a read-only one (no owner write bit, which stops
// root too; or not writable by us) or an immutable or append-only one (chattr +i / +a) is refused
// before anything is written:
//   "out.safetensors: is read-only (mode 0444); make it writable (chmod u+w) or choose another file"
//
// read_file() reads a whole file, refusing anything larger than max_bytes before allocating.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace nnfs {

// Receives the next chunk of the file's contents; may be called any number of times.
using WriteChunk = std::function<void(std::span<const std::byte>)>;

// Writes `bytes` to `path` atomically (see above).
void write_file_atomically(const std::string& path, std::span<const std::byte> bytes);

// Streams the contents: `writer` is called once and calls `write` for each chunk. If `writer`
// throws, the temporary file is removed, the old file is untouched and the exception propagates.
void write_file_atomically(const std::string& path,
                           const std::function<void(const WriteChunk& write)>& writer);

// Fails early, before long work whose result would be lost, when write_file_atomically(path, ...)
// could not even start: creates and removes the temporary file it would use, and refuses a
// directory as the target. Throws the same nnfs::Error that write_file_atomically would; also
// refuses a target whose directory has no owner write bit (root could write there, but the
// user made it read-only): "a/m.safetensors: its directory 'a' is read-only (mode 0555); ...".
void check_writable(const std::string& path);

// The default cap for read_file(): 4 GiB. Callers that know their format pass a tighter one.
inline constexpr std::uint64_t kDefaultMaxFileBytes = std::uint64_t{4} << 30;

// Reads the whole file. Throws nnfs::Error naming the path if it is missing, unreadable, not a
// regular file, or larger than max_bytes ("... is 5000000000 bytes, more than the limit of ...").
std::vector<std::byte> read_file(const std::string& path,
                                 std::uint64_t max_bytes = kDefaultMaxFileBytes);

}  // namespace nnfs
