// The SQLite backend: one connection that writes (SQLite writes one at a
// time anyway) and one that reads (WAL lets it read while a commit is
// being synced), WAL, synchronous=FULL so that a committed change survives
// a crash of the machine too, not only of the process; prepared statements
// are cached.
//
// Group commit: a change waits while the writer commits, and then the next
// commit takes every change that waited, each in a savepoint of its own (a
// change that refuses or fails is rolled back alone), in one transaction
// and one sync of the WAL. No caller returns before the commit that holds
// its change, so "committed before the response" holds for each; under
// load one fsync serves many answers (docs/performance.md, "flowrun serve
// under load").
#include <sqlite3.h>

#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <vector>

#include "store/sql.h"

namespace callflow::store {
namespace {

/// $1 -> ?1 (outside quotes).
std::string sqliteParams(const std::string &sql) {
  std::string out;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    out += (c == '$' && !quoted) ? '?' : c;
  }
  return out;
}

class SqliteConn : public Conn {
public:
  explicit SqliteConn(sqlite3 *db) : db_(db) {}
  ~SqliteConn() override {
    for (auto &[sql, st] : cache_) sqlite3_finalize(st);
    sqlite3_close(db_);
  }
  std::vector<Row> query(const std::string &sql, const std::vector<std::string> &params) override {
    sqlite3_stmt *st = prepare(sql, params);
    std::vector<Row> rows;
    for (;;) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(st, sql);
      Row r;
      for (int i = 0, n = sqlite3_column_count(st); i < n; ++i) {
        const unsigned char *t = sqlite3_column_text(st, i);
        r.emplace_back(t ? reinterpret_cast<const char *>(t) : "", size_t(sqlite3_column_bytes(st, i)));
      }
      rows.push_back(std::move(r));
    }
    sqlite3_reset(st);
    return rows;
  }
  int64_t exec(const std::string &sql, const std::vector<std::string> &params) override {
    sqlite3_stmt *st = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {}
    if (rc != SQLITE_DONE) fail(st, sql);
    sqlite3_reset(st);
    return sqlite3_changes(db_);
  }
  void beginWrite() override { exec("BEGIN IMMEDIATE", {}); }

private:
  sqlite3_stmt *prepare(const std::string &sql, const std::vector<std::string> &params) {
    sqlite3_stmt *&st = cache_[sql];
    if (!st && sqlite3_prepare_v2(db_, sqliteParams(sql).c_str(), -1, &st, nullptr) != SQLITE_OK) {
      std::string why = sqlite3_errmsg(db_);
      cache_.erase(sql);
      throw StoreError("sqlite: " + why);
    }
    sqlite3_clear_bindings(st);
    for (size_t i = 0; i < params.size(); ++i)
      sqlite3_bind_text(st, int(i + 1), params[i].data(), int(params[i].size()), SQLITE_TRANSIENT);
    return st;
  }
  [[noreturn]] void fail(sqlite3_stmt *st, const std::string &sql) {
    std::string why = sqlite3_errmsg(db_);
    sqlite3_reset(st);
    throw StoreError("sqlite: " + why + " (in: " + sql.substr(0, 60) + ")");
  }
  sqlite3 *db_;
  std::map<std::string, sqlite3_stmt *> cache_;
};

class SqliteStore : public SqlStore {
public:
  explicit SqliteStore(sqlite3 *db) : conn_(db) {}
  std::string kind() const override { return "sqlite"; }
  void init() {
    conn_.query("PRAGMA journal_mode=WAL", {});
    conn_.exec("PRAGMA synchronous=FULL", {});
    conn_.exec("PRAGMA foreign_keys=ON", {});
    createSchema();
  }
  /// A second connection for reads (not for an in-memory database, which
  /// another connection would not see).
  void setReader(sqlite3 *db) { reader_ = std::make_unique<SqliteConn>(db); }

protected:
  void withConn(const std::function<void(Conn &)> &f) override {
    std::lock_guard<std::mutex> lock(mutex_);
    f(conn_);
  }
  void withReadConn(const std::function<void(Conn &)> &f) override {
    if (!reader_) return withConn(f);
    std::lock_guard<std::mutex> lock(readMutex_);
    f(*reader_);
  }
  bool transaction(const std::function<bool(Conn &)> &f) override {
    Change mine;
    mine.f = &f;
    std::unique_lock<std::mutex> lock(queueMutex_);
    waiting_.push_back(&mine);
    while (!mine.done) {
      if (committing_) {
        committed_.wait(lock);
        continue;
      }
      // No commit under way: this caller commits every change that waits.
      committing_ = true;
      std::vector<Change *> batch;
      batch.swap(waiting_);
      lock.unlock();
      commit(batch);
      lock.lock();
      committing_ = false;
      for (Change *c : batch) c->done = true;
      committed_.notify_all();
    }
    if (mine.error) std::rethrow_exception(mine.error);
    return mine.result;
  }

private:
  struct Change {
    const std::function<bool(Conn &)> *f = nullptr;
    bool result = false, done = false;
    std::exception_ptr error;
  };

  /// Runs `batch` in one transaction, each change in its savepoint.
  void commit(std::vector<Change *> &batch) {
    std::lock_guard<std::mutex> lock(mutex_);
    try {
      conn_.beginWrite();
    } catch (...) {
      for (Change *c : batch) c->error = std::current_exception();
      return;
    }
    bool any = false;
    for (Change *c : batch) {
      try {
        conn_.exec("SAVEPOINT change", {});
        c->result = (*c->f)(conn_);
        if (!c->result) conn_.exec("ROLLBACK TO change", {});
        conn_.exec("RELEASE change", {});
        any |= c->result;
      } catch (...) {
        c->error = std::current_exception();
        c->result = false;
        try {
          conn_.exec("ROLLBACK TO change", {});
          conn_.exec("RELEASE change", {});
        } catch (...) {
          // The transaction itself is gone: nothing of the batch is kept.
          for (Change *d : batch)
            if (!d->error) d->error = std::current_exception(), d->result = false;
          try {
            conn_.exec("ROLLBACK", {});
          } catch (...) {
          }
          return;
        }
      }
    }
    try {
      conn_.exec(any ? "COMMIT" : "ROLLBACK", {});
    } catch (...) {
      // Not committed: no change of the batch may be acknowledged.
      for (Change *c : batch)
        if (!c->error) c->error = std::current_exception(), c->result = false;
      try {
        conn_.exec("ROLLBACK", {});
      } catch (...) {
      }
    }
  }

  std::mutex mutex_; // the writing connection
  SqliteConn conn_;
  std::mutex readMutex_;
  std::unique_ptr<SqliteConn> reader_;
  std::mutex queueMutex_;
  std::condition_variable committed_;
  std::vector<Change *> waiting_;
  bool committing_ = false;
};

} // namespace

std::unique_ptr<Store> openSqlite(const std::string &path, std::string &error) {
  sqlite3 *db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    error = "cannot open the store '" + path + "': " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 10000);
  auto store = std::make_unique<SqliteStore>(db);
  try {
    store->init();
  } catch (const StoreError &e) {
    error = "cannot use the store '" + path + "': " + e.what();
    return nullptr;
  }
  if (path != ":memory:" && path.rfind("file:", 0) != 0) {
    sqlite3 *reader = nullptr;
    if (sqlite3_open_v2(path.c_str(), &reader, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      error = "cannot open the store '" + path + "' to read: " + (reader ? sqlite3_errmsg(reader) : "out of memory");
      sqlite3_close(reader);
      return nullptr;
    }
    sqlite3_busy_timeout(reader, 10000);
    store->setReader(reader);
  }
  return store;
}

} // namespace callflow::store
