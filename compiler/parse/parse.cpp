// parseBuffer: input checks (NUL, UTF-8, nesting), UTF-32 decoding, lexing,
// the two-stage ANTLR parse (SLL with bail-out, then LL with recovery),
// lexical error reporting, comment collection and AST building.
#include "parse/parse.h"

#include "FlowLexer.h"
#include "FlowParser.h"
#include "antlr4-runtime.h"
#include "llvm/Support/SourceMgr.h"
#include "parse/builder.h"
#include "parse/errors.h"
#include "parse/source_map.h"

namespace callflow::parse {

using antlr4::Token;
using L = callflow_antlr::FlowLexer;

namespace {

/// A CharStream over code points decoded by us (ANTLRInputStream's own
/// UTF-8 decoding is slow and over-allocates).
class CodePointStream : public antlr4::ANTLRInputStream {
public:
  explicit CodePointStream(std::u32string &&cps) {
    _data = std::move(cps);
    p = 0;
  }
};

/// Reports the lexer's error tokens, unterminated strings, and collects
/// comments. Returns true if end of file was reached inside a string or
/// comment.
bool scanTokens(antlr4::CommonTokenStream &tokens, const SourceMap &map, ErrorSink &sink,
                ast::File &file) {
  bool unterminated = false;
  Token *openString = nullptr;
  for (Token *t : tokens.getTokens()) {
    switch (t->getType()) {
    case L::STR_OPEN:
      openString = t;
      break;
    case L::STR_CLOSE:
      openString = nullptr;
      break;
    case L::LINE_COMMENT:
    case L::BLOCK_COMMENT:
      file.comments.push_back(ast::Comment{map.slice(t->getStartIndex(), t->getStopIndex()).str(),
                                           sink.rangeOf(t)});
      break;
    case L::UNTERMINATED_COMMENT:
      sink.diags.report(diag::DiagId::UnterminatedComment, sink.rangeOf(t).Start);
      unterminated = true;
      break;
    case L::ERROR_CHAR: {
      llvm::StringRef ch = map.slice(t->getStartIndex(), t->getStopIndex());
      sink.diags.report(diag::DiagId::UnexpectedCharacter, sink.rangeOf(t), {ch.str()});
      break;
    }
    default:
      break;
    }
  }
  if (openString) {
    sink.diags.report(diag::DiagId::UnterminatedString, sink.rangeOf(openString));
    unterminated = true;
  }
  return unterminated;
}

void parseTokens(std::u32string &&cps, const SourceMap &map, diag::DiagnosticEngine &diags,
                 ast::File &file) {
  CodePointStream input(std::move(cps));
  L lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();

  ErrorSink sink{diags, map};
  sink.suppressAtEof = scanTokens(tokens, map, sink, file);

  callflow_antlr::FlowParser parser(&tokens);
  parser.removeErrorListeners();
  // Stage 1: SLL, bail out on the first error (valid input never needs LL).
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  callflow_antlr::FlowParser::FileContext *tree = nullptr;
  try {
    tree = parser.file();
  } catch (antlr4::ParseCancellationException &) {
    // Stage 2: full LL with recovery and our messages.
    tokens.seek(0);
    parser.reset();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    parser.setErrorHandler(std::make_shared<FlowErrorStrategy>(sink));
    tree = parser.file();
  }
  AstBuilder builder(map, diags);
  builder.buildFile(tree, file);
}

} // namespace

std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr &sm, unsigned bufferId,
                                       diag::DiagnosticEngine &diags, const ParseOptions &opts) {
  auto file = std::make_unique<ast::File>();
  file->bufferId = bufferId;
  const llvm::MemoryBuffer *buf = sm.getMemoryBuffer(bufferId);
  file->path = buf->getBufferIdentifier().str();
  llvm::StringRef src = buf->getBuffer();
  SourceMap map(src);

  std::u32string cps;
  DecodeProblem problem = decodeUtf8(src, cps, map);
  if (problem.kind != DecodeProblem::None) {
    diag::DiagId id = problem.kind == DecodeProblem::Nul ? diag::DiagId::NulByte
                                                         : diag::DiagId::InvalidUtf8;
    diags.report(id, map.locAtByte(problem.offset), {std::to_string(problem.offset)});
    return file;
  }
  if (std::optional<size_t> deep = findTooDeepNesting(src, opts.maxNesting)) {
    diags.report(diag::DiagId::NestingTooDeep, map.locAtByte(*deep),
                 {std::to_string(opts.maxNesting)});
    return file;
  }
  try {
    parseTokens(std::move(cps), map, diags, *file);
  } catch (const std::exception &e) {
    diags.report(diag::DiagId::SyntaxError, map.locAtByte(0),
                 {std::string("internal parser error: ") + e.what()});
  } catch (...) {
    diags.report(diag::DiagId::SyntaxError, map.locAtByte(0), {"internal parser error"});
  }
  return file;
}

} // namespace callflow::parse
