// Escaping of flow text for every output the printers write: HTML text and
// attribute values, fragment ids, CSS string literals, Markdown and Graphviz
// DOT strings.
//
// Every function first *sanitizes* its input (sanitizeText): invalid UTF-8
// and encoded surrogates become U+FFFD, control characters other than tab
// and newline are dropped, noncharacters become U+FFFD, and bidirectional
// embeddings / isolates left open are closed at the end, so an RLO in a
// step title cannot reorder the text printed after it. What remains is
// escaped for its context, so that no markup can come from flow text.
#pragma once

#include <string>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::print {

/// Valid UTF-8 without controls (tab and newline kept), bidi closed.
std::string sanitizeText(llvm::StringRef s);

/// HTML text content or a double- or single-quoted attribute value: escapes
/// `& < > " '`. Newlines are kept (callers decide between `<br>` and space).
std::string htmlEscape(llvm::StringRef s);
void writeHtml(llvm::raw_ostream &os, llvm::StringRef s);
/// As htmlEscape, with each newline written as `<br>`.
void writeHtmlLines(llvm::raw_ostream &os, llvm::StringRef s);

/// A fragment id that is safe both in `id="..."` and in `href="#..."`:
/// `prefix` followed by `name` with every byte outside [A-Za-z0-9-]
/// written as `_XX` (hex), so the mapping is injective and the result is
/// plain ASCII (`anchorId("step-", "D-2-7")` is `step-D-2-7`). A link
/// built as `"#" + anchorId(...)` can never be a `javascript:` URL.
std::string anchorId(llvm::StringRef prefix, llvm::StringRef name);

/// A CSS string literal, quotes included, safe inside `<style>`: every
/// character except ASCII letters, digits, space and non-ASCII text is
/// written as a hex escape (`<` becomes `\3c `, so `</style>` cannot occur).
std::string cssString(llvm::StringRef s);

/// Markdown (CommonMark / GitHub) inline text: no emphasis, links,
/// autolinks, raw HTML, math, tables or block starts can come from `s`.
/// Each newline becomes a hard line break followed by `contPrefix` (for
/// text inside a block quote or list item, e.g. "> ").
std::string markdownEscape(llvm::StringRef s, llvm::StringRef contPrefix = "");

/// A Graphviz double-quoted string, quotes included (`"`, `\` escaped,
/// newlines as `\n`, so no record or HTML label syntax applies).
std::string dotString(llvm::StringRef s);

} // namespace callflow::print
