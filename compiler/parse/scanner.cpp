// The hand-written lexer (see scanner.h). Each function mirrors one mode of
// grammar/FlowLexer.g4; the comments name the rules. Where several rules
// match, ANTLR takes the longest match and, on a tie, the rule listed first;
// the code below resolves each such case the same way.
#include "parse/scanner.h"

#include "parse/bytes8.h"

#include <cstdint>
#include <cstring>

#include "FlowLexer.h"

namespace callflow::parse {

using L = callflow_antlr::FlowLexer;

namespace {

constexpr bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool isNameStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr bool isNameChar(unsigned char c) { return isNameStart(c) || isDigit(c); }

struct CharTable {
  bool nameChar[256] = {};
  bool strText[256] = {}; // STR_TEXT : ~["\\{}]+
  constexpr CharTable() {
    for (int c = 0; c < 256; ++c) {
      nameChar[c] = isNameChar(static_cast<unsigned char>(c));
      strText[c] = c != '"' && c != '\\' && c != '{' && c != '}';
    }
  }
};
constexpr CharTable kChars;

} // namespace

unsigned keywordOrId(llvm::StringRef s) {
  struct Kw {
    const char *text;
    unsigned type;
  };
  auto pick = [&](std::initializer_list<Kw> kws) -> unsigned {
    for (const Kw &k : kws)
      if (std::memcmp(k.text, s.data(), s.size()) == 0)
        return k.type;
    return L::ID;
  };
  switch (s.size()) {
  case 2:
    return pick({{"by", L::BY}, {"do", L::DO}, {"in", L::IN}, {"if", L::IF}, {"or", L::OR},
                 {"is", L::IS}, {"as", L::AS}, {"of", L::OF}});
  case 3:
    return pick({{"var", L::VAR}, {"say", L::SAY}, {"ask", L::ASK}, {"set", L::SET},
                 {"end", L::END}, {"and", L::AND}, {"not", L::NOT}, {"key", L::KEY},
                 {"now", L::NOW}, {"day", L::DAY}});
  case 4:
    return pick({{"flow", L::FLOW}, {"enum", L::ENUM}, {"form", L::FORM}, {"step", L::STEP},
                 {"rule", L::RULE}, {"when", L::WHEN}, {"auto", L::AUTO}, {"note", L::NOTE},
                 {"else", L::ELSE}, {"goto", L::GOTO}, {"take", L::TAKE}, {"true", L::TRUE},
                 {"days", L::DAYS}, {"year", L::YEAR}});
  case 5:
    return pick({{"start", L::START}, {"input", L::INPUT}, {"false", L::FALSE},
                 {"price", L::PRICE}, {"today", L::TODAY}, {"month", L::MONTH},
                 {"years", L::YEARS}});
  case 6:
    return pick({{"import", L::IMPORT}, {"unused", L::UNUSED}, {"create", L::CREATE},
                 {"charge", L::CHARGE}, {"months", L::MONTHS}});
  case 7:
    return pick({{"catalog", L::CATALOG}, {"section", L::SECTION}, {"matches", L::MATCHES},
                 {"suggest", L::SUGGEST}, {"invoice", L::INVOICE}, {"payment", L::PAYMENT},
                 {"monthly", L::MONTHLY}, {"charges", L::CHARGES}});
  case 8:
    return pick({{"required", L::REQUIRED}, {"optional", L::OPTIONAL},
                 {"complete", L::COMPLETE}, {"transfer", L::TRANSFER}});
  case 9:
    return pick({{"sensitive", L::SENSITIVE}});
  default:
    return L::ID;
  }
}

Scanner::Scanner(llvm::StringRef src, uint32_t begin)
    : s_(reinterpret_cast<const unsigned char *>(src.data())),
      size_(static_cast<uint32_t>(src.size() < kMaxSize ? src.size() : kMaxSize)),
      pos_(begin < size_ ? begin : size_) {}

uint32_t Scanner::nameEnd(uint32_t p) const {
  for (;;) {
    while (p < size_ && kChars.nameChar[s_[p]])
      ++p;
    // A '-' belongs to the name only when a NAME_CHAR follows it.
    if (at(p) == '-' && kChars.nameChar[at(p + 1)])
      p += 2;
    else
      return p;
  }
}

uint32_t Scanner::charLen(uint32_t p) const {
  unsigned char c = s_[p];
  uint32_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return p + n <= size_ ? n : size_ - p;
}

LexToken Scanner::next() {
  for (;;) {
    uint32_t p = pos_;
    if (p >= size_)
      return LexToken{size_, size_, LexToken::kEof, LexToken::kDefault};
    switch (mode_) {
    case Mode::Default: {
      // WS : [ \t\r\n\f\u000B\uFEFF]+ -> skip
      unsigned char c = s_[p];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
          (c == 0xEF && at(p + 1) == 0xBB && at(p + 2) == 0xBF)) {
        for (;;) {
          c = at(p);
          if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            ++p;
          else if (c == 0xEF && at(p + 1) == 0xBB && at(p + 2) == 0xBF)
            p += 3;
          else
            break;
        }
        pos_ = p;
        continue;
      }
      return lexDefault(p);
    }
    case Mode::String:
      return lexString(p);
    case Mode::Placeholder: {
      // PH_WS : [ \t]+ -> skip
      if (s_[p] == ' ' || s_[p] == '\t') {
        while (at(p) == ' ' || at(p) == '\t')
          ++p;
        pos_ = p;
        continue;
      }
      return lexPlaceholder(p);
    }
    }
  }
}

LexToken Scanner::lexDefault(uint32_t p) {
  unsigned char c = s_[p];
  if (isNameStart(c)) {
    // ID, or a keyword when the whole ID spells one (same length: the
    // keyword rule comes first).
    uint32_t e = nameEnd(p + 1);
    llvm::StringRef text(reinterpret_cast<const char *>(s_ + p), e - p);
    return make(p, e, keywordOrId(text));
  }
  if (isDigit(c)) {
    // DATE : DIGIT{4} '-' DIGIT{2} '-' DIGIT{2} ;  TIME : DIGIT DIGIT? ':'
    // DIGIT DIGIT ;  DECIMAL : DIGIT+ '.' DIGIT+ ;  INT : DIGIT+ (the
    // longest match: a DATE or TIME is longer than the INT inside it).
    uint32_t e = p + 1;
    while (isDigit(at(e)))
      ++e;
    if (e - p == 4 && at(e) == '-' && isDigit(at(e + 1)) && isDigit(at(e + 2)) && at(e + 3) == '-' &&
        isDigit(at(e + 4)) && isDigit(at(e + 5)))
      return make(p, e + 6, L::DATE);
    if (e - p <= 2 && at(e) == ':' && isDigit(at(e + 1)) && isDigit(at(e + 2)))
      return make(p, e + 3, L::TIME);
    if (at(e) == '.' && isDigit(at(e + 1))) {
      e += 2;
      while (isDigit(at(e)))
        ++e;
      return make(p, e, L::DECIMAL);
    }
    return make(p, e, L::INT);
  }
  unsigned char d = at(p + 1);
  switch (c) {
  case '"':
    mode_ = Mode::String;
    return make(p, p + 1, L::STR_OPEN);
  case '-':
    return d == '>' ? make(p, p + 2, L::ARROW) : make(p, p + 1, L::MINUS);
  case '+':
    return make(p, p + 1, L::PLUS);
  case '*':
    return make(p, p + 1, L::STAR);
  case '=':
    return d == '=' ? make(p, p + 2, L::EQ) : make(p, p + 1, L::ASSIGN);
  case '!':
    if (d == '=')
      return make(p, p + 2, L::NE);
    break;
  case '<':
    return d == '=' ? make(p, p + 2, L::LE) : make(p, p + 1, L::LT);
  case '>':
    return d == '=' ? make(p, p + 2, L::GE) : make(p, p + 1, L::GT);
  case '{':
    return make(p, p + 1, L::LBRACE);
  case '}':
    return make(p, p + 1, L::RBRACE);
  case '(':
    return make(p, p + 1, L::LPAREN);
  case ')':
    return make(p, p + 1, L::RPAREN);
  case ':':
    return make(p, p + 1, L::COLON);
  case ',':
    return make(p, p + 1, L::COMMA);
  case '.':
    return make(p, p + 1, L::DOT);
  case '@':
    return make(p, p + 1, L::AT);
  case '%':
    return make(p, p + 1, L::PERCENT);
  case '/':
    if (d == '/') {
      // LINE_COMMENT : '//' ~[\r\n]*
      const void *lf = std::memchr(s_ + p, '\n', size_ - p);
      uint32_t e = lf ? static_cast<uint32_t>(static_cast<const unsigned char *>(lf) - s_) : size_;
      if (const void *cr = std::memchr(s_ + p, '\r', e - p))
        e = static_cast<uint32_t>(static_cast<const unsigned char *>(cr) - s_);
      return make(p, e, L::LINE_COMMENT, LexToken::kHidden);
    }
    if (d == '*') {
      // BLOCK_COMMENT : '/*' .*? '*/' ; without a closing `*/`, the rest
      // of the file is UNTERMINATED_COMMENT.
      llvm::StringRef rest(reinterpret_cast<const char *>(s_ + p + 2), size_ - p - 2);
      size_t close = rest.find("*/");
      if (close != llvm::StringRef::npos)
        return make(p, p + 2 + static_cast<uint32_t>(close) + 2, L::BLOCK_COMMENT,
                    LexToken::kHidden);
      return make(p, size_, L::UNTERMINATED_COMMENT, LexToken::kHidden);
    }
    return make(p, p + 1, L::SLASH);
  default:
    break;
  }
  // ERROR_CHAR : . -> channel(ERRORS)
  return make(p, p + charLen(p), L::ERROR_CHAR, LexToken::kErrors);
}

LexToken Scanner::lexString(uint32_t p) {
  unsigned char c = s_[p];
  switch (c) {
  case '"':
    mode_ = Mode::Default;
    return make(p, p + 1, L::STR_CLOSE);
  case '\\': {
    // STR_ESCAPE : '\\' ["\\nt{}] ;  STR_BAD_ESCAPE : '\\' .?
    if (p + 1 >= size_)
      return make(p, p + 1, L::STR_BAD_ESCAPE);
    unsigned char d = s_[p + 1];
    if (d == '"' || d == '\\' || d == 'n' || d == 't' || d == '{' || d == '}')
      return make(p, p + 2, L::STR_ESCAPE);
    return make(p, p + 1 + charLen(p + 1), L::STR_BAD_ESCAPE);
  }
  case '{': {
    // STR_QUANT : '{' DIGIT+ (',' DIGIT*)? '}'
    uint32_t e = p + 1;
    if (isDigit(at(e))) {
      while (isDigit(at(e)))
        ++e;
      if (at(e) == ',') {
        ++e;
        while (isDigit(at(e)))
          ++e;
      }
      if (at(e) == '}')
        return make(p, e + 1, L::STR_QUANT);
      return make(p, p + 1, L::STR_BAD_BRACE);
    }
    // PH_PRICE_OPEN : '{' [ \t]* 'price' ;  PH_OPEN : '{' [ \t]* NAME
    while (at(e) == ' ' || at(e) == '\t')
      ++e;
    if (!isNameStart(at(e)))
      return make(p, p + 1, L::STR_BAD_BRACE);
    uint32_t nameStart = e;
    e = nameEnd(e + 1);
    mode_ = Mode::Placeholder;
    bool price = e - nameStart == 5 && std::memcmp(s_ + nameStart, "price", 5) == 0;
    return make(p, e, price ? L::PH_PRICE_OPEN : L::PH_OPEN);
  }
  case '}':
    return make(p, p + 1, L::STR_RBRACE);
  default: {
    // A line's text runs for tens of bytes between its placeholders: eight
    // at a time while none of them ends the run, then byte by byte.
    uint32_t e = p + 1;
    for (; uint64_t(e) + 8 <= size_; e += 8) {
      const uint64_t v = bytes8::load(s_ + e);
      if (bytes8::anyIs(v, '"') || bytes8::anyIs(v, '\\') || bytes8::anyIs(v, '{') || bytes8::anyIs(v, '}'))
        break;
    }
    while (e < size_ && kChars.strText[s_[e]])
      ++e;
    return make(p, e, L::STR_TEXT);
  }
  }
}

LexToken Scanner::lexPlaceholder(uint32_t p) {
  unsigned char c = s_[p];
  if (isDigit(c)) {
    uint32_t e = p + 1;
    while (isDigit(at(e)))
      ++e;
    return make(p, e, L::PH_INT);
  }
  if (isNameStart(c))
    return make(p, nameEnd(p + 1), L::PH_NAME);
  switch (c) {
  case '}':
    mode_ = Mode::String;
    return make(p, p + 1, L::PH_CLOSE);
  case '.':
    return make(p, p + 1, L::PH_DOT);
  case '"':
    // PH_QUOTE : '"' -> type(STR_CLOSE), mode(DEFAULT_MODE)
    mode_ = Mode::Default;
    return make(p, p + 1, L::STR_CLOSE);
  default:
    return make(p, p + charLen(p), L::PH_BAD);
  }
}

} // namespace callflow::parse
