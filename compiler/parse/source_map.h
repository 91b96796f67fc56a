// Source preparation for the parser: UTF-8 validation and decoding to the
// UTF-32 code points ANTLR indexes, the code-point -> byte-offset map that
// turns ANTLR positions into SMLocs, and the nesting-depth pre-scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

namespace callflow::parse {

/// Maps code-point indexes of a buffer to byte offsets. Pure-ASCII text
/// costs nothing; each multi-byte code point costs one entry.
class SourceMap {
public:
  explicit SourceMap(llvm::StringRef buffer) : buffer_(buffer) {}

  /// Records that code point `cpIndex` is `extraBytes` (1..3) bytes longer
  /// than one byte. Calls must come in increasing cpIndex order.
  void addWide(size_t cpIndex, unsigned extraBytes) {
    total_ += extraBytes;
    jumps_.emplace_back(static_cast<uint32_t>(cpIndex + 1), total_);
  }

  size_t byteOffset(size_t cpIndex) const;
  llvm::SMLoc loc(size_t cpIndex) const {
    return llvm::SMLoc::getFromPointer(buffer_.data() + byteOffset(cpIndex));
  }
  /// The bytes of code points [first, last] (inclusive, as ANTLR tokens).
  llvm::StringRef slice(size_t first, size_t last) const {
    size_t b = byteOffset(first), e = byteOffset(last + 1);
    return buffer_.substr(b, e > b ? e - b : 0);
  }
  llvm::StringRef buffer() const { return buffer_; }
  llvm::SMLoc locAtByte(size_t offset) const {
    return llvm::SMLoc::getFromPointer(buffer_.data() + offset);
  }

private:
  llvm::StringRef buffer_;
  // (first code point after a wide one, total extra bytes before it)
  std::vector<std::pair<uint32_t, uint32_t>> jumps_;
  uint32_t total_ = 0;
};

struct DecodeProblem {
  enum Kind { None, Nul, InvalidUtf8 } kind = None;
  size_t offset = 0; // byte offset of the offending byte
};

/// Validates `src` as UTF-8 (no overlongs, surrogates or code points past
/// U+10FFFF; NUL is rejected too) and decodes it into `out`, filling `map`.
/// Stops at the first problem.
DecodeProblem decodeUtf8(llvm::StringRef src, std::u32string &out, SourceMap &map);

/// Byte offset of the first `{` or `(` (outside strings and comments) that
/// is nested deeper than `maxDepth`, if any.
std::optional<size_t> findTooDeepNesting(llvm::StringRef src, unsigned maxDepth);

} // namespace callflow::parse
