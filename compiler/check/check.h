// The checker's entry point: resolves names, checks types, builds the step
// graph and proves the properties listed in the language contract
// ("What the compiler must prove"), reporting through the DiagnosticEngine.
//
// Warning control: warnings come from kinds.def and obey the engine's
// -W/-Wno/-Werror options. `@allow(flag, ...)` on a step suppresses those
// warnings inside the step (an unknown flag is W0016).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ast/ast.h"
#include "check/sema.h"
#include "diag/diagnostic.h"
#include "llvm/ADT/ArrayRef.h"

namespace llvm {
class SourceMgr;
}

namespace callflow::check {

struct CheckOptions {
  /// Upper bound on the tuples of known values one path query tracks (the
  /// product, over the enum/bool fields it tracks, of their coordinates:
  /// unset, each value some test names, any other value). It shrinks to fit
  /// pathCells in large flows (but see wideConditionCells). A condition's own
  /// fields are tracked first, then those the flow's `if`s test. Past it:
  /// a `required when` is still checked, unknown over the fields left out
  /// (a report then says it could not prove the condition false); a `rule`
  /// is proved only where the tracked fields decide it, with a warning
  /// (W0314); and a counterexample that branches on a field left out says
  /// that it may be infeasible. docs/language.md, "Limits".
  unsigned maxConditionStates = 16384;
  /// The cells (statements x tuples) one path query may hold: 2^25, 400 MB
  /// at most. The tuples shrink to fit them in a large flow.
  size_t pathCells = size_t(1) << 25;
  /// In a flow too large for a `required when`'s or rule's tuples to fit
  /// pathCells, its search is first tried with the tuples that fit
  /// maxConditionStates alone (up to 2^28 cells), and given up once it has
  /// reached this many (statement, tuple) cells: most conditions are
  /// decided on a small part of a large flow, and then the fields that
  /// would have been left out are tracked too (faster, and no false
  /// alarm). A search given up is run again within pathCells; after one
  /// such, the check's other conditions are not tried wide. 0: never.
  size_t wideConditionCells = size_t(1) << 20;
  /// When set, receives the CPU time of each pass in seconds, of the
  /// thread that ran it (benchmarks).
  std::vector<std::pair<std::string, double>> *phaseTimes = nullptr;
  /// A large flow's prices in lines may be checked on a thread of their
  /// own, beside the path searches (the output is the same either way).
  bool threads = true;
  /// A large flow's names and types may be resolved on two threads, half
  /// of the steps each (the output is the same either way). It runs before
  /// codegen starts beside the checker (afterResolution), so it takes no
  /// thread from it.
  bool namesAside = true;
  /// Called once names and types are resolved, when the check has reported
  /// no error so far. From then on the passes that follow (the statement
  /// and step graphs, required fields, conditions, money) add diagnostics
  /// and write only Program::edges, canEnd, reachable, inTrapLoop,
  /// trapLoops and, at the end, clean: every other part of the Program,
  /// and the AST, may be read on another thread until checkProgram returns
  /// (codegen::checkAndGenerate generates the bytecode meanwhile).
  std::function<void(const sema::Program &)> afterResolution;
};

/// `files`: the root file first, then every imported file, each once (the
/// driver resolves imports). Always returns a Program (printers want it even
/// with errors); Program::clean says whether no error was reported.
std::unique_ptr<sema::Program> checkProgram(llvm::ArrayRef<const ast::File *> files,
                                            const llvm::SourceMgr &sm,
                                            diag::DiagnosticEngine &diags,
                                            const CheckOptions &opts = {});

} // namespace callflow::check
