// What flowc's subcommands share: exit codes, the project file and the
// common options (-I, -W, --root, --color, --error-limit, --warning-limit,
// --no-config) turned into CompileOptions, and printing a compilation's
// diagnostics.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "driver/compilation.h"
#include "driver/project_config.h"
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
  callflow::driver::ProjectConfig config; // config.path empty: none used
  callflow::driver::CompileOptions compile;
};
/// Returns false (after printing why) when a -W option names no known
/// warning or the project file cannot be read or parsed.
/// `startDir`: where to look for `.flowconfig` (and upward) instead of the
/// current directory (`flowc serve DIR`).
bool loadProject(Project &out, llvm::StringRef startDir = "");

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

/// The paths of every file `flow` read (the root and its imports): an
/// output may not overwrite any of them.
std::vector<std::string> inputFiles(const CheckedFlow &flow);

/// Writes `data` to `path` ("-" or empty: standard output) through
/// driver::writeOutputFile, the one writer of every output: a regular file
/// is replaced atomically (temporary file + rename, mode kept), a symlink
/// is written through to its target, a device or FIFO is written in place,
/// a read-only file and an output that is one of `inputs` are refused.
/// Failures are reported on stderr. `beforeCommit`: see
/// driver::writeOutputFile (for standard output, it runs before the data
/// is written).
bool writeOutput(llvm::StringRef path, llvm::StringRef data,
                 const std::vector<std::string> &inputs = {},
                 const std::function<std::string()> &beforeCommit = {});

/// For outputs an external program draws (Chromium's PDF, Graphviz's SVG
/// and PNG): a temporary file for it to write, which writeOutputFrom then
/// copies to the real output through writeOutput (so the same rules
/// apply) and removes.
bool makeTemporaryOutput(llvm::StringRef extension, std::string &tempPath);
bool writeOutputFrom(llvm::StringRef tempPath, llvm::StringRef path,
                     const std::vector<std::string> &inputs);

/// Ends a command: flushes standard output and turns a write error there
/// (`> /dev/full`) into exit 2 with a message, instead of LLVM aborting at
/// exit. Returns the exit code to use.
int finishOutput(int exitCode);

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
