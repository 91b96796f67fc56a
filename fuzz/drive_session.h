// Drives a runtime Session with answers taken from fuzzer bytes: every
// waiting event gets an answer chosen by the next byte (an option, a typed
// value, accept/decline, skip), for a bounded number of events. Shared by
// the fuzz targets and by the regression tests that replay their crashes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "callflow/runtime.h"

namespace callflow::fuzz {

/// Runs `program` until it ends, an answer cannot be given, or
/// `maxEvents` events have passed. Returns the number of events seen.
size_t driveSession(const Program &program, std::span<const uint8_t> answers,
                    size_t maxEvents = 4096);

} // namespace callflow::fuzz
