// Source preparation for the parser: UTF-8 validation, the byte-offset ->
// SMLoc view of the buffer, and the nesting-depth pre-scan.
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

/// The source buffer as the parse adapter indexes it: token start/stop
/// indexes are byte offsets (TokenBuffer's tokens), turned into SMLocs here.
class SourceMap {
public:
  explicit SourceMap(llvm::StringRef buffer) : buffer_(buffer) {}

  size_t byteOffset(size_t index) const { return index < buffer_.size() ? index : buffer_.size(); }
  llvm::SMLoc loc(size_t index) const {
    return llvm::SMLoc::getFromPointer(buffer_.data() + byteOffset(index));
  }
  /// The bytes [first, last] (inclusive, as ANTLR token indexes).
  llvm::StringRef slice(size_t first, size_t last) const {
    size_t b = byteOffset(first), e = byteOffset(last + 1);
    return buffer_.substr(b, e > b ? e - b : 0);
  }
  llvm::StringRef buffer() const { return buffer_; }
  llvm::SMLoc locAtByte(size_t offset) const { return loc(offset); }

private:
  llvm::StringRef buffer_;
};

struct DecodeProblem {
  enum Kind { None, Nul, InvalidUtf8 } kind = None;
  size_t offset = 0; // byte offset of the offending byte
};

/// Validates `src` as UTF-8 (no overlongs, surrogates or code points past
/// U+10FFFF; NUL is rejected too). Stops at the first problem.
DecodeProblem validateUtf8(llvm::StringRef src);

/// Byte offset of the first `{` or `(` (outside strings and comments) that
/// is nested deeper than `maxDepth`, if any.
std::optional<size_t> findTooDeepNesting(llvm::StringRef src, unsigned maxDepth);

} // namespace callflow::parse
