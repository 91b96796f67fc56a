// The PostgreSQL backend: a pool of libpq connections (one per request in
// flight, up to kPoolSize), each change one transaction, committed with the
// server's synchronous_commit (on by default: durable before it returns).
// Several servers on one database share the sessions: a change is
// conditional on the session's row (its seq or status), which the UPDATE
// locks until the commit.
#include <libpq-fe.h>

#include <condition_variable>
#include <mutex>

#include "store/sql.h"

namespace callflow::store {
namespace {

constexpr size_t kPoolSize = 16;

class PgConn : public Conn {
public:
  explicit PgConn(PGconn *c) : c_(c) {}
  ~PgConn() override { PQfinish(c_); }
  std::vector<Row> query(const std::string &sql, const std::vector<std::string> &params) override {
    PGresult *r = run(sql, params);
    std::vector<Row> rows;
    for (int i = 0, n = PQntuples(r); i < n; ++i) {
      Row row;
      for (int k = 0, m = PQnfields(r); k < m; ++k) row.emplace_back(PQgetvalue(r, i, k), size_t(PQgetlength(r, i, k)));
      rows.push_back(std::move(row));
    }
    PQclear(r);
    return rows;
  }
  int64_t exec(const std::string &sql, const std::vector<std::string> &params) override {
    PGresult *r = run(sql, params);
    const char *n = PQcmdTuples(r);
    int64_t changed = n && *n ? std::stoll(n) : 0;
    PQclear(r);
    return changed;
  }
  void beginWrite() override { exec("BEGIN", {}); }
  bool broken() const { return PQstatus(c_) != CONNECTION_OK; }

private:
  PGresult *run(const std::string &sql, const std::vector<std::string> &params) {
    std::vector<const char *> values;
    for (const std::string &p : params) values.push_back(p.c_str());
    PGresult *r = PQexecParams(c_, sql.c_str(), int(params.size()), nullptr, values.data(), nullptr, nullptr, 0);
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
      std::string why = PQresultErrorMessage(r);
      PQclear(r);
      while (!why.empty() && why.back() == '\n') why.pop_back();
      throw StoreError("postgresql: " + why);
    }
    return r;
  }
  PGconn *c_;
};

class PgStore : public SqlStore {
public:
  explicit PgStore(std::string url) : url_(std::move(url)) {}
  std::string kind() const override { return "postgresql"; }
  /// A new connection, or empty with `error`.
  std::unique_ptr<PgConn> connect(std::string &error) {
    PGconn *c = PQconnectdb(url_.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      error = PQerrorMessage(c);
      while (!error.empty() && error.back() == '\n') error.pop_back();
      PQfinish(c);
      return nullptr;
    }
    auto conn = std::make_unique<PgConn>(c);
    conn->exec("SET client_min_messages = warning", {});
    return conn;
  }
  void init() {
    // Two servers starting at once on an empty database: the schema is made
    // under an advisory lock, once.
    withConn([](Conn &c) { c.query("SELECT pg_advisory_lock(72001900)", {}); });
    try {
      createSchema();
    } catch (...) {
      withConn([](Conn &c) { c.query("SELECT pg_advisory_unlock(72001900)", {}); });
      throw;
    }
    withConn([](Conn &c) { c.query("SELECT pg_advisory_unlock(72001900)", {}); });
  }

protected:
  void withConn(const std::function<void(Conn &)> &f) override {
    std::unique_ptr<PgConn> c;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [&] { return !idle_.empty() || open_ < kPoolSize; });
      if (!idle_.empty()) {
        c = std::move(idle_.back());
        idle_.pop_back();
      } else {
        ++open_;
      }
    }
    if (!c) {
      std::string error;
      c = connect(error);
      if (!c) {
        std::lock_guard<std::mutex> lock(mutex_);
        --open_;
        cv_.notify_one();
        throw StoreError("postgresql: cannot connect: " + error);
      }
    }
    try {
      f(*c);
    } catch (...) {
      giveBack(std::move(c));
      throw;
    }
    giveBack(std::move(c));
  }

private:
  void giveBack(std::unique_ptr<PgConn> c) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (c->broken()) --open_; // dropped; a new one is made when needed
    else idle_.push_back(std::move(c));
    cv_.notify_one();
  }
  std::string url_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> idle_;
  size_t open_ = 0;
};

} // namespace

std::unique_ptr<Store> openPostgres(const std::string &url, std::string &error) {
  auto store = std::make_unique<PgStore>(url);
  try {
    store->init();
  } catch (const StoreError &e) {
    error = "cannot use the store '" + url + "': " + e.what();
    return nullptr;
  }
  return store;
}

} // namespace callflow::store
