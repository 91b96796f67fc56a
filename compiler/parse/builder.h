// Internal to compiler/parse: AstBuilder turns the ANTLR parse tree of one
// file into ast nodes. Split by grammar area: build_decls.cpp,
// build_stmts.cpp, build_exprs.cpp, build_text.cpp (names, strings,
// placeholders, numbers and positions). The tree may be partial after
// syntax errors: every accessor result is null-checked.
//
// Clean mode (setCleanTokens): the tree came from an error-free SLL parse
// of `tokens`, so its shape is exactly the grammar's and every token is a
// PooledToken. The builder then reads string literals straight from the
// token buffer and dispatches statements on their first token, instead of
// walking tree nodes through ANTLR's dynamic_cast-based accessors (each
// accessor dynamic_casts every child; at 100k steps they were a tenth of the
// parse's instructions). Children are found by their position in the
// grammar rule instead (child<T>). Both modes must build the same AST
// (tests/parse/build_modes_test.cpp).
#pragma once

#include <optional>

#include "FlowLexer.h"
#include "FlowParser.h"
#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "parse/source_map.h"
#include "parse/token_stream.h"

namespace callflow::parse {

using P = callflow_antlr::FlowParser;
using llvm::SMLoc;
using llvm::SMRange;

class AstBuilder {
public:
  AstBuilder(const SourceMap &map, diag::DiagnosticEngine &diags) : map_(map), diags_(diags) {}

  /// The buffer the parser reads (STR_LIT tokens' parts are found there).
  void setTokens(const TokenBuffer *tokens) { tokens_ = tokens; }
  /// Clean mode on (tokens non-null) or off (nullptr).
  void setCleanTokens(const TokenBuffer *tokens) { clean_ = tokens; }
  bool clean() const { return clean_ != nullptr; }
  /// ParseOptions::maxExprDepth.
  void setMaxExprDepth(unsigned depth) { maxExprDepth_ = depth; }
  unsigned maxExprDepth() const { return maxExprDepth_; }
  diag::DiagnosticEngine &diags() const { return diags_; }

  /// Clean mode only: child `i` of `ctx`, known from the grammar rule to be
  /// a rule context of type T (rule contexts derive from ParseTree without
  /// virtual inheritance, so the static cast is exact).
  template <typename T> static T *child(antlr4::ParserRuleContext *ctx, size_t i) {
    return static_cast<T *>(ctx->children[i]);
  }
  /// Clean mode only: the buffer token at index `i` (terminal children
  /// cannot be cast statically: TerminalNodeImpl derives virtually).
  antlr4::Token *cleanToken(size_t i) const { return const_cast<PooledToken *>(&clean_->at(i)); }

  void buildFile(P::FileContext *ctx, ast::File &file);

  // ---- declarations (build_decls.cpp)
  ast::DeclPtr buildDecl(P::DeclContext *ctx);
  std::unique_ptr<ast::StepDecl> buildStep(P::StepDeclContext *ctx);
  ast::DeclPtr buildCatalog(P::CatalogDeclContext *ctx);
  ast::DeclPtr buildEnum(P::EnumDeclContext *ctx);
  ast::DeclPtr buildForm(P::FormDeclContext *ctx);
  ast::DeclPtr buildSection(P::SectionDeclContext *ctx);
  /// A section with its title and role, its range that of the head (the
  /// clean parse takes its steps one at a time and ends the range itself).
  std::unique_ptr<ast::SectionDecl> buildSectionHead(P::SectionHeadContext *ctx);
  ast::FieldSpec buildFieldSpec(P::FieldSpecContext *ctx);

  // ---- statements (build_stmts.cpp)
  ast::Block buildBlock(P::BlockContext *ctx);
  ast::StmtPtr buildStmt(P::StatementContext *ctx);
  /// `key 92` / `key "*"` of an ask option.
  void buildKey(P::OptionKeyContext *ctx, ast::AskOption &opt);

  // ---- expressions (build_exprs.cpp)
  ast::ExprPtr buildExpr(P::ExprContext *ctx);

  // ---- names, text, numbers, positions (build_text.cpp)
  ast::Name buildName(P::NameContext *ctx);
  ast::QualName buildQualName(P::QualNameContext *ctx);
  ast::Text buildText(P::TextContext *ctx);
  std::optional<ast::Text> buildOptText(P::TextContext *ctx) {
    if (!ctx)
      return std::nullopt;
    return buildText(ctx);
  }
  /// Parses an INT token; reports NumberOutOfRange and returns 0 on overflow.
  int64_t parseInt(antlr4::Token *tok);
  /// Builds a MoneyExpr from a DECIMAL or INT token; null for any other
  /// (where recovery started a money rule at a string).
  std::unique_ptr<ast::MoneyExpr> buildMoney(antlr4::Token *tok);

  SMRange range(antlr4::ParserRuleContext *ctx) const;
  SMRange range(antlr4::Token *tok) const;
  SMRange range(antlr4::tree::TerminalNode *node) const {
    return node ? range(node->getSymbol()) : SMRange();
  }
  /// From the start of `a` to the end of `b`.
  static SMRange join(SMRange a, SMRange b) {
    if (!a.Start.isValid())
      return b;
    if (!b.End.isValid())
      return a;
    return SMRange(a.Start, b.End);
  }
  /// The source bytes of a token ("" for a token conjured by recovery).
  llvm::StringRef tokenText(antlr4::Token *tok) const;
  static bool isReal(antlr4::Token *tok);

private:
  void buildPlaceholder(P::PlaceholderContext *ctx, ast::Text &text);
  /// The text of a string whose parts between the quotes are part(0) ...
  /// part(n - 1) (LexTokens: a STR_LIT token's parts, or a clean parse's
  /// tokens), which the grammar accepts as they are.
  template <typename Part> void buildTextParts(size_t n, Part part, ast::Text &text);
  /// The placeholder whose `{` is part(open); returns the index of its `}`.
  template <typename Part> size_t buildPlaceholderParts(size_t open, Part part, ast::Text &text);
  /// Appends a literal part (text, escape, quantifier, brace) to `run`,
  /// reporting bad escapes and braces.
  void appendLiteral(const LexToken &t, ast::Text &run);
  SMRange range(const LexToken &t) const { return SMRange(map_.loc(t.start), map_.loc(t.end)); }
  llvm::StringRef partText(const LexToken &t) const {
    return map_.buffer().substr(t.start, t.end - t.start);
  }
  int64_t parseInt(llvm::StringRef digits, SMRange range);

  const SourceMap &map_;
  diag::DiagnosticEngine &diags_;
  const TokenBuffer *tokens_ = nullptr;
  const TokenBuffer *clean_ = nullptr;
  unsigned maxExprDepth_ = 1000;
};

} // namespace callflow::parse
