// The three outputs of a diff report: text (a terminal, colour on a TTY),
// Markdown (a pull-request comment, capped below GitHub's limit) and JSON
// (the versioned schema of docs/diff.md).
#include "diff/diff.h"

#include <map>
#include <set>

#include "llvm/Support/JSON.h"

namespace callflow::diff {
namespace {

char sign(Kind k) {
  switch (k) {
  case Kind::FlowAdded: case Kind::StepAdded: case Kind::StatementAdded: case Kind::LineAdded:
  case Kind::OptionAdded: case Kind::JumpAdded: case Kind::CatalogItemAdded: case Kind::MoneyAdded:
  case Kind::FormAdded: case Kind::FieldAdded: case Kind::EnumAdded: case Kind::EnumValueAdded:
  case Kind::RuleAdded: case Kind::BecameReachable: case Kind::FindingNew: case Kind::RequiredProofLost:
    return '+';
  case Kind::FlowRemoved: case Kind::StepRemoved: case Kind::StatementRemoved: case Kind::LineRemoved:
  case Kind::OptionRemoved: case Kind::JumpRemoved: case Kind::CatalogItemRemoved: case Kind::MoneyRemoved:
  case Kind::FormRemoved: case Kind::FieldRemoved: case Kind::EnumRemoved: case Kind::EnumValueRemoved:
  case Kind::RuleRemoved: case Kind::BecameUnreachable: case Kind::FindingGone: case Kind::RequiredProofGained:
    return '-';
  default:
    return '~';
  }
}

// "price changed" from "price-changed".
std::string phrase(Kind k) {
  std::string s = kindName(k);
  for (char &c : s)
    if (c == '-')
      c = ' ';
  return s;
}

struct Style {
  enum Which { Plain, Ansi, Markdown } which = Plain;
  std::string del(const std::string &s) const {
    switch (which) {
    case Ansi: return "\x1b[31m[-" + s + "-]\x1b[0m";
    case Markdown: return "~~" + s + "~~";
    default: return "[-" + s + "-]";
    }
  }
  std::string ins(const std::string &s) const {
    switch (which) {
    case Ansi: return "\x1b[32m{+" + s + "+}\x1b[0m";
    case Markdown: return "**" + s + "**";
    default: return "{+" + s + "+}";
    }
  }
  std::string text(const std::string &s) const { return which == Markdown ? escape(s) : oneLine(s); }
  static std::string oneLine(const std::string &s) {
    std::string o;
    for (char c : s)
      o += c == '\n' ? std::string("\\n") : std::string(1, c);
    return o;
  }
  static std::string escape(const std::string &s) {
    std::string o;
    for (char c : s) {
      if (c == '<')
        o += "&lt;";
      else if (c == '>')
        o += "&gt;";
      else if (c == '&')
        o += "&amp;";
      else if (c == '\n')
        o += "\\\\n";
      else {
        if (llvm::StringRef("\\`*_~|[]#").contains(c))
          o += '\\';
        o += c;
      }
    }
    return o;
  }
};

std::string describe(const Change &c, const Style &st) {
  // Markdown: the list bullet stands where the sign would ("- - x" would
  // nest a list).
  std::string s = st.which == Style::Markdown ? "" : std::string(1, sign(c.kind)) + " ";
  s += st.text(c.subject) + ": " + phrase(c.kind);
  if (!c.context.empty())
    s += " (" + st.text(c.context) + ")";
  if (!c.words.empty()) {
    s += ": \"";
    bool first = true;
    for (const WordSpan &w : c.words) {
      if (!first)
        s += " ";
      first = false;
      s += w.op == WordSpan::Op::Same    ? st.text(w.text)
           : w.op == WordSpan::Op::Removed ? st.del(st.text(w.text))
                                          : st.ins(st.text(w.text));
    }
    s += "\"";
  } else if (!c.oldValue.empty() && !c.newValue.empty()) {
    s += ": " + st.text(c.oldValue) + " \u2192 " + st.text(c.newValue);
  } else if (!c.oldValue.empty() || !c.newValue.empty()) {
    s += ": " + st.text(c.oldValue.empty() ? c.newValue : c.oldValue);
  }
  if (!c.detail.empty())
    s += " [" + st.text(c.detail) + "]";
  return s;
}

const Category kCategories[] = {Category::Flow, Category::Steps, Category::Text, Category::Branches,
                                Category::Money, Category::Forms, Category::Consequences};

std::string plural(unsigned n, const char *one, const char *many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string resumeText(const ResumeVerdict &r) {
  const char *a = r.answer == ResumeVerdict::Answer::Yes  ? "yes"
                  : r.answer == ResumeVerdict::Answer::No ? "no"
                                                          : "unknown";
  return std::string("calls in progress on OLD could resume on NEW: ") + a + " (" + r.reason + ")";
}

} // namespace

std::string Report::summary() const {
  unsigned flowsAdded = 0, flowsRemoved = 0, stepsAdded = 0, stepsRemoved = 0, prices = 0,
           items = 0, unreachable = 0, reachable = 0, findingsNew = 0, findingsGone = 0,
           proofsLost = 0, proofsGained = 0;
  std::set<std::pair<std::string, std::string>> stepsChanged, fieldsChanged, formsOther;
  for (const FlowDiff &f : flows)
    for (const Change &c : f.changes) {
      Category cat = categoryOf(c.kind);
      switch (c.kind) {
      case Kind::FlowAdded: ++flowsAdded; break;
      case Kind::FlowRemoved: ++flowsRemoved; break;
      case Kind::StepAdded: ++stepsAdded; break;
      case Kind::StepRemoved: ++stepsRemoved; break;
      case Kind::PriceChanged: ++prices; break;
      case Kind::CatalogItemAdded: case Kind::CatalogItemRemoved: case Kind::CatalogItemRenamed:
        ++items; break;
      case Kind::BecameUnreachable: ++unreachable; break;
      case Kind::BecameReachable: ++reachable; break;
      case Kind::FindingNew: ++findingsNew; break;
      case Kind::FindingGone: ++findingsGone; break;
      case Kind::RequiredProofLost: ++proofsLost; break;
      case Kind::RequiredProofGained: ++proofsGained; break;
      case Kind::QuotesChangedPrice: break;
      default:
        if (cat == Category::Steps || cat == Category::Text || cat == Category::Branches ||
            cat == Category::Money)
          stepsChanged.insert({f.flow, c.subject});
        else if (c.kind == Kind::FieldAdded || c.kind == Kind::FieldRemoved ||
                 c.kind == Kind::FieldNowOptional || c.kind == Kind::FieldNowRequired ||
                 c.kind == Kind::RequiredWhenChanged || c.kind == Kind::PatternChanged ||
                 c.kind == Kind::FieldChanged)
          fieldsChanged.insert({f.flow, c.subject});
        else if (cat == Category::Forms || cat == Category::Flow)
          formsOther.insert({f.flow, c.subject + kindName(c.kind)});
      }
    }
  std::vector<std::string> parts;
  auto add = [&](unsigned n, const char *one, const char *many) {
    if (n)
      parts.push_back(plural(n, one, many));
  };
  add(flowsAdded, "flow added", "flows added");
  add(flowsRemoved, "flow removed", "flows removed");
  add(stepsAdded, "step added", "steps added");
  add(stepsRemoved, "step removed", "steps removed");
  add(static_cast<unsigned>(stepsChanged.size()), "step changed", "steps changed");
  add(prices, "price changed", "prices changed");
  add(items, "catalog item changed", "catalog items changed");
  add(static_cast<unsigned>(fieldsChanged.size()), "field changed", "fields changed");
  add(static_cast<unsigned>(formsOther.size()), "other declaration changed", "other declarations changed");
  add(unreachable, "step no longer reachable", "steps no longer reachable");
  add(reachable, "step now reachable", "steps now reachable");
  add(proofsLost, "required-field proof lost", "required-field proofs lost");
  add(proofsGained, "required-field proof gained", "required-field proofs gained");
  add(findingsNew, "new finding", "new findings");
  add(findingsGone, "finding gone", "findings gone");
  if (parts.empty())
    return "no semantic change";
  std::string s;
  for (const std::string &p : parts)
    s += (s.empty() ? "" : ", ") + p;
  return s;
}

void renderText(const Report &r, llvm::raw_ostream &os, const RenderOptions &o) {
  Style st;
  st.which = o.color ? Style::Ansi : Style::Plain;
  for (const FlowDiff &f : r.flows) {
    os << (o.color ? "\x1b[1m" : "") << "flow " << f.flow << ": "
       << (f.oldLabel.empty() ? "(none)" : f.oldLabel) << " -> "
       << (f.newLabel.empty() ? "(none)" : f.newLabel) << (o.color ? "\x1b[0m" : "") << "\n";
    if (!f.semantic()) {
      os << "  no semantic change\n";
    }
    for (Category cat : kCategories) {
      bool header = false;
      for (const Change &c : f.changes) {
        if (categoryOf(c.kind) != cat)
          continue;
        if (!header)
          os << "  " << categoryTitle(cat) << "\n";
        header = true;
        os << "    " << describe(c, st) << "\n";
      }
    }
    if (f.semantic() && f.resume.answer != ResumeVerdict::Answer::Unknown)
      os << "  " << resumeText(f.resume) << "\n";
  }
  os << r.summary() << "\n";
}

void renderMarkdown(const Report &r, llvm::raw_ostream &os, const RenderOptions &o) {
  Style st;
  st.which = Style::Markdown;
  std::string out = "### flowc diff\n\n**" + r.summary() + "**\n\n";
  const std::string closing = "\n</details>\n";
  size_t total = 0, shown = 0;
  for (const FlowDiff &f : r.flows)
    total += f.changes.size();
  // Room kept for closing an open <details> and the truncation line.
  const size_t reserve = 400;
  bool truncated = false;
  for (const FlowDiff &f : r.flows) {
    if (truncated)
      break;
    std::string head = "#### flow `" + f.flow + "`" + (f.semantic() ? "" : ": no semantic change") + "\n\n";
    if (out.size() + head.size() + reserve > o.markdownLimit) {
      truncated = true;
      break;
    }
    out += head;
    for (Category cat : kCategories) {
      unsigned n = 0;
      for (const Change &c : f.changes)
        n += categoryOf(c.kind) == cat;
      if (!n)
        continue;
      std::string open = "<details><summary>" + std::string(categoryTitle(cat)) + " (" +
                         std::to_string(n) + ")</summary>\n\n";
      if (out.size() + open.size() + reserve > o.markdownLimit) {
        truncated = true;
        break;
      }
      out += open;
      for (const Change &c : f.changes) {
        if (categoryOf(c.kind) != cat)
          continue;
        std::string line = "- " + describe(c, st) + "\n";
        if (out.size() + line.size() + reserve > o.markdownLimit) {
          truncated = true;
          break;
        }
        out += line;
        ++shown;
      }
      out += closing + "\n";
      if (truncated)
        break;
    }
    if (!truncated && f.semantic() && f.resume.answer != ResumeVerdict::Answer::Unknown)
      out += "_" + st.text(resumeText(f.resume)) + "_\n\n";
  }
  if (truncated)
    out += "**truncated**: " + std::to_string(total - shown) + " of " + std::to_string(total) +
           " changes not shown (the comment limit); run `flowc diff` locally for all of them.\n";
  os << out;
}

void renderJson(const Report &r, llvm::raw_ostream &os) {
  llvm::json::OStream j(os, 2);
  j.object([&] {
    j.attribute("schema", "callflow-diff");
    j.attribute("version", kJsonSchemaVersion);
    j.attribute("semantic", r.semantic());
    j.attribute("summary", r.summary());
    j.attributeArray("flows", [&] {
      for (const FlowDiff &f : r.flows)
        j.object([&] {
          j.attribute("flow", f.flow);
          j.attribute("old", f.oldLabel);
          j.attribute("new", f.newLabel);
          j.attribute("semantic", f.semantic());
          j.attributeObject("resume", [&] {
            const char *a = f.resume.answer == ResumeVerdict::Answer::Yes  ? "yes"
                            : f.resume.answer == ResumeVerdict::Answer::No ? "no"
                                                                           : "unknown";
            j.attribute("answer", a);
            j.attribute("reason", f.resume.reason);
          });
          j.attributeArray("changes", [&] {
            for (const Change &c : f.changes)
              j.object([&] {
                j.attribute("category", categoryName(categoryOf(c.kind)));
                j.attribute("kind", kindName(c.kind));
                j.attribute("subject", c.subject);
                if (!c.context.empty())
                  j.attribute("context", c.context);
                if (!c.oldValue.empty())
                  j.attribute("old", c.oldValue);
                if (!c.newValue.empty())
                  j.attribute("new", c.newValue);
                if (!c.detail.empty())
                  j.attribute("detail", c.detail);
                if (!c.words.empty())
                  j.attributeArray("words", [&] {
                    for (const WordSpan &w : c.words)
                      j.object([&] {
                        j.attribute("op", w.op == WordSpan::Op::Same      ? "same"
                                          : w.op == WordSpan::Op::Removed ? "removed"
                                                                          : "added");
                        j.attribute("text", w.text);
                      });
                  });
              });
          });
        });
    });
  });
  os << "\n";
}

} // namespace callflow::diff
