// ANTLR's view of the hand-written lexer's output: TokenBuffer is an
// antlr4::TokenStream over the default-channel tokens of a buffer. It lexes
// on demand as the parser looks ahead, stores tokens by value in fixed-size
// chunks (no allocation per token, no copying as it grows), and frees the
// chunks the parser is done with (releaseBefore), so only the tokens of the
// declarations being parsed are alive. Token start/stop indexes are BYTE
// offsets into the source (ANTLR's own lexer would give code-point
// indexes); the parse adapter turns them into SMLocs directly.
//
// A string literal that the grammar's `text` rule accepts part by part as
// it is, with no part the AST builder reports (a bad escape or brace), is
// passed on as one STR_LIT token; its parts (text runs, escapes,
// quantifiers, placeholders' tokens) are kept beside the tokens for the
// builder (partsOf). The parser then matches one token where it matched a
// `textPart` rule per run and a `placeholder` rule per placeholder: on
// flows with a placeholder in most lines those rules were a third of the
// parse. Any other string reaches the parser part by part, as lexed, so its
// syntax errors and recovery are those of the grammar's parts.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "antlr4-runtime.h"
#include "llvm/ADT/ArrayRef.h"
#include "parse/scanner.h"

namespace callflow::parse {

class TokenBuffer;

/// One parser-visible token. Owned by its TokenBuffer.
class PooledToken final : public antlr4::Token {
public:
  PooledToken(const TokenBuffer *owner, const LexToken &t, uint32_t index, uint32_t partBegin,
              uint32_t partCount)
      : owner_(owner), start_(t.start), end_(t.end), index_(index), partBegin_(partBegin),
        partCount_(partCount), type_(t.type) {}

  std::string getText() const override;
  size_t getType() const override { return type_ == LexToken::kEof ? EOF : type_; }
  size_t getLine() const override;
  size_t getCharPositionInLine() const override;
  size_t getChannel() const override { return DEFAULT_CHANNEL; }
  size_t getTokenIndex() const override { return index_; }
  size_t getStartIndex() const override { return start_; }
  /// Inclusive, as ANTLR's: one before the start for the EOF token.
  size_t getStopIndex() const override { return static_cast<size_t>(end_) - 1; }
  antlr4::TokenSource *getTokenSource() const override;
  antlr4::CharStream *getInputStream() const override { return nullptr; }
  std::string toString() const override;

  uint32_t startOffset() const { return start_; }
  uint32_t endOffset() const { return end_; }
  /// The number of string parts lexed before this token's own (a STR_LIT
  /// token's parts come right after), and how many are its own.
  uint32_t partBegin() const { return partBegin_; }
  uint32_t partCount() const { return partCount_; }

private:
  const TokenBuffer *owner_;
  uint32_t start_, end_, index_, partBegin_, partCount_;
  uint16_t type_;
};

/// The TokenSource the parser asks for a token factory (to conjure missing
/// tokens during recovery). It has no tokens of its own to hand out.
class BufferSource final : public antlr4::TokenSource {
public:
  explicit BufferSource(std::string name) : name_(std::move(name)) {}
  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return 0; }
  size_t getCharPositionInLine() override { return 0; }
  antlr4::CharStream *getInputStream() override { return nullptr; }
  std::string getSourceName() override { return name_; }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

private:
  std::string name_;
};

class TokenBuffer final : public antlr4::TokenStream {
public:
  /// Called with each hidden or error-channel token, and once with the EOF
  /// token, as lexing reaches them.
  using OffChannel = std::function<void(const LexToken &)>;

  /// Tokens of `src` from byte `begin` on (see Scanner); offsets stay
  /// offsets into `src`.
  TokenBuffer(llvm::StringRef src, std::string name, OffChannel offChannel = {},
              uint32_t begin = 0)
      : src_(src), source_(std::move(name)), scanner_(src, begin),
        offChannel_(std::move(offChannel)) {}

  /// Tokens lexed so far (all of them once the EOF token was lexed).
  size_t count() const { return count_; }
  /// Token `i`; it must have been lexed and not released.
  const PooledToken &at(size_t i) const { return chunks_[i >> kShift][i & kMask]; }
  /// The parts of STR_LIT token `t` (of this buffer, not released), between
  /// its quotes, in source order.
  llvm::ArrayRef<LexToken> partsOf(const PooledToken &t) const {
    return llvm::ArrayRef<LexToken>(parts_).slice(t.partBegin() - partsBase_, t.partCount());
  }
  /// Off: every string reaches the parser part by part (the reference the
  /// STR_LIT path is tested against). Set before the first token is lexed.
  void setMergeStrings(bool on) { merge_ = on; }
  llvm::StringRef source() const { return src_; }
  /// Lexes the whole rest of the buffer.
  void fillAll() const { fillTo(static_cast<size_t>(-1)); }
  /// Releases the tokens before index `i` (whole chunks, whose storage is
  /// reused for later tokens); the parser must hold no tree or mark
  /// reaching back there.
  void releaseBefore(size_t i);
  /// The STR_OPEN of a string that the end of the buffer left open (valid
  /// once the EOF token was lexed).
  const LexToken *unclosedString() const { return inString_ ? &openString_ : nullptr; }
  /// 1-based line and 0-based byte column of a byte offset (error paths only).
  std::pair<size_t, size_t> lineAndColumn(uint32_t offset) const;

  // antlr4::TokenStream
  antlr4::Token *LT(ssize_t k) override;
  antlr4::Token *get(size_t index) const override;
  antlr4::TokenSource *getTokenSource() const override {
    return const_cast<BufferSource *>(&source_);
  }
  std::string getText(const antlr4::misc::Interval &interval) override;
  std::string getText() override;
  std::string getText(antlr4::RuleContext *ctx) override;
  std::string getText(antlr4::Token *start, antlr4::Token *stop) override;

  // antlr4::IntStream
  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return 0; }
  void release(ssize_t) override {}
  size_t index() override { return p_; }
  void seek(size_t index) override;
  size_t size() override {
    fillAll();
    return count_;
  }
  std::string getSourceName() const override {
    return const_cast<BufferSource &>(source_).getSourceName();
  }

private:
  static constexpr size_t kShift = 12, kChunk = size_t(1) << kShift, kMask = kChunk - 1;

  /// Lexes until token `i` exists or the EOF token was lexed.
  void fillTo(size_t i) const {
    if (i >= count_ && !eof_)
      fillSlow(i);
  }
  void fillSlow(size_t i) const;
  /// Appends `t` as the next token; with `partCount`, a STR_LIT token whose
  /// parts are the last `partCount` in parts_.
  void push(const LexToken &t, uint32_t partCount = 0) const;
  /// Lexes the string that `open` (its STR_OPEN) begins, and appends it as
  /// one STR_LIT token when it is well formed, else part by part.
  void lexStringLiteral(const LexToken &open) const;
  /// Calls offChannel_ with a kControlChar pseudo-token for each control
  /// character in the string text `t` (the checker warns about them).
  void reportControlChars(const LexToken &t) const;
  /// Token `i`, or the EOF token past the end (lexes as needed).
  const PooledToken &tokenAt(size_t i) const {
    fillTo(i);
    return at(i < count_ ? i : count_ - 1);
  }

  llvm::StringRef src_;
  BufferSource source_;
  // Lexing state: filled lazily from const accessors (ANTLR's get() is const).
  mutable Scanner scanner_;
  OffChannel offChannel_;
  // Each chunk is reserved to kChunk tokens up front, so it never moves;
  // released chunks are empty and their storage waits in spare_ for reuse
  // (freeing and reallocating 128 KB blocks costs malloc consolidations).
  mutable std::vector<std::vector<PooledToken>> chunks_;
  mutable std::vector<std::vector<PooledToken>> spare_;
  // The parts of STR_LIT tokens; parts_[0] is part number partsBase_.
  // Trimmed with the tokens (releaseBefore).
  mutable std::vector<LexToken> parts_;
  uint32_t partsBase_ = 0;
  bool merge_ = true;
  mutable size_t count_ = 0;
  mutable bool eof_ = false;
  mutable bool inString_ = false;
  mutable LexToken openString_;
  size_t released_ = 0; // chunks freed so far
  size_t p_ = 0;
  mutable std::vector<uint32_t> lineStarts_; // built on first use
};

} // namespace callflow::parse
