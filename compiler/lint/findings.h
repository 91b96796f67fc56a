// Findings: diagnostics resolved out of their SourceMgr into plain records
// (file path, 1-based line and code-point column ranges, notes, fix-its),
// so that lint can merge, de-duplicate and order the results of many
// compilations and write them in any output format (output.h) after the
// compilations are gone.
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "llvm/ADT/StringRef.h"

namespace llvm {
class SourceMgr;
}

namespace callflow::lint {

/// A range in a file. Lines and columns are 1-based; columns count code
/// points. `end` is exclusive (the position just after the last character,
/// as in SARIF); an empty source range is widened to one column. A finding
/// without a location has line 0 (and possibly an empty file).
struct Location {
  std::string file; // display path: relative to the base directory, '/' separators
  unsigned line = 0, column = 0;
  unsigned endLine = 0, endColumn = 0;
  bool valid() const { return line != 0; }
};

/// A choice on a counterexample path (diag::PathChoice, resolved).
struct FindingPathChoice {
  std::string what; // `option "No"`, `if`, `else`, `payment declined`
  Location loc;
};

/// A step on a counterexample path (diag::PathHop, resolved).
struct FindingPathHop {
  std::string step;
  Location loc; // the step's name in its declaration
  std::vector<FindingPathChoice> choices;
};

struct FindingNote {
  Location loc; // loc.valid() is false for a note without a location
  std::string message;
  std::vector<FindingPathHop> path; // a counterexample path: `message` is its text
};

struct FindingFixIt {
  Location loc;
  std::string replacement;
};

struct Finding {
  diag::DiagId id;
  diag::Severity severity; // effective (after -Werror)
  Location loc;
  std::string message; // without the [CODE] suffix
  std::vector<FindingNote> notes;
  std::vector<FindingFixIt> fixits;
  std::string rendered;   // clang-style text of the diagnostic and its notes
  std::string lineText;   // the source line the finding starts on (for fingerprints)

  const diag::DiagInfo &info() const { return diag::info(id); }
};

/// How source paths are shown: relative to `baseDir` when under it (the
/// repository root for SARIF), always with forward slashes.
struct PathOptions {
  std::string baseDir; // empty: paths are shown as the SourceMgr names them
};

/// `path` as displayed under `opts`.
std::string displayPath(llvm::StringRef path, const PathOptions &opts);

struct ResolveOptions {
  PathOptions paths;
  /// Used as the file of diagnostics that have no location (e.g. an
  /// unreadable root file); line stays 0.
  std::string fallbackFile;
  bool renderText = true; // fill Finding::rendered
  bool color = false;     // ANSI colours in `rendered`
};

/// Resolves one diagnostic. `sm` must own the buffers `d` points into.
Finding resolve(const llvm::SourceMgr &sm, const diag::Diagnostic &d,
                const ResolveOptions &opts = {});

/// A note added to findings after their compilation is gone (lint's "in
/// the flow of ..."), resolved and rendered as resolve() would.
struct LateNote {
  FindingNote note;
  std::string rendered; // appended to Finding::rendered
};
LateNote resolveNote(const llvm::SourceMgr &sm, llvm::SMRange range, std::string message,
                     const ResolveOptions &opts = {});

/// Resolves every diagnostic of `engine`, in its sorted order.
std::vector<Finding> resolveAll(const diag::DiagnosticEngine &engine,
                                const ResolveOptions &opts = {});

/// Sorts by file, position, code and message, and drops exact repeats (the
/// same finding reached through two root files that import one file).
void sortAndDedupe(std::vector<Finding> &findings);

struct Counts {
  unsigned errors = 0, warnings = 0;
};
Counts count(const std::vector<Finding> &findings);

} // namespace callflow::lint
