// The HTTP layer over cpp-httplib: one catch-all handler per method hands
// every request to Server::dispatch (callflow's router), so routing,
// authentication and errors are callflow's, in JSON.
#include "net/http/http.h"

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <thread>

#include <httplib.h>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::http {

std::string Request::param(const std::string &name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::string Request::header(const std::string &name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

Response json(int status, const std::function<void(llvm::json::OStream &)> &write) {
  Response r;
  r.status = status;
  llvm::raw_string_ostream os(r.body);
  {
    llvm::json::OStream j(os);
    write(j);
  }
  os.flush();
  r.body += "\n";
  return r;
}

Response error(int status, const std::string &message) {
  return json(status, [&](llvm::json::OStream &j) { j.object([&] { j.attribute("error", message); }); });
}

std::optional<llvm::json::Object> parseObject(const Request &req, Response &out) {
  llvm::Expected<llvm::json::Value> v = llvm::json::parse(req.body);
  if (!v) {
    std::string why = llvm::toString(v.takeError());
    out = error(400, "the body is not JSON: " + why);
    return std::nullopt;
  }
  llvm::json::Object *o = v->getAsObject();
  if (!o) {
    out = error(400, "the body must be a JSON object");
    return std::nullopt;
  }
  return std::move(*o);
}

bool parseListen(const std::string &text, std::string &host, int &port, std::string &error) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    error = "--listen takes HOST:PORT, not '" + text + "'";
    return false;
  }
  host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string p = text.substr(colon + 1);
  long n = 0;
  for (char c : p) {
    if (c < '0' || c > '9' || n > 65535) {
      error = "the port of '" + text + "' is not a number from 0 to 65535";
      return false;
    }
    n = n * 10 + (c - '0');
  }
  if (n > 65535) {
    error = "the port of '" + text + "' is not a number from 0 to 65535";
    return false;
  }
  port = int(n);
  return true;
}

void setAuthorization(Request &req, const std::string &a) {
  req.hasAuthorization = true;
  req.bearer.clear();
  if (a.size() > 7 && (a.compare(0, 7, "Bearer ") == 0 || a.compare(0, 7, "bearer ") == 0)) {
    size_t i = 7;
    while (i < a.size() && a[i] == ' ') ++i;
    req.bearer = a.substr(i);
  }
}

std::vector<std::string> splitPath(const std::string &path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    if (i >= path.size()) break;
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

struct Server::Impl {
  httplib::Server server;
  int listenFd = -1; // the listening socket (set_socket_options sees it)
};

Server::Server(ServerOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {}
Server::~Server() = default;

void Server::route(const std::string &method, const std::string &pattern, Handler handler, bool authenticated) {
  routes_.push_back(Route{method, splitPath(pattern), std::move(handler), authenticated});
}

Response Server::dispatch(Request &req) const {
  if (all_) {
    try {
      return all_(req);
    } catch (const std::exception &e) {
      return error(500, std::string("internal error: ") + e.what());
    }
  }
  const std::vector<std::string> segs = splitPath(req.path);
  bool otherMethod = false;
  for (const Route &r : routes_) {
    const bool tail = !r.segments.empty() && r.segments.back().size() > 5 && r.segments.back().front() == '{' &&
                      r.segments.back().compare(r.segments.back().size() - 4, 4, "...}") == 0;
    if (tail ? segs.size() < r.segments.size() : r.segments.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (size_t i = 0; i < r.segments.size() && match; ++i) {
      const std::string &s = r.segments[i];
      if (tail && i + 1 == r.segments.size()) {
        std::string rest = segs[i];
        for (size_t k = i + 1; k < segs.size(); ++k) rest += "/" + segs[k];
        params[s.substr(1, s.size() - 5)] = rest;
      } else if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
        params[s.substr(1, s.size() - 2)] = segs[i];
      } else {
        match = s == segs[i];
      }
    }
    if (!match) continue;
    if (r.method != req.method) {
      otherMethod = true;
      continue;
    }
    req.params = std::move(params);
    if (r.authenticated && auth_)
      if (std::optional<Response> refused = auth_(req)) return *refused;
    try {
      return r.handler(req);
    } catch (const std::exception &e) {
      return error(500, std::string("internal error: ") + e.what());
    }
  }
  if (otherMethod) return error(405, req.method + " is not allowed on " + req.path);
  return error(404, "no such resource: " + req.path);
}

std::string Server::bind() {
  httplib::Server &s = impl_->server;
  const unsigned threads = options_.threads ? options_.threads : 1;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_payload_max_length(options_.maxBody);
  s.set_tcp_nodelay(true);
  s.set_socket_options([this](int sock) {
    httplib::default_socket_options(sock);
    impl_->listenFd = sock;
  });
  s.set_keep_alive_max_count(1000);
  s.set_read_timeout(30, 0);
  auto handle = [this](const httplib::Request &in, httplib::Response &out) {
    Request req;
    req.method = in.method;
    req.path = in.path;
    for (const auto &[k, v] : in.params) req.query.emplace(k, v); // emplace keeps the first
    req.body = in.body;
    for (const auto &[k, v] : in.headers) req.headers.emplace(llvm::StringRef(k).lower(), v);
    if (in.has_header("Authorization")) setAuthorization(req, in.get_header_value("Authorization"));
    Response r = dispatch(req);
    out.status = r.status;
    for (const auto &[k, v] : r.headers) out.set_header(k, v);
    out.set_header("Cache-Control", "no-store");
    out.set_header("X-Content-Type-Options", "nosniff");
    out.set_content(r.body, r.contentType.c_str());
  };
  s.Get(".*", handle);
  s.Post(".*", handle);
  s.Put(".*", handle);
  s.Delete(".*", handle);
  s.Patch(".*", handle);
  // What cpp-httplib answers itself (413 for a body over the limit, 400 for
  // a malformed request) gets a JSON body too.
  s.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request &, httplib::Response &res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const std::string msg = res.status == 413 ? "the body is larger than " + std::to_string(options_.maxBody) + " bytes"
                                              : "the request was refused (HTTP " + std::to_string(res.status) + ")";
    Response r = error(res.status, msg);
    res.set_content(r.body, r.contentType.c_str());
    return httplib::Server::HandlerResponse::Handled;
  }));
  if (options_.port == 0) {
    port_ = s.bind_to_any_port(options_.host);
    if (port_ <= 0) return "cannot listen on " + options_.host + " (any port)";
  } else {
    if (!s.bind_to_port(options_.host, options_.port))
      return "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
             " (in use, or not an address of this machine)";
    port_ = options_.port;
  }
  // cpp-httplib listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, fixed
  // in Debian's build of the library): a burst of new connections (agents
  // opening the page at the start of a shift, a proxy filling its pool)
  // would have its SYNs dropped and retried a second later. Listening again
  // on the same socket only makes the queue longer.
  if (impl_->listenFd >= 0) ::listen(impl_->listenFd, 1024);
  return "";
}

bool Server::run() { return impl_->server.listen_after_bind(); }
void Server::stop() { impl_->server.stop(); }

namespace {
sigset_t stopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}
} // namespace

void blockStopSignals() {
  sigset_t set = stopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

bool runUntilSignalled(Server &server) {
  std::thread waiter([&server] {
    sigset_t set = stopSignals();
    int sig = 0;
    sigwait(&set, &sig);
    server.stop();
  });
  const bool ok = server.run();
  pthread_kill(waiter.native_handle(), SIGTERM); // if it still waits (the server failed)
  waiter.join();
  return ok;
}

std::string urlOf(const std::string &host, int port) {
  return "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

} // namespace callflow::http
