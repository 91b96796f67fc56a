// The flow language's abstract syntax tree.
//
// The parse adapter (compiler/parse) builds it; every later phase reads it.
// Nothing here knows about ANTLR. Every node carries the source range it
// was parsed from (an llvm::SMRange into the SourceMgr buffer), so any phase
// can point a diagnostic at it.
//
// Nodes are plain structs owned through std::unique_ptr. Statement and
// expression nodes carry a kind tag and `classof`, so llvm::isa / dyn_cast
// work on them (the MLIR Toy pattern).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/SMLoc.h"

namespace callflow::ast {

using llvm::SMLoc;
using llvm::SMRange;

/// An optional member that most nodes leave out, kept on the heap: the
/// pointer's 8 bytes in every node instead of std::optional's whole value
/// (80 bytes for a Text, 104 for a QualName), for a large flow has a node
/// of each kind on most lines. The interface is std::optional's, and it
/// copies its value as std::optional does.
template <class T> class Rare {
public:
  Rare() = default;
  Rare(std::nullopt_t) {}
  Rare(T v) : p_(std::make_unique<T>(std::move(v))) {}
  Rare(std::optional<T> v) : p_(v ? std::make_unique<T>(std::move(*v)) : nullptr) {}
  Rare(const Rare &o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Rare(Rare &&) noexcept = default;
  Rare &operator=(const Rare &o) {
    if (this != &o)
      p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Rare &operator=(Rare &&) noexcept = default;
  Rare &operator=(std::nullopt_t) {
    p_.reset();
    return *this;
  }
  template <class... A> T &emplace(A &&...args) {
    p_ = std::make_unique<T>(std::forward<A>(args)...);
    return *p_;
  }
  void reset() { p_.reset(); }
  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return p_ != nullptr; }
  T &operator*() { return *p_; }
  const T &operator*() const { return *p_; }
  T *operator->() { return p_.get(); }
  const T *operator->() const { return p_.get(); }

private:
  std::unique_ptr<T> p_;
};

/// What the checker resolved a name to, kept on the node so that the
/// phases after it look nothing up (sema::Program::setName writes it with
/// Program::names, which holds the same): a sema::Symbol's kind (0: not
/// resolved), index and sub.
struct NameResolution {
  uint8_t kind = 0;
  int32_t index = -1, sub = -1;
};

/// An identifier or a step ID (`Ticket`, `payg`, `D-2-7`), as written.
/// After a syntax error a name may be missing (empty, no range): the error
/// is reported, and later phases skip the name instead of resolving it.
///
/// A name is its range: its text is the source bytes the range covers (a
/// name has no escapes), not a copy of them. 32 bytes, not 64 with a
/// std::string: a large flow has a name in most lines (a step's ID, a
/// jump's target, a placeholder's parts), and every byte of its AST is
/// fresh memory. The buffer outlives the AST, as for every range.
struct Name {
  SMRange range;
  mutable NameResolution resolved{}; // filled in by the checker
  llvm::StringRef text() const {
    const char *b = range.Start.getPointer(), *e = range.End.getPointer();
    return b && e > b ? llvm::StringRef(b, size_t(e - b)) : llvm::StringRef();
  }
  bool missing() const { return text().empty(); }
};

/// A dotted reference: `past_due`, `Ticket.title`, `Plan.payg`.
struct QualName {
  /// At least one, unless missing; one inline (most names are a single
  /// part: a placeholder's `{agent}`, a condition's `past_due`).
  llvm::SmallVector<Name, 1> parts;
  SMRange range;
  std::string str() const; // parts joined with '.'
  /// No parts, or a part left missing by a syntax error.
  bool missing() const;
};

// ---- text with placeholders ---------------------------------------------

/// `{name}`, `{Form.field}`, `{Form.number}`, `{invoice.total}` (all Ref,
/// resolved by the checker) or `{price 320}` (Price).
struct Placeholder {
  enum class Kind { Ref, Price };
  Kind kind = Kind::Ref;
  /// Kind::Price: the catalog item's index once the checker resolved it,
  /// else -1. What a Kind::Ref names is kept on `ref.parts[0].resolved`
  /// (sema::Program::placeholderOf). On the node, not in a map keyed by its
  /// address: a large flow has a placeholder in most lines.
  mutable int32_t item = -1;
  QualName ref;           // Kind::Ref
  int64_t priceCode = 0;  // Kind::Price
  SMRange range;          // the whole `{...}`, braces included
  /// Where it sits in its Text: before byte `at` of Text::literal().
  uint32_t at = 0;
  /// As written back into source: `{price 320}`, `{Ticket.title}`.
  std::string str() const;
};

/// A double-quoted string literal, escapes decoded: literal runs and
/// placeholders in source order, adjacent literal runs merged.
///
/// Kept compact, for a large flow has a text in most lines (a 100k-step
/// flow has half a million): 24 bytes, the range and one pointer to a
/// single heap block that holds the placeholders and then the literal
/// runs' bytes, back to back, each placeholder knowing where it sits among
/// the bytes. An empty text has no block. parts() walks both in source
/// order. Copies are deep; a move keeps the block, so literal() stays
/// where it was.
///
/// A text read from source with neither an escape nor a placeholder (most
/// titles, labels, questions and many lines) has no block either: its
/// literal is the source bytes between its range's quotes (keepInSource),
/// which outlive the AST as a Name's do; adding to it first copies them.
class Text {
public:
  SMRange range; // the whole literal, quotes included

  Text() = default;
  Text(const Text &o);
  Text(Text &&o) noexcept : range(o.range), s_(o.s_) { o.s_ = nullptr; }
  Text &operator=(const Text &o);
  Text &operator=(Text &&o) noexcept;
  ~Text() { release(); }

  /// The literal runs only (placeholders dropped), back to back; for plain
  /// strings such as import paths, patterns and labels.
  llvm::StringRef literal() const {
    if (inSource())
      return spelling().drop_front().drop_back();
    return s_ ? llvm::StringRef(s_->chars(), s_->bytes) : llvm::StringRef();
  }
  /// The placeholders, in source order. Mutable for ast::shift (ranges
  /// and resolutions), never resized through this.
  llvm::ArrayRef<Placeholder> placeholders() const {
    return s_ ? llvm::ArrayRef<Placeholder>(s_->phs(), s_->count) : llvm::ArrayRef<Placeholder>();
  }
  llvm::MutableArrayRef<Placeholder> placeholders() {
    return s_ ? llvm::MutableArrayRef<Placeholder>(s_->phs(), s_->count) : llvm::MutableArrayRef<Placeholder>();
  }
  /// Makes the literal the bytes between the quotes of `range` (which must
  /// start and end with '"' and hold at least one byte between them), as
  /// written, with no block: for a string whose source has neither an
  /// escape nor a placeholder. The text must be empty.
  void keepInSource();
  /// Whether the literal is kept in the source (keepInSource).
  bool inSource() const { return s_ == &inSource_; }
  bool hasPlaceholders() const { return s_ && s_->count; }
  /// The literal as written, quotes included (the bytes of `range`), or
  /// empty when it has no range. Texts of the same spelling have the same
  /// literal runs and placeholders (what the names resolve to aside).
  llvm::StringRef spelling() const {
    const char *b = range.Start.getPointer(), *e = range.End.getPointer();
    return b && e > b ? llvm::StringRef(b, size_t(e - b)) : llvm::StringRef();
  }

  /// One part, in source order: a literal run or a placeholder.
  struct Part {
    const Placeholder *placeholder = nullptr;
    std::string_view literal; // when not a placeholder: a run, never empty
    uint32_t begin = 0;       // the run's first byte in literal()
  };
  class PartIterator {
  public:
    PartIterator(const Text &t, uint32_t pos, uint32_t k) : t_(&t), pos_(pos), k_(k) {}
    Part operator*() const;
    PartIterator &operator++();
    bool operator==(const PartIterator &o) const { return pos_ == o.pos_ && k_ == o.k_; }
    bool operator!=(const PartIterator &o) const { return !(*this == o); }

  private:
    const Text *t_;
    uint32_t pos_, k_; // the next byte of literal(), the next placeholder
  };
  struct Parts {
    PartIterator b, e;
    PartIterator begin() const { return b; }
    PartIterator end() const { return e; }
  };
  Parts parts() const {
    return {PartIterator(*this, 0, 0),
            PartIterator(*this, uint32_t(literal().size()), uint32_t(placeholders().size()))};
  }
  /// The number of parts, and part i (walks the parts: for tests and
  /// short texts).
  size_t numParts() const;
  Part part(size_t i) const;

  /// Room for this many literal bytes and placeholders in all, so that
  /// appending up to them allocates nothing more (the parser sizes each
  /// text once).
  void reserve(size_t bytes, size_t placeholders);
  /// Adds a literal run (merged with a run just before it) or a placeholder.
  void appendLiteral(llvm::StringRef s);
  void appendPlaceholder(Placeholder ph);
  /// Adds a default placeholder after the literal bytes so far and returns
  /// it, to be filled in where it stands (the parser's way: no placeholder
  /// built aside and moved in). Valid until the text next grows.
  Placeholder &emplacePlaceholder();

  /// The text with each placeholder written back as `{...}` source.
  std::string str() const;

private:
  /// The block: this header, `phCap` placeholders, `byteCap` bytes.
  struct Store {
    uint32_t bytes = 0, byteCap = 0, count = 0, phCap = 0;
    Placeholder *phs() { return reinterpret_cast<Placeholder *>(this + 1); }
    const Placeholder *phs() const { return reinterpret_cast<const Placeholder *>(this + 1); }
    char *chars() { return reinterpret_cast<char *>(phs() + phCap); }
    const char *chars() const { return reinterpret_cast<const char *>(phs() + phCap); }
  };
  static_assert(sizeof(Store) % alignof(Placeholder) == 0);
  /// Makes room for `bytes` literal bytes and `count` placeholders in all:
  /// exactly that when `exact`, else at least twice what there was.
  void grow(size_t bytes, size_t count, bool exact);
  void release();
  /// A text kept in the source gets a block holding its literal.
  void ownLiteral();
  /// What s_ points at for a text kept in the source: no bytes and no
  /// placeholders (placeholders() is empty without a test).
  static Store inSource_;
  Store *s_ = nullptr;
};

inline Text::Part Text::PartIterator::operator*() const {
  const llvm::ArrayRef<Placeholder> phs = t_->placeholders();
  const llvm::StringRef chars = t_->literal();
  if (k_ < phs.size() && phs[k_].at == pos_)
    return {&phs[k_], {}, pos_};
  const uint32_t end = k_ < phs.size() ? phs[k_].at : uint32_t(chars.size());
  return {nullptr, std::string_view(chars.data() + pos_, end - pos_), pos_};
}

inline Text::PartIterator &Text::PartIterator::operator++() {
  const llvm::ArrayRef<Placeholder> phs = t_->placeholders();
  if (k_ < phs.size() && phs[k_].at == pos_)
    ++k_;
  else
    pos_ = k_ < phs.size() ? phs[k_].at : uint32_t(t_->literal().size());
  return *this;
}

// ---- expressions ----------------------------------------------------------

struct Expr {
  enum class Kind {
    String, Number, Money, Bool, Ref, Input, Unary, Binary, IsSet, In,
    Date, Time, Clock, Duration, Between
  };
  const Kind kind;
  SMRange range;
  explicit Expr(Kind k) : kind(k) {}
  virtual ~Expr() = default;
};
using ExprPtr = std::unique_ptr<Expr>;

struct StringExpr : Expr {
  Text value;
  StringExpr() : Expr(Kind::String) {}
  static bool classof(const Expr *e) { return e->kind == Kind::String; }
};

/// An integer literal (`320`, `6`).
struct NumberExpr : Expr {
  int64_t value = 0;
  std::string spelling;
  NumberExpr() : Expr(Kind::Number) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Number; }
};

/// A decimal literal (`35.00`). `decimals` is the count written after the
/// point; the checker requires exactly two for money.
struct MoneyExpr : Expr {
  int64_t cents = 0; // value * 100, truncated past two decimals
  int decimals = 0;
  std::string spelling;
  MoneyExpr() : Expr(Kind::Money) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Money; }
};

/// A date literal (`2026-12-03`). `valid` is false for a day the calendar
/// lacks (`2026-02-30`), which the checker reports; `day` is then 0.
struct DateExpr : Expr {
  int64_t day = 0; // days since 1970-01-01
  bool valid = false;
  std::string spelling;
  DateExpr() : Expr(Kind::Date) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Date; }
};

/// A time-of-day literal (`14:30`). `valid` is false past 23:59.
struct TimeExpr : Expr {
  int64_t minutes = 0; // since midnight
  bool valid = false;
  std::string spelling;
  TimeExpr() : Expr(Kind::Time) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Time; }
};

/// `today` (a date) or `now` (a time): what the host gave the call.
struct ClockExpr : Expr {
  bool now = false;
  ClockExpr() : Expr(Kind::Clock) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Clock; }
};

/// The units of `30 days` and of `years(a - b)`.
enum class TimeUnit : uint8_t { Days, Months, Years };
const char *spelling(TimeUnit u); // "days", "months", "years"

/// `30 days`, `n months`, `1 year`: a count of a unit, added to or taken
/// from a date (`date + 30 days`). `unitWord` is the word as written
/// (`day` or `days`).
struct DurationExpr : Expr {
  TimeUnit unit = TimeUnit::Days;
  std::string unitWord;
  SMRange unitRange;
  ExprPtr count;
  DurationExpr() : Expr(Kind::Duration) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Duration; }
};

/// `years(a - b)`, `months(...)`, `days(...)`: the whole units from b to a.
/// `span` is what is written inside (the checker requires `date - date`).
struct BetweenExpr : Expr {
  TimeUnit unit = TimeUnit::Years;
  ExprPtr span;
  BetweenExpr() : Expr(Kind::Between) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Between; }
};

struct BoolExpr : Expr {
  bool value = false;
  BoolExpr() : Expr(Kind::Bool) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Bool; }
};

/// A name: a variable, `Form.field`, an enum value (`payg`, `Plan.payg`).
struct RefExpr : Expr {
  QualName name;
  RefExpr() : Expr(Kind::Ref) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Ref; }
};

/// `input "prompt"` used as a value (inside `create F { f = input "..." }`).
struct InputExpr : Expr {
  std::optional<Text> prompt;
  InputExpr() : Expr(Kind::Input) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Input; }
};

/// `not x`, `-x` (arithmetic negation; a literal `-5` is a NumberExpr).
struct UnaryExpr : Expr {
  enum class Op { Not, Neg };
  Op op = Op::Not;
  ExprPtr operand;
  UnaryExpr() : Expr(Kind::Unary) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Unary; }
};

struct BinaryExpr : Expr {
  enum class Op { Or, And, Eq, Ne, Lt, Le, Gt, Ge, Add, Sub, Mul, Div };
  Op op = Op::Eq;
  SMRange opRange;
  ExprPtr lhs, rhs;
  BinaryExpr() : Expr(Kind::Binary) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Binary; }
};
const char *spelling(BinaryExpr::Op op);
/// `+ - * /`.
inline bool isArithmetic(BinaryExpr::Op op) { return op >= BinaryExpr::Op::Add; }
/// `== != < <= > >=`.
inline bool isComparison(BinaryExpr::Op op) {
  return op != BinaryExpr::Op::Or && op != BinaryExpr::Op::And && !isArithmetic(op);
}

/// `x in {a, b}`, `x not in {a, b}`: the same as `x == a or x == b` (its
/// negation), which is how every analysis reads it.
struct InExpr : Expr {
  ExprPtr operand;
  std::vector<ExprPtr> elements; // at least one (the grammar's)
  bool negated = false;
  SMRange opRange; // `in` or `not in`
  InExpr() : Expr(Kind::In) {}
  static bool classof(const Expr *e) { return e->kind == Kind::In; }
};

/// `x is set`, `x is not set`.
struct IsSetExpr : Expr {
  ExprPtr operand;
  bool negated = false;
  IsSetExpr() : Expr(Kind::IsSet) {}
  static bool classof(const Expr *e) { return e->kind == Kind::IsSet; }
};

// ---- statements -----------------------------------------------------------

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;

struct Block {
  /// 16 bytes, not std::vector's 24: a step, an option and an `if` arm
  /// each have a block.
  llvm::SmallVector<StmtPtr, 0> stmts;
  SMRange range; // from `{` to `}`
};

struct Stmt {
  enum class Kind : uint8_t {
    Say, Note, Do, Ask, Input, Set, IfJump, IfBlock, Goto, Create, Complete,
    Charge, Invoice, TakePayment, Transfer, End
  };
  const Kind kind;
  SMRange range;
  explicit Stmt(Kind k) : kind(k) {}
  virtual ~Stmt() = default;
};

#define CALLFLOW_AST_STMT(NAME)                                                \
  NAME##Stmt() : Stmt(Kind::NAME) {}                                           \
  static bool classof(const Stmt *s) { return s->kind == Kind::NAME; }

/// `say "..."`: a line read aloud.
struct SayStmt : Stmt {
  Text text;
  CALLFLOW_AST_STMT(Say)
};

/// `note "..."`: an instruction to the agent, not read aloud.
struct NoteStmt : Stmt {
  Text text;
  CALLFLOW_AST_STMT(Note)
};

/// `do [optional] "action" [-> target]`.
struct DoStmt : Stmt {
  Text action;
  bool optional = false;
  Rare<QualName> result; // `-> past_due`: the host supplies a value
  CALLFLOW_AST_STMT(Do)
};

/// One option of an `ask`: `"Label" -> STEP` or `"Label" { ... }`.
struct AskOption {
  Text label;
  /// `key 92` / `key "*"`: the phone keys that choose the option, as written
  /// (digits as spelt, or the string's text). Absent when the option has none.
  Rare<Text> key;
  bool keyIsNumber = false; // spelt as digits (`key 92`), not as a string
  std::optional<Name> target; // exactly one of target / body is set
  Rare<Block> body; // most options jump
  SMRange range;
};

struct AskStmt : Stmt {
  Text question;
  llvm::SmallVector<AskOption, 0> options;
  CALLFLOW_AST_STMT(Ask)
};

/// `input TARGET ["prompt"] [in v1, v2]`.
struct InputStmt : Stmt {
  QualName target;
  std::optional<Text> prompt;
  std::vector<Name> allowed; // `in help_desk, remote_access`
  CALLFLOW_AST_STMT(Input)
};

/// `set TARGET = expr`.
struct SetStmt : Stmt {
  QualName target;
  ExprPtr value;
  CALLFLOW_AST_STMT(Set)
};

/// `if C -> S [else -> S]`.
struct IfJumpStmt : Stmt {
  ExprPtr cond;
  Name then;
  std::optional<Name> otherwise;
  CALLFLOW_AST_STMT(IfJump)
};

/// `if C { } [else if C { }]* [else { }]`.
struct IfBlockStmt : Stmt {
  struct Arm {
    ExprPtr cond;
    Block body;
    SMRange range;
  };
  std::vector<Arm> arms; // at least one
  std::optional<Block> otherwise;
  CALLFLOW_AST_STMT(IfBlock)
};

struct GotoStmt : Stmt {
  Name target;
  CALLFLOW_AST_STMT(Goto)
};

/// `field = expr` inside `create F { ... }`.
struct FieldInit {
  Name field;
  ExprPtr value;
  SMRange range;
};

struct CreateStmt : Stmt {
  Name form;
  std::vector<FieldInit> inits;
  CALLFLOW_AST_STMT(Create)
};

struct CompleteStmt : Stmt {
  Name form;
  CALLFLOW_AST_STMT(Complete)
};

/// `charge 320` (a catalog item) or `charge past_due "Past due amount"`
/// (a money value with a label).
struct ChargeStmt : Stmt {
  std::optional<int64_t> itemCode;
  SMRange itemRange;
  Rare<QualName> amount; // `charge past_due "Label"`: most charges name an item
  Rare<Text> label;
  CALLFLOW_AST_STMT(Charge)
};

struct InvoiceStmt : Stmt {
  CALLFLOW_AST_STMT(Invoice)
};

/// `take payment [else -> S | else { ... }]`.
struct TakePaymentStmt : Stmt {
  std::optional<Name> elseTarget;
  std::optional<Block> elseBody;
  CALLFLOW_AST_STMT(TakePayment)
};

struct TransferStmt : Stmt {
  Text target;
  CALLFLOW_AST_STMT(Transfer)
};

struct EndStmt : Stmt {
  std::optional<Text> reason;
  CALLFLOW_AST_STMT(End)
};

#undef CALLFLOW_AST_STMT

// ---- declarations ---------------------------------------------------------

/// A type as written: `text`, `money`, `number`, `bool` or an enum name.
struct TypeRef {
  Name name;
};

/// The typed, labelled slot shared by form fields and session variables.
struct FieldSpec {
  Name name;
  std::optional<Text> label;
  TypeRef type;
  bool required = false;
  ExprPtr requiredWhen;              // `required when COND` (required stays false)
  bool isAuto = false;               // `auto`: supplied by the host
  bool unused = false;               // `unused`: never set nor read
  bool sensitive = false;            // `sensitive`: never shown again nor journaled
  std::optional<Text> pattern;       // `matches "re"`
  std::optional<Text> patternDescription; // `matches "re" as "words for it"`
  ExprPtr defaultValue;              // `= expr`
  std::vector<Text> suggestions;     // `suggest "a" "b"`
  SMRange range;
};

struct Rule {
  Text message;
  ExprPtr cond;
  SMRange range;
};

struct Decl {
  enum class Kind { Flow, Start, Import, Catalog, Enum, Form, Var, Section, Step };
  const Kind kind;
  SMRange range;
  explicit Decl(Kind k) : kind(k) {}
  virtual ~Decl() = default;
};
using DeclPtr = std::unique_ptr<Decl>;

#define CALLFLOW_AST_DECL(NAME)                                                \
  NAME##Decl() : Decl(Kind::NAME) {}                                           \
  static bool classof(const Decl *d) { return d->kind == Kind::NAME; }

/// `flow NAME "title"`.
struct FlowDecl : Decl {
  Name name;
  std::optional<Text> title;
  CALLFLOW_AST_DECL(Flow)
};

/// `start STEP`.
struct StartDecl : Decl {
  Name step;
  CALLFLOW_AST_DECL(Start)
};

/// `import "path"`.
struct ImportDecl : Decl {
  Text path;
  CALLFLOW_AST_DECL(Import)
};

struct CatalogItem {
  /// `29.99`, `14.99 monthly` (charges the first month), `4% of charges`
  /// (a percentage of the open charges, computed when charged).
  enum class Kind { Once, Monthly, Percent };
  int64_t code = 0;
  SMRange codeRange;
  Text name;
  /// The price; for Percent the rate as written (`4`, `2.5`: its `cents`
  /// are hundredths of a percent).
  std::unique_ptr<MoneyExpr> price;
  Kind kind = Kind::Once;
  SMRange kindRange; // `monthly`, `% of charges`
  SMRange range;
};

/// `catalog USD { 310 "NAME" 35.00 ... }`.
struct CatalogDecl : Decl {
  Name currency;
  std::vector<CatalogItem> items;
  CALLFLOW_AST_DECL(Catalog)
};

struct EnumValue {
  Name name;
  std::optional<Text> label;
  SMRange range;
};

struct EnumDecl : Decl {
  Name name;
  std::vector<EnumValue> values;
  CALLFLOW_AST_DECL(Enum)
};

struct FormDecl : Decl {
  Name name;
  std::optional<Text> label;
  std::vector<FieldSpec> fields;
  std::vector<Rule> rules;
  CALLFLOW_AST_DECL(Form)
};

/// `var name "label" : type modifiers`.
struct VarDecl : Decl {
  FieldSpec spec;
  CALLFLOW_AST_DECL(Var)
};

/// `@allow(flag, ...)` in front of a step: warnings named here are not
/// reported inside the step.
struct Attribute {
  Name name;               // `allow`
  std::vector<Name> args;  // warning flag names
  SMRange range;
};

struct StepDecl : Decl {
  Name id;
  std::optional<Text> title;
  Rare<Text> role;              // `by "Team Director"`
  std::vector<Attribute> attributes;
  Block body;
  /// A syntax error was reported inside the step: its body may be cut
  /// short by recovery, so the checks of its shape (running off its end,
  /// statements that never run) do not apply.
  bool syntaxErrors = false;
  CALLFLOW_AST_DECL(Step)
};

/// `section "title" [by "role"] { steps }`.
struct SectionDecl : Decl {
  Text title;
  std::optional<Text> role;
  std::vector<std::unique_ptr<StepDecl>> steps;
  CALLFLOW_AST_DECL(Section)
};

#undef CALLFLOW_AST_DECL

/// A comment kept for the formatter: its text as written and where.
struct Comment {
  std::string text; // including `//` or `/* */`
  SMRange range;
};

/// One parsed `.flow` file.
struct File {
  unsigned bufferId = 0;        // in the SourceMgr
  std::string path;             // as given / resolved by the driver
  std::vector<DeclPtr> decls;   // in source order
  std::vector<Comment> comments;
  /// Control characters inside strings (tab and newline excepted), in
  /// source order: the checker warns about each (W0020).
  std::vector<SMRange> controlChars;
  /// The buffer was refused before parsing (invalid UTF-8, a NUL byte,
  /// nesting too deep, too large): its declarations are unknown.
  bool unparsed = false;
  /// The names in text that syntax-error recovery skipped between
  /// declarations (`stpe E { ... }`: `E`): what they declare is unknown,
  /// so the checker does not report a use of them as undefined.
  std::vector<std::string> skippedNames;
};

} // namespace callflow::ast
