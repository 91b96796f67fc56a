// Programs built with the ProgramBuilder for the runtime tests, and helpers
// to take a built file apart into sections and put it back (for hand-made
// broken files).
#pragma once

#include <cstdint>
#include <vector>

#include "callflow/builder.h"

namespace callflow::testing {

using Bytes = std::vector<uint8_t>;

/// A small flow in the shape of seed 000's Pay-As-You-Go part: enums, a
/// ticket form with required, required-when, default and a rule, variables
/// (auto, money, a pattern), a catalog, ask, input (with allowed values),
/// do with a result, create, update, charges, invoice, payment with a
/// declined branch, transfer and end.
Bytes buildPaygFlow();
/// One step: a line and an end.
Bytes buildMinimal();

/// The 12 sections of a file, in order.
std::vector<Bytes> splitSections(const Bytes &file);
/// A well-formed header, table and CRC around the given sections, in
/// format `version` (2: what the builder writes for a flow whose patterns
/// have no description; 3 with descriptions), language English.
Bytes assemble(const std::vector<Bytes> &sections, uint16_t version = 2);
/// Recomputes the trailing CRC32 after an edit.
void fixCrc(Bytes &file);

} // namespace callflow::testing
