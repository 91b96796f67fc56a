// Parses `expected-*` comments and matches them against the diagnostics.
#include "diag/verify.h"

#include <optional>

#include "diag/render.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

namespace callflow::diag {

namespace {
struct Expectation {
  Severity severity;
  unsigned bufferId;
  unsigned line;
  unsigned declLine; // where the comment is, for messages
  std::string text;
  unsigned min = 1, max = 1; // max == ~0u: unbounded
  unsigned seen = 0;
};

struct Actual {
  Severity severity;
  unsigned bufferId;
  unsigned line;
  std::string text;
  bool matched = false;
};

// Parses the expectations of one buffer. Problems in the comments
// themselves are reported as problems too.
void parseBuffer(const llvm::SourceMgr &sm, unsigned bufferId, std::vector<Expectation> &out,
                 bool &noDiagnostics, std::vector<std::string> &problems) {
  llvm::StringRef text = sm.getMemoryBuffer(bufferId)->getBuffer();
  llvm::StringRef name = sm.getMemoryBuffer(bufferId)->getBufferIdentifier();
  unsigned lineNo = 0;
  while (!text.empty()) {
    auto [line, rest] = text.split('\n');
    text = rest;
    ++lineNo;
    size_t pos = 0;
    while ((pos = line.find("expected-", pos)) != llvm::StringRef::npos) {
      llvm::StringRef s = line.substr(pos + 9);
      pos += 9;
      if (s.startswith("no-diagnostics")) {
        noDiagnostics = true;
        continue;
      }
      std::optional<Severity> sev;
      if (s.consume_front("error"))
        sev = Severity::Error;
      else if (s.consume_front("warning"))
        sev = Severity::Warning;
      else if (s.consume_front("note"))
        sev = Severity::Note;
      if (!sev)
        continue;
      Expectation e{*sev, bufferId, lineNo, lineNo, "", 1, 1, 0};
      auto where = [&] { return (name + ":" + llvm::Twine(lineNo)).str(); };
      if (s.consume_front("@")) {
        bool rel = s.startswith("+") || s.startswith("-");
        bool neg = s.startswith("-");
        if (rel)
          s = s.drop_front();
        size_t n = s.find_first_not_of("0123456789");
        unsigned v = 0;
        if (n == 0 || s.substr(0, n).getAsInteger(10, v)) {
          problems.push_back(where() + ": bad line number in expectation");
          continue;
        }
        s = s.drop_front(n == llvm::StringRef::npos ? s.size() : n);
        e.line = rel ? (neg ? lineNo - v : lineNo + v) : v;
      }
      s = s.ltrim();
      if (!s.empty() && llvm::isDigit(s[0])) {
        size_t n = s.find_first_not_of("0123456789");
        s.substr(0, n).getAsInteger(10, e.min);
        s = s.drop_front(n);
        e.max = e.min;
        if (s.consume_front("+"))
          e.max = ~0u;
        s = s.ltrim();
      }
      if (!s.consume_front("{{")) {
        problems.push_back(where() + ": expectation without {{text}}");
        continue;
      }
      size_t close = s.find("}}");
      if (close == llvm::StringRef::npos) {
        problems.push_back(where() + ": expectation without closing }}");
        continue;
      }
      e.text = s.substr(0, close).str();
      out.push_back(std::move(e));
    }
  }
}
} // namespace

VerifyResult verifyDiagnostics(const DiagnosticEngine &engine,
                               const std::vector<unsigned> &bufferIds) {
  VerifyResult r;
  const llvm::SourceMgr &sm = engine.sourceMgr();
  std::vector<Expectation> expected;
  bool noDiagnostics = false;
  for (unsigned id : bufferIds)
    parseBuffer(sm, id, expected, noDiagnostics, r.problems);

  std::vector<Actual> actual;
  auto add = [&](Severity sev, llvm::SMRange range, std::string text) {
    unsigned buf = range.Start.isValid() ? sm.FindBufferContainingLoc(range.Start) : 0;
    unsigned line = buf ? lineColumn(sm, range.Start).line : 0;
    actual.push_back({sev, buf, line, std::move(text)});
  };
  for (const Diagnostic &d : engine.sortedDiagnostics()) {
    add(d.severity, d.range, d.messageWithCode());
    for (const Note &n : d.notes)
      add(Severity::Note, n.range.Start.isValid() ? n.range : d.range, n.message);
  }

  for (Expectation &e : expected)
    for (Actual &a : actual) {
      if (e.seen >= e.max)
        break;
      if (a.matched || a.severity != e.severity || a.bufferId != e.bufferId ||
          a.line != e.line || a.text.find(e.text) == std::string::npos)
        continue;
      a.matched = true;
      ++e.seen;
    }

  auto bufName = [&](unsigned id) -> std::string {
    return id ? sm.getMemoryBuffer(id)->getBufferIdentifier().str() : "<no location>";
  };
  for (const Expectation &e : expected)
    if (e.seen < e.min)
      r.problems.push_back(bufName(e.bufferId) + ":" + std::to_string(e.line) + ": expected " +
                           severityName(e.severity) + " not seen: {{" + e.text + "}}" +
                           (e.min > 1 ? " (" + std::to_string(e.seen) + " of " +
                                            std::to_string(e.min) + ")"
                                      : ""));
  for (const Actual &a : actual)
    if (!a.matched)
      r.problems.push_back(bufName(a.bufferId) + ":" + std::to_string(a.line) + ": unexpected " +
                           severityName(a.severity) + ": " + a.text);
  if (noDiagnostics && !expected.empty())
    r.problems.push_back("expected-no-diagnostics together with other expectations");
  if (!noDiagnostics && expected.empty() && actual.empty())
    r.problems.push_back("no expectations in the file; add expected-no-diagnostics");
  r.ok = r.problems.empty();
  return r;
}

} // namespace callflow::diag
