// Internal to compiler/parse: syntax-error reporting. FlowErrorStrategy is
// ANTLR's default recovery with its own messages ("expected '}' to close
// step 'D-2-7'", "unexpected 'foo'; expected a statement"), reported
// straight to the DiagnosticEngine as SyntaxError or InvalidPlaceholder.
#pragma once

#include <string>
#include <vector>

#include "antlr4-runtime.h"
#include "diag/diagnostic.h"
#include "parse/source_map.h"

namespace callflow::parse {

/// Where syntax errors go, with what suppresses follow-on noise.
struct ErrorSink {
  diag::DiagnosticEngine &diags;
  const SourceMap &map;
  /// Set after an unterminated string or comment was reported: the parser's
  /// complaints at end of file are then consequences, not news.
  bool suppressAtEof = false;
  size_t lastPlaceholder = static_cast<size_t>(-1);
  /// Names in the text skipped between declarations (ast::File::skippedNames).
  std::vector<std::string> skippedNames = {};

  /// The bytes of a token (empty for one conjured by recovery).
  llvm::SMRange rangeOf(antlr4::Token *tok) const;
  /// Where a diagnostic about an unexpected token points: its bytes, but a
  /// string's opening quote only.
  llvm::SMRange shownAt(antlr4::Token *tok) const;
  /// A token as shown in a message: 'foo', a string, end of file.
  std::string describe(antlr4::Token *tok) const;
};

/// A readable list of what the parser expected: "a statement or '}'".
std::string describeExpected(const antlr4::misc::IntervalSet &set,
                             const antlr4::dfa::Vocabulary &vocab);

class FlowErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  explicit FlowErrorStrategy(ErrorSink &sink) : sink_(sink) {}

  /// Between top-level declarations, junk is reported once and skipped to
  /// the next declaration, at the loop's entry too: the LL re-parse starts
  /// `file` at the declaration that failed, which must recover as it would
  /// have in the middle of the file (ANTLR's default at a loop entry is to
  /// give up on the rest of the rule).
  void sync(antlr4::Parser *recognizer) override;

protected:
  void reportNoViableAlternative(antlr4::Parser *recognizer,
                                 const antlr4::NoViableAltException &e) override;
  void reportInputMismatch(antlr4::Parser *recognizer,
                           const antlr4::InputMismatchException &e) override;
  void reportFailedPredicate(antlr4::Parser *recognizer,
                             const antlr4::FailedPredicateException &e) override;
  void reportUnwantedToken(antlr4::Parser *recognizer) override;
  void reportMissingToken(antlr4::Parser *recognizer) override;
  /// Never drops '->' or '{' as "extraneous": they end an expression or
  /// open a block, so dropping them turns one error into a cascade.
  antlr4::Token *singleTokenDeletion(antlr4::Parser *recognizer) override;

private:
  /// The one place that words and reports an error at `tok`.
  void report(antlr4::Parser *recognizer, antlr4::ParserRuleContext *ctx, antlr4::Token *tok,
              const antlr4::misc::IntervalSet &expected, bool missing);
  ErrorSink &sink_;
};

} // namespace callflow::parse
