// Internal: format 5's coded string table, written (string_coder.cpp).
#pragma once

#include <string_view>
#include <vector>

#include "callflow/builder.h"
#include "callflow/bytecode.h"

namespace callflow {

/// The STRINGS section of format 5 for `strs`, in order: count, code
/// table, each string coded or raw (docs/bytecode.md "Format 5"). With
/// `both`, two budgets of built-in codes are learned at a time through it
/// (the same bytes either way).
std::vector<uint8_t> codeStringTable(const std::vector<std::string_view> &strs,
                                     const RunBoth &both = {});

} // namespace callflow
