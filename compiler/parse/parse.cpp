// parseBuffer: input checks (NUL, UTF-8, nesting), lexing with the
// hand-written Scanner into a TokenBuffer, lexical error reporting, comment
// collection, and the two-stage ANTLR parse (SLL with bail-out one
// declaration at a time, then LL with recovery) with AST building.
#include "parse/parse.h"

#include "FlowLexer.h"
#include "FlowParser.h"
#include "antlr4-runtime.h"
#include "llvm/Support/SourceMgr.h"
#include "parse/builder.h"
#include "parse/errors.h"
#include "parse/parse_internal.h"
#include "parse/scanner.h"
#include "parse/source_map.h"
#include "parse/token_stream.h"

namespace callflow::parse {

using antlr4::Token;
using L = callflow_antlr::FlowLexer;

namespace {

SMRange rangeOf(const SourceMap &map, const LexToken &t) {
  return SMRange(map.loc(t.start), map.loc(t.end));
}

/// Lexes the whole buffer into `tokens` (the parser's default channel),
/// reports lexical errors and unterminated strings, and collects comments.
/// Returns true if end of file was reached inside a string or comment.
bool lexAll(const SourceMap &map, TokenBuffer &tokens, diag::DiagnosticEngine &diags,
            ast::File &file) {
  Scanner scanner(map.buffer());
  bool unterminated = false;
  bool inString = false;
  LexToken openString;
  for (;;) {
    LexToken t = scanner.next();
    if (t.channel == LexToken::kDefault) {
      tokens.push(t);
      if (t.type == L::STR_OPEN) {
        inString = true;
        openString = t;
      } else if (t.type == L::STR_CLOSE) {
        inString = false;
      } else if (t.isEof()) {
        break;
      }
      continue;
    }
    switch (t.type) {
    case L::LINE_COMMENT:
    case L::BLOCK_COMMENT:
      file.comments.push_back(ast::Comment{map.slice(t.start, t.end - 1).str(), rangeOf(map, t)});
      break;
    case L::UNTERMINATED_COMMENT:
      diags.report(diag::DiagId::UnterminatedComment, map.loc(t.start));
      unterminated = true;
      break;
    case L::ERROR_CHAR:
      diags.report(diag::DiagId::UnexpectedCharacter, rangeOf(map, t),
                   {map.slice(t.start, t.end - 1).str()});
      break;
    default:
      break;
    }
  }
  if (inString) {
    diags.report(diag::DiagId::UnterminatedString, rangeOf(map, openString));
    unterminated = true;
  }
  return unterminated;
}

/// Parses the tokens one top-level declaration at a time with SLL and
/// bail-out, building each declaration's AST and then freeing its parse
/// tree. On the first syntax error, re-parses from the start of that
/// declaration to the end of the file with full LL and recovery.
void parseTokens(TokenBuffer &tokens, ErrorSink &sink, ast::File &file, bool allowClean) {
  callflow_antlr::FlowParser parser(&tokens);
  parser.removeErrorListeners();
  AstBuilder builder(sink.map, sink.diags);
  auto *sim = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  // Stage 1: SLL, bail out on the first error (valid input never needs LL).
  sim->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  if (allowClean)
    builder.setCleanTokens(&tokens);
  size_t declStart = 0;
  try {
    while (tokens.LA(1) != Token::EOF) {
      declStart = tokens.index();
      callflow_antlr::FlowParser::DeclContext *decl = parser.decl();
      if (ast::DeclPtr d = builder.buildDecl(decl))
        file.decls.push_back(std::move(d));
      parser.getTreeTracker().reset();
    }
    return;
  } catch (antlr4::ParseCancellationException &) {
  }
  // Stage 2: full LL with recovery and our messages, from the declaration
  // that failed to the end.
  parser.reset();
  tokens.seek(declStart);
  builder.setCleanTokens(nullptr);
  sim->setPredictionMode(antlr4::atn::PredictionMode::LL);
  parser.setErrorHandler(std::make_shared<FlowErrorStrategy>(sink));
  builder.buildFile(parser.file(), file);
}

} // namespace

std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr &sm, unsigned bufferId,
                                       diag::DiagnosticEngine &diags, const ParseOptions &opts) {
  return internal::parseBufferIn(internal::BuildMode::Auto, sm, bufferId, diags, opts);
}

std::unique_ptr<ast::File> internal::parseBufferIn(BuildMode mode, llvm::SourceMgr &sm,
                                                   unsigned bufferId,
                                                   diag::DiagnosticEngine &diags,
                                                   const ParseOptions &opts) {
  auto file = std::make_unique<ast::File>();
  file->bufferId = bufferId;
  const llvm::MemoryBuffer *buf = sm.getMemoryBuffer(bufferId);
  file->path = buf->getBufferIdentifier().str();
  llvm::StringRef src = buf->getBuffer();
  SourceMap map(src);
  if (src.size() >= Scanner::kMaxSize) {
    diags.report(diag::DiagId::SyntaxError, map.locAtByte(0),
                 {"the file is too large (4 GiB or more)"});
    return file;
  }

  DecodeProblem problem = validateUtf8(src);
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
    TokenBuffer tokens(src, file->path);
    ErrorSink sink{diags, map};
    sink.suppressAtEof = lexAll(map, tokens, diags, *file);
    parseTokens(tokens, sink, *file, mode == BuildMode::Auto);
  } catch (const std::exception &e) {
    diags.report(diag::DiagId::SyntaxError, map.locAtByte(0),
                 {std::string("internal parser error: ") + e.what()});
  } catch (...) {
    diags.report(diag::DiagId::SyntaxError, map.locAtByte(0), {"internal parser error"});
  }
  return file;
}

} // namespace callflow::parse
