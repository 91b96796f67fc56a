// diffFlows: the flow, its steps (by ID), catalog (by code), forms and
// fields (by name), enums (by value name), session variables, and what
// follows: reachability, findings new or gone, required-field proofs, and
// whether calls in progress could resume.
#include "diff/diff.h"

#include <algorithm>
#include <map>

#include "callflow/journal.h"
#include "callflow/value.h"
#include "llvm/Support/Path.h"

namespace callflow::diff {
namespace {

using internal::exprText;

std::string money(int64_t cents, llvm::StringRef currency) {
  std::string s = cents < 0 ? "-" : "";
  uint64_t a = cents < 0 ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  std::string c = std::to_string(a % 100);
  s += std::to_string(a / 100) + "." + (c.size() < 2 ? "0" : "") + c;
  return currency.empty() ? s : s + " " + currency.str();
}

/// "29.99 USD", "14.99 USD / month", "4% of charges".
std::string price(const sema::CatalogItemInfo &c) {
  if (c.kind == bc::ItemKind::Percent) {
    std::string rate;
    appendPercent(rate, c.percent);
    return rate + " of charges";
  }
  std::string s = money(c.cents, c.currency);
  return c.kind == bc::ItemKind::Monthly ? s + " / month" : s;
}

std::string sectionOf(const sema::Program &p, const sema::StepInfo &s) {
  return s.section < 0 ? "" : p.sections[s.section].title;
}

Change change(Kind k, std::string_view subject, std::string_view oldV = {}, std::string_view newV = {},
              std::string_view detail = {}) {
  return Change{k, std::string(subject), "", std::string(oldV), std::string(newV), std::string(detail), {}};
}

std::string constantText(const sema::Program &p, const sema::FieldInfo &f) {
  const sema::Constant &c = f.defaultValue;
  switch (c.kind) {
  case sema::Constant::Kind::None: return "";
  case sema::Constant::Kind::Text: return "\"" + c.text + "\"";
  case sema::Constant::Kind::Money: return money(c.number, "");
  case sema::Constant::Kind::Number: return std::to_string(c.number);
  case sema::Constant::Kind::Bool: return c.number ? "true" : "false";
  case sema::Constant::Kind::Date: return formatIsoDate(c.number);
  case sema::Constant::Kind::Time: return formatTime(c.number);
  case sema::Constant::Kind::EnumValue:
    if (f.type.enumIndex >= 0 && f.type.enumIndex < static_cast<int>(p.enums.size()) &&
        c.number >= 0 && c.number < static_cast<int64_t>(p.enums[f.type.enumIndex].values.size()))
      return p.enums[f.type.enumIndex].values[c.number].name;
    return std::to_string(c.number);
  }
  return "";
}

std::string flagsText(const sema::FieldInfo &f) {
  std::string s;
  if (f.isAuto)
    s += " auto";
  if (f.unused)
    s += " unused";
  if (f.sensitive)
    s += " sensitive";
  for (const std::string &x : f.suggestions)
    s += " suggest \"" + x + "\"";
  return s;
}

// Fields of a form or the session variables.
void diffFields(const sema::Program &a, const std::vector<sema::FieldInfo> &fa,
                const sema::Program &b, const std::vector<sema::FieldInfo> &fb,
                const std::string &prefix, std::vector<Change> &out) {
  llvm::StringMap<const sema::FieldInfo *> byName;
  for (const sema::FieldInfo &f : fb)
    byName[f.name] = &f;
  llvm::StringMap<bool> seen;
  for (const sema::FieldInfo &o : fa) {
    seen[o.name] = true;
    std::string subject = prefix + o.name;
    auto it = byName.find(o.name);
    if (it == byName.end()) {
      out.push_back(change(Kind::FieldRemoved, subject, o.label));
      continue;
    }
    const sema::FieldInfo &n = *it->second;
    if (o.required && !n.required)
      out.push_back(change(Kind::FieldNowOptional, subject, "required", "optional"));
    else if (!o.required && n.required)
      out.push_back(change(Kind::FieldNowRequired, subject, "optional", "required"));
    std::string wa = o.requiredWhen ? exprText(*o.requiredWhen) : "";
    std::string wb = n.requiredWhen ? exprText(*n.requiredWhen) : "";
    if (wa != wb)
      out.push_back(change(Kind::RequiredWhenChanged, subject, wa, wb));
    std::string pa = o.hasPattern ? o.pattern : "", pb = n.hasPattern ? n.pattern : "";
    if (pa != pb || o.hasPattern != n.hasPattern)
      out.push_back(change(Kind::PatternChanged, subject, pa, pb));
    std::string ta = a.typeName(o.type), tb = b.typeName(n.type);
    if (ta != tb)
      out.push_back(change(Kind::FieldChanged, subject, ta, tb, "type"));
    if (o.label != n.label) {
      Change c = change(Kind::FieldChanged, subject, o.label, n.label, "label");
      c.words = wordDiff(o.label, n.label);
      out.push_back(std::move(c));
    }
    std::string da = constantText(a, o), db = constantText(b, n);
    if (da != db)
      out.push_back(change(Kind::FieldChanged, subject, da, db, "default"));
    std::string ga = flagsText(o), gb = flagsText(n);
    if (ga != gb)
      out.push_back(change(Kind::FieldChanged, subject, ga, gb, "modifiers"));
  }
  for (const sema::FieldInfo &n : fb)
    if (!seen.count(n.name))
      out.push_back(change(Kind::FieldAdded, prefix + n.name, "",
                           n.label + " : " + b.typeName(n.type) + (n.required ? " required" : "")));
}

void diffRules(const sema::FormInfo &a, const sema::FormInfo &b, std::vector<Change> &out) {
  auto text = [](const sema::RuleInfo &r) {
    return std::make_pair(r.message, r.cond ? exprText(*r.cond) : std::string("?"));
  };
  std::vector<std::pair<std::string, std::string>> ra, rb;
  for (const auto &r : a.rules)
    ra.push_back(text(r));
  for (const auto &r : b.rules)
    rb.push_back(text(r));
  std::map<std::pair<std::string, std::string>, int> count;
  for (const auto &r : ra)
    ++count[r];
  std::vector<std::pair<std::string, std::string>> gone, added;
  for (const auto &r : rb)
    if (count[r] > 0)
      --count[r];
    else
      added.push_back(r);
  for (const auto &[r, n] : count)
    for (int i = 0; i < n; ++i)
      gone.push_back(r);
  std::vector<bool> used(added.size(), false);
  for (const auto &g : gone) {
    bool done = false;
    for (size_t j = 0; j < added.size() && !done; ++j)
      if (!used[j] && (added[j].first == g.first || added[j].second == g.second)) {
        used[j] = done = true;
        Change c = change(Kind::RuleChanged, b.name, "rule \"" + g.first + "\" when " + g.second,
                          "rule \"" + added[j].first + "\" when " + added[j].second);
        out.push_back(std::move(c));
      }
    if (!done)
      out.push_back(change(Kind::RuleRemoved, b.name, "rule \"" + g.first + "\" when " + g.second));
  }
  for (size_t j = 0; j < added.size(); ++j)
    if (!used[j])
      out.push_back(change(Kind::RuleAdded, b.name, "",
                           "rule \"" + added[j].first + "\" when " + added[j].second));
}

void diffEnums(const sema::Program &a, const sema::Program &b, std::vector<Change> &out) {
  for (const sema::EnumInfo &o : a.enums) {
    auto it = b.enumByName.find(o.name);
    if (it == b.enumByName.end()) {
      out.push_back(change(Kind::EnumRemoved, o.name));
      continue;
    }
    const sema::EnumInfo &n = b.enums[it->second];
    for (const sema::EnumValueInfo &v : o.values) {
      int k = n.findValue(v.name);
      if (k < 0)
        out.push_back(change(Kind::EnumValueRemoved, o.name + "." + v.name, v.label));
      else if (n.values[k].label != v.label)
        out.push_back(change(Kind::EnumValueRelabelled, o.name + "." + v.name, v.label, n.values[k].label));
    }
    for (const sema::EnumValueInfo &v : n.values)
      if (o.findValue(v.name) < 0)
        out.push_back(change(Kind::EnumValueAdded, n.name + "." + v.name, "", v.label));
  }
  for (const sema::EnumInfo &n : b.enums)
    if (!a.enumByName.count(n.name))
      out.push_back(change(Kind::EnumAdded, n.name));
}

void diffCatalog(const sema::Program &a, const sema::Program &b, std::vector<Change> &out,
                 std::map<int64_t, std::string> &priceChanged) {
  for (const sema::CatalogItemInfo &o : a.catalog) {
    std::string subject = "catalog " + std::to_string(o.code);
    auto it = b.catalogByCode.find(o.code);
    if (it == b.catalogByCode.end()) {
      out.push_back(change(Kind::CatalogItemRemoved, subject, o.name + " " + price(o)));
      continue;
    }
    const sema::CatalogItemInfo &n = b.catalog[it->second];
    if (o.cents != n.cents || o.currency != n.currency || o.kind != n.kind || o.percent != n.percent) {
      std::string was = price(o), now = price(n);
      out.push_back(change(Kind::PriceChanged, subject, was, now, n.name));
      priceChanged[o.code] = was + " \u2192 " + now;
    }
    if (o.name != n.name)
      out.push_back(change(Kind::CatalogItemRenamed, subject, o.name, n.name));
  }
  for (const sema::CatalogItemInfo &n : b.catalog)
    if (!a.catalogByCode.count(n.code))
      out.push_back(change(Kind::CatalogItemAdded, "catalog " + std::to_string(n.code), "",
                           n.name + " " + price(n)));
}

// The lines of NEW that quote a changed price: `{price 320}`.
void quotes(const sema::Program &b, const std::map<int64_t, std::string> &changed,
            std::vector<Change> &out) {
  if (changed.empty())
    return;
  std::function<void(const ast::Block &, const std::string &)> walk;
  auto text = [&](const ast::Text &t, const std::string &step) {
    for (const ast::Placeholder &ph : t.placeholders())
      if (ph.kind == ast::Placeholder::Kind::Price && changed.count(ph.priceCode)) {
        out.push_back(
            change(Kind::QuotesChangedPrice, step, "", t.str(),
                   "price " + std::to_string(ph.priceCode) + ": " + changed.at(ph.priceCode)));
        return;
      }
  };
  walk = [&](const ast::Block &blk, const std::string &step) {
    for (const ast::StmtPtr &s : blk.stmts) {
      if (!s)
        continue;
      if (const auto *x = llvm::dyn_cast<ast::SayStmt>(s.get()))
        text(x->text, step);
      else if (const auto *x = llvm::dyn_cast<ast::NoteStmt>(s.get()))
        text(x->text, step);
      else if (const auto *x = llvm::dyn_cast<ast::AskStmt>(s.get())) {
        text(x->question, step);
        for (const ast::AskOption &o : x->options) {
          text(o.label, step);
          if (o.body)
            walk(*o.body, step);
        }
      } else if (const auto *x = llvm::dyn_cast<ast::IfBlockStmt>(s.get())) {
        for (const auto &arm : x->arms)
          walk(arm.body, step);
        if (x->otherwise)
          walk(*x->otherwise, step);
      } else if (const auto *x = llvm::dyn_cast<ast::TakePaymentStmt>(s.get())) {
        if (x->elseBody)
          walk(*x->elseBody, step);
      }
    }
  };
  for (const sema::StepInfo &s : b.steps)
    if (s.decl)
      walk(s.decl->body, std::string(s.id));
}

// ---- findings ------------------------------------------------------------

struct FindingKey {
  std::string code, step, message;
  bool operator<(const FindingKey &o) const {
    return std::tie(code, step, message) < std::tie(o.code, o.step, o.message);
  }
};

class StepLocator {
public:
  explicit StepLocator(const sema::Program &p) {
    for (const sema::StepInfo &s : p.steps)
      if (s.decl && s.decl->range.Start.isValid())
        spans_.push_back({s.decl->range.Start.getPointer(), s.decl->range.End.getPointer(), &s.id});
    std::sort(spans_.begin(), spans_.end(),
              [](const Span &x, const Span &y) { return std::less<const char *>()(x.begin, y.begin); });
  }
  std::string stepAt(llvm::SMLoc loc) const {
    if (!loc.isValid())
      return "";
    const char *p = loc.getPointer();
    auto it = std::upper_bound(spans_.begin(), spans_.end(), p, [](const char *q, const Span &s) {
      return std::less<const char *>()(q, s.begin);
    });
    if (it == spans_.begin())
      return "";
    --it;
    return std::less_equal<const char *>()(p, it->end) ? std::string(*it->id) : "";
  }

private:
  struct Span {
    const char *begin, *end;
    const std::string_view *id;
  };
  std::vector<Span> spans_;
};

std::string where(const Side &s, const diag::Diagnostic &d) {
  if (!s.sm || !d.range.Start.isValid())
    return "";
  unsigned buf = s.sm->FindBufferContainingLoc(d.range.Start);
  if (!buf)
    return "";
  auto [line, col] = s.sm->getLineAndColumn(d.range.Start, buf);
  return llvm::sys::path::filename(s.sm->getMemoryBuffer(buf)->getBufferIdentifier()).str() + ":" +
         std::to_string(line) + ":" + std::to_string(col);
}

void diffFindings(const Side &a, const Side &b, std::vector<Change> &out) {
  StepLocator la(*a.program), lb(*b.program);
  std::map<FindingKey, std::vector<const diag::Diagnostic *>> ka, kb;
  for (const diag::Diagnostic &d : a.diagnostics)
    if (d.severity != diag::Severity::Note)
      ka[{d.info().code, la.stepAt(d.range.Start), d.message}].push_back(&d);
  for (const diag::Diagnostic &d : b.diagnostics)
    if (d.severity != diag::Severity::Note)
      kb[{d.info().code, lb.stepAt(d.range.Start), d.message}].push_back(&d);
  auto emit = [&](const FindingKey &k, const diag::Diagnostic &d, const Side &s, bool isNew) {
    bool proof = k.code == "E0301" || k.code == "E0302";
    Kind kind = proof ? (isNew ? Kind::RequiredProofLost : Kind::RequiredProofGained)
                      : (isNew ? Kind::FindingNew : Kind::FindingGone);
    std::string text = std::string(diag::severityName(d.severity)) + ": " + d.message + " [" + k.code + "]";
    Change c = change(kind, k.step.empty() ? k.code : k.step, isNew ? "" : text, isNew ? text : "",
                      where(s, d));
    out.push_back(std::move(c));
  };
  for (const auto &[k, v] : kb) {
    auto it = ka.find(k);
    size_t had = it == ka.end() ? 0 : it->second.size();
    for (size_t i = had; i < v.size(); ++i)
      emit(k, *v[i], b, true);
  }
  for (const auto &[k, v] : ka) {
    auto it = kb.find(k);
    size_t has = it == kb.end() ? 0 : it->second.size();
    for (size_t i = has; i < v.size(); ++i)
      emit(k, *v[i], a, false);
  }
}

ResumeVerdict resume(const Side &a, const Side &b) {
  ResumeVerdict r;
  if (!a.bytecode || !b.bytecode) {
    r.reason = !a.bytecode ? "OLD does not compile to bytecode" : "NEW does not compile to bytecode";
    return r;
  }
  JournalProgramId ia = JournalProgramId::of(*a.bytecode), ib = JournalProgramId::of(*b.bytecode);
  r.oldCrc = ia.crc, r.oldSize = ia.size, r.newCrc = ib.crc, r.newSize = ib.size;
  if (ia == ib && *a.bytecode == *b.bytecode) {
    r.answer = ResumeVerdict::Answer::Yes;
    r.reason = "identical bytecode: journals of OLD replay on NEW";
  } else {
    r.answer = ResumeVerdict::Answer::No;
    r.reason = "the bytecode differs: flowrun --resume refuses a journal of OLD on NEW (the "
               "journal names the program by the CRC32 and size of its bytecode); calls in "
               "progress must finish on OLD";
  }
  return r;
}

} // namespace

unsigned FlowDiff::count(Kind k) const {
  return static_cast<unsigned>(
      std::count_if(changes.begin(), changes.end(), [&](const Change &c) { return c.kind == k; }));
}

FlowDiff diffFlows(const Side &oldSide, const Side &newSide) {
  FlowDiff d;
  d.oldLabel = oldSide.label;
  d.newLabel = newSide.label;
  const sema::Program *a = oldSide.program, *b = newSide.program;
  d.flow = b ? b->flowName : a ? a->flowName : "";
  if (!a || !b) {
    if (a || b)
      d.changes.push_back(change(a ? Kind::FlowRemoved : Kind::FlowAdded, d.flow));
    return d;
  }
  std::vector<Change> &out = d.changes;
  if (a->flowTitle != b->flowTitle)
    out.push_back(change(Kind::FlowRetitled, d.flow, a->flowTitle, b->flowTitle));
  auto stepName = [](const sema::Program &p, int i) {
    return i >= 0 && i < static_cast<int>(p.steps.size()) ? std::string(p.steps[i].id) : std::string();
  };
  if (stepName(*a, a->startStep) != stepName(*b, b->startStep))
    out.push_back(change(Kind::StartChanged, d.flow, stepName(*a, a->startStep), stepName(*b, b->startStep)));

  // Steps, by ID, in NEW's order (removed ones where OLD had them, after).
  for (const sema::StepInfo &o : a->steps)
    if (!b->stepByName.count(o.id))
      out.push_back(change(Kind::StepRemoved, o.id, o.title));
  for (const sema::StepInfo &n : b->steps) {
    auto it = a->stepByName.find(n.id);
    if (it == a->stepByName.end()) {
      out.push_back(change(Kind::StepAdded, n.id, "", n.title));
      continue;
    }
    const sema::StepInfo &o = a->steps[it->second];
    if (o.title != n.title) {
      Change c = change(Kind::StepRetitled, n.id, o.title, n.title);
      c.words = wordDiff(o.title, n.title);
      out.push_back(std::move(c));
    }
    if (sectionOf(*a, o) != sectionOf(*b, n))
      out.push_back(change(Kind::StepMoved, n.id, sectionOf(*a, o), sectionOf(*b, n), "section"));
    if (o.role != n.role)
      out.push_back(change(Kind::StepRoleChanged, n.id, o.role, n.role));
    if (o.decl && n.decl)
      internal::diffStepBodies(*a, *o.decl, *b, *n.decl, out);
  }

  std::map<int64_t, std::string> priceChanged;
  diffCatalog(*a, *b, out, priceChanged);
  quotes(*b, priceChanged, out);

  for (const sema::FormInfo &o : a->forms)
    if (!b->formByName.count(o.name))
      out.push_back(change(Kind::FormRemoved, o.name, o.label));
  for (const sema::FormInfo &n : b->forms) {
    auto it = a->formByName.find(n.name);
    if (it == a->formByName.end()) {
      out.push_back(change(Kind::FormAdded, n.name, "", n.label));
      continue;
    }
    const sema::FormInfo &o = a->forms[it->second];
    diffFields(*a, o.fields, *b, n.fields, n.name + ".", out);
    diffRules(o, n, out);
  }
  diffFields(*a, a->vars, *b, b->vars, "var ", out);
  diffEnums(*a, *b, out);

  // Consequences.
  for (const sema::StepInfo &n : b->steps) {
    auto it = a->stepByName.find(n.id);
    if (it == a->stepByName.end())
      continue;
    int i = it->second, j = b->stepByName.lookup(n.id);
    if (i >= static_cast<int>(a->reachable.size()) || j >= static_cast<int>(b->reachable.size()))
      continue;
    if (a->reachable[i] && !b->reachable[j])
      out.push_back(change(Kind::BecameUnreachable, n.id));
    else if (!a->reachable[i] && b->reachable[j])
      out.push_back(change(Kind::BecameReachable, n.id));
  }
  diffFindings(oldSide, newSide, out);
  d.resume = resume(oldSide, newSide);
  return d;
}

bool Report::semantic() const {
  return std::any_of(flows.begin(), flows.end(), [](const FlowDiff &f) { return f.semantic(); });
}

bool FailOn::parse(llvm::StringRef list, std::string &bad) {
  llvm::SmallVector<llvm::StringRef, 4> words;
  list.split(words, ',', -1, false);
  for (llvm::StringRef w : words) {
    w = w.trim();
    if (w == "unreachable")
      unreachable = true;
    else if (w == "required")
      required = true;
    else if (w == "price")
      price = true;
    else {
      bad = w.str();
      return false;
    }
  }
  return true;
}

bool FailOn::fails(const Report &r) const {
  for (const FlowDiff &f : r.flows)
    for (const Change &c : f.changes) {
      if (unreachable && c.kind == Kind::BecameUnreachable)
        return true;
      if (required && (c.kind == Kind::FieldNowOptional || c.kind == Kind::RequiredWhenChanged ||
                       c.kind == Kind::RequiredProofLost || c.kind == Kind::FieldRemoved))
        return true;
      if (price && (c.kind == Kind::PriceChanged || c.kind == Kind::CatalogItemRemoved))
        return true;
    }
  return false;
}

} // namespace callflow::diff
