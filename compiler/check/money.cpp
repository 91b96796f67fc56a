// Money, one model shared with the runtime (docs/language.md, "Money"):
// `invoice` only while a charge is open (E0404), `take payment` after an
// invoice that follows the last charge (E0405), a charge of something
// still open (W0406), and hard-coded amounts in a line (say, note, ask,
// option, do) that match no price of the items a path through the line
// can charge or its step mentions, nor a sum of them (W0407, with a fix-it
// to `{price CODE}`).
#include <algorithm>
#include <cstdint>
#include <functional>
#include <set>

#include "callflow/value.h"
#include "check/checker.h"

namespace callflow::check {

using diag::DiagId;
using sema::Symbol;

namespace {
/// The one model of money (docs/language.md, "Money"): a charge is open
/// from the `charge` until a payment is accepted (the edge out of a `take
/// payment` that is not its `else`); a declined payment leaves it open.
/// Each query has two states of its own, 0 and 1, times the tuples of
/// known values:
/// - InvoiceNeedsCharge (E0404): 1 when some charge is open; an `invoice`
///   in 0 is a violation.
/// - PaymentNeedsInvoice (E0405): 1 when an `invoice` came after the last
///   `charge`; a `take payment` in 0 is a violation. A declined payment
///   keeps the invoice standing: the call may take payment again.
/// - DoubleCharge (W0406): 1 when the charge counted (`charge`: an item's
///   index or -2 - slot) is open; charging it in 1 is a violation, on
///   every path, retry loops back to the charging step included.
/// - PercentNeedsBasis (W0410): 1 when a charge that is not a percentage
///   item is open; charging a percentage item in 0 charges $0.00.
struct MoneyQuery : FactQuery {
  enum class Mode { InvoiceNeedsCharge, PaymentNeedsInvoice, DoubleCharge, PercentNeedsBasis };
  const Checker &c;
  Mode mode;
  int charge = -1; // DoubleCharge: Node::charge of the charges counted
  std::vector<std::pair<int, int>> hits; // node, state
  std::vector<bool> &hitNode;

  MoneyQuery(const Checker &c, Mode m, std::vector<bool> &hitNode)
      : FactQuery(*c.flowFacts, 2, {0}), c(c), mode(m), hitNode(hitNode) {
    hitNode.assign(c.cfg.nodes.size(), false);
  }
  void visit(int node, int state, llvm::SmallVectorImpl<int> &after) override {
    const Node &n = c.cfg.nodes[node];
    using K = ast::Stmt::Kind;
    int st = own(state);
    if (n.kind == Node::Kind::Stmt) {
      bool bad = false;
      if (n.stmtKind == K::Charge) {
        switch (mode) {
        case Mode::InvoiceNeedsCharge: st = 1; break;
        case Mode::PaymentNeedsInvoice: st = 0; break;
        case Mode::DoubleCharge:
          if (n.charge == charge) {
            bad = st == 1;
            st = 1;
          }
          break;
        case Mode::PercentNeedsBasis:
          if (n.charge >= 0 && c.p.catalog[size_t(n.charge)].kind == bc::ItemKind::Percent)
            bad = st == 0;
          else
            st = 1;
          break;
        }
      } else if (n.stmtKind == K::Invoice) {
        bad = mode == Mode::InvoiceNeedsCharge && st == 0;
        if (mode == Mode::PaymentNeedsInvoice)
          st = 1;
      } else if (n.stmtKind == K::TakePayment) {
        bad = mode == Mode::PaymentNeedsInvoice && st == 0;
      }
      if (bad && !hitNode[node]) {
        hitNode[node] = true;
        hits.push_back({node, state});
      }
    }
    applyFacts(node, st, facts(state), after);
  }
  /// An accepted payment (the way on from a `take payment` that is not its
  /// `else`) closes every open charge.
  int crossOwn(const Edge &e, int q) const override {
    if (e.kind == Edge::Kind::Declined)
      return q;
    const Node &from = c.cfg.nodes[e.from];
    if (from.kind == Node::Kind::Stmt && from.stmtKind == ast::Stmt::Kind::TakePayment)
      return 0;
    return q;
  }
};

struct Amount {
  size_t offset, length; // in the literal run
  int64_t cents;
  /// False when the amount is not a whole number of cents ($20.001) or is
  /// too large: it then matches no price.
  bool exact;
  std::string spelling;
  /// The length of a "per month" after it ("a month", "per month",
  /// "/month", "/ month", "monthly"), 0 for none: a monthly price when the
  /// line can charge a monthly item (then the words count as part of it).
  size_t suffix = 0;
};

/// The length of a "per month" suffix at `j` of `s` (spaces first): " a
/// month", " per month", "/month", " / month", " monthly"; 0 for none.
size_t monthlySuffix(llvm::StringRef s, size_t j) {
  size_t k = j;
  while (k < s.size() && s[k] == ' ')
    ++k;
  llvm::StringRef rest = s.substr(k);
  size_t word = 0;
  if (rest.startswith("/")) {
    word = 1;
    while (word < rest.size() && rest[word] == ' ')
      ++word;
    if (!rest.substr(word).startswith("month"))
      return 0;
    word += 5;
  } else if (rest.startswith("a month")) {
    word = 7;
  } else if (rest.startswith("per month")) {
    word = 9;
  } else if (rest.startswith("monthly")) {
    word = 7;
  } else {
    return 0;
  }
  if (k == j && rest[0] != '/')
    return 0; // "$5monthly" is glued, and not read here
  if (word < rest.size() && (isalpha((unsigned char)rest[word]) || (unsigned char)rest[word] >= 0x80))
    return 0; // "a monthly fee" is not "a month"
  return k - j + word;
}

/// A rate written in a line: `4%`, `2.5%` (hundredths of a percent).
struct Rate {
  size_t offset, length;
  int64_t hundredths;
  bool exact; // at most two decimals and at most 100,000%
  std::string spelling;
};
std::vector<Rate> findRates(llvm::StringRef s) {
  std::vector<Rate> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!isdigit((unsigned char)s[i]))
      continue;
    if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '$' ||
                  s[i - 1] == ',' || (unsigned char)s[i - 1] >= 0x80)) {
      while (i + 1 < s.size() && isdigit((unsigned char)s[i + 1]))
        ++i;
      continue;
    }
    size_t j = i;
    int64_t whole = 0;
    bool exact = true;
    while (j < s.size() && isdigit((unsigned char)s[j])) {
      if (whole > 100000)
        exact = false;
      else
        whole = whole * 10 + (s[j] - '0');
      ++j;
    }
    int64_t h = whole * 100;
    if (j + 1 < s.size() && s[j] == '.' && isdigit((unsigned char)s[j + 1])) {
      ++j;
      for (int place = 0; j < s.size() && isdigit((unsigned char)s[j]); ++j, ++place) {
        int d = s[j] - '0';
        if (place == 0)
          h += d * 10;
        else if (place == 1)
          h += d;
        else if (d != 0)
          exact = false;
      }
    }
    if (j < s.size() && s[j] == '%')
      out.push_back({i, j + 1 - i, h, exact, s.substr(i, j + 1 - i).str()});
    i = j;
  }
  return out;
}

/// `$20`, `$ 35.00`, `$1,200.50`, `$20.5` in a literal run, each with all
/// the digits written: `$20.5` is twenty dollars fifty, `$20.001` is no
/// price at all, and neither is read as `$20`. A `.` not followed by a
/// digit ends the amount (`$20.` at the end of a sentence). An amount
/// followed by a letter is part of a word, not a price.
std::vector<Amount> findAmounts(llvm::StringRef s) {
  std::vector<Amount> out;
  constexpr int64_t kMaxWhole = INT64_MAX / 1000;
  for (size_t i = s.find('$'); i != llvm::StringRef::npos; i = s.find('$', i + 1)) {
    size_t j = i + 1;
    while (j < s.size() && s[j] == ' ')
      ++j;
    size_t digits = j;
    int64_t whole = 0;
    bool exact = true;
    while (j < s.size() && (isdigit((unsigned char)s[j]) ||
                            (s[j] == ',' && j > digits && j + 1 < s.size() &&
                             isdigit((unsigned char)s[j + 1])))) {
      if (s[j] != ',') {
        if (whole > kMaxWhole)
          exact = false;
        else
          whole = whole * 10 + (s[j] - '0');
      }
      ++j;
    }
    if (j == digits)
      continue;
    int64_t cents = whole * 100;
    if (j + 1 < s.size() && s[j] == '.' && isdigit((unsigned char)s[j + 1])) {
      ++j;
      for (int place = 0; j < s.size() && isdigit((unsigned char)s[j]); ++j, ++place) {
        int d = s[j] - '0';
        if (place == 0)
          cents += d * 10;
        else if (place == 1)
          cents += d;
        else if (d != 0)
          exact = false;
      }
    }
    // An amount glued to a word (`$1million`, `$5k`, `$3млн`) is not a
    // price: no warning, and no fix-it that would print "$21.99million".
    if (j < s.size() && (isalpha((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80)) {
      i = j - 1;
      continue;
    }
    out.push_back({i, j - i, cents, exact, s.substr(i, j - i).str(), monthlySuffix(s, j)});
    i = j - 1;
  }
  return out;
}

/// The source range of bytes [offset, offset + length) of the literal run
/// of `t` that starts at byte `begin` of its chars, whose escapes are
/// decoded (`\"` is one byte of the literal and two of the source); an
/// invalid range when `t` has no source.
llvm::SMRange sourceRange(const ast::Text &t, size_t begin, size_t offset, size_t length) {
  const char *p = t.range.Start.getPointer();
  const char *end = t.range.End.getPointer();
  if (!p || !end || p >= end)
    return {};
  ++p; // the opening quote
  // The run starts after the placeholder before it, if any.
  const llvm::ArrayRef<ast::Placeholder> phs = t.placeholders();
  for (size_t k = phs.size(); k-- > 0;)
    if (phs[k].at <= begin) {
      p = phs[k].range.End.getPointer();
      break;
    }
  auto skip = [&](size_t decoded) {
    for (; decoded > 0 && p < end; --decoded)
      p += *p == '\\' ? 2 : 1;
  };
  skip(offset);
  const char *start = p;
  skip(length);
  if (p > end)
    return {};
  return {llvm::SMLoc::getFromPointer(start), llvm::SMLoc::getFromPointer(p)};
}
/// Adds the catalog items `t` names (`{price CODE}`) to `items`. True when
/// its literal runs hold a `$` or a `%`: without one a line has no amount
/// (findAmounts) and no rate (findRates) to check.
bool collectPriceMentions(const ast::Text &t, std::set<int> &items) {
  for (const ast::Placeholder &ph : t.placeholders())
    if (const Symbol s = sema::Program::placeholderOf(ph); s.kind == Symbol::Kind::CatalogItem)
      items.insert(s.index);
  const llvm::StringRef literal = t.literal();
  return literal.contains('$') || literal.contains('%');
}

/// The items that some path through each step can charge, before or after
/// it: the items its own statements charge, those of every step it can
/// reach, and those of every step that can reach it. Strongly connected
/// steps share one set; the sets are bit sets over the charged items,
/// filled over the condensation in topological order, so the work is
/// (steps + edges) x (charged items / 64). Empty when that would pass
/// kMaxPriceWords words: lines are then checked against their own step's
/// items only (docs/language.md, "Limits").
struct ChargeReach {
  static constexpr size_t kMaxPriceWords = size_t(1) << 22;
  std::vector<int> compOf;         // per step
  std::vector<uint64_t> bits;      // per component: words x its set
  size_t words = 0;
  bool has(int step, int k) const {
    return !bits.empty() && (bits[size_t(compOf[step]) * words + size_t(k) / 64] >> (k % 64)) & 1;
  }
};

/// A list of ints for each step, back to back: two arrays, not a vector a
/// step (a large flow has 100k steps, most of them with an empty list).
struct StepLists {
  std::vector<uint32_t> begin{0};
  std::vector<int> items;
  /// Ends the list of the next step: the items added since are its.
  void close() { begin.push_back(uint32_t(items.size())); }
  llvm::ArrayRef<int> of(size_t step) const {
    return llvm::ArrayRef<int>(items).slice(begin[step], begin[step + 1] - begin[step]);
  }
};

ChargeReach chargeReach(const sema::Program &p, const Cfg &cfg, const StepLists &stepCharges,
                        int numCharged) {
  ChargeReach r;
  const size_t n = p.steps.size();
  r.words = (size_t(numCharged) + 63) / 64;
  if (numCharged == 0 || n == 0 || n * r.words > ChargeReach::kMaxPriceWords)
    return r;
  // Step graph, CSR, from the statement graph's jumps (not Program::edges:
  // analyseGraph makes those beside this, when the prices in lines run on
  // a thread of their own). Nodes are numbered step by step, so the jumps
  // come out grouped by their source step.
  std::vector<uint32_t> begin(n + 1, 0);
  std::vector<int> to;
  to.reserve(cfg.jumps);
  for (const Node &node : cfg.nodes)
    for (uint32_t e = node.firstEdge; e < node.firstEdge + node.numEdges; ++e)
      if (const Edge &edge = cfg.edges[e]; edge.toStep) {
        ++begin[size_t(node.step) + 1];
        to.push_back(cfg.nodes[edge.to].step);
      }
  for (size_t s = 0; s < n; ++s)
    begin[s + 1] += begin[s];
  // Tarjan, iterative: components come out sinks first.
  std::vector<int> index(n, -1), low(n, 0), stack;
  std::vector<bool> onStack(n, false);
  r.compOf.assign(n, -1);
  int counter = 0, comps = 0;
  std::vector<std::pair<int, uint32_t>> work;
  for (size_t root = 0; root < n; ++root) {
    if (index[root] >= 0)
      continue;
    work.push_back({(int)root, begin[root]});
    index[root] = low[root] = counter++;
    stack.push_back((int)root);
    onStack[root] = true;
    while (!work.empty()) {
      auto &[v, i] = work.back();
      if (i < begin[size_t(v) + 1]) {
        int w = to[i++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          onStack[w] = true;
          work.push_back({w, begin[size_t(w)]});
        } else if (onStack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        int w;
        do {
          w = stack.back();
          stack.pop_back();
          onStack[w] = false;
          r.compOf[w] = comps;
        } while (w != v);
        ++comps;
      }
      int done = v;
      work.pop_back();
      if (!work.empty())
        low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  const size_t W = r.words;
  std::vector<uint64_t> own(size_t(comps) * W, 0), down, up;
  for (size_t s = 0; s < n; ++s)
    for (int k : stepCharges.of(s))
      own[size_t(r.compOf[s]) * W + size_t(k) / 64] |= uint64_t(1) << (k % 64);
  // Steps by component, so each component's edges are walked together.
  std::vector<uint32_t> cBegin(size_t(comps) + 1, 0);
  for (size_t s = 0; s < n; ++s)
    ++cBegin[size_t(r.compOf[s]) + 1];
  for (int c = 0; c < comps; ++c)
    cBegin[size_t(c) + 1] += cBegin[size_t(c)];
  std::vector<int> byComp(n);
  {
    std::vector<uint32_t> fill(cBegin.begin(), cBegin.end() - 1);
    for (size_t s = 0; s < n; ++s)
      byComp[fill[size_t(r.compOf[s])]++] = (int)s;
  }
  // Down: a component's items and those of every component after it
  // (successors come out of Tarjan first).
  down = own;
  for (int c = 0; c < comps; ++c)
    for (uint32_t i = cBegin[size_t(c)]; i < cBegin[size_t(c) + 1]; ++i)
      for (uint32_t e = begin[size_t(byComp[i])]; e < begin[size_t(byComp[i]) + 1]; ++e)
        if (int d = r.compOf[to[e]]; d != c)
          for (size_t w = 0; w < W; ++w)
            down[size_t(c) * W + w] |= down[size_t(d) * W + w];
  // Up: pushed from each component to its successors, sources first.
  up = own;
  for (int c = comps; c-- > 0;)
    for (uint32_t i = cBegin[size_t(c)]; i < cBegin[size_t(c) + 1]; ++i)
      for (uint32_t e = begin[size_t(byComp[i])]; e < begin[size_t(byComp[i]) + 1]; ++e)
        if (int d = r.compOf[to[e]]; d != c)
          for (size_t w = 0; w < W; ++w)
            up[size_t(d) * W + w] |= up[size_t(c) * W + w];
  r.bits.resize(size_t(comps) * W);
  for (size_t i = 0; i < r.bits.size(); ++i)
    r.bits[i] = down[i] | up[i];
  return r;
}

/// Whether `cents` is the sum of 2 to kMaxSummands of `prices` (each
/// used once; sorted ascending), trying at most kMaxSumTries
/// combinations. `exhausted` is set when the search stopped on that bound.
constexpr int kMaxSummands = 4;
constexpr unsigned kMaxSumTries = 1u << 16;
bool isSum(const std::vector<int64_t> &prices, int64_t cents, bool &exhausted) {
  unsigned tries = 0;
  // Depth-first over increasing indexes; prices ascend, so a sum that
  // already passes the target ends the branch.
  std::function<bool(size_t, int64_t, int)> go = [&](size_t from, int64_t left, int used) {
    for (size_t i = from; i < prices.size(); ++i) {
      if (prices[i] > left)
        return false;
      if (++tries > kMaxSumTries) {
        exhausted = true;
        return false;
      }
      if (prices[i] == left && used + 1 >= 2)
        return true;
      if (used + 1 < kMaxSummands && go(i + 1, left - prices[i], used + 1))
        return true;
      if (exhausted)
        return false;
    }
    return false;
  };
  return go(0, cents, 0);
}

/// Whether `cents` is what a percentage item of `rates` adds to one price
/// or a sum of 2 to kMaxSummands `prices` (the surcharge itself), or that
/// sum with the surcharge (a total quoted with it): the runtime charges a
/// percentage of the open charges, rounded half up to cents. At most
/// kMaxSumTries sums are tried (`exhausted` then).
bool isPercentSum(const std::vector<int64_t> &prices, const std::vector<int64_t> &rates, int64_t cents,
                  bool &exhausted) {
  unsigned tries = 0;
  std::function<bool(size_t, int64_t, int)> go = [&](size_t from, int64_t sum, int used) {
    for (size_t i = from; i < prices.size(); ++i) {
      if (++tries > kMaxSumTries) {
        exhausted = true;
        return false;
      }
      int64_t s = 0;
      if (!bc::addMoney(sum, prices[i], s))
        return false;
      for (int64_t r : rates) {
        int64_t part = 0, total = 0;
        if (bc::percentOf(s, r, part) && (part == cents || (bc::addMoney(s, part, total) && total == cents)))
          return true;
      }
      if (used + 1 < kMaxSummands && go(i + 1, s, used + 1))
        return true;
      if (exhausted)
        return false;
    }
    return false;
  };
  return go(0, 0, 0);
}
} // namespace

Charged Checker::checkPriceLines(diag::DiagnosticEngine &out) const {
  // Items each step charges or mentions ({price CODE}), and the amounts
  // charged. Nodes are numbered step by step, so each step's statements
  // are a range of nodes. Without a catalog no statement can mention or
  // charge an item: only the charges of amounts need looking at.
  Charged charged;
  std::set<int> &chargedItems = charged.items, &chargedSlots = charged.slots;
  const bool hasCatalog = !p.catalog.empty();
  const size_t numSteps = p.steps.size();
  auto stepNodes = [&](size_t s) {
    return std::pair((size_t)cfg.stepEntry[s],
                     s + 1 < numSteps ? (size_t)cfg.stepEntry[s + 1] : cfg.nodes.size());
  };
  StepLists stepCharges, stepMentions;
  stepCharges.begin.reserve(numSteps + 1);
  stepMentions.begin.reserve(numSteps + 1);
  // The steps with a `$` or a `%` in a line: only their lines can hold a
  // price or a rate (most steps of most flows have none).
  std::vector<bool> stepAmounts(numSteps, false);
  bool anyAmounts = false;
  for (size_t s = 0; s < numSteps; ++s) {
    auto [first, last] = stepNodes(s);
    std::set<int> mentions;
    bool amounts = false;
    for (size_t i = first; i < last; ++i) {
      const Node &n = cfg.nodes[i];
      if (!n.stmt)
        continue;
      switch (n.stmtKind) {
      case ast::Stmt::Kind::Say:
        if (hasCatalog)
          amounts |= collectPriceMentions(llvm::cast<ast::SayStmt>(n.stmt)->text, mentions);
        break;
      case ast::Stmt::Kind::Note:
        if (hasCatalog)
          amounts |= collectPriceMentions(llvm::cast<ast::NoteStmt>(n.stmt)->text, mentions);
        break;
      case ast::Stmt::Kind::Ask:
        if (hasCatalog) {
          const auto *ask = llvm::cast<ast::AskStmt>(n.stmt);
          amounts |= collectPriceMentions(ask->question, mentions);
          for (const ast::AskOption &o : ask->options)
            amounts |= collectPriceMentions(o.label, mentions);
        }
        break;
      case ast::Stmt::Kind::Do:
        if (hasCatalog)
          amounts |= collectPriceMentions(llvm::cast<ast::DoStmt>(n.stmt)->action, mentions);
        break;
      case ast::Stmt::Kind::Charge:
        if (auto it = p.charges.find(n.stmt); it != p.charges.end()) {
          stepCharges.items.push_back(it->second.index);
          chargedItems.insert(it->second.index);
        } else if (const auto *ch = llvm::cast<ast::ChargeStmt>(n.stmt); ch->amount) {
          if (const int slot = p.slotOf(sema::Program::targetOf(*ch->amount)); slot >= 0)
            chargedSlots.insert(slot);
        }
        break;
      default:
        break;
      }
    }
    stepCharges.close();
    stepMentions.items.insert(stepMentions.items.end(), mentions.begin(), mentions.end());
    stepMentions.close();
    stepAmounts[s] = amounts;
    anyAmounts |= amounts;
  }
  if (!anyAmounts)
    return charged;

  // Prices in lines: every line of every step is checked against the items
  // a path through it can charge (and the items its step mentions), and
  // against the sums of those items (a subtotal).
  std::vector<int> chargedList(chargedItems.begin(), chargedItems.end());
  std::vector<int> denseOf(p.catalog.size(), -1);
  for (size_t k = 0; k < chargedList.size(); ++k)
    denseOf[(size_t)chargedList[k]] = (int)k;
  for (int &item : stepCharges.items)
    item = denseOf[(size_t)item];
  const ChargeReach reach = chargeReach(p, cfg, stepCharges, (int)chargedList.size());
  std::vector<int> stepItems, amountItems, monthlyItems, rateItems;
  std::vector<int64_t> prices, monthly, rates;
  for (size_t s = 0; s < numSteps && hasCatalog; ++s) {
    if (!stepAmounts[s])
      continue;
    stepItems.assign(stepMentions.of(s).begin(), stepMentions.of(s).end());
    if (!reach.bits.empty()) {
      for (size_t k = 0; k < chargedList.size(); ++k)
        if (reach.has((int)s, (int)k))
          stepItems.push_back(chargedList[k]);
    } else {
      for (int k : stepCharges.of(s))
        stepItems.push_back(chargedList[(size_t)k]);
    }
    if (stepItems.empty())
      continue;
    std::sort(stepItems.begin(), stepItems.end());
    stepItems.erase(std::unique(stepItems.begin(), stepItems.end()), stepItems.end());
    // Prices of the items charged by amount (one-time and monthly: a
    // monthly item charges its first month), the monthly ones, and the
    // rates of the percentage items (docs/language.md, "Catalog").
    prices.clear();
    monthly.clear();
    rates.clear();
    amountItems.clear();
    monthlyItems.clear();
    rateItems.clear();
    for (int item : stepItems) {
      const sema::CatalogItemInfo &ci = p.catalog[item];
      if (ci.kind == bc::ItemKind::Percent) {
        rates.push_back(ci.percent);
        rateItems.push_back(item);
        continue;
      }
      prices.push_back(ci.cents);
      amountItems.push_back(item);
      if (ci.kind == bc::ItemKind::Monthly) {
        monthly.push_back(ci.cents);
        monthlyItems.push_back(item);
      }
    }
    for (std::vector<int64_t> *v : {&prices, &monthly, &rates}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    auto nameList = [&](const std::vector<int> &items) {
      std::string names;
      const size_t shownNames = std::min<size_t>(items.size(), 6);
      for (size_t k = 0; k < shownNames; ++k) {
        if (k)
          names += k + 1 == items.size() ? " or " : ", ";
        names += "item " + std::to_string(p.catalog[items[k]].code);
      }
      if (shownNames < items.size())
        names += " or " + std::to_string(items.size() - shownNames) + " more";
      return names;
    };
    // Named only in a report: most steps have none.
    auto names = [&] { return nameList(amountItems.empty() ? stepItems : amountItems); };
    // Every line the agent reads or sees: say, note, ask questions and
    // option labels, do texts.
    auto checkLine = [&](const ast::Text &text, llvm::SMRange stmtRange) {
      for (const ast::Text::Part part : text.parts()) {
        if (part.placeholder)
          continue;
        const std::string_view lit = part.literal;
        for (const Amount &a : findAmounts(lit)) {
          // A zero amount ("Add/View Charges: $0.00") is a balance, never a
          // price: catalog prices are positive.
          if (a.exact && a.cents == 0)
            continue;
          // "$14.99 a month" is the price of a monthly item (or a sum of
          // them); any other amount is a price charged, a monthly item's
          // first month included, or a sum of them, or such a sum's
          // percentage or the sum with it.
          // "a month" means a monthly price only where a monthly item can be
          // charged (before monthly items it was just words).
          const bool isMonthly = a.suffix && !monthly.empty();
          const std::vector<int64_t> &against = isMonthly ? monthly : prices;
          if (a.exact && std::binary_search(against.begin(), against.end(), a.cents))
            continue;
          bool exhausted = false;
          if (a.exact && against.size() > 1 && (isSum(against, a.cents, exhausted) || exhausted))
            continue; // a subtotal (or past the search's bound: not judged)
          if (a.exact && !isMonthly && !rates.empty() &&
              (isPercentSum(prices, rates, a.cents, exhausted) || exhausted))
            continue; // a surcharge, or a total with it
          const std::vector<int> &candidates =
              isMonthly ? monthlyItems : !amountItems.empty() ? amountItems : stepItems;
          int closest = candidates.front();
          for (int item : candidates)
            if (std::llabs(p.catalog[item].cents - a.cents) <
                std::llabs(p.catalog[closest].cents - a.cents))
              closest = item;
          // At the amount as written in the source (found from its offset
          // in the decoded text, not by searching for its spelling: `$2`
          // is also the start of `$20`), with the fix-it over it.
          const size_t length = a.length + (isMonthly ? a.suffix : 0);
          llvm::SMRange at = sourceRange(text, part.begin, a.offset, length);
          auto b = out.report(DiagId::PriceMismatch, at.Start.isValid() ? at : stmtRange,
                              {std::string(lit.substr(a.offset, length)),
                               isMonthly ? nameList(monthlyItems) : names()});
          if (at.Start.isValid())
            b.fixit(at, "{price " + std::to_string(p.catalog[closest].code) + "}");
        }
        // "a 4% surcharge": checked against the rates of the percentage
        // items a path through the line can charge, when there are any (a
        // flow without them may say "50% of callers" freely).
        if (rates.empty())
          continue;
        for (const Rate &r : findRates(lit)) {
          if (r.exact && std::binary_search(rates.begin(), rates.end(), r.hundredths))
            continue;
          int closest = rateItems.front();
          for (int item : rateItems)
            if (std::llabs(p.catalog[item].percent - r.hundredths) <
                std::llabs(p.catalog[closest].percent - r.hundredths))
              closest = item;
          llvm::SMRange at = sourceRange(text, part.begin, r.offset, r.length);
          auto b = out.report(DiagId::PriceMismatch, at.Start.isValid() ? at : stmtRange,
                              {r.spelling, nameList(rateItems)});
          std::string rate;
          appendPercent(rate, p.catalog[closest].percent);
          if (at.Start.isValid())
            b.fixit(at, rate);
        }
      }
    };
    auto [first, last] = stepNodes(s);
    for (size_t i = first; i < last; ++i) {
      const Node &n = cfg.nodes[i];
      if (!n.stmt)
        continue;
      switch (n.stmtKind) {
      case ast::Stmt::Kind::Say:
        checkLine(llvm::cast<ast::SayStmt>(n.stmt)->text, n.stmt->range);
        break;
      case ast::Stmt::Kind::Note:
        checkLine(llvm::cast<ast::NoteStmt>(n.stmt)->text, n.stmt->range);
        break;
      case ast::Stmt::Kind::Do:
        checkLine(llvm::cast<ast::DoStmt>(n.stmt)->action, n.stmt->range);
        break;
      case ast::Stmt::Kind::Ask: {
        const auto *ask = llvm::cast<ast::AskStmt>(n.stmt);
        checkLine(ask->question, n.stmt->range);
        for (const ast::AskOption &o : ask->options)
          checkLine(o.label, o.range);
        break;
      }
      default:
        break;
      }
    }
  }

  return charged;
}

void Checker::checkMoneyOnPaths(const Charged &charged) {
  const std::set<int> &chargedItems = charged.items, &chargedSlots = charged.slots;
  if (p.startStep < 0)
    return;
  std::vector<int> nodes;
  std::vector<const Edge *> via;
  std::vector<bool> hitNode;
  auto report = [&](MoneyQuery &q, DiagId id, std::vector<std::string> args) {
    if (!search->run(q, cfg.stepEntry[p.startStep]))
      return;
    for (auto [node, state] : q.hits) {
      auto b = diags.report(id, cfg.nodes[node].stmt->range, args);
      if (!b.active())
        continue;
      search->path(node, state, nodes, via);
      b.note(formatPath(nodes, via));
      if (std::string caveat = untrackedNote(*flowFacts, via); !caveat.empty())
        b.note(caveat);
    }
  };
  bool anyInvoice = false, anyPayment = false;
  for (const Node &n : cfg.nodes) {
    anyInvoice |= n.stmt && n.stmtKind == ast::Stmt::Kind::Invoice;
    anyPayment |= n.stmt && n.stmtKind == ast::Stmt::Kind::TakePayment;
  }
  if (anyInvoice) {
    MoneyQuery inv(*this, MoneyQuery::Mode::InvoiceNeedsCharge, hitNode);
    report(inv, DiagId::InvoiceWithoutCharge, {});
  }
  if (anyPayment) {
    MoneyQuery pay(*this, MoneyQuery::Mode::PaymentNeedsInvoice, hitNode);
    report(pay, DiagId::PaymentWithoutInvoice, {});
  }
  for (int item : chargedItems) {
    MoneyQuery q(*this, MoneyQuery::Mode::DoubleCharge, hitNode);
    q.charge = item;
    report(q, DiagId::DoubleCharge, {"item " + std::to_string(p.catalog[item].code)});
  }
  if (std::any_of(chargedItems.begin(), chargedItems.end(),
                  [&](int item) { return p.catalog[size_t(item)].kind == bc::ItemKind::Percent; })) {
    MoneyQuery q(*this, MoneyQuery::Mode::PercentNeedsBasis, hitNode);
    if (search->run(q, cfg.stepEntry[p.startStep]))
      for (auto [node, state] : q.hits) {
        const sema::CatalogItemInfo &item = p.catalog[size_t(cfg.nodes[node].charge)];
        auto b = diags.report(DiagId::PercentOfNothing, cfg.nodes[node].stmt->range,
                              {"item " + std::to_string(item.code), formatMoney(0, "$")});
        if (!b.active())
          continue;
        search->path(node, state, nodes, via);
        b.note(formatPath(nodes, via));
        if (std::string caveat = untrackedNote(*flowFacts, via); !caveat.empty())
          b.note(caveat);
      }
  }
  for (int slot : chargedSlots) {
    MoneyQuery q(*this, MoneyQuery::Mode::DoubleCharge, hitNode);
    q.charge = -2 - slot;
    report(q, DiagId::DoubleCharge, {"'" + p.slotName(slot) + "'"});
  }
}

} // namespace callflow::check
