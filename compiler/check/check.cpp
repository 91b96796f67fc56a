// checkProgram: runs the checker's passes in order (see checker.h).
#include "check/check.h"

#include <time.h>

#include <optional>

#include "check/checker.h"
#include "support/aside.h"

namespace callflow::check {

double threadSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

void Checker::run() {
  const unsigned errorsAtStart = diags.errorCount();
  double last = opts.phaseTimes ? threadSeconds() : 0;
  auto phase = [&](const char *name) {
    if (!opts.phaseTimes)
      return;
    double now = threadSeconds();
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
  // Prices in lines need only the statement graph: in a large flow they
  // are checked on a second thread while the step graph and the path
  // searches are made here, into an engine of their own whose diagnostics
  // then follow the searches', as they would one after the other (same
  // output, same limits). They read the program's declarations and charges
  // and the statement graph, none of which changes from here on.
  Charged charged;
  std::optional<diag::DiagnosticEngine> priceDiags;
  if (opts.threads && cfg.nodes.size() >= kPriceLinesAsideNodes)
    priceDiags.emplace(diags.fork());
  double pricesSeconds = 0;
  Aside prices;
  const bool aside = priceDiags && prices.start([&] {
    const double t0 = opts.phaseTimes ? threadSeconds() : 0;
    charged = checkPriceLines(*priceDiags);
    pricesSeconds = opts.phaseTimes ? threadSeconds() - t0 : 0;
  });
  analyseGraph();
  phase("step graph");
  setUpPathSearch();
  checkLiveTrapLoops();
  checkMaybeUnset();
  phase("required fields and reads");
  checkConditions();
  phase("required-when and rules");
  if (aside) {
    prices.join();
    diags.append(std::move(*priceDiags));
    if (opts.phaseTimes)
      opts.phaseTimes->push_back({"prices in lines (aside)", pricesSeconds});
  } else {
    charged = checkPriceLines(diags);
    phase("prices in lines");
  }
  checkMoneyOnPaths(charged);
  phase("money on paths");
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
