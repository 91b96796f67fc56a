// The designer's workbench fed arbitrary requests (fuzzWorkbench).
#include "fuzz_targets.h"

#include <cstdlib>
#include <string>

#include "net/http/http.h"
#include "workbench/workbench.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::fuzz {

namespace {
workbench::Workbench &fixture() {
  static workbench::Workbench *wb = [] {
    llvm::SmallString<128> dir;
    if (llvm::sys::fs::createUniqueDirectory("callflow-fuzz-workbench", dir)) std::abort();
    // The project lives as long as the process; removed when it exits (the
    // regression test and every fuzzing run would otherwise leave one).
    static const struct Remover {
      std::string path;
      ~Remover() { llvm::sys::fs::remove_directories(path); }
    } remover{std::string(dir)};
    std::error_code ec;
    {
      llvm::raw_fd_ostream os((dir + "/hello.flow").str(), ec);
      os << "flow hello \"Hello\"\nstart A\nstep A \"Greet\" {\n  say \"Hi\"\n  ask \"Go on?\" {\n"
            "    \"Yes\" -> B\n    \"No\" { end \"no\" }\n  }\n}\nstep B {\n  end \"done\"\n}\n";
    }
    llvm::sys::fs::create_directory(dir + "/sub");
    workbench::Options o;
    o.dir = std::string(dir);
    o.maxDrawnSteps = 0; // no `dot` processes while fuzzing
    o.compile.threads = 1;
    o.maxEvents = 2000;
    return new workbench::Workbench(o);
  }();
  return *wb;
}
} // namespace

int fuzzWorkbench(const uint8_t *data, size_t size) {
  // "METHOD PATH\nName: value\n...\n\nBODY"; without a Host header the
  // server's own is added, so that most inputs reach the API.
  llvm::StringRef in(reinterpret_cast<const char *>(data), size);
  auto [head, body] = in.split("\n\n");
  auto [first, headers] = head.split('\n');
  auto [method, path] = first.split(' ');
  http::Request req;
  req.method = method.str();
  req.path = path.str();
  req.body = body.str();
  while (!headers.empty()) {
    auto [line, rest] = headers.split('\n');
    headers = rest;
    auto [k, v] = line.split(':');
    req.headers.emplace(k.trim().lower(), v.trim().str());
  }
  if (!req.headers.count("host")) req.headers["host"] = "127.0.0.1:8788";
  http::Response r = fixture().handle(req);
  switch (r.status) {
  case 200: case 400: case 403: case 404: case 405: case 413: case 422: break;
  default: std::abort(); // 500: a handler threw
  }
  if (r.contentType.rfind("application/json", 0) == 0) {
    llvm::Expected<llvm::json::Value> v = llvm::json::parse(r.body);
    if (!v) {
      llvm::consumeError(v.takeError());
      std::abort();
    }
  }
  return 0;
}

} // namespace callflow::fuzz
