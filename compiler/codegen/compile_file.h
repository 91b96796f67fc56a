// The whole way from a .flow file to verified bytecode, shared by
// `flowc build`, `flowc disasm` and `flowrun`: load (with imports), check,
// and only when the flow checks clean, generate bytecode. Diagnostics are
// rendered to the stream the caller gives.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "driver/compilation.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::codegen {

struct CompiledFile {
  enum class Status { Ok, Unreadable, HasErrors, CodegenFailed };
  Status status = Status::Ok;
  std::vector<uint8_t> bytes;
  uint64_t sourceBytes = 0; // the root file and everything it imports
  unsigned errors = 0, warnings = 0;
  std::string error;        // for Unreadable / CodegenFailed
  /// Steps the checker proved unreachable from the start step (W0201), by
  /// ID: `flowc test` leaves them out of coverage.
  std::vector<std::string> unreachableSteps;
  explicit operator bool() const { return status == Status::Ok; }
};

/// Compiles `path`. Every diagnostic is rendered to `diagOut` (with colour
/// when `color`), warnings included.
CompiledFile compileFile(const std::string &path, const driver::CompileOptions &options,
                         llvm::raw_ostream &diagOut, bool color);

} // namespace callflow::codegen
