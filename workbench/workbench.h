// The designer's workbench (`flowc serve`, docs/workbench.md): one request
// against a project directory in, one response out. The tool binds the
// socket and hands every request to Workbench::handle, which checks it
// (the Host and Origin must be the server's own, paths must stay under the
// directory) and answers it:
//
//   GET  /                      the page (web/workbench), /assets/NAME its files
//   GET  /api/files             the .flow files under the directory
//   GET  /api/files/PATH        one file's text
//   PUT  /api/files/PATH        writes it ({"text", "format"?}; fmt on save)
//   POST /api/analyze           {"path","text"} -> diagnostics, steps, the
//                               flowchart's SVG and the call script's HTML
//   POST /api/hover             {"path","text","line","column"} -> Markdown
//   POST /api/definition        {"path","text","line","column"} -> where
//   POST /api/simulate          {"path","text","answers","start"?,"set"?}
//                               -> the events of the call (flowrun --json's)
//   GET  /script/ID             a script printed by an analysis, for the
//                               page's sandboxed frame
//
// The analyses are the language server's (lsp/analysis.h), in-process; the
// flowchart is `flowc graph`'s DOT drawn by Graphviz `dot`; the script is
// `flowc script`'s HTML; the events are host/event_json's and the answers
// answers/'s directives. Thread-safe: requests may come on any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "driver/compilation.h"
#include "net/http/http.h"

namespace callflow::workbench {

struct Options {
  /// The project directory: every file read or written lies under it.
  std::string dir;
  /// How flows compile (the project's .flowconfig and -I roots, as the
  /// tool loaded them). projectRoot defaults to `dir`.
  driver::CompileOptions compile;
  /// The address the server listens on: requests must name it (Host) and
  /// come from it (Origin). Loopback names of the same port are accepted
  /// too (localhost, 127.0.0.1, [::1]).
  std::string host = "127.0.0.1";
  int port = 8788;
  /// Above this many steps, /api/analyze leaves out the flowchart and the
  /// script (the page says so): drawing 10,000 steps takes `dot` minutes.
  size_t maxDrawnSteps = 400;
  /// `dot` is killed after this long (seconds); the analysis then has no
  /// flowchart and says why.
  unsigned dotTimeoutSeconds = 10;
  /// Most events and answers one /api/simulate plays.
  size_t maxEvents = 20000;
  size_t maxAnswers = 5000;
};

class Workbench {
public:
  explicit Workbench(Options options);
  ~Workbench();
  Workbench(const Workbench &) = delete;
  Workbench &operator=(const Workbench &) = delete;

  /// Answers one request. Never throws; a request that is refused gets
  /// 400 (malformed), 403 (foreign Host or Origin, a path leaving the
  /// directory), 404, 405, 413 or 422 with {"error": why}.
  http::Response handle(http::Request &request);

  const Options &options() const { return options_; }

private:
  struct Impl;
  Options options_;
  std::unique_ptr<Impl> impl_;
};

/// Whether `rel`, a path from a request, names a place inside the project
/// directory `dir` (a real path): relative, no empty, `.` or `..` segment,
/// no backslash or NUL, and, following symlinks as far as the path exists,
/// still inside `dir`. On success `abs` is the path to use; on failure
/// `why` says what is wrong with it.
bool resolveInside(const std::string &dir, const std::string &rel, std::string &abs, std::string &why);

} // namespace callflow::workbench
