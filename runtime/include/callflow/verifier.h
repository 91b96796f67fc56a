// The load-time verifier of callflow bytecode.
//
// Program::load always runs it; verifyBytecode runs it alone (tools, tests).
// It makes one linear pass over each section, before anything executes, and
// checks: the header (magic, version, flags, size), the CRC32, the section
// table (every section present once, in order, in bounds, back to back),
// every table entry and every index in it (strings, texts, enums, slots,
// forms, items, sections, steps, expression entries), unique names (step
// IDs, variables, fields of a form, forms, enums and their values, item
// codes), patterns that compile within their total bound, UTF-8 of every string,
// every instruction (known opcode, whole operands, every index in range,
// operand and stack types, stack depth at most bc::kMaxStack and empty at
// statements), every list opcode followed by exactly its items, every jump
// landing on a statement or expression start at stack depth 0, each step's
// entry on its own STEP, no fall-through off the end of CODE, and every
// debug entry on an instruction start. A rejection names the section, the
// byte offset in the file and what is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "callflow/program.h"

namespace callflow {

/// The size of CODE from which the verifier, given a RunBoth, checks it in
/// two halves at once (below it a thread costs more than it saves).
inline constexpr uint32_t kCodeInHalvesFrom = 256 * 1024;

/// Verifies a bytecode file. nullopt when it is valid. The bytes are read
/// where they are (not copied as Program::load copies them). `both`: as
/// for Program::load, a CODE section of `halvesFrom` bytes or more in two
/// halves at once (tests lower it to split small hand-made files).
std::optional<LoadError> verifyBytecode(std::span<const uint8_t> bytes, const RunBoth &both = {},
                                        uint32_t halvesFrom = kCodeInHalvesFrom);

} // namespace callflow
