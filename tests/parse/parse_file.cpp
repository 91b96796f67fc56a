// parse_file: parses one .flow file with callflow_parse and prints its
// diagnostics, and optionally the AST dump and the parse time. A helper for
// the parse tests and for bench/gen_flow.py measurements:
//   parse_file FILE [--dump] [--time]
#include <chrono>
#include <cstring>

#include "ast/dump.h"
#include "diag/render.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "parse/parse.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    llvm::errs() << "usage: parse_file FILE [--dump] [--time]\n";
    return 2;
  }
  bool dump = false, timeIt = false;
  for (int i = 2; i < argc; ++i) {
    dump |= std::strcmp(argv[i], "--dump") == 0;
    timeIt |= std::strcmp(argv[i], "--time") == 0;
  }
  auto buf = llvm::MemoryBuffer::getFileOrSTDIN(argv[1]);
  if (!buf) {
    llvm::errs() << "cannot read " << argv[1] << "\n";
    return 2;
  }
  llvm::SourceMgr sm;
  unsigned id = sm.AddNewSourceBuffer(std::move(*buf), llvm::SMLoc());
  callflow::diag::DiagnosticEngine diags(sm);
  auto t0 = std::chrono::steady_clock::now();
  auto file = callflow::parse::parseBuffer(sm, id, diags);
  auto t1 = std::chrono::steady_clock::now();
  if (dump)
    callflow::ast::dumpAst(*file, sm, llvm::outs());
  callflow::diag::renderAllText(diags, llvm::errs());
  if (timeIt)
    llvm::errs() << "parse: " << std::chrono::duration<double, std::milli>(t1 - t0).count()
                 << " ms, " << file->decls.size() << " decls\n";
  return diags.hasErrors() ? 1 : 0;
}
