// Fuzz entry for the agent desktop's API (see fuzz_targets.h): a transcript
// of HTTP requests handed to the server's router and handlers in-process
// (http::Server::dispatch, as cpp-httplib hands them over after parsing),
// against a fresh in-memory SQLite store and two flows: the seed-000 sample
// and a flow with sensitive fields. Every response must have a documented
// status (a 500 is a finding: the store cannot fail here), a JSON body, and
// an "error" string when it refuses.
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "agents.h"
#include "callflow/runtime.h"
#include "check/sema.h"
#include "codegen/codegen.h"
#include "driver/compilation.h"
#include "fuzz_targets.h"
#include "net/http/http.h"
#include "service.h"
#include "store/store.h"

namespace callflow::fuzz {
namespace {

struct HttpFixture {
  std::vector<server::Flow> flows;
  server::Agents agents; // read once from a file written and removed at start-up
};

server::Flow compileFlow(const char *path) {
  driver::Compilation comp;
  comp.load(path);
  const sema::Program *p = comp.check();
  if (!p || comp.diags().hasErrors()) {
    std::fprintf(stderr, "fuzz_http: %s does not check clean\n", path);
    std::abort();
  }
  codegen::Result r = codegen::generate(*p, comp.sourceMgr());
  server::Flow f;
  if (!r || !server::Service::loadFlow(r.bytes, f).empty()) {
    std::fprintf(stderr, "fuzz_http: %s does not compile or load\n", path);
    std::abort();
  }
  return f;
}

const char *const kTokens[][3] = {
    {"$SAM", "sam-token-0123456789", "agent"},
    {"$ANN", "ann-token-0123456789", "agent"},
    {"$BOSS", "boss-token-0123456789", "supervisor"},
};

const HttpFixture &httpFixture() {
  static const HttpFixture fixture = [] {
    HttpFixture f;
    f.flows.push_back(compileFlow(CALLFLOW_FUZZ_JOURNAL_FLOW));
    f.flows.push_back(compileFlow(CALLFLOW_FUZZ_CARD_FLOW));
    // The agents file is written, read and removed at once: one scratch
    // directory per process, none left behind.
    char dir[] = "/tmp/callflow-fuzz-http-XXXXXX";
    if (!mkdtemp(dir)) std::abort();
    const std::string path = std::string(dir) + "/agents.txt";
    FILE *out = std::fopen(path.c_str(), "w");
    if (!out) std::abort();
    for (const auto &t : kTokens)
      std::fprintf(out, "%s %s %s\n", t[0] + 1, t[2], server::sha256Hex(t[1]).c_str());
    std::fclose(out);
    std::string error;
    const bool loaded = f.agents.load(path, error);
    std::remove(path.c_str());
    rmdir(dir);
    if (!loaded) {
      std::fprintf(stderr, "fuzz_http: %s\n", error.c_str());
      std::abort();
    }
    return f;
  }();
  return fixture;
}

/// $SAM, $ANN, $BOSS, $S0..$S9 and $SEQ replaced.
std::string expand(const std::string &text, const std::vector<std::string> &ids, int64_t seq) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') {
      out += text[i];
      continue;
    }
    bool done = false;
    for (const auto &t : kTokens)
      if (text.compare(i, std::strlen(t[0]), t[0]) == 0) {
        out += t[1];
        i += std::strlen(t[0]) - 1;
        done = true;
        break;
      }
    if (done) continue;
    if (text.compare(i, 4, "$SEQ") == 0) {
      out += std::to_string(seq);
      i += 3;
    } else if (i + 2 < text.size() && text[i + 1] == 'S' && text[i + 2] >= '0' && text[i + 2] <= '9') {
      size_t k = size_t(text[i + 2] - '0');
      out += k < ids.size() ? ids[k] : std::string(32, '0');
      i += 2;
    } else {
      out += '$';
    }
  }
  return out;
}

[[noreturn]] void finding(const http::Request &req, const http::Response &r, const char *why) {
  std::fprintf(stderr, "fuzz_http: %s\n  request: %s %s (%zu body bytes)\n  response: %d %s\n", why,
               req.method.c_str(), req.path.c_str(), req.body.size(), r.status, r.body.c_str());
  std::abort();
}

} // namespace

int fuzzHttp(const uint8_t *data, size_t size) {
  const HttpFixture &fx = httpFixture();
  std::string error;
  std::unique_ptr<store::Store> st = store::open("sqlite::memory:", error);
  if (!st) {
    std::fprintf(stderr, "fuzz_http: %s\n", error.c_str());
    std::abort();
  }
  server::Service service(*st, fx.flows, server::Agents(fx.agents));
  http::Server srv;
  service.install(srv);

  static const bool trace = std::getenv("CALLFLOW_FUZZ_HTTP_TRACE") != nullptr; // what each request got
  const std::string text(reinterpret_cast<const char *>(data), size);
  std::vector<std::string> ids;
  int64_t seq = 0;
  size_t pos = 0;
  for (int n = 0; pos <= text.size() && n < 64; ++n) {
    size_t end = text.find("\n---\n", pos);
    const std::string part = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? text.size() + 1 : end + 5;
    // METHOD TARGET, headers to a blank line, the body.
    size_t lineEnd = part.find('\n');
    const std::string first = part.substr(0, lineEnd);
    size_t space = first.find(' ');
    if (space == std::string::npos) continue;
    http::Request req;
    req.method = first.substr(0, space);
    std::string target = expand(first.substr(space + 1), ids, seq);
    if (size_t q = target.find('?'); q != std::string::npos) {
      std::string query = target.substr(q + 1);
      target.resize(q);
      for (size_t i = 0; i <= query.size();) {
        size_t amp = query.find('&', i);
        if (amp == std::string::npos) amp = query.size();
        std::string kv = query.substr(i, amp - i);
        size_t eq = kv.find('=');
        req.query.emplace(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
        i = amp + 1;
      }
    }
    req.path = target;
    size_t at = lineEnd == std::string::npos ? part.size() : lineEnd + 1;
    while (at < part.size()) {
      size_t e = part.find('\n', at);
      std::string h = part.substr(at, e == std::string::npos ? std::string::npos : e - at);
      at = e == std::string::npos ? part.size() : e + 1;
      if (h.empty()) break;
      size_t colon = h.find(':');
      if (colon == std::string::npos) continue;
      std::string name = h.substr(0, colon), value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      std::string lower = name;
      for (char &c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
      req.headers.emplace(lower, value);
      if (lower == "authorization") http::setAuthorization(req, expand(value, ids, seq));
    }
    req.body = expand(part.substr(std::min(at, part.size())), ids, seq);

    http::Response r = srv.dispatch(req);
    if (trace) std::fprintf(stderr, "%s %s -> %d %.160s\n", req.method.c_str(), req.path.c_str(), r.status, r.body.c_str());
    switch (r.status) {
    case 200: case 201: case 400: case 401: case 404: case 405: case 409: case 422: break;
    default: finding(req, r, "a status the API does not document (500: the handler failed)");
    }
    llvm::Expected<llvm::json::Value> v = llvm::json::parse(r.body);
    if (!v) {
      llvm::consumeError(v.takeError());
      finding(req, r, "the response body is not JSON");
    }
    if (r.status >= 400) {
      const llvm::json::Object *o = v->getAsObject();
      if (!o || !o->getString("error")) finding(req, r, "a refusal without an \"error\" string");
    }
    if (const llvm::json::Object *o = v->getAsObject()) {
      if (r.status == 201) {
        llvm::Optional<llvm::StringRef> id = o->getString("id");
        if (!id || id->size() != 32) finding(req, r, "a session without a 32-digit id");
        ids.push_back(id->str());
      }
      if (r.status <= 201)
        if (llvm::Optional<int64_t> s = o->getInteger("seq")) seq = *s;
    }
  }
  return 0;
}

} // namespace callflow::fuzz
