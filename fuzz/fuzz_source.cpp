// Fuzz entry for the compiler front end and codegen (see fuzz_targets.h).
#include <cstdio>
#include <cstdlib>

#include "callflow/runtime.h"
#include "check/sema.h"
#include "codegen/codegen.h"
#include "drive_session.h"
#include "driver/compilation.h"
#include "fuzz_targets.h"
#include "llvm/Support/MemoryBuffer.h"

namespace callflow::fuzz {

int fuzzSource(const uint8_t *data, size_t size) {
  driver::CompileOptions opts;
  // Imports may not leave this (absent) directory, so no input reads files.
  opts.projectRoot = "/nonexistent/callflow-fuzz-root";
  opts.errorLimit = 50;
  driver::Compilation comp(opts);
  comp.loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.flow"));
  const sema::Program *program = comp.check();
  if (!program || comp.diags().hasErrors() || !program->clean)
    return 0;
  codegen::Result r = codegen::generate(*program, comp.sourceMgr());
  if (!r) {
    std::fprintf(stderr, "a clean program failed to compile: %s\n", r.error.c_str());
    std::abort();
  }
  Loaded l = Program::load(r.bytes);
  if (!l) {
    std::fprintf(stderr, "codegen output rejected by the verifier: %s\n", l.error.str().c_str());
    std::abort();
  }
  driveSession(*l.program, std::span<const uint8_t>(data, size), 2048);
  return 0;
}

} // namespace callflow::fuzz
