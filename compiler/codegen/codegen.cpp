// Codegen, part 1: the tables (enums, catalog, variables and forms with
// their conditions, defaults and rules, sections, steps), texts with
// placeholders, and expressions.
#include "codegen_impl.h"

#include <algorithm>
#include <functional>

#include "llvm/Support/MemoryBuffer.h"
#include "support/aside.h"

namespace callflow::codegen {

using bc::Op;

Result generate(const sema::Program &program, const llvm::SourceMgr &sm, const Options &options) {
  Generator g(program, sm, options);
  return g.run();
}

bc::Type Generator::type(const sema::Type &t) {
  switch (t.kind) {
  case sema::Type::Kind::Money: return {bc::TypeTag::Money, 0};
  case sema::Type::Kind::Number: return {bc::TypeTag::Number, 0};
  case sema::Type::Kind::Bool: return {bc::TypeTag::Bool, 0};
  case sema::Type::Kind::Enum: return {bc::TypeTag::Enum, uint32_t(t.enumIndex)};
  case sema::Type::Kind::Date: return {bc::TypeTag::Date, 0};
  case sema::Type::Kind::Time: return {bc::TypeTag::Time, 0};
  default: return {bc::TypeTag::Text, 0};
  }
}

static std::string currencySymbol(const std::string &code) {
  if (code == "USD" || code.empty()) return "$";
  if (code == "EUR") return "€";
  if (code == "GBP") return "£";
  if (code == "RUB") return "₽";
  return code + " ";
}

void Generator::countLiteral(uint32_t literal, std::string_view s) {
  if (literal == ProgramBuilder::kNoLiteral)
    return;
  if (literal >= literalLetters_.size())
    literalLetters_.resize(std::max<size_t>(literal + 1, 2 * literalLetters_.size()));
  Letters &c = literalLetters_[literal];
  if (c.latin == kUncounted) {
    l10n::LetterCount one;
    one.add(s);
    c = {uint32_t(one.cyrillic), uint32_t(one.latin)}; // a literal is < 4 GiB
  }
  letters_.cyrillic += c.cyrillic;
  letters_.latin += c.latin;
}

uint32_t Generator::seenText(llvm::StringRef spelling, const ast::Text &t) {
  const auto it = seenTexts_.find(spelling);
  if (it == seenTexts_.end())
    return kNoIndex;
  const SeenText &seen = seen_[it->second];
  const llvm::ArrayRef<ast::Placeholder> phs = t.placeholders();
  if (phs.size() != seen.symCount)
    return kNoIndex;
  for (size_t i = 0; i < phs.size(); ++i)
    if (sema::Program::placeholderOf(phs[i]) != seenSyms_[seen.symBegin + i])
      return kNoIndex;
  letters_.cyrillic += seen.cyrillic;
  letters_.latin += seen.latin;
  return seen.text;
}

uint32_t Generator::text(const ast::Text &t) {
  const llvm::StringRef spelling = t.spelling();
  if (!spelling.empty())
    if (const uint32_t seen = seenText(spelling, t); seen != kNoIndex)
      return seen;
  const l10n::LetterCount lettersBefore = letters_;
  b_.beginText();
  for (const ast::Text::Part part : t.parts()) {
    if (!part.placeholder) {
      countLiteral(b_.textLiteral(part.literal), part.literal);
      continue;
    }
    const ast::Placeholder &ph = *part.placeholder;
    const sema::Symbol sym = sema::Program::placeholderOf(ph);
    if (!sym.valid()) {
      const char *b = ph.range.Start.getPointer(), *e = ph.range.End.getPointer();
      fail("unresolved placeholder" + (b && e > b ? " '" + std::string(b, e) + "'" : std::string()), ph.range);
      continue;
    }
    switch (sym.kind) {
    case sema::Symbol::Kind::Var:
    case sema::Symbol::Kind::Field: b_.textPart(bc::PartTag::Slot, uint32_t(slotOf(sym))); break;
    case sema::Symbol::Kind::FormNumber: b_.textPart(bc::PartTag::FormNumber, uint32_t(sym.index)); break;
    case sema::Symbol::Kind::InvoiceTotal: b_.textPart(bc::PartTag::InvoiceTotal, 0); break;
    case sema::Symbol::Kind::CatalogItem: b_.textPart(bc::PartTag::Price, uint32_t(sym.index)); break;
    default: fail("placeholder names something that has no value", ph.range);
    }
  }
  const uint32_t index = b_.endText();
  // Remembered while nothing has failed (a failure is kept from the first,
  // and codegen gives up: no text made after one is reused).
  if (!spelling.empty() && error_.empty() &&
      seenTexts_.try_emplace(spelling, uint32_t(seen_.size())).second) {
    const uint32_t symBegin = uint32_t(seenSyms_.size());
    for (const ast::Placeholder &ph : t.placeholders())
      seenSyms_.push_back(sema::Program::placeholderOf(ph));
    seen_.push_back({index, symBegin, uint32_t(t.placeholders().size()),
                     letters_.cyrillic - lettersBefore.cyrillic, letters_.latin - lettersBefore.latin});
  }
  return index;
}

void Generator::expr(const ast::Expr &e) {
  using K = ast::Expr::Kind;
  switch (e.kind) {
  case K::String: {
    const ast::Text &t = llvm::cast<ast::StringExpr>(e).value;
    if (t.hasPlaceholders()) em(Op::PUSH_TEXT, {text(t)});
    else em(Op::PUSH_STR, {b_.addString(t.literal())});
    return;
  }
  case K::Number: em(Op::PUSH_NUMBER, {llvm::cast<ast::NumberExpr>(e).value}); return;
  case K::Money: em(Op::PUSH_MONEY, {llvm::cast<ast::MoneyExpr>(e).cents}); return;
  case K::Bool: em(Op::PUSH_BOOL, {int(llvm::cast<ast::BoolExpr>(e).value)}); return;
  case K::Ref: {
    const sema::Symbol sym = sema::Program::refOf(&e);
    if (!sym.valid()) return fail("unresolved name in an expression");
    if (sym.kind == sema::Symbol::Kind::EnumValue) em(Op::PUSH_ENUM, {sym.index, sym.sub});
    else if (slotOf(sym) >= 0) em(Op::PUSH_SLOT, {slotOf(sym)});
    else fail("a name in an expression has no value");
    return;
  }
  case K::Unary: {
    const auto &u = llvm::cast<ast::UnaryExpr>(e);
    expr(*u.operand);
    em(u.op == ast::UnaryExpr::Op::Neg ? Op::NEG : Op::NOT);
    return;
  }
  case K::In: {
    // `x in {a, b}` is `x == a or x == b`: expressions have no effects, so
    // the operand is evaluated once per element.
    const auto &in = llvm::cast<ast::InExpr>(e);
    for (size_t i = 0; i < in.elements.size(); ++i) {
      expr(*in.operand);
      expr(*in.elements[i]);
      em(Op::EQ);
      if (i) em(Op::OR);
    }
    if (in.negated) em(Op::NOT);
    return;
  }
  case K::Binary: {
    const auto &bin = llvm::cast<ast::BinaryExpr>(e);
    using BO = ast::BinaryExpr::Op;
    auto typeOf = [&](const ast::Expr *x) {
      auto it = x ? P.exprTypes.find(x) : P.exprTypes.end();
      return it == P.exprTypes.end() ? sema::Type::Kind::Invalid : it->second.kind;
    };
    if (ast::isArithmetic(bin.op) && (typeOf(bin.lhs.get()) == sema::Type::Kind::Duration ||
                                      typeOf(bin.rhs.get()) == sema::Type::Kind::Duration)) {
      // date + N days, N days + date, date - N days: the date, then the
      // count (negated to take it away), then ADD_DAYS or ADD_MONTHS.
      const bool durationFirst = typeOf(bin.lhs.get()) == sema::Type::Kind::Duration;
      const auto *du = llvm::dyn_cast<ast::DurationExpr>(durationFirst ? bin.lhs.get() : bin.rhs.get());
      if (!du) return fail("a count of days that is not written as one");
      expr(durationFirst ? *bin.rhs : *bin.lhs);
      expr(*du->count);
      if (du->unit == ast::TimeUnit::Years) {
        em(Op::PUSH_NUMBER, {12});
        em(Op::MUL);
      }
      if (bin.op == BO::Sub) em(Op::NEG);
      em(du->unit == ast::TimeUnit::Days ? Op::ADD_DAYS : Op::ADD_MONTHS);
      return;
    }
    if (ast::isArithmetic(bin.op)) {
      // An amount times a number is MUL_MONEY with the amount first.
      auto isMoney = [&](const ast::Expr &x) {
        auto it = P.exprTypes.find(&x);
        return it != P.exprTypes.end() && it->second.kind == sema::Type::Kind::Money;
      };
      const bool money = isMoney(*bin.lhs) || isMoney(*bin.rhs);
      const bool swap = bin.op == BO::Mul && money && !isMoney(*bin.lhs);
      expr(swap ? *bin.rhs : *bin.lhs);
      expr(swap ? *bin.lhs : *bin.rhs);
      switch (bin.op) {
      case BO::Add: em(Op::ADD); break;
      case BO::Sub: em(Op::SUB); break;
      case BO::Mul: em(money ? Op::MUL_MONEY : Op::MUL); break;
      default: em(money ? Op::DIV_MONEY : Op::DIV); break;
      }
      return;
    }
    expr(*bin.lhs);
    expr(*bin.rhs);
    static const std::pair<BO, Op> ops[] = {{BO::Or, Op::OR}, {BO::And, Op::AND}, {BO::Eq, Op::EQ},
                                            {BO::Ne, Op::NE}, {BO::Lt, Op::LT},   {BO::Le, Op::LE},
                                            {BO::Gt, Op::GT}, {BO::Ge, Op::GE}};
    for (auto [a, op] : ops)
      if (a == bin.op) em(op);
    return;
  }
  case K::IsSet: {
    const auto &is = llvm::cast<ast::IsSetExpr>(e);
    const sema::Symbol sym = sema::Program::refOf(is.operand.get());
    if (slotOf(sym) < 0) return fail("'is set' of something that is not a value");
    em(Op::IS_SET, {slotOf(sym)});
    if (is.negated) em(Op::NOT);
    return;
  }
  case K::Input: fail("'input' is only allowed as the value of a field or variable"); return;
  case K::Date: em(Op::PUSH_DATE, {llvm::cast<ast::DateExpr>(e).day}); return;
  case K::Time: em(Op::PUSH_TIME, {llvm::cast<ast::TimeExpr>(e).minutes}); return;
  case K::Clock: em(llvm::cast<ast::ClockExpr>(e).now ? Op::NOW : Op::TODAY); return;
  case K::Duration: fail("a count of days outside date arithmetic"); return;
  case K::Between: {
    // years(a - b): a, then b, then the count from b to a.
    const auto &bw = llvm::cast<ast::BetweenExpr>(e);
    const auto *span = llvm::dyn_cast_or_null<ast::BinaryExpr>(bw.span.get());
    if (!span || span->op != ast::BinaryExpr::Op::Sub) return fail("years(), months() or days() of something that is not date - date");
    expr(*span->lhs);
    expr(*span->rhs);
    em(bw.unit == ast::TimeUnit::Days ? Op::DAYS_BETWEEN : bw.unit == ast::TimeUnit::Months ? Op::MONTHS_BETWEEN : Op::YEARS_BETWEEN);
    return;
  }
  }
}

uint32_t Generator::exprEntry(const ast::Expr &e) {
  uint32_t at = b_.beginExpr();
  expr(e);
  b_.endExpr();
  return at;
}

void Generator::tables() {
  b_.setFlow(P.flowName, P.flowTitle);
  letters_.add(P.flowTitle);
  if (sm_.getNumBuffers()) b_.setSourceFile(recordedPath(sm_.getMainFileID()));
  for (const sema::EnumInfo &e : P.enums) {
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto &v : e.values) values.emplace_back(v.name, v.label);
    b_.addEnum(e.name, values);
  }
  for (const sema::CatalogItemInfo &item : P.catalog)
    b_.addItem(item.code, item.name, item.kind == bc::ItemKind::Percent ? item.percent : item.cents, item.kind);
  if (!P.catalog.empty()) b_.setCurrency(currencySymbol(P.catalog.front().currency));
  auto spec = [](const sema::FieldInfo &f) {
    SlotSpec s(f.name, f.label, type(f.type), f.required, f.isAuto);
    s.unused = f.unused;
    s.sensitive = f.sensitive;
    if (f.hasPattern) s.pattern = f.pattern;
    if (f.hasPattern && !f.patternDescription.empty()) s.patternDescription = f.patternDescription;
    s.patternOnlyWhen = f.hasPattern && f.requiredWhen;
    s.suggestions = f.suggestions;
    return s;
  };
  // Slots in sema's order (variables, then fields form by form), so that
  // sema slot indexes are bytecode slot indexes.
  std::vector<const sema::FieldInfo *> slotInfo;
  for (const sema::FieldInfo &v : P.vars) {
    if (b_.addVariable(spec(v)) != uint32_t(v.slot)) fail("slot order differs from the checker's");
    slotInfo.push_back(&v);
  }
  for (size_t f = 0; f < P.forms.size(); ++f) {
    const sema::FormInfo &form = P.forms[f];
    b_.addForm(form.name, form.label);
    for (const sema::FieldInfo &field : form.fields) {
      if (b_.addField(uint32_t(f), spec(field)) != uint32_t(field.slot))
        fail("slot order differs from the checker's");
      slotInfo.push_back(&field);
    }
  }
  for (uint32_t s = 0; s < slotInfo.size(); ++s) {
    const sema::FieldInfo &f = *slotInfo[s];
    if (f.requiredWhen) b_.setSlotWhen(s, exprEntry(*f.requiredWhen));
    const sema::Constant &c = f.defaultValue;
    if (c.kind == sema::Constant::Kind::None) continue;
    uint32_t at = b_.beginExpr();
    switch (c.kind) {
    case sema::Constant::Kind::Text: em(Op::PUSH_STR, {b_.addString(c.text)}); break;
    case sema::Constant::Kind::Money: em(Op::PUSH_MONEY, {c.number}); break;
    case sema::Constant::Kind::Number: em(Op::PUSH_NUMBER, {c.number}); break;
    case sema::Constant::Kind::Bool: em(Op::PUSH_BOOL, {c.number}); break;
    case sema::Constant::Kind::EnumValue: em(Op::PUSH_ENUM, {f.type.enumIndex, c.number}); break;
    case sema::Constant::Kind::Date: em(Op::PUSH_DATE, {c.number}); break;
    case sema::Constant::Kind::Time: em(Op::PUSH_TIME, {c.number}); break;
    case sema::Constant::Kind::None: break;
    }
    b_.endExpr();
    b_.setSlotDefault(s, at);
  }
  for (size_t f = 0; f < P.forms.size(); ++f)
    for (const sema::RuleInfo &r : P.forms[f].rules) b_.addRule(uint32_t(f), r.message, exprEntry(*r.cond));
  for (const sema::SectionInfo &s : P.sections) {
    letters_.add(s.title);
    b_.addSection(s.title, s.role);
  }
  for (const sema::StepInfo &s : P.steps) {
    letters_.add(s.title);
    b_.addStep(s.id, s.title, s.section < 0 ? kNoIndex : uint32_t(s.section), s.role);
  }
  b_.setStart(uint32_t(opts_.startStep >= 0 && size_t(opts_.startStep) < P.steps.size() ? opts_.startStep : P.startStep));
}

BuildResult Generator::serialize() const {
  // Coding the string table is a sixth of a large compile and needs only
  // the strings: from this size on it runs on a second thread while
  // serialize() lays out and writes the code, and learns its two budgets
  // of codes on two threads (below, a thread costs more than it saves).
  // Either way the bytes are the same.
  constexpr size_t kStringsAside = 64 * 1024;
  if (!b_.compact() || b_.stringBytes() < kStringsAside)
    return b_.serialize();
  std::vector<uint8_t> strings;
  Aside coder;
  if (!coder.start([&] { strings = b_.stringSection(runBoth); }))
    return b_.serialize();
  // When serialize() fails before it needs the strings, ~Aside waits.
  return b_.serialize([&] {
    coder.join();
    return std::move(strings);
  });
}

Result Generator::run() {
  Result r;
  if (opts_.requireClean && !P.clean) {
    r.error = "the flow has errors; only a flow that checks clean is compiled";
    return r;
  }
  tables();
  for (size_t s = 0; s < P.steps.size(); ++s) step(int(s));
  if (!error_.empty()) {
    r.error = error_;
    r.errorRange = errorRange_;
    return r;
  }
  // The language of the flow's own text, for the words a host puts around
  // it (flowrun --lang=auto): decided here, once, from the titles and the
  // literal parts of every text compiled, so that no host scans the program.
  b_.setLanguage(letters_.guess() == l10n::Lang::Ru ? bc::Language::Ru : bc::Language::En);
  BuildResult built = serialize();
  if (!built) {
    r.error = built.error;
    return r;
  }
  r.bytes = std::move(built.bytes);
  return r;
}

} // namespace callflow::codegen
