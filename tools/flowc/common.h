// What flowc's subcommands share: exit codes, the project file and the
// common options (-I, -W, --root, --color, --error-limit, --warning-limit,
// --no-config) turned into CompileOptions, and printing a compilation's
// diagnostics.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "driver/compilation.h"
#include "lint/project_config.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace flowc {

/// flowc's exit codes, documented in --help and docs/cli.md.
enum ExitCode : int {
  kExitClean = 0,    // no errors (warnings allowed unless -Werror)
  kExitFindings = 1, // the flows have errors
  kExitUsage = 2,    // bad command line, unreadable input, I/O failure
};

/// The settings a subcommand that reads flows starts from: the project file
/// `.flowconfig` (found in the current directory or upward, unless
/// --no-config) and then the command line, which wins: -W words apply after
/// the file's `warnings`, -I paths are searched before the file's
/// `include`. Every subcommand loads flows through this, so imports
/// resolve alike in lint, check, build, test, script, graph and strings.
struct Project {
  callflow::lint::ProjectConfig config; // config.path empty: none used
  callflow::driver::CompileOptions compile;
};
/// Returns false (after printing why) when a -W option names no known
/// warning or the project file cannot be read or parsed.
bool loadProject(Project &out);

/// loadProject(...).compile. Sets `ok` false (and prints why) on failure.
callflow::driver::CompileOptions compileOptions(bool &ok);

/// True when diagnostics on stderr should be coloured.
bool useColor();

/// Prints every diagnostic of `c` to stderr, clang-style.
void printDiagnostics(const callflow::driver::Compilation &c);

/// One flow loaded with the common options, checked, and its diagnostics
/// printed: what `graph`, `script` and `dump-ast` start from.
struct CheckedFlow {
  std::unique_ptr<callflow::driver::Compilation> compilation;
  const callflow::sema::Program *program = nullptr; // null: see `exitCode`
  int exitCode = kExitClean; // kExitUsage when options or the file were bad
  bool hasErrors() const { return compilation && compilation->diags().hasErrors(); }
};
CheckedFlow loadAndCheck(llvm::StringRef input);

/// Writes `data` to `path` ("-" or empty: standard output). A file is
/// written whole or not at all: to a temporary file in the same directory,
/// renamed over `path` on success, so a killed flowc or a full disk never
/// leaves a truncated script or, for `fmt`, a truncated flow. An existing
/// file keeps its permissions. Failures are reported on stderr.
bool writeOutput(llvm::StringRef path, llvm::StringRef data);

/// Removes repeated paths (the same file named twice), reporting each
/// repeat as DuplicateInput (W0011) under the given warning options.
/// `failed` is set when such a report is an error (-Werror).
std::vector<std::string> uniqueInputs(const std::vector<std::string> &inputs,
                                      const callflow::diag::WarningOptions &warnings,
                                      bool &failed);

/// The command line as given to main (argv[1..]): for a subcommand that must
/// know where a `--` stood (`flowc diff --git REV [REV2] [-- PATH...]`).
std::vector<std::string> &rawArguments();

} // namespace flowc
