// Resolving diagnostics into findings, and ordering / de-duplicating them.
#include "lint/findings.h"

#include <algorithm>
#include <tuple>

#include "diag/render.h"
#include "diag/source_path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::lint {

namespace {
Location locate(const llvm::SourceMgr &sm, llvm::SMRange range, const ResolveOptions &opts) {
  Location loc;
  if (!range.Start.isValid()) {
    loc.file = opts.fallbackFile.empty() ? std::string()
                                         : displayPath(opts.fallbackFile, opts.paths);
    return loc;
  }
  unsigned buf = sm.FindBufferContainingLoc(range.Start);
  if (!buf)
    return loc;
  loc.file = displayPath(sm.getMemoryBuffer(buf)->getBufferIdentifier(), opts.paths);
  diag::LineCol start = diag::lineColumn(sm, range.Start);
  loc.line = start.line;
  loc.column = start.column;
  diag::LineCol end = start;
  if (range.End.isValid() && range.End.getPointer() > range.Start.getPointer() &&
      sm.FindBufferContainingLoc(range.End) == buf)
    end = diag::lineColumn(sm, range.End);
  if (end.line == start.line && end.column <= start.column)
    end.column = start.column + 1; // an empty range covers one column
  loc.endLine = end.line;
  loc.endColumn = end.column;
  return loc;
}

std::string lineAt(const llvm::SourceMgr &sm, llvm::SMLoc at) {
  if (!at.isValid())
    return {};
  unsigned buf = sm.FindBufferContainingLoc(at);
  if (!buf)
    return {};
  llvm::StringRef text = sm.getMemoryBuffer(buf)->getBuffer();
  size_t off = static_cast<size_t>(at.getPointer() - text.data());
  size_t begin = off;
  while (begin > 0 && text[begin - 1] != '\n')
    --begin;
  size_t end = text.find('\n', off);
  return text.slice(begin, end).trim().str();
}

auto sortKey(const Finding &f) {
  return std::tie(f.loc.file, f.loc.line, f.loc.column, f.loc.endLine, f.loc.endColumn);
}

bool sameLoc(const Location &a, const Location &b) {
  return a.file == b.file && a.line == b.line && a.column == b.column &&
         a.endLine == b.endLine && a.endColumn == b.endColumn;
}

bool sameFinding(const Finding &a, const Finding &b) {
  if (a.id != b.id || a.severity != b.severity || !sameLoc(a.loc, b.loc) ||
      a.message != b.message || a.notes.size() != b.notes.size())
    return false;
  for (size_t i = 0; i < a.notes.size(); ++i)
    if (a.notes[i].message != b.notes[i].message || !sameLoc(a.notes[i].loc, b.notes[i].loc))
      return false;
  return true;
}
} // namespace

std::string displayPath(llvm::StringRef p, const PathOptions &opts) {
  return diag::relativeSourcePath(p, opts.baseDir);
}

Finding resolve(const llvm::SourceMgr &sm, const diag::Diagnostic &d, const ResolveOptions &opts) {
  Finding f;
  f.id = d.id;
  f.severity = d.severity;
  f.loc = locate(sm, d.range, opts);
  f.message = d.message;
  for (const diag::Note &n : d.notes) {
    ResolveOptions noFallback = opts;
    noFallback.fallbackFile.clear();
    FindingNote note{locate(sm, n.range, noFallback), n.message, {}};
    for (const diag::PathHop &h : n.path) {
      FindingPathHop hop{h.step, locate(sm, h.range, noFallback), {}};
      for (const diag::PathChoice &c : h.choices)
        hop.choices.push_back({c.what, locate(sm, c.range, noFallback)});
      note.path.push_back(std::move(hop));
    }
    f.notes.push_back(std::move(note));
  }
  for (const diag::FixIt &x : d.fixits)
    f.fixits.push_back({locate(sm, x.range, opts), x.replacement});
  f.lineText = lineAt(sm, d.range.Start);
  if (opts.renderText) {
    llvm::raw_string_ostream os(f.rendered);
    diag::RenderOptions ro;
    ro.color = opts.color;
    ro.displayPath = [&](llvm::StringRef p) { return displayPath(p, opts.paths); };
    diag::renderText(sm, d, os, ro);
  }
  return f;
}

LateNote resolveNote(const llvm::SourceMgr &sm, llvm::SMRange range, std::string message,
                     const ResolveOptions &opts) {
  ResolveOptions noFallback = opts;
  noFallback.fallbackFile.clear();
  LateNote n{{locate(sm, range, noFallback), message, {}}, {}};
  if (opts.renderText) {
    llvm::raw_string_ostream os(n.rendered);
    diag::RenderOptions ro;
    ro.color = opts.color;
    ro.displayPath = [&](llvm::StringRef p) { return displayPath(p, opts.paths); };
    diag::renderNote(sm, range, message, os, ro);
  }
  return n;
}

std::vector<Finding> resolveAll(const diag::DiagnosticEngine &engine, const ResolveOptions &opts) {
  std::vector<Finding> out;
  for (const diag::Diagnostic &d : engine.sortedDiagnostics())
    out.push_back(resolve(engine.sourceMgr(), d, opts));
  return out;
}

void sortAndDedupe(std::vector<Finding> &findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
    auto ka = sortKey(a), kb = sortKey(b);
    if (ka != kb)
      return ka < kb;
    int c = llvm::StringRef(a.info().code).compare(b.info().code);
    if (c != 0)
      return c < 0;
    return a.message < b.message;
  });
  findings.erase(std::unique(findings.begin(), findings.end(), sameFinding), findings.end());
}

Counts count(const std::vector<Finding> &findings) {
  Counts c;
  for (const Finding &f : findings) {
    if (f.severity == diag::Severity::Error)
      ++c.errors;
    else if (f.severity == diag::Severity::Warning)
      ++c.warnings;
  }
  return c;
}

} // namespace callflow::lint
