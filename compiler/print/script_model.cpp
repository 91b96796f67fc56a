// Builds the call script's document tree (script_model.h) from a checked
// flow: placeholders become labelled blanks or catalog prices, conditions
// are put in words with field and enum labels, forms list every field.
#include "print/script_model.h"

#include <map>
#include <set>

#include "callflow/value.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::print {

using sema::Symbol;

std::string stepRefText(const sema::Program &p, int step) {
  if (step < 0 || step >= (int)p.steps.size())
    return "?";
  const sema::StepInfo &s = p.steps[step];
  return s.title.empty() ? std::string(s.id) : std::string(s.id) + " " + std::string(s.title);
}

std::string formatMoney(int64_t cents, llvm::StringRef currency) {
  bool neg = cents < 0;
  uint64_t v = neg ? 0 - (uint64_t)cents : (uint64_t)cents;
  std::string whole = std::to_string(v / 100), grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0)
      grouped += ',';
    grouped += whole[i];
  }
  std::string frac;
  llvm::raw_string_ostream(frac) << llvm::format("%02u", unsigned(v % 100));
  std::string num = (neg ? "-" : "") + grouped + "." + frac;
  if (currency.empty() || currency == "USD")
    return (neg ? "-$" : "$") + grouped + "." + frac;
  if (currency == "EUR")
    return num + " €";
  if (currency == "GBP")
    return (neg ? "-£" : "£") + grouped + "." + frac;
  if (currency == "RUB")
    return num + " ₽";
  return num + " " + currency.str();
}

std::string formatItemPrice(const sema::CatalogItemInfo &item, const Words &w) {
  if (item.kind == bc::ItemKind::Percent) {
    std::string rate;
    appendPercent(rate, item.percent);
    return w(Msg::PercentOfCharges, {rate});
  }
  std::string money = formatMoney(item.cents, item.currency);
  return item.kind == bc::ItemKind::Monthly ? w(Msg::PerMonth, {money}) : money;
}

std::string roleLine(llvm::StringRef role, const Words &w) {
  return role.empty() ? "" : w(Msg::CompletedBy, {role});
}

namespace {

class Builder {
public:
  Builder(const sema::Program &p, Words w) : p(p), w(w) {
    if (!p.catalog.empty())
      currency = p.catalog.front().currency;
  }

  ScriptDoc build();
  std::string exprWords(const ast::Expr *e) const { return words(e); }
  /// The letters of the flow text the build went through (guessLang).
  const l10n::LetterCount &letters() const { return flowText; }

private:
  const sema::Program &p;
  const Words w;
  std::string currency = "USD";
  /// Counted as the flow's own texts are turned into inline content.
  mutable l10n::LetterCount flowText;
  /// The step being built, and the step where each form's table printed.
  int currentStep = -1;
  std::map<int, int> formTableAt;

  static Inline text(std::string s) { return {Inline::Kind::Text, std::move(s), -1}; }
  static Inline blank(std::string label) { return {Inline::Kind::Blank, std::move(label), -1}; }
  static Inline value(std::string s) { return {Inline::Kind::Value, std::move(s), -1}; }
  static Inline link(int step, std::string lead = "") { return {Inline::Kind::Link, std::move(lead), step}; }

  std::string symbolLabel(const Symbol &s, const std::string &fallback) const;
  Inlines inlines(const ast::Text &t) const;
  std::string words(const ast::Expr *e, bool nested = false) const;
  std::string constantText(const sema::Constant &c, const sema::Type &t) const;
  int stepOf(const ast::Name &n) const;
  /// A link to the step `n` names, or its name as text when unresolved.
  Inline jump(const ast::Name &n) const {
    int s = stepOf(n);
    return s >= 0 ? Inline{Inline::Kind::Link, "", s} : Inline{Inline::Kind::Text, "→ " + n.text().str(), -1};
  }
  FormRow fieldRow(const sema::FieldInfo &f) const;
  Inlines initValue(const ast::Expr *e, const sema::FieldInfo &f) const;

  void stmts(const ast::Block &b, std::vector<Block> &out);
  void stmt(const ast::Stmt &s, std::vector<Block> &out);
  Block option(Inlines lead, const ast::Name *target, const ast::Block *body);
};

std::string Builder::symbolLabel(const Symbol &s, const std::string &fallback) const {
  switch (s.kind) {
  case Symbol::Kind::Var:
    return p.vars[s.index].label;
  case Symbol::Kind::Field:
    return p.forms[s.index].fields[s.sub].label;
  case Symbol::Kind::FormNumber:
    return w(Msg::FormNumber, {p.forms[s.index].label});
  case Symbol::Kind::InvoiceTotal:
    return w(Msg::InvoiceTotal);
  case Symbol::Kind::EnumValue:
    return p.enums[s.index].values[s.sub].label;
  case Symbol::Kind::CatalogItem:
    return p.catalog[s.index].name;
  case Symbol::Kind::Step:
    return stepRefText(p, s.index);
  case Symbol::Kind::Form:
    return p.forms[s.index].label;
  case Symbol::Kind::None:
    break;
  }
  return fallback;
}

Inlines Builder::inlines(const ast::Text &t) const {
  Inlines out;
  for (const ast::Text::Part part : t.parts()) {
    if (!part.placeholder) {
      flowText.add(part.literal);
      out.push_back(text(std::string(part.literal)));
      continue;
    }
    const ast::Placeholder &ph = *part.placeholder;
    Symbol sym = sema::Program::placeholderOf(ph);
    if (ph.kind == ast::Placeholder::Kind::Price) {
      int item = sym.kind == Symbol::Kind::CatalogItem ? sym.index : -1;
      if (item < 0) {
        auto c = p.catalogByCode.find(ph.priceCode);
        item = c == p.catalogByCode.end() ? -1 : c->second;
      }
      if (item >= 0)
        out.push_back(value(formatItemPrice(p.catalog[item], w)));
      else
        out.push_back(blank(w(Msg::PriceOf, {std::to_string(ph.priceCode)})));
      continue;
    }
    out.push_back(blank(symbolLabel(sym, ph.ref.str())));
  }
  return out;
}

std::string Builder::words(const ast::Expr *e, bool nested) const {
  if (!e)
    return "";
  switch (e->kind) {
  case ast::Expr::Kind::String:
    return w.quoted(llvm::cast<ast::StringExpr>(e)->value.str());
  case ast::Expr::Kind::Number:
    return llvm::cast<ast::NumberExpr>(e)->spelling;
  case ast::Expr::Kind::Money:
    return formatMoney(llvm::cast<ast::MoneyExpr>(e)->cents, currency);
  case ast::Expr::Kind::Bool:
    return w(llvm::cast<ast::BoolExpr>(e)->value ? Msg::Yes : Msg::No);
  case ast::Expr::Kind::Ref: {
    return symbolLabel(sema::Program::refOf(e), llvm::cast<ast::RefExpr>(e)->name.str());
  }
  case ast::Expr::Kind::Input: {
    const auto *in = llvm::cast<ast::InputExpr>(e);
    return in->prompt ? w(Msg::EnteredByAgentAs, {in->prompt->str()}) : w(Msg::EnteredByAgent);
  }
  case ast::Expr::Kind::Unary: {
    const auto *u = llvm::cast<ast::UnaryExpr>(e);
    return w(u->op == ast::UnaryExpr::Op::Neg ? Msg::Negative : Msg::Not, {words(u->operand.get(), true)});
  }
  case ast::Expr::Kind::In: {
    const auto *in = llvm::cast<ast::InExpr>(e);
    std::string list;
    for (size_t i = 0; i < in->elements.size(); ++i)
      list += (i ? ", " : "") + words(in->elements[i].get(), true);
    return w(in->negated ? Msg::IsNoneOf : Msg::IsOneOf, {words(in->operand.get(), true), list});
  }
  case ast::Expr::Kind::IsSet: {
    const auto *is = llvm::cast<ast::IsSetExpr>(e);
    return w(is->negated ? Msg::IsNotFilledIn : Msg::IsFilledIn, {words(is->operand.get(), true)});
  }
  case ast::Expr::Kind::Date: {
    // In the script's language: 03/14/1961, 14.03.1961.
    const auto *d = llvm::cast<ast::DateExpr>(e);
    return d->valid ? callflow::formatDate(d->day, w.lang() == l10n::Lang::Ru ? 1 : 0) : d->spelling;
  }
  case ast::Expr::Kind::Time:
    return llvm::cast<ast::TimeExpr>(e)->spelling;
  case ast::Expr::Kind::Clock:
    return w(llvm::cast<ast::ClockExpr>(e)->now ? Msg::Now : Msg::Today);
  case ast::Expr::Kind::Duration: {
    const auto *du = llvm::cast<ast::DurationExpr>(e);
    const Msg m = du->unit == ast::TimeUnit::Days ? Msg::CountDays
                  : du->unit == ast::TimeUnit::Months ? Msg::CountMonths : Msg::CountYears;
    return w(m, {words(du->count.get(), true)});
  }
  case ast::Expr::Kind::Between: {
    const auto *bw = llvm::cast<ast::BetweenExpr>(e);
    const auto *span = llvm::dyn_cast_or_null<ast::BinaryExpr>(bw->span.get());
    if (!span)
      return words(bw->span.get(), true);
    const Msg m = bw->unit == ast::TimeUnit::Days ? Msg::DaysBetween
                  : bw->unit == ast::TimeUnit::Months ? Msg::MonthsBetween : Msg::YearsBetween;
    return w(m, {words(span->lhs.get(), true), words(span->rhs.get(), true)});
  }
  case ast::Expr::Kind::Binary: {
    const auto *b = llvm::cast<ast::BinaryExpr>(e);
    Msg op = Msg::Is;
    switch (b->op) {
    case ast::BinaryExpr::Op::Or: op = Msg::Or; break;
    case ast::BinaryExpr::Op::And: op = Msg::And; break;
    case ast::BinaryExpr::Op::Eq: op = Msg::Is; break;
    case ast::BinaryExpr::Op::Ne: op = Msg::IsNot; break;
    case ast::BinaryExpr::Op::Lt: op = Msg::IsLessThan; break;
    case ast::BinaryExpr::Op::Le: op = Msg::IsAtMost; break;
    case ast::BinaryExpr::Op::Gt: op = Msg::IsMoreThan; break;
    case ast::BinaryExpr::Op::Ge: op = Msg::IsAtLeast; break;
    case ast::BinaryExpr::Op::Add: op = Msg::Plus; break;
    case ast::BinaryExpr::Op::Sub: op = Msg::Minus; break;
    case ast::BinaryExpr::Op::Mul: op = Msg::Times; break;
    case ast::BinaryExpr::Op::Div: op = Msg::DividedBy; break;
    }
    bool logic = b->op == ast::BinaryExpr::Op::Or || b->op == ast::BinaryExpr::Op::And ||
                 ast::isArithmetic(b->op);
    std::string s = w(op, {words(b->lhs.get(), true), words(b->rhs.get(), true)});
    return logic && nested ? "(" + s + ")" : s;
  }
  }
  return "";
}

std::string Builder::constantText(const sema::Constant &c, const sema::Type &t) const {
  switch (c.kind) {
  case sema::Constant::Kind::None: return "";
  case sema::Constant::Kind::Text: return w.quoted(c.text);
  case sema::Constant::Kind::Money: return formatMoney(c.number, currency);
  case sema::Constant::Kind::Number: return std::to_string(c.number);
  case sema::Constant::Kind::Bool: return w(c.number ? Msg::Yes : Msg::No);
  case sema::Constant::Kind::Date: return callflow::formatDate(c.number, w.lang() == l10n::Lang::Ru ? 1 : 0);
  case sema::Constant::Kind::Time: return callflow::formatTime(c.number);
  case sema::Constant::Kind::EnumValue:
    if (t.kind == sema::Type::Kind::Enum && t.enumIndex >= 0 &&
        t.enumIndex < (int)p.enums.size() && c.number >= 0 &&
        c.number < (int64_t)p.enums[t.enumIndex].values.size())
      return p.enums[t.enumIndex].values[c.number].label;
    return c.text;
  }
  return "";
}

int Builder::stepOf(const ast::Name &n) const {
  if (const Symbol s = sema::Program::nameOf(n); s.kind == Symbol::Kind::Step)
    return s.index;
  auto s = p.stepByName.find(n.text());
  return s == p.stepByName.end() ? -1 : s->second;
}

FormRow Builder::fieldRow(const sema::FieldInfo &f) const {
  FormRow r;
  r.label = f.label;
  r.type = p.typeName(f.type);
  r.required = f.required;
  r.requiredWhen = words(f.requiredWhen);
  if (f.type.kind == sema::Type::Kind::Enum && f.type.enumIndex >= 0 &&
      f.type.enumIndex < (int)p.enums.size())
    for (const sema::EnumValueInfo &v : p.enums[f.type.enumIndex].values)
      r.choices.push_back(v.label);
  r.defaultText = constantText(f.defaultValue, f.type);
  r.suggestions = f.suggestions;
  // The designer's words for the pattern when given, else the pattern.
  r.pattern = !f.hasPattern ? "" : !f.patternDescription.empty() ? f.patternDescription : f.pattern;
  r.patternIsWords = f.hasPattern && !f.patternDescription.empty();
  r.isAuto = f.isAuto;
  r.unused = f.unused;
  r.sensitive = f.sensitive;
  return r;
}

Inlines Builder::initValue(const ast::Expr *e, const sema::FieldInfo &) const {
  if (!e) // a syntax error cut the value out (`title == input ...`)
    return {};
  if (const auto *in = llvm::dyn_cast<ast::InputExpr>(e)) {
    Inlines v{blank("")}; // the row already shows the field's label
    if (in->prompt) {
      v.push_back(text(" ("));
      Inlines hint = inlines(*in->prompt);
      v.insert(v.end(), hint.begin(), hint.end());
      v.push_back(text(")"));
    }
    return v;
  }
  return {text(words(e))};
}

Block Builder::option(Inlines lead, const ast::Name *target, const ast::Block *body) {
  Block o(Block::Kind::Option);
  o.text = std::move(lead);
  if (target)
    o.text.push_back(jump(*target));
  if (body)
    stmts(*body, o.children);
  return o;
}

void Builder::stmts(const ast::Block &b, std::vector<Block> &out) {
  for (const ast::StmtPtr &s : b.stmts)
    stmt(*s, out);
}

void Builder::stmt(const ast::Stmt &s, std::vector<Block> &out) {
  using K = ast::Stmt::Kind;
  switch (s.kind) {
  case K::Say: {
    Block b(Block::Kind::Say);
    b.text = inlines(llvm::cast<ast::SayStmt>(s).text);
    out.push_back(std::move(b));
    return;
  }
  case K::Note: {
    Block b(Block::Kind::Note);
    b.text = inlines(llvm::cast<ast::NoteStmt>(s).text);
    out.push_back(std::move(b));
    return;
  }
  case K::Do: {
    const auto &d = llvm::cast<ast::DoStmt>(s);
    Block b(Block::Kind::Do);
    b.text = inlines(d.action);
    b.optional = d.optional;
    if (d.result) {
      b.text.push_back(text(std::string(" ") + w(Msg::DoRecord) + " "));
      b.text.push_back(blank(symbolLabel(sema::Program::targetOf(*d.result), d.result->str())));
    }
    out.push_back(std::move(b));
    return;
  }
  case K::Ask: {
    const auto &a = llvm::cast<ast::AskStmt>(s);
    Block b(Block::Kind::Ask);
    b.text = inlines(a.question);
    for (const ast::AskOption &o : a.options) {
      Inlines label = inlines(o.label);
      if (o.key) // "[92] General callback": the key the agent or caller presses
        label.insert(label.begin(), text("[" + o.key->literal().str() + "] "));
      b.children.push_back(option(std::move(label), o.target ? &*o.target : nullptr, o.body ? &*o.body : nullptr));
    }
    out.push_back(std::move(b));
    return;
  }
  case K::Input: {
    const auto &in = llvm::cast<ast::InputStmt>(s);
    Symbol sym = sema::Program::targetOf(in.target);
    Block b(Block::Kind::Input);
    b.text.push_back(blank(symbolLabel(sym, in.target.str())));
    if (in.prompt) {
      b.text.push_back(text(" ("));
      Inlines hint = inlines(*in.prompt);
      b.text.insert(b.text.end(), hint.begin(), hint.end());
      b.text.push_back(text(")"));
    }
    int slot = p.slotOf(sym);
    FormRow row;
    if (slot >= 0)
      row = fieldRow(p.slotInfo(slot));
    if (!in.allowed.empty()) {
      row.choices.clear();
      for (const ast::Name &v : in.allowed) {
        row.choices.push_back(symbolLabel(sema::Program::nameOf(v), v.text().str()));
      }
    }
    b.rows.push_back(std::move(row));
    out.push_back(std::move(b));
    return;
  }
  case K::Set: {
    const auto &st = llvm::cast<ast::SetStmt>(s);
    Block b(Block::Kind::Set);
    b.text = {text(w(Msg::SetTo, {symbolLabel(sema::Program::targetOf(st.target), st.target.str()),
                                  words(st.value.get())}))};
    out.push_back(std::move(b));
    return;
  }
  case K::IfJump: {
    const auto &ij = llvm::cast<ast::IfJumpStmt>(s);
    Block b(Block::Kind::Branch);
    b.children.push_back(option({text(w(Msg::If, {words(ij.cond.get())}))}, &ij.then, nullptr));
    if (ij.otherwise)
      b.children.push_back(option({text(w(Msg::Otherwise))}, &*ij.otherwise, nullptr));
    out.push_back(std::move(b));
    return;
  }
  case K::IfBlock: {
    const auto &ib = llvm::cast<ast::IfBlockStmt>(s);
    Block b(Block::Kind::Branch);
    bool first = true;
    for (const ast::IfBlockStmt::Arm &arm : ib.arms) {
      b.children.push_back(option({text(w(first ? Msg::If : Msg::OtherwiseIf, {words(arm.cond.get())}))},
                                  nullptr, &arm.body));
      first = false;
    }
    if (ib.otherwise)
      b.children.push_back(option({text(w(Msg::Otherwise))}, nullptr, &*ib.otherwise));
    out.push_back(std::move(b));
    return;
  }
  case K::Goto: {
    Block b(Block::Kind::Goto);
    b.text.push_back(jump(llvm::cast<ast::GotoStmt>(s).target));
    out.push_back(std::move(b));
    return;
  }
  case K::Create:
  case K::Complete: {
    const ast::Name &formName = s.kind == K::Create ? llvm::cast<ast::CreateStmt>(s).form
                                                    : llvm::cast<ast::CompleteStmt>(s).form;
    const Symbol fs = sema::Program::nameOf(formName);
    int form = fs.kind == Symbol::Kind::Form ? fs.index : -1;
    if (form < 0) {
      auto f = p.formByName.find(formName.text());
      form = f == p.formByName.end() ? -1 : f->second;
    }
    Block b(Block::Kind::Form);
    b.text = {text(w(s.kind == K::Create ? Msg::CreateForm : Msg::CompleteForm,
                     {form >= 0 ? p.forms[form].label : formName.text().str()}))};
    if (form >= 0) {
      const sema::FormInfo &fi = p.forms[form];
      for (const sema::FieldInfo &f : fi.fields)
        b.rows.push_back(fieldRow(f));
      if (s.kind == K::Create)
        for (const ast::FieldInit &init : llvm::cast<ast::CreateStmt>(s).inits) {
          int fld = fi.findField(init.field.text());
          if (fld >= 0 && init.value)
            b.rows[fld].value = initValue(init.value.get(), fi.fields[fld]);
        }
      // The whole table once per form (its first use); later uses refer
      // to it and keep only the values they set.
      auto [at, first] = formTableAt.emplace(form, currentStep);
      if (!first) {
        b.tableAt = at->second;
        std::vector<FormRow> set;
        for (FormRow &r : b.rows)
          if (!r.value.empty())
            set.push_back(std::move(r));
        b.rows = std::move(set);
      }
    }
    out.push_back(std::move(b));
    return;
  }
  case K::Charge: {
    const auto &c = llvm::cast<ast::ChargeStmt>(s);
    Block b(Block::Kind::Charge);
    if (c.itemCode) {
      auto it = p.charges.find(&s);
      int item = it != p.charges.end() ? it->second.index : -1;
      if (item < 0) {
        auto ci = p.catalogByCode.find(*c.itemCode);
        item = ci == p.catalogByCode.end() ? -1 : ci->second;
      }
      b.text.push_back(text(std::to_string(*c.itemCode)));
      if (item >= 0) {
        b.text.push_back(text(" – " + p.catalog[item].name + " "));
        b.text.push_back(value(formatItemPrice(p.catalog[item], w)));
      }
    } else {
      if (c.label) {
        b.text = inlines(*c.label);
        b.text.push_back(text(" "));
      }
      Symbol sym;
      if (c.amount)
        sym = sema::Program::targetOf(*c.amount);
      b.text.push_back(blank(symbolLabel(sym, c.amount ? c.amount->str() : "Amount")));
    }
    out.push_back(std::move(b));
    return;
  }
  case K::Invoice:
    out.emplace_back(Block::Kind::Invoice);
    return;
  case K::TakePayment: {
    const auto &tp = llvm::cast<ast::TakePaymentStmt>(s);
    Block b(Block::Kind::Payment);
    if (tp.elseTarget || tp.elseBody)
      b.children.push_back(option({text(w(Msg::IfDeclined))}, tp.elseTarget ? &*tp.elseTarget : nullptr,
                                         tp.elseBody ? &*tp.elseBody : nullptr));
    out.push_back(std::move(b));
    return;
  }
  case K::Transfer: {
    Block b(Block::Kind::Transfer);
    b.text = inlines(llvm::cast<ast::TransferStmt>(s).target);
    out.push_back(std::move(b));
    return;
  }
  case K::End: {
    Block b(Block::Kind::End);
    if (const auto &r = llvm::cast<ast::EndStmt>(s).reason)
      b.text = inlines(*r);
    out.push_back(std::move(b));
    return;
  }
  }
}

/// The section prints the role all its steps share (when they do), and each
/// step keeps its role only where it differs from the section's.
void factorRole(SectionDoc &sec) {
  bool same = !sec.steps.empty();
  for (const StepDoc &s : sec.steps)
    same &= s.role == sec.steps.front().role;
  if (same && !sec.steps.front().role.empty())
    sec.role = sec.steps.front().role;
  for (StepDoc &s : sec.steps)
    if (s.role == sec.role)
      s.role.clear();
}

/// Inline content as plain text on one line: blanks as "____", runs of
/// white space as one space.
std::string plainText(const Inlines &in) {
  std::string raw;
  for (const Inline &i : in)
    raw += i.kind == Inline::Kind::Blank ? std::string("____") : i.text;
  std::string out;
  for (char c : raw) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' '))
      continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

/// At most `limit` characters of `s`, cut after a word (or, in one long
/// word, between two characters), with "…" when cut.
std::string shorten(const std::string &s, size_t limit) {
  size_t end = 0; // the byte after the first `limit` characters
  for (size_t chars = 0; end < s.size() && chars < limit; ++chars)
    do
      ++end;
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80);
  if (end >= s.size())
    return s;
  size_t cut = s.rfind(' ', end);
  if (cut == std::string::npos || cut < end / 2)
    cut = end;
  std::string out = s.substr(0, cut);
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == '.'))
    out.pop_back();
  return out + "…";
}

/// The first line of `kind` in `body` (top level first, then inside
/// options and branches), or nullptr.
const Block *firstOf(const std::vector<Block> &body, Block::Kind kind) {
  for (const Block &b : body)
    if (b.kind == kind && !b.text.empty())
      return &b;
  for (const Block &b : body)
    if (const Block *c = firstOf(b.children, kind))
      return c;
  return nullptr;
}

/// What an untitled step is about, for the table of contents: the start of
/// the first line the agent says, else of the first question or action.
/// Notes are skipped (they are instructions, not the step's content).
std::string excerptOf(const std::vector<Block> &body) {
  for (Block::Kind k : {Block::Kind::Say, Block::Kind::Ask, Block::Kind::Do})
    if (const Block *b = firstOf(body, k)) {
      std::string t = plainText(b->text);
      if (!t.empty())
        return shorten(t, 28);
    }
  return "";
}

ScriptDoc Builder::build() {
  ScriptDoc doc;
  doc.title = p.flowTitle.empty() ? p.flowName : p.flowTitle;
  doc.flowName = p.flowName;
  doc.words = w;
  flowText.add(doc.title);
  // The edges into each step, in the order of p.edges.
  std::vector<std::vector<const sema::StepEdge *>> into(p.steps.size());
  for (const sema::StepEdge &e : p.edges)
    if (e.from >= 0 && e.to >= 0 && e.to < (int)p.steps.size())
      into[e.to].push_back(&e);
  int current = -2;
  for (int i = 0; i < (int)p.steps.size(); ++i) {
    const sema::StepInfo &si = p.steps[i];
    if (si.section != current || doc.sections.empty()) {
      current = si.section;
      SectionDoc sec;
      if (current >= 0) {
        sec.title = p.sections[current].title;
        flowText.add(sec.title);
        sec.role = p.sections[current].role;
      }
      doc.sections.push_back(std::move(sec));
    }
    StepDoc sd;
    sd.index = i;
    sd.id = si.id;
    sd.title = si.title;
    flowText.add(sd.title);
    sd.role = si.role; // made relative to the section's below
    sd.isStart = i == p.startStep;
    sd.unreachable = i < (int)p.reachable.size() && !p.reachable[i];
    sd.inTrapLoop = i < (int)p.inTrapLoop.size() && p.inTrapLoop[i];
    std::set<std::pair<int, std::string>> seen; // one "from" per step and label
    for (const sema::StepEdge *e : into[i]) {
      std::string label =
          e->kind == sema::StepEdge::Kind::Option && e->label ? e->label->str() : std::string();
      Inlines from{link(e->from, label)};
      if (seen.emplace(from[0].step, from[0].text).second)
        sd.reachedFrom.push_back(std::move(from));
    }
    currentStep = i;
    if (si.decl)
      stmts(si.decl->body, sd.body);
    if (sd.title.empty())
      sd.excerpt = excerptOf(sd.body);
    doc.sections.back().steps.push_back(std::move(sd));
  }
  for (SectionDoc &sec : doc.sections)
    factorRole(sec);
  return doc;
}

} // namespace

std::string guessLang(const sema::Program &p) {
  Builder b(p, Words(l10n::Lang::En));
  (void)b.build();
  return l10n::tagOf(b.letters().guess());
}

ScriptDoc buildScript(const sema::Program &p, llvm::StringRef langTag) {
  std::string tag = langTag.empty() ? guessLang(p) : langTag.str();
  ScriptDoc doc = Builder(p, Words(l10n::fromTag(tag))).build();
  doc.lang = tag;
  return doc;
}

std::string exprWords(const sema::Program &p, const ast::Expr *e, const Words &w) {
  return Builder(p, w).exprWords(e);
}

} // namespace callflow::print
