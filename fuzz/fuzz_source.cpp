// Fuzz entry for the compiler front end and codegen (see fuzz_targets.h).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "callflow/runtime.h"
#include "check/sema.h"
#include "codegen/codegen.h"
#include "codegen/compile_file.h"
#include "drive_session.h"
#include "driver/compilation.h"
#include "format/formatter.h"
#include "fuzz_targets.h"
#include "llvm/Support/MemoryBuffer.h"
#include "parse/parse_internal.h"

namespace callflow::fuzz {

namespace {

/// `src` parsed on `threads` threads with pieces of any size
/// (parse::internal::snapshot).
std::string parseDump(llvm::StringRef src, unsigned threads, unsigned &pieces) {
  parse::ParseOptions opts;
  opts.threads = threads;
  opts.minChunkBytes = 1;
  return parse::internal::snapshot(parse::internal::BuildMode::Auto, src, opts, &pieces);
}

/// The parallel parse (ParseOptions::threads) must build exactly what the
/// parse in one piece builds, wherever the input puts the cuts.
/// Returns the parse in one piece.
std::string checkParallelParse(llvm::StringRef src) {
  unsigned onePieces = 0, manyPieces = 0;
  std::string one = parseDump(src, 1, onePieces);
  std::string many = parseDump(src, 3, manyPieces);
  if (one != many) {
    std::fprintf(stderr, "the parse in %u pieces differs from the parse in one:\n--- one\n%s\n--- %u\n%s\n",
                 manyPieces, one.c_str(), manyPieces, many.c_str());
    std::abort();
  }
  return one;
}

/// Strings the token buffer passes whole (STR_LIT) must build what their
/// parts build: without a syntax error (after one, recovery sees other
/// tokens), `parsed` (BuildMode::Auto) equals the parse that walks the tree
/// of every string's parts (BuildMode::TreeOnly).
void checkWholeStrings(llvm::StringRef src, const std::string &parsed) {
  if (parsed.find(" E0005 ") != std::string::npos)
    return;
  std::string parts = parse::internal::snapshot(parse::internal::BuildMode::TreeOnly, src);
  if (parts != parsed) {
    std::fprintf(stderr, "whole strings parse differently from their parts:\n--- whole\n%s\n--- parts\n%s\n",
                 parsed.c_str(), parts.c_str());
    std::abort();
  }
}

} // namespace

int fuzzSource(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  checkWholeStrings(text, checkParallelParse(text));
  // flowc fmt's promise, comments included: same AST, same comments,
  // fmt(fmt(x)) == fmt(x).
  if (std::string broken = format::checkFormatProperty(text); !broken.empty()) {
    std::fprintf(stderr, "flowc fmt broke its promise: %s\n", broken.c_str());
    std::abort();
  }
  driver::CompileOptions opts;
  // Imports may not leave this (absent) directory, so no input reads files.
  opts.projectRoot = "/nonexistent/callflow-fuzz-root";
  opts.errorLimit = 50;
  driver::Compilation comp(opts);
  comp.loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.flow"));
  // As flowc build does it: codegen runs while the checker's last passes
  // do, so it also meets programs those passes then reject.
  codegen::Checked checked = codegen::checkAndGenerate(comp, codegen::Options());
  if (!checked.clean)
    return 0;
  const codegen::Result &r = checked.code;
  if (!r) {
    std::fprintf(stderr, "a clean program failed to compile: %s\n", r.error.c_str());
    std::abort();
  }
  Loaded l = Program::load(r.bytes);
  if (!l) {
    std::fprintf(stderr, "codegen output rejected by the verifier: %s\n", l.error.str().c_str());
    std::abort();
  }
  driveSession(*l.program, std::span<const uint8_t>(data, size), 2048);
  return 0;
}

} // namespace callflow::fuzz
