// FactSpace: the known values of enum/bool slots along a path (see
// checker.h), shared by every path query so that counterexample paths are
// feasible and branches correlated with earlier choices raise no alarm.
#include <algorithm>
#include <optional>

#include "check/checker.h"

namespace callflow::check {

using sema::Symbol;

namespace {
int valueCountOf(const sema::Program &p, int slot) {
  sema::Type t = p.slotType(slot);
  if (t.kind == sema::Type::Kind::Enum)
    return (int)p.enums[t.enumIndex].values.size();
  return t.kind == sema::Type::Kind::Bool ? 2 : 0;
}

/// A text (without placeholders), number or money literal as a constant.
std::optional<sema::Constant> constantOf(const ast::Expr *e) {
  sema::Constant k;
  if (const auto *n = llvm::dyn_cast_or_null<ast::NumberExpr>(e)) {
    k.kind = sema::Constant::Kind::Number;
    k.number = n->value;
  } else if (const auto *m = llvm::dyn_cast_or_null<ast::MoneyExpr>(e)) {
    k.kind = sema::Constant::Kind::Money;
    k.number = m->cents;
  } else if (const auto *d = llvm::dyn_cast_or_null<ast::DateExpr>(e); d && d->valid) {
    k.kind = sema::Constant::Kind::Date; // its day number: ordered as numbers are
    k.number = d->day;
  } else if (const auto *tm = llvm::dyn_cast_or_null<ast::TimeExpr>(e); tm && tm->valid) {
    k.kind = sema::Constant::Kind::Time;
    k.number = tm->minutes;
  } else if (const auto *t = llvm::dyn_cast_or_null<ast::StringExpr>(e);
             t && !t->value.hasPlaceholders()) {
    k.kind = sema::Constant::Kind::Text;
    k.text = t->value.literal();
  } else {
    return std::nullopt;
  }
  return k;
}

bool sameConstant(const sema::Constant &a, const sema::Constant &b) {
  return a.kind == b.kind && a.number == b.number && a.text == b.text;
}

bool isValueType(const sema::Type &t) {
  using K = sema::Type::Kind;
  return t.kind == K::Text || t.kind == K::Number || t.kind == K::Money || t.kind == K::Date ||
         t.kind == K::Time;
}


int slotOfRef(const sema::Program &p, const ast::Expr *e) {
  return p.slotOf(sema::Program::refOf(e)); // -1: not a reference, unresolved, no slot
}
} // namespace

void FactSpace::collectSlots(const sema::Program &p, const ast::Expr *e, std::vector<int> &out,
                             bool values) {
  auto add = [&](int slot) {
    if (slot >= 0 && std::find(out.begin(), out.end(), slot) == out.end())
      out.push_back(slot);
  };
  if (!e)
    return;
  if (llvm::isa<ast::RefExpr>(e)) {
    int slot = slotOfRef(p, e);
    if (slot >= 0 && valueCountOf(p, slot) > 0)
      add(slot);
  } else if (const auto *u = llvm::dyn_cast<ast::UnaryExpr>(e)) {
    collectSlots(p, u->operand.get(), out, values);
  } else if (const auto *i = llvm::dyn_cast<ast::IsSetExpr>(e)) {
    add(slotOfRef(p, i->operand.get()));
  } else if (const auto *b = llvm::dyn_cast<ast::BinaryExpr>(e)) {
    if (values && ast::isComparison(b->op)) {
      for (auto [ref, lit] :
           {std::pair(b->lhs.get(), b->rhs.get()), std::pair(b->rhs.get(), b->lhs.get())}) {
        int slot = slotOfRef(p, ref);
        if (slot >= 0 && isValueType(p.slotType(slot)) && constantOf(lit))
          add(slot);
      }
    }
    collectSlots(p, b->lhs.get(), out, values);
    collectSlots(p, b->rhs.get(), out, values);
  } else if (const auto *in = llvm::dyn_cast<ast::InExpr>(e)) {
    // As `x == a or x == b`.
    int slot = slotOfRef(p, in->operand.get());
    if (values && slot >= 0 && isValueType(p.slotType(slot)))
      for (const ast::ExprPtr &el : in->elements)
        if (constantOf(el.get()))
          add(slot);
    collectSlots(p, in->operand.get(), out, values);
  }
}

void FactSpace::markCompared(const ast::Expr *e) {
  if (!e)
    return;
  if (const auto *u = llvm::dyn_cast<ast::UnaryExpr>(e)) {
    markCompared(u->operand.get());
    return;
  }
  auto markValue = [&](const ast::Expr *side) {
    if (!side)
      return;
    const Symbol s = sema::Program::refOf(side);
    if (s.kind == Symbol::Kind::EnumValue && s.index >= 0 && s.index < (int)compared.size() && s.sub >= 0 &&
        s.sub < (int)compared[s.index].size())
      compared[s.index][s.sub] = true;
  };
  if (const auto *in = llvm::dyn_cast<ast::InExpr>(e)) {
    for (const ast::ExprPtr &el : in->elements)
      markValue(el.get());
    return;
  }
  const auto *b = llvm::dyn_cast<ast::BinaryExpr>(e);
  if (!b)
    return;
  using BOp = ast::BinaryExpr::Op;
  if (b->op == BOp::And || b->op == BOp::Or) {
    markCompared(b->lhs.get());
    markCompared(b->rhs.get());
    return;
  }
  if (b->op != BOp::Eq && b->op != BOp::Ne)
    return;
  markValue(b->lhs.get());
  markValue(b->rhs.get());
}

int FactSpace::valueCoord(int i, const sema::Constant &k) const {
  for (int v = 0; v < valueCount[i]; ++v)
    if (sameConstant(valuePool[(size_t)classBase[i] + v], k))
      return v + 1;
  return -1;
}

int FactSpace::classOf(int i, int v) const {
  if (v <= 0)
    return v;
  if (isValues[i])
    return -1; // values have no classes: see valueCoord
  if (valueCount[i] == 0)
    return 1;
  if (classBase[i] < 0) // a bool: false 1, true 2
    return v <= 2 ? v : -1;
  sema::Type t = c->p.slotType(slots[i]);
  if (t.kind != sema::Type::Kind::Enum || v > (int)c->p.enums[t.enumIndex].values.size())
    return -1;
  return classPool[(size_t)classBase[i] + (size_t)v - 1];
}

bool FactSpace::init(const Checker &checker, llvm::ArrayRef<int> must,
                     llvm::ArrayRef<int> optional, unsigned limit, bool rulesMode,
                     const ast::Expr *cond) {
  c = &checker;
  rules = rulesMode;
  const sema::Program &p = c->p;
  compared.assign(p.enums.size(), {});
  for (size_t e = 0; e < p.enums.size(); ++e)
    compared[e].assign(p.enums[e].values.size(), false);
  for (const ast::Expr *g : c->cfg.guards)
    markCompared(g);
  markCompared(cond);
  slotIndex.assign(p.slots.size(), -1);
  slots.clear();
  valueCount.clear();
  radix.clear();
  stride.clear();
  classBase.clear();
  exactClasses.clear();
  classPool.clear();
  isValues.clear();
  valuePool.clear();
  constants.clear();
  lost_.clear();
  size_t total = 1;
  // The literal values the flow gives a text / number / money slot.
  auto literalsOf = [&](int slot, std::vector<sema::Constant> &out) {
    auto addConstant = [&](const sema::Constant &k) {
      for (const sema::Constant &o : out)
        if (sameConstant(o, k))
          return;
      out.push_back(k);
    };
    const sema::FieldInfo &fi = p.slotInfo(slot);
    if (fi.defaultValue.kind == sema::Constant::Kind::Text ||
        fi.defaultValue.kind == sema::Constant::Kind::Number ||
        fi.defaultValue.kind == sema::Constant::Kind::Money ||
        fi.defaultValue.kind == sema::Constant::Kind::Date ||
        fi.defaultValue.kind == sema::Constant::Kind::Time)
      addConstant(fi.defaultValue);
    const Cfg &g = c->cfg;
    for (size_t k = 0; k < g.sets.size(); ++k)
      if (g.sets[k] == slot && g.setHow[k].literal)
        if (std::optional<sema::Constant> lit = constantOf(g.setHow[k].literal))
          addConstant(*lit);
  };
  std::vector<sema::Constant> lits;
  auto add = [&](int slot, bool trackValues) {
    if (slot < 0 || slotIndex[slot] >= 0)
      return true;
    sema::Type t = p.slotType(slot);
    int n = valueCountOf(p, slot), exact = n;
    const std::vector<bool> *cmp = nullptr;
    bool values = trackValues && rules && isValueType(t);
    lits.clear();
    if (values) {
      literalsOf(slot, lits);
      n = exact = (int)lits.size();
    } else if (t.kind == sema::Type::Kind::Enum && n > 0) {
      cmp = &compared[t.enumIndex];
      exact = (int)std::count(cmp->begin(), cmp->end(), true);
      n = exact + (exact < n ? 1 : 0);
    }
    int r = n == 0 ? 2 : 1 + n + (rules ? 1 : 0);
    if (total * r > limit)
      return false;
    slotIndex[slot] = (int)slots.size();
    slots.push_back(slot);
    valueCount.push_back(n);
    exactClasses.push_back(exact);
    radix.push_back(r);
    stride.push_back((int)total);
    isValues.push_back(values);
    classBase.push_back(cmp ? (int)classPool.size() : values ? (int)valuePool.size() : -1);
    if (cmp) {
      int next = 0;
      for (bool told : *cmp)
        classPool.push_back(told ? ++next : exact + 1);
    }
    valuePool.insert(valuePool.end(), lits.begin(), lits.end());
    total *= r;
    return true;
  };
  for (int s : must)
    if (!add(s, true))
      lost_.push_back(s);
  for (int s : optional)
    add(s, false);
  states = (int)total;

  // Initial tuples: defaults known, `auto` slots any value, the rest unset.
  llvm::SmallVector<int, 8> cur{0}, nextStates, choices;
  for (size_t i = 0; i < slots.size(); ++i) {
    const sema::FieldInfo &fi = p.slotInfo(slots[i]);
    choices.clear();
    if (fi.defaultValue.kind == sema::Constant::Kind::EnumValue ||
        fi.defaultValue.kind == sema::Constant::Kind::Bool) {
      int v = classOf((int)i, (int)fi.defaultValue.number + 1);
      if (v > 0)
        choices.push_back(v);
      else
        anyChoices((int)i, choices);
    } else if (fi.defaultValue.kind != sema::Constant::Kind::None) {
      int v = isValues[i] ? valueCoord((int)i, fi.defaultValue) : 1;
      if (v > 0)
        choices.push_back(v);
      else
        anyChoices((int)i, choices);
    } else if (fi.isAuto) {
      anyChoices((int)i, choices);
    } else {
      continue;
    }
    nextStates.clear();
    for (int s : cur)
      for (int v : choices)
        nextStates.push_back(with(s, (int)i, v));
    cur.swap(nextStates);
  }
  init_.assign(cur.begin(), cur.end());

  code.clear();
  guardCode.clear();
  guardCode.reserve(c->cfg.guards.size());
  for (const ast::Expr *g : c->cfg.guards)
    guardCode.push_back(compile(g));
  return lost_.empty();
}

void FactSpace::anyChoices(int i, llvm::SmallVectorImpl<int> &out) const {
  if (valueCount[i] == 0)
    out.push_back(1);
  else if (rules)
    out.push_back(radix[i] - 1);
  else
    for (int v = 1; v <= valueCount[i]; ++v)
      out.push_back(v);
}

void FactSpace::apply(int node, int st, llvm::SmallVectorImpl<int> &out) const {
  const Cfg &g = c->cfg;
  size_t at = out.size();
  out.push_back(st);
  if (slots.empty())
    return;
  llvm::SmallVector<int, 8> choices;
  for (uint32_t k = g.setBegin[node], end = g.setBegin[node + 1]; k < end; ++k) {
    int slot = g.sets[k];
    if (slot >= (int)slotIndex.size() || slotIndex[slot] < 0)
      continue;
    int i = slotIndex[slot];
    const SetHow &how = g.setHow[k];
    if (how.kind == SetHow::Kind::Poisoned) {
      out.resize(at); // the value names something undefined: no path on
      return;         // from here says anything about it
    }
    if (how.kind == SetHow::Kind::Copy) {
      // `set a = b`: each tuple carries b's value into a (same type).
      int j = how.coord < (int)slotIndex.size() ? slotIndex[how.coord] : -1;
      if (j >= 0 && isValues[i] && isValues[j]) {
        for (size_t t = at; t < out.size(); ++t) {
          int v = get(out[t], j), to = v;
          if (v == radix[j] - 1)
            to = radix[i] - 1; // any value
          else if (v > 0)
            to = valueCoord(i, valuePool[(size_t)classBase[j] + v - 1]);
          out[t] = with(out[t], i, to > 0 || v == 0 ? to : radix[i] - 1);
        }
        continue;
      }
      if (j >= 0 && !isValues[i] && !isValues[j] && radix[j] == radix[i]) {
        for (size_t t = at; t < out.size(); ++t)
          out[t] = with(out[t], i, get(out[t], j));
        continue;
      }
    }
    choices.clear();
    if (valueCount[i] == 0)
      choices.push_back(1);
    else if (isValues[i]) {
      std::optional<sema::Constant> lit =
          how.kind == SetHow::Kind::Value ? constantOf(how.literal) : std::nullopt;
      if (int v = lit ? valueCoord(i, *lit) : -1; v > 0)
        choices.push_back(v);
    } else if (how.kind == SetHow::Kind::Value && classOf(i, how.coord) > 0)
      choices.push_back(classOf(i, how.coord));
    else if (how.kind == SetHow::Kind::OneOf && !rules && how.count)
      for (uint32_t v = how.first; v < how.first + how.count; ++v) {
        int cls = classOf(i, g.setPool[v]);
        if (cls > 0 && std::find(choices.begin(), choices.end(), cls) == choices.end())
          choices.push_back(cls);
      }
    if (choices.empty())
      anyChoices(i, choices);
    size_t n = out.size();
    for (size_t t = at; t < n; ++t) {
      int base = out[t];
      out[t] = with(base, i, choices[0]);
      for (size_t v = 1; v < choices.size(); ++v) {
        int s = with(base, i, choices[v]);
        if (std::find(out.begin() + at, out.end(), s) == out.end())
          out.push_back(s);
      }
    }
  }
}

int FactSpace::tupleIndex(const ast::Expr *ref) const {
  int slot = slotOfRef(c->p, ref);
  return slot >= 0 && slot < (int)slotIndex.size() ? slotIndex[slot] : -1;
}

int FactSpace::literal(const ast::Expr *e) const {
  if (const auto *b = llvm::dyn_cast_or_null<ast::BoolExpr>(e))
    return b->value ? 2 : 1;
  if (const Symbol s = sema::Program::refOf(e); s.kind == Symbol::Kind::EnumValue)
    return s.sub + 1;
  return -1;
}

int FactSpace::compile(const ast::Expr *e) {
  Code k;
  using Op = Code::Op;
  if (!e) {
    // A <missing expression> left by a syntax error: unknown.
  } else if (const auto *b = llvm::dyn_cast<ast::BoolExpr>(e)) {
    k.op = Op::Const;
    k.value = b->value ? kTrue : kFalse;
  } else if (llvm::isa<ast::RefExpr>(e)) {
    int i = tupleIndex(e);
    if (i >= 0 && valueCount[i] == 2 && c->p.slotType(slots[i]).kind == sema::Type::Kind::Bool) {
      k.op = Op::Flag;
      k.i = i;
    }
  } else if (const auto *u = llvm::dyn_cast<ast::UnaryExpr>(e)) {
    k.op = Op::Not;
    k.a = compile(u->operand.get());
  } else if (const auto *is = llvm::dyn_cast<ast::IsSetExpr>(e)) {
    int i = tupleIndex(is->operand.get());
    if (i >= 0) {
      k.op = Op::IsSet;
      k.i = i;
      k.negated = is->negated;
    }
  } else if (const auto *in = llvm::dyn_cast<ast::InExpr>(e)) {
    // `x in {a, b}` is `x == a or x == b`; `not in` its negation.
    int acc = -1;
    for (const ast::ExprPtr &el : in->elements) {
      int eq = compileCompare(in->operand.get(), el.get(), ast::BinaryExpr::Op::Eq);
      if (acc < 0) {
        acc = eq;
        continue;
      }
      Code o;
      o.op = Op::Or;
      o.a = acc;
      o.b = eq;
      code.push_back(o);
      acc = (int)code.size() - 1;
    }
    if (acc < 0) {
      // no elements (a syntax error): unknown
    } else if (in->negated) {
      k.op = Op::Not;
      k.a = acc;
    } else {
      return acc;
    }
  } else if (const auto *b = llvm::dyn_cast<ast::BinaryExpr>(e)) {
    using BOp = ast::BinaryExpr::Op;
    if (b->op == BOp::And || b->op == BOp::Or) {
      k.op = b->op == BOp::And ? Op::And : Op::Or;
      k.a = compile(b->lhs.get());
      k.b = compile(b->rhs.get());
    } else if (ast::isComparison(b->op)) {
      return compileCompare(b->lhs.get(), b->rhs.get(), b->op);
    } // arithmetic is not a condition: unknown
  }
  code.push_back(k);
  return (int)code.size() - 1;
}

int FactSpace::compileCompare(const ast::Expr *lhs, const ast::Expr *rhs, ast::BinaryExpr::Op op) {
  Code k;
  using Op = Code::Op;
  using BOp = ast::BinaryExpr::Op;
  if (int li = tupleIndex(lhs), ri = tupleIndex(rhs);
      (li >= 0 && isValues[li] && constantOf(rhs)) ||
      (ri >= 0 && isValues[ri] && constantOf(lhs))) {
    // A text / number / money slot against a literal, as `slot OP lit`.
    bool flip = !(li >= 0 && isValues[li] && constantOf(rhs));
    k.op = Op::Cmp;
    k.i = flip ? ri : li;
    k.cmp = op;
    if (flip) {
      switch (op) {
      case BOp::Lt: k.cmp = BOp::Gt; break;
      case BOp::Le: k.cmp = BOp::Ge; break;
      case BOp::Gt: k.cmp = BOp::Lt; break;
      case BOp::Ge: k.cmp = BOp::Le; break;
      default: break;
      }
    }
    constants.push_back(*constantOf(flip ? lhs : rhs));
    k.lit = (int)constants.size() - 1;
  } else if (op == BOp::Eq || op == BOp::Ne) {
    int i = tupleIndex(lhs), lit = literal(rhs);
    if (i < 0 || lit < 0) {
      i = tupleIndex(rhs);
      lit = literal(lhs);
    }
    // The literal's class; a value no guard or condition was marked for
    // shares its class with others, so the test is unknown.
    if (i >= 0 && lit >= 0)
      lit = classOf(i, lit);
    if (i >= 0 && lit >= 1 && lit <= exactClasses[i] && valueCount[i] > 0) {
      k.op = Op::Eq;
      k.i = i;
      k.lit = lit;
      k.negated = op == BOp::Ne;
    }
  }
  code.push_back(k);
  return (int)code.size() - 1;
}

unsigned FactSpace::eval(int ci, int st) const {
  const Code &k = code[ci];
  using Op = Code::Op;
  switch (k.op) {
  case Op::Unknown:
    return kUnknown;
  case Op::Const:
    return k.value;
  case Op::Flag: {
    int v = get(st, k.i);
    return v == 0 ? (rules ? kUnknown : kFalse) : v == 1 ? kFalse : v == 2 ? kTrue : kUnknown;
  }
  case Op::IsSet:
    return (get(st, k.i) != 0) != k.negated ? kTrue : kFalse;
  case Op::Not: {
    unsigned o = eval(k.a, st);
    return ((o & kTrue) ? kFalse : 0) | ((o & kFalse) ? kTrue : 0);
  }
  case Op::And:
  case Op::Or: {
    unsigned l = eval(k.a, st), r = eval(k.b, st);
    bool isAnd = k.op == Op::And;
    bool t = isAnd ? (l & kTrue) && (r & kTrue) : (l & kTrue) || (r & kTrue);
    bool f = isAnd ? (l & kFalse) || (r & kFalse) : (l & kFalse) && (r & kFalse);
    return (t ? kTrue : 0) | (f ? kFalse : 0);
  }
  case Op::Cmp:
    return compareValue(k, st);
  case Op::Eq: {
    int v = get(st, k.i);
    unsigned eq;
    if (v == 0) // the runtime compares an unset value unequal to any value
      eq = rules ? kUnknown : kFalse;
    else if (isAny(k.i, v))
      eq = kUnknown;
    else
      eq = v == k.lit ? kTrue : kFalse;
    if (k.negated && eq != kUnknown)
      eq = eq == kTrue ? kFalse : kTrue;
    return eq;
  }
  }
  return kUnknown;
}

unsigned FactSpace::compareValue(const Code &k, int st) const {
  int v = get(st, k.i);
  if (v <= 0 || v > valueCount[k.i])
    return kUnknown; // unset (a rule is proved only over set values) or any value
  const sema::Constant &a = valuePool[(size_t)classBase[k.i] + v - 1];
  const sema::Constant &b = constants[k.lit];
  if (a.kind != b.kind)
    return kUnknown;
  using BOp = ast::BinaryExpr::Op;
  bool text = a.kind == sema::Constant::Kind::Text;
  bool r;
  switch (k.cmp) {
  case BOp::Eq: r = text ? a.text == b.text : a.number == b.number; break;
  case BOp::Ne: r = text ? a.text != b.text : a.number != b.number; break;
  case BOp::Lt: if (text) return kUnknown; r = a.number < b.number; break;
  case BOp::Le: if (text) return kUnknown; r = a.number <= b.number; break;
  case BOp::Gt: if (text) return kUnknown; r = a.number > b.number; break;
  case BOp::Ge: if (text) return kUnknown; r = a.number >= b.number; break;
  default: return kUnknown;
  }
  return r ? kTrue : kFalse;
}

int FactSpace::narrowEq(int i, int lit, bool mustEqual, int st) const {
  int v = get(st, i);
  if (mustEqual) {
    if (v == lit)
      return st;
    return isAny(i, v) ? with(st, i, lit) : -1;
  }
  return v == lit ? -1 : st;
}

int FactSpace::narrow(int ci, bool pos, int st) const {
  if (st < 0)
    return -1;
  const Code &k = code[ci];
  using Op = Code::Op;
  switch (k.op) {
  case Op::Not:
    return narrow(k.a, !pos, st);
  case Op::And:
  case Op::Or:
    if ((k.op == Op::And) == pos)
      return narrow(k.b, pos, narrow(k.a, pos, st));
    break;
  case Op::Eq:
    return narrowEq(k.i, k.lit, pos != k.negated, st);
  case Op::Flag:
    return narrowEq(k.i, 2, pos, st);
  default:
    break;
  }
  return (eval(ci, st) & (pos ? kTrue : kFalse)) ? st : -1;
}

unsigned Checker::factLimit(int own, size_t cells) const {
  size_t nodes = std::max<size_t>(1, cfg.nodes.size());
  size_t byCells = (cells ? cells : search->maxCells()) / nodes / (size_t)std::max(1, own);
  return (unsigned)std::max<size_t>(1, std::min<size_t>(opts.maxConditionStates, byCells));
}

void Checker::setUpPathSearch() {
  const size_t maxCells = std::clamp<size_t>(opts.pathCells, 2, PathSearch::kMaxWideCells);
  search = std::make_unique<PathSearch>(cfg, maxCells);
  flowFacts = std::make_unique<FactSpace>();
  // Money queries have two states of their own: leave room for them.
  flowFacts->init(*this, {}, cfg.guardSlots, factLimit(2), false);
  if (p.startStep >= 0 && cfg.nodes.size() * 2 > maxCells)
    diags.report(diag::DiagId::AnalysisLimit, llvm::SMRange(),
                 {"required fields, conditions, reads and payments on every path",
                  std::to_string(cfg.nodes.size()) + " statements; the path analyses hold " +
                      std::to_string(maxCells / 2)});
}

std::string Checker::slotList(llvm::ArrayRef<int> list) const {
  std::string out;
  size_t shown = std::min<size_t>(list.size(), 3);
  for (size_t i = 0; i < shown; ++i)
    out += (i ? ", '" : "'") + p.slotName(list[i]) + "'";
  if (list.size() > shown)
    out += " and " + std::to_string(list.size() - shown) + " more";
  return out;
}

std::string Checker::untrackedNote(const FactSpace &fs,
                                   const std::vector<const Edge *> &via) const {
  std::vector<int> tested, untracked;
  for (const Edge *e : via) {
    if (!e || e->guardId < 0)
      continue;
    tested.clear();
    FactSpace::collectSlots(p, cfg.guards[e->guardId], tested);
    for (int slot : tested)
      if (!fs.tracks(slot) &&
          std::find(untracked.begin(), untracked.end(), slot) == untracked.end())
        untracked.push_back(slot);
  }
  if (untracked.empty())
    return "";
  return "this path may be infeasible: it takes branches on " + slotList(untracked) +
         ", whose values the checker did not track (analysis limit)";
}

} // namespace callflow::check
