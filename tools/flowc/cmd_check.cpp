// `flowc check FILE...`: parse and check flows, print every problem.
// `--verify-diagnostics` instead compares them with the `expected-*`
// comments in the files (the file-test mode).
#include "commands.h"
#include "common.h"

#include <set>
#include <string>

#include "diag/render.h"
#include "diag/verify.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
cl::SubCommand Cmd("check", "Check flows and report every problem (exit 0 clean, 1 errors, "
                            "2 usage or I/O)");
cl::list<std::string> Inputs(cl::Positional, cl::sub(Cmd), cl::desc("<file.flow>..."),
                             cl::OneOrMore);
cl::opt<bool> Verify("verify-diagnostics", cl::sub(Cmd),
                     cl::desc("Compare diagnostics with the expected-error/warning/note "
                              "comments in the files instead of printing them"));
cl::opt<bool> Quiet("quiet", cl::sub(Cmd), cl::desc("Print no summary line"));
} // namespace

cl::SubCommand &checkCommand() { return Cmd; }

int runCheck() {
  bool ok = true;
  callflow::driver::CompileOptions opts = compileOptions(ok);
  if (!ok)
    return kExitUsage;
  bool dupFailed = false;
  std::vector<std::string> inputs =
      uniqueInputs(std::vector<std::string>(Inputs.begin(), Inputs.end()), opts.warnings, dupFailed);
  unsigned errors = 0, warnings = 0;
  // The files the diagnostics are in (a flow's imports included), for the
  // summary; a diagnostic without a location counts for its input.
  std::set<std::string> filesWithDiags;
  bool ioFailed = false, verifyFailed = false;
  for (const std::string &in : inputs) {
    callflow::driver::Compilation c(opts);
    if (c.load(in))
      c.check();
    ioFailed |= c.ioFailed();
    errors += c.diags().errorCount();
    warnings += c.diags().warningCount();
    const llvm::SourceMgr &sm = c.sourceMgr();
    for (const callflow::diag::Diagnostic &d : c.diags().diagnostics()) {
      unsigned buf = d.range.Start.isValid() ? sm.FindBufferContainingLoc(d.range.Start) : 0;
      filesWithDiags.insert(buf ? sm.getMemoryBuffer(buf)->getBufferIdentifier().str() : in);
    }
    if (!Verify) {
      printDiagnostics(c);
      continue;
    }
    callflow::diag::VerifyResult r = callflow::diag::verifyDiagnostics(c.diags(), c.bufferIds());
    if (!r.ok) {
      verifyFailed = true;
      for (const std::string &p : r.problems)
        llvm::errs() << p << "\n";
    }
  }
  if (Verify)
    return verifyFailed || ioFailed ? kExitFindings : kExitClean;
  if (!Quiet && (errors || warnings))
    llvm::errs() << callflow::diag::summarize(errors, warnings) << " in " << filesWithDiags.size()
                 << (filesWithDiags.size() == 1 ? " file" : " files") << "\n";
  if (ioFailed)
    return kExitUsage;
  return errors || dupFailed ? kExitFindings : kExitClean;
}

} // namespace flowc
