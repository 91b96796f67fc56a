// The parse adapter's public entry point: a `.flow` buffer in, an
// ast::File out, every problem reported to a DiagnosticEngine. This header
// names no ANTLR type; compiler/parse is the only code that includes ANTLR.
#pragma once

#include <memory>

#include "ast/ast.h"
#include "diag/diagnostic.h"

namespace llvm {
class SourceMgr;
}

namespace callflow::parse {

struct ParseOptions {
  /// Deepest nesting of `{` and `(` accepted; deeper input is reported as
  /// NestingTooDeep and not parsed (the parser recurses on nesting).
  unsigned maxNesting = 256;
};

/// Parses buffer `bufferId` of `sm`, reporting every problem to `diags`.
/// Always returns a File (partial when there were errors). Node ranges are
/// half-open byte ranges into the buffer: Start is the first byte of the
/// first token, End one past the last byte of the last token.
std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr &sm, unsigned bufferId,
                                       diag::DiagnosticEngine &diags,
                                       const ParseOptions &opts = {});

} // namespace callflow::parse
