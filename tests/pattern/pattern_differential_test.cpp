// Randomized differential test: thousands of random patterns in the subset the
// dialect shares with ECMAScript, on short ASCII inputs, must agree with
// std::regex_match (the reference; only used here, never in the engine).
#include <random>
#include <regex>
#include <string>

#include "pattern_test_util.h"

namespace callflow {
namespace {

class RandomPattern {
 public:
  explicit RandomPattern(uint32_t seed) : rng_(seed) {}

  std::string pattern() { return alternation(0); }

  std::string input() {
    static constexpr char kAlphabet[] = "abc1 _";
    std::string s;
    for (int n = pick(8); n > 0; --n) s += kAlphabet[pick(sizeof kAlphabet - 2)];
    return s;
  }

 private:
  int pick(int maxInclusive) { return std::uniform_int_distribution<int>(0, maxInclusive)(rng_); }

  std::string alternation(int depth) {
    std::string s = concat(depth);
    while (pick(4) == 0) s += "|" + concat(depth);
    return s;
  }

  std::string concat(int depth) {
    std::string s;
    for (int n = 1 + pick(3); n > 0; --n) s += piece(depth);
    return s;
  }

  std::string piece(int depth) {
    std::string a = atom(depth);
    switch (pick(9)) {
      case 0: return a + "?";
      case 1: return a + "*";
      case 2: return a + "+";
      case 3: return a + "{" + std::to_string(pick(3)) + "}";
      case 4: return a + "{" + std::to_string(pick(2)) + ",}";
      case 5: {
        int m = pick(2);
        return a + "{" + std::to_string(m) + "," + std::to_string(m + pick(2)) + "}";
      }
      default: return a;
    }
  }

  std::string atom(int depth) {
    static const char *kAtoms[] = {"a",     "b",      "c",    "1",   " ",   ".",    "[ab]",
                                   "[^a]",  "[a-c]",  "[^a-b1]", "\\d", "\\w", "\\s", "\\.",
                                   "[\\d ]", "[-a]", "\\W", "\\D", "[a\\-c]", "_"};
    if (depth < 3 && pick(4) == 0) return "(" + alternation(depth + 1) + ")";
    return kAtoms[pick(sizeof kAtoms / sizeof *kAtoms - 1)];
  }

  std::mt19937 rng_;
};

TEST(PatternDifferential, AgreesWithStdRegexOnAscii) {
  RandomPattern gen(20240601);
  int patterns = 0, comparisons = 0, matched = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string src = gen.pattern();
    Pattern p = test::compiled(src);
    std::regex reference("(?:" + src + ")", std::regex::ECMAScript);
    ++patterns;
    for (int k = 0; k < 25; ++k) {
      std::string in = gen.input();
      bool expected = std::regex_match(in, reference);
      ASSERT_EQ(p.matches(in), expected) << "pattern: " << src << "\ninput: '" << in << "'";
      ++comparisons;
      matched += expected;
    }
    // Also a string built from the pattern's own letters, to match more often;
    // kept short because the backtracking reference is exponential on some.
    std::string echo;
    for (char c : src)
      if ((c == 'a' || c == 'b' || c == '1') && echo.size() < 8) echo += c;
    ASSERT_EQ(p.matches(echo), std::regex_match(echo, reference))
        << "pattern: " << src << "\ninput: '" << echo << "'";
  }
  EXPECT_EQ(patterns, 3000);
  // The generator must exercise both outcomes, or the comparison says little.
  EXPECT_GT(matched, comparisons / 50);
  EXPECT_LT(matched, comparisons - comparisons / 50);
}

}  // namespace
}  // namespace callflow
