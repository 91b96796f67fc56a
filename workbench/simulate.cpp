// The workbench's calls: a flow tried with answers (POST /api/simulate)
// and the printed scripts the page frames (GET /script/ID) (impl.h).
#include "workbench/impl.h"

#include "answers.h"
#include "callflow/program.h"
#include "callflow/runtime.h"
#include "callflow/web/desktop.h"
#include "codegen/codegen.h"
#include "host/event_json.h"
#include "host/supplies_json.h"

namespace callflow::workbench {

Response Workbench::Impl::simulate(Request &req) {
  Response bad;
  std::optional<llvm::json::Object> body = http::parseObject(req, bad);
  if (!body) return bad;
  std::vector<std::string> answers;
  if (const llvm::json::Value *v = body->get("answers")) {
    const llvm::json::Array *arr = v->getAsArray();
    if (!arr) return http::error(400, "\"answers\" must be an array of directives (strings)");
    for (const llvm::json::Value &x : *arr) {
      llvm::Optional<llvm::StringRef> s = x.getAsString();
      if (!s) return http::error(400, "\"answers\" must be an array of directives (strings)");
      answers.push_back(s->str());
    }
  }
  if (answers.size() > wb.options_.maxAnswers)
    return http::error(413, "more than " + std::to_string(wb.options_.maxAnswers) + " answers");

  std::vector<uint8_t> bytes;
  std::string startId;
  {
    std::lock_guard<std::mutex> lock(mutex);
    Doc doc;
    if (!docOf(*body, doc, bad)) return bad;
    lsp::Analysis &a = analyze(doc);
    const sema::Program *sp = a.program();
    if (!sp || a.compilation().diags().hasErrors())
      return http::error(422, "the flow has errors: fix them to try a call");
    codegen::Options co;
    co.pathBase = dir;
    if (const llvm::json::Value *s = body->get("start"); s && s->kind() != llvm::json::Value::Null) {
      llvm::Optional<llvm::StringRef> id = s->getAsString();
      if (!id) return http::error(400, "\"start\" must be a step ID (a string)");
      auto it = sp->stepByName.find(*id);
      if (it == sp->stepByName.end()) return http::error(422, "there is no step '" + id->str() + "'");
      co.startStep = it->second;
      startId = id->str();
    }
    codegen::Result r = codegen::generate(*sp, a.compilation().sourceMgr(), co);
    if (!r) return http::error(422, "the flow does not compile: " + r.error);
    bytes = std::move(r.bytes);
  }
  Loaded loaded = Program::load(std::move(bytes));
  if (!loaded) return http::error(500, "the compiled flow was rejected by the runtime");
  const Program &p = *loaded.program;

  Session s(p);
  std::vector<std::string> items;
  std::string problem;
  long refusedAt = -1;
  std::vector<JournalAnswer> sets;
  if (auto e = host::suppliesFromJson(body->get("set"), p, sets))
    return http::error(e->kind == host::SuppliesError::Malformed ? 400 : 422, e->message);
  for (const JournalAnswer &a : sets)
    if (Answer r = a.applyTo(s); !r) return http::error(422, "set " + p.slotName(a.index) + ": " + r.error);
  bool shown = false;
  auto runOn = [&] {
    while (!s.ended() && !(s.waiting() && shown) && items.size() < wb.options_.maxEvents) {
      const Event &e = s.next();
      items.push_back(host::eventJsonText(e, p));
      if (e.waiting) {
        shown = true;
        break;
      }
    }
  };
  size_t used = 0;
  for (; used < answers.size(); ++used) {
    std::string why;
    std::optional<flowrun::Directive> d = flowrun::parseOneDirective(answers[used], why);
    if (!d) {
      problem = "answer " + std::to_string(used + 1) + " is not a directive: " + why;
      refusedAt = long(used);
      break;
    }
    if (d->kind != flowrun::Directive::Kind::Set) runOn();
    if (s.ended() || items.size() >= wb.options_.maxEvents) break;
    const Event before = s.current();
    JournalAnswer a;
    if (!flowrun::toAnswer(*d, before, p, a, why)) {
      problem = "answer " + std::to_string(used + 1) + " (" + answers[used] + ") does not fit: " + why;
      refusedAt = long(used);
      break;
    }
    if (Answer r = a.applyTo(s); !r) {
      problem = "answer " + std::to_string(used + 1) + " (" + answers[used] + ") is refused: " + r.error;
      refusedAt = long(used);
      break;
    }
    std::string item;
    llvm::raw_string_ostream os(item);
    {
      OStream j(os);
      j.object([&] {
        j.attribute("event", "answer");
        j.attribute("answer", lsp::jsonString(d->source.empty() ? answers[used] : d->source));
        if (a.kind == JournalAnswer::Kind::Choose && a.index < before.options.size())
          j.attribute("label", lsp::jsonString(before.options[a.index]));
        if (a.kind == JournalAnswer::Kind::Choose && a.index < before.optionKeys.size() &&
            !before.optionKeys[a.index].empty())
          j.attribute("key", before.optionKeys[a.index]);
      });
    }
    os.flush();
    items.push_back(host::escapeControls(item));
    if (d->kind != flowrun::Directive::Kind::Set) shown = s.waiting(); // still this question: a host value
  }
  runOn();
  const Event &last = s.current();
  const char *status = !s.ended()                        ? "waiting"
                       : s.failed()                      ? "stopped"
                       : last.kind == EventKind::Transfer ? "transferred"
                                                          : "ended";
  const size_t leftOver = refusedAt >= 0 ? 0 : answers.size() - used;
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("status", status);
      if (!startId.empty()) j.attribute("start", startId);
      j.attribute("used", int64_t(used));
      if (refusedAt >= 0) {
        j.attribute("refused", int64_t(refusedAt));
        j.attribute("problem", lsp::jsonString(problem));
      } else if (leftOver) {
        j.attribute("left_over", int64_t(leftOver));
      }
      if (items.size() >= wb.options_.maxEvents) j.attribute("truncated", true);
      j.attributeBegin("events");
      j.array([&] {
        for (const std::string &t : items) j.rawValue(t);
      });
      j.attributeEnd();
      j.attributeBegin("outline");
      j.rawValue(web::flowOutlineJson(p));
      j.attributeEnd();
    });
  });
}

Response Workbench::Impl::script(Request &req) {
  const std::string id = req.param("id");
  std::lock_guard<std::mutex> lock(mutex);
  for (const auto &[k, html] : scripts)
    if (k == id) {
      Response r;
      r.contentType = "text/html; charset=utf-8";
      r.body = html;
      // Shown in the page's sandboxed frame; the script carries its own
      // CSP (no script, no network) and may be framed by the page only.
      r.headers = {{"Content-Security-Policy",
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'"},
                   {"Referrer-Policy", "no-referrer"},
                   {"X-Frame-Options", "SAMEORIGIN"}};
      return r;
    }
  return http::error(404, "no such script (scripts are kept for the last few analyses)");
}

} // namespace callflow::workbench
