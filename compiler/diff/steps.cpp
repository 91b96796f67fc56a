// The changes inside one step: its statements flattened into atoms, the two
// lists aligned by LCS, and each run of removed and added atoms paired by
// kind and place into changes (a reworded line, a retargeted option, a
// changed condition), the rest reported as added or removed.
#include "diff/diff.h"

namespace callflow::diff::internal {
namespace {

enum class AtomKind : uint8_t {
  Say, Note, Do, Question, Option, Input, Set, IfJump, IfArm, Else, Goto, Create, FieldInit,
  Complete, Charge, Invoice, TakePayment, Transfer, End
};

struct Atom {
  AtomKind kind;
  std::string context; // `ask "Q" > option "Yes"`: where the atom sits
  std::string a;       // the main text (line, label, condition, item)
  std::string b;       // the second part (a target), often empty
  std::string key;     // an option's key (`key 92`), "" for none
  bool operator==(const Atom &o) const {
    return kind == o.kind && context == o.context && a == o.a && b == o.b && key == o.key;
  }
};

const char *atomWord(AtomKind k) {
  switch (k) {
  case AtomKind::Say: return "say";
  case AtomKind::Note: return "note";
  case AtomKind::Do: return "do";
  case AtomKind::Question: return "question";
  case AtomKind::Option: return "option";
  case AtomKind::Input: return "input";
  case AtomKind::Set: return "set";
  case AtomKind::IfJump: return "if";
  case AtomKind::IfArm: return "if";
  case AtomKind::Else: return "else";
  case AtomKind::Goto: return "goto";
  case AtomKind::Create: return "create";
  case AtomKind::FieldInit: return "field";
  case AtomKind::Complete: return "complete";
  case AtomKind::Charge: return "charge";
  case AtomKind::Invoice: return "invoice";
  case AtomKind::TakePayment: return "take payment";
  case AtomKind::Transfer: return "transfer";
  case AtomKind::End: return "end";
  }
  return "?";
}

std::string quoted(const ast::Text &t) { return "\"" + t.str() + "\""; }

class Flattener {
public:
  std::vector<Atom> atoms;

  void block(const ast::Block &b, const std::string &ctx) {
    for (const ast::StmtPtr &s : b.stmts)
      if (s)
        stmt(*s, ctx);
  }

private:
  void add(AtomKind k, const std::string &ctx, std::string a, std::string b = {}) {
    atoms.push_back({k, ctx, std::move(a), std::move(b), {}});
  }
  static std::string nest(const std::string &ctx, const std::string &part) {
    return ctx.empty() ? part : ctx + " > " + part;
  }

  void stmt(const ast::Stmt &s, const std::string &ctx) {
    using K = ast::Stmt::Kind;
    switch (s.kind) {
    case K::Say:
      add(AtomKind::Say, ctx, llvm::cast<ast::SayStmt>(s).text.str());
      break;
    case K::Note:
      add(AtomKind::Note, ctx, llvm::cast<ast::NoteStmt>(s).text.str());
      break;
    case K::Do: {
      const auto &d = llvm::cast<ast::DoStmt>(s);
      add(AtomKind::Do, ctx, (d.optional ? "optional " : "") + d.action.str(),
          d.result ? "-> " + d.result->str() : "");
      break;
    }
    case K::Ask: {
      const auto &a = llvm::cast<ast::AskStmt>(s);
      add(AtomKind::Question, ctx, a.question.str());
      std::string askCtx = nest(ctx, "ask " + quoted(a.question));
      for (const ast::AskOption &o : a.options) {
        add(AtomKind::Option, askCtx, o.label.str(), o.target ? "-> " + o.target->text().str() : std::string("{ ... }"));
        if (o.key)
          atoms.back().key = o.key->literal();
        if (o.body)
          block(*o.body, nest(askCtx, "option " + quoted(o.label)));
      }
      break;
    }
    case K::Input: {
      const auto &in = llvm::cast<ast::InputStmt>(s);
      std::string allowed;
      for (const ast::Name &n : in.allowed)
        allowed += (allowed.empty() ? " in " : ", ") + n.text().str();
      add(AtomKind::Input, ctx, in.prompt ? in.prompt->str() : "", in.target.str() + allowed);
      break;
    }
    case K::Set: {
      const auto &st = llvm::cast<ast::SetStmt>(s);
      add(AtomKind::Set, ctx, st.target.str() + " = " + (st.value ? exprText(*st.value) : "?"));
      break;
    }
    case K::IfJump: {
      const auto &j = llvm::cast<ast::IfJumpStmt>(s);
      add(AtomKind::IfJump, ctx, j.cond ? exprText(*j.cond) : "?",
          "-> " + j.then.text().str() + (j.otherwise ? " else -> " + j.otherwise->text().str() : ""));
      break;
    }
    case K::IfBlock: {
      const auto &ib = llvm::cast<ast::IfBlockStmt>(s);
      for (size_t i = 0; i < ib.arms.size(); ++i) {
        const auto &arm = ib.arms[i];
        std::string cond = arm.cond ? exprText(*arm.cond) : "?";
        add(AtomKind::IfArm, ctx, cond);
        block(arm.body, nest(ctx, (i ? "else if " : "if ") + cond));
      }
      if (ib.otherwise) {
        add(AtomKind::Else, ctx, "");
        block(*ib.otherwise, nest(ctx, "else"));
      }
      break;
    }
    case K::Goto:
      add(AtomKind::Goto, ctx, "", "-> " + llvm::cast<ast::GotoStmt>(s).target.text().str());
      break;
    case K::Create: {
      const auto &c = llvm::cast<ast::CreateStmt>(s);
      add(AtomKind::Create, ctx, c.form.text().str());
      std::string cctx = nest(ctx, "create " + c.form.text().str());
      for (const ast::FieldInit &fi : c.inits)
        add(AtomKind::FieldInit, cctx, fi.field.text().str() + " = " + (fi.value ? exprText(*fi.value) : "?"));
      break;
    }
    case K::Complete:
      add(AtomKind::Complete, ctx, llvm::cast<ast::CompleteStmt>(s).form.text().str());
      break;
    case K::Charge: {
      const auto &c = llvm::cast<ast::ChargeStmt>(s);
      std::string what = c.itemCode ? std::to_string(*c.itemCode) : "";
      if (c.amount)
        what = c.amount->str();
      if (c.label)
        what += " " + quoted(*c.label);
      add(AtomKind::Charge, ctx, what);
      break;
    }
    case K::Invoice:
      add(AtomKind::Invoice, ctx, "");
      break;
    case K::TakePayment: {
      const auto &t = llvm::cast<ast::TakePaymentStmt>(s);
      add(AtomKind::TakePayment, ctx, "",
          t.elseTarget ? "else -> " + t.elseTarget->text().str() : t.elseBody ? "else { ... }" : "");
      if (t.elseBody)
        block(*t.elseBody, nest(ctx, "take payment else"));
      break;
    }
    case K::Transfer:
      add(AtomKind::Transfer, ctx, llvm::cast<ast::TransferStmt>(s).target.str());
      break;
    case K::End: {
      const auto &e = llvm::cast<ast::EndStmt>(s);
      add(AtomKind::End, ctx, e.reason ? e.reason->str() : "");
      break;
    }
    }
  }
};

bool isLine(AtomKind k) {
  return k == AtomKind::Say || k == AtomKind::Note || k == AtomKind::Question;
}
bool isMoney(AtomKind k) {
  return k == AtomKind::Charge || k == AtomKind::Invoice || k == AtomKind::TakePayment;
}
bool isJump(AtomKind k) { return k == AtomKind::Goto || k == AtomKind::IfJump; }

std::string atomText(const Atom &x) {
  std::string s = atomWord(x.kind);
  if (x.kind == AtomKind::Say || x.kind == AtomKind::Note || x.kind == AtomKind::Question ||
      x.kind == AtomKind::Option || x.kind == AtomKind::Transfer ||
      (x.kind == AtomKind::End && !x.a.empty()) || (x.kind == AtomKind::Do) ||
      (x.kind == AtomKind::Input && !x.a.empty()))
    s += " \"" + x.a + "\"";
  else if (!x.a.empty())
    s += " " + x.a;
  if (!x.key.empty())
    s += " key " + x.key;
  if (!x.b.empty())
    s += " " + x.b;
  return s;
}

Change make(Kind k, const std::string &step, const Atom &where, std::string oldV, std::string newV) {
  Change c{k, step, where.context, std::move(oldV), std::move(newV), "", {}};
  if (c.context.empty())
    c.context = atomWord(where.kind);
  else
    c.context += std::string(" > ") + atomWord(where.kind);
  return c;
}

void paired(const std::string &step, const Atom &o, const Atom &n, std::vector<Change> &out) {
  if (isLine(o.kind) || o.kind == AtomKind::Do || o.kind == AtomKind::Transfer ||
      o.kind == AtomKind::End || (o.kind == AtomKind::Input && o.a != n.a)) {
    Change c = make(Kind::LineChanged, step, n, o.a, n.a);
    c.words = wordDiff(o.a, n.a);
    out.push_back(std::move(c));
    if (o.b != n.b)
      out.push_back(make(isJump(o.kind) ? Kind::JumpChanged : Kind::StatementChanged, step, o, o.b, n.b));
    return;
  }
  switch (o.kind) {
  case AtomKind::Option:
    if (o.a != n.a) {
      Change c = make(Kind::OptionRelabelled, step, n, o.a, n.a);
      c.words = wordDiff(o.a, n.a);
      out.push_back(std::move(c));
    }
    if (o.b != n.b) {
      Change c = make(Kind::OptionRetargeted, step, n, o.b, n.b);
      c.context += " \"" + n.a + "\"";
      out.push_back(std::move(c));
    }
    if (o.key != n.key) { // what the agent types or the caller presses changed
      Change c = make(Kind::OptionRekeyed, step, n, o.key.empty() ? "no key" : "key " + o.key,
                      n.key.empty() ? "no key" : "key " + n.key);
      c.context += " \"" + n.a + "\"";
      out.push_back(std::move(c));
    }
    return;
  case AtomKind::IfJump:
    if (o.a != n.a)
      out.push_back(make(Kind::ConditionChanged, step, o, o.a, n.a));
    if (o.b != n.b)
      out.push_back(make(Kind::JumpChanged, step, o, o.b, n.b));
    return;
  case AtomKind::IfArm:
    out.push_back(make(Kind::ConditionChanged, step, o, o.a, n.a));
    return;
  case AtomKind::Goto:
  case AtomKind::TakePayment:
    out.push_back(make(Kind::JumpChanged, step, o, o.b, n.b));
    return;
  case AtomKind::Charge:
    out.push_back(make(Kind::MoneyRemoved, step, o, atomText(o), ""));
    out.push_back(make(Kind::MoneyAdded, step, n, "", atomText(n)));
    return;
  default:
    out.push_back(make(Kind::StatementChanged, step, o, atomText(o), atomText(n)));
  }
}

void single(const std::string &step, const Atom &x, bool added, std::vector<Change> &out) {
  Kind k;
  if (isLine(x.kind))
    k = added ? Kind::LineAdded : Kind::LineRemoved;
  else if (x.kind == AtomKind::Option)
    k = added ? Kind::OptionAdded : Kind::OptionRemoved;
  else if (isMoney(x.kind))
    k = added ? Kind::MoneyAdded : Kind::MoneyRemoved;
  else if (isJump(x.kind))
    k = added ? Kind::JumpAdded : Kind::JumpRemoved;
  else
    k = added ? Kind::StatementAdded : Kind::StatementRemoved;
  std::string text = isLine(x.kind) ? x.a : atomText(x);
  out.push_back(make(k, step, x, added ? "" : text, added ? text : ""));
}

// A removed and an added atom describe one changed thing when they are of
// the same kind at the same place; a second pass then pairs what is left
// of the same kind anywhere (a line reworded while its option was renamed).
int score(const Atom &o, const Atom &n) {
  if (o.kind != n.kind)
    return 0;
  int s = 1;
  if (o.context == n.context)
    s += 4;
  if (!o.a.empty() && o.a == n.a)
    s += 2;
  if (!o.b.empty() && o.b == n.b)
    s += 2;
  return s;
}

void hunk(const std::string &step, const std::vector<Atom> &A, size_t a0, size_t a1,
          const std::vector<Atom> &B, size_t b0, size_t b1, std::vector<Change> &out) {
  std::vector<int> partner(a1 - a0, -1);
  std::vector<bool> taken(b1 - b0, false);
  for (int pass = 0; pass < 2; ++pass)
    for (size_t i = a0; i < a1; ++i) {
      if (partner[i - a0] >= 0)
        continue;
      int best = -1, bestScore = pass == 0 ? 5 : 1;
      for (size_t j = b0; j < b1 && j - b0 < 256; ++j) {
        if (taken[j - b0])
          continue;
        int s = score(A[i], B[j]);
        if (s >= bestScore && (best < 0 || s > score(A[i], B[best])))
          best = static_cast<int>(j);
      }
      if (best >= 0) {
        partner[i - a0] = best;
        taken[best - b0] = true;
      }
    }
  for (size_t i = a0; i < a1; ++i) {
    if (partner[i - a0] >= 0)
      paired(step, A[i], B[partner[i - a0]], out);
    else
      single(step, A[i], false, out);
  }
  for (size_t j = b0; j < b1; ++j)
    if (!taken[j - b0])
      single(step, B[j], true, out);
}

} // namespace

void diffStepBodies(const sema::Program &, const ast::StepDecl &oldStep, const sema::Program &,
                    const ast::StepDecl &newStep, std::vector<Change> &out) {
  Flattener fa, fb;
  fa.block(oldStep.body, "");
  fb.block(newStep.body, "");
  const std::vector<Atom> &A = fa.atoms, &B = fb.atoms;
  if (A == B)
    return;
  auto pairs = lcs(A.size(), B.size(), [&](size_t i, size_t j) { return A[i] == B[j]; });
  pairs.push_back({A.size(), B.size()});
  size_t i = 0, j = 0;
  const std::string step = newStep.id.text().str();
  for (auto [pi, pj] : pairs) {
    if (pi > i || pj > j)
      hunk(step, A, i, pi, B, j, pj, out);
    i = pi + 1, j = pj + 1;
  }
}

} // namespace callflow::diff::internal
