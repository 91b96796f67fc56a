// Format 5's coded string table (docs/bytecode.md "Format 5"): the writer.
//
// A string is coded as bytes: below 0x80 an ASCII byte, else code
// (byte - 0x80) of the table's code table, each code a non-ASCII code
// point or a pair of symbols (byte-pair encoding, as re-pair learns it).
// The codes are learned from the first kTrainSymbols symbols of the table;
// each string is then written coded or raw, whichever is shorter.
#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "string_coder.h"

namespace callflow {

namespace {

// What the codes are learned from: 64 Ki symbols learn nearly the codes
// 256 Ki do (tables 0.187 -> 0.206 of the source on graph_to_flow_titled
// 10k, 0.178 -> 0.182 at 100k, 0.35 -> 0.355 on gen_flow 100k, 0.135 ->
// 0.148 on a Cyrillic 10k) at under a third of the learning: 181 -> 54 M
// instructions on titled 10k, whose flowc build took 88.5 -> 74.0 ms
// (2026-12-05). Smaller tables are all training either way.
constexpr size_t kTrainSymbols = size_t(1) << 16;
constexpr size_t kMaxCodedInput = size_t(1) << 16; // longer strings stay raw
constexpr uint32_t kMaxPointCodes = 96;             // room is left for pairs
constexpr uint32_t kNoCode = 0xFF;

/// Decodes valid UTF-8 at s[i], advancing i.
uint32_t nextPoint(std::string_view s, size_t &i) {
  const uint8_t c = uint8_t(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  const unsigned n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  uint32_t cp = c & (0x3F >> (n - 1));
  for (unsigned k = 1; k < n; ++k) cp = (cp << 6) | (uint8_t(s[i + k]) & 0x3F);
  i += n;
  return cp;
}

void put(std::vector<uint8_t> &b, uint64_t v) { bc::writeVarint(b, v); }

/// Replaces each occurrence of the pair (a, b) in p[0, len), left to right
/// and not overlapping ("aaa" holds one (a, a)), by `t`, in place; returns
/// the new length. Learning a code and coding a later string both do it.
size_t replacePair(uint8_t *p, size_t len, uint8_t a, uint8_t b, uint8_t t) {
  size_t o = 0;
  for (size_t k = 0; k < len; ++k) {
    if (k + 1 < len && p[k] == a && p[k + 1] == b) {
      p[o++] = t;
      ++k;
    } else {
      p[o++] = p[k];
    }
  }
  return o;
}

} // namespace

std::vector<uint8_t> codeStringTable(const std::vector<std::string_view> &strs, const RunBoth &both) {
  const size_t n = strs.size();
  // 1. Which strings can be coded (valid UTF-8, not too long), and the
  //    non-ASCII code points they use, by the bytes a code would save.
  std::vector<uint8_t> codable(n, 0);
  std::unordered_map<uint32_t, uint64_t> pointSaves;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view s = strs[i];
    if (s.size() > kMaxCodedInput || !bc::isValidUtf8(s)) continue;
    codable[i] = 1;
    for (size_t k = 0; k < s.size();) {
      const size_t at = k;
      const uint32_t cp = nextPoint(s, k);
      if (cp >= 0x80) pointSaves[cp] += k - at - 1;
    }
  }
  std::vector<std::pair<uint64_t, uint32_t>> points; // (saves, cp)
  for (auto [cp, saves] : pointSaves) points.emplace_back(saves, cp);
  std::sort(points.begin(), points.end(), [](auto a, auto b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (points.size() > kMaxPointCodes) points.resize(kMaxPointCodes);
  std::sort(points.begin(), points.end(), [](auto a, auto b) { return a.second < b.second; });
  std::unordered_map<uint32_t, uint8_t> pointCode;
  // The code table: for a point code, its code point; for a pair, its two symbols.
  struct Code {
    uint32_t point = 0;
    uint8_t a = 0, b = 0;
    uint32_t bytes = 0; // length of the expansion
  };
  std::vector<Code> codes;
  for (auto [saves, cp] : points) {
    pointCode[cp] = uint8_t(0x80 + codes.size());
    codes.push_back(Code{cp, 0, 0, cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u});
  }

  // 2. Each codable string as symbols (ASCII bytes and point codes); one
  //    with a code point left out is written raw.
  std::vector<uint8_t> syms;
  std::vector<size_t> symOff(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    if (codable[i]) {
      const size_t start = syms.size();
      const std::string_view s = strs[i];
      for (size_t k = 0; k < s.size();) {
        const uint32_t cp = nextPoint(s, k);
        if (cp < 0x80) {
          syms.push_back(uint8_t(cp));
          continue;
        }
        auto it = pointCode.find(cp);
        if (it == pointCode.end()) {
          codable[i] = 0;
          break;
        }
        syms.push_back(it->second);
      }
      if (!codable[i]) syms.resize(start);
    }
    symOff[i + 1] = syms.size();
  }

  // 3. For each budget B of built-in codes tried (entries 0 .. B - 1, code
  //    bytes 0xFF down), the codes learned after them and the size of the
  //    table they code; the smallest wins (the first on a tie). The sizes
  //    fall and then rise as the budget grows (a small table gains from
  //    built-in codes, a large one learns better codes of its own: measured
  //    on the samples and the benchmark flows), so the budgets are tried
  //    from the smallest and the first larger size ends the search.
  const std::vector<Code> pointCodes = codes;
  std::vector<uint32_t> budgets;
  const uint32_t maxBuiltin = bc::kMaxCodes - uint32_t(pointCodes.size());
  for (uint32_t b : {0u, 32u, 64u, 96u, maxBuiltin})
    if (b <= maxBuiltin && std::find(budgets.begin(), budgets.end(), b) == budgets.end()) budgets.push_back(b);
  // The built-in codes by their first byte, longest first.
  std::vector<uint8_t> byFirst[128];
  uint32_t builtinLen[bc::kMaxCodes];
  for (uint32_t e = 0; e < bc::kMaxCodes; ++e) {
    builtinLen[e] = uint32_t(std::strlen(bc::kBuiltinCodes[e]));
    byFirst[uint8_t(bc::kBuiltinCodes[e][0])].push_back(uint8_t(e));
  }
  for (auto &v : byFirst)
    std::stable_sort(v.begin(), v.end(), [&](uint8_t x, uint8_t y) { return builtinLen[x] > builtinLen[y]; });
  // String i's symbols with the built-in codes below `budget`: the longest
  // match at each ASCII position.
  auto builtinSyms = [&](size_t i, uint32_t budget, std::vector<uint8_t> &to) {
    const uint8_t *p = syms.data() + symOff[i], *e = syms.data() + symOff[i + 1];
    while (p < e) {
      bool matched = false;
      if (*p < 0x80 && budget > 0)
        for (uint8_t c : byFirst[*p]) {
          if (c >= budget || builtinLen[c] > size_t(e - p) ||
              std::memcmp(p, bc::kBuiltinCodes[c], builtinLen[c]) != 0)
            continue;
          to.push_back(uint8_t(0xFF - c));
          p += builtinLen[c];
          matched = true;
          break;
        }
      if (!matched) to.push_back(*p++);
    }
  };
  auto rawEntry = [](size_t len) { return bc::varintSize(2 * len) + len; };
  auto codedEntry = [](size_t len) { return bc::varintSize(2 * len + 1) + len; };

  // What one budget learned. The pairs are learned (re-pair) on the
  // training words: the built-in-coded symbols of the first strings, up to
  // kTrainSymbols. Learning rewrites each word with each new code in the
  // order the codes are learned, which is exactly how a string is coded
  // (step 4: the lowest rank present first, all its occurrences; a merge
  // only makes pairs with the new code, whose ranks are higher), so the
  // words end coded and the strings they hold need no coding again.
  struct Learned {
    uint32_t budget = 0;
    std::vector<Code> codes;
    std::vector<uint8_t> rank = std::vector<uint8_t>(256 * 256, kNoCode); // pair -> code index
    std::vector<uint8_t> work;                                             // the training words, coded
    std::vector<size_t> wOff, wLen;
    std::vector<uint32_t> wordOf; // string -> its training word, or UINT32_MAX
    size_t stop = 0;              // strings before it are trained (or too short to be)
    double size = 0;              // the table's size: exact when stop == n, else estimated
  };
  Learned best;
  bool haveBest = false;
  uint64_t decoded = 0; // what the verifier decodes, raw strings included
  for (std::string_view s : strs) decoded += s.size();
  // Learns the codes for `budget` into `cur` and sizes the table they
  // give. Reads only what is above, so two budgets may learn at once.
  auto learn = [&](uint32_t budget, Learned &cur) {
    // Pair -> the words it was counted in: a list for each pair seen,
    // found through a slot per pair (not 65,536 lists: a small table sees
    // a few hundred pairs, and 1.5 MB of empty lists is fresh memory).
    std::vector<uint32_t> listOf(256 * 256, 0); // 0: none yet, else index + 1
    std::vector<std::vector<uint32_t>> lists;
    auto where = [&](size_t pr) -> std::vector<uint32_t> & {
      uint32_t &slot = listOf[pr];
      if (slot == 0) {
        lists.emplace_back();
        slot = uint32_t(lists.size());
      }
      return lists[slot - 1];
    };
    cur.budget = budget;
    cur.codes = pointCodes;
    std::fill(cur.rank.begin(), cur.rank.end(), uint8_t(kNoCode));
    cur.work.clear();
    cur.wOff.assign(1, 0);
    cur.wLen.clear();
    cur.wordOf.assign(n, UINT32_MAX);
    // The training words, and each string's coded length before learning
    // (a string too short for a pair keeps it).
    std::vector<size_t> shortLen(n, 0);
    size_t i = 0;
    for (; i < n && cur.work.size() < kTrainSymbols; ++i) {
      if (!codable[i]) continue;
      const size_t before = cur.work.size();
      builtinSyms(i, budget, cur.work);
      const size_t len = cur.work.size() - before;
      if (len < 2) {
        shortLen[i] = len;
        cur.work.resize(before);
        continue;
      }
      cur.wordOf[i] = uint32_t(cur.wLen.size());
      cur.wLen.push_back(len);
      cur.wOff.push_back(cur.work.size());
    }
    cur.stop = i;
    std::vector<Code> &codes = cur.codes;
    auto symBytes = [&](uint8_t sym) {
      if (sym < 0x80) return 1u;
      const uint32_t j = sym - 0x80u;
      return j < codes.size() ? codes[j].bytes : builtinLen[0xFF - sym];
    };
    // The most frequent adjacent pair becomes a code while it saves more
    // bytes than its entry costs (3: header and two symbols).
    {
      std::vector<uint8_t> &work = cur.work;
      const std::vector<size_t> &wOff = cur.wOff;
      std::vector<size_t> &wLen = cur.wLen;
      // Pair counts are kept up to date word by word: a word the new code
      // does not occur in keeps its pairs, one it occurs in has its pairs
      // taken out before the rewrite and counted again after (each word
      // counted as a full recount would: a run "aaa" is one pair). Only
      // pairs with a count are looked at for the next code; the choice is
      // the most frequent pair whose expansion fits, the lowest pair on a
      // tie, as a scan of all 65,536 pairs in order would choose.
      //
      // Which words to rewrite for a new code comes from `where`: for each
      // pair, the words it was counted in (a word is listed again when a
      // window of it is counted again, and may no longer hold the pair:
      // each is read once per code and passed over when it does not), so a
      // code costs the words it occurs in, not a pass over all of them.
      std::vector<uint32_t> counts(256 * 256, 0);
      std::vector<uint16_t> live; // pairs that had a count (some may be 0 now)
      std::vector<uint8_t> inLive(256 * 256, 0);
      for (auto &list : lists)
        list.clear();
      std::vector<uint32_t> seenFor(wLen.size(), kNoCode); // the code a word was last read for
      // Adds (or takes out) the pairs of p[0, len) as a word of its own:
      // a whole word, or a run-aligned window of one (see below).
      auto countWord = [&](uint32_t w, const uint8_t *p, size_t len, bool add) {
        for (size_t k = 0; k + 1 < len; ++k) {
          const size_t pr = size_t(p[k]) << 8 | p[k + 1];
          if (add) {
            if (counts[pr]++ == 0 && !inLive[pr]) inLive[pr] = 1, live.push_back(uint16_t(pr));
            if (std::vector<uint32_t> &list = where(pr); list.empty() || list.back() != w)
              list.push_back(w);
          } else {
            --counts[pr];
          }
          if (p[k] == p[k + 1] && k + 2 < len && p[k + 2] == p[k]) ++k; // "aaa": one pair
        }
      };
      for (size_t w = 0; w < wLen.size(); ++w) countWord(uint32_t(w), work.data() + wOff[w], wLen[w], true);
      // A word's count is the sum over its runs of equal symbols (a run of
      // L counts L / 2 of its pair) and over the pairs where one run meets
      // the next. So when a code (a, b), a != b, rewrites a word, only the
      // runs around each occurrence change: the window from the run before
      // a's run to the run after b's run (t is new, so no neighbour equals
      // it and both ends stay where a run ends). Those windows are taken
      // out and counted again, not the whole word; a code (a, a), whose
      // occurrences depend on the parity of runs, recounts the whole word.
      std::vector<size_t> matches;
      std::vector<std::pair<size_t, size_t>> windows;
      while (codes.size() < bc::kMaxCodes - budget) {
        uint32_t top = 0;
        size_t topPair = 0;
        for (size_t k = 0; k < live.size();) {
          const size_t pr = live[k];
          if (counts[pr] == 0) { // gone: drop it from the list
            inLive[pr] = 0;
            live[k] = live.back();
            live.pop_back();
            continue;
          }
          if ((counts[pr] > top || (counts[pr] == top && pr < topPair)) &&
              symBytes(uint8_t(pr >> 8)) + symBytes(uint8_t(pr)) <= bc::kMaxCodeBytes) {
            top = counts[pr];
            topPair = pr;
          }
          ++k;
        }
        if (top <= 3) break;
        const uint8_t a = uint8_t(topPair >> 8), b = uint8_t(topPair), t = uint8_t(0x80 + codes.size());
        cur.rank[topPair] = uint8_t(codes.size());
        codes.push_back(Code{0, a, b, symBytes(a) + symBytes(b)});
        std::vector<uint32_t> listed;
        listed.swap(where(topPair)); // no word holds the pair once rewritten
        for (uint32_t w : listed) {
          if (seenFor[w] == codes.size())
            continue;
          seenFor[w] = uint32_t(codes.size());
          uint8_t *p = work.data() + wOff[w];
          const size_t len = wLen[w];
          matches.clear();
          for (size_t k = 0; k + 1 < len; ++k)
            if (p[k] == a && p[k + 1] == b)
              matches.push_back(k++);
          if (matches.empty())
            continue;
          auto runStart = [&](size_t i) {
            while (i > 0 && p[i - 1] == p[i])
              --i;
            return i;
          };
          auto runEnd = [&](size_t i) {
            while (i + 1 < len && p[i + 1] == p[i])
              ++i;
            return i + 1;
          };
          windows.clear();
          if (a == b) {
            windows.push_back({0, len});
          } else {
            for (size_t k : matches) {
              size_t lo = runStart(k), hi = runEnd(k + 1);
              if (lo > 0)
                lo = runStart(lo - 1);
              if (hi < len)
                hi = runEnd(hi);
              if (!windows.empty() && lo <= windows.back().second)
                windows.back().second = std::max(windows.back().second, hi);
              else
                windows.push_back({lo, hi});
            }
          }
          for (auto [lo, hi] : windows)
            countWord(w, p + lo, hi - lo, false);
          wLen[w] = replacePair(p, len, a, b, t); // at `matches`
          // Each window's place in the rewritten word: less one symbol per
          // occurrence before it, its length less one per occurrence in it.
          for (size_t m = 0; auto [lo, hi] : windows) {
            while (m < matches.size() && matches[m] < lo)
              ++m;
            const size_t before = m;
            while (m < matches.size() && matches[m] < hi)
              ++m;
            countWord(w, p + lo - before, hi - lo - (m - before), true);
          }
        }
      }
    }
    // The table's size: exact for the strings before `stop`; the rest are
    // assumed to code as well as those (a larger table's later strings are
    // coded only under the winning budget, in step 4).
    double size = double(bc::varintSize(n) + bc::varintSize(codes.size()));
    for (const Code &c : codes) size += c.point ? bc::varintSize(uint64_t(c.point) << 1 | 1) : 3;
    double body = 0, raw = 0, rest = 0;
    for (size_t k = 0; k < n; ++k) {
      const size_t r = rawEntry(strs[k].size());
      if (k >= cur.stop) {
        rest += double(r);
        continue;
      }
      raw += double(r);
      size_t e = r;
      if (codable[k]) {
        const size_t len = cur.wordOf[k] != UINT32_MAX ? cur.wLen[cur.wordOf[k]] : shortLen[k];
        e = std::min(e, codedEntry(len));
      }
      body += double(e);
    }
    cur.size = size + body + (rest > 0 && raw > 0 ? rest * body / raw : rest);
  };
  // Whether the search goes on after `cur` (which may be swapped with the
  // best so far).
  auto consider = [&](Learned &cur) {
    if (double(decoded) > double(bc::kMaxCodedExpansion) * cur.size + double(bc::kCodedSlack))
      return true; // past the verifier's budget
    if (haveBest && cur.size > best.size)
      return false; // the sizes fall and then rise with the budget: past the lowest
    if (!haveBest || cur.size < best.size) {
      std::swap(cur, best);
      haveBest = true;
    }
    return true;
  };
  // The budgets in order; with `both`, two at a time (the second is wasted
  // when the first ends the search, and the outcome is the same).
  Learned first, second;
  for (size_t k = 0; k < budgets.size();) {
    if (both && k + 1 < budgets.size()) {
      both([&] { learn(budgets[k], first); }, [&] { learn(budgets[k + 1], second); });
      if (!consider(first) || !consider(second))
        break;
      k += 2;
    } else {
      learn(budgets[k], first);
      if (!consider(first))
        break;
      ++k;
    }
  }

  // 4. The winner codes every string: a trained one is its training word;
  //    a later one merges its pairs in the order they were learned (the
  //    lowest rank present first, all of its occurrences).
  std::vector<uint8_t> out;
  if (haveBest) {
    const std::vector<Code> &codes = best.codes;
    std::vector<uint8_t> body, seq;
    for (size_t i = 0; i < n; ++i) {
      const std::string_view s = strs[i];
      if (codable[i]) {
        const uint8_t *coded;
        size_t len;
        if (i < best.stop && best.wordOf[i] != UINT32_MAX) {
          coded = best.work.data() + best.wOff[best.wordOf[i]];
          len = best.wLen[best.wordOf[i]];
        } else {
          seq.clear();
          builtinSyms(i, best.budget, seq);
          while (i >= best.stop) { // a string before it is too short for a pair
            uint32_t low = kNoCode;
            for (size_t k = 0; k + 1 < seq.size(); ++k)
              low = std::min<uint32_t>(low, best.rank[size_t(seq[k]) << 8 | seq[k + 1]]);
            if (low == kNoCode) break;
            seq.resize(replacePair(seq.data(), seq.size(), codes[low].a, codes[low].b, uint8_t(0x80 + low)));
          }
          coded = seq.data();
          len = seq.size();
        }
        if (codedEntry(len) <= rawEntry(s.size())) {
          put(body, 2 * uint64_t(len) + 1);
          body.insert(body.end(), coded, coded + len);
          continue;
        }
      }
      put(body, 2 * uint64_t(s.size()));
      body.insert(body.end(), s.begin(), s.end());
    }
    put(out, n);
    put(out, codes.size());
    for (const Code &c : codes) {
      if (c.point) {
        put(out, uint64_t(c.point) << 1 | 1);
      } else {
        put(out, 4); // two symbols
        out.push_back(c.a);
        out.push_back(c.b);
      }
    }
    out.insert(out.end(), body.begin(), body.end());
    if (decoded > bc::kMaxCodedExpansion * out.size() + bc::kCodedSlack)
      out.clear(); // an estimate too hopeful: the plain table below
  }
  // 5. The plain table (no codes, every string raw) when it is no larger,
  //    or when the coded one would decode past the verifier's budget.
  std::vector<uint8_t> plain;
  size_t plainSize = bc::varintSize(n) + 1;
  for (std::string_view s : strs) plainSize += bc::varintSize(2 * s.size()) + s.size();
  if (out.empty() || plainSize <= out.size()) {
    plain.reserve(plainSize);
    put(plain, n);
    put(plain, 0);
    for (std::string_view s : strs) {
      put(plain, 2 * uint64_t(s.size()));
      plain.insert(plain.end(), s.begin(), s.end());
    }
    return plain;
  }
  return out;
}

} // namespace callflow
