#include "engine/data/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "engine/core/error.h"
#include "engine/data/data_file.h"

namespace nnfs {

namespace {

constexpr std::size_t kLabelled = kCsvPixels + 1;  // 785 values per labelled row

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
  quoted.append(p, n);
  quoted += p + n < end ? "...'" : "'";
  return quoted;
}

// Parses the value at p; returns the position after it, or nullptr if it is not a number.
// 1-3 digits are read by hand (most values), anything else (leading zeros, long or bad numbers)
// by std::from_chars. Peeking at p[1..3] is safe: the buffer has zero padding past its end
// (FileBuffer), and p[k+1] is only read when p[k] was a digit, i.e. inside the text.
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

class CsvParser {
 public:
  CsvParser(const std::string& path, std::string_view text) : path_(path), text_(text) {}

  Dataset parse() {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);  // UTF-8 BOM (Excel)
    if (is_blank(text_)) fail(1, "expected MNIST CSV rows, found an empty file");
    end_ = text_.data() + text_.size();

    const std::string_view first = first_line();
    width_ = count_fields(first);
    const char* rows = text_.data();
    if (looks_like_header(first)) {
      if (width_ != kLabelled && width_ != kCsvPixels)
        fail(1, "expected a header of 785 columns (label + 784 pixels) or 784 (pixels), found " +
                    std::to_string(width_) + " columns");
      rows = skip_line_end(first.data() + first.size());
      line_no_ = 1;
    } else if (width_ != kLabelled && width_ != kCsvPixels) {
      fail(1, "expected 785 values (label + 784 pixels) or 784 (pixels), found " +
                  std::to_string(width_));
    }

    Dataset data;
    data.source = path_;
    data.sample_shape = {kCsvImageSide, kCsvImageSide};
    data.class_names = digit_class_names();
    // A row is at least 2*width-1 bytes ("0,0,...,0"): an upper bound on the row count, so the
    // arrays are reserved once and rows are appended without reallocation.
    const std::size_t max_rows = text_.size() / (2 * width_ - 1) + 1;
    data.pixels.reserve(max_rows * kCsvPixels);
    if (width_ == kLabelled) data.labels.reserve(max_rows);

    for (const char* p = rows; p < end_;) {
      ++line_no_;
      // Blank lines are only allowed when nothing but blank lines follow.
      if ((is_line_end(*p) || *p == ' ' || *p == '\t') &&
          is_blank({p, static_cast<std::size_t>(end_ - p)}))
        break;
      if (is_line_end(*p)) fail(line_no_, "expected " + describe_width(width_) + ", found an empty line");
      p = skip_line_end(parse_row(p, data));
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

  std::string_view first_line() const {
    const char* p = text_.data();
    while (p < end_ && !is_line_end(*p)) ++p;
    return {text_.data(), static_cast<std::size_t>(p - text_.data())};
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
    data.pixels.resize(offset + kCsvPixels);  // zero-filled, within the reserved capacity
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

  const std::string& path_;
  std::string_view text_;
  const char* end_ = nullptr;  // followed by kFileBufferPadding zero bytes (FileBuffer)
  std::size_t line_no_ = 0;
  std::size_t width_ = 0;
};

}  // namespace

Dataset read_mnist_csv(const std::string& path) {
  const FileBuffer buffer = read_data_file(path);
  return CsvParser(path, buffer.view()).parse();
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
