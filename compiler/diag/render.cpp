// Clang-style text rendering of diagnostics through llvm::SourceMgr.
#include "diag/render.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::diag {

namespace {
llvm::SourceMgr::DiagKind kindOf(Severity s) {
  switch (s) {
  case Severity::Error:
    return llvm::SourceMgr::DK_Error;
  case Severity::Warning:
    return llvm::SourceMgr::DK_Warning;
  case Severity::Note:
    return llvm::SourceMgr::DK_Note;
  }
  return llvm::SourceMgr::DK_Error;
}

void printOne(const llvm::SourceMgr &sm, llvm::SourceMgr::DiagKind kind, llvm::SMRange range,
              const std::string &msg, llvm::ArrayRef<llvm::SMFixIt> fixits,
              llvm::raw_ostream &os, const RenderOptions &opts) {
  if (!range.Start.isValid()) {
    // No location: "note: message", as clang prints location-less notes.
    const char *word = kind == llvm::SourceMgr::DK_Error     ? "error"
                       : kind == llvm::SourceMgr::DK_Warning ? "warning"
                                                             : "note";
    if (opts.color)
      os.changeColor(kind == llvm::SourceMgr::DK_Error     ? llvm::raw_ostream::RED
                     : kind == llvm::SourceMgr::DK_Warning ? llvm::raw_ostream::MAGENTA
                                                           : llvm::raw_ostream::BLACK,
                     true);
    os << word << ": ";
    if (opts.color)
      os.resetColor();
    os << msg << "\n";
    return;
  }
  llvm::SmallVector<llvm::SMRange, 1> ranges;
  if (range.End.isValid() && range.End.getPointer() > range.Start.getPointer())
    ranges.push_back(range);
  llvm::SMDiagnostic d = sm.GetMessage(range.Start, kind, msg, ranges, fixits);
  // Shown with `.` and `..` removed (lexically, as lint's paths), so an
  // imported file reads `shared/lib.flow`, not `flows/../shared/lib.flow`.
  std::string name;
  if (opts.displayPath) {
    name = opts.displayPath(d.getFilename());
  } else {
    llvm::SmallString<256> p(d.getFilename());
    llvm::sys::path::remove_dots(p, /*remove_dot_dot=*/true);
    if (p.empty())
      p = d.getFilename();
    name = std::string(p);
  }
  if (name == d.getFilename()) {
    d.print(nullptr, os, opts.color, opts.showSource);
    return;
  }
  llvm::SMDiagnostic shown(sm, d.getLoc(), name, d.getLineNo(), d.getColumnNo(), d.getKind(),
                           d.getMessage(), d.getLineContents(), d.getRanges(), d.getFixIts());
  shown.print(nullptr, os, opts.color, opts.showSource);
}
} // namespace

void renderText(const llvm::SourceMgr &sm, const Diagnostic &d, llvm::raw_ostream &os,
                const RenderOptions &opts) {
  llvm::SmallVector<llvm::SMFixIt, 2> fixits;
  for (const FixIt &f : d.fixits)
    fixits.emplace_back(f.range, f.replacement);
  printOne(sm, kindOf(d.severity), d.range, d.messageWithCode(), fixits, os, opts);
  for (const Note &n : d.notes)
    printOne(sm, llvm::SourceMgr::DK_Note, n.range, n.message, {}, os, opts);
}

void renderNote(const llvm::SourceMgr &sm, llvm::SMRange range, const std::string &message,
                llvm::raw_ostream &os, const RenderOptions &opts) {
  printOne(sm, llvm::SourceMgr::DK_Note, range, message, {}, os, opts);
}

std::string summarize(unsigned errors, unsigned warnings) {
  if (!errors && !warnings)
    return "no problems";
  std::string s;
  auto add = [&](unsigned n, const char *what) {
    if (!s.empty())
      s += ", ";
    s += std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  if (errors)
    add(errors, "error");
  if (warnings)
    add(warnings, "warning");
  return s;
}

void renderAllText(const DiagnosticEngine &engine, llvm::raw_ostream &os,
                   const RenderOptions &opts) {
  for (const Diagnostic &d : engine.sortedDiagnostics())
    renderText(engine.sourceMgr(), d, os, opts);
}

LineCol lineColumn(const llvm::SourceMgr &sm, llvm::SMLoc loc) {
  if (!loc.isValid())
    return {};
  unsigned buf = sm.FindBufferContainingLoc(loc);
  if (!buf)
    return {};
  auto [line, byteCol] = sm.getLineAndColumn(loc, buf);
  // Count code points, not bytes, so columns agree with editors on
  // Cyrillic text: continuation bytes (10xxxxxx) do not start a column.
  const char *p = loc.getPointer();
  const char *lineStart = p - (byteCol - 1);
  unsigned col = 1;
  for (const char *c = lineStart; c < p; ++c)
    if ((static_cast<unsigned char>(*c) & 0xC0) != 0x80)
      ++col;
  return {line, col};
}

} // namespace callflow::diag
