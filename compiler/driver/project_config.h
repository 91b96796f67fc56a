// The project file `.flowconfig`: lint settings for a repository, found
// upward from the working directory (like `.clang-format`). Its directory
// is also the project root that imports may not leave (the driver looks
// for the same file).
//
//   # comment
//   include      = common, shared/flows     # import search paths (-I)
//   warnings     = error, no-unreachable-step  # words as after -W
//   exclude      = tests/fail, vendor       # paths not searched by lint
//   max-warnings = 20
//   help-uri     = https://example.org/flowc/diagnostics.md  # SARIF rule links
//
// One `key = value` per line; lists are comma-separated; paths are
// relative to the file's directory. An unknown key or a bad value is an
// error (exit 2), so typos do not silently change the gate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

namespace callflow::driver {

struct ProjectConfig {
  std::string path; // the file read; empty when none was found
  std::string dir;  // its directory
  std::vector<std::string> includePaths; // absolute
  std::vector<std::string> warnings;     // "error", "no-unreachable-step", ...
  std::vector<std::string> exclude;      // absolute
  std::optional<unsigned> maxWarnings;
  /// Where docs/diagnostics.md is published: SARIF rules link to
  /// helpUri#<heading anchor>. Empty: no links.
  std::string helpUri;
};

inline constexpr const char *kProjectFileName = ".flowconfig";

/// Parses the text of a project file located in `dir`. Returns false and
/// sets `error` ("line 3: unknown key 'foo'") on a bad line.
bool parseProjectConfig(llvm::StringRef text, llvm::StringRef dir, ProjectConfig &out,
                        std::string &error);

/// Finds `.flowconfig` in `startDir` or its nearest ancestor and parses
/// it. Returns true with an empty `out.path` when there is none; false
/// when one exists but cannot be read or parsed.
bool findProjectConfig(llvm::StringRef startDir, ProjectConfig &out, std::string &error);

} // namespace callflow::driver
