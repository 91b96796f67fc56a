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

constexpr unsigned kTrue = 1, kFalse = 2, kUnknown = 3;

struct CondQuery : PathQuery {
  Checker &c;
  sema::Program &p;
  bool rules;        // rules mode: inputs are "any", unset compares unknown
  int form;          // create/complete of this form is checked
  int field = -1;    // required-when: the field that must be set (slot)
  const ast::Expr *cond;
  std::vector<int> slots, valueCount, radix, stride;
  std::vector<std::pair<int, int>> hits; // node, state
  std::vector<bool> hitNode;

  CondQuery(Checker &c, bool rules, int form, const ast::Expr *cond)
      : c(c), p(c.p), rules(rules), form(form), cond(cond) {}

  void collect(const ast::Expr *e) {
    if (const auto *r = llvm::dyn_cast<ast::RefExpr>(e)) {
      auto it = p.refs.find(r);
      int slot = it == p.refs.end() ? -1 : p.slotOf(it->second);
      if (slot >= 0 && std::find(slots.begin(), slots.end(), slot) == slots.end())
        slots.push_back(slot);
    } else if (const auto *u = llvm::dyn_cast<ast::UnaryExpr>(e)) {
      collect(u->operand.get());
    } else if (const auto *i = llvm::dyn_cast<ast::IsSetExpr>(e)) {
      collect(i->operand.get());
    } else if (const auto *b = llvm::dyn_cast<ast::BinaryExpr>(e)) {
      collect(b->lhs.get());
      collect(b->rhs.get());
    }
  }

  /// Sets up the tuple space; false when it exceeds `limit`.
  bool init(unsigned limit) {
    collect(cond);
    size_t total = 1;
    for (int s : slots) {
      sema::Type t = p.slotType(s);
      int n = t.kind == sema::Type::Kind::Enum ? (int)p.enums[t.enumIndex].values.size()
              : t.kind == sema::Type::Kind::Bool ? 2
                                                 : 0;
      valueCount.push_back(n);
      int r = n == 0 ? 2 : 1 + n + (rules ? 1 : 0);
      stride.push_back((int)total);
      radix.push_back(r);
      total *= r;
      if (total > limit)
        return false;
    }
    numStates = (int)total;
    hitNode.assign(c.cfg.nodes.size(), false);
    // Initial tuples: defaults known, auto fields any, the rest unset.
    std::vector<int> states{0};
    for (size_t i = 0; i < slots.size(); ++i) {
      const sema::FieldInfo &fi = p.slotInfo(slots[i]);
      std::vector<int> choices{0};
      if (fi.defaultValue.kind == sema::Constant::Kind::EnumValue ||
          fi.defaultValue.kind == sema::Constant::Kind::Bool)
        choices = {valueCount[i] ? (int)fi.defaultValue.number + 1 : 1};
      else if (fi.defaultValue.kind != sema::Constant::Kind::None)
        choices = {1};
      else if (fi.isAuto)
        choices = anyChoices(i, nullptr);
      states = expand(states, (int)i, choices);
    }
    initial.assign(states.begin(), states.end());
    return true;
  }

  int get(int state, int i) const { return state / stride[i] % radix[i]; }
  int with(int state, int i, int v) const { return state + (v - get(state, i)) * stride[i]; }
  int index(int slot) const {
    auto it = std::find(slots.begin(), slots.end(), slot);
    return it == slots.end() ? -1 : (int)(it - slots.begin());
  }
  bool isAny(int i, int v) const { return valueCount[i] == 0 ? v != 0 : rules && v == radix[i] - 1; }

  template <class States, class Choices>
  States expand(const States &states, int i, const Choices &choices) {
    States out;
    for (int s : states)
      for (int v : choices)
        out.push_back(with(s, i, v));
    return out;
  }

  std::vector<int> anyChoices(size_t i, const std::vector<ast::Name> *allowed) {
    if (valueCount[i] == 0)
      return {1};
    if (rules)
      return {radix[i] - 1};
    std::vector<int> out;
    if (allowed && !allowed->empty()) {
      for (const ast::Name &n : *allowed)
        if (auto it = p.names.find(&n); it != p.names.end())
          out.push_back(it->second.sub + 1);
    } else {
      for (int v = 1; v <= valueCount[i]; ++v)
        out.push_back(v);
    }
    return out;
  }

  /// The coordinate a literal value expression denotes, or -1.
  int literal(const ast::Expr *e) const {
    if (const auto *b = llvm::dyn_cast<ast::BoolExpr>(e))
      return b->value ? 2 : 1;
    if (auto it = p.refs.find(e); it != p.refs.end() && it->second.kind == Symbol::Kind::EnumValue)
      return it->second.sub + 1;
    return -1;
  }

  std::vector<int> valueChoices(size_t i, const ast::Expr *value) {
    if (valueCount[i] == 0)
      return {1};
    int lit = value ? literal(value) : -1;
    return lit >= 0 ? std::vector<int>{lit} : anyChoices(i, nullptr);
  }

  unsigned eval(const ast::Expr *e, int st) const {
    switch (e->kind) {
    case ast::Expr::Kind::Bool:
      return llvm::cast<ast::BoolExpr>(e)->value ? kTrue : kFalse;
    case ast::Expr::Kind::Ref: {
      int i = refIndex(e);
      if (i < 0 || valueCount[i] != 2)
        return kUnknown;
      int v = get(st, i);
      return v == 0 ? (rules ? kUnknown : kFalse) : v == 1 ? kFalse : v == 2 ? kTrue : kUnknown;
    }
    case ast::Expr::Kind::Unary: {
      unsigned o = eval(llvm::cast<ast::UnaryExpr>(e)->operand.get(), st);
      return ((o & kTrue) ? kFalse : 0) | ((o & kFalse) ? kTrue : 0);
    }
    case ast::Expr::Kind::IsSet: {
      const auto *is = llvm::cast<ast::IsSetExpr>(e);
      int i = refIndex(is->operand.get());
      if (i < 0)
        return kUnknown;
      bool set = get(st, i) != 0;
      return set != is->negated ? kTrue : kFalse;
    }
    case ast::Expr::Kind::Binary: {
      const auto *b = llvm::cast<ast::BinaryExpr>(e);
      using Op = ast::BinaryExpr::Op;
      if (b->op == Op::And || b->op == Op::Or) {
        unsigned l = eval(b->lhs.get(), st), r = eval(b->rhs.get(), st);
        bool isAnd = b->op == Op::And;
        bool t = isAnd ? (l & kTrue) && (r & kTrue) : (l & kTrue) || (r & kTrue);
        bool f = isAnd ? (l & kFalse) || (r & kFalse) : (l & kFalse) && (r & kFalse);
        return (t ? kTrue : 0) | (f ? kFalse : 0);
      }
      if (b->op != Op::Eq && b->op != Op::Ne)
        return kUnknown;
      auto [i, lit] = comparison(b);
      if (i < 0)
        return kUnknown;
      int v = get(st, i);
      unsigned eq;
      if (v == 0)
        eq = rules ? kUnknown : kFalse;
      else if (isAny(i, v))
        eq = kUnknown;
      else
        eq = v == lit ? kTrue : kFalse;
      if (b->op == Op::Ne && eq != kUnknown)
        eq = eq == kTrue ? kFalse : kTrue;
      return eq;
    }
    default:
      return kUnknown;
    }
  }

  int refIndex(const ast::Expr *e) const {
    auto it = p.refs.find(e);
    return it == p.refs.end() ? -1 : index(p.slotOf(it->second));
  }

  /// `slot == literal` in either order: (tuple index, coordinate) or (-1, _).
  std::pair<int, int> comparison(const ast::BinaryExpr *b) const {
    int i = refIndex(b->lhs.get()), lit = literal(b->rhs.get());
    if (i < 0 || lit < 0) {
      i = refIndex(b->rhs.get());
      lit = literal(b->lhs.get());
    }
    if (i < 0 || lit < 0 || valueCount[i] == 0)
      return {-1, -1};
    return {i, lit};
  }

  int narrow(const ast::Expr *e, bool pos, int st) const {
    if (st < 0)
      return -1;
    using Op = ast::BinaryExpr::Op;
    if (const auto *u = llvm::dyn_cast<ast::UnaryExpr>(e))
      return narrow(u->operand.get(), !pos, st);
    if (const auto *b = llvm::dyn_cast<ast::BinaryExpr>(e)) {
      if ((b->op == Op::And && pos) || (b->op == Op::Or && !pos))
        return narrow(b->rhs.get(), pos, narrow(b->lhs.get(), pos, st));
      if (b->op == Op::Eq || b->op == Op::Ne) {
        auto [i, lit] = comparison(b);
        if (i >= 0)
          return narrowEq(i, lit, (b->op == Op::Eq) == pos, st);
      }
    }
    if (llvm::isa<ast::RefExpr>(e)) {
      int i = refIndex(e);
      if (i >= 0 && valueCount[i] == 2)
        return narrowEq(i, 2, pos, st);
    }
    if (const auto *is = llvm::dyn_cast<ast::IsSetExpr>(e)) {
      int i = refIndex(is->operand.get());
      if (i >= 0)
        return (get(st, i) != 0) == (pos != is->negated) ? st : -1;
    }
    unsigned r = eval(e, st);
    return (r & (pos ? kTrue : kFalse)) ? st : -1;
  }

  int narrowEq(int i, int lit, bool mustEqual, int st) const {
    int v = get(st, i);
    if (mustEqual) {
      if (v == lit)
        return st;
      if (isAny(i, v))
        return with(st, i, lit);
      return -1;
    }
    return v == lit ? -1 : st;
  }

  void visit(int node, int st, llvm::SmallVectorImpl<int> &after) override {
    const Node &n = c.cfg.nodes[node];
    using K = ast::Stmt::Kind;
    if (n.kind != Node::Kind::Stmt ||
        (n.stmtKind != K::Set && n.stmtKind != K::Input && n.stmtKind != K::Do &&
         n.stmtKind != K::Create && n.stmtKind != K::Complete)) {
      after.push_back(st);
      return;
    }
    for (uint32_t k = c.cfg.setBegin[node]; k < c.cfg.setBegin[node + 1]; ++k)
      if (c.cfg.sets[k] == field)
        return; // the required field is set on this path
    llvm::SmallVector<int, 8> post{st};
    if (const auto *s = llvm::dyn_cast_or_null<ast::SetStmt>(n.stmt)) {
      if (auto it = p.targets.find(&s->target); it != p.targets.end())
        if (int i = index(p.slotOf(it->second)); i >= 0)
          post = expand(post, i, valueChoices(i, s->value.get()));
    } else if (const auto *in = llvm::dyn_cast_or_null<ast::InputStmt>(n.stmt)) {
      if (auto it = p.targets.find(&in->target); it != p.targets.end())
        if (int i = index(p.slotOf(it->second)); i >= 0)
          post = expand(post, i, anyChoices(i, &in->allowed));
    } else if (const auto *d = llvm::dyn_cast_or_null<ast::DoStmt>(n.stmt)) {
      if (d->result)
        if (auto it = p.targets.find(&*d->result); it != p.targets.end())
          if (int i = index(p.slotOf(it->second)); i >= 0)
            post = expand(post, i, anyChoices(i, nullptr));
    } else if (const auto *cr = llvm::dyn_cast_or_null<ast::CreateStmt>(n.stmt)) {
      for (const ast::FieldInit &init : cr->inits)
        if (auto it = p.names.find(&init.field); it != p.names.end())
          if (int i = index(p.slotOf(it->second)); i >= 0)
            post = expand(post, i, valueChoices(i, init.value.get()));
    }
    int formHere = -1;
    if (const auto *cr = llvm::dyn_cast_or_null<ast::CreateStmt>(n.stmt)) {
      if (auto it = p.names.find(&cr->form); it != p.names.end())
        formHere = it->second.index;
    } else if (const auto *co = llvm::dyn_cast_or_null<ast::CompleteStmt>(n.stmt)) {
      if (auto it = p.names.find(&co->form); it != p.names.end())
        formHere = it->second.index;
    }
    if (formHere == form && !hitNode[node])
      for (int s : post) {
        unsigned r = eval(cond, s);
        if (rules ? r == kFalse : (r & kTrue) != 0) {
          hitNode[node] = true;
          hits.push_back({node, st});
          break;
        }
      }
    after.append(post.begin(), post.end());
  }

  int cross(const Edge &e, int st) override {
    return e.guard ? narrow(e.guard, e.positive, st) : st;
  }
};
} // namespace

void Checker::checkConditions() {
  if (p.startStep < 0)
    return;
  PathSearch search(cfg);
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
      CondQuery q(*this, false, (int)f, fi.requiredWhen);
      q.field = fi.slot;
      if (!q.init(opts.maxConditionStates) || !search.run(q, cfg.stepEntry[p.startStep]))
        continue;
      for (auto [node, st] : q.hits) {
        auto b = diags.report(DiagId::MissingConditionalField, cfg.nodes[node].stmt->range,
                              {form.name + "." + fi.name, exprString(p, fi.requiredWhen),
                               stmtName(node)});
        if (!b.active())
          continue;
        search.path(node, st, nodes, via);
        b.note(formatPath(nodes, via));
      }
    }
    for (const sema::RuleInfo &rule : form.rules) {
      CondQuery q(*this, true, (int)f, rule.cond);
      if (!q.init(opts.maxConditionStates) || !search.run(q, cfg.stepEntry[p.startStep]))
        continue;
      for (auto [node, st] : q.hits) {
        auto b = diags.report(DiagId::RuleViolated, cfg.nodes[node].stmt->range,
                              {rule.message, form.name, stmtName(node)});
        if (!b.active())
          continue;
        search.path(node, st, nodes, via);
        b.note(formatPath(nodes, via));
      }
    }
  }
}

} // namespace callflow::check
