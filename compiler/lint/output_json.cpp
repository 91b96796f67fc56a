// The json output format: one object per finding (schema in output.h).
#include "lint/output.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::lint {

namespace json = llvm::json;

namespace {
json::Value position(unsigned line, unsigned column) {
  return json::Object{{"line", line}, {"column", column}};
}

/// Adds "file" and "range" of `l` to `o` (each only when known).
void addLocation(json::Object &o, const Location &l) {
  if (!l.file.empty())
    o["file"] = l.file;
  if (l.valid())
    o["range"] = json::Object{{"start", position(l.line, l.column)},
                              {"end", position(l.endLine, l.endColumn)}};
}
} // namespace

void writeJson(const std::vector<Finding> &findings, const ReportInfo &info,
               llvm::raw_ostream &os) {
  Counts c = count(findings);
  json::Array diags;
  for (const Finding &f : findings) {
    json::Object o;
    addLocation(o, f.loc);
    o["code"] = f.info().code;
    o["name"] = f.info().name;
    o["severity"] = diag::severityName(f.severity);
    if (*f.info().flag)
      o["flag"] = f.info().flag;
    o["message"] = f.message;
    json::Array notes;
    for (const FindingNote &n : f.notes) {
      json::Object no;
      addLocation(no, n.loc);
      no["message"] = n.message;
      if (!n.path.empty()) {
        json::Array hops;
        for (const FindingPathHop &h : n.path) {
          json::Object ho{{"step", h.step}};
          addLocation(ho, h.loc);
          json::Array choices;
          for (const FindingPathChoice &c : h.choices) {
            json::Object co{{"choice", c.what}};
            addLocation(co, c.loc);
            choices.push_back(std::move(co));
          }
          ho["choices"] = std::move(choices);
          hops.push_back(std::move(ho));
        }
        no["path"] = std::move(hops);
      }
      notes.push_back(std::move(no));
    }
    o["notes"] = std::move(notes);
    json::Array fixits;
    for (const FindingFixIt &x : f.fixits) {
      json::Object xo;
      addLocation(xo, x.loc);
      xo["replacement"] = x.replacement;
      fixits.push_back(std::move(xo));
    }
    o["fixits"] = std::move(fixits);
    diags.push_back(std::move(o));
  }
  json::Value root = json::Object{{"version", 1},
                                  {"tool", info.toolName},
                                  {"toolVersion", info.toolVersion},
                                  {"files", info.fileCount},
                                  {"errors", c.errors},
                                  {"warnings", c.warnings},
                                  {"diagnostics", std::move(diags)}};
  os << llvm::formatv("{0:2}", root) << "\n";
}

} // namespace callflow::lint
