// compareLexers: FlowLexer (ANTLR, code-point positions) against Scanner
// (byte offsets), token by token.
#include "lex_compare.h"

#include <vector>

#include "FlowLexer.h"
#include "antlr4-runtime.h"
#include "parse/scanner.h"

namespace callflow::testing {

namespace {

/// The code points of `src` as ANTLR's stream (ANTLRInputStream's own
/// decoding would drop a leading BOM, which the flow lexer treats as white
/// space).
class CodePointStream : public antlr4::ANTLRInputStream {
public:
  explicit CodePointStream(llvm::StringRef src) {
    _data.clear();
    for (size_t i = 0; i < src.size();) {
      auto c = static_cast<unsigned char>(src[i]);
      size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      char32_t cp = len == 1 ? c : c & (0x7F >> len);
      for (size_t k = 1; k < len && i + k < src.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(src[i + k]) & 0x3F);
      _data.push_back(cp);
      i += len;
    }
    p = 0;
  }
};

struct Tok {
  size_t type, channel, start, end; // byte offsets, end exclusive
  std::string text;
};

std::string show(const Tok &t, const antlr4::dfa::Vocabulary &vocab) {
  std::string name = t.type == antlr4::Token::EOF ? "EOF" : vocab.getSymbolicName(t.type);
  return name + " ch" + std::to_string(t.channel) + " [" + std::to_string(t.start) + "," +
         std::to_string(t.end) + ") '" + t.text + "'";
}

} // namespace

LexComparison compareLexers(llvm::StringRef src) {
  // Code-point index -> byte offset, for the reference lexer's positions.
  std::vector<size_t> byteOf;
  for (size_t i = 0; i < src.size(); ++i)
    if ((static_cast<unsigned char>(src[i]) & 0xC0) != 0x80)
      byteOf.push_back(i);
  byteOf.push_back(src.size());
  auto toByte = [&](size_t cp) { return cp < byteOf.size() ? byteOf[cp] : src.size(); };

  CodePointStream input(src);
  callflow_antlr::FlowLexer lexer(&input);
  lexer.removeErrorListeners();
  parse::Scanner scanner(src);
  LexComparison result;
  for (;;) {
    std::unique_ptr<antlr4::Token> r = lexer.nextToken();
    Tok ref{r->getType(), r->getChannel(), toByte(r->getStartIndex()),
            toByte(r->getStopIndex() + 1), ""};
    if (r->getType() == antlr4::Token::EOF)
      ref.end = ref.start;
    else
      ref.text = r->getText();
    parse::LexToken m = scanner.next();
    Tok mine{m.isEof() ? antlr4::Token::EOF : m.type, m.channel, m.start, m.end,
             m.isEof() ? "" : src.substr(m.start, m.end - m.start).str()};
    ++result.tokens;
    if (ref.type != mine.type || ref.channel != mine.channel || ref.start != mine.start ||
        ref.end != mine.end || ref.text != mine.text) {
      result.error = "token " + std::to_string(result.tokens - 1) + ": FlowLexer " +
                     show(ref, lexer.getVocabulary()) + ", Scanner " +
                     show(mine, lexer.getVocabulary());
      return result;
    }
    if (ref.type == antlr4::Token::EOF)
      return result;
  }
}

} // namespace callflow::testing
