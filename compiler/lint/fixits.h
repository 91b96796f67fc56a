// Applying fix-its: the edits that diagnostics carry (a name's correction,
// a keyword's spelling, `{price CODE}` for a hard-coded amount) made to the
// source text. `flowc fix` is a thin command over this; an editor can use
// the same edits from the JSON or SARIF output.
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/SourceMgr.h"

namespace callflow::lint {

/// One file's text before and after its fix-its.
struct FixedFile {
  std::string path; // the buffer's identifier, as loaded
  std::string before, after;
  unsigned applied = 0;
  /// Fix-its left out because they overlap one applied before them (two
  /// edits of the same bytes), or span more than one file.
  unsigned skipped = 0;
};

/// Applies the fix-its of `diags` (in the buffers of `sm`) to the text of
/// each buffer they fall in. Identical fix-its count once; of two that
/// overlap, the one earlier in the file wins. When a syntax error has a
/// fix-it (a misspelt keyword), only syntax errors' fix-its apply: the
/// other diagnostics may be consequences of the text the parser skipped,
/// and are fixed by a second run. Returns one entry per buffer with a
/// fix-it applied or skipped, in buffer order.
std::vector<FixedFile> applyFixIts(const llvm::SourceMgr &sm,
                                   llvm::ArrayRef<diag::Diagnostic> diags,
                                   unsigned *unfixedErrors = nullptr);
///
/// `unfixedErrors`, when given, is set to the number of errors among
/// `diags` that no applied fix-it fixes (they have none, or theirs was left
/// out): the errors a check after the fix would still report, at least.

} // namespace callflow::lint
