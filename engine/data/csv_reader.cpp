#include "engine/data/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "engine/core/error.h"
#include "engine/data/data_file.h"

namespace nnfs {

namespace {

constexpr std::size_t kLabelled = kCsvPixels + 1;  // 785 values per labelled row
constexpr std::size_t kPadding = 16;  // zero bytes after the data in the buffer (parse_small)

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::size_t count_fields(std::string_view line) {
  return static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1;
}

// A header line has at least one field that cannot be a (possibly malformed) number. Empty
// fields count as numbers so that "5,,0,..." is reported as a bad row, not skipped as a header.
bool looks_like_header(std::string_view line) {
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t end = line.find(',', start);
    if (end == std::string_view::npos) end = line.size();
    const std::string_view field = line.substr(start, end - start);
    if (field.find_first_not_of("0123456789+-. \t") != std::string_view::npos) return true;
    start = end + 1;
  }
  return false;
}

std::string describe_width(std::size_t width) {
  return width == kLabelled ? "785 values (label + 784 pixels)" : "784 values (pixels, no label)";
}

bool is_line_end(char c) { return c == '\n' || c == '\r'; }

// The text of the field starting at p, for messages: "'abc'", "'300'" or "an empty field".
std::string quote_field(const char* p, const char* text_end) {
  const char* end = p;
  while (end < text_end && *end != ',' && !is_line_end(*end)) ++end;
  if (end == p) return "an empty field";
  const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(end - p), 24);
  std::string quoted = "'";
  quoted += printable({p, n});  // control bytes escaped: a message stays one whole line
  quoted += p + n < end ? "...'" : "'";
  return quoted;
}

// Parses the value at p; returns the position after it, or nullptr if it is not a number.
// 1-3 digits are read by hand (most values), anything else (leading zeros, long or bad numbers)
// by std::from_chars. Peeking at p[1..3] is safe: the buffer has zero padding past its end
// (kPadding), and p[k+1] is only read when p[k] was a digit, i.e. inside the text.
inline const char* parse_small(const char* p, const char* text_end, unsigned& v) {
  const unsigned d0 = static_cast<unsigned char>(p[0]) - unsigned{'0'};
  if (d0 < 10) {
    const unsigned d1 = static_cast<unsigned char>(p[1]) - unsigned{'0'};
    if (d1 >= 10) { v = d0; return p + 1; }
    const unsigned d2 = static_cast<unsigned char>(p[2]) - unsigned{'0'};
    if (d2 >= 10) { v = d0 * 10 + d1; return p + 2; }
    if (static_cast<unsigned char>(p[3]) - unsigned{'0'} >= 10) { v = d0 * 100 + d1 * 10 + d2; return p + 3; }
  }
  const auto [q, ec] = std::from_chars(p, text_end, v);
  return ec == std::errc{} ? q : nullptr;
}

// Reads rows through a buffer that holds at least one whole line: a line is parsed once its line
// end (or the end of the data) is in the buffer, so memory is the buffer plus the rows parsed,
// and a file that is not CSV (binary data, one endless line) fails on its first line after
// reading at most kMaxLineBytes.
class CsvParser {
 public:
  CsvParser(const std::string& path, ByteSource& in) : path_(path), in_(in) {}

  Dataset parse() {
    const std::string_view first = first_line();
    width_ = count_fields(first);
    if (looks_like_header(first)) {
      if (width_ != kLabelled && width_ != kCsvPixels)
        fail(1, "expected a header of 785 columns (label + 784 pixels) or 784 (pixels), found " +
                    std::to_string(width_) + " columns");
      pos_ = skip_line_end(first.data() + first.size());
      line_no_ = 1;
    } else if (width_ != kLabelled && width_ != kCsvPixels) {
      fail(1, "expected 785 values (label + 784 pixels) or 784 (pixels), found " +
                  std::to_string(width_));
    }

    Dataset data;
    data.source = path_;
    data.sample_shape = {kCsvImageSide, kCsvImageSide};
    data.class_names = digit_class_names();
    while (const char* line_end = next_line()) {
      // Blank lines are only allowed when nothing but blank lines follow.
      if (is_blank({pos_, static_cast<std::size_t>(line_end - pos_)})) {
        if (rest_is_blank()) break;
        fail(line_no_, "expected " + describe_width(width_) + ", found an empty line");
      }
      pos_ = skip_line_end(parse_row(pos_, data));
    }
    if (data.count == 0)
      fail(line_no_ + 1, "expected at least one row of " + describe_width(width_) +
                             " after the header, found end of file");
    return data;
  }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw Error(path_ + ": line " + std::to_string(line) + ": " + what);
  }

  // Reads more data behind what is unparsed (moved to the front); false at the end of the data.
  bool refill() {
    if (at_eof_) return false;
    const std::size_t kept = static_cast<std::size_t>(end_ - pos_);
    if (kept > 0 && pos_ != buffer_.data()) std::memmove(buffer_.data(), pos_, kept);
    // Reads start small (a file that is not CSV costs little) and grow to 1 MiB; the room also
    // doubles while a long line is incomplete.
    const std::size_t want = std::max(read_bytes_, kept);
    read_bytes_ = std::min(2 * read_bytes_, kMaxReadBytes);
    buffer_.resize(kept + want + kPadding);
    const std::size_t n = in_.read(reinterpret_cast<std::uint8_t*>(buffer_.data()) + kept, want);
    at_eof_ = n < want;
    pos_ = buffer_.data();
    end_ = pos_ + kept + n;
    std::memset(buffer_.data() + kept + n, 0, kPadding);  // parse_small peeks past the end
    return n > 0;
  }

  // Makes the line after line line_no_, at pos_, complete in the buffer (its line end read, or the
  // end of the data), refusing NUL bytes (which would also cut a message short) and lines of
  // kMaxLineBytes or more; returns its end.
  const char* complete_line() {
    for (;;) {
      const auto n = static_cast<std::size_t>(end_ - pos_);
      // memchr (vectorised) rather than a byte loop: this runs over every byte of the file.
      const auto* nl = static_cast<const char*>(std::memchr(pos_, '\n', n));
      const char* newline_or_end = nl ? nl : end_;
      const auto* cr = static_cast<const char*>(std::memchr(pos_, '\r', static_cast<std::size_t>(newline_or_end - pos_)));
      const char* q = cr ? cr : newline_or_end;
      if (const auto* nul = static_cast<const char*>(std::memchr(pos_, '\0', static_cast<std::size_t>(q - pos_))))
        fail(line_no_ + 1, "column " + std::to_string(nul - pos_ + 1) +
                               " is a NUL byte (0x00), expected text (not a CSV file?)");
      // Done when the line end is in the buffer (a '\r' last in it might be the start of "\r\n").
      const bool cut_crlf = q + 1 == end_ && *q == '\r';
      if ((q < end_ && !cut_crlf) || at_eof_) return q;
      if (n >= kMaxLineBytes)
        fail(line_no_ + 1, "no line end in the first " + std::to_string(kMaxLineBytes) +
                               " bytes of the line, expected rows of " + describe_width(width_ ? width_ : kLabelled));
      refill();
    }
  }

  // The first line, without its line end; skips a UTF-8 byte order mark (Excel writes one).
  std::string_view first_line() {
    refill();
    const std::string_view kBom = "\xEF\xBB\xBF";
    if (std::string_view(pos_, static_cast<std::size_t>(end_ - pos_)).starts_with(kBom)) pos_ += kBom.size();
    const char* line_end = complete_line();
    const std::string_view line(pos_, static_cast<std::size_t>(line_end - pos_));
    if (is_blank(line)) {
      if (rest_is_blank()) fail(1, "expected MNIST CSV rows, found an empty file");
      fail(1, "expected a header or a row of 785 values (label + 784 pixels), found an empty line");
    }
    return line;
  }

  // Moves to the next line (counting it) and returns its end; nullptr at the end of the data.
  const char* next_line() {
    if (pos_ == end_ && !refill()) return nullptr;
    const char* line_end = complete_line();  // names the line as line_no_ + 1
    ++line_no_;
    return line_end;
  }

  // Whether everything from pos_ to the end of the data is blank (reads on to find out, so only
  // an error may follow a false answer).
  bool rest_is_blank() {
    for (;;) {
      if (!is_blank({pos_, static_cast<std::size_t>(end_ - pos_)})) return false;
      pos_ = end_;
      if (!refill()) return true;
    }
  }

  // q is at a line end ('\r', '\n' or the end): returns the start of the next line.
  const char* skip_line_end(const char* q) const {
    if (q < end_ && *q == '\r') ++q;
    if (q < end_ && *q == '\n') ++q;
    return q;
  }

  [[noreturn]] void bad_value(std::size_t field, const char* p, const char* what) const {
    fail(line_no_, "value " + std::to_string(field + 1) + ": expected " + what + ", found " +
                       quote_field(p, end_));
  }

  [[noreturn]] void wrong_count(std::size_t found) const {
    fail(line_no_, "expected " + describe_width(width_) + ", found " + std::to_string(found));
  }

  // Parses one row starting at p into data; returns the position of its line end.
  const char* parse_row(const char* p, Dataset& data) {
    std::size_t field = 0;  // index of the value being parsed, for messages
    if (width_ == kLabelled) {
      unsigned label = 0;
      const char* q = parse_small(p, end_, label);
      if (!q || label > 9 || (*q != ',' && q != end_ && !is_line_end(*q)))
        bad_value(0, p, "a label 0-9");
      if (*q != ',') wrong_count(1);
      data.labels.push_back(static_cast<std::int32_t>(label));
      p = q + 1;
      field = 1;
    }

    const std::size_t offset = data.pixels.size();
    data.pixels.resize(offset + kCsvPixels);  // zero-filled; the capacity grows geometrically
    std::uint8_t* dst = data.pixels.data() + offset;
    for (std::size_t j = 0;; ++j, ++field) {
      // Background runs: "0,0,0,0," is one 8-byte compare (the padding makes it safe near the
      // end) and needs no store, dst is already zeroed. The last pixel takes the full path.
      while (j + 4 < kCsvPixels && std::memcmp(p, "0,0,0,0,", 8) == 0) {
        j += 4;
        field += 4;
        p += 8;
      }
      unsigned v = 0;
      const char* q = parse_small(p, end_, v);
      const bool at_line_end = q && (q == end_ || is_line_end(*q));
      if (!q || v > 255 || (*q != ',' && !at_line_end)) bad_value(field, p, "a pixel value 0-255");
      dst[j] = static_cast<std::uint8_t>(v);
      if (j + 1 == kCsvPixels) {
        if (!at_line_end) wrong_count(field + 1 + count_fields(rest_of_line(q + 1)));
        ++data.count;
        return q;
      }
      if (at_line_end) wrong_count(field + 1);
      p = q + 1;
    }
  }

  std::string_view rest_of_line(const char* p) const {
    const char* q = p;
    while (q < end_ && !is_line_end(*q)) ++q;
    return {p, static_cast<std::size_t>(q - p)};
  }

  static constexpr std::size_t kFirstReadBytes = std::size_t{64} << 10;
  static constexpr std::size_t kMaxReadBytes = std::size_t{1} << 20;
  static constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;  // a real row is < 4 KB

  const std::string& path_;
  ByteSource& in_;
  std::vector<char> buffer_;  // [pos_, end_) unparsed data, then kPadding zero bytes
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  bool at_eof_ = false;
  std::size_t read_bytes_ = kFirstReadBytes;
  std::size_t line_no_ = 0;
  std::size_t width_ = 0;
};

}  // namespace

Dataset read_mnist_csv(ByteSource& in, const std::string& name) { return CsvParser(name, in).parse(); }

Dataset read_mnist_csv(const std::string& path) {
  DataFileStream in(path);
  return read_mnist_csv(in, path);
}

void write_mnist_csv(const Dataset& data, const std::string& path) {
  if (!data.is_image() || data.sample_shape != Shape{kCsvImageSide, kCsvImageSide})
    throw Error(path + ": only 28x28 images can be written as MNIST CSV (data is " +
                shape_to_string(data.sample_shape) + ")");
  const bool labelled = !data.labels.empty();
  for (std::size_t i = 0; i < data.labels.size(); ++i)
    if (data.labels[i] < 0 || data.labels[i] > 9)
      throw Error(path + ": label " + std::to_string(data.labels[i]) + " of sample " +
                  std::to_string(i) + " is outside 0-9");

  OutputFile out(path, has_gz_suffix(path));
  std::string header = labelled ? "label" : "";
  for (std::size_t r = 1; r <= kCsvImageSide; ++r)
    for (std::size_t c = 1; c <= kCsvImageSide; ++c) {
      if (!header.empty()) header += ',';
      header += std::to_string(r) + "x" + std::to_string(c);
    }
  header += '\n';
  out.write(header);

  // Rows are formatted into a 1 MiB buffer with to_chars and written in large blocks.
  constexpr std::size_t kBufferSize = std::size_t{1} << 20;
  constexpr std::size_t kMaxRow = 4 * (kCsvPixels + 1);  // "255," per value
  std::vector<char> buffer(kBufferSize);
  char* const begin = buffer.data();
  char* p = begin;
  for (std::size_t n = 0; n < data.count; ++n) {
    if (static_cast<std::size_t>(p - begin) + kMaxRow > kBufferSize) {
      out.write(begin, static_cast<std::size_t>(p - begin));
      p = begin;
    }
    if (labelled) {
      *p++ = static_cast<char>('0' + data.labels[n]);
      *p++ = ',';
    }
    const std::uint8_t* px = data.pixels.data() + n * kCsvPixels;
    for (std::size_t j = 0; j < kCsvPixels; ++j) {
      p = std::to_chars(p, begin + kBufferSize, unsigned{px[j]}).ptr;
      *p++ = ',';
    }
    p[-1] = '\n';  // replaces the last comma
  }
  out.write(begin, static_cast<std::size_t>(p - begin));
  out.commit();
}

}  // namespace nnfs
