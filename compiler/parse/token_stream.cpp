// TokenBuffer, PooledToken and BufferSource: the hand-written lexer's tokens
// served to the ANTLR parser (see token_stream.h).
#include "parse/token_stream.h"

#include "parse/bytes8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "FlowLexer.h"

namespace callflow::parse {

using L = callflow_antlr::FlowLexer;

std::string PooledToken::getText() const {
  if (type_ == LexToken::kEof)
    return "<EOF>";
  return owner_->source().substr(start_, end_ - start_).str();
}

size_t PooledToken::getLine() const { return owner_->lineAndColumn(start_).first; }

size_t PooledToken::getCharPositionInLine() const {
  return owner_->lineAndColumn(start_).second;
}

antlr4::TokenSource *PooledToken::getTokenSource() const { return owner_->getTokenSource(); }

std::string PooledToken::toString() const {
  return "[@" + std::to_string(index_) + "," + std::to_string(start_) + ":" +
         std::to_string(getStopIndex()) + "='" + getText() + "',<" + std::to_string(getType()) +
         ">]";
}

std::unique_ptr<antlr4::Token> BufferSource::nextToken() {
  // The tokens live in the TokenBuffer; nothing pulls them from here.
  return std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF);
}

void TokenBuffer::reportControlChars(const LexToken &t) const {
  const auto *s = reinterpret_cast<const unsigned char *>(src_.data());
  for (uint32_t k = t.start; k < t.end; ++k) {
    // Eight bytes at a time while none is below 0x20, 0x7F or 0xC2.
    for (; uint64_t(k) + 8 <= t.end; k += 8) {
      const uint64_t v = bytes8::load(s + k);
      if (bytes8::anyBelow(v, 0x20) || bytes8::anyIs(v, 0x7F) || bytes8::anyIs(v, 0xC2))
        break;
    }
    if (k >= t.end)
      break;
    const unsigned char c = s[k];
    uint32_t len = 0;
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
      len = 1;
    else if (c == 0xC2 && k + 1 < t.end && s[k + 1] >= 0x80 && s[k + 1] <= 0x9F)
      len = 2; // U+0080-U+009F (C1 controls)
    if (len)
      offChannel_(LexToken{k, k + len, LexToken::kControlChar, LexToken::kHidden});
  }
}

void TokenBuffer::fillSlow(size_t i) const {
  while (i >= count_ && !eof_) {
    LexToken t = scanner_.next();
    if (t.channel != LexToken::kDefault) {
      if (offChannel_)
        offChannel_(t);
      continue;
    }
    if (t.type == L::STR_OPEN && merge_) {
      lexStringLiteral(t);
      continue;
    }
    if (t.type == L::STR_TEXT && offChannel_)
      reportControlChars(t);
    push(t);
  }
}

void TokenBuffer::lexStringLiteral(const LexToken &open) const {
  // Where the parts seen so far stand in `text : STR_OPEN textPart*
  // STR_CLOSE`, a placeholder being `{name (. name)*}` or `{price INT}`.
  enum class At : uint8_t { Text, AfterName, AfterDot, AfterPrice, AfterPriceCode };
  At at = At::Text;
  const size_t first = parts_.size();
  bool whole = false;
  for (bool more = true; more;) {
    parts_.push_back(scanner_.next());
    const LexToken &t = parts_.back();
    more = false;
    if (t.channel != LexToken::kDefault)
      break;
    switch (at) {
    case At::Text:
      more = true;
      if (t.type == L::STR_TEXT) {
        if (offChannel_)
          reportControlChars(t);
      } else if (t.type == L::PH_OPEN) {
        at = At::AfterName;
      } else if (t.type == L::PH_PRICE_OPEN) {
        at = At::AfterPrice;
      } else if (t.type == L::STR_CLOSE) {
        whole = true;
        more = false;
      } else {
        more = t.type == L::STR_ESCAPE || t.type == L::STR_QUANT || t.type == L::STR_RBRACE;
      }
      break;
    case At::AfterPrice:
      if (t.type == L::PH_INT) {
        at = At::AfterPriceCode;
        more = true;
        break;
      }
      [[fallthrough]]; // `{price}` and `{price.x}` name a variable
    case At::AfterName:
      more = t.type == L::PH_DOT || t.type == L::PH_CLOSE;
      at = t.type == L::PH_DOT ? At::AfterDot : At::Text;
      break;
    case At::AfterDot:
      more = t.type == L::PH_NAME;
      at = At::AfterName;
      break;
    case At::AfterPriceCode:
      more = t.type == L::PH_CLOSE;
      at = At::Text;
      break;
    }
  }
  if (whole) {
    const LexToken close = parts_.back();
    parts_.pop_back();
    push(LexToken{open.start, close.end, static_cast<uint16_t>(L::STR_LIT), LexToken::kDefault},
         static_cast<uint32_t>(parts_.size() - first));
    return;
  }
  // Not a well-formed string: its parts go to the parser as lexed (the
  // text runs' control characters were reported above).
  std::vector<LexToken> lexed(parts_.begin() + static_cast<ptrdiff_t>(first), parts_.end());
  parts_.resize(first);
  push(open);
  for (const LexToken &t : lexed) {
    if (t.channel == LexToken::kDefault)
      push(t);
    else if (offChannel_)
      offChannel_(t);
  }
}

void TokenBuffer::push(const LexToken &t, uint32_t partCount) const {
  if (t.type == L::STR_OPEN) {
    inString_ = true;
    openString_ = t;
  } else if (t.type == L::STR_CLOSE) {
    inString_ = false;
  }
  if ((count_ & kMask) == 0) {
    if (spare_.empty()) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunk);
    } else { // reuse a released chunk's storage
      chunks_.push_back(std::move(spare_.back()));
      spare_.pop_back();
    }
  }
  const auto partEnd = static_cast<uint32_t>(partsBase_ + parts_.size());
  chunks_.back().emplace_back(this, t, static_cast<uint32_t>(count_), partEnd - partCount,
                              partCount);
  ++count_;
  if (t.isEof()) {
    eof_ = true;
    if (offChannel_)
      offChannel_(t);
  }
}

void TokenBuffer::releaseBefore(size_t i) {
  // Keep the chunk holding the last token lexed (it is being filled).
  size_t upTo = std::min(i >> kShift, count_ == 0 ? 0 : (count_ - 1) >> kShift);
  for (; released_ < upTo; ++released_) {
    chunks_[released_].clear();
    spare_.push_back(std::move(chunks_[released_]));
  }
  // The parts of tokens before `i` are not needed either; drop them once
  // they are most of the store (each part is moved at most once on average).
  const size_t keep = (i < count_ ? at(i).partBegin() : partsBase_ + parts_.size()) - partsBase_;
  if (keep >= 4096 && 2 * keep >= parts_.size()) {
    parts_.erase(parts_.begin(), parts_.begin() + static_cast<ptrdiff_t>(keep));
    partsBase_ += static_cast<uint32_t>(keep);
  }
}

void TokenBuffer::seek(size_t index) {
  fillTo(index);
  p_ = index < count_ ? index : count_ - 1;
}

std::pair<size_t, size_t> TokenBuffer::lineAndColumn(uint32_t offset) const {
  if (lineStarts_.empty()) {
    lineStarts_.push_back(0);
    for (size_t i = 0; i < src_.size(); ++i)
      if (src_[i] == '\n')
        lineStarts_.push_back(static_cast<uint32_t>(i + 1));
  }
  auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  size_t line = static_cast<size_t>(it - lineStarts_.begin());
  return {line, offset - *std::prev(it)};
}

antlr4::Token *TokenBuffer::LT(ssize_t k) {
  if (k > 0)
    return const_cast<PooledToken *>(&tokenAt(p_ + static_cast<size_t>(k) - 1));
  if (k == 0 || static_cast<size_t>(-k) > p_)
    return nullptr;
  return get(p_ - static_cast<size_t>(-k));
}

antlr4::Token *TokenBuffer::get(size_t index) const {
  fillTo(index);
  if (index >= count_ || (index >> kShift) < released_)
    throw antlr4::IndexOutOfBoundsException("token index " + std::to_string(index) +
                                            " out of range 0.." + std::to_string(count_));
  return const_cast<PooledToken *>(&at(index));
}

size_t TokenBuffer::LA(ssize_t i) {
  if (i > 0)
    return tokenAt(p_ + static_cast<size_t>(i) - 1).getType();
  antlr4::Token *t = LT(i);
  return t ? t->getType() : antlr4::Token::INVALID_TYPE;
}

void TokenBuffer::consume() {
  if (tokenAt(p_).getType() == antlr4::Token::EOF)
    throw antlr4::IllegalStateException("cannot consume EOF");
  ++p_;
}

std::string TokenBuffer::getText(const antlr4::misc::Interval &interval) {
  if (interval.a < 0 || interval.b < 0)
    return "";
  fillTo(static_cast<size_t>(interval.b));
  size_t stop = std::min(static_cast<size_t>(interval.b), count_ - 1);
  std::string s;
  // Released tokens are gone; their text is not needed by anyone.
  size_t from = std::max(static_cast<size_t>(interval.a), released_ << kShift);
  for (size_t i = from; i <= stop; ++i) {
    const PooledToken &t = at(i);
    if (t.getType() == antlr4::Token::EOF)
      break;
    s += src_.substr(t.startOffset(), t.endOffset() - t.startOffset()).str();
  }
  return s;
}

std::string TokenBuffer::getText() {
  fillAll();
  return getText(antlr4::misc::Interval(0, static_cast<ssize_t>(count_) - 1));
}

std::string TokenBuffer::getText(antlr4::RuleContext *ctx) {
  return getText(ctx->getSourceInterval());
}

std::string TokenBuffer::getText(antlr4::Token *start, antlr4::Token *stop) {
  if (!start || !stop)
    return "";
  return getText(antlr4::misc::Interval(start->getTokenIndex(), stop->getTokenIndex()));
}

} // namespace callflow::parse
