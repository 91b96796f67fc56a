// The resolved model of a checked flow: what the checker (compiler/check)
// hands to codegen, the printers and lint.
//
// Everything is indexed by small stable integers in source order (the root
// file first, then imported files in the order given to checkProgram):
// steps, sections, enums and their values, forms and their fields, session
// variables and catalog items. Names used in statements, expressions and
// placeholders are resolved to a `Symbol` through the maps of `Program`,
// keyed by the address of the AST node that names them. The AST must
// outlive the Program.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "callflow/bytecode.h"
#include "ast/ast.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

namespace callflow::sema {

/// A value type. `Enum` carries the enum's index in Program::enums. `Span`
/// (`date - date`) and `Duration` (`30 days`, its unit in enumIndex) are no
/// slot's type: a span is counted by years(), months() or days(), a
/// duration is added to or taken from a date.
struct Type {
  enum class Kind : uint8_t { Invalid, Text, Money, Number, Bool, Enum, Date, Time, Span, Duration };
  Kind kind = Kind::Invalid;
  int enumIndex = -1;

  static Type text() { return {Kind::Text, -1}; }
  static Type money() { return {Kind::Money, -1}; }
  static Type number() { return {Kind::Number, -1}; }
  static Type boolean() { return {Kind::Bool, -1}; }
  static Type enumType(int e) { return {Kind::Enum, e}; }
  static Type date() { return {Kind::Date, -1}; }
  static Type time() { return {Kind::Time, -1}; }
  static Type span() { return {Kind::Span, -1}; }
  static Type duration(ast::TimeUnit u) { return {Kind::Duration, int(u)}; }
  bool valid() const { return kind != Kind::Invalid; }
  bool operator==(const Type &o) const { return kind == o.kind && enumIndex == o.enumIndex; }
  bool operator!=(const Type &o) const { return !(*this == o); }
};

struct EnumValueInfo {
  std::string name;  // `internal_employee`
  std::string label; // "Internal Employee" (the name when no label)
  const ast::EnumValue *decl = nullptr;
};

struct EnumInfo {
  std::string name;
  std::vector<EnumValueInfo> values;
  const ast::EnumDecl *decl = nullptr;
  /// Index of the value called `name`, or -1.
  int findValue(llvm::StringRef name) const;
};

/// A literal default value, already evaluated.
struct Constant {
  enum class Kind : uint8_t { None, Text, Money, Number, Bool, EnumValue, Date, Time };
  Kind kind = Kind::None;
  std::string text;  // Kind::Text
  // Money (cents), Number, Bool (0/1), EnumValue (value index), Date (day
  // number), Time (minutes): the value analysis orders dates and times as
  // the numbers they are.
  int64_t number = 0;
};

/// A form field or a session variable: the data of ast::FieldSpec, resolved.
struct FieldInfo {
  std::string name;
  std::string label; // the name when no label
  Type type;
  bool required = false;
  const ast::Expr *requiredWhen = nullptr; // resolved in the form's scope
  bool isAuto = false;
  bool unused = false;
  bool sensitive = false; // `sensitive`: never shown again nor journaled
  bool hasPattern = false;
  std::string pattern; // the pattern text, when hasPattern
  /// `matches "re" as "…"`: the pattern in the designer's words, shown to
  /// agents instead of the regex ("" when not given).
  std::string patternDescription;
  Constant defaultValue; // Kind::None when there is no default
  std::vector<std::string> suggestions;
  int slot = -1; // index in Program::slots
  const ast::FieldSpec *decl = nullptr;
};

struct RuleInfo {
  std::string message;
  const ast::Expr *cond = nullptr;
  const ast::Rule *decl = nullptr;
};

struct FormInfo {
  std::string name;
  std::string label;
  std::vector<FieldInfo> fields;
  std::vector<RuleInfo> rules;
  const ast::FormDecl *decl = nullptr;
  int findField(llvm::StringRef name) const;
};

struct CatalogItemInfo {
  int64_t code = 0;
  std::string name;
  /// The price (Once; Monthly: of one month, the amount charged); 0 for a
  /// percentage item.
  int64_t cents = 0;
  bc::ItemKind kind = bc::ItemKind::Once;
  int64_t percent = 0; // Percent: hundredths of a percent (1..bc::kMaxPercent)
  std::string currency; // `USD`
  const ast::CatalogItem *decl = nullptr;
};

struct SectionInfo {
  std::string title;
  std::string role; // "" when none
  const ast::SectionDecl *decl = nullptr;
};

/// A step, its texts viewed in the AST the program was checked from (the
/// program lives no longer than its AST: `decl` points into it too). A
/// large flow has 100k steps: copies of their IDs, titles and roles were
/// tens of MB of fresh memory on the checker's path.
struct StepInfo {
  std::string_view id;
  std::string_view title; // "" when none
  std::string_view role;  // own `by`, else the section's, else ""
  int section = -1;       // index in Program::sections, -1 at top level
  const ast::StepDecl *decl = nullptr;
};

/// What a name denotes.
struct Symbol {
  enum class Kind : uint8_t {
    None,         // unresolved (an error was reported)
    Var,          // index = variable
    Field,        // index = form, sub = field
    FormNumber,   // `{Ticket.number}`: index = form
    InvoiceTotal, // `{invoice.total}`
    EnumValue,    // index = enum, sub = value
    CatalogItem,  // `{price 320}`, `charge 320`: index = catalog item
    Step,         // index = step
    Form,         // index = form (`create F`, `complete F`)
  };
  Kind kind = Kind::None;
  int index = -1;
  int sub = -1;
  bool valid() const { return kind != Kind::None; }
  bool operator==(const Symbol &) const = default;
};

/// One storage slot: a session variable or a form field. Dataflow facts and
/// codegen registers use these indices (vars first, then fields by form).
struct Slot {
  bool isVar = false;
  int form = -1; // for fields
  int index = -1; // variable index, or field index in the form
};

/// An edge of the step graph.
struct StepEdge {
  enum class Kind : uint8_t { Goto, Option, IfThen, IfElse, PaymentDeclined };
  int from = -1;
  int to = -1;
  Kind kind = Kind::Goto;
  const ast::Text *label = nullptr;  // the option label for Kind::Option
  const ast::Stmt *stmt = nullptr;  // the statement that jumps
};

struct Program {
  /// False when any error was reported while checking.
  bool clean = false;

  std::string flowName;  // `anything_computers`
  std::string flowTitle; // "" when none
  int startStep = -1;

  std::vector<SectionInfo> sections;
  std::vector<StepInfo> steps; // source order
  std::vector<EnumInfo> enums;
  std::vector<FormInfo> forms;
  std::vector<FieldInfo> vars; // session variables
  std::vector<CatalogItemInfo> catalog;
  std::vector<Slot> slots;     // see Slot

  /// Step by ID. The keys are the AST's own step IDs (the program, like
  /// StepInfo::decl, lives no longer than its AST): a flow has up to a
  /// million steps, and a StringMap made and filled an entry of its own for
  /// each (a malloc and a copy a step, the largest part of the
  /// declarations pass).
  llvm::DenseMap<llvm::StringRef, int> stepByName;
  llvm::StringMap<int> enumByName, formByName, varByName;
  llvm::DenseMap<int64_t, int> catalogByCode;

  // ---- name resolution, keyed by the AST node that names something ------
  // Every ast::RefExpr in expressions (conditions, values, required-when,
  // rules, defaults) and every target of `input`, `set`, `do ... -> x`,
  // `charge x "label"`: on the node, see setRef/refOf, setTarget/targetOf.
  /// `charge 320`: the catalog item (Symbol::CatalogItem).
  llvm::DenseMap<const ast::Stmt *, Symbol> charges;
  /// The type of every expression that type-checked.
  llvm::DenseMap<const ast::Expr *, Type> exprTypes;

  // ---- flow-graph analysis ---------------------------------------------
  std::vector<StepEdge> edges;     // every jump between steps
  std::vector<bool> reachable;     // per step, from startStep
  std::vector<bool> inTrapLoop;    // per step
  std::vector<std::vector<int>> trapLoops; // each loop's steps, source order
  std::vector<bool> canEnd;        // per step: contains `end`/`transfer`

  // ---- helpers -----------------------------------------------------------
  /// Records what `n` names, on the node (nameOf): step names (`goto S`,
  /// ask option targets, if/else targets, take payment else, `start S`),
  /// create-init field names (Field), `input ... in a, b` values
  /// (EnumValue), form names of create/complete (Form).
  void setName(const ast::Name &n, Symbol s) { recordOn(n, s); }
  static void recordOn(const ast::Name &n, Symbol s) {
    n.resolved = {static_cast<uint8_t>(s.kind), s.index, s.sub};
  }
  /// What `n` names, read from the node: no hash lookup (the phases after
  /// the checker walk the AST in order; a lookup keyed by node address
  /// missed the cache on every name of a large flow). Kind::None when the
  /// checker did not resolve it.
  static Symbol nameOf(const ast::Name &n) {
    return {static_cast<Symbol::Kind>(n.resolved.kind), n.resolved.index, n.resolved.sub};
  }
  /// Records what placeholder `ph` names, on the node: a Price's catalog
  /// item, or a Ref's symbol on its first part. Symbol() clears it.
  static void setPlaceholder(const ast::Placeholder &ph, Symbol s) {
    if (ph.kind == ast::Placeholder::Kind::Price)
      ph.item = s.kind == Symbol::Kind::CatalogItem ? s.index : -1;
    else
      setQual(ph.ref, s);
  }
  /// What placeholder `ph` names; Kind::None when the checker did not
  /// resolve it.
  static Symbol placeholderOf(const ast::Placeholder &ph) {
    if (ph.kind == ast::Placeholder::Kind::Price)
      return ph.item >= 0 ? Symbol{Symbol::Kind::CatalogItem, ph.item, -1} : Symbol();
    return qualOf(ph.ref);
  }
  /// What a dotted name used as a whole (a reference in an expression, a
  /// target) names, kept on its first part (whose own resolution is never
  /// asked: the parts are read from the whole's symbol); Symbol() clears.
  static void setQual(const ast::QualName &q, Symbol s) {
    if (!q.parts.empty())
      recordOn(q.parts[0], s);
  }
  static Symbol qualOf(const ast::QualName &q) { return q.parts.empty() ? Symbol() : nameOf(q.parts[0]); }
  /// Targets of `input`, `set`, `do ... -> x`, `charge x "label"`.
  static void setTarget(const ast::QualName &q, Symbol s) { setQual(q, s); }
  static Symbol targetOf(const ast::QualName &q) { return qualOf(q); }
  /// A reference in an expression; Kind::None for another expression or
  /// one the checker did not resolve.
  static void setRef(const ast::Expr &e, Symbol s) {
    if (const auto *r = llvm::dyn_cast<ast::RefExpr>(&e))
      setQual(r->name, s);
  }
  static Symbol refOf(const ast::Expr *e) {
    const auto *r = llvm::dyn_cast_or_null<ast::RefExpr>(e);
    return r ? qualOf(r->name) : Symbol();
  }
  int slotOfVar(int var) const { return vars[var].slot; }
  int slotOfField(int form, int field) const { return forms[form].fields[field].slot; }
  const FieldInfo &slotInfo(int slot) const;
  /// `Case.alias` or `agent`.
  std::string slotName(int slot) const;
  /// The slot a Var/Field symbol names, or -1.
  int slotOf(const Symbol &s) const;
  Type slotType(int slot) const { return slotInfo(slot).type; }
  std::string typeName(const Type &t) const;
};

} // namespace callflow::sema
