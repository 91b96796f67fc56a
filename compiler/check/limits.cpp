// The bytecode's format limits (runtime/include/callflow/bytecode.h, the
// verifier's counts), checked at the construct that would pass them, so
// that a flow that checks clean always builds: options of an `ask`, values
// of an `input ... in`, suggestions of a field, rules of a form, values of
// an enum, the parts (words and placeholders) of a text and the length of
// its words, and the program's enums, forms, slots, catalog items, sections
// and steps. (Distinct strings and texts, 2^24 each, are counted after the
// compiler shares them; `flowc build` reports those with the limit.)
#include <cstdio>

#include "callflow/builder.h"
#include "check/checker.h"

namespace callflow::check {

using diag::DiagId;

namespace {
/// Reports E0019 when `n` passes `limit`: "WHAT has N NOUN; the limit is L".
bool over(diag::DiagnosticEngine &diags, llvm::SMRange at, uint64_t n, uint64_t limit,
          const std::string &what, const char *noun) {
  if (n <= limit)
    return false;
  diags.report(DiagId::FormatLimit, at, {what, std::to_string(n), noun, std::to_string(limit)});
  return true;
}
} // namespace

void Checker::checkFormatLimits() {
  // A catalog price out of the range of money is E0408 (checkMoneyRange,
  // resolve.cpp), like every money literal.
  for (const sema::EnumInfo &e : p.enums)
    if (e.decl)
      over(diags, e.decl->name.range, e.values.size(), bc::kMaxEnumValues, "enum '" + e.name + "'",
           "values");
  for (const sema::FormInfo &f : p.forms) {
    if (f.decl)
      over(diags, f.decl->name.range, f.rules.size(), bc::kMaxRules, "form '" + f.name + "'",
           "rules");
    for (const sema::FieldInfo &fi : f.fields)
      if (fi.decl)
        over(diags, fi.decl->name.range, fi.suggestions.size(), bc::kMaxSuggestions,
             "field '" + f.name + "." + fi.name + "'", "suggestions");
  }
  for (const sema::FieldInfo &v : p.vars)
    if (v.decl)
      over(diags, v.decl->name.range, v.suggestions.size(), bc::kMaxSuggestions,
           "variable '" + v.name + "'", "suggestions");
  // The program's tables: reported once, at the first entry past the limit.
  if (p.enums.size() > bc::kMaxEnums && p.enums[bc::kMaxEnums].decl)
    over(diags, p.enums[bc::kMaxEnums].decl->name.range, p.enums.size(), bc::kMaxEnums,
         "the flow", "enums");
  if (p.forms.size() > bc::kMaxForms && p.forms[bc::kMaxForms].decl)
    over(diags, p.forms[bc::kMaxForms].decl->name.range, p.forms.size(), bc::kMaxForms,
         "the flow", "forms");
  if (p.catalog.size() > bc::kMaxItems && p.catalog[bc::kMaxItems].decl)
    over(diags, p.catalog[bc::kMaxItems].decl->codeRange, p.catalog.size(), bc::kMaxItems,
         "the catalog", "items");
  if (p.sections.size() > bc::kMaxSections && p.sections[bc::kMaxSections].decl)
    over(diags, p.sections[bc::kMaxSections].decl->range, p.sections.size(), bc::kMaxSections,
         "the flow", "sections");
  if (p.steps.size() > bc::kMaxSteps && p.steps[bc::kMaxSteps].decl)
    over(diags, p.steps[bc::kMaxSteps].decl->id.range, p.steps.size(), bc::kMaxSteps, "the flow",
         "steps");
  // Slots: the variables, then the fields form by form (sema's order).
  const size_t slots = p.vars.size() + [&] {
    size_t n = 0;
    for (const sema::FormInfo &f : p.forms)
      n += f.fields.size();
    return n;
  }();
  if (slots > bc::kMaxSlots) {
    size_t k = bc::kMaxSlots;
    const sema::FieldInfo *at = nullptr;
    if (k < p.vars.size()) {
      at = &p.vars[k];
    } else {
      k -= p.vars.size();
      for (const sema::FormInfo &f : p.forms) {
        if (k < f.fields.size()) {
          at = &f.fields[k];
          break;
        }
        k -= f.fields.size();
      }
    }
    if (at && at->decl)
      over(diags, at->decl->name.range, slots, bc::kMaxSlots, "the flow",
           "variables and form fields");
  }
}

void Checker::checkTextLimits(const ast::Text &t) {
  // A text of at most kMaxTextParts bytes and placeholders has no more
  // parts than that (a word is at least a byte) and no longer word: most
  // texts, which are then neither split into words nor remembered (only a
  // text that may break a limit is, so that it is reported once).
  const uint64_t bound = t.literal().size() + t.placeholders().size();
  static_assert(bc::kMaxTextParts <= bc::kMaxStringLength);
  if (bound <= bc::kMaxTextParts || !textsLimited.insert(&t).second)
    return;
  uint64_t parts = 0;
  size_t longest = 0;
  for (const ast::Text::Part part : t.parts()) {
    if (!part.placeholder) {
      LiteralWords w = literalWords(part.literal);
      parts += w.count;
      longest = std::max(longest, w.longest);
    } else {
      ++parts;
    }
  }
  over(diags, t.range, parts, bc::kMaxTextParts, "this text", "words and placeholders");
  over(diags, t.range, longest, bc::kMaxStringLength, "a word of this text", "bytes");
}

void Checker::checkListLimits(const ast::Stmt &s) {
  if (const auto *a = llvm::dyn_cast<ast::AskStmt>(&s)) {
    if (a->options.size() > bc::kMaxListItems)
      over(diags, a->options[bc::kMaxListItems].label.range, a->options.size(), bc::kMaxListItems,
           "'ask'", "options");
  } else if (const auto *in = llvm::dyn_cast<ast::InputStmt>(&s)) {
    if (in->allowed.size() > bc::kMaxListItems)
      over(diags, in->allowed[bc::kMaxListItems].range, in->allowed.size(), bc::kMaxListItems,
           "'input " + in->target.str() + " in'", "values");
  }
}

void Checker::checkControlCharacters() {
  static const char *const kNames[32] = {
      "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI",
      "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"};
  for (const ast::File *f : files)
    for (llvm::SMRange r : f->controlChars) {
      const auto *b = reinterpret_cast<const unsigned char *>(r.Start.getPointer());
      if (!b)
        continue;
      const unsigned cp = b[0] == 0xC2 ? b[1] : b[0];
      char hex[8];
      std::snprintf(hex, sizeof hex, "U+%04X", cp);
      std::string name = hex;
      if (cp < 32)
        name += std::string(" (") + kNames[cp] + ")";
      else if (cp == 0x7F)
        name += " (DEL)";
      diags.report(DiagId::ControlCharacter, r, {name});
    }
}

namespace {
/// The values the bytecode's evaluation of `e` holds at once: operands are
/// pushed left to right, an operator pops its operands and pushes its
/// result (codegen::Generator::expr).
uint64_t stackDepth(const ast::Expr *e) {
  if (!e)
    return 0;
  switch (e->kind) {
  case ast::Expr::Kind::Unary:
    return std::max<uint64_t>(1, stackDepth(llvm::cast<ast::UnaryExpr>(e)->operand.get()));
  case ast::Expr::Kind::Binary: {
    const auto *b = llvm::cast<ast::BinaryExpr>(e);
    return std::max(stackDepth(b->lhs.get()), 1 + stackDepth(b->rhs.get()));
  }
  case ast::Expr::Kind::In: {
    // operand, element, EQ, then per further element: operand, element,
    // EQ, OR (codegen::Generator::expr).
    const auto *in = llvm::cast<ast::InExpr>(e);
    uint64_t o = stackDepth(in->operand.get()), d = std::max<uint64_t>(o, 1);
    for (size_t i = 0; i < in->elements.size(); ++i) {
      uint64_t el = stackDepth(in->elements[i].get());
      d = std::max(d, (i ? 1 : 0) + std::max(o, 1 + el));
    }
    return d;
  }
  case ast::Expr::Kind::Duration:
    // The count (times 12 for years: one more value), pushed after the date
    // it is added to even when written first (`30 days + today`): one more.
    return std::max<uint64_t>(2, 1 + stackDepth(llvm::cast<ast::DurationExpr>(e)->count.get()));
  case ast::Expr::Kind::Between: {
    // years(a - b): a, then b (codegen pushes both dates, then counts).
    const auto *bw = llvm::cast<ast::BetweenExpr>(e);
    const auto *sub = llvm::dyn_cast_or_null<ast::BinaryExpr>(bw->span.get());
    return sub ? std::max(stackDepth(sub->lhs.get()), 1 + stackDepth(sub->rhs.get()))
               : std::max<uint64_t>(1, stackDepth(bw->span.get()));
  }
  default:
    return 1;
  }
}
} // namespace

void Checker::checkStackLimit(const ast::Expr &e) {
  over(diags, e.range, stackDepth(&e), bc::kMaxStack, "this expression",
       "values to hold at once (operands nested to the right wait for theirs)");
}

void Checker::checkConstantLimit(int64_t v, llvm::SMRange at, const std::string &spelling) {
  if (v > bc::kMaxMoney || v < -bc::kMaxMoney)
    diags.report(DiagId::NumberOutOfRange, at, {spelling});
}

} // namespace callflow::check
