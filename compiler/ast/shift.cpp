// shiftLocations (shift.h): a walk over every node of a declaration that
// moves each location. Every switch names every kind (no default), so a
// new kind of node is a compile error here (-Wswitch, -Werror) until it is
// walked.
#include "ast/shift.h"

#include <cstdint>

namespace callflow::ast {

namespace {

class Shifter {
public:
  explicit Shifter(std::ptrdiff_t by) : by_(by) {}

  void loc(SMLoc &l) const {
    if (!l.isValid())
      return;
    // Through integers: the new place is in another allocation.
    auto p = reinterpret_cast<std::uintptr_t>(l.getPointer());
    l = SMLoc::getFromPointer(reinterpret_cast<const char *>(p + static_cast<std::uintptr_t>(by_)));
  }
  void range(SMRange &r) const {
    loc(r.Start);
    loc(r.End);
  }

  void name(Name &n) const {
    range(n.range);
    n.resolved = NameResolution{};
  }
  void qual(QualName &q) const {
    for (Name &n : q.parts)
      name(n);
    range(q.range);
  }
  void text(Text &t) const {
    for (Placeholder &ph : t.placeholders()) {
      ph.item = -1;
      qual(ph.ref);
      range(ph.range);
    }
    range(t.range);
  }
  template <class Optional> void text(Optional &t) const { // std::optional<Text> or Rare<Text>
    if (t)
      text(*t);
  }

  void expr(Expr *e) const {
    if (!e)
      return;
    range(e->range);
    switch (e->kind) {
    case Expr::Kind::String: text(llvm::cast<StringExpr>(e)->value); break;
    case Expr::Kind::Number:
    case Expr::Kind::Money:
    case Expr::Kind::Bool: break;
    case Expr::Kind::Ref: qual(llvm::cast<RefExpr>(e)->name); break;
    case Expr::Kind::Input: text(llvm::cast<InputExpr>(e)->prompt); break;
    case Expr::Kind::Unary: expr(llvm::cast<UnaryExpr>(e)->operand.get()); break;
    case Expr::Kind::Binary: {
      auto *b = llvm::cast<BinaryExpr>(e);
      range(b->opRange);
      expr(b->lhs.get());
      expr(b->rhs.get());
      break;
    }
    case Expr::Kind::IsSet: expr(llvm::cast<IsSetExpr>(e)->operand.get()); break;
    case Expr::Kind::In: {
      auto *in = llvm::cast<InExpr>(e);
      range(in->opRange);
      expr(in->operand.get());
      for (ExprPtr &el : in->elements)
        expr(el.get());
      break;
    }
    case Expr::Kind::Date:
    case Expr::Kind::Time:
    case Expr::Kind::Clock: break;
    case Expr::Kind::Duration: {
      auto *d = llvm::cast<DurationExpr>(e);
      range(d->unitRange);
      expr(d->count.get());
      break;
    }
    case Expr::Kind::Between: expr(llvm::cast<BetweenExpr>(e)->span.get()); break;
    }
  }

  void block(Block &b) const {
    for (StmtPtr &s : b.stmts)
      stmt(*s);
    range(b.range);
  }

  void stmt(Stmt &s) const {
    range(s.range);
    using K = Stmt::Kind;
    switch (s.kind) {
    case K::Say: text(llvm::cast<SayStmt>(s).text); break;
    case K::Note: text(llvm::cast<NoteStmt>(s).text); break;
    case K::Do: {
      auto &d = llvm::cast<DoStmt>(s);
      text(d.action);
      if (d.result)
        qual(*d.result);
      break;
    }
    case K::Ask: {
      auto &a = llvm::cast<AskStmt>(s);
      text(a.question);
      for (AskOption &o : a.options) {
        text(o.label);
        text(o.key);
        if (o.target)
          name(*o.target);
        if (o.body)
          block(*o.body);
        range(o.range);
      }
      break;
    }
    case K::Input: {
      auto &i = llvm::cast<InputStmt>(s);
      qual(i.target);
      text(i.prompt);
      for (Name &n : i.allowed)
        name(n);
      break;
    }
    case K::Set: {
      auto &st = llvm::cast<SetStmt>(s);
      qual(st.target);
      expr(st.value.get());
      break;
    }
    case K::IfJump: {
      auto &i = llvm::cast<IfJumpStmt>(s);
      expr(i.cond.get());
      name(i.then);
      if (i.otherwise)
        name(*i.otherwise);
      break;
    }
    case K::IfBlock: {
      auto &i = llvm::cast<IfBlockStmt>(s);
      for (IfBlockStmt::Arm &arm : i.arms) {
        expr(arm.cond.get());
        block(arm.body);
        range(arm.range);
      }
      if (i.otherwise)
        block(*i.otherwise);
      break;
    }
    case K::Goto: name(llvm::cast<GotoStmt>(s).target); break;
    case K::Create: {
      auto &c = llvm::cast<CreateStmt>(s);
      name(c.form);
      for (FieldInit &fi : c.inits) {
        name(fi.field);
        expr(fi.value.get());
        range(fi.range);
      }
      break;
    }
    case K::Complete: name(llvm::cast<CompleteStmt>(s).form); break;
    case K::Charge: {
      auto &c = llvm::cast<ChargeStmt>(s);
      range(c.itemRange);
      if (c.amount)
        qual(*c.amount);
      text(c.label);
      break;
    }
    case K::Invoice: break;
    case K::TakePayment: {
      auto &t = llvm::cast<TakePaymentStmt>(s);
      if (t.elseTarget)
        name(*t.elseTarget);
      if (t.elseBody)
        block(*t.elseBody);
      break;
    }
    case K::Transfer: text(llvm::cast<TransferStmt>(s).target); break;
    case K::End: text(llvm::cast<EndStmt>(s).reason); break;
    }
  }

  void spec(FieldSpec &f) const {
    name(f.name);
    text(f.label);
    name(f.type.name);
    expr(f.requiredWhen.get());
    text(f.pattern);
    text(f.patternDescription);
    expr(f.defaultValue.get());
    for (Text &t : f.suggestions)
      text(t);
    range(f.range);
  }

  void step(StepDecl &s) const {
    range(s.range);
    name(s.id);
    text(s.title);
    text(s.role);
    for (Attribute &a : s.attributes) {
      name(a.name);
      for (Name &n : a.args)
        name(n);
      range(a.range);
    }
    block(s.body);
  }

  void decl(Decl &d) const {
    using K = Decl::Kind;
    if (d.kind == K::Step)
      return step(llvm::cast<StepDecl>(d));
    range(d.range);
    switch (d.kind) {
    case K::Flow: {
      auto &f = llvm::cast<FlowDecl>(d);
      name(f.name);
      text(f.title);
      break;
    }
    case K::Start: name(llvm::cast<StartDecl>(d).step); break;
    case K::Import: text(llvm::cast<ImportDecl>(d).path); break;
    case K::Catalog: {
      auto &c = llvm::cast<CatalogDecl>(d);
      name(c.currency);
      for (CatalogItem &i : c.items) {
        range(i.codeRange);
        text(i.name);
        expr(i.price.get());
        range(i.kindRange);
        range(i.range);
      }
      break;
    }
    case K::Enum: {
      auto &e = llvm::cast<EnumDecl>(d);
      name(e.name);
      for (EnumValue &v : e.values) {
        name(v.name);
        text(v.label);
        range(v.range);
      }
      break;
    }
    case K::Form: {
      auto &f = llvm::cast<FormDecl>(d);
      name(f.name);
      text(f.label);
      for (FieldSpec &fs : f.fields)
        spec(fs);
      for (Rule &r : f.rules) {
        text(r.message);
        expr(r.cond.get());
        range(r.range);
      }
      break;
    }
    case K::Var: spec(llvm::cast<VarDecl>(d).spec); break;
    case K::Section: {
      auto &s = llvm::cast<SectionDecl>(d);
      text(s.title);
      text(s.role);
      for (auto &st : s.steps)
        step(*st);
      break;
    }
    case K::Step: break; // above
    }
  }

private:
  std::ptrdiff_t by_;
};

} // namespace

void shiftLocations(Decl &d, std::ptrdiff_t by) { Shifter(by).decl(d); }

void shiftLocations(SMRange &r, std::ptrdiff_t by) { Shifter(by).range(r); }

} // namespace callflow::ast
