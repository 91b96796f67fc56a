// checkProgram: runs the checker's passes in order (see checker.h).
#include "check/check.h"

#include "check/checker.h"

namespace callflow::check {

void Checker::run() {
  collectDecls();
  slotWritten.assign(p.slots.size(), false);
  slotRead.assign(p.slots.size(), false);
  applyAllows();
  checkDeclTypes();
  resolveBodies();
  buildCfg();
  analyseGraph();
  checkMaybeUnset();
  checkConditions();
  checkMoney();
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
