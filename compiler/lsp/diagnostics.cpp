// Diagnostics published for a document and the files it imports, and the
// quick fixes made of the checker's fix-its (server.h).
#include "lsp/server.h"

#include <map>
#include <set>

#include "llvm/ADT/StringExtras.h"

namespace callflow::lsp {

namespace json = llvm::json;

namespace {

json::Object location(const Analysis &a, unsigned file, size_t b, size_t e) {
  return json::Object{{"uri", a.files()[file].uri}, {"range", toJSON(a.range(file, b, e))}};
}

bool unnecessary(diag::DiagId id) {
  return id == diag::DiagId::UnreachableStep || id == diag::DiagId::UnreachableStatement;
}

} // namespace

/// The LSP form of one diagnostic; `file` receives the file it is in.
json::Object diagnosticJSON(const Analysis &a, const diag::Diagnostic &d,
                            const std::string &docsUrl, unsigned &file) {
  size_t b = 0, e = 0;
  file = 0;
  if (!a.locate(d.range, file, b, e))
    file = 0;
  int severity = d.severity == diag::Severity::Error ? 1 : d.severity == diag::Severity::Warning ? 2 : 3;
  json::Object out{{"range", toJSON(a.range(file, b, e))},
                   {"severity", severity},
                   {"code", d.info().code},
                   {"source", "callflow"},
                   {"message", jsonString(d.message)}};
  if (!docsUrl.empty())
    out["codeDescription"] =
        json::Object{{"href", docsUrl + "#" + llvm::StringRef(d.info().code).lower()}};
  json::Array related;
  for (const diag::Note &n : d.notes) {
    unsigned nf;
    size_t nb, ne;
    if (!n.path.empty()) {
      for (const diag::PathHop &hop : n.path) {
        if (a.locate(hop.range, nf, nb, ne))
          related.push_back(json::Object{{"location", location(a, nf, nb, ne)},
                                         {"message", jsonString("path: " + diag::hopText(hop))}});
      }
      continue;
    }
    if (a.locate(n.range, nf, nb, ne))
      related.push_back(
          json::Object{{"location", location(a, nf, nb, ne)}, {"message", jsonString(n.message)}});
    else
      related.push_back(
          json::Object{{"location", location(a, file, b, e)}, {"message", jsonString(n.message)}});
  }
  if (!related.empty())
    out["relatedInformation"] = std::move(related);
  if (unnecessary(d.id))
    out["tags"] = json::Array{1};
  return out;
}

void Server::publish(Document &doc) {
  Analysis *a = analysis(doc.uri);
  if (!a)
    return;
  std::map<unsigned, json::Array> perFile;
  for (unsigned i = 0; i < a->files().size(); ++i)
    perFile[i];
  if (doc.text.size() > options_.maxDocumentBytes) {
    perFile[0].push_back(json::Object{
        {"range", toJSON(Range{})},
        {"severity", 1},
        {"source", "callflow"},
        {"message", "the document has " + std::to_string(doc.text.size()) +
                        " bytes, more than the server's limit of " +
                        std::to_string(options_.maxDocumentBytes) + "; it is not checked"}});
  } else {
    for (const diag::Diagnostic &d : a->compilation().diags().sortedDiagnostics()) {
      unsigned file;
      json::Object j = diagnosticJSON(*a, d, options_.docsUrl, file);
      perFile[file].push_back(std::move(j));
    }
  }
  for (auto &[file, list] : perFile) {
    const AnalyzedFile &f = a->files()[file];
    if (file != 0 && document(f.uri))
      continue; // an open file publishes its own
    json::Object params{{"uri", file == 0 ? doc.uri : f.uri}, {"diagnostics", std::move(list)}};
    if (file == 0)
      params["version"] = doc.version;
    notify("textDocument/publishDiagnostics", std::move(params));
  }
}

Reply Server::onCodeAction(const json::Value &params) {
  std::string uri = readUri(params);
  Analysis *a = analysis(uri);
  const json::Object *o = params.getAsObject();
  Range want;
  if (!a || !o || !fromJSON(o->get("range"), want))
    return Reply::error(ErrorCode::InvalidParams, "codeAction needs an open document and a range");
  const AnalyzedFile &root = a->files()[0];
  size_t wb = root.lines.offset(want.start), we = root.lines.offset(want.end);
  json::Array actions;
  std::map<std::string, std::vector<std::pair<json::Object, json::Array>>> byCode;
  std::set<std::string> touched; // codes with a diagnostic in the range: "fix all" offered

  for (const diag::Diagnostic &d : a->compilation().diags().sortedDiagnostics()) {
    if (d.fixits.empty())
      continue;
    unsigned file;
    json::Object dj = diagnosticJSON(*a, d, options_.docsUrl, file);
    if (file != 0)
      continue;
    json::Array edits;
    for (const diag::FixIt &f : d.fixits) {
      unsigned ff;
      size_t b, e;
      if (a->locate(f.range, ff, b, e) && ff == 0)
        edits.push_back(json::Object{{"range", toJSON(a->range(0, b, e))},
                                     {"newText", jsonString(f.replacement)}});
    }
    if (edits.empty())
      continue;
    unsigned df;
    size_t db, de;
    bool touches = a->locate(d.range, df, db, de) && db <= we && de >= wb;
    if (touches) {
      std::string title = d.fixits.size() == 1 && !d.fixits[0].replacement.empty()
                              ? "Replace with '" + d.fixits[0].replacement + "'"
                              : "Apply the fix of " + std::string(d.info().code);
      actions.push_back(json::Object{
          {"title", jsonString(title)},
          {"kind", "quickfix"},
          {"isPreferred", true},
          {"diagnostics", json::Array{json::Object(dj)}},
          {"edit", json::Object{{"changes", json::Object{{uri, json::Array(edits)}}}}}});
    }
    if (touches)
      touched.insert(d.info().code);
    byCode[d.info().code].push_back({std::move(dj), std::move(edits)});
  }
  for (auto &[code, list] : byCode) {
    if (list.size() < 2 || !touched.count(code))
      continue;
    json::Array all, diags;
    for (auto &[dj, edits] : list) {
      diags.push_back(std::move(dj));
      for (json::Value &e : edits)
        all.push_back(std::move(e));
    }
    actions.push_back(json::Object{
        {"title", "Fix all " + code + " in the file (" + std::to_string(list.size()) + ")"},
        {"kind", "quickfix"},
        {"diagnostics", std::move(diags)},
        {"edit", json::Object{{"changes", json::Object{{uri, std::move(all)}}}}}});
  }
  return {std::move(actions)};
}

} // namespace callflow::lsp
