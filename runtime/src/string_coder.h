// Internal: format 5's coded string table, written (string_coder.cpp).
#pragma once

#include <string_view>
#include <vector>

#include "callflow/bytecode.h"

namespace callflow {

/// The STRINGS section of format 5 for `strs`, in order: count, code
/// table, each string coded or raw (docs/bytecode.md "Format 5").
std::vector<uint8_t> codeStringTable(const std::vector<std::string_view> &strs);

} // namespace callflow
