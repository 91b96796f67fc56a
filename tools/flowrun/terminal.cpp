// The agent at a terminal: events shown as a call script (lines to read
// quoted and bold, notes dim, actions marked, numbered options), and typed
// answers read with LLVM LineEditor (history) when stdin is a terminal.
// A bad answer is explained and the same question asked again. Every word
// around the flow's text is in the call's language (messages.def).
#include "call.h"
#include "messages.h"

#include <iostream>
#include <termios.h>
#include <unistd.h>

#include "llvm/LineEditor/LineEditor.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace flowrun {

using callflow::Event;
using callflow::EventKind;
using callflow::JournalAnswer;
using callflow::Program;

namespace {

using Color = llvm::raw_ostream::Colors;
using callflow::l10n::Lang;

/// A slot's type in words: the enum's name, else "text", "money"… in the
/// call's language.
std::string typeWords(const TerminalWords &w, const Program &p, callflow::bc::Type t) {
  switch (t.tag) {
  case callflow::bc::TypeTag::Text: return w(TMsg::TypeText);
  case callflow::bc::TypeTag::Money: return w(TMsg::TypeMoney);
  case callflow::bc::TypeTag::Number: return w(TMsg::TypeNumber);
  case callflow::bc::TypeTag::Bool: return w(TMsg::TypeBool);
  // The forms the runtime takes: the flow's language decides the local one.
  case callflow::bc::TypeTag::Date:
    return w(TMsg::TypeDate, {callflow::dateFormatName(uint16_t(p.language()))});
  case callflow::bc::TypeTag::Time: return w(TMsg::TypeTime);
  case callflow::bc::TypeTag::Enum: break;
  }
  return typeName(p, t);
}

/// An answer as the agent typed it, from the directive it was turned into
/// (`provide "a \"b\""` is `a "b"`, `choose 2` is `2`); others as they are.
std::string typedAnswer(const std::string &d) {
  if (d.rfind("choose ", 0) == 0)
    return d.substr(7);
  if (d.rfind("provide \"", 0) != 0 || d.size() < 10 || d.back() != '"')
    return d;
  std::string out;
  for (size_t i = 9; i + 1 < d.size(); ++i) {
    if (d[i] == '\\' && i + 2 < d.size()) {
      ++i;
      out += d[i] == 'n' ? '\n' : d[i];
      continue;
    }
    out += d[i];
  }
  return out;
}

/// "да" and "нет" (and д, н, in any case) for a bool, as the runtime's
/// yes and no; other text as it is.
std::string boolWord(const std::string &s) {
  const std::string f = callflow::foldCase(s);
  if (f == "да" || f == "д") return "yes";
  if (f == "нет" || f == "н") return "no";
  return s;
}

/// The prompt the agent sees for event `e`.
std::string promptFor(const TerminalWords &w, const Event &e) {
  const std::string n = std::to_string(e.options.size());
  switch (e.kind) {
  case EventKind::Ask: return w(e.optionKeys.empty() ? TMsg::PromptChoose : TMsg::PromptKey, {n});
  case EventKind::Input: return e.options.empty() ? w(TMsg::PromptValue) : w(TMsg::PromptChoose, {n});
  case EventKind::Do: return w(e.optional ? TMsg::PromptResultOrSkip : TMsg::PromptResult);
  case EventKind::Create: return w(TMsg::PromptRecordNumber);
  case EventKind::TakePayment: return w(TMsg::PromptPayment);
  default: return "> ";
  }
}

/// An auto variable's prompt: "Agent name (text, supplied by the host…)? ".
std::string autoPrompt(const TerminalWords &w, const Program &p, uint32_t slot) {
  return w(TMsg::AutoVariable, {p.string(p.slots()[slot].label), p.slotName(slot)});
}

class TerminalPresenter : public Presenter {
public:
  TerminalPresenter(bool color, Lang lang, bool echo) : color_(color), w_(lang), echo_(echo) {}

  void event(const Event &e, const Program &p) override {
    auto &os = screen();
    if (e.step != lastStep_) {
      lastStep_ = e.step;
      const callflow::StepInfo &s = p.steps()[e.step];
      paint(Color::BLUE, true) << "\n── " << p.string(s.id);
      if (s.title != callflow::kNone) os << "  " << p.string(s.title);
      if (s.role != callflow::kNone) os << "  " << w_(TMsg::ByRole, {p.string(s.role)});
      os << " ──\n";
      reset();
    }
    switch (e.kind) {
    case EventKind::Say: {
      const std::string t = tag(TMsg::TagSay), open = w_(TMsg::QuoteOpen);
      paint(Color::GREEN, true) << "  " << t;
      reset();
      os << open << indent(e.text, 2 + columns(t) + columns(open)) << w_(TMsg::QuoteClose) << "\n";
      break;
    }
    case EventKind::Note: {
      const std::string t = tag(TMsg::TagNote);
      paint(Color::BLACK, true) << "  " << t << indent(e.text, 2 + columns(t)) << "\n";
      reset();
      break;
    }
    case EventKind::Do:
      paint(Color::CYAN, true) << "  " << tag(TMsg::TagDo);
      reset();
      os << e.text;
      if (e.optional) os << "  " << w_(TMsg::Optional);
      os << "\n";
      if (e.slot != callflow::kNone)
        os << "       → " << p.slotName(e.slot) << " (" << typeWords(w_, p, e.type) << ")\n";
      break;
    case EventKind::Ask:
      paint(Color::YELLOW, true) << "  " << tag(TMsg::TagAsk) << e.text << "\n";
      reset();
      if (!e.optionKeys.empty()) { // a keyed ask: the agent types the key
        for (size_t i = 0; i < e.options.size(); ++i)
          os << "     " << (e.optionKeys[i].empty() ? std::string("-") : "[" + e.optionKeys[i] + "]") << " "
             << e.options[i] << "\n";
        break;
      }
      for (size_t i = 0; i < e.options.size(); ++i) os << "     " << (i + 1) << ") " << e.options[i] << "\n";
      break;
    case EventKind::Input: {
      const callflow::SlotInfo &s = p.slots()[e.slot];
      paint(Color::YELLOW, true) << "  " << tag(TMsg::TagInput);
      reset();
      os << (e.text.empty() ? std::string(p.string(s.label)) : e.text) << "  [" << p.slotName(e.slot) << ": "
         << typeWords(w_, p, e.type);
      // The designer's words for the pattern when the flow gives them.
      if (!e.patternDescription.empty()) os << ", " << w_(TMsg::Described, {e.patternDescription});
      else if (!e.pattern.empty()) os << ", " << w_(TMsg::Matches, {e.pattern});
      os << "]";
      if (e.hostValue) os << "  " << w_(TMsg::HostValue);
      os << "\n";
      for (const std::string &pr : e.problems) {
        paint(Color::RED, true) << "       " << w_(TMsg::AskedAgain, {pr}) << "\n";
        reset();
      }
      for (size_t i = 0; i < e.options.size(); ++i) os << "     " << (i + 1) << ") " << e.options[i] << "\n";
      for (uint32_t k = 0; k < s.numSuggestions; ++k)
        os << "     " << w_(TMsg::Example, {p.string(p.suggestions()[s.firstSuggestion + k])}) << "\n";
      break;
    }
    case EventKind::Create:
    case EventKind::Complete:
    case EventKind::Update:
      paint(Color::MAGENTA, true) << "  "
                                  << tag(e.kind == EventKind::Create     ? TMsg::TagCreate
                                         : e.kind == EventKind::Complete ? TMsg::TagComplete
                                                                         : TMsg::TagUpdate)
                                  << p.string(p.forms()[e.form].label);
      reset();
      os << "\n";
      for (const callflow::FieldValue &f : e.fields)
        os << "       " << p.string(p.slots()[f.slot].label) << ": " << shownValue(p, f) << "\n";
      for (const std::string &pr : e.problems) {
        paint(Color::RED, true) << "       " << w_(TMsg::Problem, {pr}) << "\n";
        reset();
      }
      break;
    case EventKind::Charge:
      paint(Color::MAGENTA, true) << "  " << tag(TMsg::TagCharge);
      reset();
      if (e.itemCode >= 0) os << e.itemCode << " ";
      os << e.text << priced(e.itemKind, e.amount, e.percent, e.basis, p);
      if (e.alreadyOpen) os << "  " << w_(TMsg::AlreadyOpen);
      os << "\n";
      break;
    case EventKind::Invoice:
      paint(Color::MAGENTA, true) << "  " << w_(TMsg::TagInvoice) << "\n";
      reset();
      for (const callflow::InvoiceLine &l : e.lines)
        os << "       " << l.label << priced(l.kind, l.amount, l.percent, l.basis, p) << "\n";
      os << "       " << w_(TMsg::Total) << "  " << callflow::formatMoney(e.amount, p.currency()) << "\n";
      break;
    case EventKind::TakePayment:
      paint(Color::MAGENTA, true) << "  " << w_(TMsg::TakePayment, {callflow::formatMoney(e.amount, p.currency())})
                                  << "\n";
      reset();
      break;
    case EventKind::Transfer:
      paint(Color::BLUE, true) << "  " << w_(TMsg::TransferTo, {e.text}) << "\n";
      reset();
      break;
    case EventKind::End:
      if (e.failed) paint(Color::RED, true) << "  " << w_(TMsg::CallStopped, {e.text}) << "\n";
      else paint(Color::BLUE, true) << "  " << (e.text.empty() ? w_(TMsg::End) : w_(TMsg::EndWhy, {e.text})) << "\n";
      reset();
      break;
    }
    os.flush();
  }
  void answered(const JournalAnswer &a, const Event &e, const Program &p) override {
    if (!echo_) return;
    // As the agent would have typed it after the prompt.
    using K = JournalAnswer::Kind;
    const bool boolSlot = (e.kind == EventKind::Input || e.kind == EventKind::Do) && e.slot != callflow::kNone &&
                          e.type.tag == callflow::bc::TypeTag::Bool;
    std::string prompt = promptFor(w_, e), typed;
    switch (a.kind) {
    case K::Choose:
      typed = a.index < e.optionKeys.size() && !e.optionKeys[a.index].empty() ? e.optionKeys[a.index]
              : a.index < e.options.size()                                   ? e.options[a.index]
                                                                             : std::to_string(a.index + 1);
      break;
    case K::Provide:
      typed = a.text;
      if (boolSlot) {
        if (auto b = callflow::parseBool(a.text)) typed = w_(*b ? TMsg::Yes : TMsg::No);
      }
      break;
    case K::Acknowledge: break;
    case K::Skip: typed = "/skip"; break;
    case K::Accept: typed = w_(TMsg::Yes); break;
    case K::Decline: typed = w_(TMsg::No); break;
    case K::Supply:
      if (a.index >= p.slots().size()) return;
      prompt = autoPrompt(w_, p, a.index);
      typed = a.text;
      break;
    case K::Withheld: typed = callflow::bc::kSensitiveMask; break; // a sensitive value
    case K::WithheldSupply:
      if (a.index >= p.slots().size()) return;
      prompt = autoPrompt(w_, p, a.index);
      typed = callflow::bc::kSensitiveMask;
      break;
    case K::Clock: return; // not an answer (never passed here)
    }
    llvm::outs() << "  " << prompt << typed << "\n";
    llvm::outs().flush();
  }
  void refused(const std::string &answer, const std::string &why) override {
    // The answer as the agent typed it ("3", not the directive 'provide
    // "3"' it became), and only when the reason does not already quote it.
    const std::string shown = typedAnswer(answer), reason = w_.reason(why);
    const bool quoted = reason.find("'" + shown + "'") != std::string::npos ||
                        reason.find("«" + shown + "»") != std::string::npos;
    paint(Color::RED, true) << "  ✗ " << (answer.empty() || quoted ? "" : w_(TMsg::RefusedAnswer, {shown}))
                            << reason << "\n";
    reset();
  }
  void resumed(size_t replayed, const std::string &dropped) override {
    if (!dropped.empty()) warning("journal: " + dropped);
    paint(Color::BLUE, true) << w_.count(replayed, TMsg::ResumedOne, TMsg::ResumedFew, TMsg::ResumedMany) << "\n";
    reset();
  }
  void warning(const std::string &message) override {
    screen().flush();
    screenErr() << "flowrun: " << message << "\n";
  }
  void finished(int code, const std::string &how, size_t) override {
    if (code == kExitNoAnswers) screen() << "\n" << w_(TMsg::LeftUnfinished) << "\n";
    if (code == kExitStopped) screen() << "\n" << w_(TMsg::StoppedByLimit) << "\n";
    (void)how;
    screen().flush();
  }

private:
  llvm::raw_ostream &paint(Color c, bool bold) {
    if (color_) screen().changeColor(c, bold);
    return screen();
  }
  void reset() {
    if (color_) screen().resetColor();
  }
  /// An event's tag and the space after it: "SAY  ", "INPUT ", "ПРОИЗНЕСИТЕ ".
  /// What follows a charge's label: "  $29.99"; a monthly item
  /// "  $14.99 / month" (the first month is charged); a percentage
  /// " 4% of $44.98  $1.80" (docs/language.md, "Catalog").
  std::string priced(callflow::bc::ItemKind kind, int64_t amount, int64_t percent, int64_t basis,
                     const Program &p) const {
    const std::string money = callflow::formatMoney(amount, p.currency());
    if (kind == callflow::bc::ItemKind::Monthly) return "  " + w_(TMsg::PerMonth, {money});
    if (kind == callflow::bc::ItemKind::Percent) {
      std::string rate;
      callflow::appendPercent(rate, percent);
      return " " + w_(TMsg::PercentOf, {rate, callflow::formatMoney(basis, p.currency())}) + "  " + money;
    }
    return "  " + money;
  }
  std::string tag(TMsg m) const {
    std::string t = w_(m);
    const size_t n = columns(t);
    return t + std::string(n < 4 ? 4 - n : 0, ' ') + " ";
  }
  static size_t columns(const std::string &s) { return callflow::l10n::columns(s); }
  /// A field's value as the runtime shows it, a bool's yes or no in the
  /// call's language.
  std::string shownValue(const Program &p, const callflow::FieldValue &f) const {
    if (p.slots()[f.slot].isSensitive()) return callflow::bc::kSensitiveMask;
    if (p.slots()[f.slot].type.tag != callflow::bc::TypeTag::Bool) return f.value;
    if (f.value == "yes") return w_(TMsg::Yes);
    if (f.value == "no") return w_(TMsg::No);
    return f.value;
  }
  static std::string indent(const std::string &text, size_t n) {
    std::string out;
    for (char c : text) {
      out += c;
      if (c == '\n') out.append(n, ' ');
    }
    return out;
  }
  bool color_;
  const TerminalWords w_;
  const bool echo_;
  uint32_t lastStep_ = callflow::kNone;
};

class TerminalSource : public AnswerSource {
public:
  TerminalSource(bool color, Lang lang) : color_(color), w_(lang) {
    if (llvm::sys::Process::StandardInIsUserInput()) editor_.emplace("flowrun");
  }

  Got get(const Event &e, const Program &p, JournalAnswer &out, Presenter &presenter) override {
    // A sensitive value is read without echo and kept out of the history.
    const bool hidden = (e.kind == EventKind::Input || e.kind == EventKind::Do) && e.slot != callflow::kNone &&
                        p.slots()[e.slot].isSensitive();
    for (;;) {
      std::optional<std::string> line = hidden ? readHidden(prompt(e)) : read(prompt(e));
      if (!line || *line == "/quit") return Got::End;
      out = JournalAnswer{};
      if (*line == "/help") {
        screen() << help(e) << "\n";
        continue;
      }
      if (interpret(*line, e, out)) return Got::Answer;
      presenter.refused(hidden ? std::string(callflow::bc::kSensitiveMask) : *line, help(e));
    }
  }

private:
  static bool number(const std::string &s, uint32_t n, uint32_t &out) {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    const unsigned long v = std::stoul(s);
    if (v < 1 || v > n) return false;
    out = uint32_t(v - 1);
    return true;
  }
  bool interpret(const std::string &s, const Event &e, JournalAnswer &out) {
    using K = JournalAnswer::Kind;
    switch (e.kind) {
    case EventKind::Ask:
      // A keyed ask: a key chooses its option, and a typed number is a key,
      // never an option's position.
      for (size_t i = 0; i < e.optionKeys.size(); ++i)
        if (!e.optionKeys[i].empty() && e.optionKeys[i] == s) {
          out.index = uint32_t(i), out.kind = K::Choose;
          return true;
        }
      for (size_t i = 0; i < e.options.size(); ++i)
        if (e.options[i] == s) out.index = uint32_t(i), out.kind = K::Choose;
      if (!e.optionKeys.empty() && out.kind != K::Choose) {
        out.kind = K::Provide, out.text = s; // the session matches labels or says why not
        return true;
      }
      if (out.kind == K::Choose || number(s, uint32_t(e.options.size()), out.index)) {
        out.kind = K::Choose;
        return true;
      }
      out.kind = K::Provide, out.text = s; // the session matches labels or says why not
      return true;
    case EventKind::Input:
      if (!e.options.empty() && number(s, uint32_t(e.options.size()), out.index)) {
        out.kind = K::Choose;
        return true;
      }
      out.kind = K::Provide, out.text = e.type.tag == callflow::bc::TypeTag::Bool ? boolWord(s) : s;
      return true;
    case EventKind::Do:
      if (e.optional && s == "/skip") {
        out.kind = K::Skip;
        return true;
      }
      out.kind = K::Provide, out.text = e.slot != callflow::kNone && e.type.tag == callflow::bc::TypeTag::Bool
                                            ? boolWord(s)
                                            : s;
      return true;
    case EventKind::Create:
      if (s.empty()) out.kind = K::Acknowledge;
      else out.kind = K::Provide, out.text = s;
      return true;
    case EventKind::TakePayment:
      if (s == "y" || s == "yes" || s == "accept" || boolWord(s) == "yes") out.kind = K::Accept;
      else if (s == "n" || s == "no" || s == "decline" || boolWord(s) == "no") out.kind = K::Decline;
      else return false;
      return true;
    default: return false;
    }
  }
  std::string prompt(const Event &e) const { return promptFor(w_, e); }
  std::string help(const Event &e) const {
    switch (e.kind) {
    case EventKind::Ask:
      if (!e.optionKeys.empty()) return w_(TMsg::HelpKey);
      return w_(TMsg::HelpChoose, {std::to_string(e.options.size())});
    case EventKind::TakePayment: return w_(TMsg::HelpPayment);
    default: return w_(TMsg::HelpValue);
    }
  }
  std::optional<std::string> read(const std::string &prompt) {
    if (editor_) {
      editor_->setPrompt(prompt);
      llvm::Optional<std::string> line = editor_->readLine();
      if (!line) return std::nullopt;
      return *line;
    }
    screen() << prompt;
    screen().flush();
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    screen() << line << "\n"; // echo, so a piped session reads like a typed one
    return line;
  }

  /// A line typed with the terminal's echo off (when stdin is one), shown
  /// back masked; never in the line editor's history.
  std::optional<std::string> readHidden(const std::string &prompt) {
    screen() << prompt;
    screen().flush();
    termios old{};
    const bool tty = ::isatty(0) && ::tcgetattr(0, &old) == 0;
    if (tty) {
      termios quiet = old;
      quiet.c_lflag &= ~tcflag_t(ECHO);
      (void)::tcsetattr(0, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool got = bool(std::getline(std::cin, line));
    if (tty) (void)::tcsetattr(0, TCSAFLUSH, &old);
    if (!got) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == "/quit" || line == "/help") screen() << line << "\n";
    else screen() << (line.empty() ? "" : callflow::bc::kSensitiveMask) << "\n";
    return line;
  }

  bool color_;
  const TerminalWords w_;
  std::optional<llvm::LineEditor> editor_;
};

} // namespace

Lang programLang(const Program &p) {
  // Decided by the compiler and stored in the header: nothing to scan.
  return p.language() == callflow::bc::Language::Ru ? Lang::Ru : Lang::En;
}

bool askAutoValues(const Program &program, Lang lang, std::vector<std::pair<std::string, std::string>> &sets) {
  const TerminalWords w(lang);
  const bool echo = !llvm::sys::Process::StandardInIsUserInput();
  callflow::Session probe(program); // each value checked as the call will check it
  for (uint32_t s = 0; s < program.slots().size(); ++s) {
    const callflow::SlotInfo &info = program.slots()[s];
    if (!(info.flags & callflow::bc::kSlotAuto) || info.isField()) continue;
    const std::string name = program.slotName(s);
    bool given = false;
    for (const auto &kv : sets) given |= kv.first == name;
    if (given) continue;
    for (;;) {
      llvm::outs() << autoPrompt(w, program, s);
      llvm::outs().flush();
      std::string value;
      if (!std::getline(std::cin, value)) return false;
      if (!value.empty() && value.back() == '\r') value.pop_back();
      if (echo) llvm::outs() << (info.isSensitive() && !value.empty() ? callflow::bc::kSensitiveMask : value) << "\n";
      if (value.empty()) break; // left unset
      if (value == "/quit") return false;
      if (value == "/help") {
        llvm::outs() << "  " << w(TMsg::HelpAutoValue, {typeWords(w, program, info.type)}) << "\n";
        continue;
      }
      JournalAnswer a;
      a.kind = JournalAnswer::Kind::Supply;
      a.index = s;
      a.text = info.type.tag == callflow::bc::TypeTag::Bool ? boolWord(value) : value;
      if (callflow::Answer ans = a.applyTo(probe); !ans) {
        const std::string reason = w.reason(ans.error);
        llvm::outs() << "  ✗ " << reason << "\n";
        continue;
      }
      sets.emplace_back(name, a.text);
      break;
    }
  }
  return true;
}

std::unique_ptr<Presenter> makeTerminalPresenter(bool color, Lang lang, bool echoAnswers) {
  return std::make_unique<TerminalPresenter>(color, lang, echoAnswers);
}
std::unique_ptr<AnswerSource> makeTerminalSource(bool color, Lang lang) {
  return std::make_unique<TerminalSource>(color, lang);
}

} // namespace flowrun
