// The session store of the server (`flowrun serve`, docs/server.md): flow
// versions (bytecode by content hash), sessions, each session's answers in
// order (as journal records: a sensitive value is never among them), an
// append-only audit log, and the steps each call reached (the funnel).
//
// One interface, two backends with the same schema and semantics:
//   sqlite:PATH                      one file, WAL, synchronous=FULL
//   postgresql://USER@HOST:PORT/DB   (also postgres://; libpq's URI syntax)
// Every change is one transaction, committed (durable) before it returns.
// Changes to a session are conditional (its seq, its status): two servers
// or two tabs racing on one call see exactly one win; the other is told.
// Database errors are thrown as StoreError.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace callflow::store {

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct SessionRow {
  std::string id, flow, version, agent;
  std::string status = "waiting"; // waiting, paused, ended, transferred
  int64_t seq = 0;                // answers and backs taken (the next answer names it)
  int64_t sets = 0;               // the first `sets` answers are the host's values (never undone)
  int64_t answers = 0;            // answers kept (after backs)
  std::string step;               // the current step's ID
  std::string pauseReason;
  int64_t created = 0, updated = 0; // Unix milliseconds
};

struct LogEntry {
  int64_t n = 0;   // 1, 2, ... per session
  int64_t seq = 0; // the session's seq after it
  int64_t at = 0;  // Unix milliseconds
  std::string agent, kind; // kind: start, answer, back, pause, resume
  std::string directive, label, detail;
};

struct FunnelRow {
  std::string step;
  int64_t reached = 0, ended = 0, transferred = 0, abandoned = 0, live = 0;
};

/// What a change leaves the session at.
struct NewState {
  std::string status, step;
  std::vector<std::string> reached; // steps the change went through (for the funnel)
  int64_t at = 0;
};

class Store {
public:
  virtual ~Store() = default;
  /// "sqlite" or "postgresql".
  virtual std::string kind() const = 0;

  /// Keeps a flow version's bytecode under its hash (a no-op when kept).
  virtual void putVersion(const std::string &hash, const std::string &name, const std::vector<uint8_t> &bytes) = 0;
  virtual bool getVersion(const std::string &hash, std::vector<uint8_t> &bytes) = 0;

  /// A new session with its host values (`sets` answers) and first log entry.
  virtual void create(const SessionRow &row, const std::vector<std::vector<uint8_t>> &setAnswers,
                      const LogEntry &log, const std::vector<std::string> &reached) = 0;
  virtual bool get(const std::string &id, SessionRow &out) = 0;
  /// The session's answers in order (journal payloads).
  virtual std::vector<std::vector<uint8_t>> answers(const std::string &id) = 0;
  /// Appends an answer when the session's seq is `expectSeq` and it is
  /// waiting; false (nothing written) otherwise.
  virtual bool appendAnswer(const std::string &id, int64_t expectSeq, const std::vector<uint8_t> &payload,
                            const NewState &state, LogEntry log) = 0;
  /// Drops the last answer (not one of the host's values) when the seq is
  /// `expectSeq`; false otherwise.
  virtual bool popAnswer(const std::string &id, int64_t expectSeq, const NewState &state, LogEntry log) = 0;
  /// Changes the status from `from` to `to` (pause, resume); false when the
  /// session's status is not `from`.
  virtual bool setStatus(const std::string &id, const std::string &from, const std::string &to,
                         const std::string &reason, LogEntry log) = 0;
  virtual std::vector<LogEntry> log(const std::string &id) = 0;
  /// Sessions of `agent` ("" for everyone's), of `status` ("" any), newest first.
  virtual std::vector<SessionRow> list(const std::string &agent, const std::string &status, size_t limit) = 0;
  /// Per step of flow `flow`: calls that reached it, ended or were
  /// transferred there, or stopped there and have been idle since before
  /// `idleBefore` (abandoned) or not (live).
  virtual std::vector<FunnelRow> funnel(const std::string &flow, int64_t idleBefore) = 0;
};

/// Opens (creating the schema when missing) the store `url` names.
std::unique_ptr<Store> open(const std::string &url, std::string &error);

} // namespace callflow::store
