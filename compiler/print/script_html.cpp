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
  HtmlWriter(const sema::Program &p, llvm::raw_ostream &os, const ScriptOptions &o, Words w)
      : p(p), os(os), o(o), w(w) {}
  void document(const ScriptDoc &doc);

private:
  const sema::Program &p;
  llvm::raw_ostream &os;
  const ScriptOptions &o;
  const Words w;

  /// The script's own words, escaped like flow text.
  void say(Msg m) { writeHtml(os, w(m)); }
  /// ", p.&nbsp;4"
  void pageRef(int page) {
    os << ", ";
    say(Msg::PageAbbrev);
    os << "&nbsp;" << page;
  }

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
  void tag(Msg t) {
    os << "<span class=\"tag\">";
    say(t);
    os << "</span>";
  }
  void blocks(const std::vector<Block> &bs);
  void block(const Block &b);
  void options(const std::vector<Block> &opts);
  void choices(const std::vector<std::string> &cs);
  void formRow(const FormRow &r);
  void step(const StepDoc &s);
  void head(const ScriptDoc &doc);
  std::string pageFooter() const;
  void cover(const ScriptDoc &doc);
};

void HtmlWriter::link(int step) {
  os << "<a class=\"jump\" href=\"#" << stepAnchor(step) << "\"><span class=\"arrow\">→</span>";
  writeHtml(os, stepRefText(p, step));
  if (int pg = stepPage(step)) {
    os << "<span class=\"page\">";
    pageRef(pg);
    os << "</span>";
  }
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
  if (r.required) {
    os << " <span class=\"req\">";
    say(Msg::Required);
    os << "</span>";
  } else if (!r.requiredWhen.empty()) {
    os << " <span class=\"req\">";
    writeHtml(os, w(Msg::RequiredWhen, {r.requiredWhen}));
    os << "</span>";
  }
  os << "</th><td class=\"val\">";
  if (!r.value.empty()) {
    inlines(r.value);
  } else if (r.isAuto) {
    os << "<span class=\"auto\">";
    say(Msg::FilledAutomatically);
    os << "</span>";
  } else if (r.unused) {
    os << "<span class=\"unused\">";
    say(Msg::NotUsed);
    os << "</span>";
  } else if (r.choices.empty()) {
    os << "<span class=\"blank\"><span class=\"line\">__________</span></span>";
  }
  if (r.value.empty() && !r.isAuto && !r.unused)
    choices(r.choices);
  if (!r.defaultText.empty()) {
    os << " <span class=\"hint\">";
    say(Msg::Default);
    os << ": ";
    writeHtml(os, r.defaultText);
    os << "</span>";
  }
  if (!r.suggestions.empty()) {
    os << " <span class=\"hint\">";
    say(Msg::UsualValues);
    os << ": ";
    for (size_t i = 0; i < r.suggestions.size(); ++i) {
      os << (i ? ", " : "") << w(Msg::QuoteOpen);
      writeHtml(os, r.suggestions[i]);
      os << w(Msg::QuoteClose);
    }
    os << "</span>";
  }
  if (!r.pattern.empty()) {
    os << " <span class=\"hint\">";
    say(Msg::Format);
    os << (r.patternIsWords ? ": " : ": <code>"); // words read as text, a regex as code
    writeHtml(os, r.pattern);
    os << (r.patternIsWords ? "</span>" : "</code></span>");
  }
  if (r.sensitive) {
    os << " <span class=\"sensitive\">";
    say(Msg::SensitiveField);
    os << "</span>";
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
    tag(Msg::TagSay);
    os << w(Msg::QuoteOpen);
    inlines(b.text);
    os << w(Msg::QuoteClose) << "</p></blockquote>\n";
    return;
  case K::Note:
    os << "<p class=\"note\">";
    tag(Msg::TagNote);
    inlines(b.text);
    os << "</p>\n";
    return;
  case K::Do:
    os << "<p class=\"do\"><span class=\"box\">☐</span>";
    inlines(b.text);
    if (b.optional) {
      os << " <span class=\"opt\">";
      say(Msg::DoOptional);
      os << "</span>";
    }
    os << "</p>\n";
    return;
  case K::Ask:
    os << "<div class=\"ask\"><p class=\"question\">";
    tag(Msg::TagAsk);
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
    tag(Msg::TagEnter);
    inlines(b.text);
    os << "</p>";
    if (!b.rows.empty()) {
      choices(b.rows[0].choices);
      if (!b.rows[0].pattern.empty()) {
        os << "<p class=\"hint\">";
        say(Msg::Format);
        os << (b.rows[0].patternIsWords ? ": " : ": <code>");
        writeHtml(os, b.rows[0].pattern);
        os << (b.rows[0].patternIsWords ? "</p>" : "</code></p>");
      }
      if (b.rows[0].sensitive) {
        os << "<p class=\"sensitive\">";
        say(Msg::SensitiveField);
        os << "</p>";
      }
    }
    os << "</div>\n";
    return;
  case K::Set:
    os << "<p class=\"set\">";
    tag(Msg::TagSet);
    inlines(b.text);
    os << "</p>\n";
    return;
  case K::Branch:
    os << "<div class=\"branch\"><p>";
    tag(Msg::TagCheck);
    os << "</p>";
    options(b.children);
    os << "</div>\n";
    return;
  case K::Goto:
    os << "<p class=\"goto\">";
    tag(Msg::TagGoTo);
    inlines(b.text);
    os << "</p>\n";
    return;
  case K::Form:
    os << "<div class=\"form\"><p class=\"form-title\">";
    tag(Msg::TagForm);
    inlines(b.text);
    if (b.tableAt >= 0) { // the table printed at the form's first use
      os << " <span class=\"form-ref\">(";
      say(Msg::FormFieldsAt);
      os << " ";
      link(b.tableAt);
      os << ")</span></p>\n";
      if (!b.rows.empty()) {
        os << "<p class=\"form-sets\">";
        say(Msg::FormSetsHere);
        os << "</p>\n<table class=\"form\"><tbody>\n";
        for (const FormRow &r : b.rows)
          formRow(r);
        os << "</tbody></table>";
      }
      os << "</div>\n";
      return;
    }
    os << "</p>\n<table class=\"form\"><tbody>\n";
    for (const FormRow &r : b.rows)
      formRow(r);
    os << "</tbody></table></div>\n";
    return;
  case K::Charge:
    os << "<p class=\"money\">";
    tag(Msg::TagCharge);
    inlines(b.text);
    os << "</p>\n";
    return;
  case K::Invoice:
    os << "<p class=\"money\">";
    tag(Msg::TagInvoice);
    say(Msg::MakeInvoice);
    os << "</p>\n";
    return;
  case K::Payment:
    os << "<div class=\"money\"><p>";
    tag(Msg::TagPayment);
    say(Msg::TakePayment);
    if (b.children.empty()) {
      os << " <span class=\"hint\">";
      say(Msg::DeclinedEndsCall);
      os << "</span>";
    }
    os << "</p>";
    if (!b.children.empty())
      options(b.children);
    os << "</div>\n";
    return;
  case K::Transfer:
    os << "<p class=\"stop\">";
    tag(Msg::TagTransfer);
    say(Msg::TransferTo);
    os << " ";
    inlines(b.text);
    os << "</p>\n";
    return;
  case K::End:
    os << "<p class=\"stop\">";
    tag(Msg::TagEnd);
    say(Msg::EndTheCall);
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
  auto flag = [&](const char *cls, Msg m) {
    os << "<span class=\"flag " << cls << "\">";
    say(m);
    os << "</span>";
  };
  if (s.isStart)
    flag("start", Msg::FlagStart);
  if (s.unreachable)
    flag("warn", Msg::FlagUnreachable);
  if (s.inTrapLoop)
    flag("warn", Msg::FlagTrapLoop);
  if (!s.role.empty()) {
    os << "<p class=\"role\">";
    writeHtml(os, roleLine(s.role, w));
    os << "</p>";
  }
  os << "</div>\n";
  if (!s.reachedFrom.empty()) {
    os << "<p class=\"from\">";
    say(Msg::ReachedFrom);
    os << " ";
    for (size_t i = 0; i < s.reachedFrom.size(); ++i) {
      const Inline &f = s.reachedFrom[i][0];
      os << (i ? ", " : "") << "<a href=\"#" << stepAnchor(f.step) << "\">";
      writeHtml(os, p.steps[f.step].id);
      os << "</a>";
      int pg = stepPage(f.step);
      if (!f.text.empty()) {
        os << " (" << w(Msg::QuoteOpen);
        writeHtml(os, f.text);
        os << w(Msg::QuoteClose);
        if (pg)
          pageRef(pg);
        os << ")";
      } else if (pg) {
        os << " (";
        say(Msg::PageAbbrev);
        os << "&nbsp;" << pg << ")";
      }
    }
    os << "</p>\n";
  }
  os << "<div class=\"body\">\n";
  blocks(s.body);
  os << "</div>\n</article>\n";
}

/// The footer's content: "Page 2 of 9" as CSS, the message's words as
/// strings around the page counters.
std::string HtmlWriter::pageFooter() const {
  llvm::StringRef t = w(Msg::PageFooter);
  std::string out, literal;
  auto put = [&](const std::string &item) { out += (out.empty() ? "" : " ") + item; };
  for (size_t i = 0; i < t.size(); ++i) {
    if (t.substr(i, 3) == "{1}" || t.substr(i, 3) == "{2}") {
      if (!literal.empty())
        put(cssString(literal));
      literal.clear();
      put(t[i + 1] == '1' ? "counter(page)" : "counter(pages)");
      i += 2;
      continue;
    }
    literal += t[i];
  }
  if (!literal.empty())
    put(cssString(literal));
  return out;
}

void HtmlWriter::head(const ScriptDoc &doc) {
  os << "<!DOCTYPE html>\n<html lang=\"" << htmlEscape(doc.lang) << "\"";
  os << ">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << kCsp << "\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     << "<meta name=\"generator\" content=\"callflow flowc script\">\n<title>";
  writeHtml(os, w(Msg::HtmlTitle, {doc.title}));
  os << "</title>\n<style>\n" << scriptStyleSheet();
  // The running header carries the flow title: a CSS string, hex-escaped.
  os << "@page {";
  if (o.paper == Paper::A4)
    os << " size: A4;";
  else if (o.paper == Paper::Letter)
    os << " size: letter;";
  const char *font = "font: 8.5pt \"Noto Sans\", \"DejaVu Sans\", \"Liberation Sans\", sans-serif;"
                     " color: #4a4a4a;";
  os << "\n  @top-left { content: " << cssString(doc.title) << "; " << font << " }\n"
     << "  @top-right { content: " << cssString(w(Msg::CallScript)) << "; " << font << " }\n"
     << "  @bottom-right { content: " << pageFooter() << "; " << font << " }\n}\n</style>\n</head>\n";
}

void HtmlWriter::cover(const ScriptDoc &doc) {
  os << "<header class=\"cover\">\n<h1>";
  writeHtml(os, doc.title);
  os << "</h1>\n<p class=\"meta\">";
  say(Msg::CallScript);
  os << " · ";
  writeHtml(os, w.count(p.steps.size(), Msg::StepsOne, Msg::StepsFew, Msg::StepsMany));
  if (p.startStep >= 0) {
    os << " · ";
    say(Msg::CallStartsAt);
    os << " ";
    link(p.startStep);
  }
  os << "</p>\n<div class=\"legend\">";
  os << "<div><span class=\"tag t-say\">";
  say(Msg::TagSay);
  os << "</span>";
  say(Msg::LegendSay);
  os << "</div><div><span class=\"tag t-note\">";
  say(Msg::TagNote);
  os << "</span>";
  say(Msg::LegendNote);
  os << "</div><div><span class=\"box\">☐</span>";
  say(Msg::LegendAction);
  os << "</div><div><span class=\"blank\"><span class=\"label\">";
  say(Msg::LegendBlankLabel);
  os << ":</span> <span class=\"line\">__________</span></span>";
  say(Msg::LegendBlank);
  os << "</div><div><a class=\"jump\" href=\"#" << anchorId("toc", "")
     << "\"><span class=\"arrow\">→</span>";
  say(Msg::LegendStep);
  os << "</a>";
  say(Msg::LegendJump);
  os << "</div></div>\n";
  os << "<nav class=\"toc\" id=\"" << anchorId("toc", "") << "\">\n<h2>";
  say(Msg::Contents);
  os << "</h2>\n<ol>\n";
  for (size_t i = 0; i < doc.sections.size(); ++i) {
    const SectionDoc &sec = doc.sections[i];
    os << "<li><a href=\"#" << anchorId("section-", std::to_string(i + 1))
       << "\"><span class=\"ttl\">";
    writeHtml(os, sec.title.empty() ? w(Msg::UntitledSection) : sec.title);
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
        os << "<span class=\"excerpt\">" << w(Msg::QuoteOpen);
        writeHtml(os, s.excerpt);
        os << w(Msg::QuoteClose) << "</span>";
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
    writeHtml(os, sec.title.empty() ? w(Msg::UntitledSection) : sec.title);
    if (!sec.role.empty()) {
      os << "<span class=\"section-role\">";
      writeHtml(os, roleLine(sec.role, w));
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
  ScriptDoc doc = buildScript(p, opts.lang);
  HtmlWriter(p, os, opts, doc.words).document(doc);
}

} // namespace callflow::print
