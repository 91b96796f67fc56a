// "May be unset" proofs, one linear path query per fact that is read:
// required fields at `create`/`complete` (E0301), reads before a set
// (W0305) and placeholders (W0306). A node that sets the fact ends the
// search along that path, so every read the search reaches is a real
// counterexample, and the search tree gives the shortest path to it.
#include "check/checker.h"

namespace callflow::check {

using diag::DiagId;

namespace {
struct UnsetQuery : PathQuery {
  Checker &c;
  int fact;
  std::vector<std::pair<int, const Read *>> hits; // node, read
  UnsetQuery(Checker &c, int fact) : c(c), fact(fact) {}

  bool setsFact(int node) const {
    for (uint32_t i = c.cfg.setBegin[node]; i < c.cfg.setBegin[node + 1]; ++i)
      if (c.cfg.sets[i] == fact)
        return true;
    return false;
  }
  void visit(int node, int, llvm::SmallVectorImpl<int> &after) override {
    bool sets = setsFact(node);
    for (uint32_t i = c.cfg.readBegin[node]; i < c.cfg.readBegin[node + 1]; ++i) {
      const Read &r = c.cfg.reads[i];
      if (r.fact != fact || (r.kind == Read::Kind::Required && sets))
        continue;
      hits.push_back({node, &r});
    }
    if (!sets)
      after.push_back(0);
  }
};

std::string stmtName(const sema::Program &p, const ast::Stmt *s) {
  if (const auto *c = llvm::dyn_cast<ast::CreateStmt>(s))
    return "create " + c->form.text;
  if (const auto *c = llvm::dyn_cast<ast::CompleteStmt>(s))
    return "complete " + c->form.text;
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
  PathSearch search(cfg);
  std::vector<int> nodes;
  std::vector<const Edge *> via;
  for (int fact = 0; fact < facts; ++fact) {
    if (!read[fact] || initiallySet[fact])
      continue;
    UnsetQuery q(*this, fact);
    search.run(q, cfg.stepEntry[p.startStep]);
    for (auto [node, r] : q.hits) {
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
        continue;
      search.path(node, 0, nodes, via);
      b.note(formatPath(nodes, via));
    }
  }
}

} // namespace callflow::check
