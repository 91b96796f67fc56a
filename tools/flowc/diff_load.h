// What `flowc diff` shares between its files: a flow loaded, checked and
// compiled for one side of the comparison, and the git side (reading the
// flows of a revision through `git show`).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver/compilation.h"

namespace flowc::diffload {

/// One flow of one side.
struct LoadedFlow {
  std::unique_ptr<callflow::driver::Compilation> compilation;
  const callflow::sema::Program *program = nullptr;
  std::optional<std::vector<uint8_t>> bytecode; // when the flow compiled clean
  std::string label;                            // what the report calls it
};

/// A side: every flow found, or why it could not be read.
struct LoadedSide {
  std::vector<LoadedFlow> flows;
  std::vector<std::string> errors; // unreadable inputs (exit 2)
};

/// The root flows (files with a `flow` declaration) under `path`: itself
/// when it is a file. Unreadable paths go to `errors`.
std::vector<std::string> rootsUnder(const std::string &path, std::vector<std::string> &errors);

/// Loads, checks and (when clean) compiles each root. `labelOf` turns a
/// path into the label shown (a display path, `REV:path`).
void loadRoots(const std::vector<std::string> &roots, const callflow::driver::CompileOptions &opts,
               const std::function<std::string(const std::string &)> &labelOf, LoadedSide &side);

/// Runs `program args...` and captures its standard output. Returns the
/// exit code (-1 when it could not run; `error` says why).
int runCapture(const std::vector<std::string> &args, std::string &out, std::string &error);

/// Writes the `.flow` files (and `.flowconfig` files) of git revision `rev`
/// under `pathspecs` (empty: the whole tree) into `dir`, keeping their
/// paths relative to the repository's top level. `files` receives the
/// written paths. False with `error` on failure.
bool materializeRevision(const std::string &rev, const std::vector<std::string> &pathspecs,
                         const std::string &dir, std::vector<std::string> &files, std::string &error);

/// `git rev-parse --show-toplevel`, or empty with `error`.
std::string gitTopLevel(std::string &error);

} // namespace flowc::diffload
