// checkProgram: runs the checker's passes in order (see checker.h).
#include "check/check.h"

#include <chrono>

#include "check/checker.h"

namespace callflow::check {

void Checker::run() {
  auto last = std::chrono::steady_clock::now();
  auto phase = [&](const char *name) {
    if (!opts.phaseTimes)
      return;
    auto now = std::chrono::steady_clock::now();
    opts.phaseTimes->push_back({name, std::chrono::duration<double>(now - last).count()});
    last = now;
  };
  collectDecls();
  slotWritten.assign(p.slots.size(), false);
  slotRead.assign(p.slots.size(), false);
  applyAllows();
  checkDeclTypes();
  phase("declarations");
  resolveBodies();
  phase("names and types");
  buildCfg();
  phase("statement graph");
  analyseGraph();
  phase("step graph");
  checkMaybeUnset();
  phase("required fields and reads");
  checkConditions();
  phase("required-when and rules");
  checkMoney();
  phase("money");
}

std::unique_ptr<sema::Program> checkProgram(llvm::ArrayRef<const ast::File *> files,
                                            const llvm::SourceMgr &sm,
                                            diag::DiagnosticEngine &diags,
                                            const CheckOptions &opts) {
  auto program = std::make_unique<sema::Program>();
  unsigned errorsBefore = diags.errorCount();
  Checker checker(files, sm, diags, opts, *program);
  checker.run();
  program->clean = diags.errorCount() == errorsBefore;
  return program;
}

} // namespace callflow::check
