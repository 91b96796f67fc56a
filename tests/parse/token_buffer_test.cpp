// TokenBuffer's string literals: a string the grammar accepts part by part
// as it is reaches the parser as one STR_LIT token with its parts kept; any
// other string reaches it part by part, exactly as lexed; control
// characters are reported once either way; parts outlive the release of
// earlier tokens (the parse of a large file releases them per declaration).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "FlowLexer.h"
#include "parse/token_stream.h"

using callflow::parse::LexToken;
using callflow::parse::PooledToken;
using callflow::parse::TokenBuffer;
using L = callflow_antlr::FlowLexer;

namespace {

/// Every default-channel token of `src` as "TYPE:text", and after a STR_LIT
/// its parts in brackets; `merge` as TokenBuffer::setMergeStrings.
std::string tokens(const std::string &src, bool merge = true,
                   std::vector<std::string> *offChannel = nullptr) {
  antlr4::ANTLRInputStream none("");
  callflow_antlr::FlowLexer lexer(&none);
  const antlr4::dfa::Vocabulary &vocab = lexer.getVocabulary();
  TokenBuffer buf(src, "t.flow", [&](const LexToken &t) {
    if (offChannel && !t.isEof())
      offChannel->push_back(std::to_string(t.start) + "-" + std::to_string(t.end));
  });
  buf.setMergeStrings(merge);
  std::string out;
  for (size_t i = 0;; ++i) {
    const auto &t = static_cast<const PooledToken &>(*buf.get(i));
    if (t.getType() == antlr4::Token::EOF)
      break;
    if (!out.empty())
      out += ' ';
    out += vocab.getSymbolicName(t.getType()) + ":" + t.getText();
    if (t.getType() == L::STR_LIT) {
      out += '[';
      for (const LexToken &p : buf.partsOf(t))
        out += vocab.getSymbolicName(p.type) + ":" +
               src.substr(p.start, p.end - p.start) + (&p == &buf.partsOf(t).back() ? "" : " ");
      out += ']';
    } else {
      EXPECT_EQ(t.partCount(), 0u);
    }
  }
  return out;
}

TEST(TokenBuffer, AWellFormedStringIsOneTokenWithItsParts) {
  EXPECT_EQ(tokens(R"(say "Hi {name}, {T.a.b}: {price 320} {price} {price.x} {2,} } \n")"),
            "SAY:say STR_LIT:\"Hi {name}, {T.a.b}: {price 320} {price} {price.x} {2,} } \\n\"["
            "STR_TEXT:Hi  PH_OPEN:{name PH_CLOSE:} STR_TEXT:,  PH_OPEN:{T PH_DOT:. PH_NAME:a "
            "PH_DOT:. PH_NAME:b PH_CLOSE:} STR_TEXT::  PH_PRICE_OPEN:{price PH_INT:320 PH_CLOSE:} "
            "STR_TEXT:  PH_PRICE_OPEN:{price PH_CLOSE:} STR_TEXT:  PH_PRICE_OPEN:{price PH_DOT:. "
            "PH_NAME:x PH_CLOSE:} STR_TEXT:  STR_QUANT:{2,} STR_TEXT:  STR_RBRACE:} STR_TEXT:  "
            "STR_ESCAPE:\\n]");
  // Blanks inside a placeholder are skipped, as the lexer skips them.
  EXPECT_EQ(tokens("\"{ a . b }\""),
            "STR_LIT:\"{ a . b }\"[PH_OPEN:{ a PH_DOT:. PH_NAME:b PH_CLOSE:}]");
  EXPECT_EQ(tokens("\"\""), "STR_LIT:\"\"[]");
}

TEST(TokenBuffer, AnyOtherStringArrivesPartByPart) {
  // A bad escape or brace (reported by the builder), a placeholder the
  // grammar rejects, an unterminated string.
  EXPECT_EQ(tokens(R"("a\qb")"),
            "STR_OPEN:\" STR_TEXT:a STR_BAD_ESCAPE:\\q STR_TEXT:b STR_CLOSE:\"");
  EXPECT_EQ(tokens("\"{ \" x"), "STR_OPEN:\" STR_BAD_BRACE:{ STR_TEXT:  STR_CLOSE:\" ID:x");
  EXPECT_EQ(tokens("\"{a\" x"), "STR_OPEN:\" PH_OPEN:{a STR_CLOSE:\" ID:x");
  EXPECT_EQ(tokens("\"{a.}\""), "STR_OPEN:\" PH_OPEN:{a PH_DOT:. PH_CLOSE:} STR_CLOSE:\"");
  EXPECT_EQ(tokens("\"{price 3.x}\""),
            "STR_OPEN:\" PH_PRICE_OPEN:{price PH_INT:3 PH_DOT:. PH_NAME:x PH_CLOSE:} STR_CLOSE:\"");
  EXPECT_EQ(tokens("\"{a 7}\""), "STR_OPEN:\" PH_OPEN:{a PH_INT:7 PH_CLOSE:} STR_CLOSE:\"");
  EXPECT_EQ(tokens("\"{a!}\""), "STR_OPEN:\" PH_OPEN:{a PH_BAD:! PH_CLOSE:} STR_CLOSE:\"");
  TokenBuffer open("say \"abc", "t.flow");
  open.fillAll();
  EXPECT_EQ(open.count(), 4u); // say, STR_OPEN, STR_TEXT, EOF
  ASSERT_NE(open.unclosedString(), nullptr);
  EXPECT_EQ(open.unclosedString()->start, 4u);
  // A well-formed string before and after a bad one still merges.
  EXPECT_EQ(tokens(R"("x" "\q" "y")"),
            "STR_LIT:\"x\"[STR_TEXT:x] STR_OPEN:\" STR_BAD_ESCAPE:\\q STR_CLOSE:\" "
            "STR_LIT:\"y\"[STR_TEXT:y]");
}

TEST(TokenBuffer, MergingOffGivesTheLexersTokens) {
  EXPECT_EQ(tokens("say \"a {b}\"", /*merge=*/false),
            "SAY:say STR_OPEN:\" STR_TEXT:a  PH_OPEN:{b PH_CLOSE:} STR_CLOSE:\"");
}

TEST(TokenBuffer, ControlCharactersAreReportedOnceInOrder) {
  // U+0001 in a merged string, U+0002 in one that is not, U+0085 (C1).
  const std::string src = "\"a\x01\" \"\\q\x02\" \"\xC2\x85\" // c";
  for (bool merge : {true, false}) {
    std::vector<std::string> seen;
    tokens(src, merge, &seen);
    EXPECT_EQ(seen, (std::vector<std::string>{"2-3", "8-9", "12-14", "16-20"})) << merge;
  }
}

TEST(TokenBuffer, PartsOutliveTheReleaseOfEarlierTokens) {
  // Strings of three to five parts; tokens released behind the reader as
  // the parser does after each declaration.
  std::string src;
  for (int i = 0; i < 20000; ++i)
    src += "say \"n" + std::to_string(i) + " {v" + std::to_string(i % 7) + "}" +
           (i % 3 ? " {price 1}" : "") + "\"\n";
  TokenBuffer buf(src, "t.flow");
  size_t strings = 0;
  for (size_t i = 0; buf.LA(1) != antlr4::Token::EOF; ++i) {
    const auto &t = static_cast<const PooledToken &>(*buf.LT(1));
    if (t.getType() == L::STR_LIT) {
      llvm::ArrayRef<LexToken> parts = buf.partsOf(t);
      ASSERT_EQ(parts.size(), strings % 3 ? 7u : 3u) << strings;
      EXPECT_EQ(src.substr(parts[0].start, parts[0].end - parts[0].start),
                "n" + std::to_string(strings) + " ");
      EXPECT_EQ(src.substr(parts[1].start, parts[1].end - parts[1].start),
                "{v" + std::to_string(strings % 7));
      ++strings;
    }
    buf.consume();
    if (i % 101 == 0)
      buf.releaseBefore(buf.index());
  }
  EXPECT_EQ(strings, 20000u);
}

} // namespace
