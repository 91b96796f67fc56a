// UTF-8 validation and the nesting pre-scan.
#include "parse/source_map.h"

#include "parse/bytes8.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

namespace {
/// Whether the nesting scan must look at byte `c`: a quote, a slash, a
/// bracket or a parenthesis.
inline bool nestingByte(char c) {
  return c == '"' || c == '/' || c == '{' || c == '}' || c == '(' || c == ')';
}

/// The first byte from `i` on that the nesting scan must look at, or `n`.
/// Sixteen bytes at a time where the target has SSE2 (every x86-64 does):
/// between strings a flow's lines are mostly indentation, keywords and
/// names, and this scan runs over every piece before it is parsed.
inline size_t nextNestingByte(const char *s, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('/');
  const __m128i open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
  // '(' and ')' are 0x28 and 0x29: one comparison of the byte with its
  // lowest bit set finds both.
  const __m128i paren = _mm_set1_epi8(')'), low = _mm_set1_epi8(1);
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + i));
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, open), _mm_cmpeq_epi8(v, close)),
                     _mm_cmpeq_epi8(_mm_or_si128(v, low), paren)));
    if (const unsigned mask = unsigned(_mm_movemask_epi8(hit)))
      return i + unsigned(__builtin_ctz(mask));
  }
#endif
  while (i < n && !nestingByte(s[i]))
    ++i;
  return i;
}
} // namespace

std::optional<size_t> findTooDeepNesting(llvm::StringRef src, unsigned maxDepth) {
  const size_t n = src.size();
  const char *base = src.data();
  size_t depth = 0;
  for (size_t i = nextNestingByte(base, 0, n); i < n; i = nextNestingByte(base, i + 1, n)) {
    char c = src[i];
    switch (c) {
    case '"': { // skip a string, escapes included; placeholders are flat
      // memchr to the next quote, then look for a backslash before it
      // (most strings have none); an escaped character is skipped.
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
      if (i + 1 < n && src[i + 1] == '/') { // to the newline (or the end)
        const void *nl = std::memchr(base + i, '\n', n - i);
        i = nl ? static_cast<size_t>(static_cast<const char *>(nl) - base) : n;
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
