// The designer's workbench: requests checked, routed and answered
// (workbench.h). The page is web/workbench (callflow_web).
#include "workbench/workbench.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <regex>
#include <map>
#include <mutex>

#include "answers.h"
#include "callflow/program.h"
#include "callflow/runtime.h"
#include "callflow/web/desktop.h"
#include "callflow/web/workbench.h"
#include "codegen/codegen.h"
#include "diag/render.h"
#include "driver/files.h"
#include "format/formatter.h"
#include "host/event_json.h"
#include "host/supplies_json.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include "lsp/analysis.h"
#include "print/external.h"
#include "print/print.h"

namespace callflow::workbench {

using http::Request;
using http::Response;
using llvm::json::OStream;

namespace fs = llvm::sys::fs;

namespace {

/// The largest file GET /api/files/PATH sends (the server's body limit is 32 MiB).
constexpr uint64_t kMaxFileBytes = uint64_t(16) << 20;

bool inside(llvm::StringRef dir, llvm::StringRef real) {
  return real == dir || (real.startswith(dir) && real.size() > dir.size() && real[dir.size()] == '/');
}

std::string hex64(uint64_t v) {
  static const char *digits = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[size_t(i)] = digits[v & 15];
  return s;
}

/// The page's headers (desktop's CSP, which also lets the page frame the
/// script it printed: frame-src 'self').
std::vector<std::pair<std::string, std::string>> pageHeaders() {
  return {{"Content-Security-Policy", std::string(web::workbenchCsp())},
          {"Referrer-Policy", "no-referrer"},
          {"X-Frame-Options", "DENY"}};
}

std::string relativeTo(llvm::StringRef dir, llvm::StringRef path) {
  llvm::SmallString<256> real;
  if (!fs::real_path(path, real) && inside(dir, real))
    return real.size() == dir.size() ? std::string() : std::string(real.substr(dir.size() + 1));
  return path.str();
}

/// A string member of a request body, or a 400 saying it is missing.
std::optional<std::string> needString(const llvm::json::Object &o, llvm::StringRef name, Response &bad) {
  if (const llvm::json::Value *v = o.get(name)) {
    if (llvm::Optional<llvm::StringRef> s = v->getAsString()) return s->str();
    bad = http::error(400, "\"" + name.str() + "\" must be a string");
    return std::nullopt;
  }
  bad = http::error(400, "\"" + name.str() + "\" is missing");
  return std::nullopt;
}

} // namespace

bool resolveInside(const std::string &dir, const std::string &rel, std::string &abs, std::string &why) {
  if (rel.empty()) {
    why = "the path is empty";
    return false;
  }
  if (rel.size() > 4096) {
    why = "the path is too long";
    return false;
  }
  if (rel.front() == '/') {
    why = "the path '" + rel + "' is absolute; paths are relative to the project directory";
    return false;
  }
  if (rel.find('\\') != std::string::npos || rel.find('\0') != std::string::npos) {
    why = "the path holds a backslash or a NUL byte";
    return false;
  }
  for (llvm::StringRef rest = rel; !rest.empty();) {
    auto [seg, tail] = rest.split('/');
    if (seg.empty() || seg == "." || seg == "..") {
      why = "the path '" + rel + "' has an empty, '.' or '..' part";
      return false;
    }
    if (tail.empty() && rest.endswith("/")) {
      why = "the path '" + rel + "' ends with '/'";
      return false;
    }
    rest = tail;
  }
  llvm::SmallString<256> joined(dir);
  llvm::sys::path::append(joined, rel);
  // Follow symlinks as far as the path exists: the real place must stay in.
  llvm::SmallString<256> probe(joined), real;
  while (true) {
    fs::file_status st;
    if (!fs::status(probe, st, /*follow=*/false)) {
      if (std::error_code ec = fs::real_path(probe, real)) {
        why = "the path '" + rel + "' is a link to nowhere";
        return false;
      }
      if (!inside(dir, real)) {
        why = "the path '" + rel + "' leads outside the project directory";
        return false;
      }
      break;
    }
    llvm::StringRef parent = llvm::sys::path::parent_path(probe);
    if (parent.empty() || parent.size() < dir.size()) break;
    probe = parent;
  }
  abs = std::string(joined);
  return true;
}

struct Workbench::Impl {
  explicit Impl(Workbench &w) : wb(w), router(http::ServerOptions{}) {}
  Workbench &wb;
  http::Server router; // routes only: never bound
  std::string dir;     // real path
  std::mutex mutex;    // analyses, caches
  // The last analysis of each path (hover and definition reuse it).
  struct Cached {
    std::string text;
    std::unique_ptr<lsp::Analysis> analysis;
    unsigned file = 0;
  };
  std::map<std::string, Cached> analyses;
  // Drawn flowcharts by DOT text, printed scripts by ID (a few of each).
  std::deque<std::pair<uint64_t, std::string>> svgs;
  std::deque<std::pair<std::string, std::string>> scripts;

  bool allowedHost(const std::string &hostHeader) const;
  std::optional<Response> refuse(const Request &req) const;
  driver::CompileOptions compileOptions() const {
    driver::CompileOptions o = wb.options_.compile;
    if (o.projectRoot.empty()) o.projectRoot = dir;
    return o;
  }
  bool pathOf(const llvm::json::Object &body, std::string &rel, std::string &abs, Response &bad) const;
  /// The document of a request ("path", "text") and the flow it belongs
  /// to: itself when it declares `flow`, else the file that imports it
  /// (directly or through other imports) and does (an import alone has
  /// no start step and names what its importer declares).
  struct Doc {
    std::string rel, abs, text;         // the edited document
    std::string rootRel, rootAbs;       // the flow it is checked in
    unsigned file = 0;                  // its index in the analysis' files
  };
  bool docOf(const llvm::json::Object &body, Doc &doc, Response &bad);
  std::string findRoot(const std::string &abs, const std::string &text);
  lsp::Analysis &analyze(Doc &doc);
  // Which files import which (real paths), rebuilt when older than 2 s.
  std::map<std::string, std::vector<std::string>> importers;
  std::map<std::string, bool> declaresFlow;
  std::chrono::steady_clock::time_point scanned{};
  void scanImports();
  // One dot kept running (print::GraphvizWorker), under `mutex` as the
  // analyses are: a drawing takes ~5 ms instead of dot's ~50 ms start.
  print::GraphvizWorker graphviz;
  std::string drawGraph(const std::string &dot, std::string &why);

  Response files(Request &req);
  Response getFile(Request &req);
  Response putFile(Request &req);
  Response analyzeRoute(Request &req);
  Response hover(Request &req);
  Response definition(Request &req);
  Response simulate(Request &req);
  Response script(Request &req);
  Response asset(Request &req);
};

bool Workbench::Impl::allowedHost(const std::string &h) const {
  const std::string port = ":" + std::to_string(wb.options_.port);
  std::string own = wb.options_.host;
  if (own.find(':') != std::string::npos) own = "[" + own + "]";
  for (const std::string &name : {own, std::string("127.0.0.1"), std::string("localhost"), std::string("[::1]")})
    if (llvm::StringRef(h).equals_insensitive(name + port)) return true;
  return false;
}

// A request a web page elsewhere sent (its Origin), or one sent to a name
// that only resolves here (DNS rebinding: the Host is the attacker's name).
std::optional<Response> Workbench::Impl::refuse(const Request &req) const {
  const std::string host = req.header("host");
  if (host.empty()) return http::error(403, "the request has no Host header");
  if (!allowedHost(host))
    return http::error(403, "the Host '" + host + "' is not this server's (" + wb.options_.host + ":" +
                                std::to_string(wb.options_.port) + ")");
  auto origin = req.headers.find("origin");
  if (origin != req.headers.end()) {
    llvm::StringRef o(origin->second);
    if (!o.consume_front("http://") || !allowedHost(o.str()))
      return http::error(403, "requests from the origin '" + origin->second + "' are refused");
  }
  const std::string site = req.header("sec-fetch-site");
  if (!site.empty() && site != "same-origin" && site != "none")
    return http::error(403, "a " + site + " request is refused");
  return std::nullopt;
}

bool Workbench::Impl::pathOf(const llvm::json::Object &body, std::string &rel, std::string &abs,
                             Response &bad) const {
  std::optional<std::string> p = needString(body, "path", bad);
  if (!p) return false;
  rel = *p;
  std::string why;
  if (!resolveInside(dir, rel, abs, why)) {
    bad = http::error(403, why);
    return false;
  }
  return true;
}

namespace {
bool hasFlowDecl(llvm::StringRef text) {
  // A line whose first word is `flow` (comments aside: good enough to
  // choose the file to check; the checker says the rest).
  for (llvm::StringRef rest = text; !rest.empty();) {
    auto [line, tail] = rest.split('\n');
    rest = tail;
    llvm::StringRef t = line.ltrim();
    if (t.consume_front("flow") && (t.empty() || t.front() == ' ' || t.front() == '\t')) return true;
  }
  return false;
}

std::string realOf(llvm::StringRef path) {
  llvm::SmallString<256> real;
  if (fs::real_path(path, real)) return path.str();
  return std::string(real);
}
} // namespace

void Workbench::Impl::scanImports() {
  const auto now = std::chrono::steady_clock::now();
  if (now - scanned < std::chrono::seconds(2)) return;
  scanned = now;
  importers.clear();
  declaresFlow.clear();
  static const std::regex importLine(R"re(^\s*import\s+"([^"]+)")re");
  std::error_code ec;
  size_t seen = 0;
  for (fs::recursive_directory_iterator it(dir, ec, false), end; it != end && !ec; it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (++seen > 20000) break;
    if (name.startswith(".") || name == "node_modules" || name == "build") {
      if (it->type() == fs::file_type::directory_file) it.no_push();
      continue;
    }
    if (!name.endswith(".flow") || it->type() != fs::file_type::regular_file) continue;
    auto buf = llvm::MemoryBuffer::getFile(it->path(), false, false);
    if (!buf) continue;
    llvm::StringRef text = (*buf)->getBuffer();
    const std::string real = realOf(it->path());
    declaresFlow[real] = hasFlowDecl(text);
    // Only the head of a file imports (imports come first).
    llvm::StringRef head = text.take_front(64 << 10);
    for (llvm::StringRef rest = head; !rest.empty();) {
      auto [line, tail] = rest.split('\n');
      rest = tail;
      std::cmatch m;
      if (!std::regex_search(line.begin(), line.end(), m, importLine)) continue;
      llvm::SmallString<256> target(llvm::sys::path::parent_path(it->path()));
      llvm::sys::path::append(target, m[1].str());
      importers[realOf(target)].push_back(real);
    }
  }
}

std::string Workbench::Impl::findRoot(const std::string &abs, const std::string &text) {
  if (hasFlowDecl(text)) return abs;
  scanImports();
  // Breadth first through the importers: the nearest file that declares a flow.
  std::vector<std::string> queue{realOf(abs)};
  std::map<std::string, bool> seen;
  for (size_t i = 0; i < queue.size() && i < 1000; ++i) {
    for (const std::string &by : importers[queue[i]]) {
      if (seen[by]) continue;
      seen[by] = true;
      if (declaresFlow[by]) return by;
      queue.push_back(by);
    }
  }
  return abs; // imported by no flow: checked on its own
}

bool Workbench::Impl::docOf(const llvm::json::Object &body, Doc &doc, Response &bad) {
  if (!pathOf(body, doc.rel, doc.abs, bad)) return false;
  std::optional<std::string> text = needString(body, "text", bad);
  if (!text) return false;
  doc.text = std::move(*text);
  doc.rootAbs = findRoot(doc.abs, doc.text);
  doc.rootRel = relativeTo(dir, doc.rootAbs);
  return true;
}

lsp::Analysis &Workbench::Impl::analyze(Doc &doc) {
  const bool own = doc.rootAbs == doc.abs;
  const std::string key = doc.rootAbs + '\n' + doc.abs;
  Cached &c = analyses[key];
  if (c.analysis && c.text == doc.text) {
    doc.file = c.file;
    return *c.analysis;
  }
  driver::CompileOptions options = compileOptions();
  std::string rootText;
  if (own) {
    rootText = doc.text;
  } else {
    // The importer from disk, the edited document's text in place of its file.
    if (auto buf = llvm::MemoryBuffer::getFile(doc.rootAbs, false, false)) rootText = (*buf)->getBuffer().str();
    const std::string real = realOf(doc.abs), text = doc.text;
    auto previousOverlay = options.overlay;
    options.overlay = [real, text, previousOverlay](llvm::StringRef path) -> std::unique_ptr<llvm::MemoryBuffer> {
      if (realOf(path) == real) return llvm::MemoryBuffer::getMemBufferCopy(text, path);
      return previousOverlay ? previousOverlay(path) : nullptr;
    };
  }
  // The declarations an edit did not touch are taken from the last
  // analysis when it parsed clean (the language server's incremental parse).
  lsp::Analysis *previous =
      own && c.analysis && c.analysis->compilation().rootParsedClean() ? c.analysis.get() : nullptr;
  auto next = std::make_unique<lsp::Analysis>(doc.rootAbs, rootText, 0, options, previous);
  c.analysis = std::move(next);
  c.text = doc.text;
  c.file = 0;
  if (!own) {
    const std::string real = realOf(doc.abs);
    for (unsigned i = 0; i < c.analysis->files().size(); ++i)
      if (realOf(c.analysis->files()[i].path) == real) c.file = i;
  }
  doc.file = c.file;
  if (analyses.size() > 8) // a page edits a few files: keep this one
    for (auto it = analyses.begin(); it != analyses.end();)
      it = it->first == key ? std::next(it) : analyses.erase(it);
  return *c.analysis;
}

std::string Workbench::Impl::drawGraph(const std::string &dot, std::string &why) {
  const uint64_t key = llvm::xxHash64(dot);
  for (const auto &[k, svg] : svgs)
    if (k == key) return svg;
  std::string svg;
  if (!graphviz.drawSvg(dot, svg, why, wb.options_.dotTimeoutSeconds)) return "";
  svgs.emplace_back(key, svg);
  if (svgs.size() > 8) svgs.pop_front();
  return svg;
}

// ---- files ------------------------------------------------------------------

Response Workbench::Impl::files(Request &) {
  std::vector<std::pair<std::string, uint64_t>> list;
  std::error_code ec;
  size_t seen = 0;
  bool truncated = false;
  for (fs::recursive_directory_iterator it(dir, ec, /*follow_symlinks=*/false), end; it != end && !ec;
       it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (++seen > 100000 || list.size() >= 5000) {
      truncated = true;
      break;
    }
    if (name.startswith(".") || name == "node_modules" || name == "build") {
      if (it->type() == fs::file_type::directory_file) it.no_push();
      continue;
    }
    if (!name.endswith(".flow")) continue;
    const std::string rel = it->path().substr(dir.size() + 1);
    std::string abs, why;
    if (!resolveInside(dir, rel, abs, why)) continue; // a link leaving the directory is not listed
    fs::file_status st;
    if (fs::status(abs, st) || st.type() != fs::file_type::regular_file) continue;
    list.emplace_back(rel, st.getSize());
  }
  std::sort(list.begin(), list.end());
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("dir", dir);
      j.attribute("truncated", truncated);
      j.attributeArray("files", [&] {
        for (const auto &file : list) // (clang 14 cannot capture a structured binding)
          j.object([&] {
            j.attribute("path", file.first);
            j.attribute("size", int64_t(file.second));
          });
      });
    });
  });
}

namespace {
/// The file part of /api/files/PATH, as the request wrote it.
std::string filePathOf(const Request &req) {
  constexpr llvm::StringLiteral prefix("/api/files/");
  llvm::StringRef p(req.path);
  return p.startswith(prefix) ? p.substr(prefix.size()).str() : std::string();
}
} // namespace

Response Workbench::Impl::getFile(Request &req) {
  const std::string rel = filePathOf(req);
  std::string abs, why;
  if (!resolveInside(dir, rel, abs, why)) return http::error(403, why);
  if (!llvm::StringRef(rel).endswith(".flow")) return http::error(403, "only .flow files are served");
  fs::file_status st;
  if (fs::status(abs, st) || st.type() != fs::file_type::regular_file)
    return http::error(404, "no file '" + rel + "'");
  if (st.getSize() > kMaxFileBytes)
    return http::error(413, "'" + rel + "' has " + std::to_string(st.getSize()) + " bytes, more than the page edits (" +
                                std::to_string(kMaxFileBytes) + ")");
  auto buf = llvm::MemoryBuffer::getFile(abs, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buf) return http::error(500, "cannot read '" + rel + "': " + buf.getError().message());
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("path", rel);
      j.attribute("text", lsp::jsonString((*buf)->getBuffer().str()));
    });
  });
}

Response Workbench::Impl::putFile(Request &req) {
  const std::string rel = filePathOf(req);
  std::string abs, why;
  if (!resolveInside(dir, rel, abs, why)) return http::error(403, why);
  if (!llvm::StringRef(rel).endswith(".flow")) return http::error(403, "only .flow files are written");
  Response bad;
  std::optional<llvm::json::Object> body = http::parseObject(req, bad);
  if (!body) return bad;
  std::optional<std::string> text = needString(*body, "text", bad);
  if (!text) return bad;
  const bool format = body->getBoolean("format").getValueOr(false);
  std::string written = *text, formatNote;
  bool formatted = false;
  if (format) {
    format::FormatResult f = format::formatSource(*text, rel);
    if (f.ok) {
      written = std::move(f.text);
      formatted = true;
    } else {
      formatNote = "not formatted: the flow has errors";
    }
  }
  if (!llvm::sys::fs::is_directory(llvm::sys::path::parent_path(abs)))
    return http::error(404, "the folder of '" + rel + "' does not exist");
  std::string error = driver::writeOutputFile(abs, written);
  if (!error.empty()) return http::error(422, error);
  {
    std::lock_guard<std::mutex> lock(mutex);
    analyses.clear(); // the file may be imported by others
    scanned = {};
  }
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("path", rel);
      j.attribute("saved", true);
      j.attribute("formatted", formatted);
      if (!formatNote.empty()) j.attribute("note", formatNote);
      j.attribute("text", lsp::jsonString(written));
    });
  });
}

// ---- analysis ---------------------------------------------------------------

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
        if (p->startStep >= 0) j.attribute("start", p->steps[size_t(p->startStep)].id);
      }
      j.attributeArray("steps", [&] {
        for (size_t i = 0; i < places.size(); ++i) {
          const sema::StepInfo &s = p->steps[i];
          j.object([&] {
            j.attribute("id", s.id);
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

Response Workbench::Impl::hover(Request &req) {
  Response bad;
  std::optional<llvm::json::Object> body = http::parseObject(req, bad);
  if (!body) return bad;
  std::lock_guard<std::mutex> lock(mutex);
  Doc doc;
  if (!docOf(*body, doc, bad)) return bad;
  lsp::Analysis &a = analyze(doc);
  size_t off;
  if (!offsetOf(*body, a, doc.file, off, bad)) return bad;
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
}

Response Workbench::Impl::definition(Request &req) {
  Response bad;
  std::optional<llvm::json::Object> body = http::parseObject(req, bad);
  if (!body) return bad;
  std::lock_guard<std::mutex> lock(mutex);
  Doc doc;
  if (!docOf(*body, doc, bad)) return bad;
  lsp::Analysis &a = analyze(doc);
  size_t off;
  if (!offsetOf(*body, a, doc.file, off, bad)) return bad;
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
}

// ---- trying a call ----------------------------------------------------------

Response Workbench::Impl::simulate(Request &req) {
  Response bad;
  std::optional<llvm::json::Object> body = http::parseObject(req, bad);
  if (!body) return bad;
  std::vector<std::string> answers;
  if (const llvm::json::Value *v = body->get("answers")) {
    const llvm::json::Array *arr = v->getAsArray();
    if (!arr) return http::error(400, "\"answers\" must be an array of directives (strings)");
    for (const llvm::json::Value &x : *arr) {
      llvm::Optional<llvm::StringRef> s = x.getAsString();
      if (!s) return http::error(400, "\"answers\" must be an array of directives (strings)");
      answers.push_back(s->str());
    }
  }
  if (answers.size() > wb.options_.maxAnswers)
    return http::error(413, "more than " + std::to_string(wb.options_.maxAnswers) + " answers");

  std::vector<uint8_t> bytes;
  std::string startId;
  {
    std::lock_guard<std::mutex> lock(mutex);
    Doc doc;
    if (!docOf(*body, doc, bad)) return bad;
    lsp::Analysis &a = analyze(doc);
    const sema::Program *sp = a.program();
    if (!sp || a.compilation().diags().hasErrors())
      return http::error(422, "the flow has errors: fix them to try a call");
    codegen::Options co;
    co.pathBase = dir;
    if (const llvm::json::Value *s = body->get("start"); s && s->kind() != llvm::json::Value::Null) {
      llvm::Optional<llvm::StringRef> id = s->getAsString();
      if (!id) return http::error(400, "\"start\" must be a step ID (a string)");
      auto it = sp->stepByName.find(*id);
      if (it == sp->stepByName.end()) return http::error(422, "there is no step '" + id->str() + "'");
      co.startStep = it->second;
      startId = id->str();
    }
    codegen::Result r = codegen::generate(*sp, a.compilation().sourceMgr(), co);
    if (!r) return http::error(422, "the flow does not compile: " + r.error);
    bytes = std::move(r.bytes);
  }
  Loaded loaded = Program::load(std::move(bytes));
  if (!loaded) return http::error(500, "the compiled flow was rejected by the runtime");
  const Program &p = *loaded.program;

  Session s(p);
  std::vector<std::string> items;
  std::string problem;
  long refusedAt = -1;
  std::vector<JournalAnswer> sets;
  if (auto e = host::suppliesFromJson(body->get("set"), p, sets))
    return http::error(e->kind == host::SuppliesError::Malformed ? 400 : 422, e->message);
  for (const JournalAnswer &a : sets)
    if (Answer r = a.applyTo(s); !r) return http::error(422, "set " + p.slotName(a.index) + ": " + r.error);
  bool shown = false;
  auto runOn = [&] {
    while (!s.ended() && !(s.waiting() && shown) && items.size() < wb.options_.maxEvents) {
      const Event &e = s.next();
      items.push_back(host::eventJsonText(e, p));
      if (e.waiting) {
        shown = true;
        break;
      }
    }
  };
  size_t used = 0;
  for (; used < answers.size(); ++used) {
    std::string why;
    std::optional<flowrun::Directive> d = flowrun::parseOneDirective(answers[used], why);
    if (!d) {
      problem = "answer " + std::to_string(used + 1) + " is not a directive: " + why;
      refusedAt = long(used);
      break;
    }
    if (d->kind != flowrun::Directive::Kind::Set) runOn();
    if (s.ended() || items.size() >= wb.options_.maxEvents) break;
    const Event before = s.current();
    JournalAnswer a;
    if (!flowrun::toAnswer(*d, before, p, a, why)) {
      problem = "answer " + std::to_string(used + 1) + " (" + answers[used] + ") does not fit: " + why;
      refusedAt = long(used);
      break;
    }
    if (Answer r = a.applyTo(s); !r) {
      problem = "answer " + std::to_string(used + 1) + " (" + answers[used] + ") is refused: " + r.error;
      refusedAt = long(used);
      break;
    }
    std::string item;
    llvm::raw_string_ostream os(item);
    {
      OStream j(os);
      j.object([&] {
        j.attribute("event", "answer");
        j.attribute("answer", lsp::jsonString(d->source.empty() ? answers[used] : d->source));
        if (a.kind == JournalAnswer::Kind::Choose && a.index < before.options.size())
          j.attribute("label", lsp::jsonString(before.options[a.index]));
        if (a.kind == JournalAnswer::Kind::Choose && a.index < before.optionKeys.size() &&
            !before.optionKeys[a.index].empty())
          j.attribute("key", before.optionKeys[a.index]);
      });
    }
    os.flush();
    items.push_back(host::escapeControls(item));
    if (d->kind != flowrun::Directive::Kind::Set) shown = s.waiting(); // still this question: a host value
  }
  runOn();
  const Event &last = s.current();
  const char *status = !s.ended()                        ? "waiting"
                       : s.failed()                      ? "stopped"
                       : last.kind == EventKind::Transfer ? "transferred"
                                                          : "ended";
  const size_t leftOver = refusedAt >= 0 ? 0 : answers.size() - used;
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("status", status);
      if (!startId.empty()) j.attribute("start", startId);
      j.attribute("used", int64_t(used));
      if (refusedAt >= 0) {
        j.attribute("refused", int64_t(refusedAt));
        j.attribute("problem", lsp::jsonString(problem));
      } else if (leftOver) {
        j.attribute("left_over", int64_t(leftOver));
      }
      if (items.size() >= wb.options_.maxEvents) j.attribute("truncated", true);
      j.attributeBegin("events");
      j.array([&] {
        for (const std::string &t : items) j.rawValue(t);
      });
      j.attributeEnd();
      j.attributeBegin("outline");
      j.rawValue(web::flowOutlineJson(p));
      j.attributeEnd();
    });
  });
}

Response Workbench::Impl::script(Request &req) {
  const std::string id = req.param("id");
  std::lock_guard<std::mutex> lock(mutex);
  for (const auto &[k, html] : scripts)
    if (k == id) {
      Response r;
      r.contentType = "text/html; charset=utf-8";
      r.body = html;
      // Shown in the page's sandboxed frame; the script carries its own
      // CSP (no script, no network) and may be framed by the page only.
      r.headers = {{"Content-Security-Policy",
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'"},
                   {"Referrer-Policy", "no-referrer"},
                   {"X-Frame-Options", "SAMEORIGIN"}};
      return r;
    }
  return http::error(404, "no such script (scripts are kept for the last few analyses)");
}

Response Workbench::Impl::asset(Request &req) {
  std::optional<web::Asset> a = web::workbenchAsset(req.path);
  if (!a) return http::error(404, "no such resource: " + req.path);
  Response r;
  r.contentType = std::string(a->contentType);
  r.body = std::string(a->bytes);
  r.headers = pageHeaders();
  return r;
}

Workbench::Workbench(Options options) : options_(std::move(options)), impl_(std::make_unique<Impl>(*this)) {
  llvm::SmallString<256> real;
  if (fs::real_path(options_.dir, real)) real = options_.dir;
  impl_->dir = std::string(real);
  Impl &i = *impl_;
  http::Server &r = i.router;
  r.route("GET", "/", [&i](Request &q) { return i.asset(q); }, false);
  r.route("GET", "/assets/{name}", [&i](Request &q) { return i.asset(q); }, false);
  r.route("GET", "/script/{id}", [&i](Request &q) { return i.script(q); }, false);
  r.route("GET", "/api/files", [&i](Request &q) { return i.files(q); }, false);
  r.route("GET", "/api/files/{path...}", [&i](Request &q) { return i.getFile(q); }, false);
  r.route("PUT", "/api/files/{path...}", [&i](Request &q) { return i.putFile(q); }, false);
  r.route("POST", "/api/analyze", [&i](Request &q) { return i.analyzeRoute(q); }, false);
  r.route("POST", "/api/hover", [&i](Request &q) { return i.hover(q); }, false);
  r.route("POST", "/api/definition", [&i](Request &q) { return i.definition(q); }, false);
  r.route("POST", "/api/simulate", [&i](Request &q) { return i.simulate(q); }, false);
}

Workbench::~Workbench() = default;

Response Workbench::handle(Request &request) {
  if (std::optional<Response> refused = impl_->refuse(request)) return *refused;
  return impl_->router.dispatch(request);
}

} // namespace callflow::workbench
