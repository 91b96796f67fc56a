// The call script as Markdown (CommonMark with GitHub tables) for wikis:
// the same document tree as the HTML script, with explicit `<a id>`
// anchors for step links. All flow text goes through markdownEscape.
#include "print/escape.h"
#include "print/print.h"
#include "print/script_model.h"

namespace callflow::print {
namespace {

std::string oneLine(llvm::StringRef s) {
  std::string out = s.str();
  for (char &c : out)
    if (c == '\n')
      c = ' ';
  return out;
}

class MdWriter {
public:
  MdWriter(const sema::Program &p, llvm::raw_ostream &os, const ScriptOptions &o, Words w)
      : p(p), os(os), o(o), w(w) {}
  void document(const ScriptDoc &doc);

private:
  const sema::Program &p;
  llvm::raw_ostream &os;
  const ScriptOptions &o;
  const Words w;

  /// A tag in bold: "**Say\:** ".
  std::string tag(Msg m) const { return "**" + markdownEscape(w(m)) + "\\:**"; }
  /// The script's own words, escaped like flow text.
  std::string say(Msg m) const { return markdownEscape(w(m)); }
  std::string link(int step) const {
    std::string t = "→ " + stepRefText(p, step);
    if (step < (int)o.stepPages.size() && o.stepPages[step] > 0)
      t += std::string(", ") + w(Msg::PageAbbrev) + " " + std::to_string(o.stepPages[step]);
    return "[" + markdownEscape(t) + "](#" + anchorId("step-", p.steps[step].id) + ")";
  }
  /// Inline content; `cont` prefixes continuation lines, `cell` keeps it on one line.
  std::string inl(const Inlines &in, llvm::StringRef cont, bool cell = false) const;
  void blocks(const std::vector<Block> &bs, const std::string &indent);
  void block(const Block &b, const std::string &indent);
  void options(const std::vector<Block> &opts, const std::string &indent);
  void formRow(const FormRow &r);
};

std::string MdWriter::inl(const Inlines &in, llvm::StringRef cont, bool cell) const {
  std::string out;
  for (const Inline &i : in) {
    std::string t = cell ? oneLine(i.text) : i.text;
    switch (i.kind) {
    case Inline::Kind::Text: out += markdownEscape(t, cont); break;
    case Inline::Kind::Blank:
      out += t.empty() ? "`________`" : "**" + markdownEscape(oneLine(t)) + "\\:** `________`";
      break;
    case Inline::Kind::Value: out += "**" + markdownEscape(oneLine(t)) + "**"; break;
    case Inline::Kind::Link:
      if (!t.empty())
        out += "**" + markdownEscape(oneLine(t)) + "** ";
      out += link(i.step);
      break;
    }
  }
  return out;
}

void MdWriter::options(const std::vector<Block> &opts, const std::string &indent) {
  for (const Block &opt : opts) {
    std::string lead, jump;
    for (const Inline &i : opt.text)
      if (i.kind == Inline::Kind::Link)
        jump += " " + inl({i}, "");
      else
        lead += inl({i}, indent + "  ");
    os << indent << "- **" << lead << "**" << jump << (opt.children.empty() ? "\n" : ":\n");
    if (!opt.children.empty()) {
      os << "\n";
      blocks(opt.children, indent + "  ");
    }
  }
  os << "\n";
}

void MdWriter::formRow(const FormRow &r) {
  os << "| " << markdownEscape(oneLine(r.label));
  if (r.required)
    os << " *(" << say(Msg::Required) << ")*";
  else if (!r.requiredWhen.empty())
    os << " *(" << markdownEscape(w(Msg::RequiredWhen, {oneLine(r.requiredWhen)})) << ")*";
  os << " | ";
  std::vector<std::string> parts;
  if (!r.value.empty())
    parts.push_back(inl(r.value, "", true));
  else if (r.isAuto)
    parts.push_back("*" + say(Msg::FilledAutomatically) + "*");
  else if (r.unused)
    parts.push_back("*" + say(Msg::NotUsed) + "*");
  else if (r.choices.empty())
    parts.push_back("`________`");
  if (r.value.empty() && !r.isAuto && !r.unused && !r.choices.empty()) {
    std::string c = "☐ ";
    for (size_t i = 0; i < r.choices.size(); ++i)
      c += (i ? " ☐ " : "") + markdownEscape(oneLine(r.choices[i]));
    parts.push_back(c);
  }
  if (!r.defaultText.empty())
    parts.push_back(say(Msg::Default) + "\\: " + markdownEscape(oneLine(r.defaultText)));
  if (!r.suggestions.empty()) {
    std::string s = say(Msg::UsualValues) + "\\: ";
    for (size_t i = 0; i < r.suggestions.size(); ++i)
      s += (i ? ", " : "") + w.quoted(markdownEscape(oneLine(r.suggestions[i])));
    parts.push_back(s);
  }
  if (!r.pattern.empty())
    parts.push_back(say(Msg::Format) + "\\: " + markdownEscape(oneLine(r.pattern)));
  if (r.sensitive)
    parts.push_back("**" + say(Msg::SensitiveField) + "**");
  for (size_t i = 0; i < parts.size(); ++i)
    os << (i ? " · " : "") << parts[i];
  os << " |\n";
}

void MdWriter::blocks(const std::vector<Block> &bs, const std::string &indent) {
  for (const Block &b : bs)
    block(b, indent);
}

void MdWriter::block(const Block &b, const std::string &in) {
  using K = Block::Kind;
  switch (b.kind) {
  case K::Say:
    os << in << "> " << tag(Msg::TagSay) << " " << w(Msg::QuoteOpen) << inl(b.text, in + "> ")
       << w(Msg::QuoteClose) << "\n\n";
    return;
  case K::Note:
    os << in << tag(Msg::TagNote) << " " << inl(b.text, in) << "\n\n";
    return;
  case K::Do:
    os << in << "- [ ] " << inl(b.text, in + "  ");
    if (b.optional)
      os << " *" << say(Msg::DoOptional) << "*";
    os << "\n\n";
    return;
  case K::Ask:
    os << in << tag(Msg::TagAsk) << " " << inl(b.text, in) << "\n\n";
    options(b.children, in);
    return;
  case K::Option:
    options({b}, in);
    return;
  case K::Input:
    os << in << tag(Msg::TagEnter) << " " << inl(b.text, in) << "\n\n";
    if (!b.rows.empty()) {
      for (const std::string &c : b.rows[0].choices)
        os << in << "- ☐ " << markdownEscape(oneLine(c)) << "\n";
      if (!b.rows[0].choices.empty())
        os << "\n";
      if (!b.rows[0].pattern.empty())
        os << in << say(Msg::Format) << "\\: " << markdownEscape(oneLine(b.rows[0].pattern)) << "\n\n";
      if (b.rows[0].sensitive)
        os << in << "**" << say(Msg::SensitiveField) << "**\n\n";
    }
    return;
  case K::Set:
    os << in << tag(Msg::TagSet) << " " << inl(b.text, in) << "\n\n";
    return;
  case K::Branch:
    os << in << tag(Msg::TagCheck) << "\n\n";
    options(b.children, in);
    return;
  case K::Goto:
    os << in << tag(Msg::TagGoTo) << " " << inl(b.text, in) << "\n\n";
    return;
  case K::Form:
    os << in << tag(Msg::TagForm) << " " << inl(b.text, in);
    if (b.tableAt >= 0) { // the table printed at the form's first use
      os << " (" << say(Msg::FormFieldsAt) << " " << link(b.tableAt) << ")\n\n";
      if (b.rows.empty())
        return;
      os << in << say(Msg::FormSetsHere) << "\n\n";
    } else {
      os << "\n\n";
    }
    os << in << "| " << say(Msg::FieldHeading) << " | " << say(Msg::ValueHeading) << " |\n"
       << in << "| --- | --- |\n";
    for (const FormRow &r : b.rows) {
      os << in;
      formRow(r);
    }
    os << "\n";
    return;
  case K::Charge:
    os << in << tag(Msg::TagCharge) << " " << inl(b.text, in) << "\n\n";
    return;
  case K::Invoice:
    os << in << tag(Msg::TagInvoice) << " " << say(Msg::MakeInvoice) << "\n\n";
    return;
  case K::Payment:
    os << in << tag(Msg::TagPayment) << " " << say(Msg::TakePayment);
    if (b.children.empty())
      os << " *" << say(Msg::DeclinedEndsCall) << "*";
    os << "\n\n";
    if (!b.children.empty())
      options(b.children, in);
    return;
  case K::Transfer:
    os << in << tag(Msg::TagTransfer) << " " << say(Msg::TransferTo) << " " << inl(b.text, in)
       << "\n\n";
    return;
  case K::End:
    os << in << tag(Msg::TagEnd) << " " << say(Msg::EndTheCall);
    if (!b.text.empty())
      os << " — " << inl(b.text, in);
    os << "\n\n";
    return;
  }
}

void MdWriter::document(const ScriptDoc &doc) {
  os << "# " << markdownEscape(oneLine(doc.title)) << "\n\n";
  os << say(Msg::CallScript) << " · "
     << markdownEscape(w.count(p.steps.size(), Msg::StepsOne, Msg::StepsFew, Msg::StepsMany));
  if (p.startStep >= 0)
    os << " · " << say(Msg::CallStartsAt) << " " << link(p.startStep);
  os << "\n\n## " << say(Msg::Contents) << "\n\n";
  for (size_t i = 0; i < doc.sections.size(); ++i) {
    const SectionDoc &sec = doc.sections[i];
    os << "- [" << markdownEscape(oneLine(sec.title.empty() ? w(Msg::UntitledSection) : sec.title)) << "](#"
       << anchorId("section-", std::to_string(i + 1)) << ")\n";
    for (const StepDoc &s : sec.steps) {
      std::string entry = stepRefText(p, s.index);
      if (s.title.empty() && !s.excerpt.empty())
        entry += " " + w.quoted(s.excerpt);
      os << "  - [" << markdownEscape(oneLine(entry)) << "](#" << anchorId("step-", s.id) << ")\n";
    }
  }
  for (size_t i = 0; i < doc.sections.size(); ++i) {
    const SectionDoc &sec = doc.sections[i];
    os << "\n---\n\n<a id=\"" << anchorId("section-", std::to_string(i + 1)) << "\"></a>\n\n## "
       << markdownEscape(oneLine(sec.title.empty() ? w(Msg::UntitledSection) : sec.title)) << "\n\n";
    if (!sec.role.empty())
      os << "*" << markdownEscape(oneLine(roleLine(sec.role, w))) << "*\n\n";
    for (const StepDoc &s : sec.steps) {
      os << "<a id=\"" << anchorId("step-", s.id) << "\"></a>\n\n### "
         << markdownEscape(oneLine(stepRefText(p, s.index))) << "\n\n";
      std::vector<std::string> meta;
      if (!s.role.empty())
        meta.push_back("*" + markdownEscape(oneLine(roleLine(s.role, w))) + "*");
      if (s.isStart)
        meta.push_back("**" + say(Msg::FlagStart) + "**");
      if (s.unreachable)
        meta.push_back("**" + say(Msg::FlagUnreachable) + "**");
      if (s.inTrapLoop)
        meta.push_back("**" + say(Msg::FlagTrapLoop) + "**");
      if (!s.reachedFrom.empty()) {
        std::string r = say(Msg::ReachedFrom) + " ";
        for (size_t k = 0; k < s.reachedFrom.size(); ++k) {
          const Inline &f = s.reachedFrom[k][0];
          r += (k ? ", [" : "[") + markdownEscape(p.steps[f.step].id) + "](#" +
               anchorId("step-", p.steps[f.step].id) + ")";
          if (!f.text.empty())
            r += " (" + w.quoted(markdownEscape(oneLine(f.text))) + ")";
        }
        meta.push_back(r);
      }
      for (size_t k = 0; k < meta.size(); ++k)
        os << (k ? " · " : "") << meta[k];
      if (!meta.empty())
        os << "\n\n";
      blocks(s.body, "");
    }
  }
}

} // namespace

void printScriptMarkdown(const sema::Program &p, llvm::raw_ostream &os, const ScriptOptions &opts) {
  ScriptDoc doc = buildScript(p, opts.lang);
  MdWriter(p, os, opts, doc.words).document(doc);
}

} // namespace callflow::print
