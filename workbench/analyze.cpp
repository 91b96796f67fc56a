// The workbench's analyses: diagnostics, outline, flowchart and script of
// a document (POST /api/analyze), hover and definition (impl.h).
#include "workbench/impl.h"

#include "diag/render.h"
#include "llvm/Support/xxhash.h"
#include "print/print.h"

namespace callflow::workbench {

namespace {

const char *severityWord(diag::Severity s) {
  switch (s) {
  case diag::Severity::Error: return "error";
  case diag::Severity::Warning: return "warning";
  default: return "note";
  }
}

void writeDiagnostic(OStream &j, lsp::Analysis &a, const diag::Diagnostic &d, llvm::StringRef dir, unsigned doc) {
  const llvm::SourceMgr &sm = a.compilation().sourceMgr();
  diag::LineCol from = diag::lineColumn(sm, d.range.Start);
  diag::LineCol to = diag::lineColumn(sm, d.range.End.isValid() ? d.range.End : d.range.Start);
  unsigned file = 0;
  size_t b = 0, e = 0;
  const bool located = a.locate(d.range, file, b, e);
  j.object([&] {
    j.attribute("code", d.info().code);
    j.attribute("severity", severityWord(d.severity));
    j.attribute("message", lsp::jsonString(d.message));
    j.attribute("line", int64_t(from.line));
    j.attribute("column", int64_t(from.column));
    j.attribute("endLine", int64_t(to.line));
    j.attribute("endColumn", int64_t(to.column));
    // Where it is: "" for the document, else the imported file's path.
    j.attribute("file", located && file != doc ? relativeTo(dir, a.files()[file].path) : std::string());
    if (located && file == doc) {
      // For the page's editor: the same range in UTF-16 code units.
      lsp::Range r = a.range(file, b, e);
      j.attributeArray("utf16", [&] {
        j.value(int64_t(r.start.line));
        j.value(int64_t(r.start.character));
        j.value(int64_t(r.end.line));
        j.value(int64_t(r.end.character));
      });
    }
    j.attributeArray("notes", [&] {
      for (const diag::Note &n : d.notes) {
        diag::LineCol at = diag::lineColumn(sm, n.range.Start);
        j.object([&] {
          std::string msg = n.message;
          if (!n.path.empty()) {
            msg = "path:";
            for (const diag::PathHop &hop : n.path) msg += " " + diag::hopText(hop);
          }
          j.attribute("message", lsp::jsonString(msg));
          j.attribute("line", int64_t(at.line));
          j.attribute("column", int64_t(at.column));
        });
      }
    });
  });
}

} // namespace

Response Workbench::Impl::analyzeRoute(Request &req) {
  Response bad;
  std::optional<llvm::json::Object> body = http::parseObject(req, bad);
  if (!body) return bad;
  const bool wantViews = body->getBoolean("views").getValueOr(true);
  std::lock_guard<std::mutex> lock(mutex);
  Doc doc;
  if (!docOf(*body, doc, bad)) return bad;
  const std::string &rel = doc.rel;
  lsp::Analysis &a = analyze(doc);
  const sema::Program *p = a.program();
  const auto &diags = a.compilation().diags();
  const bool errors = diags.hasErrors();

  // Per step: its line and the diagnostics inside it (the page marks them).
  struct StepPlace {
    size_t begin = 0, end = 0;
    unsigned line = 0;
    bool here = false; // in the edited document
    unsigned file = 0;
    int errors = 0, warnings = 0;
  };
  std::vector<StepPlace> places(p ? p->steps.size() : 0);
  for (size_t i = 0; i < places.size(); ++i) {
    const ast::StepDecl *decl = p->steps[i].decl;
    unsigned f = 0;
    if (decl && a.locate(decl->range, f, places[i].begin, places[i].end)) {
      places[i].file = f;
      places[i].here = f == doc.file;
      places[i].line = diag::lineColumn(a.compilation().sourceMgr(), decl->range.Start).line;
    }
  }
  std::vector<size_t> order; // steps by file and where they begin
  for (size_t i = 0; i < places.size(); ++i)
    if (places[i].line) order.push_back(i);
  auto before = [&](size_t x, size_t y) {
    return places[x].file != places[y].file ? places[x].file < places[y].file : places[x].begin < places[y].begin;
  };
  std::sort(order.begin(), order.end(), before);
  for (const diag::Diagnostic &d : diags.diagnostics()) {
    unsigned f;
    size_t b, e;
    if (!a.locate(d.range, f, b, e)) continue;
    auto it = std::upper_bound(order.begin(), order.end(), std::make_pair(f, b), [&](std::pair<unsigned, size_t> at, size_t i) {
      return at.first != places[i].file ? at.first < places[i].file : at.second < places[i].begin;
    });
    if (it == order.begin()) continue;
    StepPlace &s = places[*std::prev(it)];
    if (s.file != f || b > s.end) continue;
    if (d.severity == diag::Severity::Error) ++s.errors;
    else if (d.severity == diag::Severity::Warning) ++s.warnings;
  }

  // The views: the flowchart (dot) and the script, for flows small enough.
  std::string svg, svgNote, html, htmlNote, scriptId;
  const bool drawn = wantViews && p && p->steps.size() <= wb.options_.maxDrawnSteps;
  if (!p) {
    svgNote = htmlNote = "nothing to show: the flow did not parse";
  } else if (!wantViews) {
    svgNote = htmlNote = "left out (asked for)";
  } else if (!drawn) {
    svgNote = htmlNote = "left out: the flow has " + std::to_string(p->steps.size()) + " steps, more than " +
                         std::to_string(wb.options_.maxDrawnSteps) + " (docs/workbench.md)";
  }
  if (drawn) {
    std::string dot;
    llvm::raw_string_ostream os(dot);
    print::printGraphDot(*p, os);
    os.flush();
    svg = drawGraph(dot, svgNote);
    if (errors) {
      htmlNote = "no script: the flow has errors";
    } else {
      llvm::raw_string_ostream hs(html);
      print::printScriptHtml(*p, hs);
      hs.flush();
      scriptId = hex64(llvm::xxHash64(html));
      bool known = false;
      for (const auto &[id, s] : scripts) known |= id == scriptId;
      if (!known) {
        scripts.emplace_back(scriptId, html);
        if (scripts.size() > 16) scripts.pop_front();
      }
    }
  }

  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("path", rel);
      j.attribute("root", doc.rootRel); // the flow the document is checked in
      j.attributeArray("diagnostics", [&] {
        for (const diag::Diagnostic &d : diags.sortedDiagnostics()) writeDiagnostic(j, a, d, dir, doc.file);
      });
      j.attribute("errors", int64_t(diags.errorCount()));
      j.attribute("warnings", int64_t(diags.warningCount()));
      j.attribute("graph_svg", svg);
      if (!svgNote.empty()) j.attribute("graph_note", svgNote);
      j.attribute("script_html", lsp::jsonString(html));
      if (!scriptId.empty()) j.attribute("script_url", "/script/" + scriptId);
      if (!htmlNote.empty()) j.attribute("script_note", htmlNote);
      if (p) {
        j.attribute("flow", p->flowName);
        j.attribute("title", lsp::jsonString(p->flowTitle));
        if (p->startStep >= 0) j.attribute("start", std::string(p->steps[size_t(p->startStep)].id));
      }
      j.attributeArray("steps", [&] {
        for (size_t i = 0; i < places.size(); ++i) {
          const sema::StepInfo &s = p->steps[i];
          j.object([&] {
            j.attribute("id", std::string(s.id));
            j.attribute("node", "s" + std::to_string(i)); // its node in graph_svg
            j.attribute("title", lsp::jsonString(s.title));
            if (s.section >= 0) j.attribute("section", lsp::jsonString(p->sections[size_t(s.section)].title));
            j.attribute("line", int64_t(places[i].line));
            // "" when in the edited document, else the file it is in.
            j.attribute("file", places[i].here || !places[i].line ? std::string() : relativeTo(dir, a.files()[places[i].file].path));
            j.attribute("errors", int64_t(places[i].errors));
            j.attribute("warnings", int64_t(places[i].warnings));
            if (i < p->reachable.size() && !p->reachable[i]) j.attribute("unreachable", true);
          });
        }
      });
    });
  });
}

namespace {
/// "line" and "column" of a body (1-based, the column in UTF-16 code units
/// as the page's editor counts) as a byte offset of the document.
bool offsetOf(const llvm::json::Object &body, lsp::Analysis &a, unsigned file, size_t &off, Response &bad) {
  llvm::Optional<int64_t> line = body.getInteger("line"), column = body.getInteger("column");
  if (!line || !column || *line < 1 || *column < 1 || *line > (1 << 30) || *column > (1 << 30)) {
    bad = http::error(400, "\"line\" and \"column\" (1-based integers) are needed");
    return false;
  }
  if (file >= a.files().size()) {
    bad = http::error(422, "the document did not load");
    return false;
  }
  off = a.files()[file].lines.offset(lsp::Position{unsigned(*line - 1), unsigned(*column - 1)});
  return true;
}
} // namespace

Response Workbench::Impl::atPosition(Request &req, AnswerAt answer) {
  Response bad;
  std::optional<llvm::json::Object> body = http::parseObject(req, bad);
  if (!body) return bad;
  std::lock_guard<std::mutex> lock(mutex);
  Doc doc;
  if (!docOf(*body, doc, bad)) return bad;
  lsp::Analysis &a = analyze(doc);
  size_t off;
  if (!offsetOf(*body, a, doc.file, off, bad)) return bad;
  return answer(a, doc, off);
}

Response Workbench::Impl::hover(Request &req) {
  return atPosition(req, [&](lsp::Analysis &a, const Doc &doc, size_t off) {
    size_t b = off, e = off;
    std::string md = lsp::hoverMarkdown(a, off, b, e, doc.file);
    return http::json(200, [&](OStream &j) {
      j.object([&] {
        j.attribute("markdown", lsp::jsonString(md));
        lsp::Range r = a.range(doc.file, b, e);
        j.attributeArray("utf16", [&] {
          j.value(int64_t(r.start.line));
          j.value(int64_t(r.start.character));
          j.value(int64_t(r.end.line));
          j.value(int64_t(r.end.character));
        });
      });
    });
  });
}

Response Workbench::Impl::definition(Request &req) {
  return atPosition(req, [&](lsp::Analysis &a, const Doc &doc, size_t off) {
    const lsp::Occurrence *o = a.at(doc.file, off);
    const lsp::Occurrence *d = o ? a.declOf(o->key) : nullptr;
    return http::json(200, [&](OStream &j) {
      j.object([&] {
        if (!d) {
          j.attribute("found", false);
          return;
        }
        j.attribute("found", true);
        j.attribute("key", lsp::jsonString(o->key));
        j.attribute("file", d->file == doc.file ? std::string() : relativeTo(dir, a.files()[d->file].path));
        lsp::Range r = a.range(d->file, d->begin, d->end);
        j.attribute("line", int64_t(r.start.line + 1));
        j.attribute("column", int64_t(r.start.character + 1)); // UTF-16, as the editor counts
        j.attribute("endLine", int64_t(r.end.line + 1));
        j.attribute("endColumn", int64_t(r.end.character + 1));
      });
    });
  });
}

} // namespace callflow::workbench
