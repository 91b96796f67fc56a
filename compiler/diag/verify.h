// Inline diagnostic expectations, in the clang -verify style:
//
//   // expected-error {{substring}}          on this line
//   // expected-warning@+1 {{substring}}     on the next line (@-N: before)
//   // expected-note@12 {{substring}}        on line 12
//   // expected-error 2 {{...}}              exactly twice
//   // expected-error 0+ {{...}}             any number of times
//   // expected-no-diagnostics               the file produces none
//
// The substring is matched against "message [CODE]" and may contain the
// code alone ("{{[E0102]}}"). Every expectation must be met and every
// diagnostic (and note) must be expected; anything else is reported.
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostic.h"

namespace callflow::diag {

struct VerifyResult {
  bool ok = true;
  std::vector<std::string> problems; // human-readable, one per line
};

/// Checks the diagnostics in `engine` against the expectations written in
/// the buffers of its SourceMgr (those with ids in `bufferIds`).
VerifyResult verifyDiagnostics(const DiagnosticEngine &engine,
                               const std::vector<unsigned> &bufferIds);

} // namespace callflow::diag
