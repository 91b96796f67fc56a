// The AST dump (see dump.h): one line per node, two spaces per level.
#include "ast/dump.h"

#include "ast/source.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::ast {

namespace {

/// A text as the dump shows it: quoted, every brace of its literal parts
/// escaped, placeholders as `{...}`.
std::string quoted(const Text &text) { return quoteTextLiteral(text, /*keepQuantifiers=*/false); }

class Dumper {
public:
  Dumper(const File &file, const llvm::SourceMgr &sm, llvm::raw_ostream &os)
      : file_(file), sm_(sm), os_(os) {}

  void run() {
    os_ << "File\n";
    depth_ = 1;
    for (const DeclPtr &d : file_.decls)
      decl(*d);
  }

private:
  std::string at(SMRange r) const { return at(r.Start); }
  std::string at(SMLoc loc) const {
    if (!loc.isValid())
      return "@?";
    unsigned buf = sm_.FindBufferContainingLoc(loc);
    if (!buf)
      return "@?";
    auto [line, byteCol] = sm_.getLineAndColumn(loc, buf);
    const char *p = loc.getPointer();
    const char *lineStart = p - (byteCol - 1);
    unsigned col = 1;
    for (const char *q = lineStart; q < p; ++q)
      if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80)
        ++col;
    return "@" + std::to_string(line) + ":" + std::to_string(col);
  }

  llvm::raw_ostream &line() {
    os_.indent(depth_ * 2);
    return os_;
  }

  struct Nest {
    Dumper &d;
    explicit Nest(Dumper &d) : d(d) { ++d.depth_; }
    ~Nest() { --d.depth_; }
  };

  template <class Optional> static std::string opt(const Optional &t) { // std::optional or Rare
    return t ? " " + quoted(*t) : "";
  }

  void decl(const Decl &d) {
    if (auto *f = llvm::dyn_cast<FlowDecl>(&d)) {
      line() << "FlowDecl " << f->name.text() << opt(f->title) << " " << at(d.range) << "\n";
    } else if (auto *s = llvm::dyn_cast<StartDecl>(&d)) {
      line() << "StartDecl " << s->step.text() << " " << at(d.range) << "\n";
    } else if (auto *i = llvm::dyn_cast<ImportDecl>(&d)) {
      line() << "ImportDecl " << quoted(i->path) << " " << at(d.range) << "\n";
    } else if (auto *c = llvm::dyn_cast<CatalogDecl>(&d)) {
      line() << "CatalogDecl " << c->currency.text() << " " << at(d.range) << "\n";
      Nest n(*this);
      for (const CatalogItem &it : c->items)
        line() << "Item " << it.code << " " << quoted(it.name) << " "
               << (it.price ? it.price->spelling : "?")
               << (it.kind == CatalogItem::Kind::Monthly   ? " monthly"
                   : it.kind == CatalogItem::Kind::Percent ? "% of charges"
                                                           : "")
               << " " << at(it.range) << "\n";
    } else if (auto *e = llvm::dyn_cast<EnumDecl>(&d)) {
      line() << "EnumDecl " << e->name.text() << " " << at(d.range) << "\n";
      Nest n(*this);
      for (const EnumValue &v : e->values)
        line() << "Value " << v.name.text() << opt(v.label) << " " << at(v.range) << "\n";
    } else if (auto *f = llvm::dyn_cast<FormDecl>(&d)) {
      line() << "FormDecl " << f->name.text() << opt(f->label) << " " << at(d.range) << "\n";
      Nest n(*this);
      for (const FieldSpec &fs : f->fields)
        field("Field", fs, fs.range);
      for (const Rule &r : f->rules) {
        line() << "Rule " << quoted(r.message) << " " << at(r.range) << "\n";
        Nest n2(*this);
        expr(r.cond.get());
      }
    } else if (auto *v = llvm::dyn_cast<VarDecl>(&d)) {
      field("VarDecl", v->spec, d.range);
    } else if (auto *s = llvm::dyn_cast<SectionDecl>(&d)) {
      line() << "SectionDecl " << quoted(s->title);
      if (s->role)
        os_ << " by " << quoted(*s->role);
      os_ << " " << at(d.range) << "\n";
      Nest n(*this);
      for (const auto &st : s->steps)
        step(*st);
    } else if (auto *s = llvm::dyn_cast<StepDecl>(&d)) {
      step(*s);
    }
  }

  void field(const char *what, const FieldSpec &f, SMRange r) {
    line() << what << " " << f.name.text() << opt(f.label) << " : " << f.type.name.text();
    if (f.required)
      os_ << " required";
    if (f.isAuto)
      os_ << " auto";
    if (f.unused)
      os_ << " unused";
    if (f.sensitive)
      os_ << " sensitive";
    if (f.pattern)
      os_ << " matches " << quoted(*f.pattern);
    if (f.patternDescription)
      os_ << " as " << quoted(*f.patternDescription);
    if (!f.suggestions.empty()) {
      os_ << " suggest";
      for (const Text &t : f.suggestions)
        os_ << " " << quoted(t);
    }
    os_ << " " << at(r) << "\n";
    Nest n(*this);
    if (f.requiredWhen) {
      line() << "RequiredWhen\n";
      Nest n2(*this);
      expr(f.requiredWhen.get());
    }
    if (f.defaultValue) {
      line() << "Default\n";
      Nest n2(*this);
      expr(f.defaultValue.get());
    }
  }

  void step(const StepDecl &s) {
    line() << "StepDecl " << s.id.text() << opt(s.title);
    if (s.role)
      os_ << " by " << quoted(*s.role);
    os_ << " " << at(s.range) << "\n";
    Nest n(*this);
    for (const Attribute &a : s.attributes) {
      line() << "Attribute " << a.name.text() << "(";
      for (size_t i = 0; i < a.args.size(); ++i)
        os_ << (i ? ", " : "") << a.args[i].text();
      os_ << ") " << at(a.range) << "\n";
    }
    stmts(s.body);
  }

  void stmts(const Block &b) {
    for (const StmtPtr &s : b.stmts)
      stmt(*s);
  }

  void block(const char *label, const Block &b) {
    line() << label << " " << at(b.range) << "\n";
    Nest n(*this);
    stmts(b);
  }

  void stmt(const Stmt &s);
  void expr(const Expr *e);

  const File &file_;
  const llvm::SourceMgr &sm_;
  llvm::raw_ostream &os_;
  unsigned depth_ = 0;
};

void Dumper::stmt(const Stmt &s) {
  std::string pos = at(s.range);
  if (auto *x = llvm::dyn_cast<SayStmt>(&s)) {
    line() << "Say " << quoted(x->text) << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<NoteStmt>(&s)) {
    line() << "Note " << quoted(x->text) << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<DoStmt>(&s)) {
    line() << "Do " << (x->optional ? "optional " : "") << quoted(x->action);
    if (x->result)
      os_ << " -> " << x->result->str();
    os_ << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<AskStmt>(&s)) {
    line() << "Ask " << quoted(x->question) << " " << pos << "\n";
    Nest n(*this);
    for (const AskOption &o : x->options) {
      line() << "Option " << quoted(o.label);
      if (o.key)
        os_ << " key " << (o.keyIsNumber ? o.key->literal() : quoted(*o.key));
      if (o.target)
        os_ << " -> " << o.target->text();
      os_ << " " << at(o.range) << "\n";
      if (o.body) {
        Nest n2(*this);
        stmts(*o.body);
      }
    }
  } else if (auto *x = llvm::dyn_cast<InputStmt>(&s)) {
    line() << "Input " << x->target.str() << opt(x->prompt);
    if (!x->allowed.empty()) {
      os_ << " in ";
      for (size_t i = 0; i < x->allowed.size(); ++i)
        os_ << (i ? ", " : "") << x->allowed[i].text();
    }
    os_ << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<SetStmt>(&s)) {
    line() << "Set " << x->target.str() << " " << pos << "\n";
    Nest n(*this);
    expr(x->value.get());
  } else if (auto *x = llvm::dyn_cast<IfJumpStmt>(&s)) {
    line() << "IfJump -> " << x->then.text();
    if (x->otherwise)
      os_ << " else -> " << x->otherwise->text();
    os_ << " " << pos << "\n";
    Nest n(*this);
    expr(x->cond.get());
  } else if (auto *x = llvm::dyn_cast<IfBlockStmt>(&s)) {
    line() << "IfBlock " << pos << "\n";
    Nest n(*this);
    for (const IfBlockStmt::Arm &a : x->arms) {
      line() << "Arm " << at(a.range) << "\n";
      Nest n2(*this);
      expr(a.cond.get());
      block("Then", a.body);
    }
    if (x->otherwise)
      block("Else", *x->otherwise);
  } else if (auto *x = llvm::dyn_cast<GotoStmt>(&s)) {
    line() << "Goto " << x->target.text() << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<CreateStmt>(&s)) {
    line() << "Create " << x->form.text() << " " << pos << "\n";
    Nest n(*this);
    for (const FieldInit &i : x->inits) {
      line() << "Init " << i.field.text() << " " << at(i.range) << "\n";
      Nest n2(*this);
      expr(i.value.get());
    }
  } else if (auto *x = llvm::dyn_cast<CompleteStmt>(&s)) {
    line() << "Complete " << x->form.text() << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<ChargeStmt>(&s)) {
    line() << "Charge ";
    if (x->itemCode)
      os_ << *x->itemCode;
    else if (x->amount)
      os_ << x->amount->str() << opt(x->label);
    os_ << " " << pos << "\n";
  } else if (llvm::isa<InvoiceStmt>(&s)) {
    line() << "Invoice " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<TakePaymentStmt>(&s)) {
    line() << "TakePayment";
    if (x->elseTarget)
      os_ << " else -> " << x->elseTarget->text();
    os_ << " " << pos << "\n";
    if (x->elseBody) {
      Nest n(*this);
      block("Else", *x->elseBody);
    }
  } else if (auto *x = llvm::dyn_cast<TransferStmt>(&s)) {
    line() << "Transfer " << quoted(x->target) << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<EndStmt>(&s)) {
    line() << "End" << opt(x->reason) << " " << pos << "\n";
  }
}

void Dumper::expr(const Expr *e) {
  if (!e) {
    line() << "<missing expression>\n";
    return;
  }
  std::string pos = at(e->range);
  if (auto *x = llvm::dyn_cast<StringExpr>(e)) {
    line() << "String " << quoted(x->value) << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<NumberExpr>(e)) {
    line() << "Number " << x->value << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<MoneyExpr>(e)) {
    line() << "Money " << x->spelling << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<BoolExpr>(e)) {
    line() << "Bool " << (x->value ? "true" : "false") << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<RefExpr>(e)) {
    line() << "Ref " << x->name.str() << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<InputExpr>(e)) {
    line() << "Input" << opt(x->prompt) << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<UnaryExpr>(e)) {
    line() << (x->op == UnaryExpr::Op::Neg ? "Neg " : "Not ") << pos << "\n";
    Nest n(*this);
    expr(x->operand.get());
  } else if (auto *x = llvm::dyn_cast<BinaryExpr>(e)) {
    line() << "Binary " << spelling(x->op) << " " << pos << "\n";
    Nest n(*this);
    expr(x->lhs.get());
    expr(x->rhs.get());
  } else if (auto *x = llvm::dyn_cast<IsSetExpr>(e)) {
    line() << (x->negated ? "IsNotSet " : "IsSet ") << pos << "\n";
    Nest n(*this);
    expr(x->operand.get());
  } else if (auto *x = llvm::dyn_cast<InExpr>(e)) {
    line() << (x->negated ? "NotIn " : "In ") << pos << "\n";
    Nest n(*this);
    expr(x->operand.get());
    for (const ExprPtr &el : x->elements)
      expr(el.get());
  } else if (auto *x = llvm::dyn_cast<DateExpr>(e)) {
    line() << "Date " << x->spelling << (x->valid ? "" : " (invalid)") << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<TimeExpr>(e)) {
    line() << "Time " << x->spelling << (x->valid ? "" : " (invalid)") << " " << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<ClockExpr>(e)) {
    line() << (x->now ? "Now " : "Today ") << pos << "\n";
  } else if (auto *x = llvm::dyn_cast<DurationExpr>(e)) {
    line() << "Duration " << spelling(x->unit) << " " << pos << "\n";
    Nest n(*this);
    expr(x->count.get());
  } else if (auto *x = llvm::dyn_cast<BetweenExpr>(e)) {
    line() << "Between " << spelling(x->unit) << " " << pos << "\n";
    Nest n(*this);
    expr(x->span.get());
  }
}

} // namespace

void dumpAst(const File &file, const llvm::SourceMgr &sm, llvm::raw_ostream &os) {
  Dumper(file, sm, os).run();
}

} // namespace callflow::ast
