// `flowc check PATH...`: parse and check flows, print every problem. A
// directory stands for the flows under it (lint's search: files ending in
// .flow that declare `flow`, hidden and .flowconfig-excluded paths skipped);
// a file named explicitly is checked as given.
// `--verify-diagnostics` instead compares them with the `expected-*`
// comments in the files (the file-test mode).
#include "commands.h"
#include "common.h"

#include <set>
#include <string>

#include "diag/render.h"
#include "diag/verify.h"
#include "lint/runner.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
cl::SubCommand Cmd("check", "Check flows and report every problem (exit 0 clean, 1 errors, "
                            "2 usage or I/O)");
cl::list<std::string> Inputs(cl::Positional, cl::sub(Cmd), cl::desc("<file.flow | dir>..."),
                             cl::OneOrMore);
cl::opt<bool> Verify("verify-diagnostics", cl::sub(Cmd),
                     cl::desc("Compare diagnostics with the expected-error/warning/note "
                              "comments in the files instead of printing them"));
cl::opt<bool> Quiet("quiet", cl::sub(Cmd), cl::desc("Print no summary line"));

/// The inputs with each directory replaced by the flows under it (sorted):
/// the files lint's search finds there that declare `flow` (a file of
/// shared declarations is checked through the flows that import it).
/// Files are kept as given. Problems reading a directory go to `errors`.
std::vector<std::string> expandDirectories(const std::vector<std::string> &inputs,
                                           const std::vector<std::string> &exclude,
                                           std::vector<std::string> &errors) {
  std::vector<std::string> out;
  for (const std::string &in : inputs) {
    if (!llvm::sys::fs::is_directory(in)) {
      out.push_back(in);
      continue;
    }
    const size_t before = out.size(), errorsBefore = errors.size();
    for (const std::string &f : callflow::lint::findFlowFiles({in}, exclude, errors)) {
      auto buf = llvm::MemoryBuffer::getFile(f);
      if (!buf) {
        errors.push_back("cannot read '" + f + "': " + buf.getError().message());
        continue;
      }
      if (callflow::lint::outlineFlow((*buf)->getBuffer()).hasFlow)
        out.push_back(f);
    }
    if (out.size() == before && errors.size() == errorsBefore)
      errors.push_back("no flow under '" + in + "' (no .flow file there declares 'flow')");
  }
  return out;
}
} // namespace

cl::SubCommand &checkCommand() { return Cmd; }

int runCheck() {
  Project project;
  if (!loadProject(project))
    return kExitUsage;
  const callflow::driver::CompileOptions &opts = project.compile;
  std::vector<std::string> dirErrors;
  std::vector<std::string> expanded = expandDirectories(
      std::vector<std::string>(Inputs.begin(), Inputs.end()), project.config.exclude, dirErrors);
  for (const std::string &e : dirErrors)
    llvm::WithColor::error(llvm::errs(), "flowc") << e << "\n";
  bool dupFailed = false;
  std::vector<std::string> inputs = uniqueInputs(expanded, opts.warnings, dupFailed);
  unsigned errors = 0, warnings = 0;
  // The files the diagnostics are in (a flow's imports included), for the
  // summary; a diagnostic without a location counts for its input.
  std::set<std::string> filesWithDiags;
  bool ioFailed = !dirErrors.empty(), verifyFailed = false;
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
