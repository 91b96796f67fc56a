// Codegen: compiles a checked flow (sema::Program over its AST) to bytecode
// through the runtime's ProgramBuilder. Only a program that checked clean
// is compiled; the result always passes the runtime's verifier.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "check/sema.h"
#include "llvm/Support/SourceMgr.h"

namespace callflow::codegen {

struct Options {
  bool debugInfo = true; // the DEBUG table (code offsets -> file:line)
  /// File names recorded in the bytecode (the source file, the DEBUG
  /// table) are relative to this directory, normally the project root, so
  /// that the same flow compiles to the same bytes wherever the checkout
  /// lives. Empty: the directory of the main file.
  std::string pathBase;
  /// False: compile without looking at Program::clean, for a caller that
  /// runs codegen while the checker's last passes still run and keeps the
  /// bytes only when the program turns out clean (checkAndGenerate). The
  /// program's names and types must be resolved without error.
  bool requireClean = true;
  /// True: format 5 (docs/bytecode.md §8); false: the oldest of formats 2
  /// to 4 that holds the program, for a runtime that reads only those.
  bool compact = true;
  /// When >= 0, the call starts at this step (an index of Program::steps)
  /// instead of the flow's `start`: the designer's workbench (`flowc serve`)
  /// tries a call from any step. -1: the flow's own start step.
  int startStep = -1;
};

struct Result {
  std::vector<uint8_t> bytes;
  std::string error; // empty on success
  llvm::SMRange errorRange{}; // where in the source the error is, when known
  explicit operator bool() const { return error.empty(); }
};

/// Compiles `program`. `sm` holds the buffers the AST was parsed from (for
/// line numbers and file names).
Result generate(const sema::Program &program, const llvm::SourceMgr &sm, const Options &options = {});

} // namespace callflow::codegen
