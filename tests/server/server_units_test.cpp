// The server's libraries without a socket: the HTTP layer's routing and
// auth hook (net/http), the agents file and tokens (server/agents), and the
// session store's semantics on SQLite (store/): conditional changes, the
// host's values never undone, the audit log numbered, versions by hash.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <filesystem>
#include <fstream>

#include "agents.h"
#include "net/http/http.h"
#include "store/store.h"

namespace {

using namespace callflow;

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/callflow-server-unit-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string operator/(const std::string &name) const { return (path / name).string(); }
};

TEST(Http, RoutesWithParamsAndMethods) {
  http::Server s;
  s.route("GET", "/api/sessions/{id}", [](http::Request &r) { return http::error(200, "got " + r.param("id")); });
  s.route("POST", "/api/sessions/{id}/answers", [](http::Request &r) { return http::error(201, r.param("id")); });
  http::Request r;
  r.method = "GET";
  r.path = "/api/sessions/abc";
  http::Response out = s.dispatch(r);
  EXPECT_EQ(out.status, 200);
  EXPECT_NE(out.body.find("got abc"), std::string::npos);
  r.method = "DELETE";
  EXPECT_EQ(s.dispatch(r).status, 405);
  r.method = "GET";
  r.path = "/api/sessions/abc/answers/more";
  EXPECT_EQ(s.dispatch(r).status, 404);
  r.method = "POST";
  r.path = "//api/sessions/x/answers/"; // empty segments do not count
  EXPECT_EQ(s.dispatch(r).status, 201);
}

TEST(Http, AuthenticatorGuardsOnlyAuthenticatedRoutes) {
  http::Server s;
  int asked = 0;
  s.setAuthenticator([&](http::Request &r) -> std::optional<http::Response> {
    ++asked;
    if (r.bearer != "good") return http::error(401, "no");
    r.principal = "sam";
    return std::nullopt;
  });
  s.route("GET", "/open", [](http::Request &) { return http::error(200, "open"); }, false);
  s.route("GET", "/closed", [](http::Request &r) { return http::error(200, r.principal); });
  http::Request r;
  r.method = "GET";
  r.path = "/open";
  EXPECT_EQ(s.dispatch(r).status, 200);
  EXPECT_EQ(asked, 0);
  r.path = "/closed";
  EXPECT_EQ(s.dispatch(r).status, 401);
  r.bearer = "good";
  http::Response ok = s.dispatch(r);
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("sam"), std::string::npos);
  EXPECT_EQ(asked, 2);
}

TEST(Http, HandlerExceptionIs500AndBodiesParse) {
  http::Server s;
  s.route("GET", "/boom", [](http::Request &) -> http::Response { throw std::runtime_error("db down"); });
  http::Request r;
  r.method = "GET";
  r.path = "/boom";
  EXPECT_EQ(s.dispatch(r).status, 500);
  http::Response bad;
  r.body = "[1, 2]";
  EXPECT_FALSE(http::parseObject(r, bad));
  EXPECT_EQ(bad.status, 400);
  r.body = "{\"a\": ";
  EXPECT_FALSE(http::parseObject(r, bad));
  EXPECT_NE(bad.body.find("not JSON"), std::string::npos);
  r.body = "{\"a\": 1}";
  EXPECT_TRUE(http::parseObject(r, bad));
}

TEST(Http, ParseListen) {
  std::string host, error;
  int port = -1;
  EXPECT_TRUE(http::parseListen("127.0.0.1:8787", host, port, error));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 8787);
  EXPECT_TRUE(http::parseListen("[::1]:0", host, port, error));
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 0);
  for (const char *bad : {"8787", ":80", "host:", "host:99999", "host:8x", "host:123456789012"})
    EXPECT_FALSE(http::parseListen(bad, host, port, error)) << bad;
}

TEST(Http, UrlOfBracketsIPv6Hosts) {
  EXPECT_EQ(http::urlOf("127.0.0.1", 8787), "http://127.0.0.1:8787");
  EXPECT_EQ(http::urlOf("::1", 80), "http://[::1]:80");
  EXPECT_EQ(http::urlOf("localhost", 0), "http://localhost:0");
}

TEST(Agents, HashesTokensAndReadsTheFile) {
  EXPECT_EQ(server::sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string a = server::randomHex(16), b = server::randomHex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  TempDir dir;
  std::string error;
  const std::string file = dir / "agents.txt";
  const std::string sam = server::addAgent(file, "sam", false, error);
  ASSERT_FALSE(sam.empty()) << error;
  const std::string boss = server::addAgent(file, "boss", true, error);
  ASSERT_FALSE(boss.empty()) << error;
  EXPECT_TRUE(server::addAgent(file, "sam", false, error).empty());
  server::Agents agents;
  ASSERT_TRUE(agents.load(file, error)) << error;
  EXPECT_EQ(agents.size(), 2u);
  ASSERT_TRUE(agents.find(sam));
  EXPECT_EQ(agents.find(sam)->name, "sam");
  EXPECT_FALSE(agents.find(sam)->supervisor);
  EXPECT_TRUE(agents.find(boss)->supervisor);
  EXPECT_FALSE(agents.find(sam + "x"));
  EXPECT_FALSE(agents.find(""));
  std::ofstream(dir / "bad.txt") << "# c\n\nann agent\n";
  EXPECT_FALSE(agents.load(dir / "bad.txt", error));
  EXPECT_NE(error.find("bad.txt:3:"), std::string::npos) << error;
}

TEST(Store, ChangesAreConditionalAndLogged) {
  TempDir dir;
  std::string error;
  std::unique_ptr<store::Store> st = store::open("sqlite:" + (dir / "s.db"), error);
  ASSERT_TRUE(st) << error;
  EXPECT_EQ(st->kind(), "sqlite");
  st->putVersion("h1", "payg", {1, 2, 3});
  st->putVersion("h1", "payg", {9}); // kept once, by hash
  std::vector<uint8_t> bytes;
  ASSERT_TRUE(st->getVersion("h1", bytes));
  EXPECT_EQ(bytes, (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_FALSE(st->getVersion("h2", bytes));

  store::SessionRow row;
  row.id = "s1", row.flow = "payg", row.version = "h1", row.agent = "sam", row.step = "A";
  row.sets = row.answers = 1;
  store::LogEntry start;
  start.kind = "start";
  st->create(row, {{0x76, 0}}, start, {"A"});
  store::NewState next;
  next.status = "waiting", next.step = "B", next.reached = {"B"};
  store::LogEntry e;
  e.kind = "answer", e.directive = "choose 1";
  EXPECT_TRUE(st->appendAnswer("s1", 0, {0x61}, next, e));
  EXPECT_FALSE(st->appendAnswer("s1", 0, {0x62}, next, e)); // seq 0 is gone
  EXPECT_EQ(st->answers("s1").size(), 2u);
  store::SessionRow got;
  ASSERT_TRUE(st->get("s1", got));
  EXPECT_EQ(got.seq, 1);
  EXPECT_EQ(got.step, "B");
  EXPECT_TRUE(st->setStatus("s1", "waiting", "paused", "hold", e));
  EXPECT_FALSE(st->setStatus("s1", "waiting", "paused", "hold", e));
  EXPECT_FALSE(st->appendAnswer("s1", 1, {0x63}, next, e)); // paused
  EXPECT_TRUE(st->setStatus("s1", "paused", "waiting", "", e));
  EXPECT_TRUE(st->popAnswer("s1", 1, next, e));
  EXPECT_FALSE(st->popAnswer("s1", 2, next, e)); // the host's value is never undone
  EXPECT_EQ(st->answers("s1").size(), 1u);
  std::vector<store::LogEntry> log = st->log("s1");
  ASSERT_EQ(log.size(), 5u);
  for (size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].n, int64_t(i + 1));
  EXPECT_EQ(log[1].seq, 1);
  EXPECT_EQ(st->list("sam", "", 10).size(), 1u);
  EXPECT_EQ(st->list("ann", "", 10).size(), 0u);
  EXPECT_EQ(st->list("", "ended", 10).size(), 0u);
  std::vector<store::FunnelRow> f = st->funnel("payg", 0);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].step, "A");
  EXPECT_EQ(f[1].reached, 1);
}

// Group commit (store/sqlite.cpp): changes from many threads at once are
// committed together, each in its own savepoint, so a change that is
// refused (a stale seq) or throws (a second row with the same key) is
// rolled back alone and the others of its transaction are kept.
TEST(Store, GroupCommitKeepsEachChangeApart) {
  TempDir dir;
  std::string error;
  std::unique_ptr<store::Store> st = store::open("sqlite:" + (dir / "g.db"), error);
  ASSERT_TRUE(st) << error;
  constexpr int kThreads = 16, kAnswers = 25;
  std::vector<std::thread> threads;
  std::atomic<int> refusedRight{0}, thrownRight{0}, wrong{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      store::SessionRow row;
      row.id = "s" + std::to_string(t), row.flow = "f", row.version = "h", row.agent = "sam", row.step = "A";
      store::LogEntry start;
      start.kind = "start";
      st->create(row, {}, start, {"A"});
      store::NewState next;
      next.status = "waiting", next.step = "B", next.reached = {"B"};
      store::LogEntry e;
      e.kind = "answer";
      for (int i = 0; i < kAnswers; ++i) {
        if (!st->appendAnswer(row.id, i, {uint8_t(i)}, next, e)) ++wrong;
        if (st->appendAnswer(row.id, i, {0xee}, next, e)) ++wrong; // stale: refused alone
        else ++refusedRight;
      }
      try {
        st->create(row, {}, start, {}); // the same id again: the insert throws
        ++wrong;
      } catch (const store::StoreError &) {
        ++thrownRight;
      }
    });
  for (std::thread &t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(refusedRight.load(), kThreads * kAnswers);
  EXPECT_EQ(thrownRight.load(), kThreads);
  for (int t = 0; t < kThreads; ++t) {
    store::SessionRow got;
    ASSERT_TRUE(st->get("s" + std::to_string(t), got));
    EXPECT_EQ(got.seq, kAnswers);
    std::vector<std::vector<uint8_t>> answers = st->answers(got.id);
    ASSERT_EQ(answers.size(), size_t(kAnswers));
    for (int i = 0; i < kAnswers; ++i) EXPECT_EQ(answers[size_t(i)], std::vector<uint8_t>{uint8_t(i)});
    EXPECT_EQ(st->log(got.id).size(), size_t(kAnswers + 1)); // start + answers, nothing of the refused ones
  }
  // What was committed is on disk for another connection (a restart).
  st.reset();
  std::unique_ptr<store::Store> again = store::open("sqlite:" + (dir / "g.db"), error);
  ASSERT_TRUE(again) << error;
  store::SessionRow got;
  ASSERT_TRUE(again->get("s3", got));
  EXPECT_EQ(got.seq, kAnswers);
}

TEST(Store, RefusesUnknownUrls) {
  std::string error;
  EXPECT_FALSE(store::open("mysql://x", error));
  EXPECT_NE(error.find("unknown store"), std::string::npos);
  EXPECT_FALSE(store::open("sqlite:", error));
  EXPECT_FALSE(store::open("sqlite:/nonexistent-dir/x.db", error));
}

} // namespace
