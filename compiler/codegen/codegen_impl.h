// Internal: the Generator shared by codegen.cpp (tables, expressions, texts)
// and codegen_stmts.cpp (statements).
#pragma once

#include <string>
#include <vector>

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include "callflow/builder.h"
#include "codegen/codegen.h"
#include "print/l10n.h"

namespace callflow::codegen {

class Generator {
public:
  Generator(const sema::Program &p, const llvm::SourceMgr &sm, const Options &o)
      : P(p), sm_(sm), opts_(o) {
    b_.setCompact(o.compact);
  }
  Result run();

private:
  /// ProgramBuilder::serialize(), the string table coded on a second
  /// thread when it is large.
  BuildResult serialize() const;
  l10n::LetterCount letters_; // the flow's own text, for the header's language
  /// The letters of each literal part counted so far, by its identity
  /// (ProgramBuilder::textLiteral): a large flow repeats its literal runs
  /// (an option's label, the words around a placeholder), and counting is
  /// most of what a repeated run costs codegen. {cyrillic, latin}; latin
  /// kUncounted until counted.
  static constexpr uint32_t kUncounted = UINT32_MAX;
  struct Letters {
    uint32_t cyrillic = 0, latin = kUncounted;
  };
  std::vector<Letters> literalLetters_;
  void countLiteral(uint32_t literal, std::string_view s);
  /// The texts generated so far, by their spelling (the literal as
  /// written, quotes included): a flow repeats its lines word for word (a
  /// greeting, a closing question, an option's label, the same line with
  /// the same placeholder), and a repeat whose placeholders name the same
  /// symbols is the same text, with the same letters. Its literal runs are
  /// then neither interned nor its parts encoded again: the builder would
  /// find each of them, and the text, among what it holds (the same index,
  /// the same bytes).
  struct SeenText {
    uint32_t text;               // ProgramBuilder's index
    uint32_t symBegin, symCount; // its placeholders' symbols, in seenSyms_
    size_t cyrillic, latin;      // the letters of its literal runs
  };
  /// Spellings hashed as the builder hashes its strings (a line is tens
  /// of bytes; LLVM's StringRef hash costs several times as much).
  struct SpellingInfo : llvm::DenseMapInfo<llvm::StringRef> {
    static unsigned getHashValue(llvm::StringRef s) { return ProgramBuilder::hashBytes(s.data(), s.size()); }
  };
  llvm::DenseMap<llvm::StringRef, uint32_t, SpellingInfo> seenTexts_; // spelling -> index in seen_
  std::vector<SeenText> seen_;
  std::vector<sema::Symbol> seenSyms_;
  /// The text index of a repeat of a text seen before, or kNoIndex.
  uint32_t seenText(llvm::StringRef spelling, const ast::Text &t);
  // tables and values (codegen.cpp)
  void tables();
  static bc::Type type(const sema::Type &t);
  uint32_t text(const ast::Text &t);
  void expr(const ast::Expr &e);
  uint32_t exprEntry(const ast::Expr &e);
  int slotOf(const sema::Symbol &s) const { return P.slotOf(s); }
  /// Records the first failure and where it is: `where`, else the
  /// statement being compiled. A flow that checked clean never fails here;
  /// if it does (a checker gap), the message still points at the source.
  void fail(std::string msg, llvm::SMRange where = {}) {
    if (!error_.empty()) return;
    error_ = std::move(msg);
    errorRange_ = where.isValid() ? where : llvm::SMRange(stmtLoc_, stmtLoc_);
  }
  // statements (codegen_stmts.cpp)
  void step(int index);
  void block(const ast::Block &b);
  void stmt(const ast::Stmt &s);
  void location(llvm::SMLoc loc);
  /// The name recorded for buffer `buf` (see Options::pathBase), cached.
  const std::string &recordedPath(unsigned buf);
  Label stepLabel(const ast::Name &n);
  void bindHere(Label l);
  /// Emits through the builder and notes whether the code so far ends in
  /// an instruction that cannot continue.
  InstrRef em(bc::Op op, std::initializer_list<Operand> operands = {}) {
    const bc::OpInfo &info = bc::opInfo(op);
    if (!b_.inExpr() && info.cls != bc::OpClass::Item) {
      lastStops_ = info.stops;
      labelPending_ = false;
    }
    return b_.emit(op, operands);
  }

  const sema::Program &P;
  const llvm::SourceMgr &sm_;
  const Options &opts_;
  ProgramBuilder b_;
  std::vector<std::string> recordedPaths_; // by buffer id; empty: not yet
  // location(): the current buffer and its bounds, and per buffer the
  // position and line of the last location seen in it.
  struct LineCursor {
    const char *at;
    unsigned line;
  };
  unsigned lineBuf_ = 0;
  uint32_t lineFile_ = kNoIndex; // the string of lineBuf_'s recorded name, once interned
  const char *lineStart_ = nullptr, *lineEnd_ = nullptr;
  std::vector<LineCursor> cursors_;
  std::string error_;
  llvm::SMRange errorRange_;
  llvm::SMLoc stmtLoc_; // the statement (or declaration) being compiled, for fail()
  bool lastStops_ = false, labelPending_ = false;
};

} // namespace callflow::codegen
