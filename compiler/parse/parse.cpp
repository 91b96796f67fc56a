// parseBuffer: input checks (NUL, UTF-8, nesting), lexing on demand with the
// hand-written Scanner through a TokenBuffer, lexical error reporting,
// comment collection, and the two-stage ANTLR parse (SLL with bail-out one
// declaration at a time, releasing its tree and tokens, then LL with
// recovery) with AST building.
#include "parse/parse.h"

#include <algorithm>
#include <deque>

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

/// Receives the lexer's off-channel tokens as the parser pulls tokens:
/// reports lexical errors and collects comments; at the end of the buffer
/// reports an unterminated string and, after an unterminated string or
/// comment, tells the error sink to stay quiet about the end of file.
struct LexReporter {
  const SourceMap &map;
  ErrorSink &sink;
  ast::File &file;
  const TokenBuffer *tokens = nullptr;

  void operator()(const LexToken &t) {
    switch (t.type) {
    case L::LINE_COMMENT:
    case L::BLOCK_COMMENT:
      file.comments.push_back(ast::Comment{map.slice(t.start, t.end - 1).str(), rangeOf(map, t)});
      break;
    case L::UNTERMINATED_COMMENT:
      sink.diags.report(diag::DiagId::UnterminatedComment, map.loc(t.start));
      sink.suppressAtEof = true;
      break;
    case L::ERROR_CHAR:
      sink.diags.report(diag::DiagId::UnexpectedCharacter, rangeOf(map, t),
                        {map.slice(t.start, t.end - 1).str()});
      break;
    case LexToken::kEof:
      if (const LexToken *open = tokens->unclosedString()) {
        sink.diags.report(diag::DiagId::UnterminatedString, rangeOf(map, *open));
        sink.suppressAtEof = true;
      }
      break;
    default:
      break;
    }
  }
};

/// The generated parser with cheaper parse-tree building for the
/// error-free SLL stage, where a tree lives only until its declaration's
/// AST is built. ANTLR 4.9 allocates a terminal node per token (the tracker
/// deletes them one by one after each declaration) and links each context
/// to its parent through a dynamic_cast across the shared-library
/// boundary. In pooled mode terminal nodes come from a pool reused for
/// every declaration (the tracker never sees them), and contexts are
/// linked with a static_cast (every context of this parser is a
/// ParserRuleContext). The LL stage with error recovery keeps ANTLR's own
/// behaviour (error nodes, tracker-owned nodes).
class PooledParser : public callflow_antlr::FlowParser {
public:
  using FlowParser::FlowParser;

  void setPooled(bool on) { pooled_ = on; }
  /// Makes every pooled node available again; only once the tree that
  /// holds them is gone.
  void recycleNodes() { used_ = 0; }

  Token *consume() override {
    if (!pooled_) return FlowParser::consume();
    Token *t = getCurrentToken();
    if (t->getType() != Token::EOF) getInputStream()->consume();
    _ctx->addChild(node(t));
    return t;
  }

  void enterRule(antlr4::ParserRuleContext *ctx, size_t state, size_t rule) override {
    FlowParser::enterRule(ctx, state, rule);
    if (pooled_) ctx->children.reserve(4);
  }

protected:
  void addContextToParseTree() override {
    if (!pooled_) return FlowParser::addContextToParseTree();
    if (_ctx->parent) static_cast<antlr4::ParserRuleContext *>(_ctx->parent)->addChild(_ctx);
  }

private:
  antlr4::tree::TerminalNodeImpl *node(Token *t) {
    if (used_ == nodes_.size()) nodes_.emplace_back(t);
    antlr4::tree::TerminalNodeImpl &n = nodes_[used_++];
    n.symbol = t;
    n.parent = nullptr;
    return &n;
  }

  std::deque<antlr4::tree::TerminalNodeImpl> nodes_; // stable addresses
  size_t used_ = 0;
  bool pooled_ = false;
};

/// Parses the tokens one top-level declaration at a time with SLL and
/// bail-out, building each declaration's AST and then freeing its parse
/// tree. On the first syntax error, re-parses from the start of that
/// declaration to the end of the file with full LL and recovery.
void parseTokens(TokenBuffer &tokens, ErrorSink &sink, ast::File &file, bool allowClean,
                 unsigned maxExprDepth) {
  PooledParser parser(&tokens);
  parser.removeErrorListeners();
  AstBuilder builder(sink.map, sink.diags);
  builder.setMaxExprDepth(maxExprDepth);
  auto *sim = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  // Stage 1: SLL, bail out on the first error (valid input never needs LL).
  sim->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  if (allowClean)
    builder.setCleanTokens(&tokens);
  parser.setPooled(true);
  size_t declStart = 0;
  try {
    while (tokens.LA(1) != Token::EOF) {
      declStart = tokens.index();
      callflow_antlr::FlowParser::DeclContext *decl = parser.decl();
      if (ast::DeclPtr d = builder.buildDecl(decl))
        file.decls.push_back(std::move(d));
      parser.getTreeTracker().reset();
      parser.recycleNodes();
      tokens.releaseBefore(tokens.index());
    }
    return;
  } catch (antlr4::ParseCancellationException &) {
  }
  // Stage 2: full LL with recovery and our messages, from the declaration
  // that failed to the end.
  parser.reset();
  parser.setPooled(false);
  parser.recycleNodes();
  tokens.seek(declStart);
  builder.setCleanTokens(nullptr);
  sim->setPredictionMode(antlr4::atn::PredictionMode::LL);
  parser.setErrorHandler(std::make_shared<FlowErrorStrategy>(sink));
  builder.buildFile(parser.file(), file);
}

/// Marks the steps that hold the location of an error reported since
/// diagnostic `from` (syntax errors: the file's only errors so far).
void markStepsWithErrors(const diag::DiagnosticEngine &diags, size_t from, ast::File &file) {
  std::vector<const char *> at;
  const auto &all = diags.diagnostics();
  for (size_t i = from; i < all.size(); ++i)
    if (all[i].severity == diag::Severity::Error && all[i].range.Start.isValid())
      at.push_back(all[i].range.Start.getPointer());
  if (at.empty())
    return;
  std::sort(at.begin(), at.end());
  auto mark = [&](ast::StepDecl &s) {
    auto it = std::lower_bound(at.begin(), at.end(), s.range.Start.getPointer());
    s.syntaxErrors = it != at.end() && *it <= s.range.End.getPointer();
  };
  for (ast::DeclPtr &d : file.decls) {
    if (auto *s = llvm::dyn_cast<ast::StepDecl>(d.get()))
      mark(*s);
    else if (auto *sec = llvm::dyn_cast<ast::SectionDecl>(d.get()))
      for (auto &st : sec->steps)
        mark(*st);
  }
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
    file->unparsed = true;
    return file;
  }

  DecodeProblem problem = validateUtf8(src);
  if (problem.kind != DecodeProblem::None) {
    diag::DiagId id = problem.kind == DecodeProblem::Nul ? diag::DiagId::NulByte
                                                         : diag::DiagId::InvalidUtf8;
    diags.report(id, map.locAtByte(problem.offset), {std::to_string(problem.offset)});
    file->unparsed = true;
    return file;
  }
  if (std::optional<size_t> deep = findTooDeepNesting(src, opts.maxNesting)) {
    diags.report(diag::DiagId::NestingTooDeep, map.locAtByte(*deep),
                 {std::to_string(opts.maxNesting)});
    file->unparsed = true;
    return file;
  }
  const size_t diagsBefore = diags.diagnostics().size();
  try {
    ErrorSink sink{diags, map};
    LexReporter reporter{map, sink, *file};
    TokenBuffer tokens(src, file->path, [&reporter](const LexToken &t) { reporter(t); });
    reporter.tokens = &tokens;
    parseTokens(tokens, sink, *file, mode == BuildMode::Auto, opts.maxExprDepth);
  } catch (const std::exception &e) {
    diags.report(diag::DiagId::SyntaxError, map.locAtByte(0),
                 {std::string("internal parser error: ") + e.what()});
  } catch (...) {
    diags.report(diag::DiagId::SyntaxError, map.locAtByte(0), {"internal parser error"});
  }
  markStepsWithErrors(diags, diagsBefore, *file);
  return file;
}

} // namespace callflow::parse
