// The agent desktop's API over the runtime, the session store and HTTP.
#include "service.h"

#include <chrono>
#include <ctime>

#include "answers.h"
#include "event_json.h"
#include "supplies_json.h"

namespace callflow::server {

using http::Request;
using http::Response;
using llvm::json::OStream;

struct Service::Live {
  std::mutex mutex;
  std::shared_ptr<const Program> program;
  std::unique_ptr<Session> session; // at its waiting event, or ended
  int64_t seq = -1;                 // the store's seq it reflects (-1: not built)
  std::string problem;              // the replay stopped early (why)
  // The row as this process last read or committed it at `seq` (an answer
  // with that seq needs no read of the store: the commit is conditional
  // on it anyway, and a session that moved elsewhere fails it).
  std::string agent;
  bool waiting = false; // status "waiting" (not paused, not ended)
};

namespace {

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string isoTime(int64_t ms) {
  std::time_t t = std::time_t(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, int(ms % 1000));
  return out;
}

/// Sessions kept in memory before the idle ones are dropped.
constexpr size_t kMaxLive = 20000;

bool validId(const std::string &id) {
  if (id.size() != 32) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string stepId(const Program &p, uint32_t step) { return std::string(p.string(p.steps()[step].id)); }

std::string statusOf(const Session &s) {
  if (!s.ended()) return "waiting";
  return s.current().kind == EventKind::Transfer ? "transferred" : "ended";
}

/// What a session's events and answers look like in a record.
struct Recorder {
  std::vector<std::string> items; // JSON texts
  std::vector<std::string> steps; // the steps of the events, in order
  bool keep = true;
  void event(const Event &e, const Program &p) {
    if (keep) items.push_back(host::eventJsonText(e, p));
    steps.push_back(stepId(p, e.step));
  }
  void answer(const JournalAnswer &a, const Event &before, const Program &p) {
    if (!keep) return;
    std::string text;
    llvm::raw_string_ostream os(text);
    {
      OStream j(os);
      j.object([&] {
        j.attribute("event", "answer");
        j.attribute("answer", flowrun::describeAnswer(a, p));
        if (a.kind == JournalAnswer::Kind::Choose && a.index < before.options.size())
          j.attribute("label", before.options[a.index]);
        if (a.kind == JournalAnswer::Kind::Choose && a.index < before.optionKeys.size() &&
            !before.optionKeys[a.index].empty())
          j.attribute("key", before.optionKeys[a.index]);
      });
    }
    os.flush();
    items.push_back(std::move(text));
  }
};

/// Runs `s` to its next waiting event or its end, recording the events
/// (`shown`: the waiting event was recorded already).
void runOn(Session &s, Recorder &rec, bool &shown) {
  while (!s.ended() && !(s.waiting() && shown)) {
    const Event &e = s.next();
    rec.event(e, s.program());
    if (e.waiting) {
      shown = true;
      break;
    }
  }
}

/// Replays stored answers (journal payloads) into a new session, as
/// flowrun --resume replays a journal. `problem` says why it stopped early.
std::unique_ptr<Session> replay(const Program &p, const std::vector<std::vector<uint8_t>> &answers, Recorder &rec,
                                std::string &problem, size_t limit = size_t(-1)) {
  auto s = std::make_unique<Session>(p);
  bool shown = false;
  s->setReplaying(true); // a record made before is not asked for again
  for (size_t i = 0; i < answers.size() && i < limit; ++i) {
    JournalAnswer a;
    if (!JournalAnswer::decode(answers[i], a)) {
      problem = "stored answer " + std::to_string(i) + " is not an answer";
      break;
    }
    if (a.kind == JournalAnswer::Kind::Clock) {
      // The today and now the session was created with (its first record).
      SessionOptions clock;
      if (i != 0 || !a.clockOptions(clock)) {
        problem = "stored answer " + std::to_string(i) + " is a clock record out of place";
        break;
      }
      s = std::make_unique<Session>(p, clock);
      s->setReplaying(true);
      continue;
    }
    const bool isSet = a.kind == JournalAnswer::Kind::Supply || a.kind == JournalAnswer::Kind::WithheldSupply;
    if (!isSet) runOn(*s, rec, shown);
    if (!isSet && s->ended()) {
      problem = "stored answer " + std::to_string(i) + " comes after the end of the call";
      break;
    }
    const Event before = s->current();
    if (Answer r = a.applyTo(*s); !r) {
      problem = "stored answer " + std::to_string(i) + " does not replay: " + r.error;
      break;
    }
    rec.answer(a, before, p);
    shown = s->waiting(); // still the same question (a value the host gave)
  }
  s->setReplaying(false);
  runOn(*s, rec, shown);
  return s;
}

void writeRaw(OStream &j, const std::vector<std::string> &items) {
  j.array([&] {
    for (const std::string &t : items) j.rawValue(t);
  });
}

void writeRow(OStream &j, const store::SessionRow &r) {
  j.attribute("id", r.id);
  j.attribute("flow", r.flow);
  j.attribute("version", r.version);
  j.attribute("agent", r.agent);
  j.attribute("status", r.status);
  j.attribute("seq", r.seq);
  j.attribute("step", r.step);
  if (r.status == "paused") j.attribute("pause_reason", r.pauseReason);
  j.attribute("created", isoTime(r.created));
  j.attribute("updated", isoTime(r.updated));
}

/// The label an answer to `e` gets in the audit log.
std::string labelOf(const JournalAnswer &a, const Event &e, const Program &p) {
  if (a.kind == JournalAnswer::Kind::Choose && a.index < e.options.size()) return e.options[a.index];
  if (a.kind == JournalAnswer::Kind::Supply || a.kind == JournalAnswer::Kind::WithheldSupply)
    return a.index < p.slots().size() ? p.slotName(a.index) : "";
  switch (e.kind) {
  case EventKind::Input: return std::string(p.string(p.slots()[e.slot].label));
  case EventKind::Do: return e.text;
  case EventKind::Create: return std::string(p.string(p.forms()[e.form].name));
  case EventKind::TakePayment: return "payment " + formatMoney(e.amount, p.currency());
  default: return "";
  }
}

Response conflict(const std::string &why, int64_t seq, const std::string &status) {
  return http::json(409, [&](OStream &j) {
    j.object([&] {
      j.attribute("error", why);
      j.attribute("seq", seq);
      j.attribute("status", status);
    });
  });
}

} // namespace

Service::Service(store::Store &store, std::vector<Flow> flows, Agents agents, ServiceOptions options)
    : store_(store), flows_(std::move(flows)), agents_(std::move(agents)), options_(options) {
  for (const Flow &f : flows_) {
    store_.putVersion(f.version, f.name, std::vector<uint8_t>(f.program->bytes().begin(), f.program->bytes().end()));
    versions_[f.version] = f.program;
  }
}
Service::~Service() = default;

std::string Service::loadFlow(std::vector<uint8_t> bytes, Flow &out) {
  out.version = sha256Hex(std::string(bytes.begin(), bytes.end()));
  Loaded l = Program::load(std::move(bytes));
  if (!l) return "the bytecode was rejected: " + l.error.str();
  out.program = l.program;
  out.name = std::string(l.program->name());
  out.title = std::string(l.program->title());
  return "";
}

void Service::install(http::Server &server) {
  server.setAuthenticator([this](Request &req) -> std::optional<Response> {
    if (req.bearer.empty()) {
      Response r = http::error(401, req.hasAuthorization ? "the Authorization header is not 'Bearer TOKEN'"
                                                         : "no token: send 'Authorization: Bearer TOKEN'");
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return r;
    }
    std::optional<Agent> a = agents_.find(req.bearer);
    if (!a) {
      Response r = http::error(401, "unknown token");
      r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      return r;
    }
    req.principal = a->name;
    req.role = a->supervisor ? "supervisor" : "agent";
    return std::nullopt;
  });
  server.route("GET", "/api/flows", [this](Request &r) { return flows(r); });
  server.route("GET", "/api/flows/{name}/funnel", [this](Request &r) { return funnel(r); });
  server.route("POST", "/api/sessions", [this](Request &r) { return create(r); });
  server.route("GET", "/api/sessions", [this](Request &r) { return list(r); });
  server.route("GET", "/api/sessions/{id}", [this](Request &r) { return show(r); });
  server.route("POST", "/api/sessions/{id}/answers", [this](Request &r) { return answer(r); });
  server.route("POST", "/api/sessions/{id}/back", [this](Request &r) { return back(r); });
  server.route("POST", "/api/sessions/{id}/pause", [this](Request &r) { return pause(r, true); });
  server.route("POST", "/api/sessions/{id}/resume", [this](Request &r) { return pause(r, false); });
  server.route("GET", "/api/sessions/{id}/log", [this](Request &r) { return log(r); });
}

std::shared_ptr<const Program> Service::program(const std::string &version) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = versions_.find(version); it != versions_.end()) return it->second;
  }
  std::vector<uint8_t> bytes;
  if (!store_.getVersion(version, bytes)) return nullptr;
  Loaded l = Program::load(std::move(bytes));
  if (!l) return nullptr;
  std::lock_guard<std::mutex> lock(mutex_);
  return versions_.emplace(version, l.program).first->second;
}

bool Service::rebuild(Live &live, const store::SessionRow &row) {
  live.program = program(row.version);
  if (!live.program) throw store::StoreError("the flow version " + row.version + " is not in the store");
  Recorder rec;
  rec.keep = false;
  live.problem.clear();
  live.session = replay(*live.program, store_.answers(row.id), rec, live.problem);
  // Another server may have committed an answer between reading `row` and
  // reading the answers: the replay would then be at a later question than
  // `row.seq` says, and an answer meant for the earlier one would be refused
  // (422) or tried on the wrong question. The seq read again after the
  // answers tells; a session that moved is rebuilt on the next request.
  store::SessionRow now;
  if (!store_.get(row.id, now) || now.seq != row.seq) {
    live.seq = -1;
    return false;
  }
  live.seq = row.seq;
  live.agent = row.agent;
  live.waiting = row.status == "waiting";
  return true;
}

void Service::trimLive() {
  if (live_.size() < kMaxLive) return;
  // Forget the sessions no request holds (rebuilt from the store when needed).
  for (auto it = live_.begin(); it != live_.end();)
    it = it->second.use_count() == 1 ? live_.erase(it) : std::next(it);
}

std::shared_ptr<Service::Live> Service::cached(const std::string &id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = live_.find(id);
  return it == live_.end() ? nullptr : it->second;
}

std::shared_ptr<Service::Live> Service::open(Request &req, store::SessionRow &row, Response &refused, bool live) {
  const std::string id = req.param("id");
  if (!validId(id) || !store_.get(id, row) || (req.role != "supervisor" && row.agent != req.principal)) {
    // Another agent's session is not found either: its existence is not told.
    refused = http::error(404, "no such session");
    return nullptr;
  }
  if (!live) return std::make_shared<Live>(); // only the row is needed
  std::lock_guard<std::mutex> lock(mutex_);
  trimLive();
  std::shared_ptr<Live> &slot = live_[id];
  if (!slot) slot = std::make_shared<Live>();
  return slot;
}

Response Service::flows(Request &) {
  return http::json(200, [&](OStream &j) {
    j.array([&] {
      for (const Flow &f : flows_)
        j.object([&] {
          j.attribute("name", f.name);
          j.attribute("title", f.title);
          j.attribute("version", f.version);
        });
    });
  });
}

Response Service::create(Request &req) {
  Response bad;
  std::optional<llvm::json::Object> body = http::parseObject(req, bad);
  if (!body) return bad;
  llvm::Optional<llvm::StringRef> name = body->getString("flow");
  if (!name) return http::error(400, "\"flow\" (the flow's name, a string) is missing");
  const Flow *flow = nullptr;
  for (const Flow &f : flows_)
    if (f.name == *name) flow = &f;
  if (!flow) return http::error(404, "no flow named '" + name->str() + "' is served");
  const Program &p = *flow->program;
  std::vector<JournalAnswer> sets;
  if (auto e = host::suppliesFromJson(body->get("set"), p, sets))
    return http::error(e->kind == host::SuppliesError::Malformed ? 400 : 422, e->message);
  // today and now: the body's ("today": "YYYY-MM-DD", "now": "HH:MM"), else
  // the server's clock, read once; stored as the session's first record
  // (a flow that reads them), so a rebuilt or replayed session sees them.
  SessionOptions clock;
  {
    const std::time_t t = std::time(nullptr);
    std::tm local{};
    localtime_r(&t, &local);
    clock.today = daysFromCivil(local.tm_year + 1900, unsigned(local.tm_mon + 1), unsigned(local.tm_mday));
    clock.now = int64_t(local.tm_hour) * 60 + local.tm_min;
  }
  if (llvm::Optional<llvm::StringRef> v = body->getString("today")) {
    clock.today = parseIsoDate(*v);
    if (!clock.today) return http::error(400, "\"today\" must be a date YYYY-MM-DD");
  }
  if (llvm::Optional<llvm::StringRef> v = body->getString("now")) {
    clock.now = parseTime(*v);
    if (!clock.now) return http::error(400, "\"now\" must be a time HH:MM (00:00 to 23:59)");
  }
  auto session = std::make_unique<Session>(p, clock);
  std::vector<std::vector<uint8_t>> stored;
  if (p.readsClock()) stored.push_back(JournalAnswer::clock(clock).encode());
  for (const JournalAnswer &a : sets) {
    if (!a.fitsJournal()) return http::error(422, "set " + p.slotName(a.index) + ": the value is too long");
    if (Answer r = a.applyTo(*session); !r) return http::error(422, "set " + p.slotName(a.index) + ": " + r.error);
    stored.push_back(a.journaled(Event{}, p).encode());
  }
  Recorder rec;
  bool shown = false;
  runOn(*session, rec, shown);
  store::SessionRow row;
  row.id = randomHex(16);
  row.flow = flow->name;
  row.version = flow->version;
  row.agent = req.principal;
  row.status = statusOf(*session);
  row.sets = row.answers = int64_t(stored.size());
  row.step = stepId(p, session->current().step);
  row.created = row.updated = nowMs();
  store::LogEntry entry;
  entry.at = row.created;
  entry.agent = req.principal;
  entry.kind = "start";
  entry.detail = flow->name + " " + flow->version;
  store_.create(row, stored, entry, rec.steps);
  auto live = std::make_shared<Live>();
  live->program = flow->program;
  live->session = std::move(session);
  live->seq = 0;
  live->agent = row.agent;
  live->waiting = row.status == "waiting";
  if (row.status == "waiting") {
    std::lock_guard<std::mutex> lock(mutex_);
    trimLive();
    live_[row.id] = live;
  }
  return http::json(201, [&](OStream &j) {
    j.object([&] {
      j.attribute("id", row.id);
      j.attribute("flow", row.flow);
      j.attribute("version", row.version);
      j.attribute("seq", int64_t(0));
      j.attribute("status", row.status);
      j.attributeBegin("events");
      writeRaw(j, rec.items);
      j.attributeEnd();
    });
  });
}

Response Service::answer(Request &req) {
  Response bad;
  std::optional<llvm::json::Object> body = http::parseObject(req, bad);
  if (!body) return bad;
  llvm::Optional<int64_t> seq = body->getInteger("seq");
  if (!seq) return http::error(400, "\"seq\" (the session's seq, an integer) is missing");
  llvm::Optional<llvm::StringRef> text = body->getString("answer");
  if (!text) return http::error(400, "\"answer\" (a directive, such as 'choose \"Yes\"') is missing");
  std::string why;
  std::optional<flowrun::Directive> d = flowrun::parseOneDirective(*text, why);
  if (!d) return http::error(400, "the answer is not a directive: " + why);

  store::SessionRow row;
  // The fast way: the session is in memory at the seq the answer names and
  // waits; nothing is read from the store (the append is conditional on
  // the seq and status, so a session that moved on elsewhere refuses it).
  // `live` is declared before `lock`, so it outlives it: when the call
  // ends the session leaves live_, and the last reference may be this one.
  std::shared_ptr<Live> live = validId(req.param("id")) ? cached(req.param("id")) : nullptr;
  std::unique_lock<std::mutex> lock;
  bool fromMemory = false;
  if (live) {
    lock = std::unique_lock<std::mutex>(live->mutex);
    if (live->seq >= 0 && live->seq == *seq && live->waiting && live->session) {
      if (req.role != "supervisor" && live->agent != req.principal) return http::error(404, "no such session");
      row.id = req.param("id");
      row.seq = live->seq;
      row.status = "waiting";
      fromMemory = true;
    } else {
      lock.unlock();
    }
  }
  if (!fromMemory) {
    live = open(req, row, bad, true);
    if (!live) return bad;
    lock = std::unique_lock<std::mutex>(live->mutex);
    if (!store_.get(row.id, row)) return http::error(404, "no such session"); // as it is now, under the lock
    if (row.status == "paused") return conflict("the session is paused (resume it first)", row.seq, row.status);
    if (row.status != "waiting") return conflict("the call has ended", row.seq, row.status);
    if (*seq != row.seq) return conflict("seq " + std::to_string(*seq) + " is not the session's (" +
                                             std::to_string(row.seq) + "): it was answered elsewhere",
                                         row.seq, row.status);
    if (live->seq != row.seq && !rebuild(*live, row)) {
      store::SessionRow now;
      store_.get(row.id, now);
      return conflict("the session changed meanwhile (answered elsewhere)", now.seq, now.status);
    }
    live->waiting = true;
  }
  // A refusal from memory is checked against the store first: the session
  // may have moved on elsewhere (then it is 409, as a read would have said).
  auto refuse = [&](const std::string &why) -> Response {
    if (fromMemory) {
      store::SessionRow now;
      if (!store_.get(row.id, now)) return http::error(404, "no such session");
      if (now.seq != row.seq || now.status != "waiting") {
        live->seq = -1;
        return conflict(now.status == "paused" ? "the session is paused (resume it first)"
                                               : "the session changed meanwhile (answered elsewhere)",
                        now.seq, now.status);
      }
    }
    return http::error(422, why);
  };
  const Program &p = *live->program;
  if (!live->session->waiting())
    return http::error(500, "the session does not wait for an answer" +
                                (live->problem.empty() ? std::string() : ": " + live->problem));
  Session next = *live->session; // a refused answer leaves the session as it was
  const Event before = next.current();
  JournalAnswer a;
  if (!flowrun::toAnswer(*d, before, p, a, why)) return refuse(why);
  if (!a.fitsJournal()) return refuse("the answer is too long");
  if (Answer r = a.applyTo(next); !r) return refuse(r.error);
  const JournalAnswer kept = a.journaled(before, p);
  Recorder rec;
  bool shown = false;
  if (next.waiting()) rec.event(next.current(), p); // still this question (a value the host gave)
  else runOn(next, rec, shown);
  const bool sensitive = kept.kind == JournalAnswer::Kind::Withheld || kept.kind == JournalAnswer::Kind::WithheldSupply;
  store::NewState st;
  st.status = statusOf(next);
  st.step = stepId(p, next.current().step);
  st.reached = rec.steps;
  st.at = nowMs();
  store::LogEntry entry;
  entry.at = st.at;
  entry.agent = req.principal;
  entry.kind = "answer";
  entry.directive = sensitive ? flowrun::describeAnswer(kept, p) : d->source;
  entry.label = labelOf(a, before, p);
  entry.detail = stepId(p, before.step);
  if (!store_.appendAnswer(row.id, row.seq, kept.encode(), st, entry)) {
    live->seq = -1; // rebuilt from the store on the next request
    store::SessionRow now;
    if (!store_.get(row.id, now)) return http::error(404, "no such session");
    return conflict(now.status == "paused" ? "the session is paused (resume it first)"
                                           : "the session changed meanwhile (answered elsewhere)",
                    now.seq, now.status);
  }
  *live->session = std::move(next);
  live->seq = row.seq + 1;
  live->waiting = st.status == "waiting";
  if (st.status != "waiting") {
    std::lock_guard<std::mutex> l(mutex_);
    live_.erase(row.id);
  }
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("seq", row.seq + 1);
      j.attribute("status", st.status);
      j.attributeBegin("events");
      writeRaw(j, rec.items);
      j.attributeEnd();
    });
  });
}

Response Service::show(Request &req) {
  store::SessionRow row;
  Response bad;
  if (!open(req, row, bad)) return bad;
  std::shared_ptr<const Program> p = program(row.version);
  if (!p) return http::error(500, "the flow version " + row.version + " is not in the store");
  Recorder rec;
  std::string problem;
  std::unique_ptr<Session> s = replay(*p, store_.answers(row.id), rec, problem);
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      writeRow(j, row);
      if (s->waiting()) {
        j.attributeBegin("waiting");
        j.rawValue(host::eventJsonText(s->current(), *p));
        j.attributeEnd();
      } else {
        j.attribute("waiting", nullptr);
      }
      j.attributeBegin("record");
      writeRaw(j, rec.items);
      j.attributeEnd();
      if (!problem.empty()) j.attribute("problem", problem);
    });
  });
}

Response Service::back(Request &req) {
  Response bad;
  llvm::Optional<int64_t> seq;
  if (!req.body.empty()) {
    std::optional<llvm::json::Object> body = http::parseObject(req, bad);
    if (!body) return bad;
    seq = body->getInteger("seq");
  }
  store::SessionRow row;
  std::shared_ptr<Live> live = open(req, row, bad, true);
  if (!live) return bad;
  std::lock_guard<std::mutex> lock(live->mutex);
  if (!store_.get(row.id, row)) return http::error(404, "no such session"); // as it is now, under the lock
  if (row.status == "paused") return conflict("the session is paused (resume it first)", row.seq, row.status);
  if (seq && *seq != row.seq)
    return conflict("seq " + std::to_string(*seq) + " is not the session's (" + std::to_string(row.seq) + ")", row.seq,
                    row.status);
  if (row.answers <= row.sets) return http::error(422, "there is no answer to undo");
  std::shared_ptr<const Program> p = program(row.version);
  if (!p) return http::error(500, "the flow version " + row.version + " is not in the store");
  std::vector<std::vector<uint8_t>> answers = store_.answers(row.id);
  if (answers.empty()) return http::error(422, "there is no answer to undo");
  std::string undone;
  { // what is undone, for the log
    Recorder all;
    all.keep = true;
    std::string problem;
    replay(*p, answers, all, problem);
    JournalAnswer last;
    if (JournalAnswer::decode(answers.back(), last)) undone = flowrun::describeAnswer(last, *p);
  }
  Recorder rec;
  rec.keep = false;
  std::string problem;
  std::unique_ptr<Session> s = replay(*p, answers, rec, problem, answers.size() - 1);
  store::NewState st;
  st.status = statusOf(*s);
  st.step = stepId(*p, s->current().step);
  st.at = nowMs();
  store::LogEntry entry;
  entry.at = st.at;
  entry.agent = req.principal;
  entry.kind = "back";
  entry.directive = undone;
  entry.detail = "back to " + st.step;
  if (!store_.popAnswer(row.id, row.seq, st, entry)) {
    live->seq = -1;
    store::SessionRow now;
    store_.get(row.id, now);
    return conflict("the session changed meanwhile", now.seq, now.status);
  }
  live->program = p;
  live->session = std::move(s);
  live->seq = row.seq + 1;
  live->problem = problem;
  live->agent = row.agent;
  live->waiting = st.status == "waiting";
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("seq", row.seq + 1);
      j.attribute("status", st.status);
      j.attributeArray("events", [&] {
        if (live->session->waiting()) j.rawValue(host::eventJsonText(live->session->current(), *p));
      });
    });
  });
}

Response Service::pause(Request &req, bool pausing) {
  Response bad;
  std::string reason;
  if (pausing && !req.body.empty()) {
    std::optional<llvm::json::Object> body = http::parseObject(req, bad);
    if (!body) return bad;
    if (const llvm::json::Value *v = body->get("reason")) {
      llvm::Optional<llvm::StringRef> s = v->getAsString();
      if (!s) return http::error(400, "\"reason\" must be a string");
      if (s->size() > 1000) return http::error(400, "\"reason\" is longer than 1000 bytes");
      reason = s->str();
    }
  }
  store::SessionRow row;
  std::shared_ptr<Live> live = open(req, row, bad, true);
  if (!live) return bad;
  std::lock_guard<std::mutex> lock(live->mutex);
  if (!store_.get(row.id, row)) return http::error(404, "no such session"); // as it is now, under the lock
  const std::string from = pausing ? "waiting" : "paused", to = pausing ? "paused" : "waiting";
  store::LogEntry entry;
  entry.at = nowMs();
  entry.agent = req.principal;
  entry.kind = pausing ? "pause" : "resume";
  entry.detail = reason;
  live->waiting = false; // until the change below is committed and the state known again
  if (row.status != from || !store_.setStatus(row.id, from, to, reason, entry)) {
    live->seq = -1;
    store::SessionRow now;
    store_.get(row.id, now);
    return conflict(pausing ? "only a waiting session can be paused" : "the session is not paused", now.seq,
                    now.status);
  }
  // The pause or resume is committed: show the session as it is now, even
  // when another server answered right after a resume.
  for (int tries = 0; live->seq != row.seq && tries < 8; ++tries)
    if (!rebuild(*live, row))
      store_.get(row.id, row);
  if (live->seq != row.seq)
    return conflict("the session keeps changing (answered elsewhere)", row.seq, row.status);
  live->waiting = !pausing && live->session->waiting();
  const Program &p = *live->program;
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("seq", row.seq);
      j.attribute("status", to);
      j.attributeArray("events", [&] {
        if (!pausing && live->session->waiting()) j.rawValue(host::eventJsonText(live->session->current(), p));
      });
    });
  });
}

Response Service::log(Request &req) {
  store::SessionRow row;
  Response bad;
  if (!open(req, row, bad)) return bad;
  std::vector<store::LogEntry> entries = store_.log(row.id);
  return http::json(200, [&](OStream &j) {
    j.array([&] {
      for (const store::LogEntry &e : entries)
        j.object([&] {
          j.attribute("n", e.n);
          j.attribute("seq", e.seq);
          j.attribute("at", isoTime(e.at));
          j.attribute("agent", e.agent);
          j.attribute("kind", e.kind);
          if (!e.directive.empty()) j.attribute("directive", e.directive);
          if (!e.label.empty()) j.attribute("label", e.label);
          if (!e.detail.empty()) j.attribute(e.kind == "pause" ? "reason" : "detail", e.detail);
        });
    });
  });
}

Response Service::list(Request &req) {
  std::string status, agent = req.principal;
  if (auto it = req.query.find("status"); it != req.query.end()) {
    status = it->second;
    if (status != "waiting" && status != "paused" && status != "ended" && status != "transferred")
      return http::error(400, "status is waiting, paused, ended or transferred, not '" + status + "'");
  }
  if (req.role == "supervisor") {
    agent.clear();
    if (auto it = req.query.find("agent"); it != req.query.end()) agent = it->second;
  }
  std::vector<store::SessionRow> rows = store_.list(agent, status, 1000);
  return http::json(200, [&](OStream &j) {
    j.array([&] {
      for (const store::SessionRow &r : rows) j.object([&] { writeRow(j, r); });
    });
  });
}

Response Service::funnel(Request &req) {
  const std::string name = req.param("name");
  bool served = false;
  for (const Flow &f : flows_) served |= f.name == name;
  if (!served) return http::error(404, "no flow named '" + name + "' is served");
  std::vector<store::FunnelRow> rows = store_.funnel(name, nowMs() - options_.abandonAfterMs);
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("flow", name);
      j.attributeArray("steps", [&] {
        for (const store::FunnelRow &r : rows)
          j.object([&] {
            j.attribute("step", r.step);
            j.attribute("reached", r.reached);
            j.attribute("ended", r.ended);
            j.attribute("transferred", r.transferred);
            j.attribute("abandoned", r.abandoned);
            j.attribute("live", r.live);
          });
      });
    });
  });
}

} // namespace callflow::server
