// workbench_latency: the time of the designer's workbench's POST
// /api/analyze (workbench/, in-process: no socket), as the page sends it
// after an edit.
//
//   workbench_latency DIR FILE [ITERATIONS]
//
// Analyses FILE (a path under DIR) ITERATIONS times (default 30) in two
// ways: "say edit", each time with one more character typed into the text
// of the first `say` (the DOT of the flowchart does not change, so the
// drawn chart is reused, as when a designer edits a line), and "title
// edit", each time with a step's title changed (the DOT changes: Graphviz
// `dot` runs every time). Each answer includes the diagnostics, the steps,
// the flowchart's SVG and the script's HTML (unless the flow is over the
// draw limit). Prints the median, p90 and maximum wall time, the median
// CPU time of this process and of `dot` (the one kept running included, read
// from /proc in clock ticks, so its mean over the N) per analysis, and
// the load average before and after (the machine may be shared). Not a
// test: docs/workbench.md records the figures.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "workbench/workbench.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using Clock = std::chrono::steady_clock;

/// CPU ms of `dot`: the ones that exited (RUSAGE_CHILDREN) and the one the
/// workbench keeps running (print::GraphvizWorker), read from /proc.
static double dotCpuMs() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  double ms = (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
  const std::string self = std::to_string(getpid());
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (name.empty() || name.find_first_not_of("0123456789") != llvm::StringRef::npos) continue; // processes only
    std::ifstream in(it->path() + "/stat"); // (size 0 in /proc: read to the end)
    std::string text;
    if (!std::getline(in, text)) continue;
    llvm::StringRef stat = text;
    size_t close = stat.rfind(')');
    if (close == llvm::StringRef::npos || !stat.substr(0, close).contains("(dot")) continue;
    llvm::SmallVector<llvm::StringRef, 20> f; // after "pid (comm) ": state ppid ... utime(12) stime(13)
    stat.substr(close + 2).split(f, ' ');
    if (f.size() < 14 || f[1] != self) continue;
    unsigned long long ut = 0, st = 0;
    if (!f[11].getAsInteger(10, ut) && !f[12].getAsInteger(10, st)) ms += double(ut + st) * 1e3 / double(sysconf(_SC_CLK_TCK));
  }
  return ms;
}

static double cpuMs(int who) {
  rusage u{};
  getrusage(who, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

static std::string loadavg() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

static double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * (v.size() - 1) + 0.5))];
}

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: workbench_latency DIR FILE [ITERATIONS]\n");
    return 2;
  }
  const std::string dir = argv[1], file = argv[2];
  const int n = argc > 3 ? std::atoi(argv[3]) : 30;
  std::ifstream in(dir + "/" + file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  if (text.empty()) {
    std::fprintf(stderr, "cannot read %s/%s\n", dir.c_str(), file.c_str());
    return 2;
  }
  callflow::workbench::Options o;
  o.dir = dir;
  o.port = 8788;
  callflow::workbench::Workbench wb(o);
  auto analyze = [&](const std::string &t, std::string &note) {
    callflow::http::Request r;
    r.method = "POST";
    r.path = "/api/analyze";
    r.headers["host"] = "127.0.0.1:8788";
    llvm::json::Object b{{"path", file}, {"text", t}};
    llvm::raw_string_ostream os(r.body);
    os << llvm::json::Value(std::move(b));
    os.flush();
    callflow::http::Response res = wb.handle(r);
    if (res.status != 200) {
      std::fprintf(stderr, "analyze: %d %s\n", res.status, res.body.c_str());
      std::exit(1);
    }
    auto v = llvm::json::parse(res.body);
    const llvm::json::Object *obj = v ? v->getAsObject() : nullptr;
    note = "";
    if (obj) {
      note += std::to_string(obj->getArray("steps")->size()) + " steps, " +
              std::to_string(obj->getArray("diagnostics")->size()) + " diagnostics, svg " +
              std::to_string(obj->getString("graph_svg")->size()) + " B, script " +
              std::to_string(obj->getString("script_html")->size()) + " B";
      if (auto g = obj->getString("graph_note")) note += " (" + g->str() + ")";
    } else {
      llvm::consumeError(v.takeError());
    }
    return res.body.size();
  };
  std::printf("load average before: %s\n", loadavg().c_str());
  std::string note;
  auto t0 = Clock::now();
  analyze(text, note);
  std::printf("first analysis: %.1f ms (%s)\n",
              std::chrono::duration<double, std::milli>(Clock::now() - t0).count(), note.c_str());

  const size_t say = text.find("say \"");
  const size_t title = text.find("step ");
  for (int mode = 0; mode < 2; ++mode) {
    std::vector<double> wall, cpu, child;
    std::string t = text;
    for (int i = 0; i < n; ++i) {
      if (mode == 0 && say != std::string::npos) {
        t.insert(say + 5, "x");
      } else if (title != std::string::npos) {
        // The step's title (or its ID's line) gets one more character.
        size_t q = t.find('"', title);
        if (q != std::string::npos && q < t.find('{', title)) t.insert(q + 1, "x");
        else t.insert(t.find('{', title), "\"x\" ");
      }
      const double c0 = cpuMs(RUSAGE_SELF), k0 = dotCpuMs();
      auto s = Clock::now();
      analyze(t, note);
      wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s).count());
      cpu.push_back(cpuMs(RUSAGE_SELF) - c0);
      child.push_back(dotCpuMs() - k0);
    }
    double dotTotal = 0;
    for (double c : child) dotTotal += c;
    std::printf("%s (%d): median %.1f ms, p90 %.1f ms, max %.1f ms; CPU median %.1f ms (this process), mean %.1f ms (dot)\n",
                mode == 0 ? "say edit" : "title edit", n, pct(wall, 0.5), pct(wall, 0.9), pct(wall, 1.0),
                pct(cpu, 0.5), dotTotal / n);
  }
  std::printf("load average after: %s\n", loadavg().c_str());
  return 0;
}
