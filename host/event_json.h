// An event of a call as JSON: the attributes of the object `flowrun --json`
// prints for it (docs/flowrun.md has the schema), shared by flowrun and the
// server so that both speak the same events.
#pragma once

#include <string>

#include "callflow/runtime.h"
#include "llvm/Support/JSON.h"

namespace callflow::host {

/// Writes the attributes of `e` ("event", "step", "line", then by kind) into
/// the object being written to `j`. Sensitive field values are masked.
void writeEventAttributes(llvm::json::OStream &j, const Event &e, const Program &p);
/// The whole object, as JSON text.
std::string eventJsonText(const Event &e, const Program &p);

/// "text", "money", "number", "bool" or the enum's name.
std::string typeName(const Program &p, bc::Type t);

/// JSON text with DEL and the C1 controls escaped too (JSON allows them raw;
/// some terminals act on U+009B): what flowrun prints and the server sends.
std::string escapeControls(const std::string &json);

} // namespace callflow::host
