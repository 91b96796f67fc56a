// Internal to compiler/parse and its tests (the fuzz targets included):
// parseBuffer with the AST builder's mode chosen, so tests can hold the
// clean-mode builder (used after an error-free SLL parse) to the
// recovery-mode one (used after a syntax error), and a snapshot of a parse
// to compare two ways of parsing by. Names no ANTLR type.
#pragma once

#include <string>

#include "llvm/ADT/StringRef.h"
#include "parse/parse.h"

namespace callflow::parse::internal {

enum class BuildMode { Auto, TreeOnly };

/// parseBuffer; with TreeOnly, every declaration's AST is built by walking
/// its parse tree as after a syntax error (no clean-mode shortcuts), and
/// every string reaches the parser part by part (no STR_LIT tokens).
std::unique_ptr<ast::File> parseBufferIn(BuildMode mode, llvm::SourceMgr &sm, unsigned bufferId,
                                         diag::DiagnosticEngine &diags,
                                         const ParseOptions &opts = {});

/// `src` parsed as `t.flow` with `mode` and `opts`, as one text: the AST
/// dump, then each comment and each diagnostic (in the order reported)
/// with its byte offsets and code. Two parses built the same AST, comments
/// and diagnostics exactly when their snapshots are equal. `pieces`, when
/// set, receives ParseStats::pieces.
std::string snapshot(BuildMode mode, llvm::StringRef src, ParseOptions opts = {},
                     unsigned *pieces = nullptr);

} // namespace callflow::parse::internal
