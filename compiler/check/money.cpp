// Money: `invoice` after a charge on every path (E0404), `take payment`
// after an invoice that follows the last charge (E0405), a charge that can
// happen twice on one invoice (W0406), and hard-coded amounts in a line
// (say, note, ask, option, do) that match no price of the items
// its step charges or mentions (W0407, with a fix-it to `{price CODE}`).
#include <cstdint>
#include <set>

#include "check/checker.h"

namespace callflow::check {

using diag::DiagId;
using sema::Symbol;

namespace {
/// Two states of its own, 0 and 1, times the tuples of known values:
/// `charge` (matching `item`, or any when the mode is not DoubleCharge) and
/// `invoice` move between them; `bad` says which (node, state) is a
/// violation.
struct MoneyQuery : FactQuery {
  enum class Mode { InvoiceNeedsCharge, PaymentNeedsInvoice, DoubleCharge };
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
      if (n.stmtKind == K::Charge && (mode != Mode::DoubleCharge || n.charge == charge)) {
        bad = mode == Mode::DoubleCharge && st == 1;
        st = mode == Mode::PaymentNeedsInvoice ? 0 : 1;
      } else if (n.stmtKind == K::Invoice) {
        bad = mode == Mode::InvoiceNeedsCharge && st == 0;
        st = mode == Mode::PaymentNeedsInvoice ? 1 : 0;
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
};

struct Amount {
  size_t offset, length; // in the literal run
  int64_t cents;
  /// False when the amount is not a whole number of cents ($20.001) or is
  /// too large: it then matches no price.
  bool exact;
  std::string spelling;
};

/// `$20`, `$ 35.00`, `$1,200.50`, `$20.5` in a literal run, each with all
/// the digits written: `$20.5` is twenty dollars fifty, `$20.001` is no
/// price at all, and neither is read as `$20`. A `.` not followed by a
/// digit ends the amount (`$20.` at the end of a sentence).
std::vector<Amount> findAmounts(llvm::StringRef s) {
  std::vector<Amount> out;
  constexpr int64_t kMaxWhole = INT64_MAX / 1000;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '$')
      continue;
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
    out.push_back({i, j - i, cents, exact, s.substr(i, j - i).str()});
    i = j - 1;
  }
  return out;
}

/// The source range of bytes [offset, offset + length) of literal part
/// `part` of `t`, whose escapes are decoded (`\"` is one byte of the
/// literal and two of the source); an invalid range when `t` has no source.
llvm::SMRange sourceRange(const ast::Text &t, size_t part, size_t offset, size_t length) {
  const char *p = t.range.Start.getPointer();
  const char *end = t.range.End.getPointer();
  if (!p || !end || p >= end)
    return {};
  ++p; // the opening quote
  // The run starts after the placeholder before it, if any.
  for (size_t k = part; k-- > 0;)
    if (const auto *ph = std::get_if<ast::Placeholder>(&t.parts[k])) {
      p = ph->range.End.getPointer();
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
void collectPriceMentions(const sema::Program &p, const ast::Text &t, std::set<int> &items) {
  for (const ast::Text::Part &part : t.parts)
    if (const auto *ph = std::get_if<ast::Placeholder>(&part))
      if (auto it = p.placeholders.find(ph);
          it != p.placeholders.end() && it->second.kind == Symbol::Kind::CatalogItem)
        items.insert(it->second.index);
}
} // namespace

void Checker::checkMoney() {
  // Items each step charges or mentions, and its lines. Nodes are numbered
  // step by step, so each step's statements are a range of nodes. Without
  // a catalog no statement can mention or charge an item: only the charges
  // of amounts need looking at.
  std::set<int> chargedItems, chargedSlots, stepItems;
  const bool hasCatalog = !p.catalog.empty();
  for (size_t s = 0; s < p.steps.size(); ++s) {
    const size_t first = (size_t)cfg.stepEntry[s];
    const size_t last = s + 1 < p.steps.size() ? (size_t)cfg.stepEntry[s + 1] : cfg.nodes.size();
    stepItems.clear();
    for (size_t i = first; i < last; ++i) {
      const Node &n = cfg.nodes[i];
      if (!n.stmt)
        continue;
      switch (n.stmtKind) {
      case ast::Stmt::Kind::Say:
        if (hasCatalog)
          collectPriceMentions(p, llvm::cast<ast::SayStmt>(n.stmt)->text, stepItems);
        break;
      case ast::Stmt::Kind::Note:
        if (hasCatalog)
          collectPriceMentions(p, llvm::cast<ast::NoteStmt>(n.stmt)->text, stepItems);
        break;
      case ast::Stmt::Kind::Ask:
        if (hasCatalog) {
          const auto *ask = llvm::cast<ast::AskStmt>(n.stmt);
          collectPriceMentions(p, ask->question, stepItems);
          for (const ast::AskOption &o : ask->options)
            collectPriceMentions(p, o.label, stepItems);
        }
        break;
      case ast::Stmt::Kind::Do:
        if (hasCatalog)
          collectPriceMentions(p, llvm::cast<ast::DoStmt>(n.stmt)->action, stepItems);
        break;
      case ast::Stmt::Kind::Charge:
        if (auto it = p.charges.find(n.stmt); it != p.charges.end()) {
          stepItems.insert(it->second.index);
          chargedItems.insert(it->second.index);
        } else if (const auto *ch = llvm::cast<ast::ChargeStmt>(n.stmt); ch->amount) {
          if (auto t = p.targets.find(&*ch->amount); t != p.targets.end() && p.slotOf(t->second) >= 0)
            chargedSlots.insert(p.slotOf(t->second));
        }
        break;
      default:
        break;
      }
    }
    if (stepItems.empty())
      continue;
    std::string names;
    size_t k = 0;
    for (int item : stepItems) {
      if (k++)
        names += k == stepItems.size() ? " or " : ", ";
      names += "item " + std::to_string(p.catalog[item].code);
    }
    // Every line the agent reads or sees: say, note, ask questions and
    // option labels, do texts.
    auto checkLine = [&](const ast::Text &text, llvm::SMRange stmtRange) {
      for (size_t k = 0; k < text.parts.size(); ++k) {
        const auto *lit = std::get_if<std::string>(&text.parts[k]);
        if (!lit)
          continue;
        for (const Amount &a : findAmounts(*lit)) {
          // A zero amount ("Add/View Charges: $0.00") is a balance, never a
          // price: catalog prices are positive.
          if (a.exact && a.cents == 0)
            continue;
          bool matches = false;
          int closest = *stepItems.begin();
          for (int item : stepItems) {
            matches |= a.exact && p.catalog[item].cents == a.cents;
            if (std::llabs(p.catalog[item].cents - a.cents) <
                std::llabs(p.catalog[closest].cents - a.cents))
              closest = item;
          }
          if (matches)
            continue;
          // At the amount as written in the source (found from its offset
          // in the decoded text, not by searching for its spelling: `$2`
          // is also the start of `$20`), with the fix-it over it.
          llvm::SMRange at = sourceRange(text, k, a.offset, a.length);
          auto b = diags.report(DiagId::PriceMismatch, at.Start.isValid() ? at : stmtRange,
                                {a.spelling, names});
          if (at.Start.isValid())
            b.fixit(at, "{price " + std::to_string(p.catalog[closest].code) + "}");
        }
      }
    };
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
  for (int slot : chargedSlots) {
    MoneyQuery q(*this, MoneyQuery::Mode::DoubleCharge, hitNode);
    q.charge = -2 - slot;
    report(q, DiagId::DoubleCharge, {"'" + p.slotName(slot) + "'"});
  }
}

} // namespace callflow::check
