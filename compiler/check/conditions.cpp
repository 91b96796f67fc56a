// `required when COND` fields (E0302) and form `rule`s (E0311), proved per
// path with known enum facts. Each condition gets a path query whose state
// is a tuple of the values of the enum/bool fields it reads (unset, one
// known value, or -- for rules -- "some value entered by the agent"): sets,
// inputs (`in a, b` narrows), `ask` options that set a field and `if`
// branches on it narrow the tuple, so paths where the condition cannot hold
// raise no alarm. Linear in (nodes + edges) x tuples. Past the tuple
// budget nothing is skipped: see CheckOptions::maxConditionStates; in a
// large flow a search is tried first over more tuples than the budget
// allows, and given up if it reaches too many cells
// (CheckOptions::wideConditionCells).
#include <functional>
#include <optional>

#include "ast/source.h"
#include "check/checker.h"

namespace callflow::check {

using diag::DiagId;
using sema::Symbol;

namespace {
/// False when a syntax error left part of `e` out (a null operand): such a
/// condition is not checked, its syntax error is the report. Expressions
/// are at most ParseOptions::maxExprDepth deep, so the recursion is bounded.
bool complete(const ast::Expr *e) {
  if (!e)
    return false;
  switch (e->kind) {
  case ast::Expr::Kind::Unary:
    return complete(llvm::cast<ast::UnaryExpr>(e)->operand.get());
  case ast::Expr::Kind::IsSet:
    return complete(llvm::cast<ast::IsSetExpr>(e)->operand.get());
  case ast::Expr::Kind::Binary: {
    const auto *b = llvm::cast<ast::BinaryExpr>(e);
    return complete(b->lhs.get()) && complete(b->rhs.get());
  }
  case ast::Expr::Kind::In: {
    const auto *in = llvm::cast<ast::InExpr>(e);
    for (const ast::ExprPtr &el : in->elements)
      if (!complete(el.get()))
        return false;
    return complete(in->operand.get());
  }
  case ast::Expr::Kind::Duration:
    return complete(llvm::cast<ast::DurationExpr>(e)->count.get());
  case ast::Expr::Kind::Between:
    return complete(llvm::cast<ast::BetweenExpr>(e)->span.get());
  default:
    return true;
  }
}

/// A condition in a message, as the source writes it.
std::string exprString(const ast::Expr *e) {
  return e ? ast::exprSource(*e) : "…"; // left out by a syntax error
}

/// `required when` (own state: the field is unset) or a `rule`, over the
/// tuples of a FactSpace that tracks the slots the condition reads and, as
/// far as the limit allows, those the flow's `if`s test.
struct CondQuery : FactQuery {
  const Checker &c;
  bool rules;
  int form;       // create/complete of this form is checked
  int field = -1; // required-when: the slot that must be set
  int cond;       // compiled in the FactSpace
  std::vector<std::pair<int, int>> hits; // node, state
  std::vector<unsigned> results;         // per hit: the condition's value there
  std::vector<bool> hitNode;

  CondQuery(const Checker &c, const FactSpace &fs, bool rules, int form, int cond)
      : FactQuery(fs, 1, {0}), c(c), rules(rules), form(form), cond(cond) {}

  void visit(int node, int st, llvm::SmallVectorImpl<int> &after) override {
    const Cfg &g = c.cfg;
    for (uint32_t k = g.setBegin[node], end = g.setBegin[node + 1]; k < end; ++k)
      if (g.sets[k] == field)
        return; // the required field is set on this path
    size_t at = after.size();
    applyFacts(node, 0, facts(st), after);
    if (g.nodes[node].form != form || hitNode[node])
      return;
    for (size_t i = at; i < after.size(); ++i) {
      unsigned r = fs.eval(cond, facts(after[i]));
      if (rules ? r == kFalse : (r & kTrue) != 0) {
        hitNode[node] = true;
        hits.push_back({node, st});
        results.push_back(r);
        break;
      }
    }
  }
};
} // namespace

void Checker::checkConditions() {
  if (p.startStep < 0)
    return;
  std::vector<int> nodes;
  std::vector<const Edge *> via;
  auto stmtName = [&](int node) {
    const ast::Stmt *s = cfg.nodes[node].stmt;
    if (const auto *cr = llvm::dyn_cast<ast::CreateStmt>(s))
      return "create " + cr->form.text().str();
    return "complete " + llvm::cast<ast::CompleteStmt>(s)->form.text().str();
  };
  // Reports the hits of `q`, each with its path and the caveats that apply:
  // the condition's own slots that did not fit in the tuples (it was
  // evaluated as unknown over them), and untracked tests on the path.
  auto reportHits = [&](CondQuery &q, const FactSpace &fs, DiagId id,
                        std::vector<std::string> args, int argStmt) {
    for (size_t h = 0; h < q.hits.size(); ++h) {
      auto [node, st] = q.hits[h];
      args[argStmt] = stmtName(node);
      auto b = diags.report(id, cfg.nodes[node].stmt->range, args);
      if (!b.active())
        continue;
      search->path(node, st, nodes, via);
      b.note(formatPath(nodes, via));
      if (!fs.lost().empty() && q.results[h] != (q.rules ? kFalse : kTrue))
        b.note("could not prove the condition false on this path: the checker did not track " +
               slotList(fs.lost()) + " (analysis limit)");
      if (std::string caveat = untrackedNote(fs, via); !caveat.empty())
        b.note(caveat);
    }
  };
  // A condition's search over the tuples that fit pathCells; in a large
  // flow, first over those that fit maxConditionStates alone, given up
  // past wideConditionCells (CheckOptions). `reportLost` says, for a rule,
  // that the space it ends with left fields out. False when the flow is
  // too large to search (reported once by setUpPathSearch).
  const int start = cfg.stepEntry[p.startStep];
  const unsigned narrow = factLimit(1);
  const unsigned wide = factLimit(1, PathSearch::kMaxWideCells);
  bool wideGaveUp = opts.wideConditionCells == 0;
  FactSpace fs;
  std::optional<CondQuery> q;
  auto searchFor = [&](const ast::Expr *cond, bool rules, int form, int field,
                       const std::vector<int> &condSlots, const std::function<void()> &reportLost) {
    for (const bool tryWide : {true, false}) {
      if (tryWide && (wideGaveUp || wide <= narrow))
        continue;
      q.reset(); // before the space it reads is made again
      fs = FactSpace();
      const bool fitted = fs.init(*this, condSlots, cfg.guardSlots, tryWide ? wide : narrow, rules, cond);
      q.emplace(*this, fs, rules, form, fs.compile(cond));
      q->field = field;
      q->hitNode.assign(cfg.nodes.size(), false);
      const PathSearch::Outcome outcome =
          tryWide ? search->runWithin(*q, start, PathSearch::kMaxWideCells, opts.wideConditionCells)
                  : search->runWithin(*q, start, search->maxCells(), SIZE_MAX);
      if (tryWide && outcome != PathSearch::Outcome::Done) {
        wideGaveUp = true; // over the budget (never too large: wide fits 2^28)
        continue;
      }
      if (!fitted && reportLost)
        reportLost();
      return outcome == PathSearch::Outcome::Done;
    }
    return false;
  };
  for (size_t f = 0; f < p.forms.size(); ++f) {
    const sema::FormInfo &form = p.forms[f];
    for (const sema::FieldInfo &fi : form.fields) {
      if (!fi.requiredWhen || fi.isAuto || fi.defaultValue.kind != sema::Constant::Kind::None ||
          !complete(fi.requiredWhen) || poisoned.count(fi.requiredWhen))
        continue;
      std::vector<int> condSlots;
      FactSpace::collectSlots(p, fi.requiredWhen, condSlots);
      // When the condition's slots do not all fit, the others are unknown
      // to it: it may hold wherever they matter, so the check still runs
      // (sound, maybe with false alarms, each saying so).
      if (!searchFor(fi.requiredWhen, false, (int)f, fi.slot, condSlots, {}))
        continue;
      reportHits(*q, fs, DiagId::MissingConditionalField,
                 {form.name + "." + fi.name, exprString(fi.requiredWhen), ""}, 2);
    }
    for (const sema::RuleInfo &rule : form.rules) {
      if (poisoned.count(rule.cond))
        continue; // names something undefined: that error is the report
      std::vector<int> condSlots;
      FactSpace::collectSlots(p, rule.cond, condSlots, /*values=*/true);
      // A rule is reported only where it is known to fail: over slots that
      // did not fit it is unknown, so it is not proved there; say so.
      auto reportLost = [&] {
        diags.report(DiagId::AnalysisLimit, rule.decl ? rule.decl->range : llvm::SMRange(),
                     {"rule \"" + rule.message + "\" of form '" + form.name + "' on every path",
                      "the checker did not track " + slotList(fs.lost())});
      };
      if (!searchFor(rule.cond, true, (int)f, -1, condSlots, reportLost))
        continue;
      reportHits(*q, fs, DiagId::RuleViolated, {rule.message, form.name, ""}, 2);
    }
  }
}

} // namespace callflow::check
