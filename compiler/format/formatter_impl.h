// The formatter's printer, shared by formatter.cpp (output, comments,
// blank lines, texts and expressions), formatter_decls.cpp and
// formatter_stmts.cpp. Internal to compiler/lint.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SourceMgr.h"

namespace callflow::format::detail {

/// The longest line the formatter writes by choice: alignment and one-line
/// forms give way to a multi-line layout past it (a single long string or
/// name cannot be broken and may still exceed it).
constexpr size_t kLineLimit = 100;

class Printer {
public:
  Printer(const ast::File &file, const llvm::SourceMgr &sm);
  std::string run();

  // ---- output (formatter.cpp) ----
  /// Starts a line for an item at `start`: first the comments before it
  /// (each on its own line), then a blank line if `forceBlank` or the
  /// source had one before it, then the indentation.
  void beginItem(llvm::SMLoc start, bool forceBlank = false);
  /// Ends the current line: comments inside [.., end) that are still
  /// pending, and those after `end` on the same source line, are appended;
  /// then a newline. `end` becomes the last printed source position.
  void endItem(llvm::SMLoc end);
  /// Comments before `pos` on their own lines (before a closing brace or
  /// the end of the file).
  void flushCommentsBefore(const char *pos);
  void write(llvm::StringRef s) { out_ += s.str(); }
  /// `head` then `tail` (which starts with a space) on the current line;
  /// past the line limit, `tail` goes on the next line, indented two more.
  void writeWrapped(const std::string &head, const std::string &tail);
  void pad(size_t n) { out_.append(n, ' '); }
  bool hasCommentsBefore(const char *pos) const;
  /// The position just after the `{` that follows `from` (skipping blanks
  /// and comments), or `from` if there is none.
  llvm::SMLoc afterOpenBrace(llvm::SMLoc from) const;
  /// The position of the `}` that ends `range` (its last byte).
  static llvm::SMLoc closingBrace(llvm::SMRange range);

  // ---- texts and expressions (formatter.cpp) ----
  std::string text(const ast::Text &t) const;
  /// " \"text\"" when there is one (std::optional<ast::Text> or ast::Rare).
  template <class Optional> std::string optText(const Optional &t) const {
    return t ? " " + text(*t) : std::string();
  }
  std::string expr(const ast::Expr &e, int minPrec = 0) const;
  std::string fieldModifiers(const ast::FieldSpec &f) const;

  bool blankLineBetweenPublic(const char *a, const char *b) const {
    return blankLineBetween(a, b);
  }

  // ---- declarations (formatter_decls.cpp) ----
  void openBody(llvm::SMLoc afterHeader);
  void closeBody(llvm::SMRange declRange);
  void decls();
  void catalog(const ast::CatalogDecl &c);
  void enumDecl(const ast::EnumDecl &e);
  void form(const ast::FormDecl &f);
  void vars(const std::vector<const ast::VarDecl *> &run, bool blankBefore);
  void section(const ast::SectionDecl &s);
  void step(const ast::StepDecl &s, bool blankBefore);

  // ---- statements (formatter_stmts.cpp) ----
  /// ` {`, the statements, `}` (or ` {}` for an empty block), after the
  /// head already written (e.g. "if x"). The line of the `}` is left open
  /// for ` else ...` or the caller's endItem.
  void block(const ast::Block &b);
  void stmts(const ast::Block &b);
  void stmt(const ast::Stmt &s);
  /// The one-line form of a statement without a block; nullopt otherwise.
  std::optional<std::string> simpleStmt(const ast::Stmt &s) const;
  std::string inputHead(const ast::InputStmt &x) const;
  std::string inputValues(const ast::InputStmt &x) const;
  void ask(const ast::AskStmt &a);
  void create(const ast::CreateStmt &c);
  void ifBlock(const ast::IfBlockStmt &s);

  const ast::File &file_;
  const llvm::SourceMgr &sm_;
  llvm::StringRef buf_;
  std::vector<const ast::Comment *> comments_; // by position
  size_t nextComment_ = 0;
  const char *lastEnd_ = nullptr; // source end of the last printed item
  std::string out_;
  unsigned indent_ = 0;
  bool blockJustOpened_ = true; // no blank line right after `{` or at the top
  /// Lines that end in a comment after code: where the line starts and
  /// where its code ends, for aligning the comments of adjacent lines.
  struct TrailingComment {
    size_t lineStart, codeEnd;
  };
  std::vector<TrailingComment> trailing_;
  void alignTrailingComments();

private:
  bool blankLineBetween(const char *a, const char *b) const;
  void newline();
  void emitOwnLineComment(const ast::Comment &c);
};

} // namespace callflow::format::detail
