// Expression typing and the names inside expressions: enum values resolved
// from the type the context expects (`set Case.segment = other`), or as
// `Enum.value`; conditions are bool; comparisons compare like with like;
// money literals have two decimals and are in range; literals assigned to a
// field match its pattern and required text is not empty.
#include "callflow/bytecode.h"
#include "callflow/value.h"
#include "check/checker.h"

namespace callflow::check {

using diag::DiagId;
using sema::Symbol;
using sema::Type;

namespace {
Type typeOfSymbol(const sema::Program &p, const Symbol &s) {
  switch (s.kind) {
  case Symbol::Kind::Var:
  case Symbol::Kind::Field:
    return p.slotType(p.slotOf(s));
  case Symbol::Kind::FormNumber:
    return Type::text();
  case Symbol::Kind::InvoiceTotal:
    return Type::money();
  case Symbol::Kind::EnumValue:
    return Type::enumType(s.index);
  default:
    return {};
  }
}
} // namespace

Type Checker::typeExpr(const ast::Expr *e, int formScope, Type expected) {
  // An expression that contains a name that did not resolve is poisoned
  // (its error is the report; the passes after this one stay silent on it).
  unsigned before = unresolved;
  Type t = typeExprOf(e, formScope, expected);
  if (unresolved != before && e)
    poisoned.insert(e);
  return t;
}

Type Checker::typeExprOf(const ast::Expr *e, int formScope, Type expected) {
  if (!e)
    return {}; // a <missing expression> left by a syntax error (reported)
  // A whole expression (not one of its operands): the bytecode's stack.
  struct Level {
    int &n;
    explicit Level(int &n) : n(n) { ++n; }
    ~Level() { --n; }
  } level(exprLevel);
  if (exprLevel == 1)
    checkStackLimit(*e);
  Type t;
  switch (e->kind) {
  case ast::Expr::Kind::String:
    // `set memo = "{agent} took the call"`: the placeholders are read when
    // the statement runs, as a say line's are.
    if (const ast::Text &txt = llvm::cast<ast::StringExpr>(e)->value; txt.hasPlaceholders())
      resolveTextReads(txt);
    t = Type::text();
    break;
  case ast::Expr::Kind::Number:
    t = Type::number();
    checkConstantLimit(llvm::cast<ast::NumberExpr>(e)->value, e->range,
                       llvm::cast<ast::NumberExpr>(e)->spelling);
    break;
  case ast::Expr::Kind::Money: {
    const auto *m = llvm::cast<ast::MoneyExpr>(e);
    if (m->decimals != 2)
      diags.report(DiagId::InvalidMoney, m->range, {m->spelling});
    checkMoneyRange(*m);
    t = Type::money();
    break;
  }
  case ast::Expr::Kind::Bool:
    t = Type::boolean();
    break;
  case ast::Expr::Kind::Input:
    t = expected.valid() ? expected : Type::text();
    if (const auto *in = llvm::cast<ast::InputExpr>(e); in->prompt)
      resolveTextReads(*in->prompt);
    break;
  case ast::Expr::Kind::Ref:
    t = typeRef(e, formScope, expected);
    if (!t.valid())
      return t;
    break;
  case ast::Expr::Kind::Unary: {
    const auto *u = llvm::cast<ast::UnaryExpr>(e);
    if (u->op == ast::UnaryExpr::Op::Neg) {
      Type o = typeExpr(u->operand.get(), formScope, {});
      if (o.valid() && o.kind != Type::Kind::Number && o.kind != Type::Kind::Money)
        reportMismatch(u->range, {"'-' negates a number or money, not "}, o);
      else
        t = o;
      break;
    }
    Type o = typeExpr(u->operand.get(), formScope, Type::boolean());
    if (o.valid() && o.kind != Type::Kind::Bool)
      reportMismatch(u->operand->range, {"'not' needs a bool, but its operand is "}, o);
    t = Type::boolean();
    break;
  }
  case ast::Expr::Kind::IsSet: {
    const auto *is = llvm::cast<ast::IsSetExpr>(e);
    typeExpr(is->operand.get(), formScope, {});
    t = Type::boolean();
    break;
  }
  case ast::Expr::Kind::In: {
    // Like `x == a or x == b`: each element is compared with the operand,
    // so a bare enum value names a value of the operand's enum.
    const auto *in = llvm::cast<ast::InExpr>(e);
    Type ot = typeExpr(in->operand.get(), formScope, {});
    for (const ast::ExprPtr &el : in->elements) {
      Type et = typeExpr(el.get(), formScope, ot);
      if (ot.valid() && et.valid() && et != ot)
        reportMismatch(el->range, {"cannot compare "}, ot, " with ", et);
    }
    t = Type::boolean();
    break;
  }
  case ast::Expr::Kind::Date:
  case ast::Expr::Kind::Time:
  case ast::Expr::Kind::Clock:
  case ast::Expr::Kind::Duration:
  case ast::Expr::Kind::Between:
    t = typeTemporal(e, formScope);
    break;
  case ast::Expr::Kind::Binary: {
    const auto *b = llvm::cast<ast::BinaryExpr>(e);
    using Op = ast::BinaryExpr::Op;
    if (b->op == Op::And || b->op == Op::Or) {
      for (const ast::Expr *side : {b->lhs.get(), b->rhs.get()}) {
        Type st = typeExpr(side, formScope, Type::boolean());
        if (st.valid() && st.kind != Type::Kind::Bool)
          reportMismatch(side->range, {"'", ast::spelling(b->op), "' needs bool operands, but this is "}, st);
      }
      t = Type::boolean();
      break;
    }
    if (ast::isArithmetic(b->op)) {
      t = typeArithmetic(*b, formScope);
      break;
    }
    // Type the side that is not a bare name first, so that `other ==
    // Case.segment` resolves too.
    // (A side a syntax error left out is null: typeExpr reports nothing.)
    bool lhsBare = llvm::isa_and_nonnull<ast::RefExpr>(b->lhs.get()) &&
                   llvm::cast<ast::RefExpr>(b->lhs.get())->name.parts.size() == 1 &&
                   !resolveQual(llvm::cast<ast::RefExpr>(b->lhs.get())->name, formScope, false).valid();
    Type lt, rt;
    if (lhsBare) {
      rt = typeExpr(b->rhs.get(), formScope, {});
      lt = typeExpr(b->lhs.get(), formScope, rt);
    } else {
      lt = typeExpr(b->lhs.get(), formScope, {});
      rt = typeExpr(b->rhs.get(), formScope, lt);
    }
    t = Type::boolean();
    if (!lt.valid() || !rt.valid())
      break;
    if (lt.kind == Type::Kind::Span || rt.kind == Type::Kind::Span ||
        lt.kind == Type::Kind::Duration || rt.kind == Type::Kind::Duration) {
      reportSpanComparison(*b, lt, rt);
      break;
    }
    if (lt != rt) {
      reportMismatch(b->range, {"cannot compare "}, lt, " with ", rt);
      break;
    }
    if (b->op != Op::Eq && b->op != Op::Ne && lt.kind != Type::Kind::Number &&
        lt.kind != Type::Kind::Money && lt.kind != Type::Kind::Date && lt.kind != Type::Kind::Time)
      reportMismatch(b->opRange, {"'", ast::spelling(b->op), "' compares numbers, money, dates or times, not "}, lt);
    break;
  }
  }
  if (t.valid())
    (*exprTypes)[e] = t;
  return t;
}

/// `+ -` of two numbers or two amounts; `*` of numbers, or of an amount
/// and a number (either side); `/` of numbers, or of an amount by a
/// number. Anything else (money times money, a number divided by money,
/// text) is a type error: the result would not be an amount.
// typeExprOf recurses once per level of an expression (1,000 levels at
// the limit, E0017), so its frame is kept small: a case with many locals
// (a name's resolution) and every message built of strings are functions
// of their own. Under AddressSanitizer each temporary string has a slot of
// its own in the frame, and 1,000 frames overflowed the stack.
LLVM_ATTRIBUTE_NOINLINE void Checker::reportMismatch(llvm::SMRange at, std::initializer_list<llvm::StringRef> text,
                                                     Type t1, llvm::StringRef between, Type t2) {
  std::string msg;
  for (llvm::StringRef piece : text) msg += piece.str();
  msg += p.typeName(t1);
  if (!between.empty()) msg += between.str() + p.typeName(t2);
  diags.report(DiagId::TypeMismatch, at, {msg});
}

LLVM_ATTRIBUTE_NOINLINE Type Checker::typeRef(const ast::Expr *e, int formScope, Type expected) {
  const auto *r = llvm::cast<ast::RefExpr>(e);
  if (r->name.missing())
    return {}; // a syntax error left the name missing (reported)
  const auto &parts = r->name.parts;
  Symbol s;
  if (parts.size() == 2) {
    if (auto it = p.enumByName.find(parts[0].text()); it != p.enumByName.end()) {
      int v = p.enums[it->second].findValue(parts[1].text());
      if (v < 0) {
        auto b = diags.report(DiagId::UndefinedEnumValue, parts[1].range,
                              {parts[1].text().str(), parts[0].text().str()});
        unresolvedName();
        std::vector<std::string> names;
        for (const auto &ev : p.enums[it->second].values)
          names.push_back(ev.name);
        suggest(b, parts[1].text(), names, parts[1].range);
        return {};
      }
      s = {Symbol::Kind::EnumValue, it->second, v};
    }
  }
  if (!s.valid())
    s = resolveQual(r->name, formScope, false);
  if (!s.valid() && parts.size() == 1) {
    llvm::StringRef n = parts[0].text();
    if (expected.kind == Type::Kind::Enum) {
      int v = p.enums[expected.enumIndex].findValue(n);
      if (v >= 0)
        s = {Symbol::Kind::EnumValue, expected.enumIndex, v};
      else {
        auto b = diags.report(DiagId::UndefinedEnumValue, r->range,
                              {n.str(), p.enums[expected.enumIndex].name});
        unresolvedName();
        std::vector<std::string> names;
        for (const auto &ev : p.enums[expected.enumIndex].values)
          names.push_back(ev.name);
        suggest(b, n, names, r->range);
        return {};
      }
    } else {
      int found = -1, foundValue = -1, count = 0;
      for (size_t i = 0; i < p.enums.size(); ++i) {
        int v = p.enums[i].findValue(n);
        if (v >= 0) {
          found = (int)i;
          foundValue = v;
          ++count;
        }
      }
      if (count == 1)
        s = {Symbol::Kind::EnumValue, found, foundValue};
    }
  }
  sema::Program::setRef(*e, s); // Symbol() when it did not resolve
  if (!s.valid()) {
    resolveQual(r->name, formScope, true); // reports, with a suggestion
    return {};
  }
  int slot = p.slotOf(s);
  if (slot >= 0 && formScope < 0) {
    slotRead[slot] = true;
    if (p.slotInfo(slot).unused)
      diags.report(DiagId::UnusedFieldUsed, r->range, {p.slotName(slot), "read"});
  }
  return typeOfSymbol(p, s);
}

// The cases of dates and times, and the report of a span compared, live
// outside typeExprOf: it recurses once per level of an expression (1,000
// levels at the limit), and their temporaries (the messages' strings)
// would make every one of its frames larger; under AddressSanitizer that
// overflowed the stack at the depth limit.
LLVM_ATTRIBUTE_NOINLINE Type Checker::typeTemporal(const ast::Expr *e, int formScope) {
  Type t;
  switch (e->kind) {
  case ast::Expr::Kind::Date: {
    const auto *d = llvm::cast<ast::DateExpr>(e);
    if (!d->valid)
      diags.report(DiagId::InvalidDate, d->range, {d->spelling, invalidDateReason(d->spelling)});
    t = Type::date();
    break;
  }
  case ast::Expr::Kind::Time: {
    const auto *tm = llvm::cast<ast::TimeExpr>(e);
    if (!tm->valid)
      diags.report(DiagId::InvalidTime, tm->range, {tm->spelling});
    t = Type::time();
    break;
  }
  case ast::Expr::Kind::Clock:
    t = llvm::cast<ast::ClockExpr>(e)->now ? Type::time() : Type::date();
    break;
  case ast::Expr::Kind::Duration: {
    // `30 days`: a count, which only date arithmetic takes (typeArithmetic
    // says so when it meets one anywhere else).
    const auto *du = llvm::cast<ast::DurationExpr>(e);
    Type ct = typeExpr(du->count.get(), formScope, Type::number());
    if (ct.valid() && ct.kind != Type::Kind::Number) {
      diags.report(DiagId::DateArithmetic, du->count ? du->count->range : du->range,
                   {std::string("a count of ") + ast::spelling(du->unit) + " is a whole number, not " +
                    p.typeName(ct)});
      break;
    }
    t = Type::duration(du->unit);
    break;
  }
  case ast::Expr::Kind::Between: {
    // `years(a - b)`: the span between two dates, counted.
    const auto *bw = llvm::cast<ast::BetweenExpr>(e);
    Type st = typeExpr(bw->span.get(), formScope, {});
    if (st.valid() && st.kind != Type::Kind::Span) {
      auto d = diags.report(DiagId::DateArithmetic, bw->span ? bw->span->range : bw->range,
                            {std::string(ast::spelling(bw->unit)) +
                             "() counts the span between two dates (`" + ast::spelling(bw->unit) +
                             "(today - Caller.birth)`), not " + p.typeName(st)});
      if (st.kind == Type::Kind::Date && bw->span)
        d.fixit(bw->span->range, "today - " + sourceOf(bw->span->range));
      break;
    }
    if (st.valid())
      t = Type::number();
    break;
  }
  default:
    break;
  }
  return t;
}

LLVM_ATTRIBUTE_NOINLINE void Checker::reportSpanComparison(const ast::BinaryExpr &cmp, Type lt, Type rt) {
  // `today - birth >= 18`: a span is counted before it is compared.
  const ast::BinaryExpr *b = &cmp;
  const ast::Expr *side = lt.kind == Type::Kind::Span || lt.kind == Type::Kind::Duration ? b->lhs.get() : b->rhs.get();
  const Type st = side == b->lhs.get() ? lt : rt;
  auto d = diags.report(DiagId::DateArithmetic, side->range,
                        {"cannot compare " + p.typeName(st) +
                         (st.kind == Type::Kind::Span
                              ? ": count it with years(), months() or days() (`years(today - Caller.birth) >= 18`)"
                              : ": a count of days, months or years is added to a date or taken from one")});
  if (st.kind == Type::Kind::Span)
    d.fixit(side->range, "years(" + sourceOf(side->range) + ")");
}

Type Checker::typeArithmetic(const ast::BinaryExpr &b, int formScope) {
  using Op = ast::BinaryExpr::Op;
  Type lt = typeExpr(b.lhs.get(), formScope, {});
  Type rt = typeExpr(b.rhs.get(), formScope, {});
  if (!lt.valid() || !rt.valid())
    return {};
  auto temporal = [](Type x) {
    return x.kind == Type::Kind::Date || x.kind == Type::Kind::Time || x.kind == Type::Kind::Span ||
           x.kind == Type::Kind::Duration;
  };
  if (temporal(lt) || temporal(rt))
    return typeDateArithmetic(b, lt, rt);
  auto numeric = [](Type x) { return x.kind == Type::Kind::Number || x.kind == Type::Kind::Money; };
  const bool money = lt.kind == Type::Kind::Money || rt.kind == Type::Kind::Money;
  Type result;
  if (numeric(lt) && numeric(rt)) {
    switch (b.op) {
    case Op::Add:
    case Op::Sub:
      if (lt == rt)
        result = lt;
      break;
    case Op::Mul:
      if (!(lt.kind == Type::Kind::Money && rt.kind == Type::Kind::Money))
        result = money ? Type::money() : Type::number();
      break;
    default: // Div
      if (rt.kind == Type::Kind::Number)
        result = lt;
      break;
    }
  }
  if (!result.valid()) {
    static const char *const verbs[] = {"add", "subtract", "multiply", "divide"};
    static const char *const joins[] = {" and ", " from ", " by ", " by "};
    const unsigned k = unsigned(b.op) - unsigned(Op::Add);
    std::string what = b.op == Op::Sub ? p.typeName(rt) + joins[k] + p.typeName(lt)
                                       : p.typeName(lt) + joins[k] + p.typeName(rt);
    std::string why = numeric(lt) && numeric(rt)
                          ? (b.op == Op::Mul ? ": an amount is multiplied by a number"
                             : b.op == Op::Div ? ": an amount or a number is divided by a number"
                                               : ": both sides must be numbers, or both money")
                          : ": arithmetic is on numbers and money";
    diags.report(DiagId::TypeMismatch, b.opRange,
                 {std::string("cannot ") + verbs[k] + " " + what + why});
  }
  return result;
}

/// `date + 30 days`, `30 days + date`, `date - 30 days` are dates; `date -
/// date` is a span (for years(), months(), days()). Everything else with a
/// date, a time, a span or a count of days is E0503, with a fix-it where
/// the intent is plain (`today + 30` -> `today + 30 days`).
Type Checker::typeDateArithmetic(const ast::BinaryExpr &b, Type lt, Type rt) {
  using Op = ast::BinaryExpr::Op;
  using K = Type::Kind;
  const bool add = b.op == Op::Add, sub = b.op == Op::Sub;
  if (add && lt.kind == K::Date && rt.kind == K::Duration)
    return Type::date();
  if (add && lt.kind == K::Duration && rt.kind == K::Date)
    return Type::date();
  if (sub && lt.kind == K::Date && rt.kind == K::Duration)
    return Type::date();
  if (sub && lt.kind == K::Date && rt.kind == K::Date)
    return Type::span();
  std::string why;
  const ast::Expr *fixAt = nullptr;
  if ((add || sub) && lt.kind == K::Date && rt.kind == K::Number) {
    why = std::string("cannot ") + (add ? "add a number to" : "take a number from") +
          " a date: say its unit (`days`, `months` or `years`)";
    fixAt = b.rhs.get();
  } else if (add && lt.kind == K::Number && rt.kind == K::Date) {
    why = "cannot add a number to a date: say its unit (`days`, `months` or `years`)";
    fixAt = b.lhs.get();
  } else if (add && lt.kind == K::Date && rt.kind == K::Date) {
    why = "cannot add two dates: a date takes a count of days, months or years (`today + 30 days`)";
  } else if (lt.kind == K::Time || rt.kind == K::Time) {
    why = "times of day are compared, not computed with";
  } else if (lt.kind == K::Span || rt.kind == K::Span) {
    why = "the span between two dates is counted with years(), months() or days() before arithmetic";
  } else if (lt.kind == K::Duration || rt.kind == K::Duration) {
    why = std::string("cannot ") + (add ? "add" : sub ? "subtract" : b.op == Op::Mul ? "multiply" : "divide") +
          " " + p.typeName(lt) + (add ? " and " : sub ? " from " : " by ") + p.typeName(rt) +
          ": a count of days, months or years is added to a date or taken from one";
  } else {
    why = std::string("cannot ") + (b.op == Op::Mul ? "multiply" : b.op == Op::Div ? "divide" : add ? "add" : "subtract") +
          " " + p.typeName(lt) + " and " + p.typeName(rt) +
          ": a date takes + and - of a count of days, months or years, and - of another date";
  }
  auto d = diags.report(DiagId::DateArithmetic, b.opRange, {why});
  if (fixAt)
    d.fixit(fixAt->range, sourceOf(fixAt->range) + " days");
  return {};
}

std::string Checker::sourceOf(llvm::SMRange r) const {
  const char *a = r.Start.getPointer(), *z = r.End.getPointer();
  return a && z && z >= a ? std::string(a, z) : std::string();
}

std::string Checker::invalidDateReason(llvm::StringRef spelling) const {
  // `YYYY-MM-DD` (the lexer's shape): say which part is wrong.
  const int y = std::stoi(spelling.substr(0, 4).str());
  const unsigned m = unsigned(std::stoi(spelling.substr(5, 2).str()));
  if (y < 1)
    return ": years are 0001 to 9999";
  if (m < 1 || m > 12)
    return ": months are 01 to 12";
  static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  return std::string(": ") + months[m - 1] + " " + std::to_string(y) + " has " +
         std::to_string(daysInMonth(y, m)) + " days";
}

void Checker::checkCondition(const ast::Expr *e, int formScope) {
  Type t = typeExpr(e, formScope, Type::boolean());
  if (t.valid() && t.kind != Type::Kind::Bool)
    diags.report(DiagId::ConditionNotBool, e->range, {p.typeName(t)});
}

/// Checks `target = value` where `target` is an already resolved slot.
void Checker::checkAssign(const ast::QualName &target, const ast::Expr *value, llvm::SMRange) {
  const int slot = p.slotOf(sema::Program::targetOf(target)); // -1 when it did not resolve
  Type expected;
  const sema::FieldInfo *fi = nullptr;
  if (slot >= 0) {
    fi = &p.slotInfo(slot);
    expected = fi->type;
  }
  Type vt = typeExpr(value, -1, expected);
  if (!fi || !vt.valid() || !expected.valid())
    return;
  if (vt != expected) {
    diags.report(DiagId::TypeMismatch, value->range,
                 {"cannot assign " + p.typeName(vt) + " to '" + target.str() + "' of type " +
                  p.typeName(expected)});
    return;
  }
  const auto *s = llvm::dyn_cast<ast::StringExpr>(value);
  if (!s || s->value.hasPlaceholders())
    return;
  std::string lit = s->value.literal().str();
  if (fi->required && lit.empty())
    diags.report(DiagId::EmptyRequiredText, value->range, {target.str()});
  if (fi->hasPattern)
    checkPatternLiteral(*fi, lit, value->range, target.str());
}

void Checker::checkMoneyRange(const ast::MoneyExpr &m) {
  int64_t cents = 0;
  if (!bc::addMoney(m.cents, 0, cents)) // the one check of the range (bytecode.h)
    diags.report(DiagId::MoneyOutOfRange, m.range, {m.spelling, formatMoney(bc::kMaxMoney)});
}

void Checker::checkDeclTypes() {
  // Form scope: required-when conditions, rules, defaults, patterns.
  auto checkSpec = [&](sema::FieldInfo &fi, int formScope) {
    const ast::FieldSpec &fs = *fi.decl;
    if (fs.requiredWhen)
      checkCondition(fs.requiredWhen.get(), formScope);
    if (fs.pattern && fi.type.valid() && fi.type.kind != Type::Kind::Text) {
      diags.report(DiagId::TypeMismatch, fs.pattern->range,
                   {"'matches' applies to text, but '" + fi.name + "' is " +
                    p.typeName(fi.type)});
      fi.hasPattern = false;
    } else if (fs.pattern) {
      std::string err;
      patternMatches(fi, "", &err);
      if (!err.empty()) {
        const auto &compiled = patterns.find(fi.pattern)->second;
        const bool limit = std::get<PatternError>(compiled).kind == PatternError::Kind::Limit;
        diags.report(limit ? DiagId::PatternTooLarge : DiagId::InvalidPattern, fs.pattern->range,
                     {err});
        fi.hasPattern = false;
      }
    }
    if (fs.defaultValue) {
      const ast::Expr *d = fs.defaultValue.get();
      Type t = typeExpr(d, formScope, fi.type);
      if (t.valid() && fi.type.valid() && t != fi.type)
        diags.report(DiagId::TypeMismatch, d->range,
                     {"default of '" + fi.name + "' is " + p.typeName(t) + ", not " +
                      p.typeName(fi.type)});
      using CK = sema::Constant::Kind;
      if (const auto *s = llvm::dyn_cast<ast::StringExpr>(d); s && s->value.hasPlaceholders())
        diags.report(DiagId::TypeMismatch, d->range,
                     {"a default must be a literal value, without placeholders"});
      else if (s)
        fi.defaultValue = {CK::Text, s->value.literal().str(), 0};
      else if (const auto *n = llvm::dyn_cast<ast::NumberExpr>(d))
        fi.defaultValue = {CK::Number, "", n->value};
      else if (const auto *m = llvm::dyn_cast<ast::MoneyExpr>(d))
        fi.defaultValue = {CK::Money, "", m->cents};
      else if (const auto *b = llvm::dyn_cast<ast::BoolExpr>(d))
        fi.defaultValue = {CK::Bool, "", b->value ? 1 : 0};
      else if (const auto *dt = llvm::dyn_cast<ast::DateExpr>(d))
        fi.defaultValue = {CK::Date, "", dt->day};
      else if (const auto *tm = llvm::dyn_cast<ast::TimeExpr>(d))
        fi.defaultValue = {CK::Time, "", tm->minutes};
      else if (const Symbol ds = sema::Program::refOf(d); ds.kind == Symbol::Kind::EnumValue)
        fi.defaultValue = {CK::EnumValue, "", ds.sub};
      else if (t.valid()) // else typeExpr reported why it has no value
        diags.report(DiagId::TypeMismatch, d->range, {"a default must be a literal value"});
      if (fi.defaultValue.kind == CK::Text && fi.hasPattern)
        checkPatternLiteral(fi, fi.defaultValue.text, d->range, fi.name);
    }
  };
  for (sema::FieldInfo &v : p.vars)
    checkSpec(v, -1);
  for (size_t f = 0; f < p.forms.size(); ++f) {
    for (sema::FieldInfo &fi : p.forms[f].fields)
      checkSpec(fi, (int)f);
    for (const sema::RuleInfo &r : p.forms[f].rules)
      checkCondition(r.cond, (int)f);
  }
}

} // namespace callflow::check
