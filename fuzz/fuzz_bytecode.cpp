// Fuzz entry for the runtime: load, verify and run arbitrary bytecode
// (see fuzz_targets.h).
#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include "callflow/runtime.h"
#include "drive_session.h"
#include "fuzz_targets.h"

namespace callflow::fuzz {

int fuzzBytecode(const uint8_t *data, size_t size) {
  // Layout: [answers: 32 bytes][bytecode...]. Short inputs are all answers.
  const size_t nAnswers = std::min<size_t>(size, 32);
  std::span<const uint8_t> answers(data, nAnswers);
  std::vector<uint8_t> bytes(data + nAnswers, data + size);
  if (bytes.size() >= 8 && !(nAnswers > 0 && data[0] == 0xff)) {
    // Recompute the trailing CRC32 (bytecode.h: little-endian u32 over every
    // byte before it), so the mutation reaches the verifier proper.
    uint32_t crc = bc::crc32(bytes.data(), bytes.size() - 4);
    for (int i = 0; i < 4; ++i)
      bytes[bytes.size() - 4 + size_t(i)] = uint8_t(crc >> (8 * i));
  }
  Loaded l = Program::load(bytes);
  // CODE in two halves (split at a step's entry, no size floor) must give
  // the one pass's verdict and rejection, whatever the file.
  const RunBoth inTurn = [](const std::function<void()> &a, const std::function<void()> &b) {
    a();
    b();
  };
  const std::optional<LoadError> halves = verifyBytecode(bytes, inTurn, 1);
  if (bool(l) == halves.has_value() || (halves && halves->str() != l.error.str()))
    __builtin_trap();
  if (!l)
    return 0;
  (void)disassemble(*l.program);
  driveSession(*l.program, answers, 4096);
  return 0;
}

} // namespace callflow::fuzz
