// parse_phases FILE [PHASE...]: times each phase of the front end on one file, ANTLR in
// isolation included, in user CPU seconds (getrusage; the machine is shared,
// so wall time is not used):
//   validate    UTF-8/NUL check and the nesting pre-scan
//   scan        the hand-written Scanner alone (tokens counted, not stored)
//   antlr-lex   the ANTLR-generated FlowLexer alone over the code points
//   buffer      Scanner into the TokenBuffer the parser reads, all kept
//   parse-tree  ANTLR parser, SLL, one declaration at a time, with trees
//               (lexing on demand included, as parseBuffer does it)
//   parse-bare  the same with setBuildParseTree(false)
//   full        parseBuffer: everything, AST included
// Naming phases runs only those (e.g. `full` alone, for perf record).
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "FlowLexer.h"
#include "FlowParser.h"
#include "antlr4-runtime.h"
#include "diag/diagnostic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "parse/parse.h"
#include "parse/scanner.h"
#include "parse/source_map.h"
#include "parse/token_stream.h"

using namespace callflow;

namespace {

/// A CharStream over already decoded code points.
class CodePointStream : public antlr4::ANTLRInputStream {
public:
  explicit CodePointStream(std::u32string &&cps) {
    _data = std::move(cps);
    p = 0;
  }
};

double userSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec) / 1e6;
}

/// Phases named on the command line (all when none is).
std::vector<std::string> g_only;

void phase(const char *name, const std::function<std::string()> &fn) {
  if (!g_only.empty() && std::find(g_only.begin(), g_only.end(), name) == g_only.end())
    return;
  double t0 = userSeconds();
  std::string what = fn();
  std::printf("%-11s %8.3f s  %s\n", name, userSeconds() - t0, what.c_str());
}

std::string parseDecls(llvm::StringRef src, bool tree) {
  parse::TokenBuffer tokens(src, "input");
  callflow_antlr::FlowParser parser(&tokens);
  parser.removeErrorListeners();
  parser.setBuildParseTree(tree);
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  size_t decls = 0;
  while (tokens.LA(1) != antlr4::Token::EOF) {
    parser.decl();
    parser.getTreeTracker().reset();
    tokens.releaseBefore(tokens.index());
    ++decls;
  }
  return std::to_string(decls) + " decls (lexing included)";
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: parse_phases FILE [PHASE...]\n");
    return 2;
  }
  auto buf = llvm::MemoryBuffer::getFile(argv[1]);
  if (!buf) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  llvm::StringRef src = (*buf)->getBuffer();
  g_only.assign(argv + 2, argv + argc);
  std::printf("%s: %zu bytes\n", argv[1], src.size());
  phase("validate", [&] {
    bool ok = parse::validateUtf8(src).kind == parse::DecodeProblem::None &&
              !parse::findTooDeepNesting(src, 256);
    return std::string(ok ? "ok" : "REJECTED");
  });
  phase("scan", [&] {
    parse::Scanner s(src);
    size_t n = 0;
    while (!s.next().isEof())
      ++n;
    return std::to_string(n) + " tokens";
  });
  phase("antlr-lex", [&] {
    std::u32string cps;
    for (size_t i = 0; i < src.size();) {
      auto c = static_cast<unsigned char>(src[i]);
      size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      char32_t cp = len == 1 ? c : c & (0x7F >> len);
      for (size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(src[i + k]) & 0x3F);
      cps.push_back(cp);
      i += len;
    }
    CodePointStream input(std::move(cps));
    callflow_antlr::FlowLexer lexer(&input);
    size_t n = 0;
    while (lexer.nextToken()->getType() != antlr4::Token::EOF)
      ++n;
    return std::to_string(n) + " tokens (decoding included)";
  });
  phase("buffer", [&] {
    parse::TokenBuffer tokens(src, "input");
    tokens.fillAll();
    return std::to_string(tokens.count()) + " parser tokens, all kept";
  });
  phase("parse-tree", [&] { return parseDecls(src, true); });
  phase("parse-bare", [&] { return parseDecls(src, false); });
  phase("full", [&] {
    llvm::SourceMgr sm;
    unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(src, "input"), {});
    diag::DiagnosticEngine diags(sm);
    size_t before = mallinfo2().uordblks;
    auto file = parse::parseBuffer(sm, id, diags);
    size_t ast = mallinfo2().uordblks - before;
    return std::to_string(file->decls.size()) + " decls, " +
           std::to_string(diags.diagnostics().size()) + " diagnostics, AST heap " +
           std::to_string(ast >> 20) + " MB (" +
           std::to_string(static_cast<double>(ast) / static_cast<double>(src.size())).substr(0, 4) +
           " B per source byte)";
  });
  return 0;
}
