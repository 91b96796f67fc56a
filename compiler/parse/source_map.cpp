// UTF-8 validation and the nesting pre-scan.
#include "parse/source_map.h"

#include "parse/bytes8.h"

#include <cstring>

namespace callflow::parse {

DecodeProblem validateUtf8(llvm::StringRef src) {
  const auto *s = reinterpret_cast<const unsigned char *>(src.data());
  const size_t n = src.size();
  size_t i = 0;
  while (i < n) {
    // Fast path: eight ASCII bytes, none of them NUL, at a time.
    if (i + 8 <= n) {
      const uint64_t w = bytes8::load(s + i);
      if (!bytes8::anyHigh(w) && !bytes8::anyZero(w)) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == 0)
        return {DecodeProblem::Nul, i};
      ++i;
      continue;
    }
    unsigned len;
    char32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return {DecodeProblem::InvalidUtf8, i};
    }
    if (i + len > n)
      return {DecodeProblem::InvalidUtf8, i};
    for (unsigned k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80)
        return {DecodeProblem::InvalidUtf8, i + k};
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return {DecodeProblem::InvalidUtf8, i};
    i += len;
  }
  return {};
}

std::optional<size_t> findTooDeepNesting(llvm::StringRef src, unsigned maxDepth) {
  const size_t n = src.size();
  size_t depth = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = src[i];
    switch (c) {
    case '"': { // skip a string, escapes included; placeholders are flat
      // memchr to the next quote, then look for a backslash before it
      // (most strings have none); an escaped character is skipped.
      const char *base = src.data();
      for (++i; i < n;) {
        const void *q = std::memchr(base + i, '"', n - i);
        size_t quote = q ? static_cast<size_t>(static_cast<const char *>(q) - base) : n;
        const void *bs = std::memchr(base + i, '\\', quote - i);
        if (!bs) {
          i = quote;
          break;
        }
        i = static_cast<size_t>(static_cast<const char *>(bs) - base) + 2; // past `\x`
      }
      break;
    }
    case '/':
      if (i + 1 < n && src[i + 1] == '/') {
        while (i < n && src[i] != '\n')
          ++i;
      } else if (i + 1 < n && src[i + 1] == '*') {
        size_t end = src.find("*/", i + 2);
        if (end == llvm::StringRef::npos)
          return std::nullopt;
        i = end + 1;
      }
      break;
    case '{':
    case '(':
      if (++depth > maxDepth)
        return i;
      break;
    case '}':
    case ')':
      if (depth > 0)
        --depth;
      break;
    default:
      break;
    }
  }
  return std::nullopt;
}

} // namespace callflow::parse
