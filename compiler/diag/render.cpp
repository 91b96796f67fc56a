// Clang-style text rendering of diagnostics: location, source line, caret
// and fix-it lines.
#include "diag/render.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::diag {

namespace {
constexpr unsigned kTabStop = 8;

/// The code point at `p` (of at most `end - p` bytes) and its length; a
/// stray byte reads as itself (the parser rejects invalid UTF-8, but a
/// renderer must not trust its input).
std::pair<uint32_t, unsigned> decode(const char *p, const char *end) {
  auto b = [&](unsigned i) { return static_cast<unsigned char>(p[i]); };
  unsigned c = b(0);
  unsigned n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (n == 1 || end - p < (std::ptrdiff_t)n)
    return {c, 1};
  uint32_t cp = c & (0x7F >> n);
  for (unsigned i = 1; i < n; ++i) {
    if ((b(i) & 0xC0) != 0x80)
      return {c, 1};
    cp = (cp << 6) | (b(i) & 0x3F);
  }
  return {cp, n};
}

/// Terminal columns of a code point: 0 for combining marks, 2 for the
/// common wide (East Asian, emoji) ranges, 1 otherwise. Simple on purpose:
/// enough to keep carets under Cyrillic, Greek, CJK and emoji text.
unsigned widthOf(uint32_t cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
      (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200B ||
      cp == 0x200D || cp == 0xFEFF)
    return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

/// One source line and display columns in it (tabs to the next multiple
/// of 8, code points by their width), as the caret line needs them.
struct SourceLine {
  const char *begin, *end;

  /// The display column where the byte at `p` starts (the end of the line
  /// for a `p` past it).
  unsigned column(const char *p) const {
    unsigned col = 0;
    for (const char *c = begin; c < end && c < p;) {
      if (*c == '\t') {
        col += kTabStop - col % kTabStop;
        ++c;
        continue;
      }
      auto [cp, n] = decode(c, end);
      col += widthOf(cp);
      c += n;
    }
    return col;
  }
  unsigned width() const { return column(end); }

  /// The line with tabs expanded.
  void print(llvm::raw_ostream &os) const {
    unsigned col = 0;
    const char *run = begin;
    for (const char *c = begin; c < end;) {
      if (*c == '\t') {
        os << llvm::StringRef(run, c - run);
        do
          os << ' ';
        while (++col % kTabStop);
        run = ++c;
        continue;
      }
      auto [cp, n] = decode(c, end);
      col += widthOf(cp);
      c += n;
    }
    os << llvm::StringRef(run, end - run) << '\n';
  }
};

SourceLine lineAt(const llvm::MemoryBuffer &buf, const char *p) {
  const char *bufStart = buf.getBufferStart(), *bufEnd = buf.getBufferEnd();
  const char *b = p, *e = p;
  while (b > bufStart && b[-1] != '\n' && b[-1] != '\r')
    --b;
  while (e < bufEnd && *e != '\n' && *e != '\r')
    ++e;
  return {b, e};
}

const char *severityWord(Severity s) { return severityName(s); }

llvm::raw_ostream::Colors severityColor(Severity s) {
  switch (s) {
  case Severity::Error:
    return llvm::raw_ostream::RED;
  case Severity::Warning:
    return llvm::raw_ostream::MAGENTA;
  case Severity::Note:
    return llvm::raw_ostream::BLACK;
  }
  return llvm::raw_ostream::RED;
}

llvm::ColorMode colorMode(const RenderOptions &opts) {
  return opts.color ? llvm::ColorMode::Enable : llvm::ColorMode::Disable;
}

/// `file:line:col: error: message`, the source line, a caret line under it
/// (`^` at the location, `~` under the range and the fix-its) and a line
/// with the fix-its' replacements, as clang prints them. Rendered here, not
/// by llvm::SMDiagnostic::print, which drops the caret and fix-it lines of
/// any line holding a non-ASCII byte and counts columns in bytes: columns
/// here are code points, like the JSON and SARIF outputs, and the carets
/// are placed by display width.
void printOne(const llvm::SourceMgr &sm, Severity sev, llvm::SMRange range,
              const std::string &msg, llvm::ArrayRef<FixIt> fixits, llvm::raw_ostream &os,
              const RenderOptions &opts) {
  unsigned bufId = range.Start.isValid() ? sm.FindBufferContainingLoc(range.Start) : 0;
  if (bufId) {
    const llvm::MemoryBuffer &buf = *sm.getMemoryBuffer(bufId);
    LineCol lc = lineColumn(sm, range.Start);
    llvm::StringRef id = buf.getBufferIdentifier();
    // Shown with `.` and `..` removed (lexically, as lint's paths), so an
    // imported file reads `shared/lib.flow`, not `flows/../shared/lib.flow`.
    std::string name;
    if (opts.displayPath) {
      name = opts.displayPath(id);
    } else {
      llvm::SmallString<256> p(id);
      llvm::sys::path::remove_dots(p, /*remove_dot_dot=*/true);
      name = p.empty() ? id.str() : std::string(p);
    }
    llvm::WithColor(os, llvm::raw_ostream::SAVEDCOLOR, true, false, colorMode(opts))
        << (name == "-" ? std::string("<stdin>") : name) << ':' << lc.line << ':' << lc.column
        << ": ";
  }
  // No location: "note: message", as clang prints location-less notes.
  llvm::WithColor(os, severityColor(sev), true, false, colorMode(opts)) << severityWord(sev)
                                                                        << ": ";
  llvm::WithColor(os, llvm::raw_ostream::SAVEDCOLOR, true, false, colorMode(opts)) << msg << '\n';
  if (!bufId || !opts.showSource)
    return;

  const llvm::MemoryBuffer &buf = *sm.getMemoryBuffer(bufId);
  const char *at = range.Start.getPointer();
  SourceLine line = lineAt(buf, at);
  // The part of [from, to) on this line, in display columns.
  auto mark = [&](std::string &caret, const char *from, const char *to, char c) {
    if (!from || !to || to <= from || from > line.end || to <= line.begin)
      return;
    unsigned a = line.column(std::max(from, line.begin));
    unsigned b = to > line.end ? line.width() : line.column(to);
    if (caret.size() < b)
      caret.resize(b, ' ');
    for (unsigned i = a; i < b; ++i)
      caret[i] = c;
  };
  std::string caret;
  if (range.End.isValid() && range.End.getPointer() > at)
    mark(caret, at, range.End.getPointer(), '~');
  std::string fixLine;
  for (const FixIt &f : fixits) {
    const char *fb = f.range.Start.getPointer();
    if (!fb || fb < line.begin || fb > line.end ||
        f.replacement.find_first_of("\n\r") != std::string::npos)
      continue;
    mark(caret, fb, f.range.End.getPointer(), '~');
    unsigned col = line.column(fb);
    // Replacements that would overlap go one column after the previous.
    if (!fixLine.empty() && col <= fixLine.size())
      col = (unsigned)fixLine.size() + 1;
    fixLine.resize(col, ' ');
    fixLine += f.replacement;
  }
  unsigned caretCol = line.column(at);
  if (caret.size() <= caretCol)
    caret.resize(caretCol + 1, ' ');
  caret[caretCol] = '^';
  caret.erase(caret.find_last_not_of(' ') + 1);

  line.print(os);
  llvm::WithColor(os, llvm::raw_ostream::GREEN, true, false, colorMode(opts)) << caret << '\n';
  if (!fixLine.empty())
    os << fixLine << '\n';
}
} // namespace

void renderText(const llvm::SourceMgr &sm, const Diagnostic &d, llvm::raw_ostream &os,
                const RenderOptions &opts) {
  printOne(sm, d.severity, d.range, d.messageWithCode(), d.fixits, os, opts);
  for (const Note &n : d.notes)
    printOne(sm, Severity::Note, n.range, n.message, {}, os, opts);
}

void renderNote(const llvm::SourceMgr &sm, llvm::SMRange range, const std::string &message,
                llvm::raw_ostream &os, const RenderOptions &opts) {
  printOne(sm, Severity::Note, range, message, {}, os, opts);
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
