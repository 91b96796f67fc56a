// `flowc serve [DIR] [--listen=HOST:PORT]`: the designer's workbench
// (docs/workbench.md), a page on loopback to write, see and try the flows
// under DIR. A thin shell: the options, the socket and the signals are
// here; every request is answered by callflow_workbench (workbench/).
//
// Compiled twice (tools/flowc/CMakeLists.txt): into `flowc-serve`, which
// serves, and into `flowc` with FLOWC_SERVE_EXEC, where the options are
// checked as here and the process then becomes `flowc-serve` (execv, the
// same process id and arguments), so that `flowc` itself never loads the
// HTTP layer's libraries.
#include "commands.h"
#include "common.h"

#include <iostream>

#if FLOWC_SERVE_EXEC
#include "support/exec_beside.h"
#else
#include "net/http/http.h"
#include "workbench/workbench.h"
#endif
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
cl::SubCommand Cmd("serve", "Serve the designer's workbench: a page on loopback to write, check, "
                            "draw and try the flows under a directory (docs/workbench.md)");
cl::opt<std::string> Dir(cl::Positional, cl::sub(Cmd), cl::desc("[DIR]"), cl::init("."));
cl::opt<std::string> Listen("listen", cl::sub(Cmd), cl::value_desc("HOST:PORT"), cl::init("127.0.0.1:8788"),
                            cl::desc("Where to listen (default 127.0.0.1:8788; a loopback address only; "
                                     "port 0: any free port)"));
cl::opt<unsigned> DrawLimit("draw-limit", cl::sub(Cmd), cl::init(400), cl::value_desc("steps"),
                            cl::desc("Flows with more steps get no flowchart and no script on the page "
                                     "(drawing them takes Graphviz too long; default 400)"));

#if !FLOWC_SERVE_EXEC
bool loopback(llvm::StringRef host) {
  return host == "localhost" || host == "::1" || host.startswith("127.");
}
#endif

int fail(const std::string &msg) {
  llvm::WithColor::error(llvm::errs(), "flowc serve") << msg << "\n";
  return kExitUsage;
}
} // namespace

cl::SubCommand &serveCommand() { return Cmd; }

#if FLOWC_SERVE_EXEC
/// `flowc-serve` beside this executable, run with this process's own
/// arguments: it checks them and answers exactly as `flowc serve` would.
int runServe() {
  llvm::outs().flush();
  llvm::errs().flush();
  return fail(callflow::execBeside("flowc", reinterpret_cast<void *>(&runServe), "flowc-serve",
                                   rawArguments()));
}
#else
int runServe() {
  if (!llvm::sys::fs::is_directory(Dir))
    return fail("'" + Dir + "' is not a directory (flowc serve [DIR] [--listen=HOST:PORT])");
  llvm::SmallString<256> dir;
  if (std::error_code ec = llvm::sys::fs::real_path(Dir, dir))
    return fail("cannot open '" + Dir + "': " + ec.message());
  Project project;
  if (!loadProject(project, dir))
    return kExitUsage;

  callflow::workbench::Options wo;
  wo.dir = std::string(dir);
  wo.compile = project.compile;
  wo.maxDrawnSteps = DrawLimit;
  callflow::http::ServerOptions so;
  std::string error;
  if (!callflow::http::parseListen(Listen, so.host, so.port, error))
    return fail(error);
  if (!loopback(so.host))
    return fail("--listen=" + Listen + ": the workbench listens on a loopback address only "
                "(127.0.0.1, ::1, localhost): it reads and writes the files under " + wo.dir);
  so.maxBody = size_t(32) << 20; // a 10,000-step flow is ~2 MB; more is 413
  so.threads = 8;

  // SIGINT and SIGTERM stop the server; blocked before any thread starts.
  callflow::http::blockStopSignals();

  callflow::http::Server server(so);
  if (std::string e = server.bind(); !e.empty())
    return fail(e);
  wo.host = so.host;
  wo.port = server.port();
  callflow::workbench::Workbench workbench(wo);
  server.handleAll([&workbench](callflow::http::Request &req) { return workbench.handle(req); });
  std::cout << "flowc serve: " << callflow::http::urlOf(so.host, server.port()) << "/ (" << wo.dir << ")" << std::endl;
  const bool ok = callflow::http::runUntilSignalled(server);
  if (!ok)
    return fail("the server stopped on an error");
  return kExitClean;
}
#endif

} // namespace flowc
