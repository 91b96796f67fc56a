// The hand-written Scanner against the ANTLR-generated FlowLexer (the
// reference): identical token streams on every .flow file of the repository,
// on a generated flow, on each error token, and on random inputs.
#include <gtest/gtest.h>

#include <random>

#include "FlowLexer.h"
#include "lex_compare.h"
#include "parse/scanner.h"
#include "parse/source_map.h"
#include "parse_test_util.h"

using callflow::parse::LexToken;
using callflow::parse::Scanner;
using callflow::testing::compareLexers;
using L = callflow_antlr::FlowLexer;

namespace {

std::vector<unsigned> scannerTypes(llvm::StringRef src) {
  Scanner s(src);
  std::vector<unsigned> types;
  for (LexToken t = s.next(); !t.isEof(); t = s.next())
    types.push_back(t.type);
  return types;
}

bool contains(const std::vector<unsigned> &v, unsigned t) {
  return std::find(v.begin(), v.end(), t) != v.end();
}

TEST(LexerEquiv, EveryFlowFileInTheRepository) {
  size_t tokens = 0;
  size_t files = callflow::testing::forEachFlowFile([&](const std::string &path, const std::string &src) {
    // Files that test invalid UTF-8 or NUL never reach a lexer.
    if (callflow::parse::validateUtf8(src).kind != callflow::parse::DecodeProblem::None)
      return;
    auto r = compareLexers(src);
    EXPECT_EQ(r.error, "") << path;
    tokens += r.tokens;
  });
  EXPECT_GT(files, 20u);
  EXPECT_GT(tokens, 5000u);
}

TEST(LexerEquiv, GeneratedFlow) {
  std::string src = callflow::testing::generatedFlow(1200, "lexer_equiv_gen.flow");
  ASSERT_GT(src.size(), 100000u);
  auto r = compareLexers(src);
  EXPECT_EQ(r.error, "");
  EXPECT_GT(r.tokens, 20000u);
}

TEST(LexerEquiv, ErrorTokens) {
  struct Case {
    const char *src;
    unsigned expected; // a token type the input must produce
  };
  const Case cases[] = {
      {"say \"abc", L::STR_TEXT},            // unterminated string
      {"say \"{name", L::PH_OPEN},            // ... inside a placeholder
      {"a /* never closed", L::UNTERMINATED_COMMENT},
      {"a /* ** / *", L::UNTERMINATED_COMMENT},
      {"/*/ x", L::UNTERMINATED_COMMENT},
      {"/**/ /***/ /* a */ b */", L::BLOCK_COMMENT},
      {"\"\\q\"", L::STR_BAD_ESCAPE},
      {"\"\\й\"", L::STR_BAD_ESCAPE},
      {"\"\\", L::STR_BAD_ESCAPE},
      {"\"\\n\\t\\\"\\\\\\{\\}\"", L::STR_ESCAPE},
      {"\"{ 12}\"", L::STR_BAD_BRACE},
      {"\"{\"", L::STR_BAD_BRACE},
      {"\"{12\"", L::STR_BAD_BRACE},
      {"\"{-a}\"", L::STR_BAD_BRACE},
      {"\"[0-9]{6}{2,}{2,3}\"", L::STR_QUANT},
      {"\"a } b\"", L::STR_RBRACE},
      {"step s # { }", L::ERROR_CHAR},
      {"step шаг { }", L::ERROR_CHAR},
      {"a ! b", L::ERROR_CHAR},
      {"a - b + c * d / e", L::SLASH}, {"-1 --> - ->", L::MINUS},
      {"x 😀 y", L::ERROR_CHAR},
      {"\"{a.}\"", L::PH_DOT},
      {"\"{a b-}\"", L::PH_BAD},
      {"\"{a\n}\"", L::PH_BAD},
      {"\"{a й}\"", L::PH_BAD},
      {"\"{a\"b", L::STR_CLOSE},
      {"\"{price 320}\"", L::PH_PRICE_OPEN},
      {"\"{ \tprice 3 20}\"", L::PH_INT},
      {"\"{prices} {price-x}\"", L::PH_OPEN},
      {"s1->s2 D-2-7 a- 12. 12.5.3 1..2 x-1-", L::DECIMAL},
      {"a\xEF\xBB\xBF b \r\n// c\r\nx //d", L::LINE_COMMENT},
      {"== != <= >= < > = { } ( ) : , . @ ->", L::ARROW},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.src);
    EXPECT_EQ(compareLexers(c.src).error, "");
    EXPECT_TRUE(contains(scannerTypes(c.src), c.expected));
  }
}

TEST(LexerEquiv, KeywordsFromTheGrammar) {
  // Every literal token of the generated vocabulary lexes to its own type.
  antlr4::ANTLRInputStream input("");
  L lexer(&input);
  const antlr4::dfa::Vocabulary &vocab = lexer.getVocabulary();
  size_t checked = 0;
  for (size_t t = 1; t <= vocab.getMaxTokenType(); ++t) {
    std::string lit = vocab.getLiteralName(t);
    if (lit.size() < 3)
      continue;
    std::string text = lit.substr(1, lit.size() - 2);
    SCOPED_TRACE(text);
    auto types = scannerTypes(text);
    ASSERT_EQ(types.size(), 1u);
    EXPECT_EQ(types[0], t);
    ++checked;
  }
  EXPECT_GT(checked, 50u);
}

TEST(LexerEquiv, RandomInputs) {
  const char *pieces[] = {
      "flow", "step", "price", "s1", "D-2", "-", ">", "->", "\"", "\"", "{", "}", "\\", " ",
      "\t", "\n", "\r", "/", "*", "//", "/*", "*/", "1", "23", ".", "й", "Ж", "€", "😀",
      "\xEF\xBB\xBF", "=", "!", "<", "(", ")", "a", "_", ",", "@", ":", "n", "t", "{price",
      "{a", "else", "x-", "0.5"};
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> len(0, 40);
  size_t tokens = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string src;
    for (int k = len(rng); k > 0; --k)
      src += pieces[pick(rng)];
    auto r = compareLexers(src);
    ASSERT_EQ(r.error, "") << "input: " << src;
    tokens += r.tokens;
  }
  EXPECT_GT(tokens, 30000u);
}

} // namespace
