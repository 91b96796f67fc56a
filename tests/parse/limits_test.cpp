// Input limits and hostile input: NUL bytes, invalid UTF-8, nesting deeper
// than the limit (100,000 `{` and `(`), a 50 MB single-line file, long
// `not` runs and `or` / `and` chains (refused past the expression depth
// limit); none may crash or hang.
#include <gtest/gtest.h>

#include <random>

#include "ast/ast.h"
#include "parse/source_map.h"
#include "parse_test_util.h"

using callflow::testing::parseText;
using callflow::diag::DiagId;

namespace {

TEST(ParseLimits, NulByte) {
  std::string src = "step s { end }";
  src.insert(5, 1, '\0');
  auto p = parseText(src);
  ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
  EXPECT_EQ(p->diags->diagnostics()[0].id, DiagId::NulByte);
  EXPECT_NE(p->diags->diagnostics()[0].message.find("NUL byte at byte offset 5"), std::string::npos)
      << p->all();
  EXPECT_TRUE(p->file->decls.empty());
}

TEST(ParseLimits, InvalidUtf8NamesTheOffset) {
  for (const char *bad : {"\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    std::string src = "// ok\nstep s { say \"é";
    size_t offset = src.size();
    src += bad;
    src += "\" end }";
    auto p = parseText(src);
    ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
    EXPECT_EQ(p->diags->diagnostics()[0].id, DiagId::InvalidUtf8);
    // A truncated sequence is reported at the byte that breaks it.
    std::string msg = p->diags->diagnostics()[0].message;
    EXPECT_TRUE(msg == "invalid UTF-8 at byte offset " + std::to_string(offset) ||
                msg == "invalid UTF-8 at byte offset " + std::to_string(offset + 1))
        << msg;
    EXPECT_TRUE(p->file->decls.empty());
  }
}

TEST(ParseLimits, DeepBracesAreRejectedNotCrashed) {
  std::string src = "step s { if a " + std::string(100000, '{') + std::string(100000, '}') + " }";
  auto p = parseText(src);
  ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
  EXPECT_EQ(p->diags->diagnostics()[0].id, DiagId::NestingTooDeep);
  EXPECT_EQ(p->diags->diagnostics()[0].message, "nesting is deeper than 256 levels");
}

TEST(ParseLimits, DeepParensAreRejectedNotCrashed) {
  std::string src = "step s { set x = " + std::string(100000, '(') + "a" + std::string(100000, ')') + " }";
  auto p = parseText(src);
  ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
  EXPECT_EQ(p->diags->diagnostics()[0].id, DiagId::NestingTooDeep);
}

TEST(ParseLimits, NestingUpToTheLimitParses) {
  // 1 brace for the step + 255 parentheses = 256 levels.
  std::string src = "step s { set x = " + std::string(255, '(') + "a" + std::string(255, ')') + " end }";
  auto p = parseText(src);
  EXPECT_EQ(p->all(), "");
  // Braces inside strings and comments do not count.
  std::string s2 = "step s { say \"" + std::string(1000, '{') + "\" end } // " + std::string(1000, '(');
  auto q = parseText(s2);
  EXPECT_EQ(q->count(DiagId::NestingTooDeep), 0u) << q->all();
}

TEST(ParseLimits, NestingScanFollowsEscapes) {
  // An escaped quote does not end the string: its braces do not count.
  std::string inside = "step s { say \"a\\\"" + std::string(1000, '{') + "\\\\\" end }";
  auto p = parseText(inside);
  EXPECT_EQ(p->count(DiagId::NestingTooDeep), 0u) << p->all();
  // An escaped backslash does: the braces after the closing quote count.
  std::string after =
      "step s { say \"a\\\\\" set x = " + std::string(300, '(') + "a" + std::string(300, ')') + " }";
  auto q = parseText(after);
  EXPECT_EQ(q->count(DiagId::NestingTooDeep), 1u) << q->all();
}

// The nesting scan, byte by byte as its contract says: strings (escapes
// included) and comments do not count, an unclosed block comment ends the
// scan; the first `{` or `(` past the limit is the answer.
std::optional<size_t> nestingByTheBook(const std::string &s, unsigned maxDepth) {
  size_t depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i)
        if (s[i] == '\\')
          ++i;
    } else if (s.compare(i, 2, "//") == 0) {
      while (i < s.size() && s[i] != '\n')
        ++i;
    } else if (s.compare(i, 2, "/*") == 0) {
      size_t end = s.find("*/", i + 2);
      if (end == std::string::npos)
        return std::nullopt;
      i = end + 1;
    } else if (s[i] == '{' || s[i] == '(') {
      if (++depth > maxDepth)
        return i;
    } else if ((s[i] == '}' || s[i] == ')') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// findTooDeepNesting looks at sixteen bytes at a time where it can: the
// same answers as the byte-by-byte scan on 20,000 random texts of the
// bytes that matter and of their neighbours (`'` is one below `(`, `*` and
// `+` just above `)`, `|` between the braces and `~` after them), and with
// brackets on either side of every 16-byte boundary.
TEST(ParseLimits, NestingScanAgreesWithTheByteByByteScan) {
  const char alphabet[] = {'"', '\\', '/', '*', '\n', '{', '}', '(', ')', '\'', '+', '|', '~', 'a', ' '};
  std::mt19937 rng(21);
  for (int round = 0; round < 20000; ++round) {
    std::string s(rng() % 80, ' ');
    for (char &c : s)
      c = alphabet[rng() % sizeof alphabet];
    const unsigned maxDepth = 1 + rng() % 4;
    ASSERT_EQ(callflow::parse::findTooDeepNesting(s, maxDepth), nestingByTheBook(s, maxDepth))
        << "maxDepth " << maxDepth << " text [" << s << "]";
  }
  for (size_t at = 0; at < 40; ++at) {
    std::string s(48, 'x');
    s[at] = '(';
    s[at + 1] = '{';
    EXPECT_EQ(callflow::parse::findTooDeepNesting(s, 1), std::optional<size_t>(at + 1)) << at;
    s[at] = ')';
    EXPECT_EQ(callflow::parse::findTooDeepNesting(s, 0), std::optional<size_t>(at + 1)) << at;
  }
}

TEST(ParseLimits, LongNotRunsAreRefusedNotCrashed) {
  std::string src = "step s { if ";
  for (int i = 0; i < 100000; ++i)
    src += "not ";
  src += "a -> s end }";
  auto p = parseText(src);
  ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
  EXPECT_EQ(p->diags->diagnostics()[0].id, DiagId::ExpressionTooDeep);
  EXPECT_EQ(p->diags->diagnostics()[0].message,
            "expression is more than 1000 operators deep; split it into smaller conditions");
  // The statement stays, without its condition.
  auto *step = llvm::cast<callflow::ast::StepDecl>(p->file->decls[0].get());
  auto *jump = llvm::cast<callflow::ast::IfJumpStmt>(step->body.stmts[0].get());
  EXPECT_EQ(jump->cond, nullptr);
  EXPECT_EQ(step->body.stmts.size(), 2u);
}

TEST(ParseLimits, LongOrAndAndChainsAreRefusedNotCrashed) {
  for (const char *op : {" or ", " and "}) {
    std::string src = "step s { set x = a";
    for (int i = 0; i < 100000; ++i)
      src += op + std::string("a");
    src += " end }";
    auto p = parseText(src);
    ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
    EXPECT_EQ(p->diags->diagnostics()[0].id, DiagId::ExpressionTooDeep);
  }
}

/// The diagnostics of `expr` as a `set` value, with maxExprDepth = 3.
std::string atDepth3(const std::string &expr) {
  callflow::parse::ParseOptions opts;
  opts.maxExprDepth = 3;
  auto p = parseText("step s { set x = " + expr + " end }", opts);
  return p->all();
}

TEST(ParseLimits, ExpressionDepthCountsEveryOperator) {
  // Leaves are 1 deep; each operator adds one over its deepest operand;
  // parentheses add nothing.
  EXPECT_EQ(atDepth3("a or b or c"), "");
  EXPECT_EQ(atDepth3("not not a"), "");
  EXPECT_EQ(atDepth3("x == 1 and y"), "");
  EXPECT_EQ(atDepth3("(((a)))"), "");
  EXPECT_EQ(atDepth3("not x is set"), "");
  EXPECT_EQ(atDepth3("a and (b or c)"), "");
  // One more, at the operator that goes past the limit.
  EXPECT_EQ(atDepth3("a or b or c or d"),
            "1:30 E0017 expression is more than 3 operators deep; split it into smaller conditions\n");
  EXPECT_EQ(atDepth3("not not not a"), "1:18 E0017 expression is more than 3 operators deep; "
                                       "split it into smaller conditions\n");
  EXPECT_NE(atDepth3("a and (b or c or d)"), "");
  EXPECT_NE(atDepth3("not (x == 1) and y"), "");
  EXPECT_NE(atDepth3("(not x is set) == true"), "");
}

TEST(ParseLimits, ExpressionDepthIsCheckedAfterSyntaxErrorsToo) {
  // The declaration after a syntax error is built by the recovering tree
  // walker; it must refuse the same chains.
  callflow::parse::ParseOptions opts;
  opts.maxExprDepth = 3;
  auto p = parseText("step s { say }\nstep t { set x = a or b or c\n set y = a or b or c or d end }",
                     opts);
  EXPECT_EQ(p->count(DiagId::ExpressionTooDeep), 1u) << p->all();
  EXPECT_EQ(p->count(DiagId::SyntaxError), 1u) << p->all();
}

TEST(ParseLimits, FiftyMegabyteSingleLineCompletes) {
  // One line: a 45 MB block comment, 5 MB of steps, then a stray character
  // whose diagnostic must land on the right column.
  std::string src;
  src.reserve(51u << 20);
  src += "flow big \"x\" start s0 /*";
  src.append(45u << 20, 'c');
  src += "*/ ";
  int steps = 0;
  for (; src.size() < (50u << 20); ++steps)
    src += "step s" + std::to_string(steps) + " { say \"line {agent} number " +
           std::to_string(steps) + "\" goto s" + std::to_string(steps + 1) + " } ";
  size_t dollar = src.size();
  src += "$";
  auto p = parseText(src);
  EXPECT_EQ(p->file->decls.size(), static_cast<size_t>(steps) + 2);
  ASSERT_EQ(p->diags->diagnostics().size(), 1u);
  EXPECT_EQ(p->diags->diagnostics()[0].id, DiagId::UnexpectedCharacter);
  EXPECT_EQ(p->diags->diagnostics()[0].range.Start.getPointer() -
                p->sm.getMemoryBuffer(p->bufferId)->getBufferStart(),
            static_cast<std::ptrdiff_t>(dollar));
}

} // namespace
