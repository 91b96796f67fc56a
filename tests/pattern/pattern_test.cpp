// Tests of pattern matching: the seed-003 complaint mark, classes, anchoring,
// alternation, quantifiers, code points, invalid UTF-8 and linear-time runs.
#include <string>
#include <thread>
#include <vector>

#include "pattern_test_util.h"

namespace callflow {
namespace {

using test::compiled;

// Cyrillic capital Es (U+0421) looks like Latin C.
const std::string kCyrC = "\xD0\xA1";

TEST(PatternMatch, Seed003ComplaintMark) {
  Pattern p = compiled("[C" + kCyrC + "]{2} ?№ ?[0-9]+");
  EXPECT_TRUE(p.matches("CC №123"));
  EXPECT_TRUE(p.matches(kCyrC + kCyrC + "№ 45"));
  EXPECT_TRUE(p.matches("C" + kCyrC + " №1"));
  EXPECT_TRUE(p.matches("CC№1"));
  EXPECT_FALSE(p.matches("C №1"));
  EXPECT_FALSE(p.matches("CC №"));
  EXPECT_FALSE(p.matches("CCC №1"));
  EXPECT_FALSE(p.matches("CC  №1"));  // at most one space
  EXPECT_FALSE(p.matches("cc №1"));   // case-sensitive
  EXPECT_FALSE(p.matches("CC №12a"));
}

TEST(PatternMatch, SixDigitCode) {
  Pattern p = compiled("[0-9]{6}");
  EXPECT_TRUE(p.matches("123456"));
  EXPECT_TRUE(p.matches("000000"));
  EXPECT_FALSE(p.matches("12345"));
  EXPECT_FALSE(p.matches("1234567"));
  EXPECT_FALSE(p.matches("12345a"));
  EXPECT_FALSE(p.matches(""));
  EXPECT_FALSE(p.matches("１２３４５６"));  // fullwidth digits are not [0-9]
}

TEST(PatternMatch, AnchoredWholeValue) {
  Pattern p = compiled("abc");
  EXPECT_TRUE(p.matches("abc"));
  EXPECT_FALSE(p.matches("xabc"));
  EXPECT_FALSE(p.matches("abcx"));
  EXPECT_FALSE(p.matches("ab"));
  Pattern alt = compiled("a|bc");
  EXPECT_TRUE(alt.matches("a"));
  EXPECT_TRUE(alt.matches("bc"));
  EXPECT_FALSE(alt.matches("abc"));  // '|' binds loosest; both sides anchored
}

TEST(PatternMatch, EmptyPattern) {
  Pattern p = compiled("");
  EXPECT_TRUE(p.matches(""));
  EXPECT_FALSE(p.matches("a"));
  EXPECT_EQ(p.source(), "");
  Pattern def;  // default-constructed: the same as compile("")
  EXPECT_TRUE(def.matches(""));
  EXPECT_FALSE(def.matches(" "));
  EXPECT_EQ(def.programSize(), 1u);
}

TEST(PatternMatch, AlternationAndGroups) {
  Pattern p = compiled("(yes|no)(, (thanks|please))?");
  EXPECT_TRUE(p.matches("yes"));
  EXPECT_TRUE(p.matches("no, thanks"));
  EXPECT_TRUE(p.matches("yes, please"));
  EXPECT_FALSE(p.matches("yes,"));
  EXPECT_FALSE(p.matches("maybe"));
  Pattern e = compiled("a(|b)c");  // an empty alternative
  EXPECT_TRUE(e.matches("ac"));
  EXPECT_TRUE(e.matches("abc"));
  EXPECT_FALSE(e.matches("abbc"));
  Pattern g = compiled("(?:ab)+");
  EXPECT_TRUE(g.matches("ababab"));
  EXPECT_FALSE(g.matches("aba"));
  Pattern empty = compiled("()");
  EXPECT_TRUE(empty.matches(""));
  EXPECT_FALSE(empty.matches("x"));
}

TEST(PatternMatch, Quantifiers) {
  Pattern q = compiled("ab?c*d+e{2}f{1,}g{2,3}");
  EXPECT_TRUE(q.matches("adeefgg"));
  EXPECT_TRUE(q.matches("abcccdddeeffffggg"));
  EXPECT_FALSE(q.matches("abbdeefgg"));    // b at most once
  EXPECT_FALSE(q.matches("aceefgg"));      // d at least once
  EXPECT_FALSE(q.matches("adeeefgg"));     // e exactly twice
  EXPECT_FALSE(q.matches("adeegg"));       // f at least once
  EXPECT_FALSE(q.matches("adeefgggg"));    // g at most three
  Pattern zero = compiled("ax{0}b");
  EXPECT_TRUE(zero.matches("ab"));
  EXPECT_FALSE(zero.matches("axb"));
  Pattern grouped = compiled("(ab){2,3}");
  EXPECT_FALSE(grouped.matches("ab"));
  EXPECT_TRUE(grouped.matches("abab"));
  EXPECT_TRUE(grouped.matches("ababab"));
  EXPECT_FALSE(grouped.matches("abababab"));
}

TEST(PatternMatch, ClassesAndCyrillicRanges) {
  Pattern p = compiled("[0-9a-zA-Zа-яА-Я]+");
  EXPECT_TRUE(p.matches("Abc123Привет"));
  EXPECT_FALSE(p.matches("ёж"));  // ё (U+0451) lies outside а-я
  EXPECT_FALSE(p.matches("a b"));
  Pattern neg = compiled("[^0-9]");
  EXPECT_TRUE(neg.matches("x"));
  EXPECT_TRUE(neg.matches(kCyrC));  // one code point, two bytes
  EXPECT_FALSE(neg.matches("5"));
  EXPECT_FALSE(neg.matches("xy"));
  Pattern dash = compiled("[-a]+[a-]");
  EXPECT_TRUE(dash.matches("-a-"));
  Pattern esc = compiled("[\\]\\[\\\\\\-^]+");
  EXPECT_TRUE(esc.matches("][\\-^"));
  EXPECT_FALSE(esc.matches("a"));
  Pattern caretLater = compiled("[a^]");
  EXPECT_TRUE(caretLater.matches("^"));
}

TEST(PatternMatch, DotIsOneCodePoint) {
  Pattern p = compiled("..");
  EXPECT_TRUE(p.matches(kCyrC + kCyrC));      // 4 bytes, 2 code points
  EXPECT_FALSE(p.matches(kCyrC));             // 2 bytes, 1 code point
  EXPECT_TRUE(p.matches("\xF0\x9F\x98\x80" "a"));  // emoji (4 bytes) + a
  EXPECT_TRUE(compiled(".").matches("\n"));   // '.' includes newline
  Pattern one = compiled("С");                // Cyrillic literal in the pattern
  EXPECT_TRUE(one.matches(kCyrC));
  EXPECT_FALSE(one.matches("C"));
}

TEST(PatternMatch, EscapesAndShorthands) {
  EXPECT_TRUE(compiled("\\d{3}-\\d{2}").matches("123-45"));
  EXPECT_FALSE(compiled("\\d").matches("٣"));  // Arabic-Indic digit: \d is ASCII
  EXPECT_TRUE(compiled("\\w+").matches("snake_Case9"));
  EXPECT_FALSE(compiled("\\w").matches("ж"));
  EXPECT_TRUE(compiled("a\\sb").matches("a\tb"));
  EXPECT_TRUE(compiled("a\\sb").matches("a\xC2\xA0" "b"));  // no-break space
  EXPECT_FALSE(compiled("\\S").matches(" "));
  EXPECT_TRUE(compiled("\\D\\W").matches("ж-"));
  EXPECT_TRUE(compiled("\\$\\.\\*\\(\\)\\{\\}\\|\\?\\+\\^").matches("$.*(){}|?+^"));
  EXPECT_FALSE(compiled("\\.").matches("x"));
  EXPECT_TRUE(compiled("a\\nb").matches("a\nb"));
  EXPECT_TRUE(compiled("[\\d\\s]+").matches("1 2\t3"));
  EXPECT_TRUE(compiled("[^\\d]").matches("x"));
  EXPECT_FALSE(compiled("[^\\d]").matches("7"));
}

TEST(PatternMatch, InvalidUtf8InputNeverMatches) {
  Pattern any = compiled(".*");
  EXPECT_TRUE(any.matches("anything"));
  const std::vector<std::string> bad = {
      "\xFF",          "\xC0\xAF",          // invalid byte, overlong '/'
      "\xE0\x80\xAF",  "\xED\xA0\x80",      // overlong, surrogate U+D800
      "\xF4\x90\x80\x80",                   // beyond U+10FFFF
      "\xD0",          "ab\xD0",            // truncated
      "\x80",          "a\xA1" "b",         // stray continuation
  };
  for (const std::string &s : bad) {
    EXPECT_FALSE(any.matches(s)) << "input bytes of length " << s.size();
    EXPECT_FALSE(compiled("[^a]*").matches(s));
  }
  EXPECT_TRUE(any.matches(std::string("a\0b", 3)));  // NUL is a valid code point
}

TEST(PatternMatch, LinearOnPathologicalPatterns) {
  const std::string as(kPatternMaxInput, 'a');
  for (const char *src : {"(a*)*b", "(a|a)*b", "(a*)*", "(a|aa)*", "((a?)*)*"}) {
    Pattern p = compiled(src);
    MatchStats stats;
    bool expected = std::string(src).back() != 'b';
    EXPECT_EQ(p.matches(as, stats), expected) << src;
    EXPECT_EQ(stats.codePoints, as.size()) << src;
    EXPECT_LE(stats.steps, (stats.codePoints + 1) * p.programSize()) << src;
  }
  // a{1000} against 1000 a's: work is bounded by input x program size.
  Pattern big = compiled("a{1000}");
  EXPECT_EQ(big.programSize(), 1001u);
  MatchStats stats;
  EXPECT_TRUE(big.matches(std::string(1000, 'a'), stats));
  EXPECT_LE(stats.steps, 1001u * 1001u);
  EXPECT_FALSE(big.matches(std::string(999, 'a')));
  EXPECT_FALSE(big.matches(std::string(1001, 'a')));
  // (a?){n}a{n} against a^n: the classic backtracking killer.
  Pattern classic = compiled("(a?){500}a{500}");
  EXPECT_TRUE(classic.matches(std::string(500, 'a'), stats));
  EXPECT_LE(stats.steps, 501u * classic.programSize());
  EXPECT_TRUE(classic.matches(std::string(1000, 'a')));
  EXPECT_FALSE(classic.matches(std::string(1001, 'a')));
}

TEST(PatternMatch, StepsGrowLinearlyWithInput) {
  Pattern p = compiled("(a|b|ab)*c");
  MatchStats s1, s2;
  std::string x1(kPatternMaxInput / 2, 'a'), x2(kPatternMaxInput, 'a');
  EXPECT_FALSE(p.matches(x1, s1));
  EXPECT_FALSE(p.matches(x2, s2));
  // Same per-code-point work: exactly double (up to the initial closure).
  EXPECT_LE(s2.steps, 2 * s1.steps + p.programSize());
  EXPECT_GE(s2.steps, 2 * s1.steps - p.programSize());
}

TEST(PatternMatch, TheLargestPatternOnTheLongestValueDoesBoundedWork) {
  // At the program limit, a pattern whose live states grow with
  // the input: .*(a|aa){399}b is 2000 instructions.
  Pattern p = compiled(".*(a|aa){399}b");
  EXPECT_EQ(p.programSize(), 2000u); // with MATCH
  EXPECT_LE(p.programSize(), kPatternMaxProgram);
  MatchStats stats;
  std::string longest(kPatternMaxInput, 'a');
  EXPECT_FALSE(p.matches(longest, stats));
  EXPECT_EQ(stats.codePoints, kPatternMaxInput);
  // Most states are live at once, and still the work stays within the bound
  // that the two limits give: (4096 + 1) x 2000 states.
  EXPECT_GT(stats.steps, kPatternMaxInput * 1000);
  EXPECT_LE(stats.steps, (kPatternMaxInput + 1) * kPatternMaxProgram);
  longest.back() = 'b';
  EXPECT_TRUE(p.matches(longest, stats));
  EXPECT_LE(stats.steps, (kPatternMaxInput + 1) * kPatternMaxProgram);
}

TEST(PatternMatch, ValuesPastTheInputLimitAreNotRead) {
  // A value longer than kPatternMaxInput bytes never matches, and the
  // engine does no work on it: the runtime and the checker refuse it first
  // with their own message.
  Pattern any = compiled(".*");
  MatchStats stats;
  EXPECT_TRUE(any.matches(std::string(kPatternMaxInput, 'a'), stats));
  EXPECT_FALSE(any.matches(std::string(kPatternMaxInput + 1, 'a'), stats));
  EXPECT_EQ(stats.codePoints, 0u);
  EXPECT_EQ(stats.steps, 0u);
  EXPECT_FALSE(any.matches(std::string(1 << 20, 'a'), stats));
  EXPECT_EQ(stats.steps, 0u);
}

TEST(PatternMatch, CopiesShareAndThreadsAgree) {
  Pattern p = compiled("[C" + kCyrC + "]{2} ?№ ?[0-9]+");
  Pattern copy = p;
  Pattern moved = std::move(copy);
  EXPECT_EQ(moved.source(), p.source());
  EXPECT_TRUE(moved.matches("CC №7"));
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i)
        ok[t] += p.matches("CC №" + std::to_string(i)) && !p.matches("C №" + std::to_string(i));
    });
  }
  for (auto &th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(ok[t], 2000);
}

}  // namespace
}  // namespace callflow
