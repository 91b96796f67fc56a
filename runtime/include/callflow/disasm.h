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
};

std::string disassemble(const Program &program, const DisasmOptions &options = {});

} // namespace callflow
