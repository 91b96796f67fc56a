// `flowc fix [--dry-run] FILE...`: check flows and apply every fix-it the
// check gives (lint/fixits.h), in place, each file written whole or not at
// all. `--dry-run` changes nothing and prints the edits as a unified diff.
// A file the flows import is fixed too (once, when several flows import
// it). Exit 0 when every error had a fix-it that was applied, 1 when some
// error is left (flowc check shows it), 2 usage or I/O error.
#include "commands.h"
#include "common.h"

#include <set>

#include "format/unified_diff.h"
#include "lint/fixits.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
cl::SubCommand Cmd("fix", "Apply the fix-its of the check ('did you mean' corrections) to the "
                          "files, in place (--dry-run: print them as a diff)");
cl::list<std::string> Inputs(cl::Positional, cl::sub(Cmd), cl::desc("<file.flow>..."),
                             cl::OneOrMore);
cl::opt<bool> DryRun("dry-run", cl::sub(Cmd),
                     cl::desc("Change nothing; print the edits as a unified diff"));
} // namespace

cl::SubCommand &fixCommand() { return Cmd; }

int runFix() {
  bool ok = true;
  callflow::driver::CompileOptions opts = compileOptions(ok);
  if (!ok)
    return kExitUsage;
  bool dupFailed = false;
  std::vector<std::string> inputs =
      uniqueInputs(std::vector<std::string>(Inputs.begin(), Inputs.end()), opts.warnings, dupFailed);
  std::set<std::string> done; // files fixed already (an import of two flows)
  bool ioFailed = false, unfixed = false;
  unsigned applied = 0, files = 0;
  for (const std::string &in : inputs) {
    callflow::driver::Compilation c(opts);
    if (c.load(in))
      c.check();
    ioFailed |= c.ioFailed();
    unsigned left = 0;
    std::vector<callflow::lint::FixedFile> fixedFiles =
        callflow::lint::applyFixIts(c.sourceMgr(), c.diags().diagnostics(), &left);
    unfixed |= left != 0;
    for (callflow::lint::FixedFile &f : fixedFiles) {
      if (!done.insert(f.path).second || f.after == f.before)
        continue;
      applied += f.applied;
      ++files;
      if (f.skipped)
        llvm::errs() << f.path << ": " << f.skipped
                     << (f.skipped == 1 ? " fix-it overlaps" : " fix-its overlap")
                     << " another and was left out; run 'flowc fix' again\n";
      if (DryRun)
        llvm::outs() << callflow::format::unifiedDiff(f.before, f.after, "a/" + f.path,
                                                    "b/" + f.path);
      else if (!writeOutput(f.path, f.after))
        ioFailed = true;
    }
  }
  if (unfixed) {
    llvm::errs() << "flowc fix: errors remain that no fix-it applied fixes; 'flowc check' "
                    "shows them (after a syntax error, run 'flowc fix' again)\n";
  }
  if (applied)
    llvm::errs() << "flowc fix: " << (DryRun ? "would apply " : "applied ") << applied
                 << (applied == 1 ? " fix-it" : " fix-its") << " in " << files
                 << (files == 1 ? " file" : " files") << "\n";
  if (ioFailed)
    return kExitUsage;
  return unfixed || dupFailed ? kExitFindings : kExitClean;
}

} // namespace flowc
