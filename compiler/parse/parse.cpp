// parseBuffer: input checks (NUL, UTF-8, nesting), lexing on demand with the
// hand-written Scanner through a TokenBuffer, lexical error reporting,
// comment collection, and the two-stage ANTLR parse (SLL with bail-out one
// declaration at a time, releasing its tree and tokens, then LL with
// recovery) with AST building.
#include "parse/parse.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "FlowLexer.h"
#include "FlowParser.h"
#include "antlr4-runtime.h"
#include "llvm/Support/SourceMgr.h"
#include "parse/builder.h"
#include "parse/errors.h"
#include "parse/parse_internal.h"
#include "parse/predict_cache.h"
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
    case LexToken::kControlChar:
      file.controlChars.push_back(rangeOf(map, t));
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
  explicit PooledParser(antlr4::TokenStream *input) : FlowParser(input) { PredictCache::install(*this); }

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
    if (pooled_ && !reuseChildren(*ctx)) ctx->children.reserve(4);
  }

protected:
  void addContextToParseTree() override {
    if (!pooled_) return FlowParser::addContextToParseTree();
    if (_ctx->parent) static_cast<antlr4::ParserRuleContext *>(_ctx->parent)->addChild(_ctx);
  }

private:
  antlr4::tree::TerminalNodeImpl *node(Token *t) {
    if (used_ == nodes_.size()) nodes_.push_back(std::make_unique<antlr4::tree::TerminalNodeImpl>(t));
    antlr4::tree::TerminalNodeImpl &n = *nodes_[used_++];
    n.symbol = t;
    n.parent = nullptr;
    return &n;
  }

  // Stable addresses, one block each: as many as the largest declaration
  // has tokens, reused for every declaration (a deque's indexing cost a
  // third of consume()).
  std::vector<std::unique_ptr<antlr4::tree::TerminalNodeImpl>> nodes_;
  size_t used_ = 0;
  bool pooled_ = false;
};

/// A piece of the parallel parse that may start or end among a section's
/// steps (parseInPieces).
struct SectionContinuation {
  bool startsInside = false; // in: the piece starts among a section's steps
  /// Out, when it starts inside: those steps, and the range end of the
  /// section's '}' when the piece holds it (`closed`).
  ast::SectionDecl leading;
  bool closed = false;
  /// Out: the piece ends among a section's steps; that section is the
  /// piece's last declaration, its range not ended.
  bool endsInside = false;
};

/// Stage 1: parses the tokens one top-level declaration at a time with SLL
/// and bail-out, building each declaration's AST and then freeing its parse
/// tree; a section is taken a step at a time. Returns false at the first
/// syntax error, with `declStart` the index of the first token of the
/// declaration that failed. With `cont` (a piece of the parallel parse),
/// the tokens may start and end among a section's steps.
bool parseClean(PooledParser &parser, TokenBuffer &tokens, AstBuilder &builder, ast::File &file,
                bool allowClean, size_t &declStart, SectionContinuation *cont) {
  auto *sim = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  // SLL, bail out on the first error (valid input never needs LL).
  sim->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  if (allowClean)
    builder.setCleanTokens(&tokens);
  parser.setPooled(true);
  declStart = 0;
  auto freeTree = [&] {
    parser.freeContexts();
    parser.recycleNodes();
  };
  // A section's steps, each step's tree freed once its AST is built, up to
  // and with its '}'; false at the end of the tokens (no '}'). As one
  // declaration, a section of 100k steps held all their trees at once (2x
  // the parse time of the same steps outside a section). Its tokens stay
  // until its '}': a syntax error inside is re-parsed from its start.
  auto takeSteps = [&](ast::SectionDecl &section) {
    while (tokens.LA(1) != callflow_antlr::FlowLexer::RBRACE) {
      if (tokens.LA(1) == Token::EOF)
        return false;
      section.steps.push_back(builder.buildStep(parser.stepDecl()));
      freeTree();
    }
    section.range.End = builder.range(tokens.LT(1)).End;
    tokens.consume();
    return true;
  };
  try {
    if (cont && cont->startsInside) {
      cont->closed = takeSteps(cont->leading);
      if (!cont->closed) {
        cont->endsInside = true;
        return true;
      }
      tokens.releaseBefore(tokens.index());
    }
    while (tokens.LA(1) != Token::EOF) {
      declStart = tokens.index();
      if (tokens.LA(1) == callflow_antlr::FlowLexer::SECTION) {
        std::unique_ptr<ast::SectionDecl> section = builder.buildSectionHead(parser.sectionHead());
        freeTree();
        const bool closed = takeSteps(*section);
        if (!closed && !cont)
          return false; // the end of the file inside a section
        file.decls.push_back(std::move(section));
        if (!closed) {
          cont->endsInside = true;
          return true;
        }
      } else {
        if (ast::DeclPtr d = builder.buildDecl(parser.decl()))
          file.decls.push_back(std::move(d));
        freeTree();
      }
      tokens.releaseBefore(tokens.index());
    }
    return true;
  } catch (antlr4::ParseCancellationException &) {
    return false;
  }
}

/// Parses the tokens with SLL (parseClean) and returns whether that went
/// through without a syntax error. On the first one, with `recover`,
/// re-parses from the start of that declaration to the end of the file
/// with full LL and recovery; without (a piece of the parallel parse, which
/// is then given up), stops there.
bool parseTokens(TokenBuffer &tokens, ErrorSink &sink, ast::File &file, bool allowClean,
                 unsigned maxExprDepth, bool recover = true, SectionContinuation *cont = nullptr) {
  PooledParser parser(&tokens);
  parser.removeErrorListeners();
  AstBuilder builder(sink.map, sink.diags);
  builder.setTokens(&tokens);
  builder.setMaxExprDepth(maxExprDepth);
  size_t declStart = 0;
  if (parseClean(parser, tokens, builder, file, allowClean, declStart, cont))
    return true;
  if (!recover)
    return false;
  // Stage 2: full LL with recovery and our messages, from the declaration
  // that failed to the end.
  parser.reset();
  parser.freeContexts();
  parser.setPooled(false);
  parser.recycleNodes();
  tokens.seek(declStart);
  builder.setCleanTokens(nullptr);
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  parser.setErrorHandler(std::make_shared<FlowErrorStrategy>(sink));
  builder.buildFile(parser.file(), file);
  return false;
}

// ---- the parallel parse of a large buffer ----------------------------------
//
// The buffer is cut at line starts that begin a declaration (`step` or `@`
// of a step's attribute, after blanks or none, or `section` in the first
// column), at the top level or among a section's steps; each piece
// [cut_i, cut_i+1) is lexed and parsed on its own thread, with its own
// parser, DiagnosticEngine and ast::File, and the pieces' declarations and
// comments are joined in order: the steps a piece starts with, when it
// starts inside a section, go to the section the piece before left open.
// The cuts are guesses; what makes the result exactly the sequential one is
// that it is kept only when every piece parsed to its end with no
// diagnostic at all, and a piece starts inside a section exactly when the
// one before ended inside one (and the last does not):
// - no token crosses a cut: a cut follows a '\n', and only comments and
//   strings span lines; a piece that ends inside one reports it
//   (unterminated), so its parse is not kept;
// - each piece ends at a declaration boundary of the whole buffer: a piece
//   that ends inside a declaration (a cut inside a section, a block or an
//   expression) is a syntax error at its end; and no declaration that is
//   complete at the end of a piece could go on through the next piece's
//   first token (STEP, AT and SECTION cannot continue any declaration: a
//   grammar position where SECTION may be a name needs that name, so the
//   piece before it fails);
// - the SLL parse of each declaration, and of each step of a section,
//   starts from an empty rule stack, as the parse in one piece takes them
//   (parseClean), so it does not depend on what came before.
// Otherwise the buffer is parsed again in one piece, and its diagnostics
// and recovery are the sequential ones.

/// Where a piece starts, and whether it is guessed to start among a
/// section's steps.
struct Cut {
  uint32_t at = 0;
  bool insideSection = false;
};

/// Pieces a thread of the parallel parse, at most (parseInPieces).
constexpr size_t kPiecesPerThread = 4;

/// Where the pieces start (the first at 0): at most `pieces` of them, each
/// at least `minBytes` long.
std::vector<Cut> findCuts(llvm::StringRef src, unsigned pieces, size_t minBytes) {
  std::vector<Cut> cuts{Cut{}};
  // The first byte of the line that starts at `p` that is not a blank.
  auto firstNonBlank = [&](size_t p) {
    while (p < src.size() && (src[p] == ' ' || src[p] == '\t'))
      ++p;
    return p;
  };
  // Whether the line at `p` is among a section's steps, as a formatted
  // file has it: a `section` line and its `}` line start in the first
  // column, and the steps inside are indented. The last such line before
  // `p` decides. Asked only of indented lines, at increasing offsets: the
  // lines are looked at backwards from `p`, down to where it was last
  // asked, whose answer stands when none of them decides (so each line is
  // looked at once at most, and most of them never: the section line is
  // near).
  size_t asked = 0;
  bool inSection = false;
  auto insideSection = [&](size_t p) {
    for (size_t end = p; end > asked;) {
      const size_t nl = src.rfind('\n', end - 1); // before the one that ends it
      const size_t line = nl == llvm::StringRef::npos ? 0 : nl + 1;
      if (src[line] == '}') {
        inSection = false;
        break;
      }
      if (src.substr(line, 8) == "section ") {
        inSection = true;
        break;
      }
      end = line;
    }
    asked = p;
    return inSection;
  };
  // `p` starts a line; a step's attributes may stand on lines of their own
  // before it, so a line after an attribute line is not a cut.
  auto cutAt = [&](size_t p) -> std::optional<Cut> {
    const size_t q = firstNonBlank(p);
    llvm::StringRef rest = src.substr(q, 9);
    if (!rest.startswith("step ") && !rest.startswith("@") &&
        !(q == p && rest.startswith("section ")))
      return std::nullopt;
    size_t prev = p >= 2 ? src.rfind('\n', p - 2) : llvm::StringRef::npos;
    prev = prev == llvm::StringRef::npos ? 0 : prev + 1;
    if (src[firstNonBlank(prev)] == '@')
      return std::nullopt;
    return Cut{static_cast<uint32_t>(p), q > p && insideSection(p)};
  };
  for (unsigned i = 1; i < pieces; ++i) {
    size_t p = std::max<size_t>(src.size() / pieces * i, cuts.back().at + minBytes);
    std::optional<Cut> cut;
    while (!cut) {
      p = src.find('\n', p);
      if (p == llvm::StringRef::npos || ++p >= src.size())
        return cuts;
      cut = cutAt(p);
    }
    if (src.size() - p < minBytes)
      break;
    cuts.push_back(*cut);
  }
  return cuts;
}

/// One piece: its own diagnostics (kept only to learn there were some),
/// declarations and comments, and how it starts and ends with respect to
/// sections.
struct Piece {
  Piece(const llvm::SourceMgr &sm) : diags(sm) {}
  diag::DiagnosticEngine diags;
  ast::File file;
  SectionContinuation section;
  bool ok = false;
};

/// Parses [begin, end) of `src` into `piece`; never throws. The piece gets
/// the checks the whole buffer gets before a parse in one piece (UTF-8, the
/// nesting depth), on its own bytes: a cut follows a '\n', so it splits no
/// UTF-8 sequence, and the piece's lexer, starting outside any string or
/// comment at the cut, sees the same nesting as this scan does, which is
/// what bounds the parser's recursion.
void parsePiece(llvm::StringRef src, uint32_t begin, uint32_t end, const std::string &path,
                const SourceMap &map, const ParseOptions &opts, Piece &piece) {
  try {
    llvm::StringRef text = src.slice(begin, end);
    // Among a section's steps, one level of nesting is the section's. (Past
    // its '}' the piece is held to one level less than the buffer: at
    // worst, a buffer at the limit is parsed in one piece.)
    const unsigned maxNesting = opts.maxNesting - (piece.section.startsInside ? 1 : 0);
    if (validateUtf8(text).kind != DecodeProblem::None || maxNesting == 0 ||
        findTooDeepNesting(text, maxNesting))
      return; // not ok: the buffer is checked and parsed in one piece
    ErrorSink sink{piece.diags, map};
    LexReporter reporter{map, sink, piece.file};
    TokenBuffer tokens(src.take_front(end), path, [&reporter](const LexToken &t) { reporter(t); },
                       begin);
    reporter.tokens = &tokens;
    // A clean parse ends on the piece's EOF token, whose lexing reports a
    // string or comment the piece's end left open.
    bool clean = parseTokens(tokens, sink, piece.file, /*allowClean=*/true, opts.maxExprDepth,
                             /*recover=*/false, &piece.section);
    piece.ok = clean && piece.diags.diagnostics().empty();
  } catch (...) {
    piece.ok = false;
  }
}

/// The parallel parse: the number of pieces, or 0 (and `file` untouched)
/// when the buffer must be parsed in one piece.
///
/// A large buffer is cut into up to kPiecesPerThread pieces a thread, and
/// the threads take the next piece as they finish one: a thread slowed
/// down (a busy machine, a core taken by something else, fresh memory
/// faulted in) leaves the others more pieces, instead of keeping them
/// waiting for its half. The pieces are joined in source order as before.
unsigned parseInPieces(const llvm::SourceMgr &sm, llvm::StringRef src, const SourceMap &map,
                   const ParseOptions &opts, ast::File &file) {
  const unsigned threads = std::min(opts.threads, 16u);
  const size_t minBytes = std::max<size_t>(opts.minChunkBytes, 1);
  // As many pieces a thread as the buffer has minChunkBytes for, so that
  // every thread gets the same number of pieces of about the same size.
  const size_t perThread =
      std::clamp<size_t>(src.size() / minBytes / threads, 1, kPiecesPerThread);
  std::vector<Cut> cuts = findCuts(src, unsigned(threads * perThread), minBytes);
  if (cuts.size() < 2)
    return 0;
  cuts.push_back(Cut{static_cast<uint32_t>(src.size()), false});
  std::vector<std::unique_ptr<Piece>> pieces;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    pieces.push_back(std::make_unique<Piece>(sm));
    pieces.back()->section.startsInside = cuts[i].insideSection;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < pieces.size();)
      parsePiece(src, cuts[i].at, cuts[i + 1].at, file.path, map, opts, *pieces[i]);
  };
  std::vector<std::thread> workers;
  try {
    for (size_t i = 1; i < std::min<size_t>(threads, pieces.size()); ++i)
      workers.emplace_back(work);
  } catch (const std::system_error &) {
    // Fewer threads to be had: the ones that started (and this one) take
    // every piece between them.
  }
  work();
  for (std::thread &w : workers)
    w.join();
  // Every piece clean, and each starts inside a section exactly when the
  // one before it ended inside one; the last ends outside.
  bool openBefore = false;
  for (const auto &p : pieces) {
    if (!p->ok || p->section.startsInside != openBefore)
      return 0;
    openBefore = p->section.endsInside;
  }
  if (openBefore)
    return 0;
  for (const auto &p : pieces) {
    if (p->section.startsInside) {
      // The section the pieces before left open is the last declaration.
      auto &open = static_cast<ast::SectionDecl &>(*file.decls.back());
      for (auto &step : p->section.leading.steps)
        open.steps.push_back(std::move(step));
      if (p->section.closed)
        open.range.End = p->section.leading.range.End;
    }
    for (ast::DeclPtr &d : p->file.decls)
      file.decls.push_back(std::move(d));
    for (ast::Comment &c : p->file.comments)
      file.comments.push_back(std::move(c));
    file.controlChars.insert(file.controlChars.end(), p->file.controlChars.begin(),
                             p->file.controlChars.end());
  }
  return static_cast<unsigned>(pieces.size());
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
  if (opts.stats)
    opts.stats->pieces = 0;
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
  // A large buffer is tried in pieces first; each piece is checked as the
  // whole buffer is below. When that does not work out, the buffer is
  // checked and parsed in one piece, as if it had not been tried.
  if (mode == BuildMode::Auto && opts.threads > 1) {
    unsigned pieces = 0;
    try {
      pieces = parseInPieces(sm, src, map, opts, *file);
    } catch (...) {
      pieces = 0;
    }
    if (pieces) {
      if (opts.stats)
        opts.stats->pieces = pieces;
      return file;
    }
    file->decls.clear();
    file->comments.clear();
    file->controlChars.clear();
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
    if (opts.stats)
      opts.stats->pieces = 1;
    TokenBuffer tokens(src, file->path, [&reporter](const LexToken &t) { reporter(t); });
    reporter.tokens = &tokens;
    tokens.setMergeStrings(mode == BuildMode::Auto);
    parseTokens(tokens, sink, *file, mode == BuildMode::Auto, opts.maxExprDepth);
    file->skippedNames = std::move(sink.skippedNames);
  } catch (const std::exception &e) {
    diags.report(diag::DiagId::SyntaxError, map.locAtByte(0),
                 {std::string("internal parser error: ") + e.what()});
  } catch (...) {
    diags.report(diag::DiagId::SyntaxError, map.locAtByte(0), {"internal parser error"});
  }
  markStepsWithErrors(diags, diagsBefore, *file);
  return file;
}

std::unique_ptr<ast::File> parsePieceOf(const llvm::SourceMgr &sm, unsigned bufferId,
                                        size_t begin, size_t end, const ParseOptions &opts) {
  const llvm::MemoryBuffer *buf = sm.getMemoryBuffer(bufferId);
  llvm::StringRef src = buf->getBuffer();
  if (begin > end || end > src.size() || src.size() >= Scanner::kMaxSize)
    return nullptr;
  SourceMap map(src);
  Piece piece(sm);
  piece.file.bufferId = bufferId;
  piece.file.path = buf->getBufferIdentifier().str();
  parsePiece(src, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), piece.file.path, map,
             opts, piece);
  if (!piece.ok)
    return nullptr;
  auto file = std::make_unique<ast::File>();
  file->bufferId = bufferId;
  file->path = std::move(piece.file.path);
  file->decls = std::move(piece.file.decls);
  file->comments = std::move(piece.file.comments);
  file->controlChars = std::move(piece.file.controlChars);
  return file;
}

} // namespace callflow::parse
