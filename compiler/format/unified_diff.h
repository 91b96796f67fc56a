// A line-based unified diff (Myers' O(ND) algorithm), for `flowc fmt
// --check`: `--- a` / `+++ b` headers and `@@ -l,n +l,n @@` hunks with
// context lines, as `diff -u` prints them.
#pragma once

#include <string>

#include "llvm/ADT/StringRef.h"

namespace callflow::format {

/// Empty when `before` and `after` are equal.
std::string unifiedDiff(llvm::StringRef before, llvm::StringRef after, llvm::StringRef fromName,
                        llvm::StringRef toName, unsigned context = 3);

} // namespace callflow::format
