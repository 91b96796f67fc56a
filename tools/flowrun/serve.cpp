// flowrun serve: the agent desktop's server (docs/server.md), a thin tool
// over callflow_server (the API), callflow_http and callflow_store.
//
//   flowrun serve [--listen=HOST:PORT] [--store=URL] --agents=FILE PROGRAM.flowc...
//   flowrun serve --add-agent NAME [--supervisor] --agents=FILE
//
// Exit codes: 0 stopped by SIGINT/SIGTERM (or an agent added), 1 a flow was
// rejected, 2 usage, I/O or store error.
//
// Compiled twice (tools/flowrun/CMakeLists.txt): into `flowrun-serve`, which
// serves, and into `flowrun` with FLOWRUN_SERVE_EXEC, where `flowrun serve`
// becomes `flowrun-serve` beside it (execv: the same process id, the same
// arguments), so that `flowrun` itself never loads the HTTP layer, the
// stores' database clients or OpenSSL.
#include <cstdio>
#include <iostream>

#include "call.h"

#if FLOWRUN_SERVE_EXEC
#include "support/exec_beside.h"

namespace flowrun {

int serveMain(int argc, char **argv) {
  // argv is `serve` and its arguments: flowrun-serve's main takes them so.
  std::cout.flush();
  const std::string why = callflow::execBeside("flowrun", reinterpret_cast<void *>(&serveMain),
                                               "flowrun-serve", std::vector<std::string>(argv, argv + argc));
  std::cerr << "flowrun serve: error: " << visible(why) << "\n";
  return kExitUsage;
}

} // namespace flowrun
#else
#include <map>
#include <optional>

#include "callflow/web/desktop.h"
#include "codegen/compile_file.h"
#include "driver/files.h"
#include "service.h"

namespace flowrun {

namespace {

const char *const kServeHelp =
    "USAGE: flowrun serve [options] PROGRAM.flowc...\n"
    "       flowrun serve --add-agent NAME [--supervisor] --agents=FILE\n"
    "\n"
    "  Serves the compiled flows over HTTP/1.1 for the agent desktop: the JSON API\n"
    "  of docs/server.md (/api/flows, /api/sessions ...). Every acknowledged answer\n"
    "  is committed to the store before its response; a restarted server (or another\n"
    "  one on the same PostgreSQL database) continues every call where it was.\n"
    "\n"
    "OPTIONS:\n"
    "  --listen=HOST:PORT   where to listen (default 127.0.0.1:8787, loopback; port 0:\n"
    "                       any free port). TLS belongs to a reverse proxy (docs/server.md)\n"
    "  --store=URL          sqlite:PATH (default sqlite:callflow-sessions.db, WAL) or\n"
    "                       postgresql://USER@HOST:PORT/DB (several servers, one database)\n"
    "  --agents=FILE        who may use it: lines 'NAME ROLE SHA256-HEX-OF-TOKEN', ROLE\n"
    "                       agent or supervisor (required)\n"
    "  --add-agent NAME     add NAME to the --agents file with a new random token, print\n"
    "                       the token once (only its hash is stored), and exit\n"
    "  --supervisor         with --add-agent: the role supervisor (sees every session)\n"
    "  --threads=N          requests handled at once (default 32)\n"
    "  --help               this text\n"
    "\n"
    "  Exit codes: 0 stopped (SIGINT/SIGTERM) or agent added, 1 a flow was rejected,\n"
    "  2 usage, I/O or store error.\n"
    "\n"
    "EXAMPLES:\n"
    "  flowrun serve --add-agent sam --agents=agents.txt\n"
    "  flowrun serve --agents=agents.txt payg.flowc case.flowc\n"
    "  flowrun serve --agents=agents.txt --store=postgresql://callflow@db:5432/callflow \\\n"
    "      --listen=0.0.0.0:8787 payg.flowc\n";

int fail(const std::string &msg, int code) {
  std::cerr << "flowrun serve: error: " << visible(msg) << "\n";
  return code;
}

/// The URL as it may be printed: a password in it is hidden.
std::string printable(const std::string &url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t at = url.find('@', scheme + 3), colon = url.find(':', scheme + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

/// The agent desktop (docs/server.md "The page"): GET / and /assets/NAME
/// (no token: the page signs in itself), and each flow's outline.
void installDesktop(callflow::http::Server &server, std::map<std::string, std::string> outlines) {
  auto file = [](const std::string &path) {
    std::optional<callflow::web::Asset> a = callflow::web::desktopAsset(path);
    if (!a) return callflow::http::error(404, "no such file");
    callflow::http::Response r;
    r.contentType = std::string(a->contentType);
    r.body = std::string(a->bytes);
    r.headers = callflow::web::desktopHeaders();
    return r;
  };
  server.route("GET", "/", [file](callflow::http::Request &req) { return file(req.path); }, false);
  server.route("GET", "/assets/{file}", [file](callflow::http::Request &req) { return file("/assets/" + req.param("file")); }, false);
  server.route("GET", "/api/flows/{name}/outline", [outlines = std::move(outlines)](callflow::http::Request &req) {
    auto it = outlines.find(req.param("name"));
    if (it == outlines.end()) return callflow::http::error(404, "no flow named '" + req.param("name") + "' is served");
    callflow::http::Response r;
    r.body = it->second;
    return r;
  });
}

} // namespace

int serveMain(int argc, char **argv) {
  std::string listen = "127.0.0.1:8787", storeUrl = "sqlite:callflow-sessions.db", agentsFile, addAgent;
  bool supervisor = false;
  unsigned threads = 32;
  std::vector<std::string> programs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const std::string &name, std::string &out) {
      if (a == "--" + name) {
        if (i + 1 >= argc) return false;
        out = argv[++i];
        return true;
      }
      if (a.rfind("--" + name + "=", 0) == 0) {
        out = a.substr(name.size() + 3);
        return true;
      }
      return false;
    };
    std::string v;
    if (a == "--help" || a == "-help" || a == "-h") {
      std::cout << kServeHelp;
      return 0;
    } else if (value("listen", listen) || value("store", storeUrl) || value("agents", agentsFile) ||
               value("add-agent", addAgent)) {
    } else if (a == "--supervisor") {
      supervisor = true;
    } else if (value("threads", v)) {
      char *end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 1 || n > 4096) return fail("--threads takes a number from 1 to 4096", kExitUsage);
      threads = unsigned(n);
    } else if (a.size() > 1 && a[0] == '-') {
      return fail("unknown option '" + a + "' (flowrun serve --help)", kExitUsage);
    } else {
      programs.push_back(a);
    }
  }
  if (agentsFile.empty()) return fail("--agents=FILE is required (who may use the server)", kExitUsage);
  if (!addAgent.empty()) {
    if (!programs.empty()) return fail("--add-agent takes no flows", kExitUsage);
    std::string error;
    std::string token = callflow::server::addAgent(agentsFile, addAgent, supervisor, error);
    if (token.empty()) return fail(error, kExitUsage);
    std::cout << token << "\n";
    std::cerr << "flowrun serve: added " << addAgent << " (" << (supervisor ? "supervisor" : "agent") << ") to '"
              << agentsFile << "'; the token above is shown only once\n";
    return 0;
  }
  if (supervisor) return fail("--supervisor only goes with --add-agent", kExitUsage);
  if (programs.empty()) return fail("no flows to serve (flowrun serve [options] PROGRAM.flowc...)", kExitUsage);
  callflow::http::ServerOptions so;
  so.threads = threads;
  std::string error;
  if (!callflow::http::parseListen(listen, so.host, so.port, error)) return fail(error, kExitUsage);
  callflow::server::Agents agents;
  if (!agents.load(agentsFile, error)) return fail(error, kExitUsage);

  std::vector<callflow::server::Flow> flows;
  const uint64_t maxBytes = callflow::driver::CompileOptions().maxFileSize;
  for (const std::string &path : programs) {
    if (llvm::StringRef(path).endswith(".flow"))
      return fail("'" + path + "' is a source: serve compiled flows (flowc build " + path + " -o ...flowc)",
                  kExitUsage);
    callflow::driver::ReadResult buf = callflow::driver::readFileBounded(path, maxBytes);
    if (!buf)
      return fail("cannot read '" + path + "': " +
                      (buf.tooLarge ? "more than " + std::to_string(maxBytes) + " bytes" : buf.error.message()),
                  kExitUsage);
    llvm::StringRef b = buf.buffer->getBuffer();
    callflow::server::Flow f;
    if (std::string why = callflow::server::Service::loadFlow({b.bytes_begin(), b.bytes_end()}, f); !why.empty())
      return fail("'" + path + "': " + why, kExitLoadFailed);
    for (const callflow::server::Flow &g : flows)
      if (g.name == f.name) return fail("two flows named '" + f.name + "' ('" + path + "')", kExitUsage);
    flows.push_back(std::move(f));
  }
  std::unique_ptr<callflow::store::Store> store = callflow::store::open(storeUrl, error);
  if (!store) return fail(error, kExitUsage);

  // SIGINT and SIGTERM stop the server; blocked before any thread starts.
  callflow::http::blockStopSignals();

  std::map<std::string, std::string> outlines;
  for (const callflow::server::Flow &f : flows) outlines[f.name] = callflow::web::flowOutlineJson(*f.program);
  try {
    callflow::server::Service service(*store, std::move(flows), std::move(agents));
    callflow::http::Server server(so);
    service.install(server);
    installDesktop(server, std::move(outlines));
    if (std::string e = server.bind(); !e.empty()) return fail(e, kExitUsage);
    std::cout << "flowrun serve: listening on " << callflow::http::urlOf(so.host, server.port()) << " ("
              << programs.size() << (programs.size() == 1 ? " flow" : " flows") << ", store " << printable(storeUrl) << ")"
              << std::endl;
    const bool ok = callflow::http::runUntilSignalled(server);
    if (!ok) return fail("the server stopped on an error", kExitUsage);
  } catch (const std::exception &e) {
    return fail(e.what(), kExitUsage);
  }
  return 0;
}

} // namespace flowrun
#endif
