// Internal to compiler/parse and its tests: parseBuffer with the AST
// builder's mode chosen, so tests can hold the clean-mode builder (used
// after an error-free SLL parse) to the recovery-mode one (used after a
// syntax error). Names no ANTLR type.
#pragma once

#include "parse/parse.h"

namespace callflow::parse::internal {

enum class BuildMode { Auto, TreeOnly };

/// parseBuffer; with TreeOnly, every declaration's AST is built by walking
/// its parse tree as after a syntax error (no clean-mode shortcuts).
std::unique_ptr<ast::File> parseBufferIn(BuildMode mode, llvm::SourceMgr &sm, unsigned bufferId,
                                         diag::DiagnosticEngine &diags,
                                         const ParseOptions &opts = {});

} // namespace callflow::parse::internal
