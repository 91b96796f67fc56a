// checkProgram: runs the checker's passes in order (see checker.h).
#include "check/check.h"

#include <sys/resource.h>

#include "check/checker.h"

namespace callflow::check {

void Checker::run() {
  // User CPU time of this process (the machine may be shared and busy).
  auto userSeconds = [] {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
  };
  const unsigned errorsAtStart = diags.errorCount();
  double last = opts.phaseTimes ? userSeconds() : 0;
  auto phase = [&](const char *name) {
    if (!opts.phaseTimes)
      return;
    double now = userSeconds();
    opts.phaseTimes->push_back({name, now - last});
    last = now;
  };
  collectDecls();
  slotWritten.assign(p.slots.size(), false);
  slotRead.assign(p.slots.size(), false);
  applyAllows();
  checkDeclTypes();
  checkFormatLimits();
  checkControlCharacters();
  phase("declarations");
  resolveBodies();
  phase("names and types");
  if (opts.afterResolution && diags.errorCount() == errorsAtStart)
    opts.afterResolution(p);
  buildCfg();
  phase("statement graph");
  analyseGraph();
  phase("step graph");
  setUpPathSearch();
  checkLiveTrapLoops();
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
  // A file refused before parsing has unknown declarations: checking the
  // rest would only report what it defines as missing (and a main file
  // without its `flow`). Its refusal is the error.
  for (const ast::File *f : files)
    if (f->unparsed) {
      program->clean = false;
      return program;
    }
  unsigned errorsBefore = diags.errorCount();
  Checker checker(files, sm, diags, opts, *program);
  checker.run();
  program->clean = diags.errorCount() == errorsBefore;
  return program;
}

} // namespace callflow::check
