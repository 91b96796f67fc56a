// `flowc disasm FILE`: a readable listing of a flow's bytecode (tables,
// expressions, then the code step by step with strings inline and source
// lines). FILE is a .flow (compiled first) or a compiled file (loaded and
// verified; a rejected file is reported with what is wrong and where).
#include "commands.h"
#include "common.h"

#include "callflow/runtime.h"
#include "codegen/compile_file.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
cl::SubCommand Cmd("disasm", "List a flow's bytecode: a .flow is compiled first, a .flowc loaded and "
                             "verified (exit 0, 1 errors or rejected, 2 usage or I/O)");
cl::opt<std::string> Input(cl::Positional, cl::sub(Cmd), cl::desc("<file.flow | file.flowc>"), cl::Required);
cl::opt<bool> NoTables("no-tables", cl::sub(Cmd), cl::desc("Leave out the enum, slot, form, item and section tables"));
cl::opt<bool> NoOffsets("no-offsets", cl::sub(Cmd), cl::desc("Leave out code offsets"));
cl::opt<bool> NoLines("no-lines", cl::sub(Cmd), cl::desc("Leave out the source lines"));
} // namespace

cl::SubCommand &disasmCommand() { return Cmd; }

int runDisasm() {
  std::vector<uint8_t> bytes;
  if (llvm::StringRef(Input).endswith(".flow")) {
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
    bytes = std::move(cf.bytes);
  } else {
    auto buf = llvm::MemoryBuffer::getFile(Input, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!buf) {
      llvm::WithColor::error(llvm::errs(), "flowc") << "cannot read '" << Input << "': "
                                                    << buf.getError().message() << "\n";
      return kExitUsage;
    }
    llvm::StringRef b = (*buf)->getBuffer();
    bytes.assign(b.bytes_begin(), b.bytes_end());
  }
  callflow::Loaded loaded = callflow::Program::load(bytes);
  if (!loaded) {
    llvm::WithColor::error(llvm::errs(), "flowc") << "'" << Input << "' was rejected: " << loaded.error.str() << "\n";
    return kExitFindings;
  }
  callflow::DisasmOptions o;
  o.tables = !NoTables;
  o.offsets = !NoOffsets;
  o.lines = !NoLines;
  llvm::outs() << callflow::disassemble(*loaded.program, o);
  return kExitClean;
}

} // namespace flowc
