// Explanations of diagnostics (explain.h).
#include "diag/explain.h"

#include "llvm/ADT/STLExtras.h"

namespace callflow::diag {

namespace {
struct Entry {
  const char *code;
  Explanation text;
};
constexpr Entry kEntries[] = {
#define CALLFLOW_EXPLAIN(Code, Meaning, Fix) {Code, {Meaning, Fix}},
#include "explain.def"
};
} // namespace

Explanation explanation(DiagId id) {
  llvm::StringRef code = info(id).code;
  for (const Entry &e : kEntries)
    if (code == e.code)
      return e.text;
  return {};
}

std::vector<const DiagInfo *> findDiags(llvm::StringRef what) {
  std::vector<const DiagInfo *> out;
  for (const DiagInfo &d : allDiagInfos())
    if (what.equals_insensitive(d.code) || what == d.name || (*d.flag && what == d.flag))
      out.push_back(&d);
  return out;
}

std::string designerExample(llvm::StringRef text) {
  std::string out;
  bool any = false;
  while (!text.empty()) {
    auto [line, rest] = text.split('\n');
    text = rest;
    llvm::StringRef code = line;
    // A comment that holds an expectation goes, with the spaces before it.
    for (size_t at = code.find("//"); at != llvm::StringRef::npos; at = code.find("//", at + 2))
      if (code.substr(at + 2).ltrim().startswith("expected-")) {
        code = code.take_front(at).rtrim();
        break;
      }
    if (code.trim().empty() && !line.trim().empty())
      continue; // the line was only an expectation
    if (code.trim().empty() && !any)
      continue;
    out += code.rtrim(" \t\r").str();
    out += '\n';
    any = true;
  }
  return out;
}

} // namespace callflow::diag
