// Running one scenario run against a compiled flow: answers go to a
// callflow::Session, expectations are matched in order against the events
// it produces (like FileCheck: events between matches are passed over), and
// a failure shows the expected line against the events the call produced.
#include "scenario.h"

#include <algorithm>
#include <cstdlib>

#include "callflow/journal.h"
#include "callflow/value.h"

namespace callflow::scenario {
namespace {

std::string money(int64_t cents) {
  std::string sign = cents < 0 ? "-" : "";
  uint64_t c = uint64_t(std::llabs(cents));
  std::string frac = std::to_string(c % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return sign + std::to_string(c / 100) + "." + frac;
}

std::string quoteIfNeeded(const std::string &v) {
  if (!v.empty() && v.find_first_of(" \t\"") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string fieldName(const Program &P, uint32_t slot) {
  std::string n = P.slotName(slot);
  size_t dot = n.find('.');
  return dot == std::string::npos ? n : n.substr(dot + 1);
}

/// Words, with "quoted strings" (backslash escapes) kept whole, unquoted.
std::vector<std::string> tokens(const std::string &s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    std::string tok;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') {
      if (s[i] != '"') { tok += s[i++]; continue; }
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        tok += s[i];
      }
      if (i < s.size()) ++i;
    }
    out.push_back(std::move(tok));
  }
  return out;
}

/// An event, or the entry into a step, as the call produced it.
struct Entry {
  bool isStep = false; // else an event, or an answer's echo when `echo`
  bool echo = false;
  uint32_t step = 0;
  Event event;
  std::string rendered;
};

std::string renderStep(const Program &P, uint32_t step) {
  const StepInfo &s = P.steps()[step];
  std::string out = "step: " + std::string(P.string(s.id));
  if (s.title != kNone) out += " " + std::string(P.string(s.title));
  return out;
}

/// `text` with `prefix` in front of each of its lines (a multi-line `say`
/// keeps the diff's +/- column on every line).
std::string prefixed(const std::string &prefix, const std::string &text) {
  std::string out;
  size_t at = 0;
  do {
    size_t nl = text.find('\n', at);
    out += prefix + text.substr(at, nl == std::string::npos ? std::string::npos : nl - at) + "\n";
    at = nl == std::string::npos ? text.size() + 1 : nl + 1;
  } while (at <= text.size());
  return out;
}

/// The values of an event's fields as an expectation may name them: the
/// value as rendered, and for an enum field also its value's name.
std::vector<std::pair<std::string, std::vector<std::string>>> recordValues(const Program &P,
                                                                           const Event &e) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const FieldValue &f : e.fields) {
    std::vector<std::string> forms{f.value};
    const SlotInfo &slot = P.slots()[f.slot];
    if (slot.type.tag == bc::TypeTag::Enum) {
      const EnumInfo &en = P.enums()[slot.type.enumIndex];
      for (uint32_t v = en.firstValue; v < en.firstValue + en.numValues; ++v)
        if (P.string(P.enumValues()[v].label) == f.value)
          forms.insert(forms.begin(), std::string(P.string(P.enumValues()[v].name)));
    }
    out.push_back({fieldName(P, f.slot), std::move(forms)});
  }
  return out;
}

/// For a record expectation (create, complete, update) that matched no
/// event: the record of that kind and form the call produced that comes
/// closest, and which of the expected fields differ, in the expectation's
/// terms (an enum value by its name when the expectation used names).
std::string nearestRecord(const Program &P, const Line &l, const std::vector<Entry> &log, size_t from) {
  if (l.what != "create" && l.what != "complete" && l.what != "update") return "";
  std::vector<std::string> want = tokens(l.text);
  std::string form;
  if (!want.empty() && want.front().find('=') == std::string::npos) {
    form = want.front();
    want.erase(want.begin());
  }
  const Entry *best = nullptr;
  std::vector<std::string> bestDiffs;
  for (size_t i = from; i < log.size(); ++i) {
    const Entry &en = log[i];
    if (en.isStep || en.echo || eventKindName(en.event.kind) != l.what) continue;
    if (!form.empty() && (en.event.form == kNone || P.string(P.forms()[en.event.form].name) != form)) continue;
    auto values = recordValues(P, en.event);
    std::vector<std::string> diffs;
    for (const std::string &w : want) {
      size_t eq = w.find('=');
      std::string name = w.substr(0, eq), value = eq == std::string::npos ? "" : w.substr(eq + 1);
      const std::vector<std::string> *have = nullptr;
      for (const auto &[n, forms] : values)
        if (n == name) have = &forms;
      if (!have) {
        diffs.push_back(name + " is not set (expected " + quoteIfNeeded(value) + ")");
        continue;
      }
      if (std::find(have->begin(), have->end(), value) != have->end()) continue;
      // Shown as the expectation wrote it: by name if it named an enum
      // value (the names come first), else as the value reads.
      bool byName = have->size() > 1 && value.find(' ') == std::string::npos;
      std::string actual = byName ? have->front() : have->back();
      diffs.push_back(name + "=" + quoteIfNeeded(actual) + " (expected " + quoteIfNeeded(value) + ")");
    }
    if (!best || diffs.size() < bestDiffs.size()) {
      best = &en;
      bestDiffs = std::move(diffs);
    }
  }
  if (!best || bestDiffs.empty()) return "";
  std::string out = "  the nearest " + l.what + (form.empty() ? "" : " of " + form) + " (step " +
                    std::string(P.string(P.steps()[best->step].id)) + ") differs: ";
  for (size_t i = 0; i < bestDiffs.size(); ++i) out += (i ? "; " : "") + bestDiffs[i];
  return out + "\n";
}

} // namespace

std::string renderEvent(const Program &P, const Event &e, bool mask) {
  std::string kind = e.kind == EventKind::TakePayment ? "take payment" : eventKindName(e.kind);
  std::string out = kind + ":";
  auto fields = [&] {
    if (e.form != kNone) out += " " + std::string(P.string(P.forms()[e.form].name));
    for (const FieldValue &f : e.fields)
      out += " " + fieldName(P, f.slot) + "=" +
             (mask && P.slots()[f.slot].isSensitive() ? std::string(bc::kSensitiveMask) : quoteIfNeeded(f.value));
  };
  switch (e.kind) {
  case EventKind::Say: case EventKind::Note: case EventKind::Transfer: case EventKind::End:
    if (!e.text.empty()) out += " " + e.text;
    break;
  case EventKind::Do:
    out += " " + e.text;
    if (e.optional) out += " (optional)";
    break;
  case EventKind::Ask: {
    out += " " + e.text + " [";
    for (size_t i = 0; i < e.options.size(); ++i) out += (i ? " | " : "") + e.options[i];
    out += "]";
    break;
  }
  case EventKind::Input:
    if (!e.text.empty()) out += " " + e.text;
    if (e.slot != kNone) out += " (" + P.slotName(e.slot) + ")";
    break;
  case EventKind::Create: case EventKind::Complete: case EventKind::Update:
    fields();
    for (const std::string &p : e.problems) out += " (missing: " + p + ")";
    break;
  case EventKind::Charge:
    if (e.itemCode >= 0) out += " " + std::to_string(e.itemCode);
    out += " " + e.text;
    // A percentage shows its rate and basis ("4% of 44.98 1.80"), a
    // monthly item says so ("14.99 monthly"): docs/scenarios.md.
    if (e.itemKind == bc::ItemKind::Percent) {
      out += " ";
      appendPercent(out, e.percent);
      out += " of " + money(e.basis);
    }
    out += " " + money(e.amount);
    if (e.itemKind == bc::ItemKind::Monthly) out += " monthly";
    break;
  case EventKind::Invoice: case EventKind::TakePayment:
    out += " " + money(e.amount);
    break;
  }
  return out;
}

bool matches(const std::string &what, const std::string &text, const Program &P, const Event &e) {
  std::string kind = e.kind == EventKind::TakePayment ? "take payment" : eventKindName(e.kind);
  if (kind != what) return false;
  if (text.empty()) return true;
  const std::string rendered = renderEvent(P, e, false);
  const std::string body = rendered.substr(kind.size() + 1);
  switch (e.kind) {
  case EventKind::Create: case EventKind::Complete: case EventKind::Update:
  case EventKind::Charge: case EventKind::Invoice: case EventKind::TakePayment: {
    std::vector<std::string> have = tokens(body);
    // An enum field matches by its value's name as well as by its label.
    for (const FieldValue &f : e.fields) {
      const SlotInfo &slot = P.slots()[f.slot];
      if (slot.type.tag != bc::TypeTag::Enum) continue;
      const EnumInfo &en = P.enums()[slot.type.enumIndex];
      for (uint32_t v = en.firstValue; v < en.firstValue + en.numValues; ++v)
        if (P.string(P.enumValues()[v].label) == f.value)
          have.push_back(fieldName(P, f.slot) + "=" + std::string(P.string(P.enumValues()[v].name)));
    }
    for (const std::string &want : tokens(text)) {
      bool found = false;
      for (const std::string &h : have) found |= h == want;
      if (!found) return false;
    }
    return true;
  }
  default:
    return body.find(text) != std::string::npos;
  }
}

RunResult runScenario(const Program &P, const Run &run, Exercised &exercised) {
  SessionOptions clock;
  clock.today = run.today;
  clock.now = run.now;
  Session s(P, clock);
  std::vector<Entry> log;
  size_t cursor = 0;
  uint32_t lastStep = kNone;
  RunResult result;
  if (!exercised.code) exercised.code = std::make_shared<CodeGraph>(P);
  const CodeGraph &graph = *exercised.code;
  // Where execution went on after the last event (UINT32_MAX: unknown, or
  // the event waits for its answer): the `if`s between there and the next
  // event are inferred from where that event comes from.
  uint32_t resume = P.steps()[P.startStep()].entry;

  // Produces one more event into the log; false when the call waits or ended.
  auto pull = [&]() -> bool {
    if (s.ended() || s.waiting()) return false;
    const Event &e = s.next();
    if (resume != UINT32_MAX) graph.inferBranches(resume, e.codeOffset, exercised.branches);
    resume = e.waiting ? UINT32_MAX : graph.resumeAfter(e.codeOffset);
    if (e.step != lastStep) {
      lastStep = e.step;
      log.push_back(Entry{true, false, e.step, Event{}, renderStep(P, e.step)});
    }
    log.push_back(Entry{false, false, e.step, e, renderEvent(P, e)});
    if (e.waiting) log.back().rendered += "   <- waits for an answer";
    return true;
  };
  auto fail = [&](const Line &l, const std::string &why, size_t from) {
    result.passed = false;
    result.failLine = l.line;
    std::string m = why + "\n";
    if (l.kind == Line::Kind::Expect) m += "  - " + l.source + "\n";
    const size_t shownFrom = from > 3 ? from - 3 : 0;
    if (shownFrom > 0) m += "    ...\n";
    for (size_t i = shownFrom; i < log.size() && i < from + 12; ++i)
      m += prefixed(i < from ? "    " : "  + ", log[i].rendered);
    if (log.size() > from + 12) m += "    ...\n";
    if (s.ended()) m += "    (the call ended)\n";
    if (l.kind == Line::Kind::Expect) m += nearestRecord(P, l, log, from);
    result.message = m;
  };

  for (const Line &l : run.lines) {
    if (l.kind == Line::Kind::Expect) {
      const size_t from = cursor;
      bool found = false;
      for (;;) {
        while (cursor < log.size() && !found) {
          const Entry &en = log[cursor++];
          if (en.echo) continue;
          if (en.isStep) found = l.what == "step" && en.rendered.substr(6).find(l.text) != std::string::npos;
          else found = matches(l.what, l.text, P, en.event);
        }
        if (found || !pull()) break;
      }
      if (!found) {
        cursor = from;
        fail(l, s.ended() ? "expected line not found before the call ended"
                          : "expected line not found before the call waits for an answer",
             from);
        break;
      }
      continue;
    }
    // An answer: `set` applies at once, the others to the next waiting event.
    const flowrun::Directive &d = l.answer;
    if (d.kind != flowrun::Directive::Kind::Set) {
      while (pull()) {}
      if (!s.waiting()) {
        fail(l, "'" + l.source + "': the call ended before this answer", cursor);
        break;
      }
    }
    JournalAnswer a;
    std::string error;
    if (!flowrun::toAnswer(d, s.current(), P, a, error)) {
      fail(l, "'" + l.source + "': " + error, cursor);
      break;
    }
    const Event before = s.current();
    if (Answer ans = a.applyTo(s); !ans) {
      fail(l, "'" + l.source + "' was refused: " + ans.error, cursor);
      break;
    }
    if (d.kind != flowrun::Directive::Kind::Set) {
      int choice = -1;
      if (before.kind == EventKind::Ask && a.kind == JournalAnswer::Kind::Choose) {
        exercised.options.insert({before.codeOffset, a.index});
        choice = int(a.index);
      }
      if (before.kind == EventKind::TakePayment) {
        choice = a.kind == JournalAnswer::Kind::Decline ? 1 : 0;
        exercised.payments.insert({before.codeOffset, uint32_t(choice)});
      }
      if (before.kind == EventKind::Input && before.slot != kNone && !before.optionValues.empty()) {
        const Value &v = s.value(before.slot);
        auto it = std::find(before.optionValues.begin(), before.optionValues.end(), uint32_t(v.num));
        if (v.kind == ValueKind::Enum && it != before.optionValues.end())
          exercised.inputs.insert({before.codeOffset, uint32_t(it - before.optionValues.begin())});
      }
      resume = graph.resumeAfter(before.codeOffset, choice);
      log.push_back(Entry{false, true, before.step, Event{}, "    (" + l.source + ")"});
      cursor = log.size();
    }
  }
  if (result.passed)
    while (pull()) {} // run on to the next question: what it visits counts
  for (uint32_t i = 0; i < P.steps().size(); ++i)
    if (s.visited(i)) exercised.steps.insert(i);
  return result;
}

} // namespace callflow::scenario
