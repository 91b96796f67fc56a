// Internal to callflow_workbench: the state behind a Workbench and the
// helpers its parts share. workbench.cpp checks and routes requests and
// serves the page; project.cpp finds the flow a file belongs to and keeps
// its analysis; files.cpp lists, reads and writes the project's files;
// analyze.cpp answers analyze, hover and definition; simulate.cpp tries a
// call and serves the printed scripts.
#ifndef CALLFLOW_WORKBENCH_IMPL_H
#define CALLFLOW_WORKBENCH_IMPL_H

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "lsp/analysis.h"
#include "print/external.h"
#include "workbench/workbench.h"

namespace callflow::workbench {

using http::Request;
using http::Response;
using llvm::json::OStream;

namespace fs = llvm::sys::fs;

// ---- shared helpers (workbench.cpp, realOf in project.cpp) -----------------

/// Whether the real path `real` is `dir` or inside it.
bool inside(llvm::StringRef dir, llvm::StringRef real);
/// `v` as 16 lowercase hex digits.
std::string hex64(uint64_t v);
/// The page's headers (desktop's CSP, which also lets the page frame the
/// script it printed: frame-src 'self').
std::vector<std::pair<std::string, std::string>> pageHeaders();
/// `path` relative to the project directory `dir` when it is inside it.
std::string relativeTo(llvm::StringRef dir, llvm::StringRef path);
/// A string member of a request body, or a 400 saying it is missing.
std::optional<std::string> needString(const llvm::json::Object &o, llvm::StringRef name, Response &bad);
/// The real path of `path`, or `path` when it does not exist.
std::string realOf(llvm::StringRef path);

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
  /// A request at a place of a document ("path", "text", "line",
  /// "column"): its body read, the document analysed and the place made a
  /// byte offset, then `answer` called, all under `mutex` (hover and
  /// definition; analyze.cpp).
  using AnswerAt = llvm::function_ref<Response(lsp::Analysis &, const Doc &, size_t offset)>;
  Response atPosition(Request &req, AnswerAt answer);
  Response hover(Request &req);
  Response definition(Request &req);
  Response simulate(Request &req);
  Response script(Request &req);
  Response asset(Request &req);
};

} // namespace callflow::workbench

#endif
