// Error: the one exception type the engine throws for bad input or failed I/O.
//
// Every message is one line that names the file, the line or byte, and what was expected, e.g.
//   "data/t.csv: line 7: expected 785 values (label + 784 pixels), found 783"
// Front ends catch it, print/show the message, and carry on (the CLI exits with code 1).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace nnfs {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Text from an input (a token, a decoder's reason) made safe to quote inside a one-line message:
// control characters become escapes (\n, \t, \xNN), so a message never spans lines.
std::string printable(std::string_view text);

}  // namespace nnfs
