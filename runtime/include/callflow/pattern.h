// The `matches "re"` pattern engine of the flow language: a small, anchored
// regular-expression dialect over Unicode code points, compiled to an NFA
// program and matched by a Thompson/Pike simulation in time linear in the
// input (O(input length x program size), no backtracking).
// The dialect, its limits and its errors are documented in docs/patterns.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace callflow {

// Limits of the dialect (see docs/patterns.md). A match visits at most
// (code points + 1) x program size states, so the two size limits together
// bound the work of any one match: (4096 + 1) x 2000, about 8.2 million.
inline constexpr unsigned kPatternMaxRepeat = 1000;     // m, n in {m,n}
inline constexpr size_t kPatternMaxProgram = 2000;      // compiled instructions
inline constexpr unsigned kPatternMaxNesting = 100;     // nested groups
inline constexpr size_t kPatternMaxInput = 4096;        // bytes of a value matched

// A syntax error in a pattern. `offset` is the byte offset in the pattern text
// (the value of the string, after the flow language's own string escapes) of
// the construct at fault; `message` is readable on its own and ends with
// "at offset N", e.g. "unclosed '[' at offset 3".
struct PatternError {
  enum class Kind : uint8_t {
    Syntax, // the text is not a pattern of the dialect
    Limit,  // it is, but passes kPatternMaxRepeat, kPatternMaxProgram or kPatternMaxNesting
  };
  std::string message;
  size_t offset = 0;
  Kind kind = Kind::Syntax;
};

// Work counters of one match, for tests and benchmarks.
struct MatchStats {
  size_t codePoints = 0;  // input code points consumed
  size_t steps = 0;       // NFA states visited; <= (codePoints + 1) * programSize()
};

namespace detail {
struct PatternProgram;
}

// A compiled pattern. Immutable once compiled: copies share the program,
// there is no global state, and const use from many threads is safe.
class Pattern {
 public:
  // The empty pattern: matches only the empty string (same as compile("")).
  Pattern() = default;

  static std::variant<Pattern, PatternError> compile(std::string_view pattern);

  // Anchored: true iff the whole of `utf8` matches. Input that is not valid
  // UTF-8 (overlong forms, surrogates, truncated sequences) never matches,
  // nor does input longer than kPatternMaxInput bytes (it is not read).
  bool matches(std::string_view utf8) const;
  bool matches(std::string_view utf8, MatchStats &stats) const;

  // The pattern text given to compile().
  const std::string &source() const;
  // Number of instructions of the compiled program (<= kPatternMaxProgram).
  size_t programSize() const;

 private:
  explicit Pattern(std::shared_ptr<const detail::PatternProgram> program)
      : program_(std::move(program)) {}
  std::shared_ptr<const detail::PatternProgram> program_;  // null: empty pattern
};

}  // namespace callflow
