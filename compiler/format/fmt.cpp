// formatSource: parse a buffer and format it, refusing sources with errors.
#include "ast/dump.h"
#include "diag/render.h"
#include "format/formatter.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "parse/parse.h"

namespace callflow::format {

FormatResult formatSource(llvm::StringRef source, llvm::StringRef name) {
  FormatResult r;
  llvm::SourceMgr sm;
  unsigned id =
      sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, name), llvm::SMLoc());
  diag::DiagnosticEngine diags(sm);
  std::unique_ptr<ast::File> file = parse::parseBuffer(sm, id, diags);
  if (diags.hasErrors() || !file) {
    for (const diag::Diagnostic &d : diags.sortedDiagnostics()) {
      if (d.severity != diag::Severity::Error)
        continue;
      std::string s;
      llvm::raw_string_ostream os(s);
      diag::renderText(sm, d, os);
      r.errors.push_back(os.str());
    }
    return r;
  }
  file->bufferId = id;
  r.text = formatFile(*file, sm);
  r.ok = true;
  return r;
}

} // namespace callflow::format

namespace callflow::format {

namespace {

/// What formatting must keep of a parse: the AST dump without positions
/// (` @line:col` dropped) and the comments' texts in order.
struct Kept {
  bool ok = false;
  std::string ast;
  std::vector<std::string> comments;
};

Kept keptOf(llvm::StringRef source) {
  Kept k;
  llvm::SourceMgr sm;
  unsigned id =
      sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, "fmt.flow"), llvm::SMLoc());
  diag::DiagnosticEngine diags(sm);
  std::unique_ptr<ast::File> file = parse::parseBuffer(sm, id, diags);
  if (!file || diags.hasErrors())
    return k;
  k.ok = true;
  std::string dump;
  llvm::raw_string_ostream os(dump);
  ast::dumpAst(*file, sm, os);
  os.flush();
  // Drop " @12:34" and " @?" (positions change with the layout).
  for (size_t i = 0; i < dump.size();) {
    if (dump[i] == ' ' && i + 1 < dump.size() && dump[i + 1] == '@') {
      size_t j = i + 2;
      if (j < dump.size() && dump[j] == '?') {
        i = j + 1;
        continue;
      }
      size_t digits = j;
      while (j < dump.size() && (llvm::isDigit(dump[j]) || dump[j] == ':'))
        ++j;
      if (j > digits) {
        i = j;
        continue;
      }
    }
    k.ast += dump[i++];
  }
  // A `//` comment runs to the end of its line, so its trailing blanks
  // are the line's, which the formatter drops (Printer::newline); a
  // block comment ends with `*/`.
  for (const ast::Comment &c : file->comments)
    k.comments.push_back(llvm::StringRef(c.text).rtrim(' ').str());
  return k;
}

} // namespace

std::string checkFormatProperty(llvm::StringRef source) {
  const Kept before = keptOf(source);
  if (!before.ok)
    return ""; // not formatted: nothing to hold
  const FormatResult once = formatSource(source, "fmt.flow");
  if (!once.ok)
    return "the source parses but does not format";
  const Kept after = keptOf(once.text);
  if (!after.ok)
    return "the formatted text does not parse:\n" + once.text;
  if (after.ast != before.ast)
    return "formatting changed the AST:\n--- before\n" + before.ast + "--- after\n" + after.ast;
  if (after.comments != before.comments)
    return "formatting lost, added or reordered comments:\n" + once.text;
  const FormatResult twice = formatSource(once.text, "fmt.flow");
  if (!twice.ok || twice.text != once.text)
    return "formatting twice differs from formatting once:\n--- once\n" + once.text + "--- twice\n" +
           twice.text;
  return "";
}

} // namespace callflow::format
