// Writing lint findings in the formats CI systems read.
//
//   text    clang-style diagnostics, then "3 errors, 5 warnings in 42 files"
//   json    one object per finding (schema below and in docs/ci.md)
//   sarif   SARIF 2.1.0 for GitHub code scanning (rules from kinds.def)
//   github  GitHub Actions workflow commands (::error file=...::message)
//
// JSON schema (format version 1):
//   { "version": 1, "tool": "flowc", "toolVersion": "0.1.0",
//     "files": 42, "errors": 3, "warnings": 5,
//     "diagnostics": [
//       { "file": "flows/a.flow",
//         "range": { "start": {"line": 3, "column": 5},
//                    "end":   {"line": 3, "column": 12} },   // end exclusive
//         "code": "E0102", "name": "UndefinedStep",
//         "severity": "error" | "warning",
//         "flag": "unreachable-step",          // warnings only
//         "message": "step 'X' is not defined",
//         "notes":  [ { "file", "range", "message",     // file/range absent
//                                                         // for notes without one
//                       "path": [                          // counterexample paths only
//                         { "step": "A", "file", "range",  // the step's name
//                           "choices": [ { "choice": "option \"No\"", "file", "range" } ] } ] } ],
//         "fixits": [ { "file", "range", "replacement" } ] } ] }
// Lines are 1-based, columns are 1-based code points. A finding without a
// location has no "range" (and "file" only when it is known).
#pragma once

#include <string>
#include <vector>

#include "lint/findings.h"
#include "llvm/ADT/StringRef.h"

namespace llvm {
class raw_ostream;
}

namespace callflow::lint {

enum class OutputFormat { Text, Json, Sarif, Github };

/// Parses "text", "json", "sarif" or "github".
bool parseOutputFormat(llvm::StringRef name, OutputFormat &out);

struct ReportInfo {
  unsigned fileCount = 0;          // files checked, for the summary
  std::string toolName = "flowc";
  std::string toolVersion = "0.1.0";
  /// The tool's home page (SARIF tool.driver.informationUri); empty: none.
  std::string informationUri;
  /// Where docs/diagnostics.md is published; rule help links are
  /// helpBaseUri + "#" + the anchor of the rule's heading. Empty: rules
  /// carry their help text only.
  std::string helpBaseUri;
  bool summary = true;             // text: print the summary line
};

/// Writes `findings` (already sorted) in `format`.
void writeReport(OutputFormat format, const std::vector<Finding> &findings,
                 const ReportInfo &info, llvm::raw_ostream &os);

void writeText(const std::vector<Finding> &findings, const ReportInfo &info, llvm::raw_ostream &os);
void writeJson(const std::vector<Finding> &findings, const ReportInfo &info, llvm::raw_ostream &os);
void writeSarif(const std::vector<Finding> &findings, const ReportInfo &info,
                llvm::raw_ostream &os);
void writeGithub(const std::vector<Finding> &findings, const ReportInfo &info,
                 llvm::raw_ostream &os);

/// "3 errors, 5 warnings in 42 files" ("no problems in 1 file").
std::string summaryLine(const std::vector<Finding> &findings, unsigned fileCount);

/// GitHub workflow-command escaping: data escapes %, \r, \n; property
/// values also escape ':' and ','.
std::string escapeGithubData(llvm::StringRef s);
std::string escapeGithubProperty(llvm::StringRef s);

/// The anchor GitHub gives a Markdown heading: lower case, spaces as '-',
/// punctuation other than '-' and '_' dropped ("E0001 FileNotReadable" ->
/// "e0001-filenotreadable").
std::string headingAnchor(llvm::StringRef heading);

/// The heading of a diagnostic in docs/diagnostics.md: "E0001 FileNotReadable"
/// (what `flowc explain --all --md` writes after "## ").
std::string diagnosticHeading(const diag::DiagInfo &d);

/// A relative path as a URI reference: '/' kept, unreserved characters
/// kept, everything else (spaces, non-ASCII bytes) percent-encoded.
std::string pathToUri(llvm::StringRef path);

} // namespace callflow::lint
