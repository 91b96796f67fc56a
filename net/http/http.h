// The HTTP layer of callflow's servers: routes ("/api/sessions/{id}"),
// a bearer-token hook, JSON bodies and errors, a body limit, loopback by
// default. TLS is a reverse proxy's job (docs/server.md).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "llvm/Support/JSON.h"

namespace callflow::http {

inline constexpr size_t kDefaultMaxBody = size_t(1) << 20; // 1 MiB: more is 413

struct Request {
  std::string method; // "GET", "POST", ...
  std::string path;   // without the query
  std::map<std::string, std::string> params; // {name} segments of the route
  std::map<std::string, std::string> query;  // ?a=b (the first of each name)
  std::string body;
  /// Every header, its name lower-cased ("host", "origin"); the first of
  /// each name.
  std::map<std::string, std::string> headers;
  std::string bearer; // the token of "Authorization: Bearer TOKEN" ("" none)
  bool hasAuthorization = false; // an Authorization header was there
  // Set by the authenticator for the handlers:
  std::string principal; // who (an agent's name)
  std::string role;      // what they may do ("agent", "supervisor")
  std::string param(const std::string &name) const;
  /// The header `name` (lower-case), or "".
  std::string header(const std::string &name) const;
};

struct Response {
  int status = 200;
  std::string body;
  std::string contentType = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Takes an Authorization header's value into `req`: hasAuthorization, and
/// the token of "Bearer TOKEN" (the scheme in any case) as `bearer`.
void setAuthorization(Request &req, const std::string &value);

using Handler = std::function<Response(Request &)>;
/// Called before each handler of a route that needs it; nullopt lets the
/// request through (after setting principal/role), a response refuses it.
using Authenticator = std::function<std::optional<Response>(Request &)>;

/// {"error": message} with `status`.
Response error(int status, const std::string &message);
/// A JSON body (written by `write` into an OStream) with `status`.
Response json(int status, const std::function<void(llvm::json::OStream &)> &write);
/// Parses a request body as a JSON object; on failure `out` is a 400 saying why.
std::optional<llvm::json::Object> parseObject(const Request &req, Response &out);

/// "HOST:PORT" (PORT 0: any free port; "[::1]:8787" for IPv6).
bool parseListen(const std::string &text, std::string &host, int &port, std::string &error);

struct ServerOptions {
  std::string host = "127.0.0.1"; // loopback unless told otherwise
  int port = 8787;
  size_t maxBody = kDefaultMaxBody;
  unsigned threads = 32; // requests handled at once (keep-alive connections hold one)
};

class Server {
public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;

  /// `pattern`: "/api/sessions/{id}/answers"; a {name} segment matches any
  /// one non-empty segment, a last {name...} segment the rest of the path
  /// (one segment or more, joined by '/'). `authenticated`: the
  /// authenticator runs first.
  void route(const std::string &method, const std::string &pattern, Handler handler, bool authenticated = true);
  /// Every request goes to `handler` instead of the routes: a server whose
  /// requests are routed by a library of its own (`flowc serve`'s
  /// workbench/), which checks them first.
  void handleAll(Handler handler) { all_ = std::move(handler); }
  void setAuthenticator(Authenticator auth) { auth_ = std::move(auth); }

  /// Routes a request as the server would (tests and fuzzing use it
  /// without a socket). 404 for no route, 405 for a route of another method.
  Response dispatch(Request &req) const;

  /// Binds the listening socket; empty on success, else why not.
  std::string bind();
  /// The bound port (after bind()).
  int port() const { return port_; }
  /// Serves until stop(); false when serving failed.
  bool run();
  void stop();

private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
    bool authenticated;
  };
  struct Impl;
  ServerOptions options_;
  std::vector<Route> routes_;
  Authenticator auth_;
  Handler all_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

/// For a server that runs until the process is told to stop (`flowrun
/// serve`, `flowc serve`): blocks SIGINT and SIGTERM in the calling thread,
/// and so in every thread it starts after this (the server's own), and
/// ignores SIGPIPE (a client gone mid-answer is not a reason to die). Call
/// it before anything starts a thread; runUntilSignalled takes the signals.
void blockStopSignals();
/// Serves until SIGINT or SIGTERM arrives (blockStopSignals first), then
/// stops the server; run()'s result.
bool runUntilSignalled(Server &server);
/// "http://HOST:PORT", an IPv6 HOST in brackets.
std::string urlOf(const std::string &host, int port);

/// Splits "/a/b/c" into {"a", "b", "c"}; percent-decoding each segment.
std::vector<std::string> splitPath(const std::string &path);

} // namespace callflow::http
