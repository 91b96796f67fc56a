// `flowc dump-ast FILE`: the syntax tree of each loaded file, as a stable
// text dump (used by file tests).
#include "commands.h"
#include "common.h"

#include "ast/dump.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
cl::SubCommand Cmd("dump-ast", "Print the syntax tree of a flow file");
cl::opt<std::string> Input(cl::Positional, cl::sub(Cmd), cl::desc("<file.flow>"), cl::Required);
cl::opt<bool> WithImports("imports", cl::sub(Cmd), cl::desc("Also dump imported files"));
} // namespace

cl::SubCommand &dumpAstCommand() { return Cmd; }

int runDumpAst() {
  bool ok = true;
  callflow::driver::CompileOptions opts = compileOptions(ok);
  if (!ok)
    return kExitUsage;
  callflow::driver::Compilation c(opts);
  if (!c.load(Input)) {
    printDiagnostics(c);
    return kExitUsage;
  }
  for (const callflow::ast::File *f : c.files()) {
    callflow::ast::dumpAst(*f, c.sourceMgr(), llvm::outs());
    if (!WithImports)
      break;
  }
  printDiagnostics(c);
  return c.diags().hasErrors() ? kExitFindings : kExitClean;
}

} // namespace flowc
