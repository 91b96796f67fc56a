// `flowc build FILE.flow -o FILE.flowc`: compile a flow that checks clean to
// verified bytecode. Diagnostics are printed as `flowc check` prints them;
// a flow with errors is not compiled (exit 1).
#include "commands.h"
#include "common.h"

#include <optional>
#include <system_error>
#include <thread>

#include "callflow/verifier.h"
#include "codegen/compile_file.h"
#include "support/aside.h"
#include "llvm/Support/BuryPointer.h"
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
  // The process ends right after this command: the compilation (AST,
  // sources, checked program) is buried, not freed node by node (clang's
  // -disable-free); it stays reachable, so leak checkers stay quiet.
  std::unique_ptr<callflow::driver::Compilation> compilation;
  callflow::codegen::CompiledFile cf =
      callflow::codegen::compileFile(Input, opts, llvm::errs(), useColor(), &compilation);
  llvm::BuryPointer(std::move(compilation));
  using S = callflow::codegen::CompiledFile::Status;
  if (cf.status != S::Ok) {
    llvm::WithColor::error(llvm::errs(), "flowc") << cf.error << "\n";
    return cf.status == S::Unreadable ? kExitUsage : kExitFindings;
  }
  std::string out = Output;
  if (out.empty())
    out = llvm::StringRef(Input).endswith(".flow") ? Input + "c" : Input + ".flowc";
  // Never write what a loader would reject: the verifier runs on a second
  // thread while the bytes go to a temporary file, and the file replaces
  // the output only once the verifier has passed them. A large CODE
  // section it verifies in two halves at once (a third thread: the write
  // is done long before).
  std::optional<callflow::LoadError> bad;
  std::thread verifier;
  try {
    verifier = std::thread([&] { bad = callflow::verifyBytecode(cf.bytes, callflow::runBoth); });
  } catch (const std::system_error &) {
    bad = callflow::verifyBytecode(cf.bytes, callflow::runBoth); // no thread to be had
  }
  bool joined = false;
  auto joinVerifier = [&]() -> std::string {
    joined = true;
    if (verifier.joinable())
      verifier.join();
    return bad ? "internal: the bytecode does not verify: " + bad->str() : "";
  };
  // Written like every output (driver/files.h): never over the input, a
  // write error (full disk) is exit 2 and leaves no temporary file.
  llvm::StringRef bytes(reinterpret_cast<const char *>(cf.bytes.data()), cf.bytes.size());
  std::vector<std::string> inputs = cf.files;
  inputs.push_back(Input);
  bool written = writeOutput(out, bytes, inputs, joinVerifier);
  if (!joined) // the output was refused before the bytes were written
    if (std::string why = joinVerifier(); !why.empty())
      llvm::WithColor::error(llvm::errs(), "flowc") << why << "\n";
  if (bad)
    return kExitFindings;
  if (!written)
    return kExitUsage;
  if (Stats)
    llvm::outs() << out << ": " << cf.bytes.size() << " bytes of bytecode from " << cf.sourceBytes
                 << " bytes of source (" << llvm::format("%.2f", double(cf.bytes.size()) / double(cf.sourceBytes))
                 << "x)\n";
  return kExitClean;
}

} // namespace flowc
