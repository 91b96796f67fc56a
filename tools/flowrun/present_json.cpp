// --json: one JSON object per line for every event, answer, refusal and the
// end of the run (the schema is in docs/flowrun.md). Each line is flushed
// as soon as it is written, so a host on a pipe sees it at once.
#include "call.h"
#include "event_json.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace flowrun {

using callflow::Event;
using callflow::EventKind;
using callflow::Program;

namespace {

class JsonPresenter : public Presenter {
public:
  void event(const Event &e, const Program &p) override {
    line([&](llvm::json::OStream &j) {
      callflow::host::writeEventAttributes(j, e, p);
    });
  }

  void answered(const callflow::JournalAnswer &a, const Event &e, const Program &p) override {
    line([&](llvm::json::OStream &j) {
      j.attribute("event", "answer");
      j.attribute("answer", describeAnswer(a, p));
      if (a.kind == callflow::JournalAnswer::Kind::Choose && a.index < e.options.size())
        j.attribute("label", e.options[a.index]);
      if (a.kind == callflow::JournalAnswer::Kind::Choose && a.index < e.optionKeys.size() &&
          !e.optionKeys[a.index].empty())
        j.attribute("key", e.optionKeys[a.index]);
    });
  }
  void refused(const std::string &answer, const std::string &why) override {
    line([&](llvm::json::OStream &j) {
      j.attribute("event", "refused");
      j.attribute("answer", answer);
      j.attribute("error", why);
    });
  }
  void resumed(size_t replayed, const std::string &dropped) override {
    line([&](llvm::json::OStream &j) {
      j.attribute("event", "resumed");
      j.attribute("replayed", int64_t(replayed));
      if (!dropped.empty()) j.attribute("dropped", dropped);
    });
  }
  void warning(const std::string &message) override {
    line([&](llvm::json::OStream &j) {
      j.attribute("event", "warning");
      j.attribute("message", message);
    });
  }
  void finished(int code, const std::string &how, size_t stateBytes) override {
    line([&](llvm::json::OStream &j) {
      j.attribute("event", "exit");
      j.attribute("code", int64_t(code));
      j.attribute("how", how);
      j.attribute("state_bytes", int64_t(stateBytes));
    });
  }

private:
  template <class F> void line(F &&fill) {
    std::string text;
    {
      llvm::raw_string_ostream os(text);
      llvm::json::OStream j(os);
      j.object([&] { fill(j); });
    }
    // JSON escapes U+0000-U+001F; DEL and the C1 controls (U+009B is a
    // CSI to some terminals) may stand raw in JSON, but never reach a
    // terminal raw from flowrun: escaped too (they occur only in strings).
    const std::string out = callflow::host::escapeControls(text);
    llvm::outs() << out << "\n";
    llvm::outs().flush();
  }
};

} // namespace

std::unique_ptr<Presenter> makeJsonPresenter() { return std::make_unique<JsonPresenter>(); }

} // namespace flowrun
