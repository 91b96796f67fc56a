// Programs built with the ProgramBuilder for the runtime tests, and helpers
// to take a built file apart into sections and put it back (for hand-made
// broken files).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "callflow/builder.h"

namespace callflow::testing {

using Bytes = std::vector<uint8_t>;

/// A small flow in the shape of seed 000's Pay-As-You-Go part: enums, a
/// ticket form with required, required-when, default and a rule, variables
/// (auto, money, a pattern), a catalog, ask, input (with allowed values),
/// do with a result, create, update, charges, invoice, payment with a
/// declined branch, transfer and end.
/// `compact`: format 5 (what flowc writes); else the legacy container of
/// formats 2 to 4, which splitSections and assemble take apart.
Bytes buildPaygFlow(bool compact = false);
/// One step: a line and an end.
Bytes buildMinimal(bool compact = false);

/// The 12 sections of a file of format 2 to 4, in order.
std::vector<Bytes> splitSections(const Bytes &file);
/// A well-formed header, table and CRC around the given sections, in
/// format `version` (2: what the builder writes for a flow whose patterns
/// have no description; 3 with descriptions), language English.
Bytes assemble(const std::vector<Bytes> &sections, uint16_t version = 2);
/// Where a section lies in a file of any format: [begin, end) (an empty
/// range for a section format 5 leaves out).
std::pair<size_t, size_t> sectionRange(const Bytes &file, bc::SectionKind kind);
/// The size of a file's header and section table (formats 2 to 5).
size_t headerEnd(const Bytes &file);
/// A format-5 file around the given 12 sections (an empty one is left
/// out), with a correct size field and CRC.
Bytes assemble5(const std::vector<Bytes> &sections, uint8_t language = 0);
/// Recomputes the trailing CRC32 after an edit.
void fixCrc(Bytes &file);

} // namespace callflow::testing
