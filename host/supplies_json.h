// The values a host supplies when a call starts, from the JSON object of a
// request's "set": {"NAME": VALUE, ...}, each VALUE a string, an integer or
// a boolean, written as `flowrun --set NAME=VALUE` takes it. Shared by the
// agent desktop's new session (server/) and the workbench's simulated call
// (workbench/), so both accept and refuse the same "set".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "callflow/journal.h"
#include "callflow/program.h"
#include "llvm/Support/JSON.h"

namespace callflow::host {

struct SuppliesError {
  enum Kind {
    Malformed, ///< "set" is not an object, or a value is not a string, an integer or a boolean (HTTP 400)
    Unknown,   ///< no variable or field has the name (HTTP 422)
  } kind;
  std::string message;
};

/// Appends to `out` a Supply answer per property of `set` (nullptr or JSON
/// null: nothing), in the object's order; on the first bad property returns
/// why and leaves `out` as it was. Whether a value suits its slot is the
/// session's to say (JournalAnswer::applyTo).
std::optional<SuppliesError> suppliesFromJson(const llvm::json::Value *set, const Program &p,
                                              std::vector<JournalAnswer> &out);

} // namespace callflow::host
