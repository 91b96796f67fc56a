// `flowc fmt`: the canonical layout of a flow file, printed from its AST
// and the comments the parser kept.
//
// The layout: two-space indentation; one declaration, statement, field,
// enum value, catalog item or ask option per line; field tables of forms,
// runs of `var`s, catalogs and enums aligned in columns (widths counted in
// code points); a blank line between steps and around block declarations;
// other blank lines kept where the source had them (at most one).
// Comments stay with the line they were on: a comment after code on a line
// stays at the end of that line, a comment on its own line stays on its own
// line before the next item. String literals are printed as written (their
// escapes are content); numbers and money keep their spelling. Modifiers of
// a field are printed in one order: `= default`, `required [when C]`,
// `auto`, `unused`, `matches`, `suggest`. Parentheses appear only where
// precedence needs them.
//
// Formatting never changes the AST (tested on every .flow file of the
// repository) and is idempotent.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"
#include "ast/source.h"
#include "llvm/ADT/StringRef.h"

namespace llvm {
class SourceMgr;
}

namespace callflow::format {

/// The canonical text of `file`, which must have been parsed without
/// errors from buffer `file.bufferId` of `sm`.
std::string formatFile(const ast::File &file, const llvm::SourceMgr &sm);

/// A string literal's source form (ast/source.h).
using ast::quoteTextLiteral;

/// Number of code points in `s` (columns of aligned tables).
size_t displayWidth(llvm::StringRef s);

} // namespace callflow::format

namespace callflow::format {

struct FormatResult {
  bool ok = false;                // false: the source has errors, nothing formatted
  std::string text;               // the canonical text when ok
  std::vector<std::string> errors; // rendered diagnostics when not ok
};

/// Parses `source` (named `name` in diagnostics) and formats it.
FormatResult formatSource(llvm::StringRef source, llvm::StringRef name);

/// The formatter's promise on `source`, comments included: if it parses
/// without errors, its formatted text parses to the same AST (positions
/// aside) with the same comments in the same order, and formatting that
/// text again changes nothing (fmt(fmt(x)) == fmt(x)). Returns "" when this
/// holds (or the source has errors), else what broke. The source fuzz
/// target checks it on every input; tests/lint on every .flow file of the
/// repository and on comment-placement cases.
std::string checkFormatProperty(llvm::StringRef source);

} // namespace callflow::format
