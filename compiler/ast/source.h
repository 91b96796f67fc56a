// The AST written back as source syntax: the one precedence table of the
// expression grammar (grammar/FlowParser.g4) and the one printer of
// expressions and string literals that `flowc fmt`, `flowc diff` and the
// checker's messages share. A grammar change touches this file, not three.
#pragma once

#include <functional>
#include <string>

#include "ast/ast.h"
#include "llvm/ADT/StringRef.h"

namespace callflow::ast {

/// Appends `s` escaped as inside a string literal: `"` and `\` escaped,
/// newline and tab as `\n` `\t`, braces as `\{` `\}` -- except, when
/// `keepQuantifiers`, a `{` that starts a regex quantifier such as `{6}`
/// (the source printer keeps those as written; the AST dump escapes all).
void appendEscaped(std::string &out, llvm::StringRef s, bool keepQuantifiers);

/// A string literal's source form for `text` (quotes included): `"` and
/// `\` escaped, newline and tab as `\n` `\t`, a `{` escaped unless it
/// starts a regex quantifier such as `{6}` or `{2,3}` (with
/// `keepQuantifiers`; the AST dump escapes every brace), and placeholders
/// written back as `{...}`.
std::string quoteTextLiteral(const Text &text, bool keepQuantifiers = true);

/// How binding the top of `e` is: or 1 < and 2 < not 3 < comparisons and
/// `in` 4 < + - 5 < * / 6 < a unit (`30 days`) 7 < unary - 8 < `is set` 9 <
/// primaries (`years(...)` too) 10.
int precedence(const Expr &e);

struct SourceStyle {
  /// Number and money literals as the source wrote them (`007`, `20.5`);
  /// false: normalised (`7`, `20.50`), so that two spellings of one value
  /// print alike (`flowc diff`).
  bool literalsAsWritten = true;
  /// A string literal (and an `input`'s prompt); quoteTextLiteral when
  /// empty. `flowc fmt` keeps the literal's own source text.
  std::function<std::string(const Text &)> text;
  /// What stands for an operand a syntax error left out.
  std::string missing = "…";
};

/// `e` in source syntax with the parentheses its precedence needs (and no
/// others), parenthesised itself when it binds looser than `minPrec`.
std::string exprSource(const Expr &e, const SourceStyle &style = {}, int minPrec = 0);

} // namespace callflow::ast
