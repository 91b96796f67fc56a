// The whole way from a .flow file to verified bytecode, shared by
// `flowc build`, `flowc disasm` and `flowrun`: load (with imports), check,
// and only when the flow checks clean, generate bytecode. Diagnostics are
// rendered to the stream the caller gives.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "codegen/codegen.h"
#include "driver/compilation.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::codegen {

struct CompiledFile {
  enum class Status { Ok, Unreadable, HasErrors, CodegenFailed };
  Status status = Status::Ok;
  std::vector<uint8_t> bytes;
  uint64_t sourceBytes = 0; // the root file and everything it imports
  std::vector<std::string> files; // their paths (when the flow checked clean)
  unsigned errors = 0, warnings = 0;
  std::string error;        // for Unreadable / CodegenFailed
  /// Steps the checker proved unreachable from the start step (W0201), by
  /// ID: `flowc test` leaves them out of coverage.
  std::vector<std::string> unreachableSteps;
  explicit operator bool() const { return status == Status::Ok; }
};

/// What checkAndGenerate found.
struct Checked {
  const sema::Program *program = nullptr; // null when nothing was loaded
  bool clean = false;                     // no error anywhere (load, check)
  Result code;                            // the bytecode, when clean
  bool overlapped = false;                // generated while the check ran
  /// Wall time of the check, and of the code generation after the check
  /// had ended (the part that did not overlap it).
  double checkSeconds = 0, codegenSeconds = 0;
  /// The checker's passes in order, with the CPU seconds of the thread that
  /// ran each (CheckOptions::phaseTimes): where they ran, for benchmarks
  /// and tests.
  std::vector<std::pair<std::string, double>> checkPhases;
};

/// Checks what `c` loaded and, when it checks clean, generates its
/// bytecode. With `overlap`, generation starts on a second thread as soon
/// as the checker has resolved names and types without an error (nothing
/// codegen reads changes after that: CheckOptions::afterResolution) and
/// runs while the checker's later passes do; its bytes are kept only when
/// the whole check is clean. Without, one after the other. The bytes are
/// the same either way (tests/codegen/overlap_test.cpp). Threads come from
/// c.threads(): codegen beside the check needs two, and the checker's own
/// work aside a third beside it.
Checked checkAndGenerate(driver::Compilation &c, const Options &options, bool overlap = true);

/// Compiles `path`. Every diagnostic is rendered to `diagOut` (with colour
/// when `color`), warnings included. With `keep`, the compilation (the
/// AST, the source buffers, the checked program) is handed over instead of
/// freed: a process about to exit buries it (llvm::BuryPointer) rather than
/// free it node by node.
CompiledFile compileFile(const std::string &path, const driver::CompileOptions &options,
                         llvm::raw_ostream &diagOut, bool color,
                         std::unique_ptr<driver::Compilation> *keep = nullptr);

} // namespace callflow::codegen
