// Inside the store: the SQL both backends run (store.cpp), over a small
// connection interface each backend implements (sqlite.cpp, postgres.cpp).
// Parameters are written $1, $2 ... (SQLite gets ?1, ?2 ...), passed as
// text; integers are CAST where a column's type does not decide them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "store/store.h"

namespace callflow::store {

using Row = std::vector<std::string>; // NULL reads as ""

class Conn {
public:
  virtual ~Conn() = default;
  virtual std::vector<Row> query(const std::string &sql, const std::vector<std::string> &params = {}) = 0;
  /// Rows changed.
  virtual int64_t exec(const std::string &sql, const std::vector<std::string> &params = {}) = 0;
  /// Starts a transaction that will write.
  virtual void beginWrite() = 0;
};

/// The store's logic in SQL; a backend gives it connections.
class SqlStore : public Store {
public:
  void putVersion(const std::string &hash, const std::string &name, const std::vector<uint8_t> &bytes) override;
  bool getVersion(const std::string &hash, std::vector<uint8_t> &bytes) override;
  void create(const SessionRow &row, const std::vector<std::vector<uint8_t>> &setAnswers, const LogEntry &log,
              const std::vector<std::string> &reached) override;
  bool get(const std::string &id, SessionRow &out) override;
  std::vector<std::vector<uint8_t>> answers(const std::string &id) override;
  bool appendAnswer(const std::string &id, int64_t expectSeq, const std::vector<uint8_t> &payload,
                    const NewState &state, LogEntry log) override;
  bool popAnswer(const std::string &id, int64_t expectSeq, const NewState &state, LogEntry log) override;
  bool setStatus(const std::string &id, const std::string &from, const std::string &to, const std::string &reason,
                 LogEntry log) override;
  std::vector<LogEntry> log(const std::string &id) override;
  std::vector<SessionRow> list(const std::string &agent, const std::string &status, size_t limit) override;
  std::vector<FunnelRow> funnel(const std::string &flow, int64_t idleBefore) override;

protected:
  /// Runs `f` on a connection of the backend's (one at a time per connection).
  virtual void withConn(const std::function<void(Conn &)> &f) = 0;
  /// Runs `f`, which only reads, on a connection (the backend may keep one
  /// for reads, so that they do not wait for a commit).
  virtual void withReadConn(const std::function<void(Conn &)> &f) { withConn(f); }
  /// Runs `f` in one write transaction: committed (durably) when it returns
  /// true, rolled back when it returns false or throws. A backend may commit
  /// the changes of several callers in one transaction (group commit), each
  /// caller's in a savepoint of its own: none returns before the commit.
  virtual bool transaction(const std::function<bool(Conn &)> &f);
  /// Creates the tables (idempotent).
  void createSchema();
};

std::string toHex(const std::vector<uint8_t> &bytes);
bool fromHex(const std::string &hex, std::vector<uint8_t> &out);

std::unique_ptr<Store> openSqlite(const std::string &path, std::string &error);
std::unique_ptr<Store> openPostgres(const std::string &url, std::string &error);

} // namespace callflow::store
