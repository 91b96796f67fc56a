// The call loop: replay a journal (resume), then show events and take
// answers until the call ends; every accepted answer is appended to the
// journal and synced before the next event is shown.
#include "call.h"
#include "event_json.h"

#include <csignal>
#include <cstdio>
#include <iostream>

#include "llvm/Support/raw_ostream.h"

namespace flowrun {

using callflow::Event;
using callflow::EventKind;
using callflow::JournalAnswer;
using callflow::Program;
using callflow::Session;

std::string typeName(const Program &p, callflow::bc::Type t) { return callflow::host::typeName(p, t); }

namespace {

class DirectiveSource : public AnswerSource {
public:
  DirectiveSource(std::vector<std::string> lines, bool fromFile) : lines_(std::move(lines)), fromFile_(fromFile) {}
  Got get(const Event &e, const Program &p, JournalAnswer &out, Presenter &presenter) override {
    Directive d;
    while (read(d, presenter)) {
      std::string why;
      if (toAnswer(d, e, p, out, why)) return Got::Answer;
      const bool hidden = (e.kind == EventKind::Input || e.kind == EventKind::Do) && e.slot != callflow::kNone &&
                          p.slots()[e.slot].isSensitive();
      presenter.refused(hidden ? std::string(callflow::bc::kSensitiveMask) : d.source, why);
    }
    return Got::End;
  }
  bool eager(const Program &p, JournalAnswer &out, Presenter &presenter) override {
    for (;;) {
      while (next_ < lines_.size()) { // skip blank and comment lines
        std::string error;
        if (parseDirective(lines_[next_], error) || !error.empty()) break;
        ++next_;
      }
      if (next_ >= lines_.size()) return false;
      std::string error;
      std::optional<Directive> d = parseDirective(lines_[next_], error);
      if (!d || d->kind != Directive::Kind::Set) return false;
      ++next_;
      d->line = fromFile_ ? unsigned(next_) : 0;
      std::string why;
      if (toAnswer(*d, Event{}, p, out, why)) return true;
      presenter.refused(d->source, why);
    }
  }
  void skipThrough(unsigned line) override {
    if (fromFile_ && line > next_) next_ = std::min<size_t>(line, lines_.size());
  }
  std::vector<std::string> leftOver() override {
    std::vector<std::string> out;
    if (!fromFile_) return out;
    for (size_t i = next_; i < lines_.size(); ++i) {
      std::string error;
      if (parseDirective(lines_[i], error) || !error.empty())
        out.push_back("line " + std::to_string(i + 1) + ": " + lines_[i]);
    }
    return out;
  }

protected:
  virtual bool more() { return next_ < lines_.size(); }
  bool read(Directive &d, Presenter &presenter) {
    while (next_ < lines_.size() || more()) {
      if (next_ >= lines_.size()) continue;
      const std::string &line = lines_[next_++];
      std::string error;
      std::optional<Directive> got = parseDirective(line, error);
      if (!got) {
        if (!error.empty()) presenter.refused(line, (fromFile_ ? "line " + std::to_string(next_) + ": " : "") + error);
        continue;
      }
      d = std::move(*got);
      d.line = fromFile_ ? unsigned(next_) : 0;
      return true;
    }
    return false;
  }
  std::vector<std::string> lines_;
  size_t next_ = 0;
  bool fromFile_;
};

/// Directives read from stdin one line at a time (a host on a pipe).
class StdinSource : public DirectiveSource {
public:
  StdinSource() : DirectiveSource({}, false) {}
  bool eager(const Program &, JournalAnswer &, Presenter &) override { return false; }

protected:
  bool more() override {
    std::string line;
    if (!std::getline(std::cin, line)) return false;
    lines_.push_back(std::move(line));
    return true;
  }
};

[[noreturn]] void dieForTest() {
  std::fflush(nullptr);
  llvm::outs().flush();
  std::raise(SIGKILL);
  std::abort();
}

} // namespace

std::unique_ptr<AnswerSource> makeDirectiveSource(std::vector<std::string> lines, bool fromFile) {
  return std::make_unique<DirectiveSource>(std::move(lines), fromFile);
}
std::unique_ptr<AnswerSource> makeStdinDirectiveSource() { return std::make_unique<StdinSource>(); }

namespace {
/// Gives `a` to the session, unless it is longer than a journal record can
/// hold: that answer is refused (and asked again) before the session sees
/// it, so an accepted answer never fails to reach the journal.
callflow::Answer give(const JournalAnswer &a, Session &call) {
  if (!a.fitsJournal())
    return callflow::Answer{"the answer is too long (" + std::to_string(a.encodedSize()) +
                            " bytes; a journal record holds at most " +
                            std::to_string(callflow::kJournalMaxPayload) + ")"};
  return a.applyTo(call);
}
} // namespace

int runCall(const Program &program, std::span<const uint8_t> bytecode, AnswerSource &source, Presenter &presenter,
            const CallOptions &o) {
  Session call(program, o.session);
  callflow::JournalWriter journal;
  long written = 0; // records this process wrote (for the kill test)
  // What is written is JournalAnswer::journaled(): an answer that sets a
  // sensitive value is kept as a Withheld record, without the value.
  auto record = [&](const JournalAnswer &a) -> bool {
    if (!journal.isOpen()) return true;
    if (written == o.killAfter) {
      if (o.tornBytes > 0) (void)journal.appendTorn(a.encode(), size_t(o.tornBytes));
      dieForTest();
    }
    if (std::string e = journal.append(a); !e.empty()) {
      presenter.warning(e);
      return false;
    }
    ++written;
    return true;
  };
  auto finish = [&](int code, const std::string &how) {
    presenter.finished(code, how, call.stateBytes());
    return code;
  };
  // The --set values as answers (supply).
  std::vector<JournalAnswer> sets;
  for (const auto &[name, value] : o.sets) {
    JournalAnswer a;
    a.kind = JournalAnswer::Kind::Supply;
    a.index = program.findSlot(name);
    a.text = value;
    if (a.index == callflow::kNone) {
      presenter.warning("--set: there is no variable or field '" + name + "'");
      return finish(kExitUsage, "usage");
    }
    sets.push_back(std::move(a));
  }

  // ---- the journal: replay (resume) or create ----------------------------
  const callflow::JournalProgramId id = callflow::JournalProgramId::of(bytecode);
  if (o.resume) {
    callflow::JournalContents j;
    if (std::string e = journal.open(o.journal, j); !e.empty()) {
      presenter.warning(e);
      using F = callflow::JournalWriter::Failure;
      return finish(kExitUsage, journal.failure() == F::Locked ? "journal_locked" : "journal_unreadable");
    }
    if (!j.headerOk) {
      presenter.warning(j.error);
      return finish(kExitUsage, "journal_unreadable");
    }
    if (!(j.program == id)) {
      presenter.warning("the journal '" + o.journal + "' was written for another program");
      return finish(kExitUsage, "journal_mismatch");
    }
    std::string dropped = j.tailProblem;
    uint64_t keepBytes = callflow::kJournalHeaderSize; // plus each record replayed
    size_t replayed = 0;
    // The host's values at the head of the journal (the --set values of the
    // run that wrote it), and whether the call went on past them.
    std::vector<JournalAnswer> journaledSets;
    bool callStarted = false;
    // A sensitive value the journal withheld is asked for again where the
    // call reads it: when the session asks for it in the middle of the
    // replay (the record that follows is not the answer to that question),
    // the source gives it now. It is not journaled again: the journal
    // already says where it was given.
    std::string quit;
    auto askWithheld = [&](const JournalAnswer &next) {
      for (;;) {
        const Event &e = call.current();
        if (!call.waiting() || e.kind != EventKind::Input || !call.withheld(e.slot) || call.value(e.slot).isSet())
          return true;
        if (next.kind == JournalAnswer::Kind::Withheld && next.index == e.slot) return true; // replayed as before
        presenter.event(e, program);
        JournalAnswer given;
        if (source.get(e, program, given, presenter) == AnswerSource::Got::End) return false;
        const Event before = e;
        if (callflow::Answer ans = give(given, call); !ans) {
          presenter.refused(describeAnswer(given.journaled(before, program), program), ans.error);
          if (call.failed()) return false;
          continue;
        }
        presenter.answered(given.journaled(before, program), before, program);
        while (!call.ended() && !call.next().waiting) {}
      }
    };
    // The clock the call started with (its first record, for a flow that
    // reads today or now): the replay sees the same date and time.
    bool first = true;
    size_t clockRecords = 0; // not an answer: not counted as replayed
    call.setReplaying(true); // a record made before is not asked for again
    for (const callflow::JournalRecord &r : j.records) {
      JournalAnswer a;
      std::string why;
      if (!JournalAnswer::decode(r.payload, a)) why = "the payload is not an answer";
      if (why.empty() && a.kind == JournalAnswer::Kind::Clock) {
        callflow::SessionOptions so = o.session;
        if (!first || !a.clockOptions(so)) {
          why = "a clock record that is not the journal's first, well-formed";
        } else {
          call = Session(program, so);
          call.setReplaying(true);
          keepBytes += r.payload.size() + callflow::kJournalRecordOverhead;
          clockRecords = 1;
          first = false;
          continue;
        }
      }
      first = false;
      if (why.empty() && a.kind != JournalAnswer::Kind::Supply && a.kind != JournalAnswer::Kind::WithheldSupply) {
        while (!call.ended() && !call.next().waiting) {}
        if (!askWithheld(a)) {
          quit = call.failed() ? "stopped" : "out_of_answers";
          break;
        }
        if (call.ended()) why = "the call had already ended";
      }
      if (why.empty())
        if (callflow::Answer ans = a.applyTo(call); !ans) why = "refused: " + ans.error;
      if (!why.empty()) {
        dropped = "record " + std::to_string(r.sequence) + " does not replay (" + why + "); it and the rest are dropped";
        break;
      }
      keepBytes += r.payload.size() + callflow::kJournalRecordOverhead;
      source.skipThrough(a.origin);
      ++replayed;
      const bool isSet = a.kind == JournalAnswer::Kind::Supply || a.kind == JournalAnswer::Kind::WithheldSupply;
      if (!callStarted && isSet && a.origin == 0) journaledSets.push_back(a);
      else callStarted = true;
    }
    call.setReplaying(false);
    if (!quit.empty()) { // the agent quit (or the answers ran out) while asked for a withheld value
      presenter.resumed(replayed, dropped);
      return finish(quit == "stopped" ? kExitStopped : kExitNoAnswers, quit);
    }
    if (std::string e = journal.keep(keepBytes, uint32_t(replayed + clockRecords)); !e.empty()) {
      presenter.warning(e);
      return finish(kExitUsage, "journal_io");
    }
    presenter.resumed(replayed, dropped);
    // --set on --resume: a value the journal holds must be the same; one it
    // lacks (the run died before journaling it) is applied now if the call
    // had not started, else refused: the call went on without it.
    for (const JournalAnswer &a : sets) {
      const JournalAnswer *had = nullptr;
      for (const JournalAnswer &h : journaledSets)
        if (h.index == a.index) had = &h; // the last one counts
      const std::string name = program.slotName(a.index);
      if (had && had->kind == JournalAnswer::Kind::WithheldSupply) {
        // A sensitive host value: the journal kept where it was given, not
        // the value; this --set gives it again (and is not journaled).
        if (callflow::Answer ans = give(a, call); !ans) {
          presenter.warning("--set " + name + ": " + ans.error);
          return finish(kExitUsage, "usage");
        }
        continue;
      }
      if (had && had->text != a.text) {
        presenter.warning("--set " + name + "=" + a.text + " conflicts with the journal, which has " + name + "=" +
                          had->text);
        return finish(kExitUsage, "usage");
      }
      if (had) continue;
      if (callStarted) {
        presenter.warning("--set " + name + ": the journal's call went on without it; resume without it, or start "
                          "the call again");
        return finish(kExitUsage, "usage");
      }
      if (callflow::Answer ans = give(a, call); !ans) {
        presenter.warning("--set " + name + ": " + ans.error);
        return finish(kExitUsage, "usage");
      }
      if (!record(a.journaled(Event{}, program))) return finish(kExitUsage, "journal_io");
    }
  } else {
    if (!o.journal.empty()) {
      using E = callflow::JournalWriter::Existing;
      using F = callflow::JournalWriter::Failure;
      if (std::string e = journal.create(o.journal, id, o.force ? E::Replace : E::Refuse); !e.empty()) {
        const F why = journal.failure();
        presenter.warning(e + (why == F::Exists ? " (--resume it to continue its call, or --force to replace it)" : ""));
        return finish(kExitUsage, why == F::Exists   ? "journal_exists"
                                  : why == F::Locked ? "journal_locked"
                                                     : "journal_io");
      }
    }
    // The clock first (a flow that reads today or now), then the host's
    // values, before any event.
    if (program.readsClock() && !record(JournalAnswer::clock(o.session))) return finish(kExitUsage, "journal_io");
    for (const JournalAnswer &a : sets) {
      if (callflow::Answer ans = give(a, call); !ans) {
        presenter.warning("--set " + program.slotName(a.index) + ": " + ans.error);
        return finish(kExitUsage, "usage");
      }
      if (!record(a.journaled(Event{}, program))) return finish(kExitUsage, "journal_io");
    }
  }

  // ---- the call ------------------------------------------------------------
  for (;;) {
    JournalAnswer a;
    while (source.eager(program, a, presenter)) {
      if (callflow::Answer ans = give(a, call); !ans) {
        presenter.refused(describeAnswer(a.journaled(Event{}, program), program), ans.error);
        continue;
      }
      const JournalAnswer kept = a.journaled(Event{}, program);
      if (!record(kept)) return finish(kExitUsage, "journal_io");
      presenter.answered(kept, Event{}, program);
    }
    const Event &e = call.next();
    presenter.event(e, program);
    if (call.failed()) return finish(kExitStopped, "stopped");
    if (call.ended()) {
      // Answers the call never asked for: the file and the flow disagree
      // (a step skipped or removed), which a test of the file must see.
      if (std::vector<std::string> rest = source.leftOver(); !rest.empty()) {
        std::string list;
        for (size_t i = 0; i < rest.size() && i < 5; ++i) list += "\n  " + rest[i];
        if (rest.size() > 5) list += "\n  ...";
        presenter.warning("the call ended with " + std::to_string(rest.size()) +
                          (rest.size() == 1 ? " answer" : " answers") + " left over:" + list);
        return finish(kExitLeftOver, "answers_left_over");
      }
      return finish(kExitEnded, callflow::eventKindName(e.kind));
    }
    if (!e.waiting) continue;
    for (;;) {
      if (source.get(e, program, a, presenter) == AnswerSource::Got::End)
        return finish(kExitNoAnswers, "out_of_answers");
      const Event before = e; // the answer replaces the current event's storage
      if (callflow::Answer ans = give(a, call); !ans) {
        presenter.refused(describeAnswer(a.journaled(before, program), program), ans.error);
        if (call.failed()) { // checking the answer ran into a limit
          presenter.event(call.current(), program);
          return finish(kExitStopped, "stopped");
        }
        continue;
      }
      const JournalAnswer kept = a.journaled(before, program);
      if (!record(kept)) return finish(kExitUsage, "journal_io");
      presenter.answered(kept, before, program);
      // A `set` answers the question only when it asked for that value.
      if (a.kind != JournalAnswer::Kind::Supply || !call.waiting()) break;
    }
  }
}

} // namespace flowrun
