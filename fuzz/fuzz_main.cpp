// libFuzzer entry points: one executable per target, chosen at compile time
// by CALLFLOW_FUZZ_TARGET (fuzzSource, fuzzBytecode).
#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return callflow::fuzz::CALLFLOW_FUZZ_TARGET(data, size);
}
