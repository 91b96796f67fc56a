// The call script as one self-contained HTML file for print: a cover with
// the title, a legend and the table of contents, then one page-starting
// section per flow section with a block per step. Every piece of flow text
// goes through escape.h; the only URLs written are `#` + anchorId(...).
#include "print/escape.h"
#include "print/print.h"
#include "print/script_model.h"

namespace callflow::print {
namespace {

const char *kCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

class HtmlWriter {
public:
  HtmlWriter(const sema::Program &p, llvm::raw_ostream &os, const ScriptOptions &o)
      : p(p), os(os), o(o) {}
  void document(const ScriptDoc &doc);

private:
  const sema::Program &p;
  llvm::raw_ostream &os;
  const ScriptOptions &o;

  std::string stepAnchor(int step) const { return anchorId("step-", p.steps[step].id); }
  /// The page of a step or section in the printed PDF, 0 when unknown.
  int stepPage(int step) const {
    return step >= 0 && step < (int)o.stepPages.size() ? o.stepPages[step] : 0;
  }
  int sectionPage(size_t i) const { return i < o.sectionPages.size() ? o.sectionPages[i] : 0; }
  /// The page number at the end of a contents entry (nothing when unknown).
  void tocPage(int page) {
    if (page > 0)
      os << "<span class=\"lead\"></span><span class=\"pg\">" << page << "</span>";
  }
  void link(int step);
  void inlines(const Inlines &in);
  void tag(llvm::StringRef t) { os << "<span class=\"tag\">" << t << "</span>"; }
  void blocks(const std::vector<Block> &bs);
  void block(const Block &b);
  void options(const std::vector<Block> &opts);
  void choices(const std::vector<std::string> &cs);
  void formRow(const FormRow &r);
  void step(const StepDoc &s);
  void head(const ScriptDoc &doc);
  void cover(const ScriptDoc &doc);
};

void HtmlWriter::link(int step) {
  os << "<a class=\"jump\" href=\"#" << stepAnchor(step) << "\"><span class=\"arrow\">→</span>";
  writeHtml(os, stepRefText(p, step));
  if (int pg = stepPage(step))
    os << "<span class=\"page\">, p.&nbsp;" << pg << "</span>";
  os << "</a>";
}

void HtmlWriter::inlines(const Inlines &in) {
  for (const Inline &i : in) {
    switch (i.kind) {
    case Inline::Kind::Text:
      writeHtmlLines(os, i.text);
      break;
    case Inline::Kind::Blank:
      os << "<span class=\"blank\">";
      if (!i.text.empty()) {
        os << "<span class=\"label\">";
        writeHtml(os, i.text);
        os << ":</span> ";
      }
      os << "<span class=\"line\">__________</span></span>";
      break;
    case Inline::Kind::Value:
      os << "<span class=\"value\">";
      writeHtml(os, i.text);
      os << "</span>";
      break;
    case Inline::Kind::Link:
      if (!i.text.empty()) {
        os << "<span class=\"option-label\">";
        writeHtml(os, i.text);
        os << "</span> ";
      }
      link(i.step);
      break;
    }
  }
}

void HtmlWriter::choices(const std::vector<std::string> &cs) {
  if (cs.empty())
    return;
  os << "<ul class=\"choices\">";
  for (const std::string &c : cs) {
    os << "<li><span class=\"box\">☐</span>";
    writeHtml(os, c);
    os << "</li>";
  }
  os << "</ul>";
}

void HtmlWriter::options(const std::vector<Block> &opts) {
  os << "<ul class=\"options\">\n";
  for (const Block &opt : opts) {
    os << "<li>";
    // The lead (option label / condition) in bold, then the jump if any.
    bool lead = true;
    for (const Inline &i : opt.text) {
      if (i.kind == Inline::Kind::Link) {
        if (lead)
          os << " ";
        lead = false;
        link(i.step);
        continue;
      }
      if (lead)
        os << "<span class=\"option-label\">";
      inlines({i});
      if (lead)
        os << "</span>";
    }
    if (!opt.children.empty()) {
      os << ":<div class=\"sub\">\n";
      blocks(opt.children);
      os << "</div>";
    }
    os << "</li>\n";
  }
  os << "</ul>";
}

void HtmlWriter::formRow(const FormRow &r) {
  os << "<tr><th>";
  writeHtml(os, r.label);
  if (r.required)
    os << " <span class=\"req\">required</span>";
  else if (!r.requiredWhen.empty()) {
    os << " <span class=\"req\">required when ";
    writeHtml(os, r.requiredWhen);
    os << "</span>";
  }
  os << "</th><td class=\"val\">";
  if (!r.value.empty())
    inlines(r.value);
  else if (r.isAuto)
    os << "<span class=\"auto\">filled in automatically</span>";
  else if (r.unused)
    os << "<span class=\"unused\">not used</span>";
  else if (r.choices.empty())
    os << "<span class=\"blank\"><span class=\"line\">__________</span></span>";
  if (r.value.empty() && !r.isAuto && !r.unused)
    choices(r.choices);
  if (!r.defaultText.empty()) {
    os << " <span class=\"hint\">Default: ";
    writeHtml(os, r.defaultText);
    os << "</span>";
  }
  if (!r.suggestions.empty()) {
    os << " <span class=\"hint\">Usual values: ";
    for (size_t i = 0; i < r.suggestions.size(); ++i) {
      os << (i ? ", “" : "“");
      writeHtml(os, r.suggestions[i]);
      os << "”";
    }
    os << "</span>";
  }
  if (!r.pattern.empty()) {
    os << " <span class=\"hint\">Format: <code>";
    writeHtml(os, r.pattern);
    os << "</code></span>";
  }
  os << "</td></tr>\n";
}

void HtmlWriter::blocks(const std::vector<Block> &bs) {
  for (const Block &b : bs)
    block(b);
}

void HtmlWriter::block(const Block &b) {
  using K = Block::Kind;
  switch (b.kind) {
  case K::Say:
    os << "<blockquote class=\"say\"><p>";
    tag("Say");
    os << "“";
    inlines(b.text);
    os << "”</p></blockquote>\n";
    return;
  case K::Note:
    os << "<p class=\"note\">";
    tag("Note");
    inlines(b.text);
    os << "</p>\n";
    return;
  case K::Do:
    os << "<p class=\"do\"><span class=\"box\">☐</span>";
    inlines(b.text);
    if (b.optional)
      os << " <span class=\"opt\">(if applicable; may be skipped)</span>";
    os << "</p>\n";
    return;
  case K::Ask:
    os << "<div class=\"ask\"><p class=\"question\">";
    tag("Ask");
    inlines(b.text);
    os << "</p>";
    options(b.children);
    os << "</div>\n";
    return;
  case K::Option:
    options({b});
    return;
  case K::Input:
    os << "<div class=\"input\"><p>";
    tag("Enter");
    inlines(b.text);
    os << "</p>";
    if (!b.rows.empty()) {
      choices(b.rows[0].choices);
      if (!b.rows[0].pattern.empty()) {
        os << "<p class=\"hint\">Format: <code>";
        writeHtml(os, b.rows[0].pattern);
        os << "</code></p>";
      }
    }
    os << "</div>\n";
    return;
  case K::Set:
    os << "<p class=\"set\">";
    tag("Set");
    inlines(b.text);
    os << "</p>\n";
    return;
  case K::Branch:
    os << "<div class=\"branch\"><p>";
    tag("Check");
    os << "</p>";
    options(b.children);
    os << "</div>\n";
    return;
  case K::Goto:
    os << "<p class=\"goto\">";
    tag("Go to");
    inlines(b.text);
    os << "</p>\n";
    return;
  case K::Form:
    os << "<div class=\"form\"><p class=\"form-title\">";
    tag("Form");
    inlines(b.text);
    os << "</p>\n<table class=\"form\"><tbody>\n";
    for (const FormRow &r : b.rows)
      formRow(r);
    os << "</tbody></table></div>\n";
    return;
  case K::Charge:
    os << "<p class=\"money\">";
    tag("Charge");
    inlines(b.text);
    os << "</p>\n";
    return;
  case K::Invoice:
    os << "<p class=\"money\">";
    tag("Invoice");
    os << "Make the invoice</p>\n";
    return;
  case K::Payment:
    os << "<div class=\"money\"><p>";
    tag("Payment");
    os << "Take payment";
    if (b.children.empty())
      os << " <span class=\"hint\">(if it is declined, the call ends)</span>";
    os << "</p>";
    if (!b.children.empty())
      options(b.children);
    os << "</div>\n";
    return;
  case K::Transfer:
    os << "<p class=\"stop\">";
    tag("Transfer");
    os << "Transfer the call to ";
    inlines(b.text);
    os << "</p>\n";
    return;
  case K::End:
    os << "<p class=\"stop\">";
    tag("End");
    os << "End the call";
    if (!b.text.empty()) {
      os << " — ";
      inlines(b.text);
    }
    os << "</p>\n";
    return;
  }
}

void HtmlWriter::step(const StepDoc &s) {
  bool split = s.index < (int)o.splitSteps.size() && o.splitSteps[s.index];
  os << "<article class=\"step" << (split ? " split" : "") << "\" id=\"" << stepAnchor(s.index)
     << "\">\n<div class=\"step-head\">"
     << "<span class=\"step-id\">";
  writeHtml(os, s.id);
  os << "</span>";
  if (!s.title.empty()) {
    os << "<h3>";
    writeHtml(os, s.title);
    os << "</h3>";
  }
  if (s.isStart)
    os << "<span class=\"flag start\">Start of the call</span>";
  if (s.unreachable)
    os << "<span class=\"flag warn\">Not reachable from the start</span>";
  if (s.inTrapLoop)
    os << "<span class=\"flag warn\">Loop with no way out</span>";
  if (!s.role.empty()) {
    os << "<p class=\"role\">";
    writeHtml(os, roleLine(s.role));
    os << "</p>";
  }
  os << "</div>\n";
  if (!s.reachedFrom.empty()) {
    os << "<p class=\"from\">Reached from ";
    for (size_t i = 0; i < s.reachedFrom.size(); ++i) {
      const Inline &f = s.reachedFrom[i][0];
      os << (i ? ", " : "") << "<a href=\"#" << stepAnchor(f.step) << "\">";
      writeHtml(os, p.steps[f.step].id);
      os << "</a>";
      int pg = stepPage(f.step);
      if (!f.text.empty()) {
        os << " (“";
        writeHtml(os, f.text);
        os << "”";
        if (pg)
          os << ", p.&nbsp;" << pg;
        os << ")";
      } else if (pg) {
        os << " (p.&nbsp;" << pg << ")";
      }
    }
    os << "</p>\n";
  }
  os << "<div class=\"body\">\n";
  blocks(s.body);
  os << "</div>\n</article>\n";
}

void HtmlWriter::head(const ScriptDoc &doc) {
  os << "<!DOCTYPE html>\n<html lang=\"" << htmlEscape(o.lang.empty() ? doc.lang : o.lang) << "\"";
  os << ">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << kCsp << "\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     << "<meta name=\"generator\" content=\"callflow flowc script\">\n<title>";
  writeHtml(os, doc.title);
  os << " — Call script</title>\n<style>\n" << scriptStyleSheet();
  // The running header carries the flow title: a CSS string, hex-escaped.
  os << "@page {";
  if (o.paper == Paper::A4)
    os << " size: A4;";
  else if (o.paper == Paper::Letter)
    os << " size: letter;";
  os << "\n  @top-left { content: " << cssString(doc.title)
     << "; font: 8.5pt \"Noto Sans\", \"DejaVu Sans\", \"Liberation Sans\", sans-serif;"
        " color: #4a4a4a; }\n"
     << "  @top-right { content: \"Call script\"; font: 8.5pt \"Noto Sans\", \"DejaVu Sans\","
        " \"Liberation Sans\", sans-serif; color: #4a4a4a; }\n}\n</style>\n</head>\n";
}

void HtmlWriter::cover(const ScriptDoc &doc) {
  os << "<header class=\"cover\">\n<h1>";
  writeHtml(os, doc.title);
  os << "</h1>\n<p class=\"meta\">Call script · " << p.steps.size()
     << (p.steps.size() == 1 ? " step" : " steps");
  if (p.startStep >= 0) {
    os << " · the call starts at ";
    link(p.startStep);
  }
  os << "</p>\n<div class=\"legend\">"
     << "<div><span class=\"tag t-say\">Say</span>read aloud, word for word</div>"
     << "<div><span class=\"tag t-note\">Note</span>for you, not read aloud</div>"
     << "<div><span class=\"box\">☐</span>an action to perform</div>"
     << "<div><span class=\"blank\"><span class=\"label\">Name:</span> <span class=\"line\">"
        "__________</span></span>fill in</div>"
     << "<div><a class=\"jump\" href=\"#" << anchorId("toc", "")
     << "\"><span class=\"arrow\">→</span>step</a>go to that step</div></div>\n";
  os << "<nav class=\"toc\" id=\"" << anchorId("toc", "") << "\">\n<h2>Contents</h2>\n<ol>\n";
  for (size_t i = 0; i < doc.sections.size(); ++i) {
    const SectionDoc &sec = doc.sections[i];
    os << "<li><a href=\"#" << anchorId("section-", std::to_string(i + 1))
       << "\"><span class=\"ttl\">";
    writeHtml(os, sec.title.empty() ? "Steps" : sec.title);
    os << "</span>";
    tocPage(sectionPage(i));
    os << "</a>\n<ol>\n";
    for (const StepDoc &s : sec.steps) {
      os << "<li><a href=\"#" << stepAnchor(s.index) << "\"><span class=\"sid\">";
      writeHtml(os, s.id);
      os << "</span> <span class=\"ttl\">";
      if (!s.title.empty()) {
        writeHtml(os, s.title);
      } else if (!s.excerpt.empty()) {
        os << "<span class=\"excerpt\">“";
        writeHtml(os, s.excerpt);
        os << "”</span>";
      }
      os << "</span>";
      tocPage(stepPage(s.index));
      os << "</a></li>\n";
    }
    os << "</ol></li>\n";
  }
  os << "</ol>\n</nav>\n</header>\n";
}

void HtmlWriter::document(const ScriptDoc &doc) {
  head(doc);
  os << "<body>\n";
  cover(doc);
  os << "<main>\n";
  for (size_t i = 0; i < doc.sections.size(); ++i) {
    const SectionDoc &sec = doc.sections[i];
    os << "<section class=\"section\" id=\"" << anchorId("section-", std::to_string(i + 1))
       << "\">\n<h2 class=\"section-title\">";
    writeHtml(os, sec.title.empty() ? "Steps" : sec.title);
    if (!sec.role.empty()) {
      os << "<span class=\"section-role\">";
      writeHtml(os, roleLine(sec.role));
      os << "</span>";
    }
    os << "</h2>\n";
    for (const StepDoc &s : sec.steps)
      step(s);
    os << "</section>\n";
  }
  os << "</main>\n</body>\n</html>\n";
}

} // namespace

void printScriptHtml(const sema::Program &p, llvm::raw_ostream &os, const ScriptOptions &opts) {
  HtmlWriter(p, os, opts).document(buildScript(p));
}

} // namespace callflow::print
