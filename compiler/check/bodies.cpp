// The walk over step bodies: resolves step references, statement targets,
// forms, charges, `input ... in` values and placeholders, type-checks the
// expressions, and records which slots the flow writes and reads (for the
// `auto` and `unused` roles).
#include "check/checker.h"

#include <llvm/ADT/StringMap.h>

#include "callflow/bytecode.h"
#include "support/aside.h"

namespace callflow::check {

using diag::DiagId;
using sema::Symbol;

namespace {
struct BodyWalker {
  Checker &c;
  sema::Program &p;

  void write(const Symbol &s, llvm::SMRange at, llvm::StringRef what) {
    int slot = p.slotOf(s);
    if (slot < 0) {
      if (s.valid())
        c.diags.report(DiagId::TypeMismatch, at,
                       {"'" + what.str() + "' is not a variable or a form field"});
      return;
    }
    c.slotWritten[slot] = true;
    const sema::FieldInfo &fi = p.slotInfo(slot);
    if (fi.isAuto)
      c.diags.report(DiagId::AutoFieldSet, at, {p.slotName(slot)});
    if (fi.unused)
      c.diags.report(DiagId::UnusedFieldUsed, at, {p.slotName(slot), "set"});
  }

  void target(const ast::QualName &q) {
    Symbol s = c.resolveQual(q, -1, true);
    sema::Program::setTarget(q, s); // Symbol() when it did not resolve
    write(s, q.range, q.str());
  }

  /// The keys of an ask's options (`key 92`, `key "*"`): phone keys,
  /// unique within the ask (compared as written); an option without a key
  /// among keyed ones is a warning.
  void keys(const ast::AskStmt &a) {
    size_t keyed = 0;
    for (const ast::AskOption &o : a.options)
      keyed += o.key.has_value();
    if (keyed == 0)
      return;
    llvm::StringMap<char> seen;
    for (const ast::AskOption &o : a.options) {
      if (!o.key) {
        c.diags.report(DiagId::UnkeyedOption, o.label.range, {o.label.str()});
        continue;
      }
      const std::string k = o.key->hasPlaceholders() ? o.key->str() : o.key->literal().str();
      const std::string shown = o.keyIsNumber ? k : "\"" + k + "\"";
      if (o.key->hasPlaceholders() || !bc::isPhoneKey(k)) {
        c.diags.report(DiagId::InvalidKey, o.key->range, {shown});
        continue;
      }
      if (!seen.try_emplace(k, 0).second)
        c.diags.report(DiagId::DuplicateKey, o.key->range, {shown});
    }
  }

  /// A line shown or said: a placeholder in it that does not resolve is
  /// reported, but it poisons nothing (no value depends on a line).
  void text(const ast::Text &t, const char *how = "shown to the agent") {
    unsigned before = c.unresolved;
    c.resolveTextReads(t);
    c.unresolved = before;
    // A sensitive value is entered and never shown again: not in a line
    // read aloud (`say`), nor in one shown to the agent (docs/language.md,
    // "Sensitive values").
    for (const ast::Placeholder &ph : t.placeholders())
      if (int slot = placeholderSlot(ph); slot >= 0 && p.slotInfo(slot).sensitive)
        c.diags.report(DiagId::SensitiveInLine, ph.range, {p.slotName(slot), how});
  }

  int placeholderSlot(const ast::Placeholder &ph) const {
    const Symbol s = sema::Program::placeholderOf(ph);
    return s.valid() ? p.slotOf(s) : -1;
  }

  /// The first sensitive variable or field `e` reads, or -1: a name, or a
  /// placeholder of a text.
  int sensitiveRead(const ast::Expr *e) const {
    if (!e)
      return -1;
    switch (e->kind) {
    case ast::Expr::Kind::Ref: {
      const int slot = p.slotOf(sema::Program::refOf(e)); // -1 unresolved
      return slot >= 0 && p.slotInfo(slot).sensitive ? slot : -1;
    }
    case ast::Expr::Kind::String:
      for (const ast::Placeholder &ph : llvm::cast<ast::StringExpr>(e)->value.placeholders())
        if (int slot = placeholderSlot(ph); slot >= 0 && p.slotInfo(slot).sensitive)
          return slot;
      return -1;
    case ast::Expr::Kind::Binary: {
      const auto *b = llvm::cast<ast::BinaryExpr>(e);
      if (!ast::isArithmetic(b->op))
        return -1; // a comparison or `and`/`or` gives a bool, not the value
      int l = sensitiveRead(b->lhs.get());
      return l >= 0 ? l : sensitiveRead(b->rhs.get());
    }
    case ast::Expr::Kind::Unary: {
      const auto *u = llvm::cast<ast::UnaryExpr>(e);
      return u->op == ast::UnaryExpr::Op::Neg ? sensitiveRead(u->operand.get()) : -1;
    }
    default:
      return -1; // conditions (`is set`, `in`) give a bool, not the value
    }
  }

  /// `set target = value` or a create's `field = value`: a sensitive value
  /// copied into a slot that is not sensitive would be shown and journaled.
  void checkCopy(const Symbol &target, const ast::Expr *value) {
    int to = p.slotOf(target);
    if (to < 0 || p.slotInfo(to).sensitive || !value)
      return;
    if (int from = sensitiveRead(value); from >= 0)
      c.diags.report(DiagId::SensitiveCopied, value->range, {p.slotName(from), p.slotName(to)});
  }

  void form(const ast::Name &n) {
    if (n.missing())
      return; // `create { }`: a syntax error, reported
    auto it = p.formByName.find(n.text());
    if (it == p.formByName.end() && c.droppedNames.count(n.text())) {
      c.unresolvedName();
      return; // a form dropped as a duplicate (reported)
    }
    if (it == p.formByName.end()) {
      auto b = c.diags.report(DiagId::UndefinedForm, n.range, {n.text().str()});
      c.unresolvedName();
      std::vector<std::string> names;
      for (const sema::FormInfo &f : p.forms)
        names.push_back(f.name);
      c.suggest(b, n.text(), names, n.range);
      return;
    }
    p.setName(n, {Symbol::Kind::Form, it->second, -1});
  }

  /// Walks `s`; when a name of the statement itself (not of a statement
  /// nested in it, which is poisoned on its own) fails to resolve, the
  /// statement is poisoned (Checker::poisoned).
  void stmt(const ast::Stmt &s) {
    unsigned before = c.unresolved, saved = nested;
    nested = 0;
    walk(s);
    if (c.unresolved - before != nested)
      c.poisoned.insert(&s);
    nested = saved;
  }

  /// Unresolved names counted inside the blocks nested in the statement
  /// being walked.
  unsigned nested = 0;

  void block(const ast::Block &b) {
    unsigned before = c.unresolved;
    for (const ast::StmtPtr &s : b.stmts)
      stmt(*s);
    nested += c.unresolved - before;
  }

  void walk(const ast::Stmt &s) {
    using K = ast::Stmt::Kind;
    ++c.bodySize.stmts;
    switch (s.kind) {
    case K::Say:
      text(llvm::cast<ast::SayStmt>(s).text, "read aloud");
      break;
    case K::Note:
      text(llvm::cast<ast::NoteStmt>(s).text);
      break;
    case K::Do: {
      const auto &d = llvm::cast<ast::DoStmt>(s);
      text(d.action);
      if (d.result)
        target(*d.result);
      break;
    }
    case K::Ask: {
      const auto &a = llvm::cast<ast::AskStmt>(s);
      c.bodySize.options += a.options.size();
      c.checkListLimits(s);
      text(a.question);
      keys(a);
      for (const ast::AskOption &o : a.options) {
        text(o.label);
        if (o.target)
          c.resolveStepName(*o.target);
        if (o.body)
          block(*o.body);
      }
      break;
    }
    case K::Input: {
      const auto &in = llvm::cast<ast::InputStmt>(s);
      c.checkListLimits(s);
      target(in.target);
      if (in.prompt)
        text(*in.prompt);
      if (in.allowed.empty())
        break;
      const Symbol ts = sema::Program::targetOf(in.target);
      if (!ts.valid())
        break;
      sema::Type t = p.slotType(p.slotOf(ts));
      if (t.kind != sema::Type::Kind::Enum) {
        if (in.allowed.front().missing())
          break; // `in` without a value: a syntax error, reported
        c.diags.report(DiagId::InvalidInputRestriction, in.allowed.front().range,
                       {"'in' lists enum values, but '" + in.target.str() + "' is " +
                        p.typeName(t)});
        break;
      }
      for (const ast::Name &v : in.allowed) {
        if (v.missing())
          continue;
        int vi = p.enums[t.enumIndex].findValue(v.text());
        if (vi < 0) {
          auto b = c.diags.report(DiagId::UndefinedEnumValue, v.range,
                                  {v.text().str(), p.enums[t.enumIndex].name});
          c.unresolvedName();
          std::vector<std::string> names;
          for (const auto &ev : p.enums[t.enumIndex].values)
            names.push_back(ev.name);
          c.suggest(b, v.text(), names, v.range);
          continue;
        }
        p.setName(v, {Symbol::Kind::EnumValue, t.enumIndex, vi});
      }
      break;
    }
    case K::Set: {
      const auto &st = llvm::cast<ast::SetStmt>(s);
      target(st.target);
      c.checkAssign(st.target, st.value.get(), st.range);
      if (const Symbol ts = sema::Program::targetOf(st.target); ts.valid())
        checkCopy(ts, st.value.get());
      break;
    }
    case K::IfJump: {
      const auto &ij = llvm::cast<ast::IfJumpStmt>(s);
      c.checkCondition(ij.cond.get(), -1);
      c.resolveStepName(ij.then);
      if (ij.otherwise)
        c.resolveStepName(*ij.otherwise);
      break;
    }
    case K::IfBlock: {
      const auto &ib = llvm::cast<ast::IfBlockStmt>(s);
      c.bodySize.arms += ib.arms.size();
      for (const auto &arm : ib.arms) {
        c.checkCondition(arm.cond.get(), -1);
        block(arm.body);
      }
      if (ib.otherwise)
        block(*ib.otherwise);
      break;
    }
    case K::Goto:
      c.resolveStepName(llvm::cast<ast::GotoStmt>(s).target);
      break;
    case K::Create: {
      const auto &cr = llvm::cast<ast::CreateStmt>(s);
      form(cr.form);
      // Copy the form index now: typeExpr below may insert into p.names
      // and invalidate an iterator into it.
      const Symbol fs = sema::Program::nameOf(cr.form);
      const int formIndex = fs.valid() ? fs.index : -1;
      for (const ast::FieldInit &init : cr.inits) {
        if (formIndex < 0) {
          c.typeExpr(init.value.get(), -1, {});
          continue;
        }
        int f = formIndex;
        int j = p.forms[f].findField(init.field.text());
        if (j < 0 && init.field.missing()) {
          c.typeExpr(init.value.get(), -1, {});
          continue;
        }
        if (j < 0) {
          auto b = c.diags.report(DiagId::UndefinedField, init.field.range,
                                  {p.forms[f].name, init.field.text().str()});
          c.unresolvedName();
          std::vector<std::string> names;
          for (const auto &fi : p.forms[f].fields)
            names.push_back(fi.name);
          c.suggest(b, init.field.text(), names, init.field.range);
          c.typeExpr(init.value.get(), -1, {});
          continue;
        }
        Symbol fs{Symbol::Kind::Field, f, j};
        p.setName(init.field, fs);
        write(fs, init.field.range, init.field.text());
        // Type the value against the field, via a synthetic target lookup.
        sema::Type expected = p.forms[f].fields[j].type;
        sema::Type vt = c.typeExpr(init.value.get(), -1, expected);
        checkCopy(fs, init.value.get());
        if (vt.valid() && expected.valid() && vt != expected)
          c.diags.report(DiagId::TypeMismatch, init.value->range,
                         {"cannot assign " + p.typeName(vt) + " to '" + p.forms[f].name + "." +
                          init.field.text().str() + "' of type " + p.typeName(expected)});
        else if (const auto *str = llvm::dyn_cast_or_null<ast::StringExpr>(init.value.get());
                 str && !str->value.hasPlaceholders()) {
          const sema::FieldInfo &fi = p.forms[f].fields[j];
          std::string lit = str->value.literal().str();
          if (fi.required && lit.empty())
            c.diags.report(DiagId::EmptyRequiredText, init.value->range,
                           {p.forms[f].name + "." + fi.name});
          if (fi.hasPattern)
            c.checkPatternLiteral(fi, lit, init.value->range, p.forms[f].name + "." + fi.name);
        }
      }
      break;
    }
    case K::Complete:
      form(llvm::cast<ast::CompleteStmt>(s).form);
      break;
    case K::Charge: {
      const auto &ch = llvm::cast<ast::ChargeStmt>(s);
      if (ch.label)
        text(*ch.label);
      if (ch.itemCode) {
        auto it = p.catalogByCode.find(*ch.itemCode);
        if (it == p.catalogByCode.end()) {
          auto b = c.diags.report(DiagId::UndefinedCatalogItem, ch.itemRange,
                                  {std::to_string(*ch.itemCode)});
          c.unresolvedName();
          std::vector<std::string> codes;
          for (const auto &ci : p.catalog)
            codes.push_back(std::to_string(ci.code));
          c.suggest(b, std::to_string(*ch.itemCode), codes, ch.itemRange);
        } else {
          (*c.charges)[&s] = {Symbol::Kind::CatalogItem, it->second, -1};
        }
      } else if (ch.amount) {
        Symbol sym = c.resolveQual(*ch.amount, -1, true);
        sema::Program::setTarget(*ch.amount, sym);
        if (!sym.valid())
          break;
        int slot = p.slotOf(sym);
        if (slot >= 0)
          c.slotRead[slot] = true;
        sema::Type t = slot >= 0 ? p.slotType(slot)
                                 : sym.kind == Symbol::Kind::InvoiceTotal ? sema::Type::money()
                                                                          : sema::Type();
        if (t.valid() && t.kind != sema::Type::Kind::Money)
          c.diags.report(DiagId::ChargeNotMoney, ch.amount->range,
                         {ch.amount->str(), p.typeName(t)});
      }
      break;
    }
    case K::Invoice:
      break;
    case K::TakePayment: {
      const auto &tp = llvm::cast<ast::TakePaymentStmt>(s);
      if (tp.elseTarget)
        c.resolveStepName(*tp.elseTarget);
      if (tp.elseBody)
        block(*tp.elseBody);
      break;
    }
    case K::Transfer:
      text(llvm::cast<ast::TransferStmt>(s).target);
      break;
    case K::End:
      if (const auto &e = llvm::cast<ast::EndStmt>(s); e.reason)
        text(*e.reason);
      break;
    }
  }
};
} // namespace

void Checker::resolveSteps(size_t from, size_t to) {
  BodyWalker w{*this, p};
  for (size_t i = from; i < to; ++i) {
    const sema::StepInfo &s = p.steps[i];
    if (s.decl->title)
      resolveText(*s.decl->title);
    w.block(s.decl->body);
  }
}

void Checker::resolveBodies() {
  // A large flow's last half of steps goes to a shard: a checker of its own
  // over the same program, whose walk writes only its own state (the slots
  // written and read, the poisoned nodes, its counts, its engine, its Shard:
  // types, charges, suggestions) and the resolutions on its steps' AST nodes.
  // Everything else it reads was settled by the declarations. Its state is
  // merged after, and its diagnostics follow this thread's, as one thread
  // would have reported them (same output, same limits:
  // CheckApi.NamesAsideReportAsOneThreadDoes).
  const size_t n = p.steps.size();
  if (!opts.namesAside || n < kNamesAsideSteps) {
    resolveSteps(0, n);
    return;
  }
  diag::DiagnosticEngine shardDiags = diags.fork();
  Checker half(files, sm, shardDiags, opts, p);
  half.shard = std::make_unique<Shard>();
  half.shard->errorLimit = diags.errorLimit();
  half.exprTypes = &half.shard->exprTypes;
  half.charges = &half.shard->charges;
  half.slotWritten.assign(slotWritten.size(), false);
  half.slotRead.assign(slotRead.size(), false);
  half.droppedNames = droppedNames;
  const size_t split = n / 2;
  double shardSeconds = 0;
  Aside aside; // after everything its thread uses: joined before they go
  if (!aside.start([&] {
        const double t0 = opts.phaseTimes ? threadSeconds() : 0;
        half.resolveSteps(split, n);
        shardSeconds = opts.phaseTimes ? threadSeconds() - t0 : 0;
      })) {
    resolveSteps(0, n); // no thread to be had
    return;
  }
  resolveSteps(0, split);
  aside.join();
  auto orInto = [](std::vector<bool> &to, const std::vector<bool> &from) {
    for (size_t i = 0; i < to.size(); ++i)
      if (from[i])
        to[i] = true;
  };
  orInto(slotWritten, half.slotWritten);
  orInto(slotRead, half.slotRead);
  unresolved += half.unresolved;
  bodySize.stmts += half.bodySize.stmts;
  bodySize.options += half.bodySize.options;
  bodySize.arms += half.bodySize.arms;
  poisoned.insert(half.poisoned.begin(), half.poisoned.end());
  const unsigned errorsHere = diags.errorCount();
  for (const auto &[ordinal, step] : half.shard->suggested)
    if (!diags.errorLimit() || errorsHere + ordinal < diags.errorLimit())
      suggestedSteps.insert(step);
  textsLimited.insert(half.textsLimited.begin(), half.textsLimited.end());
  exprTypes->insert(half.shard->exprTypes.begin(), half.shard->exprTypes.end());
  charges->insert(half.shard->charges.begin(), half.shard->charges.end());
  diags.append(std::move(shardDiags));
  if (opts.phaseTimes)
    opts.phaseTimes->push_back({"names and types (last half, aside)", shardSeconds});
}

} // namespace callflow::check
