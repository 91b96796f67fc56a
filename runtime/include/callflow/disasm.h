// The disassembler: a readable listing of a loaded program, for golden tests
// and `flowc disasm`. Operands are shown by kind (from opcodes.def): texts
// and strings inline (`SAY t3 ["Hello."]`), step IDs, slot and form names,
// jump targets as code offsets; source lines from the debug table.
#pragma once

#include <string>

#include "callflow/program.h"

namespace callflow {

struct DisasmOptions {
  bool tables = true;   // print the enum, slot, form, item and step tables
  bool offsets = true;  // print each instruction's code offset
  bool lines = true;    // print `; file:line` from the debug table
  /// A string or text longer than this is shown cut, with how long it is.
  size_t maxQuoted = 1024;
  /// The listing stops (with a last line saying so) once it passes this
  /// size: a crafted file of a few MB could otherwise list as gigabytes.
  size_t maxBytes = size_t(64) << 20;
};

std::string disassemble(const Program &program, const DisasmOptions &options = {});

} // namespace callflow
