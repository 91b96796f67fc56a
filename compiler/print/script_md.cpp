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
  MdWriter(const sema::Program &p, llvm::raw_ostream &os, const ScriptOptions &o)
      : p(p), os(os), o(o) {}
  void document(const ScriptDoc &doc);

private:
  const sema::Program &p;
  llvm::raw_ostream &os;
  const ScriptOptions &o;

  std::string link(int step) const {
    std::string t = "→ " + stepRefText(p, step);
    if (step < (int)o.stepPages.size() && o.stepPages[step] > 0)
      t += ", p. " + std::to_string(o.stepPages[step]);
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
    os << " *(required)*";
  else if (!r.requiredWhen.empty())
    os << " *(required when " << markdownEscape(oneLine(r.requiredWhen)) << ")*";
  os << " | ";
  std::vector<std::string> parts;
  if (!r.value.empty())
    parts.push_back(inl(r.value, "", true));
  else if (r.isAuto)
    parts.push_back("*filled in automatically*");
  else if (r.unused)
    parts.push_back("*not used*");
  else if (r.choices.empty())
    parts.push_back("`________`");
  if (r.value.empty() && !r.isAuto && !r.unused && !r.choices.empty()) {
    std::string c = "☐ ";
    for (size_t i = 0; i < r.choices.size(); ++i)
      c += (i ? " ☐ " : "") + markdownEscape(oneLine(r.choices[i]));
    parts.push_back(c);
  }
  if (!r.defaultText.empty())
    parts.push_back("Default\\: " + markdownEscape(oneLine(r.defaultText)));
  if (!r.suggestions.empty()) {
    std::string s = "Usual values\\: ";
    for (size_t i = 0; i < r.suggestions.size(); ++i)
      s += (i ? ", “" : "“") + markdownEscape(oneLine(r.suggestions[i])) + "”";
    parts.push_back(s);
  }
  if (!r.pattern.empty())
    parts.push_back("Format\\: " + markdownEscape(oneLine(r.pattern)));
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
    os << in << "> **Say\\:** “" << inl(b.text, in + "> ") << "”\n\n";
    return;
  case K::Note:
    os << in << "**Note\\:** " << inl(b.text, in) << "\n\n";
    return;
  case K::Do:
    os << in << "- [ ] " << inl(b.text, in + "  ")
       << (b.optional ? " *(if applicable; may be skipped)*" : "") << "\n\n";
    return;
  case K::Ask:
    os << in << "**Ask\\:** " << inl(b.text, in) << "\n\n";
    options(b.children, in);
    return;
  case K::Option:
    options({b}, in);
    return;
  case K::Input:
    os << in << "**Enter\\:** " << inl(b.text, in) << "\n\n";
    if (!b.rows.empty()) {
      for (const std::string &c : b.rows[0].choices)
        os << in << "- ☐ " << markdownEscape(oneLine(c)) << "\n";
      if (!b.rows[0].choices.empty())
        os << "\n";
      if (!b.rows[0].pattern.empty())
        os << in << "Format\\: " << markdownEscape(oneLine(b.rows[0].pattern)) << "\n\n";
    }
    return;
  case K::Set:
    os << in << "**Set\\:** " << inl(b.text, in) << "\n\n";
    return;
  case K::Branch:
    os << in << "**Check\\:**\n\n";
    options(b.children, in);
    return;
  case K::Goto:
    os << in << "**Go to\\:** " << inl(b.text, in) << "\n\n";
    return;
  case K::Form:
    os << in << "**Form\\:** " << inl(b.text, in) << "\n\n";
    os << in << "| Field | Value |\n" << in << "| --- | --- |\n";
    for (const FormRow &r : b.rows) {
      os << in;
      formRow(r);
    }
    os << "\n";
    return;
  case K::Charge:
    os << in << "**Charge\\:** " << inl(b.text, in) << "\n\n";
    return;
  case K::Invoice:
    os << in << "**Invoice\\:** Make the invoice\n\n";
    return;
  case K::Payment:
    os << in << "**Payment\\:** Take payment"
       << (b.children.empty() ? " *(if it is declined, the call ends)*" : "") << "\n\n";
    if (!b.children.empty())
      options(b.children, in);
    return;
  case K::Transfer:
    os << in << "**Transfer\\:** Transfer the call to " << inl(b.text, in) << "\n\n";
    return;
  case K::End:
    os << in << "**End\\:** End the call";
    if (!b.text.empty())
      os << " — " << inl(b.text, in);
    os << "\n\n";
    return;
  }
}

void MdWriter::document(const ScriptDoc &doc) {
  os << "# " << markdownEscape(oneLine(doc.title)) << "\n\n";
  os << "Call script · " << p.steps.size() << (p.steps.size() == 1 ? " step" : " steps");
  if (p.startStep >= 0)
    os << " · the call starts at " << link(p.startStep);
  os << "\n\n## Contents\n\n";
  for (size_t i = 0; i < doc.sections.size(); ++i) {
    const SectionDoc &sec = doc.sections[i];
    os << "- [" << markdownEscape(oneLine(sec.title.empty() ? "Steps" : sec.title)) << "](#"
       << anchorId("section-", std::to_string(i + 1)) << ")\n";
    for (const StepDoc &s : sec.steps) {
      std::string entry = stepRefText(p, s.index);
      if (s.title.empty() && !s.excerpt.empty())
        entry += " “" + s.excerpt + "”";
      os << "  - [" << markdownEscape(oneLine(entry)) << "](#" << anchorId("step-", s.id) << ")\n";
    }
  }
  for (size_t i = 0; i < doc.sections.size(); ++i) {
    const SectionDoc &sec = doc.sections[i];
    os << "\n---\n\n<a id=\"" << anchorId("section-", std::to_string(i + 1)) << "\"></a>\n\n## "
       << markdownEscape(oneLine(sec.title.empty() ? "Steps" : sec.title)) << "\n\n";
    if (!sec.role.empty())
      os << "*" << markdownEscape(oneLine(roleLine(sec.role))) << "*\n\n";
    for (const StepDoc &s : sec.steps) {
      os << "<a id=\"" << anchorId("step-", s.id) << "\"></a>\n\n### "
         << markdownEscape(oneLine(stepRefText(p, s.index))) << "\n\n";
      std::vector<std::string> meta;
      if (!s.role.empty())
        meta.push_back("*" + markdownEscape(oneLine(roleLine(s.role))) + "*");
      if (s.isStart)
        meta.push_back("**Start of the call**");
      if (s.unreachable)
        meta.push_back("**Not reachable from the start**");
      if (s.inTrapLoop)
        meta.push_back("**Loop with no way out**");
      if (!s.reachedFrom.empty()) {
        std::string r = "Reached from ";
        for (size_t k = 0; k < s.reachedFrom.size(); ++k) {
          const Inline &f = s.reachedFrom[k][0];
          r += (k ? ", [" : "[") + markdownEscape(p.steps[f.step].id) + "](#" +
               anchorId("step-", p.steps[f.step].id) + ")";
          if (!f.text.empty())
            r += " (“" + markdownEscape(oneLine(f.text)) + "”)";
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
  MdWriter(p, os, opts).document(buildScript(p));
}

} // namespace callflow::print
