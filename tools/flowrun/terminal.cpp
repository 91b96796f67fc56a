// The agent at a terminal: events shown as a call script (lines to read
// quoted and bold, notes dim, actions marked, numbered options), and typed
// answers read with LLVM LineEditor (history) when stdin is a terminal.
// A bad answer is explained and the same question asked again.
#include "call.h"

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

class TerminalPresenter : public Presenter {
public:
  explicit TerminalPresenter(bool color) : color_(color) {}

  void event(const Event &e, const Program &p) override {
    auto &os = llvm::outs();
    if (e.step != lastStep_) {
      lastStep_ = e.step;
      const callflow::StepInfo &s = p.steps()[e.step];
      paint(Color::BLUE, true) << "\n── " << p.string(s.id);
      if (s.title != callflow::kNone) os << "  " << p.string(s.title);
      if (s.role != callflow::kNone) os << "  (by " << p.string(s.role) << ")";
      os << " ──\n";
      reset();
    }
    switch (e.kind) {
    case EventKind::Say:
      paint(Color::GREEN, true) << "  SAY  ";
      reset();
      os << "\"" << indent(e.text, 8) << "\"\n";
      break;
    case EventKind::Note:
      paint(Color::BLACK, true) << "  note " << indent(e.text, 7) << "\n";
      reset();
      break;
    case EventKind::Do:
      paint(Color::CYAN, true) << "  DO   ";
      reset();
      os << e.text << (e.optional ? "  (optional)" : "") << "\n";
      if (e.slot != callflow::kNone)
        os << "       → " << p.slotName(e.slot) << " (" << typeName(p, e.type) << ")\n";
      break;
    case EventKind::Ask:
      paint(Color::YELLOW, true) << "  ASK  " << e.text << "\n";
      reset();
      for (size_t i = 0; i < e.options.size(); ++i) os << "     " << (i + 1) << ") " << e.options[i] << "\n";
      break;
    case EventKind::Input: {
      const callflow::SlotInfo &s = p.slots()[e.slot];
      paint(Color::YELLOW, true) << "  INPUT ";
      reset();
      os << (e.text.empty() ? std::string(p.string(s.label)) : e.text) << "  [" << p.slotName(e.slot) << ": "
         << typeName(p, e.type);
      if (!e.pattern.empty()) os << ", matches \"" << e.pattern << "\"";
      os << "]\n";
      for (size_t i = 0; i < e.options.size(); ++i) os << "     " << (i + 1) << ") " << e.options[i] << "\n";
      for (uint32_t k = 0; k < s.numSuggestions; ++k)
        os << "     e.g. " << p.string(p.suggestions()[s.firstSuggestion + k]) << "\n";
      break;
    }
    case EventKind::Create:
    case EventKind::Complete:
    case EventKind::Update:
      paint(Color::MAGENTA, true) << "  " << (e.kind == EventKind::Create ? "CREATE " : e.kind == EventKind::Complete ? "COMPLETE " : "UPDATE ")
                                  << p.string(p.forms()[e.form].label);
      reset();
      os << "\n";
      for (const callflow::FieldValue &f : e.fields)
        os << "       " << p.string(p.slots()[f.slot].label) << ": " << f.value << "\n";
      for (const std::string &pr : e.problems) {
        paint(Color::RED, true) << "       problem: " << pr << "\n";
        reset();
      }
      break;
    case EventKind::Charge:
      paint(Color::MAGENTA, true) << "  CHARGE ";
      reset();
      if (e.itemCode >= 0) os << e.itemCode << " ";
      os << e.text << "  " << callflow::formatMoney(e.amount, p.currency()) << "\n";
      break;
    case EventKind::Invoice:
      paint(Color::MAGENTA, true) << "  INVOICE\n";
      reset();
      for (const callflow::InvoiceLine &l : e.lines)
        os << "       " << l.label << "  " << callflow::formatMoney(l.amount, p.currency()) << "\n";
      os << "       total  " << callflow::formatMoney(e.amount, p.currency()) << "\n";
      break;
    case EventKind::TakePayment:
      paint(Color::MAGENTA, true) << "  TAKE PAYMENT " << callflow::formatMoney(e.amount, p.currency()) << "\n";
      reset();
      break;
    case EventKind::Transfer:
      paint(Color::BLUE, true) << "  TRANSFER to " << e.text << "\n";
      reset();
      break;
    case EventKind::End:
      if (e.failed) paint(Color::RED, true) << "  CALL STOPPED: " << e.text << "\n";
      else paint(Color::BLUE, true) << "  END" << (e.text.empty() ? "" : ": ") << e.text << "\n";
      reset();
      break;
    }
    os.flush();
  }
  void answered(const JournalAnswer &, const Event &, const Program &) override {}
  void refused(const std::string &answer, const std::string &why) override {
    paint(Color::RED, true) << "  ✗ " << (answer.empty() ? "" : "'" + answer + "': ") << why << "\n";
    reset();
  }
  void resumed(size_t replayed, const std::string &dropped) override {
    if (!dropped.empty()) warning("journal: " + dropped);
    paint(Color::BLUE, true) << "resumed: " << replayed << (replayed == 1 ? " answer" : " answers")
                             << " replayed from the journal\n";
    reset();
  }
  void warning(const std::string &message) override {
    llvm::outs().flush();
    llvm::errs() << "flowrun: " << message << "\n";
  }
  void finished(int code, const std::string &how, size_t) override {
    if (code == kExitNoAnswers) llvm::outs() << "\n(the call was left unfinished)\n";
    if (code == kExitStopped) llvm::outs() << "\n(the flow was stopped by a runtime limit)\n";
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
  static std::string indent(const std::string &text, size_t n) {
    std::string out;
    for (char c : text) {
      out += c;
      if (c == '\n') out.append(n, ' ');
    }
    return out;
  }
  bool color_;
  uint32_t lastStep_ = callflow::kNone;
};

class TerminalSource : public AnswerSource {
public:
  explicit TerminalSource(bool color) : color_(color) {
    if (llvm::sys::Process::StandardInIsUserInput()) editor_.emplace("flowrun");
  }

  Got get(const Event &e, const Program &p, JournalAnswer &out, Presenter &presenter) override {
    for (;;) {
      std::optional<std::string> line = read(prompt(e));
      if (!line || *line == "/quit") return Got::End;
      out = JournalAnswer{};
      if (*line == "/help") {
        llvm::outs() << help(e);
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
      out.kind = K::Provide, out.text = s;
      return true;
    case EventKind::Do:
      if (e.optional && s == "/skip") {
        out.kind = K::Skip;
        return true;
      }
      out.kind = K::Provide, out.text = s;
      return true;
    case EventKind::Create:
      if (s.empty()) out.kind = K::Acknowledge;
      else out.kind = K::Provide, out.text = s;
      return true;
    case EventKind::TakePayment:
      if (s == "y" || s == "yes" || s == "accept") out.kind = K::Accept;
      else if (s == "n" || s == "no" || s == "decline") out.kind = K::Decline;
      else return false;
      return true;
    default: return false;
    }
  }
  static std::string prompt(const Event &e) {
    switch (e.kind) {
    case EventKind::Ask: return "choose 1-" + std::to_string(e.options.size()) + "> ";
    case EventKind::Input: return e.options.empty() ? "value> " : "choose 1-" + std::to_string(e.options.size()) + "> ";
    case EventKind::Do: return e.optional ? "result (/skip)> " : "result> ";
    case EventKind::Create: return "record number (empty: none)> ";
    case EventKind::TakePayment: return "payment went through? (y/n)> ";
    default: return "> ";
    }
  }
  static std::string help(const Event &e) {
    switch (e.kind) {
    case EventKind::Ask: return "type an option's number (1-" + std::to_string(e.options.size()) + ") or its label";
    case EventKind::TakePayment: return "type y if the payment went through, n if it was declined";
    default: return "type the value, or /quit to stop";
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
  std::optional<llvm::LineEditor> editor_;
};

} // namespace

std::unique_ptr<Presenter> makeTerminalPresenter(bool color) { return std::make_unique<TerminalPresenter>(color); }
std::unique_ptr<AnswerSource> makeTerminalSource(bool color) { return std::make_unique<TerminalSource>(color); }

} // namespace flowrun
