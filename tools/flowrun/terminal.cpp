// The agent at a terminal: events shown as a call script (lines to read
// quoted and bold, notes dim, actions marked, numbered options), and typed
// answers read with LLVM LineEditor (history) when stdin is a terminal.
// A bad answer is explained and the same question asked again. Every word
// around the flow's text is in the call's language (messages.def).
#include "call.h"
#include "messages.h"

#include <iostream>

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

class TerminalPresenter : public Presenter {
public:
  TerminalPresenter(bool color, Lang lang) : color_(color), w_(lang) {}

  void event(const Event &e, const Program &p) override {
    auto &os = llvm::outs();
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
      for (size_t i = 0; i < e.options.size(); ++i) os << "     " << (i + 1) << ") " << e.options[i] << "\n";
      break;
    case EventKind::Input: {
      const callflow::SlotInfo &s = p.slots()[e.slot];
      paint(Color::YELLOW, true) << "  " << tag(TMsg::TagInput);
      reset();
      os << (e.text.empty() ? std::string(p.string(s.label)) : e.text) << "  [" << p.slotName(e.slot) << ": "
         << typeWords(w_, p, e.type);
      if (!e.pattern.empty()) os << ", " << w_(TMsg::Matches, {e.pattern});
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
      os << e.text << "  " << callflow::formatMoney(e.amount, p.currency());
      if (e.alreadyOpen) os << "  " << w_(TMsg::AlreadyOpen);
      os << "\n";
      break;
    case EventKind::Invoice:
      paint(Color::MAGENTA, true) << "  " << w_(TMsg::TagInvoice) << "\n";
      reset();
      for (const callflow::InvoiceLine &l : e.lines)
        os << "       " << l.label << "  " << callflow::formatMoney(l.amount, p.currency()) << "\n";
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
  void answered(const JournalAnswer &, const Event &, const Program &) override {}
  void refused(const std::string &answer, const std::string &why) override {
    // English shows the answer as the directive it became ('provide "3"'),
    // as it always has; other languages as typed.
    const std::string shown = w_.lang() == Lang::En ? answer : typedAnswer(answer);
    paint(Color::RED, true) << "  ✗ " << (answer.empty() ? "" : w_(TMsg::RefusedAnswer, {shown})) << w_.reason(why)
                            << "\n";
    reset();
  }
  void resumed(size_t replayed, const std::string &dropped) override {
    if (!dropped.empty()) warning("journal: " + dropped);
    paint(Color::BLUE, true) << w_.count(replayed, TMsg::ResumedOne, TMsg::ResumedFew, TMsg::ResumedMany) << "\n";
    reset();
  }
  void warning(const std::string &message) override {
    llvm::outs().flush();
    llvm::errs() << "flowrun: " << message << "\n";
  }
  void finished(int code, const std::string &how, size_t) override {
    if (code == kExitNoAnswers) llvm::outs() << "\n" << w_(TMsg::LeftUnfinished) << "\n";
    if (code == kExitStopped) llvm::outs() << "\n" << w_(TMsg::StoppedByLimit) << "\n";
    (void)how;
    llvm::outs().flush();
  }

private:
  llvm::raw_ostream &paint(Color c, bool bold) {
    if (color_) llvm::outs().changeColor(c, bold);
    return llvm::outs();
  }
  void reset() {
    if (color_) llvm::outs().resetColor();
  }
  /// An event's tag and the space after it: "SAY  ", "INPUT ", "ПРОИЗНЕСИТЕ ".
  std::string tag(TMsg m) const {
    std::string t = w_(m);
    const size_t n = columns(t);
    return t + std::string(n < 4 ? 4 - n : 0, ' ') + " ";
  }
  static size_t columns(const std::string &s) { return callflow::l10n::columns(s); }
  /// A field's value as the runtime shows it, a bool's yes or no in the
  /// call's language.
  std::string shownValue(const Program &p, const callflow::FieldValue &f) const {
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
  uint32_t lastStep_ = callflow::kNone;
};

class TerminalSource : public AnswerSource {
public:
  TerminalSource(bool color, Lang lang) : color_(color), w_(lang) {
    if (llvm::sys::Process::StandardInIsUserInput()) editor_.emplace("flowrun");
  }

  Got get(const Event &e, const Program &p, JournalAnswer &out, Presenter &presenter) override {
    for (;;) {
      std::optional<std::string> line = read(prompt(e));
      if (!line || *line == "/quit") return Got::End;
      out = JournalAnswer{};
      if (*line == "/help") {
        llvm::outs() << help(e) << "\n";
        continue;
      }
      if (interpret(*line, e, out)) return Got::Answer;
      presenter.refused(*line, help(e));
    }
    (void)p;
  }

private:
  static bool number(const std::string &s, uint32_t n, uint32_t &out) {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    const unsigned long v = std::stoul(s);
    if (v < 1 || v > n) return false;
    out = uint32_t(v - 1);
    return true;
  }
  /// "да" and "нет" (and д, н, in any case) for a bool, as the runtime's
  /// yes and no; other text as it is.
  static std::string boolWord(const std::string &s) {
    static const char *const yes[] = {"да", "Да", "ДА", "д", "Д"}, *const no[] = {"нет", "Нет", "НЕТ", "н", "Н"};
    for (const char *y : yes)
      if (s == y) return "yes";
    for (const char *n : no)
      if (s == n) return "no";
    return s;
  }
  bool interpret(const std::string &s, const Event &e, JournalAnswer &out) {
    using K = JournalAnswer::Kind;
    switch (e.kind) {
    case EventKind::Ask:
      for (size_t i = 0; i < e.options.size(); ++i)
        if (e.options[i] == s) out.index = uint32_t(i), out.kind = K::Choose;
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
  std::string prompt(const Event &e) const {
    const std::string n = std::to_string(e.options.size());
    switch (e.kind) {
    case EventKind::Ask: return w_(TMsg::PromptChoose, {n});
    case EventKind::Input: return e.options.empty() ? w_(TMsg::PromptValue) : w_(TMsg::PromptChoose, {n});
    case EventKind::Do: return w_(e.optional ? TMsg::PromptResultOrSkip : TMsg::PromptResult);
    case EventKind::Create: return w_(TMsg::PromptRecordNumber);
    case EventKind::TakePayment: return w_(TMsg::PromptPayment);
    default: return "> ";
    }
  }
  std::string help(const Event &e) const {
    switch (e.kind) {
    case EventKind::Ask: return w_(TMsg::HelpChoose, {std::to_string(e.options.size())});
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
    llvm::outs() << prompt;
    llvm::outs().flush();
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    llvm::outs() << line << "\n"; // echo, so a piped session reads like a typed one
    return line;
  }

  bool color_;
  const TerminalWords w_;
  std::optional<llvm::LineEditor> editor_;
};

} // namespace

Lang programLang(const Program &p) {
  callflow::l10n::LetterCount letters;
  letters.add(p.title());
  for (const callflow::SectionInfo &s : p.sections()) letters.add(p.string(s.title));
  for (const callflow::StepInfo &s : p.steps())
    if (s.title != callflow::kNone) letters.add(p.string(s.title));
  // The literal parts of the texts: what is said, asked and noted.
  for (uint32_t i = 0; i < p.numTexts(); ++i)
    p.forEachPart(i, [&](callflow::TextPart part) {
      if (part.tag == callflow::bc::PartTag::Literal) letters.add(p.string(part.index));
    });
  return letters.guess();
}

std::unique_ptr<Presenter> makeTerminalPresenter(bool color, Lang lang) {
  return std::make_unique<TerminalPresenter>(color, lang);
}
std::unique_ptr<AnswerSource> makeTerminalSource(bool color, Lang lang) {
  return std::make_unique<TerminalSource>(color, lang);
}

} // namespace flowrun
