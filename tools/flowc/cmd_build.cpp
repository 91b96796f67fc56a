// `flowc build FILE.flow -o FILE.flowc`: compile a flow that checks clean to
// verified bytecode. Diagnostics are printed as `flowc check` prints them;
// a flow with errors is not compiled (exit 1).
#include "commands.h"
#include "common.h"

#include "callflow/verifier.h"
#include "codegen/compile_file.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
cl::SubCommand Cmd("build", "Compile a flow to bytecode (exit 0 built, 1 errors, 2 usage or I/O)");
cl::opt<std::string> Input(cl::Positional, cl::sub(Cmd), cl::desc("<file.flow>"), cl::Required);
cl::opt<std::string> Output("o", cl::sub(Cmd), cl::desc("Write the bytecode to FILE (default: the input "
                                                         "with .flowc for .flow)"),
                            cl::value_desc("FILE"));
cl::opt<bool> Stats("stats", cl::sub(Cmd), cl::desc("Print source and bytecode sizes and their ratio"));
} // namespace

cl::SubCommand &buildCommand() { return Cmd; }

int runBuild() {
  bool ok = true;
  callflow::driver::CompileOptions opts = compileOptions(ok);
  if (!ok)
    return kExitUsage;
  callflow::codegen::CompiledFile cf = callflow::codegen::compileFile(Input, opts, llvm::errs(), useColor());
  using S = callflow::codegen::CompiledFile::Status;
  if (cf.status != S::Ok) {
    llvm::WithColor::error(llvm::errs(), "flowc") << cf.error << "\n";
    return cf.status == S::Unreadable ? kExitUsage : kExitFindings;
  }
  if (auto bad = callflow::verifyBytecode(cf.bytes)) { // never write what a loader would reject
    llvm::WithColor::error(llvm::errs(), "flowc") << "internal: the bytecode does not verify: " << bad->str() << "\n";
    return kExitFindings;
  }
  std::string out = Output;
  if (out.empty())
    out = llvm::StringRef(Input).endswith(".flow") ? Input + "c" : Input + ".flowc";
  // Written like every output (driver/files.h): never over the input, a
  // write error (full disk) is exit 2 and leaves no temporary file.
  llvm::StringRef bytes(reinterpret_cast<const char *>(cf.bytes.data()), cf.bytes.size());
  std::vector<std::string> inputs = cf.files;
  inputs.push_back(Input);
  if (!writeOutput(out, bytes, inputs))
    return kExitUsage;
  if (Stats)
    llvm::outs() << out << ": " << cf.bytes.size() << " bytes of bytecode from " << cf.sourceBytes
                 << " bytes of source (" << llvm::format("%.2f", double(cf.bytes.size()) / double(cf.sourceBytes))
                 << "x)\n";
  return kExitClean;
}

} // namespace flowc
