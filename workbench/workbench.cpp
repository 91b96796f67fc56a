// The designer's workbench: requests checked, routed and answered
// (workbench.h); the page is web/workbench (callflow_web). The routes'
// handlers are in files.cpp, analyze.cpp and simulate.cpp, the analyses
// they share in project.cpp (impl.h).
#include "workbench/impl.h"

#include "callflow/web/workbench.h"

namespace callflow::workbench {

bool inside(llvm::StringRef dir, llvm::StringRef real) {
  return real == dir || (real.startswith(dir) && real.size() > dir.size() && real[dir.size()] == '/');
}

std::string hex64(uint64_t v) {
  static const char *digits = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[size_t(i)] = digits[v & 15];
  return s;
}

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

std::optional<std::string> needString(const llvm::json::Object &o, llvm::StringRef name, Response &bad) {
  if (const llvm::json::Value *v = o.get(name)) {
    if (llvm::Optional<llvm::StringRef> s = v->getAsString()) return s->str();
    bad = http::error(400, "\"" + name.str() + "\" must be a string");
    return std::nullopt;
  }
  bad = http::error(400, "\"" + name.str() + "\" is missing");
  return std::nullopt;
}

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
