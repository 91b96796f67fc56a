// lsp_latency: the language server's time from a didChange to its
// publishDiagnostics, and the memory it holds for an open document.
//
//   lsp_latency FILE [ITERATIONS]
//
// Opens FILE (its imports are read from disk), then sends ITERATIONS
// (default 30) incremental changes, each typing one character into the
// text of the last `say` of the file (a real edit: the AST changes; a file
// with no `say`, such as the seed-000 sample's main file, gets it typed
// into its last `//` comment), and times each change to the end of its
// publishDiagnostics (the server publishes right away, no debounce).
// Prints the open time, the median, p90 and maximum latency, the median
// CPU time of the process per change (steadier than the wall clock on a
// shared machine), and the resident memory before and after opening. Not
// a test: docs/editors.md records the figures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "lsp/server.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace json = llvm::json;
using Clock = std::chrono::steady_clock;

static double cpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

static double residentMiB() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, rss = 0;
  f >> pages >> rss;
  return static_cast<double>(rss) * 4096.0 / (1024.0 * 1024.0);
}

static std::string message(const char *method, json::Value params, int id = -1) {
  json::Object o{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
  if (id >= 0)
    o["id"] = id;
  std::string s;
  llvm::raw_string_ostream(s) << json::Value(std::move(o));
  return s;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: lsp_latency FILE [ITERATIONS]\n");
    return 2;
  }
  int iterations = argc > 2 ? std::atoi(argv[2]) : 30;
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "lsp_latency: cannot read %s\n", argv[1]);
    return 2;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  llvm::SmallString<256> real;
  if (llvm::sys::fs::real_path(argv[1], real))
    real = argv[1];
  std::string uri = callflow::lsp::pathToUri(real);

  callflow::lsp::StringSource none("");
  std::string sink;
  llvm::raw_string_ostream out(sink);
  callflow::lsp::Transport t(none, out, callflow::lsp::Framing::ContentLength, false);
  callflow::lsp::ServerOptions so;
  so.immediate = true;
  callflow::lsp::Server server(t, so);
  server.handle(message("initialize", json::Object{}, 0));

  double before = residentMiB();
  auto t0 = Clock::now();
  server.handle(message("textDocument/didOpen",
                        json::Object{{"textDocument", json::Object{{"uri", uri},
                                                                   {"languageId", "callflow"},
                                                                   {"version", 1},
                                                                   {"text", text}}}}));
  server.flush();
  double openMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  double after = residentMiB();

  // Type into the last `say "...`, one character per change (or into the
  // last `// ` comment).
  size_t at = text.rfind("say \"");
  size_t skip = 5;
  if (at == std::string::npos) {
    at = text.rfind("// ");
    skip = 3;
  }
  if (at == std::string::npos) {
    std::fprintf(stderr, "lsp_latency: %s has no say line nor comment to type into\n", argv[1]);
    return 2;
  }
  callflow::lsp::LineIndex li(text);
  callflow::lsp::Position end = li.position(at + skip);
  std::vector<double> ms, cpu;
  for (int i = 0; i < iterations; ++i) {
    std::string insert(1, static_cast<char>('a' + i % 26));
    json::Object range{{"start", json::Object{{"line", end.line}, {"character", end.character}}},
                       {"end", json::Object{{"line", end.line}, {"character", end.character}}}};
    end.character += 1;
    sink.clear();
    double c = cpuMs();
    auto s = Clock::now();
    server.handle(message(
        "textDocument/didChange",
        json::Object{{"textDocument", json::Object{{"uri", uri}, {"version", i + 2}}},
                     {"contentChanges",
                      json::Array{json::Object{{"range", std::move(range)}, {"text", insert}}}}}));
    server.flush();
    out.flush();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s).count());
    cpu.push_back(cpuMs() - c);
    if (sink.find("publishDiagnostics") == std::string::npos) {
      std::fprintf(stderr, "lsp_latency: no publishDiagnostics after change %d\n", i);
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))]; };
  std::printf("%s: %zu bytes, open+check %.1f ms\n", argv[1], text.size(), openMs);
  std::printf("didChange -> publishDiagnostics over %d changes: median %.2f ms, p90 %.2f ms, max "
              "%.2f ms\n",
              iterations, pct(0.5), pct(0.9), ms.back());
  std::printf("CPU time per change (all threads): median %.2f ms\n", cpu[cpu.size() / 2]);
  std::printf("resident memory: %.1f MiB before open, %.1f MiB after (%.1f MiB held)\n", before,
              after, after - before);
  return 0;
}
