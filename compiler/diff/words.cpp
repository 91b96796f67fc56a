// The small tools of the diff: a bounded LCS, the word-level difference of
// two texts, canonical expression text, and the names of kinds.
#include "ast/source.h"
#include "diff/diff.h"

#include <algorithm>

namespace callflow::diff {

const char *categoryName(Category c) {
  switch (c) {
  case Category::Flow: return "flow";
  case Category::Steps: return "steps";
  case Category::Text: return "text";
  case Category::Branches: return "branches";
  case Category::Money: return "money";
  case Category::Forms: return "forms";
  case Category::Consequences: return "consequences";
  }
  return "?";
}

const char *categoryTitle(Category c) {
  switch (c) {
  case Category::Flow: return "Flow";
  case Category::Steps: return "Steps";
  case Category::Text: return "Lines";
  case Category::Branches: return "Branches";
  case Category::Money: return "Money";
  case Category::Forms: return "Forms and data";
  case Category::Consequences: return "Consequences";
  }
  return "?";
}

const char *kindName(Kind k) {
  switch (k) {
#define X(Name, Str, Cat)                                                      \
  case Kind::Name:                                                             \
    return Str;
    CALLFLOW_DIFF_KINDS(X)
#undef X
  }
  return "?";
}

Category categoryOf(Kind k) {
  switch (k) {
#define X(Name, Str, Cat)                                                      \
  case Kind::Name:                                                             \
    return Category::Cat;
    CALLFLOW_DIFF_KINDS(X)
#undef X
  }
  return Category::Flow;
}

namespace internal {

std::vector<std::pair<size_t, size_t>> lcs(size_t n, size_t m,
                                           const std::function<bool(size_t, size_t)> &eq,
                                           size_t maxCells) {
  std::vector<std::pair<size_t, size_t>> out;
  // Common prefix and suffix first: most edits touch little.
  size_t pre = 0;
  while (pre < n && pre < m && eq(pre, pre))
    ++pre;
  size_t suf = 0;
  while (suf < n - pre && suf < m - pre && eq(n - 1 - suf, m - 1 - suf))
    ++suf;
  for (size_t i = 0; i < pre; ++i)
    out.push_back({i, i});
  size_t a0 = pre, a1 = n - suf, b0 = pre, b1 = m - suf;
  size_t rows = a1 - a0, cols = b1 - b0;
  if (rows && cols && (rows + 1) * (cols + 1) <= maxCells) {
    // Lengths of the LCS of the suffixes, then one forward walk.
    std::vector<uint32_t> t((rows + 1) * (cols + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t & { return t[i * (cols + 1) + j]; };
    for (size_t i = rows; i-- > 0;)
      for (size_t j = cols; j-- > 0;)
        at(i, j) = eq(a0 + i, b0 + j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    size_t i = 0, j = 0;
    while (i < rows && j < cols) {
      if (eq(a0 + i, b0 + j)) {
        out.push_back({a0 + i, b0 + j});
        ++i, ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        ++i;
      } else {
        ++j;
      }
    }
  }
  for (size_t k = 0; k < suf; ++k)
    out.push_back({a1 + k, b1 + k});
  return out;
}

std::string exprText(const ast::Expr &e) {
  ast::SourceStyle style;
  style.literalsAsWritten = false; // `20.5` and `20.50` are one amount
  style.missing = "?";
  return ast::exprSource(e, style);
}

} // namespace internal

std::vector<WordSpan> wordDiff(llvm::StringRef oldText, llvm::StringRef newText) {
  auto split = [](llvm::StringRef s) {
    std::vector<std::string> w;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
        ++i;
      size_t j = i;
      while (j < s.size() && !(s[j] == ' ' || s[j] == '\t' || s[j] == '\n'))
        ++j;
      if (j > i)
        w.push_back(s.substr(i, j - i).str());
      i = j;
    }
    return w;
  };
  std::vector<std::string> a = split(oldText), b = split(newText);
  auto pairs = internal::lcs(a.size(), b.size(), [&](size_t i, size_t j) { return a[i] == b[j]; });
  std::vector<WordSpan> out;
  auto add = [&](WordSpan::Op op, const std::string &w) {
    if (!out.empty() && out.back().op == op) {
      out.back().text += " " + w;
      return;
    }
    out.push_back({op, w});
  };
  size_t i = 0, j = 0;
  pairs.push_back({a.size(), b.size()});
  for (auto [pi, pj] : pairs) {
    for (; i < pi; ++i)
      add(WordSpan::Op::Removed, a[i]);
    for (; j < pj; ++j)
      add(WordSpan::Op::Added, b[j]);
    if (pi < a.size()) {
      add(WordSpan::Op::Same, a[pi]);
      i = pi + 1, j = pj + 1;
    }
  }
  return out;
}

} // namespace callflow::diff
