// The agent desktop's API (docs/server.md has every path and field):
//
//   GET  /api/flows                      the flows served, with their versions
//   POST /api/sessions                   start a call
//   POST /api/sessions/{id}/answers      answer the waiting event (a directive)
//   GET  /api/sessions/{id}              the session and the record of the call
//   POST /api/sessions/{id}/back|pause|resume
//   GET  /api/sessions/{id}/log          the audit log
//   GET  /api/sessions?status=...        the caller's sessions (a supervisor's: all)
//   GET  /api/flows/{name}/funnel        per step: reached, ended, transferred, abandoned
//
// A session is a runtime Session kept in memory and rebuilt from the store
// (its answers replayed, as flowrun --resume replays a journal) whenever
// the store says it moved on elsewhere (another server, a restart). Every
// change is committed to the store before the response says it happened.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "agents.h"
#include "callflow/runtime.h"
#include "net/http/http.h"
#include "store/store.h"

namespace callflow::server {

struct Flow {
  std::string name, title, version; // version: SHA-256 of the bytecode
  std::shared_ptr<const Program> program;
};

struct ServiceOptions {
  /// A call not ended and untouched this long counts as abandoned in the funnel.
  int64_t abandonAfterMs = 30 * 60 * 1000;
};

class Service {
public:
  /// `flows`: the versions served now (each kept in the store).
  Service(store::Store &store, std::vector<Flow> flows, Agents agents, ServiceOptions options = {});
  ~Service();
  /// Adds the API's routes and the bearer-token check to `server`.
  void install(http::Server &server);

  /// A flow from its compiled bytes: "" on success, else why not.
  static std::string loadFlow(std::vector<uint8_t> bytes, Flow &out);

private:
  struct Live;
  http::Response flows(http::Request &);
  http::Response create(http::Request &);
  http::Response answer(http::Request &);
  http::Response show(http::Request &);
  http::Response back(http::Request &);
  http::Response pause(http::Request &, bool pausing);
  http::Response log(http::Request &);
  http::Response list(http::Request &);
  http::Response funnel(http::Request &);

  /// The session `id` as the caller may see it: its row and its live
  /// state, up to date with the store. A response (404) when it is not
  /// there or not the caller's.
  /// `live`: the session's live state is needed (else only the row).
  std::shared_ptr<Live> open(http::Request &req, store::SessionRow &row, http::Response &refused, bool live = false);
  /// The session's live state when this process has it in memory.
  std::shared_ptr<Live> cached(const std::string &id);
  /// Keeps live_ under its bound (mutex_ held): new sessions and answers
  /// from memory add to it as well as open().
  void trimLive();
  std::shared_ptr<const Program> program(const std::string &version);
  /// Rebuilds `live` from the store's answers; false (and `live` marked
  /// unbuilt) when the session's seq moved past `row.seq` meanwhile.
  bool rebuild(Live &live, const store::SessionRow &row);

  store::Store &store_;
  std::vector<Flow> flows_;
  Agents agents_;
  ServiceOptions options_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Program>> versions_; // by hash
  std::map<std::string, std::shared_ptr<Live>> live_;               // by session id
};

} // namespace callflow::server
