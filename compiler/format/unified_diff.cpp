// Unified diff of two texts by lines (Myers' greedy O(ND) shortest edit
// script, with the trace kept per D to walk the path back).
#include "format/unified_diff.h"

#include <algorithm>
#include <vector>

#include "llvm/ADT/SmallVector.h"

namespace callflow::format {

namespace {
std::vector<llvm::StringRef> splitLines(llvm::StringRef s) {
  std::vector<llvm::StringRef> lines;
  while (!s.empty()) {
    size_t nl = s.find('\n');
    if (nl == llvm::StringRef::npos) {
      lines.push_back(s);
      break;
    }
    lines.push_back(s.take_front(nl + 1));
    s = s.drop_front(nl + 1);
  }
  return lines;
}

enum class Op : char { Keep = ' ', Del = '-', Add = '+' };
struct Edit {
  Op op;
  size_t a, b; // line indices in before / after
};

std::vector<Edit> shortestEdit(const std::vector<llvm::StringRef> &a,
                               const std::vector<llvm::StringRef> &b) {
  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
  const long max = n + m, off = max + 1;
  std::vector<long> v(2 * max + 3, 0);
  std::vector<std::vector<long>> trace;
  long dFound = 0;
  for (long d = 0; d <= max; ++d) {
    trace.push_back(v);
    bool done = false;
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
                                                                         : v[off + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[x] == b[y])
        ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
    if (done) {
      dFound = d;
      trace.push_back(v);
      break;
    }
  }
  // Walk back from (n, m).
  std::vector<Edit> edits;
  long x = n, y = m;
  for (long d = dFound; d >= 0; --d) {
    const std::vector<long> &pv = trace[d]; // V before step d
    long k = x - y;
    long prevK;
    if (d == 0) {
      while (x > 0 && y > 0) {
        --x, --y;
        edits.push_back({Op::Keep, size_t(x), size_t(y)});
      }
      break;
    }
    if (k == -d || (k != d && pv[off + k - 1] < pv[off + k + 1]))
      prevK = k + 1; // came down: an insertion
    else
      prevK = k - 1; // came right: a deletion
    long prevX = pv[off + prevK];
    long prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      --x, --y;
      edits.push_back({Op::Keep, size_t(x), size_t(y)});
    }
    if (prevK == k + 1)
      edits.push_back({Op::Add, size_t(x), size_t(--y)});
    else
      edits.push_back({Op::Del, size_t(--x), size_t(y)});
    x = prevX, y = prevY;
  }
  std::reverse(edits.begin(), edits.end());
  return edits;
}
} // namespace

std::string unifiedDiff(llvm::StringRef before, llvm::StringRef after, llvm::StringRef fromName,
                        llvm::StringRef toName, unsigned context) {
  if (before == after)
    return {};
  std::vector<llvm::StringRef> a = splitLines(before), b = splitLines(after);
  std::vector<Edit> edits = shortestEdit(a, b);
  std::string out = "--- " + fromName.str() + "\n+++ " + toName.str() + "\n";
  size_t i = 0;
  while (i < edits.size()) {
    // Find the next change, then extend the hunk while changes are within
    // 2 * context lines of each other.
    while (i < edits.size() && edits[i].op == Op::Keep)
      ++i;
    if (i == edits.size())
      break;
    size_t start = i >= context ? i - context : 0;
    size_t end = i;
    while (end < edits.size()) {
      if (edits[end].op != Op::Keep) {
        ++end;
        continue;
      }
      size_t run = end;
      while (run < edits.size() && edits[run].op == Op::Keep)
        ++run;
      if (run == edits.size() || run - end > 2 * context) {
        end = std::min(edits.size(), end + context);
        break;
      }
      end = run;
    }
    size_t aStart = 0, bStart = 0, aCount = 0, bCount = 0;
    bool first = true;
    for (size_t j = start; j < end; ++j) {
      const Edit &e = edits[j];
      if (first) {
        aStart = e.a;
        bStart = e.b;
        first = false;
      }
      if (e.op != Op::Add)
        ++aCount;
      if (e.op != Op::Del)
        ++bCount;
    }
    // diff -u numbers an empty side by the line before it.
    out += "@@ -" + std::to_string(aCount ? aStart + 1 : aStart) + "," + std::to_string(aCount) +
           " +" + std::to_string(bCount ? bStart + 1 : bStart) + "," + std::to_string(bCount) +
           " @@\n";
    for (size_t j = start; j < end; ++j) {
      const Edit &e = edits[j];
      llvm::StringRef line = e.op == Op::Add ? b[e.b] : a[e.a];
      out += static_cast<char>(e.op);
      out += line.str();
      if (!line.endswith("\n"))
        out += "\n\\ No newline at end of file\n";
    }
    i = end;
  }
  return out;
}

} // namespace callflow::format
