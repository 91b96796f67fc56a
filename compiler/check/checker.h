// Internal to compiler/check: the state shared by the checker's passes.
//
// Passes, in order (check.cpp runs them):
//   resolve.cpp     tables of declarations, duplicates, name resolution
//   types.cpp       expression types, conditions, literals, patterns
//   cfg.cpp         lowering steps into a graph of statement nodes
//   graph.cpp       step graph: reachability, run-off-end, trap loops
//   paths.cpp       path queries (0-1 BFS over nodes x small state spaces)
//   facts.cpp       known enum/bool values on a path (FactSpace), shared
//                   by every path query so counterexamples are feasible
//   dataflow.cpp    required fields, read-before-set, placeholders, roles
//   conditions.cpp  `required when` and `rule`s over tuples of enum facts
//   money.cpp       charges, invoices, payments, prices in lines
//   limits.cpp      the bytecode's format limits, at the construct
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "callflow/pattern.h"
#include "check/check.h"
#include "check/sema.h"
#include "diag/diagnostic.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/SourceMgr.h"

namespace callflow::check {

/// A node of the statement graph: a step's entry, or one statement.
struct Node {
  enum class Kind : uint8_t { StepEntry, Stmt, ArmTest, Join }; // ArmTest: an `else if`
  Kind kind = Kind::Stmt;
  bool terminal = false; // `end`, `transfer`, `take payment` with no else
  /// What the statement does is unknown because it names something that
  /// is not defined (a `charge` of an item the catalog does not list):
  /// path queries do not go through it, so no pass reports a consequence
  /// of that error (its own error is the report).
  bool poisoned = false;
  /// The statement's kind, copied so path queries need not touch the AST.
  ast::Stmt::Kind stmtKind = ast::Stmt::Kind::Say;
  int step = -1;
  int form = -1; // `create F` / `complete F`: the form's index
  /// `charge`: the catalog item's index, or -2 - slot for `charge x "…"`.
  int charge = -1;
  uint32_t firstEdge = 0, numEdges = 0;
  const ast::Stmt *stmt = nullptr; // Kind::Stmt
};

/// 24 bytes, its source node included: a large flow has a million.
struct Edge {
  enum class Kind : uint8_t { Seq, Goto, Option, IfThen, IfElse, Declined };
  Edge() = default;
  Edge(int to, Kind kind, bool positive, int guardId, const ast::Text *label)
      : to(to), kind(kind), positive(positive), guardId(guardId), label(label) {}
  int to = -1;
  Kind kind = Kind::Seq;
  bool positive = true; // polarity of the guard
  /// A jump: `to` is a step's entry (the only edges into one), so passes
  /// that look for the step graph need not load the node.
  bool toStep = false;
  /// The `if` condition that holds (positive) or fails on this edge: an
  /// index in Cfg::guards, or -1.
  int guardId = -1;
  uint32_t from = 0;                // the source node
  const ast::Text *label = nullptr; // option label
};
static_assert(sizeof(Edge) == 24);

/// How a node sets a slot (parallel to Cfg::sets), for the known values
/// that path queries track.
struct SetHow {
  enum class Kind : uint8_t {
    Unknown, // any value of the slot's type (input, a lookup, an expression)
    Value,   // a literal: `coord` is the value's coordinate (enum value + 1;
             // false 1, true 2; 1 for a literal of another type)
    Copy,    // `set a = b`: the value of slot `coord`
    OneOf,   // `input x in a, b`: coordinates setPool[first, first + count)
    Poisoned, // a value that names something undefined (Checker::poisoned):
              // a query that tracks the slot stops there (its value, and
              // so any report about it, would be a consequence of the error)
  };
  Kind kind = Kind::Unknown;
  int coord = 0;
  uint32_t first = 0, count = 0;
  /// Kind::Value of a text, number or money literal: the literal (rules
  /// track such values; see FactSpace).
  const ast::Expr *literal = nullptr;
};

/// A fact that a node may set or read: a slot, "form f was created"
/// (`{F.number}`), or "an invoice was made" (`{invoice.total}`).
struct Read {
  enum class Kind : uint8_t { Expr, Placeholder, Required };
  Read() = default;
  Read(int fact, llvm::SMRange range, Kind kind) : range(range), fact(fact), kind(kind) {}
  llvm::SMRange range; // first: 24 bytes, not 32
  int fact = -1;
  Kind kind = Kind::Expr;
};

/// Items per node in CSR form (`begin[n]` the first of node n's, `begin`
/// nodes + 1 long once finished), built as the items are added: the
/// statement graph's lowering adds a node's facts before any later node's,
/// so each is appended where it belongs, with no list of (node, item) pairs
/// to sort afterwards (a large flow has a million reads). An item for an
/// earlier node is inserted at the end of that node's range: the same
/// result, only slower. `extra`, when given, is a second array kept
/// parallel to the first (the sets' SetHow): add() then takes its item too.
template <class T, class Extra = char> class NodeLists {
public:
  NodeLists(std::vector<T> &items, std::vector<uint32_t> &begin, std::vector<Extra> *extra = nullptr)
      : items_(items), begin_(begin), extra_(extra) {}
  template <class... E> void add(int node, const T &item, const E &...e) {
    const size_t n = size_t(node);
    if (n + 1 >= begin_.size()) { // the last node with items so far, or a later one
      while (begin_.size() <= n)
        begin_.push_back(uint32_t(items_.size()));
      items_.push_back(item);
      if constexpr (sizeof...(E) > 0)
        extra_->push_back(e...);
      return;
    }
    const uint32_t at = begin_[n + 1];
    items_.insert(items_.begin() + at, item);
    if constexpr (sizeof...(E) > 0)
      extra_->insert(extra_->begin() + at, e...);
    for (size_t k = n + 1; k < begin_.size(); ++k)
      ++begin_[k];
  }
  /// Ends the lists of `numNodes` nodes: `begin` gets its nodes + 1 entries.
  void finish(size_t numNodes) {
    while (begin_.size() <= numNodes)
      begin_.push_back(uint32_t(items_.size()));
  }

private:
  std::vector<T> &items_;
  std::vector<uint32_t> &begin_;
  std::vector<Extra> *extra_;
};

struct Cfg {
  std::vector<Node> nodes;
  std::vector<Edge> edges; // CSR by Node::firstEdge
  std::vector<int> stepEntry; // per step
  /// The edges that are jumps (Edge::toStep), counted as they are made.
  size_t jumps = 0;
  // Facts set / read per node, CSR.
  std::vector<uint32_t> setBegin, readBegin; // size nodes+1
  std::vector<int> sets;
  std::vector<SetHow> setHow; // parallel to sets
  std::vector<int> setPool;   // SetHow::OneOf coordinates
  std::vector<Read> reads;
  /// The distinct conditions of `if`s (Edge::guardId indexes them) and the
  /// slots they test (enum/bool values, `is set`), in order of first use.
  std::vector<const ast::Expr *> guards;
  std::vector<int> guardSlots;
};

class PathSearch;
class FactSpace;

/// From this many statement-graph nodes on, the prices in lines are checked
/// on a thread of their own (below, the thread costs more than it saves).
constexpr size_t kPriceLinesAsideNodes = 16384;
/// From this many bytes of the statement graph's arrays on, their pages are
/// made on a thread beside the lowering that fills them (buildCfg).
constexpr size_t kPrefaultGraphBytes = size_t(4) << 20;
/// CPU seconds of the calling thread (the machine may be shared and busy,
/// and a pass may run beside another): CheckOptions::phaseTimes.
double threadSeconds();

/// From this many steps on, the names and types of the last half of the
/// steps' bodies are resolved on a second thread (resolveBodies).
constexpr size_t kNamesAsideSteps = 4096;

/// What a flow charges: catalog items (by index) and amounts (by slot).
struct Charged {
  std::set<int> items, slots;
};

class Checker {
public:
  Checker(llvm::ArrayRef<const ast::File *> files, const llvm::SourceMgr &sm,
          diag::DiagnosticEngine &diags, const CheckOptions &opts, sema::Program &p)
      : files(files), sm(sm), diags(diags), opts(opts), p(p) {}

  void run();

  // resolve.cpp
  void collectDecls();
  /// Names and types in the step bodies (bodies.cpp): a large flow's last
  /// steps on a second thread, by a shard of this checker (see there).
  void resolveBodies();
  /// resolveBodies for steps [from, to).
  void resolveSteps(size_t from, size_t to);
  void resolveStepName(const ast::Name &n);
  sema::Symbol resolveQual(const ast::QualName &q, int formScope, bool reportErrors);
  /// For a name that is not defined, like `tries-1`: "tries - 1" when the
  /// parts around one of its '-' are a variable or field (the left one) and
  /// a number or a variable or field, else "".
  std::string subtractionMeant(llvm::StringRef name, int formScope) const;
  void resolveText(const ast::Text &t);
  /// resolveText, and the slots its placeholders read count as read.
  void resolveTextReads(const ast::Text &t);
  /// Adds "did you mean 'X'?" to `b` for the candidate closest to `name`
  /// (same spelling in another case first, then by edit distance), with a
  /// fix-it replacing `at` (the name as written) by it. Returns the
  /// candidate, or "" when none is close.
  std::string suggest(diag::DiagBuilder &b, llvm::StringRef name,
                      llvm::ArrayRef<std::string> candidates, llvm::SMRange at);
  /// The steps' IDs, for E0102's suggestions: copied once, on the first
  /// (side by side, the edit distances to 100k IDs run twice as fast as on
  /// views into the AST's step declarations).
  std::vector<std::string> stepIds;
  /// Every report of a name that does not resolve calls this: the
  /// expressions and statements that contain it are poisoned.
  void unresolvedName() { ++unresolved; }
  void applyAllows();
  // ---- format limits (limits.cpp) ----
  /// The bytecode's limits on the program's tables, enums, forms and fields.
  void checkFormatLimits();
  /// W0020 for each control character the parser found in a string.
  void checkControlCharacters();
  /// A text compiled into the TEXTS section: its parts and the length of
  /// its words (once per text).
  void checkTextLimits(const ast::Text &t);
  /// The options of an `ask`, the values of an `input ... in`.
  void checkListLimits(const ast::Stmt &s);
  llvm::DenseSet<const ast::Text *> textsLimited;
  /// A whole expression: the values its evaluation holds at once (the
  /// bytecode's stack, kMaxStack).
  void checkStackLimit(const ast::Expr &e);
  /// A number or money literal (money in cents): within the bytecode's
  /// constants, kMaxMoney (E0013 beyond).
  void checkConstantLimit(int64_t v, llvm::SMRange at, const std::string &spelling);
  int exprLevel = 0; // typeExpr's recursion: 1 at a whole expression

  // types.cpp
  sema::Type typeExpr(const ast::Expr *e, int formScope, sema::Type expected);
  sema::Type typeArithmetic(const ast::BinaryExpr &b, int formScope);
  sema::Type typeDateArithmetic(const ast::BinaryExpr &b, sema::Type lt, sema::Type rt);
  /// typeExprOf's cases of names and of dates and times, and its messages
  /// (kept out of its frame: it recurses once per level of an expression).
  sema::Type typeRef(const ast::Expr *e, int formScope, sema::Type expected);
  void reportMismatch(llvm::SMRange at, std::initializer_list<llvm::StringRef> text, sema::Type t1,
                      llvm::StringRef between = {}, sema::Type t2 = {});
  sema::Type typeTemporal(const ast::Expr *e, int formScope);
  void reportSpanComparison(const ast::BinaryExpr &cmp, sema::Type lt, sema::Type rt);
  /// The source text of `r` (for fix-its that rewrap an operand).
  std::string sourceOf(llvm::SMRange r) const;
  /// Why a `YYYY-MM-DD` literal is no day (": February 2026 has 28 days").
  std::string invalidDateReason(llvm::StringRef spelling) const;
  sema::Type typeExprOf(const ast::Expr *e, int formScope, sema::Type expected);
  void checkCondition(const ast::Expr *e, int formScope);
  void checkAssign(const ast::QualName &target, const ast::Expr *value, llvm::SMRange at);
  void checkTypesInBodies();
  void checkDeclTypes();
  bool patternMatches(const sema::FieldInfo &f, llvm::StringRef value, std::string *err);
  /// E0408 for a money literal outside +-bc::kMaxMoney cents (the range of
  /// money in the runtime and the bytecode).
  void checkMoneyRange(const ast::MoneyExpr &m);
  /// Reports a literal `lit` set to `target` (a field with a valid pattern)
  /// that its pattern refuses: E0310, or E0316 when it is longer than the
  /// runtime matches (kPatternMaxInput).
  void checkPatternLiteral(const sema::FieldInfo &f, const std::string &lit, llvm::SMRange at,
                           const std::string &target);

  // cfg.cpp
  void buildCfg();
  // graph.cpp
  void analyseGraph();
  /// Trap loops that only the known values reveal (an exit whose condition
  /// never holds on any path into it); after setUpPathSearch.
  void checkLiveTrapLoops();
  // dataflow.cpp
  void checkMaybeUnset();
  // conditions.cpp
  void checkConditions();
  // money.cpp
  /// Prices quoted in lines, against the items a path through each line
  /// can charge. Reads only the AST, the program and the graphs (never the
  /// path search), so it may run on another thread beside the path
  /// searches, reporting into `out`. Returns what the flow charges.
  Charged checkPriceLines(diag::DiagnosticEngine &out) const;
  /// Invoices without a charge, payments without an invoice, double
  /// charges and percentages of nothing, on paths; after setUpPathSearch.
  void checkMoneyOnPaths(const Charged &charged);

  // helpers
  int numFacts() const { return (int)p.slots.size() + (int)p.forms.size() + 1; }
  int factOfFormNumber(int f) const { return (int)p.slots.size() + f; }
  int factInvoice() const { return (int)p.slots.size() + (int)p.forms.size(); }
  std::string factName(int fact) const;
  /// The counterexample path of a node sequence, for DiagBuilder::note:
  /// shown as `path: D-2-1 (option "No") → D-2-3 → D-2-4`, with the
  /// location of each step and choice for SARIF and JSON.
  std::vector<diag::PathHop> formatPath(const std::vector<int> &nodes,
                                        const std::vector<const Edge *> &via) const;
  /// Where the choice of edge `e` out of node `from` was made.
  llvm::SMRange choiceRange(const Edge &e, int from) const;
  std::string stepName(int step) const { return std::string(p.steps[step].id); }
  std::string textOf(const ast::Text &t) const { return t.str(); }

  llvm::ArrayRef<const ast::File *> files;
  const llvm::SourceMgr &sm;
  diag::DiagnosticEngine &diags;
  const CheckOptions &opts;
  sema::Program &p;
  /// Where the types of expressions and the items of charges are recorded:
  /// the program's maps, or a shard's own until resolveBodies merges them.
  llvm::DenseMap<const ast::Expr *, sema::Type> *exprTypes = &p.exprTypes;
  llvm::DenseMap<const ast::Stmt *, sema::Symbol> *charges = &p.charges;
  Cfg cfg;
  /// Shared by every path query (set up after buildCfg).
  std::unique_ptr<PathSearch> search;
  /// The facts every query tracks: the slots the flow's `if`s test, as many
  /// as maxConditionStates (and the search's cells) allow.
  std::unique_ptr<FactSpace> flowFacts;
  /// The tuple limit for a query with `own` states of its own, over at
  /// most `cells` cells (by default the search's maxCells()).
  unsigned factLimit(int own, size_t cells = 0) const;
  void setUpPathSearch();
  /// The caveat for a counterexample through `via` when a test on it reads
  /// a slot that `fs` does not track, so the path may be infeasible; ""
  /// when every test on it is tracked.
  std::string untrackedNote(const FactSpace &fs, const std::vector<const Edge *> &via) const;
  /// "'a', 'b' and 3 more".
  std::string slotList(llvm::ArrayRef<int> slots) const;
  std::vector<bool> slotWritten, slotRead; // for field roles
  /// Counted by resolveBodies, so that buildCfg can size its tables.
  struct {
    size_t stmts = 0, options = 0, arms = 0;
  } bodySize;
  llvm::StringMap<std::variant<Pattern, PatternError>> patterns; // compiled once
  /// Steps suggested for a step name that is not defined (E0102's "did you
  /// mean"): the jump was meant for them, so they are not unreachable.
  llvm::DenseSet<int> suggestedSteps;
  /// Set on a shard of resolveBodies: the error limit of the engine its
  /// diagnostics are appended to; the steps its E0102s suggested, each with
  /// the error's ordinal among the shard's errors (a suggestion counts only
  /// if its error is kept when appended: one thread does not look for
  /// suggestions past the limit, so a step suggested there stays reported
  /// as unreachable); and its types and charges (exprTypes and charges
  /// point here), all merged by resolveBodies.
  struct Shard {
    unsigned errorLimit = 0;
    std::vector<std::pair<unsigned, int>> suggested;
    llvm::DenseMap<const ast::Expr *, sema::Type> exprTypes;
    llvm::DenseMap<const ast::Stmt *, sema::Symbol> charges;
  };
  std::unique_ptr<Shard> shard;
  /// Errors about names that did not resolve, so far (unresolvedName).
  unsigned unresolved = 0;
  /// Expressions and statements that contain a name that did not resolve
  /// (its error is reported once, where it is). The later passes stay
  /// silent about them: a condition so poisoned is not proved, a statement
  /// so poisoned stops every path query (Node::poisoned), since what it
  /// does is unknown. Keyed by `const ast::Expr *` / `const ast::Stmt *`.
  llvm::DenseSet<const void *> poisoned;
  /// Names of declarations dropped as duplicates of another kind (a form
  /// named like an enum), and names in text a syntax error made the parser
  /// skip (ast::File::skippedNames): uses of them are not reported again as
  /// undefined.
  llvm::StringSet<> droppedNames;
};

/// Three-valued results of evaluating a condition on a tuple of facts.
constexpr unsigned kTrue = 1, kFalse = 2, kUnknown = 3;

/// The known values of some slots along a path: a tuple with one coordinate
/// per tracked slot (0 unset; 1..n an enum value, or false/true for a bool;
/// for a text slot tested by `is set`, 1 set; in rules mode n+1 is "some
/// value the agent entered"). Node effects (`set`, `input ... in`, ask
/// options' blocks, `create` inits, lookups) move between tuples and `if`
/// guards filter or narrow them, so a path search over (node, tuple) only
/// follows feasible paths. Built once per set of tracked slots; lookups in
/// the hot loops are by dense indices only.
class FactSpace {
public:
  /// Tracks every slot of `must` that fits in `limit` tuples (returns false
  /// when one does not: lost() lists them) and then, in order, each slot of
  /// `optional` that still fits; the rest are untracked (any value: both
  /// branches of a test on them are open, and conditions on them evaluate
  /// to unknown). `rules`: inputs give "some value" instead of each value,
  /// and unset values compare unknown (a `rule` is proved only where values
  /// are known). `cond`: the condition that will be compiled besides the
  /// flow's guards.
  ///
  /// An enum slot's coordinate is a value *class*: each value that some
  /// guard or `cond` compares against gets a class of its own, and the
  /// others share one, since no test can tell them apart. A 100-value enum
  /// tested only for `== v7` then costs 3 coordinates, not 101.
  ///
  /// In rules mode, a text, number or money slot of `must` that `cond`
  /// compares with a literal (`x > 0`, `code == "A"`) gets a coordinate per
  /// literal value the flow assigns it anywhere (`set`, `create` inits, its
  /// default) and one for any other value, so a rule over known values is
  /// proved like one over enums.
  bool init(const Checker &c, llvm::ArrayRef<int> must, llvm::ArrayRef<int> optional,
            unsigned limit, bool rules, const ast::Expr *cond = nullptr);
  int numStates() const { return states; }
  llvm::ArrayRef<int> initial() const { return init_; }
  /// Whether `slot` has a coordinate in the tuples.
  bool tracks(int slot) const {
    return slot >= 0 && slot < (int)slotIndex.size() && slotIndex[slot] >= 0;
  }
  /// The `must` slots that did not fit.
  llvm::ArrayRef<int> lost() const { return lost_; }
  /// Appends to `out` the tuples after `node` runs in tuple `st`.
  void apply(int node, int st, llvm::SmallVectorImpl<int> &out) const;
  /// The tuple after crossing edge `e` in `st`, or -1 when it cannot be taken.
  int cross(const Edge &e, int st) const {
    return e.guardId < 0 ? st : narrow(guardCode[e.guardId], e.positive, st);
  }
  /// Compiles a condition (resolved through Program::refs) for eval().
  int compile(const ast::Expr *e);
  unsigned eval(int code, int st) const;
  /// Slots read by `e` that a FactSpace can track, appended once each;
  /// with `values`, also text, number and money slots compared with a
  /// literal.
  static void collectSlots(const sema::Program &p, const ast::Expr *e, std::vector<int> &out,
                           bool values = false);

private:
  struct Code {
    enum class Op : uint8_t { Unknown, Const, Flag, IsSet, Not, And, Or, Eq, Cmp };
    Op op = Op::Unknown;
    bool negated = false; // IsSet: `is not set`; Eq: `!=`
    int i = -1;           // tuple coordinate index
    int lit = 0;          // Eq: the literal's coordinate; Cmp: its index in `constants`
    ast::BinaryExpr::Op cmp = ast::BinaryExpr::Op::Eq; // Cmp: slot `cmp` literal
    int a = -1, b = -1;   // operands
    unsigned value = kUnknown; // Const
  };
  int get(int st, int i) const { return st / stride[i] % radix[i]; }
  int with(int st, int i, int v) const { return st + (v - get(st, i)) * stride[i]; }
  bool isAny(int i, int v) const { return rules && valueCount[i] > 0 && v == radix[i] - 1; }
  /// The coordinate of value coordinate `v` (enum value + 1) of tuple
  /// index `i`: its class; -1 when `v` is not a value of the slot's type.
  int classOf(int i, int v) const;
  /// Values slots: the coordinate of constant `k`, or -1.
  int valueCoord(int i, const sema::Constant &k) const;
  unsigned compareValue(const Code &k, int st) const;
  /// Marks the enum values that `e` compares a slot against.
  void markCompared(const ast::Expr *e);
  int literal(const ast::Expr *e) const;
  /// `lhs op rhs` (a comparison) as a Code; returns its index.
  int compileCompare(const ast::Expr *lhs, const ast::Expr *rhs, ast::BinaryExpr::Op op);
  int tupleIndex(const ast::Expr *ref) const;
  int narrow(int code, bool pos, int st) const;
  int narrowEq(int i, int lit, bool mustEqual, int st) const;
  void anyChoices(int i, llvm::SmallVectorImpl<int> &out) const;

  const Checker *c = nullptr;
  bool rules = false;
  int states = 1;
  llvm::SmallVector<int, 4> init_{0};
  std::vector<int> slotIndex; // per slot: tuple index or -1
  /// Per tuple index: the slot, its number of value coordinates (classes
  /// for an enum, 2 for a bool, 0 for a slot tracked only as set / unset),
  /// radix and stride, and for an enum where its classes start in
  /// classPool (one entry per enum value: its coordinate) and how many of
  /// them are single values (the rest is the shared class).
  std::vector<int> slots, valueCount, radix, stride, classBase, exactClasses;
  std::vector<int> classPool;
  /// Per tuple index: whether it tracks text / number / money values; their
  /// constants are valuePool[classBase[i], classBase[i] + valueCount[i]).
  std::vector<bool> isValues;
  std::vector<sema::Constant> valuePool, constants;
  std::vector<int> lost_;
  /// Per enum, per value: compared against by some guard or `cond`.
  std::vector<std::vector<bool>> compared;
  std::vector<Code> code;
  std::vector<int> guardCode; // per Cfg::guards entry
};

/// A question about paths: "can (node, state) be reached from the start
/// step, and by which shortest path?" States are small integers; a query
/// says how a node's effects map a state to the states after it (none: the
/// path stops) and how an edge's guard filters or narrows a state.
class PathQuery {
public:
  virtual ~PathQuery() = default;
  int numStates = 1;
  llvm::SmallVector<int, 4> initial{0};
  /// (node, state) is reached for the first time, by a shortest path.
  virtual void visit(int node, int state, llvm::SmallVectorImpl<int> &after) = 0;
  /// The state after crossing `e`, or -1 when `e` cannot be taken in it.
  virtual int cross(const Edge &e, int state) { (void)e; return state; }
};

/// A PathQuery whose state is (own state, tuple of a FactSpace): the
/// query's own part `q` and the tuple `f` make the state q * F + f.
class FactQuery : public PathQuery {
public:
  /// `own`: the number of the query's own states; `ownInitial` its start.
  FactQuery(const FactSpace &fs, int own, llvm::ArrayRef<int> ownInitial) : fs(fs) {
    numStates = own * fs.numStates();
    initial.clear();
    for (int q : ownInitial)
      for (int f : fs.initial())
        initial.push_back(q * fs.numStates() + f);
  }
  int cross(const Edge &e, int state) final {
    int f = fs.cross(e, state % fs.numStates());
    return f < 0 ? -1 : crossOwn(e, own(state)) * fs.numStates() + f;
  }

protected:
  /// The query's own state after crossing `e` (by default unchanged).
  virtual int crossOwn(const Edge &e, int q) const { (void)e; return q; }
  int own(int state) const { return state / fs.numStates(); }
  int facts(int state) const { return state % fs.numStates(); }
  /// Appends (q, each tuple after `node` runs in tuple `f`).
  void applyFacts(int node, int q, int f, llvm::SmallVectorImpl<int> &after) const {
    size_t at = after.size();
    fs.apply(node, f, after);
    for (size_t i = at; i < after.size(); ++i)
      after[i] += q * fs.numStates();
  }
  const FactSpace &fs;
};

/// Runs queries by 0-1 BFS over node x state: moving to another step costs
/// 1, moving within a step 0, so paths are shortest in steps (ties go to the
/// edge written first). Linear in (nodes + edges) x states. One PathSearch
/// serves every query of a check: its cells are reused (stamped per run,
/// never cleared) and hold only a status and the parent link. They live in
/// pages made (zeroed) when a run first writes one: a query reaches a few
/// of the nodes x states it may use, and at 100k steps the whole table
/// (up to maxCells(), 400 MB) was zero-filled, half the check's time. The
/// cells of one state are together (state * nodes + node): a state holds
/// on a stretch of the flow, so a page is made only where it does (node
/// after node, each state's page was made wherever a node was reached in
/// any state: 245 of the 593 MB of a check of gen_flow.py's 100k steps).
class PathSearch {
public:
  /// `maxCells`: the most cells (nodes x states) a query may use
  /// (CheckOptions::pathCells).
  PathSearch(const Cfg &cfg, size_t maxCells) : cfg(cfg), maxCells_(maxCells) {}
  /// The most cells a query tried within a budget may span (runWithin):
  /// cell numbers fit 32 bits, and the table of pages stays 2 MB.
  static constexpr size_t kMaxWideCells = size_t(1) << 28;
  size_t maxCells() const { return maxCells_; }
  /// Returns false (and searches nothing) when nodes x states exceeds
  /// maxCells().
  bool run(PathQuery &q, int startNode) {
    return runWithin(q, startNode, maxCells_, SIZE_MAX) == Outcome::Done;
  }
  enum class Outcome {
    Done,       // every reachable (node, state) visited
    TooLarge,   // nodes x states exceeds the cap: nothing searched
    OverBudget, // given up after reaching `budget` cells: a partial search
  };
  /// run() over up to `cap` cells, given up once it has reached `budget`
  /// cells or made budget / 256 pages of them (a query tried over more
  /// states than maxCells() allows: it usually reaches few).
  Outcome runWithin(PathQuery &q, int startNode, size_t cap, size_t budget);
  /// The nodes of the shortest path to (node, state), start first, and the
  /// edges taken into each (nullptr for the first).
  void path(int node, int state, std::vector<int> &nodes, std::vector<const Edge *> &via) const;

private:
  uint32_t cellOf(int node, int state) const {
    return (uint32_t)((size_t)state * cfg.nodes.size() + (size_t)node);
  }
  struct Cell {
    uint32_t stamp = 0;      // epoch * 4 + status (see paths.cpp)
    uint32_t parentEdge = 0; // UINT32_MAX: a start cell
    uint32_t parentState = 0;
  };
  /// Cells by index (node * states + state), in pages of kPage.
  class Cells {
  public:
    static constexpr unsigned kShift = 10;
    static constexpr size_t kPage = size_t(1) << kShift;
    /// Makes room for `n` cells (the pages themselves come on first write).
    void grow(size_t n) {
      if (size_t want = (n + kPage - 1) >> kShift; want > pages_.size())
        pages_.resize(want);
    }
    /// The stamp of cell `i`; 0 (never seen) in a page not yet made.
    uint32_t stamp(size_t i) const {
      const std::unique_ptr<Cell[]> &p = pages_[i >> kShift];
      return p ? p[i & (kPage - 1)].stamp : 0;
    }
    /// Cell `i`, for writing: its page is made (zeroed) if need be.
    Cell &at(size_t i) {
      std::unique_ptr<Cell[]> &p = pages_[i >> kShift];
      if (!p) {
        p = std::make_unique<Cell[]>(kPage);
        ++made_;
      }
      return p[i & (kPage - 1)];
    }
    /// The pages made so far.
    size_t made() const { return made_; }
    /// Cell `i`, which a run has written.
    const Cell &get(size_t i) const { return pages_[i >> kShift][i & (kPage - 1)]; }
    void clearStamps() {
      for (std::unique_ptr<Cell[]> &p : pages_)
        if (p)
          for (size_t k = 0; k < kPage; ++k)
            p[k].stamp = 0;
    }

  private:
    std::vector<std::unique_ptr<Cell[]>> pages_;
    size_t made_ = 0;
  };
  const Cfg &cfg;
  size_t maxCells_;
  int states = 1;
  uint32_t epoch = 0;
  Cells cells;
  std::vector<uint32_t> layer, next;
};

} // namespace callflow::check
