// `required when COND` fields (E0302) and form `rule`s (E0311), proved per
// path with known enum facts. Each condition gets a path query whose state
// is a tuple of the values of the enum/bool fields it reads (unset, one
// known value, or -- for rules -- "some value entered by the agent"): sets,
// inputs (`in a, b` narrows), `ask` options that set a field and `if`
// branches on it narrow the tuple, so paths where the condition cannot hold
// raise no alarm. Linear in (nodes + edges) x tuples.
#include "check/checker.h"

namespace callflow::check {

using diag::DiagId;
using sema::Symbol;

namespace {
std::string exprString(const sema::Program &p, const ast::Expr *e) {
  switch (e->kind) {
  case ast::Expr::Kind::String:
    return "\"" + llvm::cast<ast::StringExpr>(e)->value.str() + "\"";
  case ast::Expr::Kind::Number:
    return llvm::cast<ast::NumberExpr>(e)->spelling;
  case ast::Expr::Kind::Money:
    return llvm::cast<ast::MoneyExpr>(e)->spelling;
  case ast::Expr::Kind::Bool:
    return llvm::cast<ast::BoolExpr>(e)->value ? "true" : "false";
  case ast::Expr::Kind::Ref:
    return llvm::cast<ast::RefExpr>(e)->name.str();
  case ast::Expr::Kind::Input:
    return "input";
  case ast::Expr::Kind::Unary:
    return "not " + exprString(p, llvm::cast<ast::UnaryExpr>(e)->operand.get());
  case ast::Expr::Kind::IsSet: {
    const auto *i = llvm::cast<ast::IsSetExpr>(e);
    return exprString(p, i->operand.get()) + (i->negated ? " is not set" : " is set");
  }
  case ast::Expr::Kind::Binary: {
    const auto *b = llvm::cast<ast::BinaryExpr>(e);
    return exprString(p, b->lhs.get()) + " " + ast::spelling(b->op) + " " +
           exprString(p, b->rhs.get());
  }
  }
  return "?";
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
      return "create " + cr->form.text;
    return "complete " + llvm::cast<ast::CompleteStmt>(s)->form.text;
  };
  for (size_t f = 0; f < p.forms.size(); ++f) {
    const sema::FormInfo &form = p.forms[f];
    for (const sema::FieldInfo &fi : form.fields) {
      if (!fi.requiredWhen || fi.isAuto || fi.defaultValue.kind != sema::Constant::Kind::None)
        continue;
      std::vector<int> condSlots;
      FactSpace::collectSlots(p, fi.requiredWhen, condSlots);
      FactSpace fs;
      if (!fs.init(*this, condSlots, cfg.guardSlots, factLimit(1), false))
        continue; // too many tuples: left to the runtime's check
      int code = fs.compile(fi.requiredWhen);
      CondQuery q(*this, fs, false, (int)f, code);
      q.field = fi.slot;
      q.hitNode.assign(cfg.nodes.size(), false);
      if (!search->run(q, cfg.stepEntry[p.startStep]))
        continue;
      for (auto [node, st] : q.hits) {
        auto b = diags.report(DiagId::MissingConditionalField, cfg.nodes[node].stmt->range,
                              {form.name + "." + fi.name, exprString(p, fi.requiredWhen),
                               stmtName(node)});
        if (!b.active())
          continue;
        search->path(node, st, nodes, via);
        b.note(formatPath(nodes, via));
      }
    }
    for (const sema::RuleInfo &rule : form.rules) {
      std::vector<int> condSlots;
      FactSpace::collectSlots(p, rule.cond, condSlots);
      FactSpace fs;
      if (!fs.init(*this, condSlots, cfg.guardSlots, factLimit(1), true))
        continue;
      int code = fs.compile(rule.cond);
      CondQuery q(*this, fs, true, (int)f, code);
      q.hitNode.assign(cfg.nodes.size(), false);
      if (!search->run(q, cfg.stepEntry[p.startStep]))
        continue;
      for (auto [node, st] : q.hits) {
        auto b = diags.report(DiagId::RuleViolated, cfg.nodes[node].stmt->range,
                              {rule.message, form.name, stmtName(node)});
        if (!b.active())
          continue;
        search->path(node, st, nodes, via);
        b.note(formatPath(nodes, via));
      }
    }
  }
}

} // namespace callflow::check
