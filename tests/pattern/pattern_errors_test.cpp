// Tests of pattern compile errors: every kind, with its message and the byte
// offset of the construct at fault; and the dialect's limits.
#include <random>
#include <string>

#include "pattern_test_util.h"

namespace callflow {
namespace {

using test::compiled;
using test::compileError;

struct ErrorCase {
  const char *pattern;
  const char *message;  // the whole message, offset included
  size_t offset;
};

TEST(PatternErrors, EveryKindWithOffset) {
  const ErrorCase cases[] = {
      {"abc[de", "unclosed '[' at offset 3", 3},
      {"[0-9", "unclosed '[' at offset 0", 0},
      {"[a\\", "the pattern ends with an unfinished escape '\\' at offset 2", 2},
      {"x(ab", "unclosed '(' at offset 1", 1},
      {"((a)", "unclosed '(' at offset 0", 0},
      {"ab)", "unmatched ')' at offset 2 (write '\\)' for a literal ')')", 2},
      {"a]", "unmatched ']' at offset 1 (write '\\]' for a literal ']')", 1},
      {"a}", "unmatched '}' at offset 1 (write '\\}' for a literal '}')", 1},
      {"a{3,1}", "quantifier '{3,1}' has min > max at offset 1", 1},
      {"*a", "nothing to repeat before '*' at offset 0 (write '\\*' for a literal '*')", 0},
      {"a|+", "nothing to repeat before '+' at offset 2 (write '\\+' for a literal '+')", 2},
      {"(?b)", "unsupported group syntax '(?' at offset 0 (only '( )' and '(?: )' groups exist)",
       0},
      {"(|?)", "nothing to repeat before '?' at offset 2 (write '\\?' for a literal '?')", 2},
      {"{2}", "nothing to repeat before '{' at offset 0 (write '\\{' for a literal '{')", 0},
      {"a**",
       "quantifier '*' follows another quantifier at offset 2 (group the repeated part: "
       "'(x*)*')",
       2},
      {"a{2}{3}",
       "quantifier '{3}' follows another quantifier at offset 4 (group the repeated part: "
       "'(x*){3}')",
       4},
      {"a{", "malformed quantifier '{' at offset 1 (expected '{m}', '{m,}' or '{m,n}'; write "
             "'\\{' for a literal '{')", 1},
      {"a{x}", "malformed quantifier '{' at offset 1 (expected '{m}', '{m,}' or '{m,n}'; write "
               "'\\{' for a literal '{')", 1},
      {"a{,3}", "malformed quantifier '{' at offset 1 (expected '{m}', '{m,}' or '{m,n}'; write "
                "'\\{' for a literal '{')", 1},
      {"a{1001}", "repeat count in '{1001}' exceeds the limit of 1000 at offset 1", 1},
      {"a{2,99999999999999999999}",
       "repeat count in '{2,99999999999999999999}' exceeds the limit of 1000 at offset 1", 1},
      {"[]", "empty class '[]' at offset 0 (write '\\]' for a literal ']')", 0},
      {"x[^]", "empty class '[^]' at offset 1 (write '\\]' for a literal ']')", 1},
      {"[z-a]", "range 'z-a' is out of order at offset 1", 1},
      {"[0-9я-а]", "range 'я-а' is out of order at offset 4", 4},
      {"[\\d-z]", "class escape '\\d' cannot be a range endpoint at offset 1", 1},
      {"[a-\\w]", "class escape '\\w' cannot be a range endpoint at offset 3", 3},
      {"[[:digit:]]", "'[' inside a class must be escaped at offset 1 (write '\\[')", 1},
      {"^abc", "'^' is not needed: a pattern always matches the whole value at offset 0 "
               "(write '\\^' for a literal '^')", 0},
      {"abc$", "'$' is not needed: a pattern always matches the whole value at offset 3 "
               "(write '\\$' for a literal '$')", 3},
      {"a\\q", "unknown escape '\\q' at offset 1 (escape only punctuation, or use \\d \\D \\s "
               "\\S \\w \\W \\n \\t \\r \\f \\v)", 1},
      {"\\1", "unknown escape '\\1' at offset 0 (escape only punctuation, or use \\d \\D \\s "
              "\\S \\w \\W \\n \\t \\r \\f \\v)", 0},
      {"ab\\", "the pattern ends with an unfinished escape '\\' at offset 2", 2},
      {"ok\xFF", "invalid UTF-8 in the pattern at offset 2", 2},
      {"[\xD0]", "invalid UTF-8 in the pattern at offset 1", 1},
  };
  for (const ErrorCase &c : cases) {
    PatternError e = compileError(c.pattern);
    EXPECT_EQ(e.message, c.message) << "pattern: " << c.pattern;
    EXPECT_EQ(e.offset, c.offset) << "pattern: " << c.pattern;
  }
}

TEST(PatternErrors, ProgramSizeLimit) {
  // a{1000} is fine; nesting it multiplies the program beyond the limit, and
  // the error points at the quantifier that crossed it.
  EXPECT_EQ(compiled("a{1000}").programSize(), 1001u);
  EXPECT_EQ(compiled("[0-9]{1000}").programSize(), 1001u);
  PatternError e = compileError("(a{1000}){1000}");
  EXPECT_EQ(e.offset, 9u);
  EXPECT_EQ(e.message,
            "pattern too large: '{1000}' needs more than 2000 instructions at offset 9");
  EXPECT_EQ(e.kind, PatternError::Kind::Limit);
  PatternError e2 = compileError("x(a{100}){2,200}");
  EXPECT_EQ(e2.offset, 9u);
  // A very long literal crosses the limit where it is too long.
  std::string longLiteral(kPatternMaxProgram + 5, 'z');
  PatternError e3 = compileError(longLiteral);
  EXPECT_EQ(e3.offset, kPatternMaxProgram - 1);
  // Just below the limit compiles: 1999 literal characters plus MATCH.
  EXPECT_EQ(compiled(std::string(kPatternMaxProgram - 1, 'z')).programSize(),
            kPatternMaxProgram);
}

TEST(PatternErrors, CountedRepetitionThatExpandsPastTheLimitIsRefused) {
  // 5 instructions repeated 1000 times: 5003 in all, past the limit of
  // 2000 (it compiled, and one 1 MB answer took 82 s to match). The error
  // is a limit, not a syntax error, at the quantifier that crossed it.
  PatternError e = compileError(".*(a|aa){1000}b");
  EXPECT_EQ(e.kind, PatternError::Kind::Limit);
  EXPECT_EQ(e.offset, 8u);
  EXPECT_EQ(e.message, "pattern too large: '{1000}' needs more than 2000 instructions at offset 8");
  // The other limits are limits too; a syntax error is not.
  EXPECT_EQ(compileError("a{1001}").kind, PatternError::Kind::Limit);
  EXPECT_EQ(compileError(std::string(kPatternMaxNesting + 1, '(') + "a" +
                         std::string(kPatternMaxNesting + 1, ')'))
                .kind,
            PatternError::Kind::Limit);
  EXPECT_EQ(compileError("a{2,1}").kind, PatternError::Kind::Syntax);
  EXPECT_EQ(compileError("[a").kind, PatternError::Kind::Syntax);
}

TEST(PatternErrors, RepeatsOfNothingAreEmpty) {
  // An empty group, or x{0}, compiles to no instruction; repeating it (at
  // any depth) is empty too rather than a loop the compiler runs 1000^4
  // times: these compile at once to the empty pattern.
  for (const char *src : {"((((){1000}){1000}){1000}){1000}", "((((a{0}){1000}){1000}){1000}){1000}",
                          "(()(){0,1000}){1000}", "(?:(?:(){1000,}){1000}){1000}"}) {
    const Pattern p = compiled(src);
    EXPECT_EQ(p.programSize(), 1u) << src;
    EXPECT_TRUE(p.matches("")) << src;
    EXPECT_FALSE(p.matches("a")) << src;
  }
  // Around something real the empty parts vanish and the rest stays.
  const Pattern q = compiled("(){1000}a((){1000}){1000}b{0}c");
  EXPECT_EQ(q.programSize(), 3u);
  EXPECT_TRUE(q.matches("ac"));
  EXPECT_FALSE(q.matches("abc"));
  // A quantifier after one that made its atom empty is still an error.
  EXPECT_EQ(compileError("a{0}*").message,
            "quantifier '*' follows another quantifier at offset 4 (group the repeated part: '(x*)*')");
}

TEST(PatternErrors, NestingLimit) {
  std::string ok(kPatternMaxNesting, '(');
  ok += "a" + std::string(kPatternMaxNesting, ')');
  EXPECT_TRUE(compiled(ok).matches("a"));
  std::string deep(kPatternMaxNesting + 1, '(');
  deep += "a" + std::string(kPatternMaxNesting + 1, ')');
  PatternError e = compileError(deep);
  EXPECT_EQ(e.offset, kPatternMaxNesting);
  EXPECT_EQ(e.message, "groups nested deeper than 100 at offset 100");
}

TEST(PatternErrors, RandomGarbageCompilesOrFailsCleanly) {
  // Random strings over the metacharacters and some multi-byte bytes: each
  // either compiles (and then matches without trouble) or reports an error
  // inside the pattern; both outcomes must occur.
  static constexpr char kBytes[] = "ab()[]{}|?*+.^$\\-,0129dws\xD0\xA1\xFF";
  std::mt19937 rng(7);
  int ok = 0, failed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string src;
    for (int n = static_cast<int>(rng() % 12); n > 0; --n) src += kBytes[rng() % (sizeof kBytes - 1)];
    auto r = Pattern::compile(src);
    if (auto *e = std::get_if<PatternError>(&r)) {
      ++failed;
      EXPECT_LE(e->offset, src.size()) << src;
      EXPECT_NE(e->message.find(" at offset " + std::to_string(e->offset)), std::string::npos)
          << e->message;
    } else {
      ++ok;
      const Pattern &p = std::get<Pattern>(r);
      EXPECT_LE(p.programSize(), kPatternMaxProgram);
      MatchStats stats;
      p.matches(src, stats);
      EXPECT_LE(stats.steps, (stats.codePoints + 1) * p.programSize());
    }
  }
  EXPECT_GT(ok, 1000);
  EXPECT_GT(failed, 1000);
}

TEST(PatternErrors, SourceIsKept) {
  Pattern p = compiled("[0-9]{6}");
  EXPECT_EQ(p.source(), "[0-9]{6}");
}

}  // namespace
}  // namespace callflow
