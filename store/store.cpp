// The session store's SQL, shared by both backends (sql.h).
#include "store/sql.h"

#include <algorithm>

namespace callflow::store {

std::string toHex(const std::vector<uint8_t> &bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool fromHex(const std::string &hex, std::vector<uint8_t> &out) {
  out.clear();
  if (hex.size() % 2) return false;
  out.reserve(hex.size() / 2);
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(uint8_t(hi << 4 | lo));
  }
  return true;
}

namespace {
const char *const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS flow_versions (hash TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "bytecode TEXT NOT NULL, added BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, flow TEXT NOT NULL, version TEXT NOT NULL, "
    "agent TEXT NOT NULL, status TEXT NOT NULL, seq BIGINT NOT NULL, sets BIGINT NOT NULL, answers BIGINT NOT NULL, "
    "step TEXT NOT NULL, pause_reason TEXT NOT NULL, created BIGINT NOT NULL, updated BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sessions_by_agent ON sessions (agent, updated)",
    "CREATE INDEX IF NOT EXISTS sessions_by_flow ON sessions (flow)",
    "CREATE TABLE IF NOT EXISTS answers (session TEXT NOT NULL, pos BIGINT NOT NULL, payload TEXT NOT NULL, "
    "PRIMARY KEY (session, pos))",
    "CREATE TABLE IF NOT EXISTS audit (session TEXT NOT NULL, n BIGINT NOT NULL, seq BIGINT NOT NULL, "
    "at BIGINT NOT NULL, agent TEXT NOT NULL, kind TEXT NOT NULL, directive TEXT NOT NULL, label TEXT NOT NULL, "
    "detail TEXT NOT NULL, PRIMARY KEY (session, n))",
    "CREATE TABLE IF NOT EXISTS reached (session TEXT NOT NULL, flow TEXT NOT NULL, step TEXT NOT NULL, "
    "PRIMARY KEY (session, step))",
    "CREATE INDEX IF NOT EXISTS reached_by_flow ON reached (flow, step)",
};

int64_t num(const std::string &s) { return s.empty() ? 0 : std::stoll(s); }
std::string str(int64_t n) { return std::to_string(n); }

const char *const kSessionColumns =
    "id, flow, version, agent, status, seq, sets, answers, step, pause_reason, created, updated";
SessionRow sessionOf(const Row &r) {
  SessionRow s;
  s.id = r[0], s.flow = r[1], s.version = r[2], s.agent = r[3], s.status = r[4];
  s.seq = num(r[5]), s.sets = num(r[6]), s.answers = num(r[7]);
  s.step = r[8], s.pauseReason = r[9], s.created = num(r[10]), s.updated = num(r[11]);
  return s;
}

void addLog(Conn &c, const std::string &id, const LogEntry &e) {
  c.exec("INSERT INTO audit (session, n, seq, at, agent, kind, directive, label, detail) "
         "SELECT $1, COALESCE(MAX(n), 0) + 1, CAST($2 AS BIGINT), CAST($3 AS BIGINT), $4, $5, $6, $7, $8 "
         "FROM audit WHERE session = $1",
         {id, str(e.seq), str(e.at), e.agent, e.kind, e.directive, e.label, e.detail});
}

/// The steps an answer reached, in one statement per 200 (one round trip to
/// PostgreSQL instead of one per step; SQLite allows 32,766 parameters).
void addReached(Conn &c, const std::string &id, const std::string &flow, const std::vector<std::string> &steps) {
  constexpr size_t kPerStatement = 200;
  for (size_t from = 0; from < steps.size(); from += kPerStatement) {
    const size_t n = std::min(kPerStatement, steps.size() - from);
    std::string sql = "INSERT INTO reached (session, flow, step) VALUES ";
    std::vector<std::string> params = {id, flow};
    for (size_t i = 0; i < n; ++i) {
      sql += (i ? ", ($1, $2, $" : "($1, $2, $") + std::to_string(3 + i) + ")";
      params.push_back(steps[from + i]);
    }
    c.exec(sql + " ON CONFLICT DO NOTHING", params);
  }
}
} // namespace

void SqlStore::createSchema() {
  withConn([](Conn &c) {
    for (const char *sql : kSchema) c.exec(sql);
  });
}

bool SqlStore::transaction(const std::function<bool(Conn &)> &f) {
  bool done = false;
  withConn([&](Conn &c) {
    c.beginWrite();
    try {
      done = f(c);
    } catch (...) {
      try {
        c.exec("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
    c.exec(done ? "COMMIT" : "ROLLBACK");
  });
  return done;
}

void SqlStore::putVersion(const std::string &hash, const std::string &name, const std::vector<uint8_t> &bytes) {
  transaction([&](Conn &c) {
    c.exec("INSERT INTO flow_versions (hash, name, bytecode, added) VALUES ($1, $2, $3, CAST($4 AS BIGINT)) "
           "ON CONFLICT DO NOTHING",
           {hash, name, toHex(bytes), "0"});
    return true;
  });
}

bool SqlStore::getVersion(const std::string &hash, std::vector<uint8_t> &bytes) {
  bool found = false;
  withReadConn([&](Conn &c) {
    std::vector<Row> rows = c.query("SELECT bytecode FROM flow_versions WHERE hash = $1", {hash});
    found = !rows.empty() && fromHex(rows[0][0], bytes);
  });
  return found;
}

void SqlStore::create(const SessionRow &s, const std::vector<std::vector<uint8_t>> &setAnswers, const LogEntry &log,
                      const std::vector<std::string> &reached) {
  transaction([&](Conn &c) {
    c.exec(std::string("INSERT INTO sessions (") + kSessionColumns +
               ") VALUES ($1, $2, $3, $4, $5, CAST($6 AS BIGINT), CAST($7 AS BIGINT), CAST($8 AS BIGINT), $9, $10, "
               "CAST($11 AS BIGINT), CAST($12 AS BIGINT))",
           {s.id, s.flow, s.version, s.agent, s.status, str(s.seq), str(s.sets), str(s.answers), s.step, s.pauseReason,
            str(s.created), str(s.updated)});
    for (size_t i = 0; i < setAnswers.size(); ++i)
      c.exec("INSERT INTO answers (session, pos, payload) VALUES ($1, CAST($2 AS BIGINT), $3)",
             {s.id, str(int64_t(i)), toHex(setAnswers[i])});
    addLog(c, s.id, log);
    addReached(c, s.id, s.flow, reached);
    return true;
  });
}

bool SqlStore::get(const std::string &id, SessionRow &out) {
  bool found = false;
  withReadConn([&](Conn &c) {
    std::vector<Row> rows = c.query(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE id = $1", {id});
    if (!rows.empty()) out = sessionOf(rows[0]), found = true;
  });
  return found;
}

std::vector<std::vector<uint8_t>> SqlStore::answers(const std::string &id) {
  std::vector<std::vector<uint8_t>> out;
  withReadConn([&](Conn &c) {
    for (const Row &r : c.query("SELECT payload FROM answers WHERE session = $1 ORDER BY pos", {id})) {
      out.emplace_back();
      if (!fromHex(r[0], out.back())) throw StoreError("a stored answer of session " + id + " is not hex");
    }
  });
  return out;
}

bool SqlStore::appendAnswer(const std::string &id, int64_t expectSeq, const std::vector<uint8_t> &payload,
                            const NewState &st, LogEntry log) {
  return transaction([&](Conn &c) {
    // The check (seq and status) and the change in one statement; RETURNING
    // gives the new count, so the answer's position is one less.
    std::vector<Row> rows = c.query("UPDATE sessions SET seq = seq + 1, answers = answers + 1, status = $3, step = $4, "
                                    "updated = CAST($5 AS BIGINT) WHERE id = $1 AND seq = CAST($2 AS BIGINT) "
                                    "AND status = 'waiting' RETURNING answers - 1, flow",
                                    {id, str(expectSeq), st.status, st.step, str(st.at)});
    if (rows.size() != 1) return false;
    const int64_t pos = num(rows[0][0]);
    c.exec("INSERT INTO answers (session, pos, payload) VALUES ($1, CAST($2 AS BIGINT), $3)",
           {id, str(pos), toHex(payload)});
    log.seq = expectSeq + 1;
    addLog(c, id, log);
    addReached(c, id, rows[0][1], st.reached);
    return true;
  });
}

bool SqlStore::popAnswer(const std::string &id, int64_t expectSeq, const NewState &st, LogEntry log) {
  return transaction([&](Conn &c) {
    // Only an answer the agent gave is taken back (not the values the host
    // set at the start: answers > sets); the new count is the last's position.
    std::vector<Row> rows = c.query("UPDATE sessions SET seq = seq + 1, answers = answers - 1, status = $3, step = $4, "
                                    "updated = CAST($5 AS BIGINT) WHERE id = $1 AND seq = CAST($2 AS BIGINT) "
                                    "AND status IN ('waiting', 'ended', 'transferred') AND answers > sets "
                                    "RETURNING answers",
                                    {id, str(expectSeq), st.status, st.step, str(st.at)});
    if (rows.size() != 1) return false;
    const int64_t last = num(rows[0][0]);
    c.exec("DELETE FROM answers WHERE session = $1 AND pos = CAST($2 AS BIGINT)", {id, str(last)});
    log.seq = expectSeq + 1;
    addLog(c, id, log);
    return true;
  });
}

bool SqlStore::setStatus(const std::string &id, const std::string &from, const std::string &to,
                         const std::string &reason, LogEntry log) {
  return transaction([&](Conn &c) {
    std::vector<Row> rows = c.query("UPDATE sessions SET status = $3, pause_reason = $4, updated = CAST($5 AS BIGINT) "
                                    "WHERE id = $1 AND status = $2 RETURNING seq",
                                    {id, from, to, reason, str(log.at)});
    if (rows.size() != 1) return false;
    log.seq = num(rows[0][0]);
    addLog(c, id, log);
    return true;
  });
}

std::vector<LogEntry> SqlStore::log(const std::string &id) {
  std::vector<LogEntry> out;
  withReadConn([&](Conn &c) {
    for (const Row &r : c.query("SELECT n, seq, at, agent, kind, directive, label, detail FROM audit "
                                "WHERE session = $1 ORDER BY n",
                                {id})) {
      LogEntry e;
      e.n = num(r[0]), e.seq = num(r[1]), e.at = num(r[2]);
      e.agent = r[3], e.kind = r[4], e.directive = r[5], e.label = r[6], e.detail = r[7];
      out.push_back(std::move(e));
    }
  });
  return out;
}

std::vector<SessionRow> SqlStore::list(const std::string &agent, const std::string &status, size_t limit) {
  std::vector<SessionRow> out;
  withReadConn([&](Conn &c) {
    std::string sql = std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE ($1 = '' OR agent = $1) " +
                      "AND ($2 = '' OR status = $2) ORDER BY updated DESC, id LIMIT " + str(int64_t(limit));
    for (const Row &r : c.query(sql, {agent, status})) out.push_back(sessionOf(r));
  });
  return out;
}

std::vector<FunnelRow> SqlStore::funnel(const std::string &flow, int64_t idleBefore) {
  std::vector<FunnelRow> out;
  withReadConn([&](Conn &c) {
    std::vector<Row> rows = c.query(
        "SELECT r.step, COUNT(*), "
        "SUM(CASE WHEN s.status = 'ended' AND s.step = r.step THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN s.status = 'transferred' AND s.step = r.step THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN s.status IN ('waiting', 'paused') AND s.step = r.step AND s.updated < CAST($2 AS BIGINT) "
        "THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN s.status IN ('waiting', 'paused') AND s.step = r.step AND s.updated >= CAST($2 AS BIGINT) "
        "THEN 1 ELSE 0 END) "
        "FROM reached r JOIN sessions s ON s.id = r.session WHERE r.flow = $1 GROUP BY r.step ORDER BY r.step",
        {flow, str(idleBefore)});
    for (const Row &r : rows) {
      FunnelRow f;
      f.step = r[0], f.reached = num(r[1]), f.ended = num(r[2]), f.transferred = num(r[3]);
      f.abandoned = num(r[4]), f.live = num(r[5]);
      out.push_back(std::move(f));
    }
  });
  return out;
}

std::unique_ptr<Store> open(const std::string &url, std::string &error) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) {
      error = "sqlite: needs a path (sqlite:callflow-sessions.db)";
      return nullptr;
    }
    return openSqlite(path, error);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return openPostgres(url, error);
  error = "unknown store '" + url + "' (sqlite:PATH or postgresql://USER@HOST:PORT/DB)";
  return nullptr;
}

} // namespace callflow::store
