// serve_load: the load client of bench/serve_load.py (docs/performance.md,
// "flowrun serve under load"). It replays one recorded call (an answers
// file: `set` lines become the new session's "set", every other line is
// one answer) in N concurrent calls against a running `flowrun serve`,
// each call its own session, over keep-alive connections on loopback, and
// prints answers per second and the latency of an answer (p50, p99, max).
//
//   serve_load --port=P --token=T --flow=NAME --answers=FILE
//              [--calls=N] [--connections=C] [--seconds=S] [--warmup=W]
//              [--rate=R]
//   serve_load --port=P --token=T --flow=NAME --answers=FILE --idle=N
//
// --calls: calls in progress at once; each starts a new session when its
// recorded call ends. --connections: the HTTP connections they share (as
// a reverse proxy's upstream keep-alive pool does; default min(calls, 32),
// the server's default --threads: cpp-httplib gives each open connection
// one thread). A request waits for a free connection; its latency counts
// from the moment the call was ready to send it until the whole response
// was read. Without --rate every call sends its next request as soon as
// the last one was answered (closed loop: the server's top rate); with
// --rate=R the calls together offer R answers/s, each call at a fixed
// pace, and a late request's latency counts from when it was due (no
// coordinated omission). Only answers (POST .../answers) count in the
// figures; starting a session (POST /api/sessions) is reported apart.
//
// --idle=N only starts N sessions (each left waiting at its first
// question, as calls an agent has open and is not answering) and exits:
// the script reads the server's memory before and after.
//
// Output: one line `key=value ...` for the script (answers, seconds,
// answers_per_s, p50_ms, p99_ms, max_ms, creates, create_p99_ms, errors,
// client_cpu_ms); failures of the load itself go to stderr with exit 1.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <queue>
#include <string>
#include <vector>

#include "answers.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace {

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

[[noreturn]] void die(const std::string &why) {
  std::fprintf(stderr, "serve_load: %s\n", why.c_str());
  std::exit(1);
}

std::string jsonString(const std::string &s) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::json::Value(s);
  os.flush();
  return out;
}

struct Recorded {
  std::string createBody;           // {"flow":..., "set":{...}}
  std::vector<std::string> answers; // the directives, as JSON strings
};

/// A line of an answers file without its comment (a # outside quotes).
std::string withoutComment(const std::string &line) {
  bool quoted = false;
  size_t i = 0;
  for (; i < line.size(); ++i) {
    if (line[i] == '\\' && quoted) ++i;
    else if (line[i] == '"') quoted = !quoted;
    else if (line[i] == '#' && !quoted) break;
  }
  return line.substr(0, std::min(i, line.size()));
}

Recorded readRecorded(const std::string &path, const std::string &flow) {
  std::ifstream in(path);
  if (!in) die("cannot read '" + path + "'");
  Recorded r;
  std::string sets, line;
  while (std::getline(in, line)) {
    std::string error;
    std::optional<flowrun::Directive> d = flowrun::parseDirective(line, error);
    if (!d) {
      if (!error.empty()) die(path + ": " + error);
      continue;
    }
    if (d->kind == flowrun::Directive::Kind::Set) {
      sets += (sets.empty() ? "" : ",") + jsonString(d->name) + ":" + jsonString(d->text);
      continue;
    }
    // The directive as written, its trailing comment dropped.
    std::string text = withoutComment(d->source);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    r.answers.push_back(jsonString(text));
  }
  if (r.answers.empty()) die(path + " has no answers");
  r.createBody = "{\"flow\":" + jsonString(flow) + ",\"set\":{" + sets + "}}";
  return r;
}

struct Call {
  std::string id;
  int64_t seq = 0;
  size_t next = 0;    // 0: start a session; k: answer k-1
  double due = 0;     // when its next request is (or was) ready
};

struct Conn {
  int fd = -1;
  std::string out, in;
  size_t outOff = 0;
  int call = -1; // the call whose request is in flight
};

struct Options {
  int port = 8787;
  std::string token, flow, answers;
  int calls = 10, connections = 0;
  double seconds = 10, warmup = 2, rate = 0;
  long idle = 0;
};

class Load {
public:
  Load(const Options &o, Recorded rec) : o_(o), rec_(std::move(rec)) {}

  void run() {
    ep_ = epoll_create1(0);
    calls_.resize(size_t(o_.calls));
    const int nconn = o_.connections > 0 ? o_.connections : std::min(o_.calls, 32);
    conns_.resize(size_t(nconn));
    for (int i = 0; i < nconn; ++i) { // connected before the clock starts
      open(i);
      idle_.push_back(i);
    }
    const double start = now();
    interval_ = o_.rate > 0 ? double(o_.calls) / o_.rate : 0;
    for (int i = 0; i < o_.calls; ++i) {
      calls_[size_t(i)].due = start + (interval_ > 0 ? interval_ * i / o_.calls : 0);
      if (interval_ > 0) timed_.push({calls_[size_t(i)].due, i});
      else ready_.push_back(i);
    }
    measureFrom_ = start + o_.warmup;
    const double end = o_.idle ? start + 3600 : measureFrom_ + o_.seconds;
    std::vector<epoll_event> evs(256);
    while (true) {
      double t = now();
      if (t >= end || (o_.idle && long(creates_.size()) >= o_.idle)) break;
      while (!timed_.empty() && timed_.top().first <= t) {
        ready_.push_back(timed_.top().second);
        timed_.pop();
      }
      while (!ready_.empty() && !idle_.empty()) {
        if (o_.idle && long(creates_.size() + inFlight()) >= o_.idle) {
          ready_.clear(); // enough sessions made or on the way
          break;
        }
        int c = idle_.front();
        idle_.pop_front();
        send(c, ready_.front());
        ready_.pop_front();
      }
      double wait = end - t;
      if (!timed_.empty()) wait = std::min(wait, timed_.top().first - t);
      int n = epoll_wait(ep_, evs.data(), int(evs.size()), std::max(0, int(wait * 1000)));
      if (n < 0 && errno != EINTR) die(std::string("epoll_wait: ") + std::strerror(errno));
      for (int i = 0; i < n; ++i) {
        int c = int(evs[size_t(i)].data.u32);
        if (evs[size_t(i)].events & EPOLLOUT) flush(c);
        if (evs[size_t(i)].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) receive(c);
      }
    }
    if (o_.idle) {
      std::printf("created=%zu errors=%zu\n", creates_.size(), errors_.size());
      return;
    }
    report();
  }

private:
  size_t inFlight() const {
    size_t n = 0;
    for (const Conn &k : conns_) n += k.call >= 0;
    return n;
  }

  void open(int c) {
    Conn &k = conns_[size_t(c)];
    k.fd = socket(AF_INET, SOCK_STREAM, 0);
    if (k.fd < 0) die(std::string("socket: ") + std::strerror(errno));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(o_.port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(k.fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0)
      die("cannot connect to 127.0.0.1:" + std::to_string(o_.port) + ": " + std::strerror(errno));
    int one = 1;
    setsockopt(k.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(k.fd, F_SETFL, fcntl(k.fd, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = uint32_t(c);
    epoll_ctl(ep_, EPOLL_CTL_ADD, k.fd, &ev);
    k.in.clear();
    k.out.clear();
    k.outOff = 0;
    k.call = -1;
  }

  void reopen(int c) {
    Conn &k = conns_[size_t(c)];
    epoll_ctl(ep_, EPOLL_CTL_DEL, k.fd, nullptr);
    close(k.fd);
    open(c);
  }

  void send(int c, int callIndex) {
    Conn &k = conns_[size_t(c)];
    Call &call = calls_[size_t(callIndex)];
    std::string path, body;
    if (call.next == 0) {
      path = "/api/sessions";
      body = rec_.createBody;
    } else {
      path = "/api/sessions/" + call.id + "/answers";
      body = "{\"seq\":" + std::to_string(call.seq) + ",\"answer\":" + rec_.answers[call.next - 1] + "}";
    }
    k.out = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + o_.token +
            "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    k.outOff = 0;
    k.call = callIndex;
    flush(c);
  }

  void flush(int c) {
    Conn &k = conns_[size_t(c)];
    while (k.outOff < k.out.size()) {
      ssize_t w = ::send(k.fd, k.out.data() + k.outOff, k.out.size() - k.outOff, MSG_NOSIGNAL);
      if (w < 0) {
        if (errno == EAGAIN) break;
        failed(c, "send: " + std::string(std::strerror(errno)));
        return;
      }
      k.outOff += size_t(w);
    }
    epoll_event ev{};
    ev.events = uint32_t(EPOLLIN) | (k.outOff < k.out.size() ? uint32_t(EPOLLOUT) : 0u);
    ev.data.u32 = uint32_t(c);
    epoll_ctl(ep_, EPOLL_CTL_MOD, k.fd, &ev);
  }

  /// The connection broke with a request in flight: the call starts over
  /// (a new session), the connection is made again.
  void failed(int c, const std::string &why) {
    Conn &k = conns_[size_t(c)];
    const bool busy = k.call >= 0;
    if (busy) {
      ++errors_["connection: " + why];
      restart(k.call);
    }
    reopen(c);
    if (busy) idle_.push_back(c); // (an idle one is in idle_ already)
  }

  void restart(int callIndex) {
    Call &call = calls_[size_t(callIndex)];
    call.next = 0;
    call.id.clear();
    schedule(callIndex);
  }

  void schedule(int callIndex) {
    Call &call = calls_[size_t(callIndex)];
    if (interval_ > 0) {
      call.due += interval_;
      timed_.push({call.due, callIndex});
    } else {
      call.due = now();
      ready_.push_back(callIndex);
    }
  }

  void receive(int c) {
    Conn &k = conns_[size_t(c)];
    char buf[16384];
    bool eof = false;
    for (;;) {
      ssize_t r = recv(k.fd, buf, sizeof buf, 0);
      if (r > 0) {
        k.in.append(buf, size_t(r));
        continue;
      }
      if (r == 0) {
        eof = true; // the response before it (Connection: close) may be whole
        break;
      }
      if (errno == EAGAIN) break;
      failed(c, "recv: " + std::string(std::strerror(errno)));
      return;
    }
    size_t headEnd = k.in.find("\r\n\r\n");
    if (headEnd == std::string::npos) {
      if (eof) failed(c, "closed by the server");
      return;
    }
    std::string head = k.in.substr(0, headEnd);
    std::string lower = head;
    for (char &ch : lower) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    size_t cl = lower.find("\r\ncontent-length:");
    if (cl == std::string::npos) {
      failed(c, "a response without Content-Length");
      return;
    }
    size_t length = std::strtoul(head.c_str() + cl + 17, nullptr, 10);
    if (k.in.size() < headEnd + 4 + length) {
      if (eof) failed(c, "closed by the server");
      return;
    }
    const int status = std::atoi(head.c_str() + 9);
    std::string body = k.in.substr(headEnd + 4, length);
    const bool closing = lower.find("\r\nconnection: close") != std::string::npos;
    k.in.erase(0, headEnd + 4 + length);
    const int callIndex = k.call;
    k.call = -1;
    if (closing || eof) reopen(c);
    idle_.push_back(c);
    answered(callIndex, status, body);
  }

  void answered(int callIndex, int status, const std::string &body) {
    Call &call = calls_[size_t(callIndex)];
    const double t = now();
    const double latency = t - call.due;
    const bool counted = t >= measureFrom_;
    if (call.next == 0) {
      if (status != 201) {
        ++errors_["create: HTTP " + std::to_string(status) + " " + body.substr(0, 120)];
        restart(callIndex);
        return;
      }
      size_t at = body.find("\"id\":\"");
      if (at == std::string::npos) die("a 201 without an id: " + body);
      call.id = body.substr(at + 6, 32);
      call.seq = 0;
      if (counted || o_.idle) creates_.push_back(latency);
      if (o_.idle) {
        call.next = 0; // left waiting; the next session is a new call
        schedule(callIndex);
        return;
      }
    } else {
      if (status != 200) {
        ++errors_["answer " + std::to_string(call.next) + ": HTTP " + std::to_string(status) + " " +
                  body.substr(0, 120)];
        restart(callIndex);
        return;
      }
      ++call.seq;
      if (counted) answers_.push_back(latency);
      if (call.next == rec_.answers.size()) {
        ++callsDone_;
        if (body.find("\"status\":\"waiting\"") != std::string::npos) ++errors_["a call did not end"];
        call.next = 0;
        schedule(callIndex);
        return;
      }
    }
    ++call.next;
    schedule(callIndex);
  }

  static double pct(std::vector<double> &v, double p) {
    if (v.empty()) return 0;
    size_t i = std::min(v.size() - 1, size_t(p * double(v.size())));
    std::nth_element(v.begin(), v.begin() + long(i), v.end());
    return v[i];
  }

  void report() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const double cpu = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                       double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    size_t errs = 0;
    for (auto &[why, n] : errors_) {
      errs += n;
      std::fprintf(stderr, "serve_load: %zu x %s\n", n, why.c_str());
    }
    const size_t n = answers_.size();
    double mx = n ? *std::max_element(answers_.begin(), answers_.end()) : 0;
    std::printf("answers=%zu seconds=%.2f answers_per_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f creates=%zu "
                "create_p99_ms=%.2f calls_done=%zu errors=%zu client_cpu_ms=%.0f\n",
                n, o_.seconds, double(n) / o_.seconds, pct(answers_, 0.5) * 1e3, pct(answers_, 0.99) * 1e3, mx * 1e3,
                creates_.size(), pct(creates_, 0.99) * 1e3, callsDone_, errs, cpu);
  }

  Options o_;
  Recorded rec_;
  int ep_ = -1;
  double interval_ = 0, measureFrom_ = 0;
  std::vector<Call> calls_;
  std::vector<Conn> conns_;
  std::deque<int> ready_, idle_;
  std::priority_queue<std::pair<double, int>, std::vector<std::pair<double, int>>, std::greater<>> timed_;
  std::vector<double> answers_, creates_;
  std::map<std::string, size_t> errors_;
  size_t callsDone_ = 0;
};

} // namespace

int main(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char *name, std::string &out) {
      std::string p = std::string("--") + name + "=";
      if (a.rfind(p, 0) != 0) return false;
      out = a.substr(p.size());
      return true;
    };
    std::string v;
    if (value("port", v)) o.port = std::atoi(v.c_str());
    else if (value("token", o.token) || value("flow", o.flow) || value("answers", o.answers)) {
    } else if (value("calls", v)) o.calls = std::atoi(v.c_str());
    else if (value("connections", v)) o.connections = std::atoi(v.c_str());
    else if (value("seconds", v)) o.seconds = std::atof(v.c_str());
    else if (value("warmup", v)) o.warmup = std::atof(v.c_str());
    else if (value("rate", v)) o.rate = std::atof(v.c_str());
    else if (value("idle", v)) o.idle = std::atol(v.c_str());
    else die("unknown argument '" + a + "' (see the comment at the top of bench/serve_load.cpp)");
  }
  if (o.token.empty() || o.flow.empty() || o.answers.empty()) die("--token, --flow and --answers are required");
  if (o.calls < 1 || o.seconds <= 0) die("--calls and --seconds must be positive");
  Load(o, readRecorded(o.answers, o.flow)).run();
  return 0;
}
