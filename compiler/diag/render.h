// Rendering collected diagnostics as clang-style text:
//   file:line:col: error: message [E0102]
//     source line
//     ^~~~~
// followed by its notes, each with its own location when it has one.
#pragma once

#include <functional>

#include "diag/diagnostic.h"

namespace llvm {
class raw_ostream;
class SourceMgr;
} // namespace llvm

namespace callflow::diag {

struct RenderOptions {
  bool color = false;     // ANSI colours; callers enable it only on a terminal
  bool showSource = true; // the source line and caret
  /// How a buffer's name is shown (e.g. relative to the project root);
  /// unset: as the SourceMgr names it.
  std::function<std::string(llvm::StringRef)> displayPath;
};

void renderText(const llvm::SourceMgr &sm, const Diagnostic &d, llvm::raw_ostream &os,
                const RenderOptions &opts = {});

/// One note on its own, as renderText prints the notes of a diagnostic.
void renderNote(const llvm::SourceMgr &sm, llvm::SMRange range, const std::string &message,
                llvm::raw_ostream &os, const RenderOptions &opts = {});

/// All diagnostics in sorted order, then a summary line such as
/// "2 errors and 1 warning generated." when there is anything to say.
void renderAllText(const DiagnosticEngine &engine, llvm::raw_ostream &os,
                   const RenderOptions &opts = {});

/// "3 errors, 5 warnings" (or "no problems").
std::string summarize(unsigned errors, unsigned warnings);

/// 1-based line and column (in code points) of `loc`; {0,0} if invalid.
struct LineCol {
  unsigned line = 0, column = 0;
};
LineCol lineColumn(const llvm::SourceMgr &sm, llvm::SMLoc loc);

} // namespace callflow::diag
