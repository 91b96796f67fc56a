// The `matches "re"` engine: a recursive-descent parser of the pattern
// dialect (docs/patterns.md) into a small syntax tree, a compiler of that tree
// into an NFA instruction list, and a Thompson simulation that runs it over the
// code points of the input in O(code points x instructions), with no
// backtracking. Standard library only.
#include "callflow/pattern.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>
#include <map>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace callflow {
namespace detail {

// A set of code points: sorted, disjoint, non-adjacent closed ranges.
using Ranges = std::vector<std::pair<char32_t, char32_t>>;

enum class Op : uint8_t {
  CHAR,   // a: the code point to consume
  SET,    // a: index into PatternProgram::sets; consume a member
  ANY,    // consume any code point
  SPLIT,  // continue at both a and b
  JMP,    // continue at a
  MATCH,  // the whole pattern has matched
};

struct Inst {
  Op op;
  uint32_t a = 0;
  uint32_t b = 0;
};

struct PatternProgram {
  std::string source;
  std::vector<Inst> code;
  std::vector<Ranges> sets;
};

}  // namespace detail

namespace {

using detail::Inst;
using detail::Op;
using detail::Ranges;

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr unsigned kInfinite = std::numeric_limits<unsigned>::max();
constexpr int32_t kBadUtf8 = -1;

// Decodes one code point of strict UTF-8 at s[i], advancing i; kBadUtf8 on an
// invalid, overlong, surrogate or truncated sequence (i is left unchanged).
int32_t decodeUtf8(std::string_view s, size_t &i) {
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  size_t len;
  uint32_t cp, min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return kBadUtf8;
  }
  if (s.size() - i < len) return kBadUtf8;
  for (size_t k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return kBadUtf8;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > kMaxCodePoint || (cp >= 0xD800 && cp <= 0xDFFF)) return kBadUtf8;
  i += len;
  return static_cast<int32_t>(cp);
}

void normalize(Ranges &r) {
  std::sort(r.begin(), r.end());
  Ranges out;
  for (auto [lo, hi] : r) {
    if (!out.empty() && lo <= out.back().second + 1)
      out.back().second = std::max(out.back().second, hi);
    else
      out.emplace_back(lo, hi);
  }
  r = std::move(out);
}

Ranges complement(const Ranges &r) {
  Ranges out;
  char32_t next = 0;
  for (auto [lo, hi] : r) {
    if (lo > next) out.emplace_back(next, lo - 1);
    next = hi + 1;
  }
  if (next <= kMaxCodePoint) out.emplace_back(next, kMaxCodePoint);
  return out;
}

bool contains(const Ranges &r, char32_t c) {
  auto it = std::upper_bound(r.begin(), r.end(), c,
                             [](char32_t v, const auto &range) { return v < range.first; });
  return it != r.begin() && c <= std::prev(it)->second;
}

// ---- syntax tree -----------------------------------------------------------

struct Node {
  enum Kind { EMPTY, SET, ANY, CAT, ALT, REPEAT } kind = EMPTY;
  Ranges set;               // SET
  std::vector<Node> kids;   // CAT, ALT; REPEAT has one
  unsigned min = 0, max = 0;  // REPEAT; max == kInfinite for no bound
  uint64_t size = 0;        // instructions this node compiles to
};

static_assert(std::is_nothrow_move_constructible_v<Node>);

struct ParseFailure {
  PatternError error;
};

class Parser {
 public:
  explicit Parser(std::string_view src) : s_(src) {}

  Node parse() {
    Node n = parseAlt(0);
    if (pos_ < s_.size()) {  // only ')' stops parseAlt early
      fail(pos_, "unmatched ')'", " (write '\\)' for a literal ')')");
    }
    return n;
  }

 private:
  [[noreturn]] void fail(size_t at, const std::string &what, const std::string &hint = "",
                         PatternError::Kind kind = PatternError::Kind::Syntax) {
    throw ParseFailure{PatternError{what + " at offset " + std::to_string(at) + hint, at, kind}};
  }
  [[noreturn]] void failLimit(size_t at, const std::string &what) {
    fail(at, what, "", PatternError::Kind::Limit);
  }

  // `size` instructions of one part, plus the final MATCH, must fit the limit;
  // `what` (built only on failure) names the part.
  template <typename What>
  void checkSize(uint64_t size, size_t at, What what) {
    if (size + 1 > kPatternMaxProgram)
      failLimit(at, "pattern too large: " + what() + " needs more than " +
                        std::to_string(kPatternMaxProgram) + " instructions");
  }

  bool atEnd() const { return pos_ >= s_.size(); }
  char peek() const { return s_[pos_]; }

  Node parseAlt(unsigned depth) {
    size_t start = pos_;
    std::vector<Node> alts;
    alts.push_back(parseCat(depth));
    while (!atEnd() && peek() == '|') {
      ++pos_;
      alts.push_back(parseCat(depth));
    }
    if (alts.size() == 1) return std::move(alts[0]);
    Node n;
    n.kind = Node::ALT;
    n.size = 2 * (alts.size() - 1);
    for (auto &a : alts) n.size += a.size;
    checkSize(n.size, start, [&] { return "the alternation at offset " + std::to_string(start); });
    n.kids = std::move(alts);
    return n;
  }

  Node parseCat(unsigned depth) {
    Node n;
    n.kind = Node::CAT;
    while (!atEnd() && peek() != '|' && peek() != ')') {
      size_t at = pos_;
      Node k = parseRepeat(depth);
      // A part that compiles to nothing (an empty group, x{0}) is dropped,
      // so that every node left in a CAT emits at least one instruction.
      if (k.size == 0) continue;
      n.size += k.size;
      n.kids.push_back(std::move(k));
      checkSize(n.size, at, [&] { return "the text up to offset " + std::to_string(pos_); });
    }
    if (n.kids.empty()) return Node{};
    if (n.kids.size() == 1) return std::move(n.kids[0]);
    return n;
  }

  Node parseRepeat(unsigned depth) {
    Node atom = parseAtom(depth);
    bool quantified = false;
    while (!atEnd() && (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{')) {
      size_t at = pos_;
      unsigned min, max;
      std::string text;
      if (peek() == '{') {
        std::tie(min, max) = parseBraces(text);
      } else {
        text = std::string(1, peek());
        min = peek() == '+' ? 1 : 0;
        max = peek() == '?' ? 1 : kInfinite;
        ++pos_;
      }
      if (quantified)
        fail(at, "quantifier '" + text + "' follows another quantifier",
             " (group the repeated part: '(x*)" + text + "')");
      quantified = true;
      // A repeat of a body that compiles to nothing, or zero repeats, match
      // only the empty text: they are empty. This keeps the compiler's work
      // proportional to the instructions it emits (a body of size 0 would
      // otherwise be looped over, nested repeats multiplying the loops).
      if (atom.size == 0 || max == 0) {
        atom = Node{};
        continue;
      }
      Node r;
      r.kind = Node::REPEAT;
      r.min = min;
      r.max = max;
      uint64_t s = atom.size;
      r.size = min * s + (max == kInfinite ? s + 2 : (max - min) * (s + 1));
      checkSize(r.size, at, [&] { return "'" + text + "'"; });
      r.kids.push_back(std::move(atom));
      atom = std::move(r);
    }
    return atom;
  }

  // Parses "{m}", "{m,}" or "{m,n}" at pos_; text receives the quantifier.
  std::pair<unsigned, unsigned> parseBraces(std::string &text) {
    size_t at = pos_;
    size_t i = pos_ + 1;
    auto number = [&](unsigned &out) {
      size_t begin = i;
      uint64_t v = 0;
      while (i < s_.size() && s_[i] >= '0' && s_[i] <= '9') {
        v = std::min<uint64_t>(v * 10 + static_cast<unsigned>(s_[i] - '0'), 1u << 30);
        ++i;
      }
      out = static_cast<unsigned>(v);
      return i > begin;
    };
    unsigned min = 0, max = 0;
    bool ok = number(min);
    bool comma = false, hasMax = false;
    if (ok && i < s_.size() && s_[i] == ',') {
      comma = true;
      ++i;
      hasMax = number(max);
    }
    if (!ok || i >= s_.size() || s_[i] != '}') {
      fail(at, "malformed quantifier '{'",
           " (expected '{m}', '{m,}' or '{m,n}'; write '\\{' for a literal '{')");
    }
    ++i;
    text = std::string(s_.substr(at, i - at));
    if (!comma) max = min;
    if (comma && !hasMax) max = kInfinite;
    for (unsigned v : {min, max}) {
      if (v != kInfinite && v > kPatternMaxRepeat)
        failLimit(at, "repeat count in '" + text + "' exceeds the limit of " +
                          std::to_string(kPatternMaxRepeat));
    }
    if (min > max) fail(at, "quantifier '" + text + "' has min > max");
    pos_ = i;
    return {min, max};
  }

  static Node setNode(Ranges r) {
    Node n;
    n.kind = Node::SET;
    n.set = std::move(r);
    n.size = 1;
    return n;
  }

  Node parseAtom(unsigned depth) {
    size_t at = pos_;
    char c = peek();
    switch (c) {
      case '(': {
        if (depth >= kPatternMaxNesting)
          failLimit(at, "groups nested deeper than " + std::to_string(kPatternMaxNesting));
        ++pos_;
        if (s_.substr(pos_, 2) == "?:") {
          pos_ += 2;
        } else if (!atEnd() && peek() == '?') {
          fail(at, "unsupported group syntax '(?'", " (only '( )' and '(?: )' groups exist)");
        }
        Node inner = parseAlt(depth + 1);
        if (atEnd()) fail(at, "unclosed '('");
        ++pos_;  // ')'
        return inner;
      }
      case '[':
        return parseClass();
      case '.': {
        ++pos_;
        Node n;
        n.kind = Node::ANY;
        n.size = 1;
        return n;
      }
      case '\\': {
        Ranges r = parseEscape(nullptr);
        return setNode(std::move(r));
      }
      case '*':
      case '+':
      case '?':
      case '{':
        fail(at, std::string("nothing to repeat before '") + c + "'",
             std::string(" (write '\\") + c + "' for a literal '" + c + "')");
      case '}':
      case ']':
        fail(at, std::string("unmatched '") + c + "'",
             std::string(" (write '\\") + c + "' for a literal '" + c + "')");
      case '^':
      case '$':
        fail(at, std::string("'") + c + "' is not needed: a pattern always matches the whole value",
             std::string(" (write '\\") + c + "' for a literal '" + c + "')");
      default: {
        char32_t cp = literal();
        return setNode({{cp, cp}});
      }
    }
  }

  // Consumes one literal code point at pos_.
  char32_t literal() {
    size_t at = pos_;
    int32_t cp = decodeUtf8(s_, pos_);
    if (cp == kBadUtf8) fail(at, "invalid UTF-8 in the pattern");
    return static_cast<char32_t>(cp);
  }

  // Parses an escape at pos_ ('\\'). Returns its set of code points; when it
  // is a single character and `single` is given, stores it there too.
  Ranges parseEscape(char32_t *single) {
    size_t at = pos_;
    ++pos_;
    if (atEnd()) fail(at, "the pattern ends with an unfinished escape '\\'");
    char c = peek();
    auto one = [&](char32_t v) {
      ++pos_;
      if (single) *single = v;
      return Ranges{{v, v}};
    };
    auto cls = [&](Ranges r, bool negate) {
      ++pos_;
      normalize(r);
      return negate ? complement(r) : r;
    };
    switch (c) {
      case 'd': case 'D': return cls({{'0', '9'}}, c == 'D');
      case 'w': case 'W': return cls({{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}, c == 'W');
      case 's': case 'S':
        return cls({{0x09, 0x0D}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
                    {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
                    {0xFEFF, 0xFEFF}}, c == 'S');
      case 'n': return one('\n');
      case 't': return one('\t');
      case 'r': return one('\r');
      case 'f': return one('\f');
      case 'v': return one('\v');
      default: break;
    }
    auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && u > 0x20 && u < 0x7F && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                              (c >= 'A' && c <= 'Z')))
      return one(static_cast<char32_t>(u));
    size_t end = pos_;
    if (decodeUtf8(s_, end) == kBadUtf8) end = pos_ + 1;
    fail(at, "unknown escape '\\" + std::string(s_.substr(pos_, end - pos_)) + "'",
         " (escape only punctuation, or use \\d \\D \\s \\S \\w \\W \\n \\t \\r \\f \\v)");
  }

  // One class member for a range endpoint: a literal or a single-character escape.
  char32_t classEndpoint(size_t classStart) {
    size_t at = pos_;
    if (atEnd()) fail(classStart, "unclosed '['");
    if (peek() == '[')
      fail(at, "'[' inside a class must be escaped", " (write '\\[')");
    if (peek() == '\\') {
      char32_t v = 0;
      Ranges r = parseEscape(&v);
      if (r.size() != 1 || r[0].first != r[0].second)
        fail(at, "class escape '" + std::string(s_.substr(at, 2)) + "' cannot be a range endpoint");
      return v;
    }
    return literal();
  }

  Node parseClass() {
    size_t start = pos_;
    ++pos_;
    bool negate = false;
    if (!atEnd() && peek() == '^') {
      negate = true;
      ++pos_;
    }
    if (!atEnd() && peek() == ']')
      fail(start, "empty class '" + std::string(s_.substr(start, pos_ + 1 - start)) + "'",
           " (write '\\]' for a literal ']')");
    Ranges set;
    while (true) {
      if (atEnd()) fail(start, "unclosed '['");
      if (peek() == ']') break;
      size_t at = pos_;
      if (peek() == '\\') {
        char32_t v = 0;
        Ranges r = parseEscape(&v);
        bool isSingle = r.size() == 1 && r[0].first == r[0].second;
        if (!isSingle) {
          if (!atEnd() && peek() == '-' && pos_ + 1 < s_.size() && s_[pos_ + 1] != ']')
            fail(at, "class escape '" + std::string(s_.substr(at, 2)) +
                         "' cannot be a range endpoint");
          set.insert(set.end(), r.begin(), r.end());
          continue;
        }
        pos_ = at;  // re-read as an endpoint below
      }
      char32_t lo = classEndpoint(start);
      if (!atEnd() && peek() == '-' && pos_ + 1 < s_.size() && s_[pos_ + 1] != ']') {
        ++pos_;
        char32_t hi = classEndpoint(start);
        if (lo > hi)
          fail(at, "range '" + std::string(s_.substr(at, pos_ - at)) + "' is out of order");
        set.emplace_back(lo, hi);
      } else {
        set.emplace_back(lo, lo);
      }
    }
    ++pos_;  // ']'
    normalize(set);
    return setNode(negate ? complement(set) : set);
  }

  std::string_view s_;
  size_t pos_ = 0;
};

// ---- compiler ---------------------------------------------------------------

class Compiler {
 public:
  explicit Compiler(detail::PatternProgram &p) : p_(p) {}

  void emit(const Node &n) {
    switch (n.kind) {
      case Node::EMPTY:
        return;
      case Node::ANY:
        push({Op::ANY});
        return;
      case Node::SET:
        if (n.set.size() == 1 && n.set[0].first == n.set[0].second) {
          push({Op::CHAR, n.set[0].first});
        } else {
          // A repeated body is emitted many times; its sets are stored once.
          auto [it, fresh] = setIndex_.try_emplace(&n, static_cast<uint32_t>(p_.sets.size()));
          if (fresh) p_.sets.push_back(n.set);
          push({Op::SET, it->second});
        }
        return;
      case Node::CAT:
        for (const Node &k : n.kids) emit(k);
        return;
      case Node::ALT: {
        std::vector<uint32_t> jumps;
        for (size_t i = 0; i + 1 < n.kids.size(); ++i) {
          uint32_t split = push({Op::SPLIT, pc() + 1});
          emit(n.kids[i]);
          jumps.push_back(push({Op::JMP}));
          p_.code[split].b = pc();
        }
        emit(n.kids.back());
        for (uint32_t j : jumps) p_.code[j].a = pc();
        return;
      }
      case Node::REPEAT: {
        const Node &body = n.kids[0];
        for (unsigned i = 0; i < n.min; ++i) emit(body);
        if (n.max == kInfinite) {
          uint32_t loop = push({Op::SPLIT, pc() + 1});
          emit(body);
          push({Op::JMP, loop});
          p_.code[loop].b = pc();
        } else {
          std::vector<uint32_t> splits;
          for (unsigned i = n.min; i < n.max; ++i) {
            splits.push_back(push({Op::SPLIT, pc() + 1}));
            emit(body);
          }
          for (uint32_t s : splits) p_.code[s].b = pc();
        }
        return;
      }
    }
  }

  uint32_t push(Inst i) {
    p_.code.push_back(i);
    return pc() - 1;
  }

 private:
  uint32_t pc() const { return static_cast<uint32_t>(p_.code.size()); }
  detail::PatternProgram &p_;
  std::map<const Node *, uint32_t> setIndex_;
};

// Adds pc and everything reachable from it by SPLIT/JMP to `list`, once per
// generation. Only consuming instructions and MATCH are kept in the list.
void addState(const detail::PatternProgram &p, std::vector<uint32_t> &list,
              std::vector<size_t> &mark, std::vector<uint32_t> &stack, uint32_t start,
              size_t gen, size_t &steps) {
  stack.push_back(start);
  while (!stack.empty()) {
    uint32_t pc = stack.back();
    stack.pop_back();
    if (mark[pc] == gen) continue;
    mark[pc] = gen;
    ++steps;
    const Inst &in = p.code[pc];
    if (in.op == Op::JMP) {
      stack.push_back(in.a);
    } else if (in.op == Op::SPLIT) {
      stack.push_back(in.b);
      stack.push_back(in.a);
    } else {
      list.push_back(pc);
    }
  }
}

}  // namespace

std::variant<Pattern, PatternError> Pattern::compile(std::string_view pattern) {
  Node root;
  try {
    root = Parser(pattern).parse();
  } catch (ParseFailure &f) {
    return std::move(f.error);
  }
  auto program = std::make_shared<detail::PatternProgram>();
  program->source = std::string(pattern);
  program->code.reserve(root.size + 1);
  Compiler c(*program);
  c.emit(root);
  c.push({Op::MATCH});
  assert(program->code.size() == root.size + 1);
  return Pattern(std::move(program));
}

bool Pattern::matches(std::string_view utf8) const {
  MatchStats stats;
  return matches(utf8, stats);
}

bool Pattern::matches(std::string_view utf8, MatchStats &stats) const {
  stats = MatchStats{};
  if (utf8.size() > kPatternMaxInput) return false; // the work bound needs both limits
  if (!program_) {
    return utf8.empty();
  }
  const detail::PatternProgram &p = *program_;
  std::vector<uint32_t> clist, nlist, stack;
  std::vector<size_t> mark(p.code.size(), std::numeric_limits<size_t>::max());
  size_t gen = 0;
  addState(p, clist, mark, stack, 0, gen, stats.steps);
  size_t i = 0;
  while (i < utf8.size()) {
    int32_t cp = decodeUtf8(utf8, i);
    if (cp == kBadUtf8) return false;
    ++stats.codePoints;
    auto c = static_cast<char32_t>(cp);
    ++gen;
    nlist.clear();
    for (uint32_t pc : clist) {
      const Inst &in = p.code[pc];
      bool take = (in.op == Op::CHAR && in.a == c) || in.op == Op::ANY ||
                  (in.op == Op::SET && contains(p.sets[in.a], c));
      if (take) addState(p, nlist, mark, stack, pc + 1, gen, stats.steps);
    }
    std::swap(clist, nlist);
    if (clist.empty()) {
      // No thread survives; the rest must still be valid UTF-8 to be read,
      // but the answer is already false either way.
      return false;
    }
  }
  for (uint32_t pc : clist) {
    if (p.code[pc].op == Op::MATCH) return true;
  }
  return false;
}

const std::string &Pattern::source() const {
  static const std::string kEmpty;
  return program_ ? program_->source : kEmpty;
}

size_t Pattern::programSize() const { return program_ ? program_->code.size() : 1; }

}  // namespace callflow
