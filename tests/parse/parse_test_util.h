// Shared helpers for the parse tests: parse a string, dump its AST, list
// its diagnostics as "line:col CODE message".
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ast/dump.h"
#include "diag/diagnostic.h"
#include "llvm/Support/SourceMgr.h"
#include "parse/parse.h"

namespace callflow::testing {

struct Parsed {
  llvm::SourceMgr sm;
  std::unique_ptr<diag::DiagnosticEngine> diags;
  std::unique_ptr<ast::File> file;
  unsigned bufferId = 0;

  /// The AST dump without the leading "File" line.
  std::string dump() const;
  /// Each diagnostic as "line:col CODE message" (column in bytes, 1-based),
  /// in source order.
  std::vector<std::string> diagnostics() const;
  size_t count(diag::DiagId id) const;
  /// All diagnostics joined by newlines, for failure messages.
  std::string all() const;
};

std::unique_ptr<Parsed> parseText(const std::string &text, const parse::ParseOptions &opts = {});

/// Reads a file under the source tree (tests/parse/testdata/...).
std::string readSourceFile(const std::string &relPath);

/// Calls `f(path, text)` for every .flow file under samples/ and tests/;
/// returns how many there were.
size_t forEachFlowFile(const std::function<void(const std::string &path, const std::string &text)> &f);

/// The text of a flow of about `steps` steps written by bench/gen_flow.py
/// into the build tree as tests/parse/NAME (empty when the generator
/// failed).
std::string generatedFlow(int steps, const std::string &name);

/// Each section of `src` as "start-end:steps " (byte offsets of its range,
/// its number of steps), parsed with `threads` threads and pieces of any
/// size; `treeOnly`: the tree-walking build of a parse after an error.
std::string sectionRanges(const std::string &src, unsigned threads = 1, bool treeOnly = false);

} // namespace callflow::testing
