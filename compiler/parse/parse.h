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

/// How a buffer was parsed, for tests and benchmarks.
struct ParseStats {
  /// Pieces of the parse that was kept: 1 when parsed in one piece
  /// (ParseOptions::threads), 0 when refused before parsing.
  unsigned pieces = 0;
};

struct ParseOptions {
  /// Deepest nesting of `{` and `(` accepted; deeper input is reported as
  /// NestingTooDeep and not parsed (the parser recurses on nesting).
  unsigned maxNesting = 256;
  /// Deepest expression accepted, counted in operators: every `and`, `or`,
  /// `not`, comparison and `is set` on the way from the root to a leaf is
  /// one level, so `a or b or c` is 3 deep and 1,000 `not`s are 1,001.
  /// Deeper expressions are reported as ExpressionTooDeep and dropped while
  /// they are built, so no later phase recurses further than this.
  unsigned maxExprDepth = 1000;
  /// Threads a large buffer may be parsed on. With more than one, a buffer
  /// of at least 2 * minChunkBytes is cut at lines that start a top-level
  /// `step`, `@attribute` or `section` into up to four pieces a thread, of
  /// at least minChunkBytes each, and the threads parse them at the same
  /// time, each taking the next piece as it finishes one (a thread slowed
  /// down leaves the others more). The result is kept only when every
  /// piece parsed without a single diagnostic (otherwise the buffer is
  /// parsed again, in one piece, so that diagnostics and recovery are
  /// exactly the sequential ones). The AST is the same either way
  /// (tests/parse/parallel_test.cpp).
  unsigned threads = 1;
  size_t minChunkBytes = size_t(1) << 19;
  /// Filled in when set.
  ParseStats *stats = nullptr;
};

/// Parses buffer `bufferId` of `sm`, reporting every problem to `diags`.
/// Always returns a File (partial when there were errors). Node ranges are
/// half-open byte ranges into the buffer: Start is the first byte of the
/// first token, End one past the last byte of the last token.
std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr &sm, unsigned bufferId,
                                       diag::DiagnosticEngine &diags,
                                       const ParseOptions &opts = {});

/// Parses bytes [begin, end) of buffer `bufferId` on their own, as one
/// piece of the parallel parse is (ParseOptions::threads), for a caller
/// that keeps the declarations of the rest of the buffer from an earlier
/// parse (the language server, after an edit). `begin` must be 0 or where
/// a top-level declaration starts, and `end` the buffer's end or where a
/// top-level `step` (its first `@` if it has attributes) or `section`
/// starts, each after a whitespace byte. Returns the piece's declarations,
/// comments and control characters when it parsed to its end with no
/// diagnostic at all (the whole buffer then parses to those of the rest
/// with these in between), nullptr otherwise: the caller parses the whole
/// buffer with parseBuffer. Reports nothing.
std::unique_ptr<ast::File> parsePieceOf(const llvm::SourceMgr &sm, unsigned bufferId,
                                        size_t begin, size_t end, const ParseOptions &opts = {});

} // namespace callflow::parse
