// Internal to compiler/check: the state shared by the checker's passes.
//
// Passes, in order (check.cpp runs them):
//   resolve.cpp     tables of declarations, duplicates, name resolution
//   types.cpp       expression types, conditions, literals, patterns
//   cfg.cpp         lowering steps into a graph of statement nodes
//   graph.cpp       step graph: reachability, run-off-end, trap loops
//   paths.cpp       path queries (0-1 BFS over nodes x small state spaces)
//   dataflow.cpp    required fields, read-before-set, placeholders, roles
//   conditions.cpp  `required when` and `rule`s over tuples of enum facts
//   money.cpp       charges, invoices, payments, prices in lines
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "callflow/pattern.h"
#include "check/check.h"
#include "check/sema.h"
#include "diag/diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/SourceMgr.h"

namespace callflow::check {

/// A node of the statement graph: a step's entry, or one statement.
struct Node {
  enum class Kind : uint8_t { StepEntry, Stmt, ArmTest, Join };
  Kind kind = Kind::Stmt;
  bool terminal = false; // `end`, `transfer`, `take payment` with no else
  /// The statement's kind, copied so path queries need not touch the AST.
  ast::Stmt::Kind stmtKind = ast::Stmt::Kind::Say;
  int step = -1;
  const ast::Stmt *stmt = nullptr; // Kind::Stmt
  const ast::Expr *test = nullptr; // Kind::ArmTest: an `else if` condition
  uint32_t firstEdge = 0, numEdges = 0;
};

struct Edge {
  enum class Kind : uint8_t { Seq, Goto, Option, IfThen, IfElse, Declined };
  int to = -1;
  Kind kind = Kind::Seq;
  bool positive = true;              // guard polarity
  const ast::Expr *guard = nullptr;  // a condition that holds on this edge
  const ast::Text *label = nullptr;  // option label
};

/// A fact that a node may set or read: a slot, "form f was created"
/// (`{F.number}`), or "an invoice was made" (`{invoice.total}`).
struct Read {
  int fact = -1;
  llvm::SMRange range;
  enum class Kind : uint8_t { Expr, Placeholder, Required } kind = Kind::Expr;
};

struct Cfg {
  std::vector<Node> nodes;
  std::vector<Edge> edges; // CSR by Node::firstEdge
  std::vector<int> stepEntry; // per step
  // Facts set / read per node, CSR.
  std::vector<uint32_t> setBegin, readBegin; // size nodes+1
  std::vector<int> sets;
  std::vector<Read> reads;
};

class Checker {
public:
  Checker(llvm::ArrayRef<const ast::File *> files, const llvm::SourceMgr &sm,
          diag::DiagnosticEngine &diags, const CheckOptions &opts, sema::Program &p)
      : files(files), sm(sm), diags(diags), opts(opts), p(p) {}

  void run();

  // resolve.cpp
  void collectDecls();
  void resolveBodies();
  void resolveStepName(const ast::Name &n);
  sema::Symbol resolveQual(const ast::QualName &q, int formScope, bool reportErrors);
  void resolveText(const ast::Text &t);
  void suggest(diag::DiagBuilder &b, llvm::StringRef name, llvm::ArrayRef<std::string> candidates);
  void applyAllows();

  // types.cpp
  sema::Type typeExpr(const ast::Expr *e, int formScope, sema::Type expected);
  void checkCondition(const ast::Expr *e, int formScope);
  void checkAssign(const ast::QualName &target, const ast::Expr *value, llvm::SMRange at);
  void checkTypesInBodies();
  void checkDeclTypes();
  bool patternMatches(const sema::FieldInfo &f, llvm::StringRef value, std::string *err);

  // cfg.cpp
  void buildCfg();
  // graph.cpp
  void analyseGraph();
  // dataflow.cpp
  void checkMaybeUnset();
  // conditions.cpp
  void checkConditions();
  // money.cpp
  void checkMoney();

  // helpers
  int numFacts() const { return (int)p.slots.size() + (int)p.forms.size() + 1; }
  int factOfFormNumber(int f) const { return (int)p.slots.size() + f; }
  int factInvoice() const { return (int)p.slots.size() + (int)p.forms.size(); }
  std::string factName(int fact) const;
  /// "path: D-2-1 → D-2-3 (option "No") → D-2-4" from a node sequence.
  std::string formatPath(const std::vector<int> &nodes, const std::vector<const Edge *> &via) const;
  std::string stepName(int step) const { return p.steps[step].id; }
  std::string textOf(const ast::Text &t) const { return t.str(); }

  llvm::ArrayRef<const ast::File *> files;
  const llvm::SourceMgr &sm;
  diag::DiagnosticEngine &diags;
  const CheckOptions &opts;
  sema::Program &p;
  Cfg cfg;
  std::vector<bool> slotWritten, slotRead; // for field roles
  llvm::StringMap<std::variant<Pattern, PatternError>> patterns; // compiled once
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

/// Runs queries by 0-1 BFS over node x state: moving to another step costs
/// 1, moving within a step 0, so paths are shortest in steps. Linear in
/// (nodes + edges) x states. The buffers are reused between queries.
class PathSearch {
public:
  explicit PathSearch(const Cfg &cfg) : cfg(cfg) {}
  /// Returns false (and searches nothing) when nodes x states exceeds
  /// `maxCells`.
  bool run(PathQuery &q, int startNode, size_t maxCells = size_t(1) << 27);
  /// The nodes of the shortest path to (node, state), start first, and the
  /// edges taken into each (nullptr for the first).
  void path(int node, int state, std::vector<int> &nodes, std::vector<const Edge *> &via) const;

private:
  const Cfg &cfg;
  int states = 1;
  std::vector<uint32_t> dist;
  std::vector<uint32_t> parentEdge; // edge index into the cell, UINT32_MAX: root
  std::vector<uint32_t> parentCell;
};

} // namespace callflow::check
