// The hand-written lexer of the flow language: the same tokens as the
// ANTLR-generated FlowLexer (grammar/FlowLexer.g4 stays the definition and
// the reference; tests/parse/lexer_equiv_test.cpp holds the two to the same
// token stream), but over UTF-8 bytes, with byte offsets, no allocation per
// token and no DFA locking. This header names no ANTLR type; token types are
// the generated FlowLexer:: constants.
#pragma once

#include <cstdint>

#include "llvm/ADT/StringRef.h"

namespace callflow::parse {

/// One token: a FlowLexer:: token type, its channel and its bytes.
struct LexToken {
  /// `type` of the end-of-file token (ANTLR's Token::EOF does not fit).
  static constexpr uint16_t kEof = 0xFFFF;
  /// `type` of the hidden pseudo-token TokenBuffer reports (to its
  /// off-channel callback only) for a control character inside a string's
  /// text: U+0000-U+001F but tab and newline, U+007F, U+0080-U+009F.
  static constexpr uint16_t kControlChar = 0xFFFE;
  /// Channels, as FlowLexer assigns them.
  static constexpr uint8_t kDefault = 0, kHidden = 1, kErrors = 2;

  uint32_t start = 0; // byte offset of the first byte
  uint32_t end = 0;   // byte offset one past the last byte (== start at EOF)
  uint16_t type = kEof;
  uint8_t channel = kDefault;

  bool isEof() const { return type == kEof; }
};

/// Lexes a buffer that is valid UTF-8 (checked beforehand by validateUtf8;
/// on other bytes it still terminates, treating a stray byte as one
/// character). Skipped tokens (white space) are not returned; hidden
/// (comments) and error-channel tokens are. After the end it keeps
/// returning the EOF token.
class Scanner {
public:
  /// Lexes `src` from byte `begin`, which must be where a token may start
  /// outside any string or comment (a line start, for the parallel parse).
  explicit Scanner(llvm::StringRef src, uint32_t begin = 0);

  LexToken next();

  /// Buffers over 4 GiB cannot be lexed (offsets are 32-bit).
  static constexpr uint64_t kMaxSize = 0xFFFFFFFFu;

private:
  enum class Mode : uint8_t { Default, String, Placeholder };

  LexToken lexDefault(uint32_t p);
  LexToken lexString(uint32_t p);
  LexToken lexPlaceholder(uint32_t p);
  LexToken make(uint32_t start, uint32_t end, unsigned type,
                uint8_t channel = LexToken::kDefault) {
    pos_ = end;
    return LexToken{start, end, static_cast<uint16_t>(type), channel};
  }
  /// The end of the name starting at `p` (NAME_START already checked):
  /// NAME_CHAR* ('-' NAME_CHAR+)*.
  uint32_t nameEnd(uint32_t p) const;
  /// Bytes in the UTF-8 character starting at `p` (1 for a stray byte).
  uint32_t charLen(uint32_t p) const;
  /// Byte `p`, or 0 past the end (the buffer holds no NUL).
  unsigned char at(uint32_t p) const { return p < size_ ? s_[p] : 0; }

  const unsigned char *s_;
  uint32_t size_;
  uint32_t pos_ = 0;
  Mode mode_ = Mode::Default;
};

/// The FlowLexer:: type of a name, or of the keyword it spells.
unsigned keywordOrId(llvm::StringRef name);

} // namespace callflow::parse
