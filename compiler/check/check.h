// The checker's entry point: resolves names, checks types, builds the step
// graph and proves the properties listed in the language contract
// ("What the compiler must prove"), reporting through the DiagnosticEngine.
//
// Warning control: warnings come from kinds.def and obey the engine's
// -W/-Wno/-Werror options. `@allow(flag, ...)` on a step suppresses those
// warnings inside the step (an unknown flag is W0016).
#pragma once

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
  /// Upper bound on the abstract states tracked for one `required when`
  /// condition or `rule` (the product of the domains of the enum/bool
  /// fields it reads). Beyond it the condition is not proved statically
  /// (the runtime still checks it).
  unsigned maxConditionStates = 4096;
  /// When set, receives the user CPU time of each pass in seconds
  /// (benchmarks).
  std::vector<std::pair<std::string, double>> *phaseTimes = nullptr;
};

/// `files`: the root file first, then every imported file, each once (the
/// driver resolves imports). Always returns a Program (printers want it even
/// with errors); Program::clean says whether no error was reported.
std::unique_ptr<sema::Program> checkProgram(llvm::ArrayRef<const ast::File *> files,
                                            const llvm::SourceMgr &sm,
                                            diag::DiagnosticEngine &diags,
                                            const CheckOptions &opts = {});

} // namespace callflow::check
