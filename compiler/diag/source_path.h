// How a source file's path is shown to people and recorded in artefacts:
// relative to a base directory when the file lies under it, always with
// forward slashes. Used by lint (SARIF wants repository-relative paths) and
// by codegen (bytecode must not depend on where the checkout lives).
#pragma once

#include "llvm/ADT/StringRef.h"

#include <string>

namespace callflow::diag {

/// `path` made absolute with `.`/`..` removed (no symlinks resolved).
std::string normalizedAbsolute(llvm::StringRef path);

/// `path` relative to `baseDir` when it lies under it; otherwise its
/// normalised absolute form. An empty `baseDir` returns `path` as given
/// (minus leading `./`). The result always uses forward slashes.
std::string relativeSourcePath(llvm::StringRef path, llvm::StringRef baseDir);

} // namespace callflow::diag
