// "May be unset" proofs, one linear path query per fact that is read:
// required fields at `create`/`complete` (E0301), reads before a set
// (W0305, once per fact) and placeholders (W0306, once per fact). A node
// that sets the fact ends the search along that path, and the search tracks
// the known enum/bool values that the flow's `if`s test (Checker::flowFacts),
// so every read it reaches is a real counterexample on a feasible path (as
// far as maxConditionStates lets it track them; a path that branches on an
// untracked value says so), and the search tree gives the shortest path.
#include <optional>
#include <tuple>

#include "check/checker.h"

namespace callflow::check {

using diag::DiagId;

namespace {
/// Own state: one ("the fact is unset"); the tuple of known values makes
/// every path it follows feasible, so a read it reaches is a real
/// counterexample. Each read is reported once, at the first (shortest)
/// cell that reaches it.
struct UnsetQuery : FactQuery {
  Checker &c;
  int fact;
  std::vector<uint32_t> &readHit; // per read: the epoch of its last hit
  uint32_t epoch;
  std::vector<std::tuple<int, int, const Read *>> hits; // node, state, read
  UnsetQuery(Checker &c, int fact, std::vector<uint32_t> &readHit, uint32_t epoch)
      : FactQuery(*c.flowFacts, 1, {0}), c(c), fact(fact), readHit(readHit), epoch(epoch) {}

  void visit(int node, int st, llvm::SmallVectorImpl<int> &after) override {
    const Cfg &g = c.cfg;
    bool sets = false;
    for (uint32_t i = g.setBegin[node], end = g.setBegin[node + 1]; i < end; ++i)
      sets |= g.sets[i] == fact;
    for (uint32_t i = g.readBegin[node], end = g.readBegin[node + 1]; i < end; ++i) {
      const Read &r = g.reads[i];
      if (r.fact != fact || (r.kind == Read::Kind::Required && sets) || readHit[i] == epoch)
        continue;
      readHit[i] = epoch;
      hits.push_back({node, st, &r});
    }
    if (!sets)
      applyFacts(node, 0, facts(st), after);
  }
};

std::string stmtName(const sema::Program &p, const ast::Stmt *s) {
  if (const auto *c = llvm::dyn_cast<ast::CreateStmt>(s))
    return "create " + c->form.text().str();
  if (const auto *c = llvm::dyn_cast<ast::CompleteStmt>(s))
    return "complete " + c->form.text().str();
  (void)p;
  return "statement";
}
} // namespace

void Checker::checkMaybeUnset() {
  if (p.startStep < 0)
    return;
  int facts = numFacts();
  std::vector<bool> initiallySet(facts, false), read(facts, false);
  for (size_t s = 0; s < p.slots.size(); ++s) {
    const sema::FieldInfo &fi = p.slotInfo((int)s);
    initiallySet[s] = fi.isAuto || fi.defaultValue.kind != sema::Constant::Kind::None;
  }
  for (const Read &r : cfg.reads)
    read[r.fact] = true;
  std::vector<int> nodes;
  std::vector<const Edge *> via;
  std::vector<uint32_t> readHit(cfg.reads.size(), 0);
  uint32_t epoch = 0;
  for (int fact = 0; fact < facts; ++fact) {
    if (!read[fact] || initiallySet[fact])
      continue;
    UnsetQuery q(*this, fact, readHit, ++epoch);
    search->run(q, cfg.stepEntry[p.startStep]);
    // A read before the set (W0305) and a placeholder shown unset (W0306)
    // are reported once per fact, at the read with the shortest path; the
    // note counts the others. (Each report carries a path note as long as
    // its path, so one per read made the output quadratic: 100,000 reads
    // after 100,000 `else if`s gave gigabytes.) Every create or complete
    // missing a required field (E0301) is its own error.
    std::optional<diag::DiagBuilder> firstOf[2];
    size_t more[2] = {0, 0};
    for (size_t h = 0; h < q.hits.size(); ++h) {
      // Named copies, not a structured binding: clang 14 (the fuzz build)
      // cannot capture structured bindings in the lambda below.
      const int node = std::get<0>(q.hits[h]), st = std::get<1>(q.hits[h]);
      const Read *r = std::get<2>(q.hits[h]);
      int once = r->kind == Read::Kind::Expr ? 0 : r->kind == Read::Kind::Placeholder ? 1 : -1;
      if (once >= 0 && firstOf[once]) {
        ++more[once];
        continue;
      }
      diag::DiagBuilder b = [&]() {
        switch (r->kind) {
        case Read::Kind::Required:
          return diags.report(DiagId::MissingRequiredField, r->range,
                              {factName(fact), stmtName(p, cfg.nodes[node].stmt)});
        case Read::Kind::Placeholder:
          return diags.report(DiagId::PlaceholderMaybeUnset, r->range, {factName(fact)});
        case Read::Kind::Expr:
          break;
        }
        return diags.report(DiagId::ReadBeforeSet, r->range, {factName(fact)});
      }();
      if (!b.active())
        continue; // suppressed here (`@allow`): a later read may be reported
      if (once >= 0)
        firstOf[once] = b;
      search->path(node, st, nodes, via);
      b.note(formatPath(nodes, via));
      if (std::string caveat = untrackedNote(*flowFacts, via); !caveat.empty())
        b.note(caveat);
    }
    for (int k = 0; k < 2; ++k)
      if (more[k] && firstOf[k])
        firstOf[k]->note("and " + std::to_string(more[k]) + " more " + (k == 0 ? "read" : "line") +
                         (more[k] == 1 ? "" : "s") + " where '" + factName(fact) +
                         "' may be unset");
  }
}

} // namespace callflow::check
