// Error: the one exception type the engine throws for bad input or failed I/O.
//
// Every message is one line that names the file, the line or byte, and what was expected, e.g.
//   "data/t.csv: line 7: expected 785 values (label + 784 pixels), found 783"
// Front ends catch it, print/show the message, and carry on (the CLI exits with code 1).
#pragma once

#include <stdexcept>
#include <string>

namespace nnfs {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace nnfs
