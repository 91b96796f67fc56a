// What `flowc explain` and docs/diagnostics.md say about a diagnostic: what
// it means and how to fix it (explain.def), and its example as a designer
// would write it (the example file tests/diagnostics/<CODE>.flow without
// its test expectations).
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "llvm/ADT/StringRef.h"

namespace callflow::diag {

struct Explanation {
  const char *meaning = ""; // what the message means
  const char *fix = "";     // how to fix it
};

/// The explanation of `id` (explain.def); empty strings when it has none.
Explanation explanation(DiagId id);

/// The diagnostics `what` names: a code (`E0202`, any case), a name
/// (`FallsOffEnd`) or a warning's flag (`price-mismatch`; `maybe-unset`
/// names two). Empty when it names none.
std::vector<const DiagInfo *> findDiags(llvm::StringRef what);

/// An example file as a designer would write it: without its
/// `expected-error` / `expected-warning` / `expected-note` /
/// `expected-no-diagnostics` comments (whole lines, or the end of a line),
/// and without the blank line such a comment leaves at the start.
std::string designerExample(llvm::StringRef exampleFile);

} // namespace callflow::diag
