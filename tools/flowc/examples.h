// The diagnostic examples embedded from tests/diagnostics/<CODE>.flow.
#pragma once

namespace flowc {
struct DiagExample {
  const char *code; // "E0102"; nullptr ends the table
  const char *text; // the example file
};
extern const DiagExample kDiagExamples[];
} // namespace flowc
