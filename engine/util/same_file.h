// Whether two paths name the same file, for refusing an output that would destroy an input.
//
// Files are compared, not spellings: by device and inode (stat follows symbolic links), so "x",
// "./x", "dir/../x", a symbolic link to x and a hard link of x are all the same file. A path that
// does not exist yet is the file it would create: its directory (by device and inode) and its
// name, so two spellings of one new file are the same file too.
#pragma once

#include <string>

namespace nnfs {

// False when either path is empty or cannot be resolved (a missing directory, no permission).
bool same_file(const std::string& a, const std::string& b);

}  // namespace nnfs
