// The lint run: find .flow files, check them in parallel, and collect the
// findings in an order that does not depend on the number of threads.
//
// Which files are checked as flows ("roots"): every file found that has a
// `flow` declaration. A file that only holds shared declarations (no
// `flow`) and is imported is checked through the flows that import it; a
// finding in it is reported once when every importer has it, and names the
// importing flow (a note) when only some do. A file without `flow` that no
// file found imports is checked as a library: its syntax and imports only.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "driver/compilation.h"
#include "lint/findings.h"

namespace callflow::lint {

struct LintOptions {
  std::vector<std::string> inputs;   // files and directories; empty: "."
  std::vector<std::string> exclude;  // paths (files or directories) to skip
  driver::CompileOptions compile;    // include paths, warnings, project root
  unsigned threads = 0;              // 0: one per core
  ResolveOptions resolve;            // display paths, colour
  /// Called after each flow is checked, with (done, total), from worker
  /// threads but never concurrently.
  std::function<void(unsigned, unsigned)> progress;
};

struct LintResult {
  std::vector<Finding> findings;     // sorted, without repeats
  unsigned fileCount = 0;            // .flow files found
  std::vector<std::string> files;    // those files (as found)
  unsigned rootCount = 0;            // flows checked
  std::vector<std::string> ioErrors; // inputs and found files that could not be read
  std::vector<std::string> notes;    // found files skipped (not regular files)
  /// Files without a `flow` that no file found imports: only their syntax
  /// and imports were checked (display paths).
  std::vector<std::string> libraries;
};

/// The files ending in `extension` under `inputs` (a file is taken as
/// given), sorted, each once; directories and files whose name starts with
/// '.' and paths under `exclude` are skipped. An input named explicitly is
/// searched even when it lies inside an excluded directory (`exclude`
/// applies to what a search finds, as in `flowc lint tests/fail`).
/// Symlinks are followed, but each directory is read once and each file
/// found once (by device and inode): a link back to an ancestor neither
/// loops nor repeats files. What a search finds that is not a regular file
/// (a FIFO or a device named *.flow) is skipped with a note in `notes`;
/// unreadable inputs and found files (a dangling symlink) are added to
/// `errors`.
std::vector<std::string> findFiles(const std::vector<std::string> &inputs,
                                   const std::vector<std::string> &exclude,
                                   llvm::StringRef extension, std::vector<std::string> &errors,
                                   std::vector<std::string> *notes = nullptr);

/// findFiles for ".flow".
std::vector<std::string> findFlowFiles(const std::vector<std::string> &inputs,
                                       const std::vector<std::string> &exclude,
                                       std::vector<std::string> &errors,
                                       std::vector<std::string> *notes = nullptr);

/// What a cheap scan of a file (comments and strings skipped) tells about
/// it: whether it declares `flow`, and the paths it imports.
struct FileOutline {
  bool hasFlow = false;
  std::vector<std::string> imports;
};
FileOutline outlineFlow(llvm::StringRef text);

LintResult runLint(const LintOptions &opts);

} // namespace callflow::lint
