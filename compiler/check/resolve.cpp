// Name resolution: the tables of declarations (steps, sections, enums,
// forms, variables, catalog items, slots), duplicate definitions, step
// references, statement targets, placeholders and `@allow` attributes.
// Names inside expressions are resolved by types.cpp, which knows the type
// the context expects.
#include <algorithm>

#include "check/checker.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::check {

using diag::DiagId;
using sema::Symbol;

namespace {
std::string labelOr(const std::optional<ast::Text> &t, const std::string &fallback) {
  return t ? t->literal().str() : fallback;
}
} // namespace

std::string Checker::suggest(diag::DiagBuilder &b, llvm::StringRef name,
                             llvm::ArrayRef<std::string> candidates, llvm::SMRange at) {
  if (!b.active())
    return "";
  const std::string *bestName = nullptr;
  // The same name in another case (`initelig` for `INITELIG`) is what was
  // meant, however far apart the spellings are by edit distance.
  for (const std::string &c : candidates)
    if (name.equals_insensitive(c)) {
      bestName = &c;
      break;
    }
  unsigned limit = std::max<unsigned>(1, (name.size() + 2) / 3);
  // Ties go to the candidate whose first differing character is closest
  // ('D-2-9' suggests 'D-2-8' before 'D-2-1').
  auto closeness = [&](llvm::StringRef c) {
    size_t i = 0;
    while (i < name.size() && i < c.size() && name[i] == c[i])
      ++i;
    if (i == name.size() || i == c.size())
      return 256;
    return std::abs((int)(unsigned char)name[i] - (int)(unsigned char)c[i]);
  };
  unsigned best = limit + 1;
  int bestClose = 0;
  for (const std::string &c : candidates) {
    if (bestName && name.equals_insensitive(*bestName))
      break;
    unsigned d = name.edit_distance(c, true, limit);
    if (d > limit)
      continue;
    int close = closeness(c);
    if (d < best || (d == best && close < bestClose)) {
      best = d;
      bestClose = close;
      bestName = &c;
    }
  }
  if (!bestName)
    return "";
  b.note("did you mean '" + *bestName + "'?");
  if (at.isValid())
    b.fixit(at, *bestName);
  return *bestName;
}

void Checker::collectDecls() {
  // Enums and forms share one namespace: `Plan.a` must name one thing.
  llvm::StringMap<llvm::SMRange> firstType, firstVar;
  bool sawFlow = false, sawStart = false;
  const ast::StartDecl *start = nullptr;

  auto addStep = [&](const ast::StepDecl *s, int section) {
    if (s->id.missing())
      return; // `step { ... }`: reported as a syntax error
    auto [it, inserted] = p.stepByName.try_emplace(llvm::StringRef(s->id.text()), (int)p.steps.size());
    if (!inserted) {
      diags.report(DiagId::DuplicateStep, s->id.range, {s->id.text().str()})
          .note(p.steps[it->second].decl->id.range, "'" + s->id.text().str() + "' is first defined here");
      return;
    }
    sema::StepInfo info;
    info.id = s->id.text();
    if (s->title)
      info.title = s->title->literal();
    info.section = section;
    if (s->role)
      info.role = s->role->literal();
    else if (section >= 0 && p.sections[section].decl->role)
      info.role = p.sections[section].decl->role->literal(); // its SectionInfo::role, in the AST
    info.decl = s;
    p.steps.push_back(std::move(info));
  };

  // Names in text a syntax error made the parser skip may be declared
  // there: uses of them are not reported as undefined.
  for (const ast::File *file : files)
    for (const std::string &n : file->skippedNames)
      droppedNames.insert(n);

  size_t numSteps = 0;
  for (const ast::File *file : files)
    for (const ast::DeclPtr &dp : file->decls) {
      if (llvm::isa<ast::StepDecl>(dp.get()))
        ++numSteps;
      else if (const auto *sec = llvm::dyn_cast<ast::SectionDecl>(dp.get()))
        numSteps += sec->steps.size();
    }
  p.steps.reserve(numSteps);
  p.stepByName.reserve(numSteps);

  for (size_t fi = 0; fi < files.size(); ++fi) {
    const ast::File &file = *files[fi];
    for (const ast::DeclPtr &dp : file.decls) {
      const ast::Decl *d = dp.get();
      if (const auto *f = llvm::dyn_cast<ast::FlowDecl>(d)) {
        if (fi != 0 || sawFlow) {
          diags.report(DiagId::MisplacedFlowDecl, f->range, {"flow"});
          continue;
        }
        sawFlow = true;
        p.flowName = f->name.text();
        p.flowTitle = f->title ? f->title->literal() : "";
      } else if (const auto *s = llvm::dyn_cast<ast::StartDecl>(d)) {
        if (fi != 0 || sawStart) {
          diags.report(DiagId::MisplacedFlowDecl, s->range, {"start"});
          continue;
        }
        sawStart = true;
        start = s;
      } else if (const auto *c = llvm::dyn_cast<ast::CatalogDecl>(d)) {
        for (const ast::CatalogItem &item : c->items) {
          auto [it, inserted] = p.catalogByCode.try_emplace(item.code, (int)p.catalog.size());
          if (!inserted) {
            diags.report(DiagId::DuplicateCatalogItem, item.codeRange, {std::to_string(item.code)})
                .note(p.catalog[it->second].decl->codeRange,
                      "item " + std::to_string(item.code) + " is first defined here");
            continue;
          }
          sema::CatalogItemInfo ci;
          ci.code = item.code;
          ci.name = item.name.literal();
          ci.cents = item.price ? item.price->cents : 0;
          ci.currency = c->currency.text();
          ci.decl = &item;
          if (item.kind == ast::CatalogItem::Kind::Percent) {
            // `4% of charges`: hundredths of a percent, 0.01% to 100%.
            ci.kind = bc::ItemKind::Percent;
            ci.percent = ci.cents;
            ci.cents = 0;
            if (item.price) {
              const char *why = item.price->decimals > 2 ? "has more than two decimals"
                                 : ci.percent <= 0 || ci.percent > bc::kMaxPercent
                                     ? "is out of range: a rate is more than 0% and at most 100%"
                                     : nullptr;
              if (why)
                diags.report(DiagId::InvalidPercent, item.price->range,
                             {item.price->spelling, std::to_string(item.code), why});
            }
            p.catalog.push_back(std::move(ci));
            continue;
          }
          if (item.kind == ast::CatalogItem::Kind::Monthly)
            ci.kind = bc::ItemKind::Monthly;
          if (item.price && item.price->decimals != 2)
            diags.report(DiagId::InvalidMoney, item.price->range, {item.price->spelling});
          if (item.price)
            checkMoneyRange(*item.price);
          if (item.price && item.price->cents <= 0)
            diags.report(DiagId::NonPositivePrice, item.price->range, {std::to_string(item.code)});
          p.catalog.push_back(std::move(ci));
        }
      } else if (const auto *e = llvm::dyn_cast<ast::EnumDecl>(d)) {
        if (e->name.missing())
          continue; // a syntax error, reported
        auto [it, inserted] = firstType.try_emplace(e->name.text(), e->name.range);
        if (!inserted) {
          if (!p.enumByName.count(e->name.text()))
            droppedNames.insert(e->name.text()); // named like a form
          diags.report(DiagId::DuplicateDecl, e->name.range, {e->name.text().str()})
              .note(it->second, "'" + e->name.text().str() + "' is first defined here");
          continue;
        }
        sema::EnumInfo info;
        info.name = e->name.text();
        info.decl = e;
        for (const ast::EnumValue &v : e->values) {
          if (v.name.missing())
            continue;
          int prev = info.findValue(v.name.text());
          if (prev >= 0) {
            diags.report(DiagId::DuplicateEnumValue, v.name.range, {v.name.text().str(), e->name.text().str()})
                .note(info.values[prev].decl->name.range,
                      "'" + v.name.text().str() + "' is first defined here");
            continue;
          }
          info.values.push_back({v.name.text().str(), labelOr(v.label, v.name.text().str()), &v});
        }
        if (e->values.empty())
          diags.report(DiagId::EmptyEnum, e->name.range, {e->name.text().str()});
        p.enumByName[info.name] = (int)p.enums.size();
        p.enums.push_back(std::move(info));
      } else if (const auto *f = llvm::dyn_cast<ast::FormDecl>(d)) {
        if (f->name.missing())
          continue;
        auto [it, inserted] = firstType.try_emplace(f->name.text(), f->name.range);
        if (!inserted) {
          if (!p.formByName.count(f->name.text()))
            droppedNames.insert(f->name.text()); // named like an enum
          diags.report(DiagId::DuplicateDecl, f->name.range, {f->name.text().str()})
              .note(it->second, "'" + f->name.text().str() + "' is first defined here");
          continue;
        }
        sema::FormInfo info;
        info.name = f->name.text();
        info.label = labelOr(f->label, f->name.text().str());
        info.decl = f;
        for (const ast::FieldSpec &fs : f->fields) {
          if (fs.name.missing())
            continue;
          int prev = info.findField(fs.name.text());
          if (prev >= 0) {
            diags.report(DiagId::DuplicateField, fs.name.range, {fs.name.text().str(), f->name.text().str()})
                .note(info.fields[prev].decl->name.range,
                      "'" + fs.name.text().str() + "' is first defined here");
            continue;
          }
          sema::FieldInfo fi2;
          fi2.name = fs.name.text();
          fi2.decl = &fs;
          info.fields.push_back(std::move(fi2));
        }
        for (const ast::Rule &r : f->rules)
          info.rules.push_back({r.message.literal().str(), r.cond.get(), &r});
        p.formByName[info.name] = (int)p.forms.size();
        p.forms.push_back(std::move(info));
      } else if (const auto *v = llvm::dyn_cast<ast::VarDecl>(d)) {
        if (v->spec.name.missing())
          continue;
        auto [it, inserted] = firstVar.try_emplace(v->spec.name.text(), v->spec.name.range);
        if (!inserted) {
          diags.report(DiagId::DuplicateDecl, v->spec.name.range, {v->spec.name.text().str()})
              .note(it->second, "'" + v->spec.name.text().str() + "' is first defined here");
          continue;
        }
        sema::FieldInfo info;
        info.name = v->spec.name.text();
        info.decl = &v->spec;
        p.varByName[info.name] = (int)p.vars.size();
        p.vars.push_back(std::move(info));
      } else if (const auto *sec = llvm::dyn_cast<ast::SectionDecl>(d)) {
        int idx = (int)p.sections.size();
        p.sections.push_back({sec->title.literal().str(), sec->role ? sec->role->literal().str() : "", sec});
        for (const auto &st : sec->steps)
          addStep(st.get(), idx);
      } else if (const auto *st = llvm::dyn_cast<ast::StepDecl>(d)) {
        addStep(st, -1);
      }
    }
  }

  // Field and variable specs: types, labels, modifiers; then slots.
  std::vector<std::string> typeNames = {"text", "money", "number", "bool", "date", "time"};
  for (const sema::EnumInfo &e : p.enums)
    typeNames.push_back(e.name);
  auto fillSpec = [&](sema::FieldInfo &fi) {
    const ast::FieldSpec &fs = *fi.decl;
    fi.label = labelOr(fs.label, fs.name.text().str());
    fi.required = fs.required;
    fi.requiredWhen = fs.requiredWhen.get();
    fi.isAuto = fs.isAuto;
    fi.unused = fs.unused;
    fi.sensitive = fs.sensitive;
    fi.hasPattern = fs.pattern.has_value();
    if (fs.pattern)
      fi.pattern = fs.pattern->literal();
    if (fs.pattern && fs.patternDescription)
      fi.patternDescription = fs.patternDescription->literal();
    for (const ast::Text &s : fs.suggestions)
      fi.suggestions.push_back(s.literal().str());
    llvm::StringRef tn = fs.type.name.text();
    if (tn == "text")
      fi.type = sema::Type::text();
    else if (tn == "money")
      fi.type = sema::Type::money();
    else if (tn == "number")
      fi.type = sema::Type::number();
    else if (tn == "bool")
      fi.type = sema::Type::boolean();
    else if (tn == "date")
      fi.type = sema::Type::date();
    else if (tn == "time")
      fi.type = sema::Type::time();
    else if (auto it = p.enumByName.find(tn); it != p.enumByName.end())
      fi.type = sema::Type::enumType(it->second);
    else if (!fs.type.name.missing() && !droppedNames.count(tn)) {
      auto b = diags.report(DiagId::UndefinedType, fs.type.name.range, {tn.str()});
      unresolvedName();
      suggest(b, tn, typeNames, fs.type.name.range);
    }
  };
  for (size_t v = 0; v < p.vars.size(); ++v) {
    fillSpec(p.vars[v]);
    p.vars[v].slot = (int)p.slots.size();
    p.slots.push_back({true, -1, (int)v});
  }
  for (size_t f = 0; f < p.forms.size(); ++f)
    for (size_t j = 0; j < p.forms[f].fields.size(); ++j) {
      fillSpec(p.forms[f].fields[j]);
      p.forms[f].fields[j].slot = (int)p.slots.size();
      p.slots.push_back({false, (int)f, (int)j});
    }

  if (!sawFlow) {
    unsigned buf = files.empty() ? 0 : files[0]->bufferId;
    llvm::SMLoc loc = buf ? llvm::SMLoc::getFromPointer(sm.getMemoryBuffer(buf)->getBufferStart())
                          : llvm::SMLoc();
    diags.report(DiagId::MissingFlowDecl, loc);
  }
  if (!start) {
    if (sawFlow)
      for (const ast::DeclPtr &dp : files[0]->decls)
        if (const auto *f = llvm::dyn_cast<ast::FlowDecl>(dp.get()))
          diags.report(DiagId::MissingStart, f->name.range, {f->name.text().str()});
  } else {
    resolveStepName(start->step);
    if (const Symbol s = sema::Program::nameOf(start->step); s.kind == Symbol::Kind::Step)
      p.startStep = s.index;
  }
}

void Checker::resolveStepName(const ast::Name &n) {
  if (n.missing())
    return; // left missing by a syntax error, which was reported
  auto it = p.stepByName.find(n.text());
  if (it != p.stepByName.end()) {
    p.setName(n, Symbol{Symbol::Kind::Step, it->second, -1});
    return;
  }
  unresolvedName();
  if (droppedNames.count(n.text()))
    return; // its declaration was dropped or skipped by a syntax error (reported)
  // A shard's engine has no limit: past the one this error meets when its
  // diagnostics are appended, no suggestion is looked for (it would be
  // dropped, as one thread would not have looked).
  const unsigned ordinal = diags.errorCount();
  auto b = diags.report(DiagId::UndefinedStep, n.range, {n.text().str()});
  if (b.active() && (!shard || !shard->errorLimit || ordinal < shard->errorLimit)) {
    if (stepIds.size() != p.steps.size()) { // once, not at every error
      stepIds.clear();
      stepIds.reserve(p.steps.size());
      for (const sema::StepInfo &s : p.steps)
        stepIds.emplace_back(s.id);
    }
    std::string meant = suggest(b, n.text(), stepIds, n.range);
    if (!meant.empty()) {
      const int step = p.stepByName.lookup(meant);
      if (shard)
        shard->suggested.push_back({ordinal, step});
      else
        suggestedSteps.insert(step);
    }
  }
}

/// Resolves a reference to a slot-like thing (variable, field, F.number,
/// invoice.total) outside expressions: targets and placeholders.
std::string Checker::subtractionMeant(llvm::StringRef name, int formScope) const {
  auto isNumber = [](llvm::StringRef part) {
    return !part.empty() && llvm::all_of(part, [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  auto isName = [&](llvm::StringRef part) {
    return (formScope >= 0 && p.forms[formScope].findField(part) >= 0) || p.varByName.count(part) != 0;
  };
  // Every split at a '-', so `a-b-1` finds `a-b - 1` when `a-b` is a name.
  for (size_t i = name.find('-'); i != llvm::StringRef::npos; i = name.find('-', i + 1)) {
    llvm::StringRef left = name.take_front(i), right = name.drop_front(i + 1);
    if (isName(left) && (isNumber(right) || isName(right)))
      return (left + " - " + right).str();
  }
  return "";
}

sema::Symbol Checker::resolveQual(const ast::QualName &q, int formScope, bool reportErrors) {
  if (q.missing())
    return {}; // a syntax error left part of it missing (reported)
  const auto &parts = q.parts;
  if (parts.size() == 1) {
    llvm::StringRef n = parts[0].text();
    if (formScope >= 0) {
      int f = p.forms[formScope].findField(n);
      if (f >= 0)
        return {Symbol::Kind::Field, formScope, f};
    }
    if (auto it = p.varByName.find(n); it != p.varByName.end())
      return {Symbol::Kind::Var, it->second, -1};
    if (reportErrors && droppedNames.count(n))
      unresolvedName(); // skipped by a syntax error (reported)
    else if (reportErrors) {
      auto b = diags.report(DiagId::UndefinedName, q.range, {n.str()});
      unresolvedName();
      if (std::string sub = subtractionMeant(n, formScope); !sub.empty()) {
        // `tries-1`: names may hold '-' (D-2-7), so this is one name.
        b.note("'" + n.str() + "' is one name, since names may contain '-'; to subtract, put spaces "
               "around it: '" + sub + "'");
        b.fixit(q.range, sub);
        return {};
      }
      std::vector<std::string> names;
      for (const sema::FieldInfo &v : p.vars)
        names.push_back(v.name);
      if (formScope >= 0)
        for (const sema::FieldInfo &f : p.forms[formScope].fields)
          names.push_back(f.name);
      suggest(b, n, names, q.range);
    }
    return {};
  }
  if (parts.size() == 2) {
    llvm::StringRef a = parts[0].text(), b = parts[1].text();
    if (auto it = p.formByName.find(a); it != p.formByName.end()) {
      const sema::FormInfo &form = p.forms[it->second];
      int f = form.findField(b);
      if (f >= 0)
        return {Symbol::Kind::Field, it->second, f};
      if (b == "number")
        return {Symbol::Kind::FormNumber, it->second, -1};
      if (reportErrors) {
        auto d = diags.report(DiagId::UndefinedField, parts[1].range, {a.str(), b.str()});
        unresolvedName();
        std::vector<std::string> names;
        for (const sema::FieldInfo &fi : form.fields)
          names.push_back(fi.name);
        suggest(d, b, names, parts[1].range);
      }
      return {};
    }
    if (a == "invoice" && b == "total")
      return {Symbol::Kind::InvoiceTotal, -1, -1};
    if (reportErrors)
      unresolvedName(); // also a form dropped as a duplicate (reported there)
    if (reportErrors && !droppedNames.count(a)) {
      auto d = diags.report(DiagId::UndefinedForm, parts[0].range, {a.str()});
      std::vector<std::string> names;
      for (const sema::FormInfo &f : p.forms)
        names.push_back(f.name);
      suggest(d, a, names, parts[0].range);
    }
    return {};
  }
  if (reportErrors) {
    diags.report(DiagId::UndefinedName, q.range, {q.str()});
    unresolvedName();
  }
  return {};
}

void Checker::resolveText(const ast::Text &t) {
  for (const ast::Placeholder &ph : t.placeholders()) {
    sema::Program::setPlaceholder(ph, Symbol()); // unresolved until resolved below
    if (ph.kind == ast::Placeholder::Kind::Price) {
      auto it = p.catalogByCode.find(ph.priceCode);
      if (it == p.catalogByCode.end()) {
        diags.report(DiagId::UndefinedCatalogItem, ph.range, {std::to_string(ph.priceCode)});
        unresolvedName();
        continue;
      }
      sema::Program::setPlaceholder(ph, {Symbol::Kind::CatalogItem, it->second, -1});
      continue;
    }
    Symbol s = resolveQual(ph.ref, -1, false);
    if (!s.valid() && !ph.ref.parts.empty() && droppedNames.count(ph.ref.parts[0].text())) {
      unresolvedName();
      continue; // names a declaration dropped as a duplicate (reported)
    }
    if (!s.valid()) {
      auto b = diags.report(DiagId::UndefinedPlaceholder, ph.range, {ph.ref.str()});
      unresolvedName();
      std::vector<std::string> names;
      for (const sema::FieldInfo &v : p.vars)
        names.push_back(v.name);
      for (const sema::FormInfo &f : p.forms) {
        for (const sema::FieldInfo &fi : f.fields)
          names.push_back(f.name + "." + fi.name);
        names.push_back(f.name + ".number");
      }
      names.push_back("invoice.total");
      suggest(b, ph.ref.str(), names, ph.ref.range);
      continue;
    }
    sema::Program::setPlaceholder(ph, s);
  }
}

void Checker::resolveTextReads(const ast::Text &t) {
  resolveText(t);
  checkTextLimits(t);
  for (const ast::Placeholder &ph : t.placeholders()) {
    const Symbol s = sema::Program::placeholderOf(ph);
    if (!s.valid())
      continue;
    int slot = p.slotOf(s);
    if (slot < 0)
      continue;
    slotRead[slot] = true;
    if (p.slotInfo(slot).unused)
      diags.report(DiagId::UnusedFieldUsed, ph.range, {p.slotName(slot), "read"});
  }
}

void Checker::applyAllows() {
  for (const sema::StepInfo &s : p.steps)
    for (const ast::Attribute &a : s.decl->attributes) {
      if (a.name.missing())
        continue;
      if (a.name.text() != "allow") {
        diags.report(DiagId::UndefinedName, a.name.range, {"@" + a.name.text().str()});
        continue;
      }
      for (const ast::Name &flag : a.args) {
        if (flag.missing())
          continue;
        if (diag::isWarningFlag(flag.text()))
          diags.addSuppression(flag.text().str(), s.decl->range);
        else
          diags.report(DiagId::UnknownWarningFlag, flag.range, {flag.text().str()});
      }
    }
}

} // namespace callflow::check
