// Lowering step bodies into the statement graph (Cfg): one node per step
// entry and per statement, edges for fall-through, jumps, ask options,
// branches and declined payments, plus the facts each node sets and reads.
// Falling off the end of a step (E0202) is found here.
#include <array>

#include "check/checker.h"
#include "support/aside.h"
#include "support/prefault.h"

namespace callflow::check {

using diag::DiagId;
using sema::Symbol;

namespace {
struct Pending {
  int from;
  Edge edge; // `to` filled when connected
  /// The option or branch the edge leaves (its label, `if`, `else`), where
  /// E0202 points when the edge runs off the step; invalid at the step's
  /// own level. Filled by the innermost block the edge leaves.
  llvm::SMRange branch = {};
};
/// Edges waiting for the next statement: usually one, so kept inline (no
/// heap allocation per statement).
using PendingList = llvm::SmallVector<Pending, 2>;

/// Where a branch starts, as a point: `if`, `else if`, an `else` block's
/// `else` (the keyword before its `{`, which the AST does not keep).
llvm::SMRange branchStart(llvm::SMRange r, bool elseBlock, const llvm::SourceMgr &sm) {
  llvm::SMLoc at = r.Start;
  if (elseBlock && at.isValid()) {
    unsigned buf = sm.FindBufferContainingLoc(at);
    const char *begin = buf ? sm.getMemoryBuffer(buf)->getBufferStart() : at.getPointer();
    const char *p = at.getPointer();
    while (p > begin && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r'))
      --p;
    if (p - begin >= 4 && llvm::StringRef(p - 4, 4) == "else")
      at = llvm::SMLoc::getFromPointer(p - 4);
  }
  return {at, at};
}

struct Lowerer {
  Checker &c;
  sema::Program &p;
  Cfg &g;
  // Edges gathered before CSR packing (an edge may leave a node long after
  // later nodes were made: an option's, once its block is lowered); the
  // facts each node sets and reads straight into their CSR arrays.
  struct OutList {
    std::vector<Edge> items;
    void add(int n, Edge e) {
      e.from = uint32_t(n);
      items.push_back(e);
    }
  };
  struct SetList {
    NodeLists<int, SetHow> lists;
    void add(int n, int fact, SetHow how = {}) { lists.add(n, fact, how); }
  };
  struct ReadList {
    NodeLists<Read> lists;
    void add(int n, const Read &r) { lists.add(n, r); }
  };
  OutList out;
  SetList sets;
  ReadList reads;
  int step = -1;
  /// The option or branch whose block is being lowered (Pending::branch).
  llvm::SMRange branch;

  /// Lowers `b` as the block of the option or branch at `where`.
  void branchBlock(const ast::Block &b, PendingList &pending, llvm::SMRange where) {
    llvm::SMRange saved = branch;
    branch = where;
    block(b, pending);
    branch = saved;
  }

  int newNode(Node::Kind k, const ast::Stmt *s) {
    Node n;
    n.kind = k;
    n.step = step;
    n.stmt = s;
    if (s)
      n.stmtKind = s->kind;
    g.nodes.push_back(n);
    return (int)g.nodes.size() - 1;
  }

  void connect(PendingList &pending, int to) {
    for (Pending &pe : pending) {
      pe.edge.to = to;
      out.add(pe.from, pe.edge);
    }
    pending.clear();
  }

  void jump(int from, const ast::Name &target, Edge e) {
    const Symbol s = sema::Program::nameOf(target);
    if (s.kind != Symbol::Kind::Step)
      return; // E0102, reported
    e.to = -2 - s.index; // a step, mapped to its entry node when packing
    e.toStep = true;
    out.add(from, e);
    ++g.jumps;
  }

  void readExpr(int n, const ast::Expr *e) {
    if (!e)
      return;
    switch (e->kind) {
    case ast::Expr::Kind::Ref: {
      const Symbol s = sema::Program::refOf(e);
      if (!s.valid())
        return;
      int slot = p.slotOf(s);
      if (slot >= 0)
        reads.add(n, Read{slot, e->range, Read::Kind::Expr});
      else if (s.kind == Symbol::Kind::FormNumber)
        reads.add(n, Read{c.factOfFormNumber(s.index), e->range, Read::Kind::Expr});
      else if (s.kind == Symbol::Kind::InvoiceTotal)
        reads.add(n, Read{c.factInvoice(), e->range, Read::Kind::Expr});
      return;
    }
    case ast::Expr::Kind::Unary:
      readExpr(n, llvm::cast<ast::UnaryExpr>(e)->operand.get());
      return;
    case ast::Expr::Kind::IsSet:
      return; // `x is set` tests, it does not read
    case ast::Expr::Kind::String:
      // A value with placeholders reads them when it is made: each must be
      // set on every path, as on a say line (W0306).
      readText(n, llvm::cast<ast::StringExpr>(e)->value);
      return;
    case ast::Expr::Kind::Input:
      if (const auto &prompt = llvm::cast<ast::InputExpr>(e)->prompt)
        readText(n, *prompt);
      return;
    case ast::Expr::Kind::Binary:
      readExpr(n, llvm::cast<ast::BinaryExpr>(e)->lhs.get());
      readExpr(n, llvm::cast<ast::BinaryExpr>(e)->rhs.get());
      return;
    case ast::Expr::Kind::In: {
      const auto *in = llvm::cast<ast::InExpr>(e);
      readExpr(n, in->operand.get());
      for (const ast::ExprPtr &el : in->elements)
        readExpr(n, el.get());
      return;
    }
    case ast::Expr::Kind::Duration:
      readExpr(n, llvm::cast<ast::DurationExpr>(e)->count.get());
      return;
    case ast::Expr::Kind::Between:
      readExpr(n, llvm::cast<ast::BetweenExpr>(e)->span.get());
      return;
    default:
      return;
    }
  }

  void readText(int n, const ast::Text &t) {
    for (const ast::Placeholder &ph : t.placeholders()) {
      const Symbol s = sema::Program::placeholderOf(ph);
      if (!s.valid())
        continue;
      int fact = p.slotOf(s);
      if (s.kind == Symbol::Kind::FormNumber)
        fact = c.factOfFormNumber(s.index);
      else if (s.kind == Symbol::Kind::InvoiceTotal)
        fact = c.factInvoice();
      if (fact >= 0)
        reads.add(n, Read{fact, ph.range, Read::Kind::Placeholder});
    }
  }

  void setTarget(int n, const ast::QualName &q, SetHow how = {}) {
    const Symbol s = sema::Program::targetOf(q);
    if (!s.valid())
      return;
    int slot = p.slotOf(s);
    if (slot >= 0)
      sets.add(n, slot, how);
  }

  /// How assigning `value` sets a slot: a literal's coordinate, a copy of
  /// another slot, or an unknown value.
  SetHow howOf(const ast::Expr *value) {
    SetHow how;
    if (!value)
      return how;
    if (c.poisoned.count(value)) {
      how.kind = SetHow::Kind::Poisoned;
      return how;
    }
    switch (value->kind) {
    case ast::Expr::Kind::Bool:
      how.kind = SetHow::Kind::Value;
      how.coord = llvm::cast<ast::BoolExpr>(value)->value ? 2 : 1;
      return how;
    case ast::Expr::Kind::String:
    case ast::Expr::Kind::Number:
    case ast::Expr::Kind::Money:
    case ast::Expr::Kind::Date:
    case ast::Expr::Kind::Time:
      how.kind = SetHow::Kind::Value;
      how.coord = 1;
      how.literal = value;
      return how;
    case ast::Expr::Kind::Ref: {
      const Symbol s = sema::Program::refOf(value);
      if (!s.valid())
        return how;
      if (s.kind == Symbol::Kind::EnumValue) {
        how.kind = SetHow::Kind::Value;
        how.coord = s.sub + 1;
      } else if (int slot = p.slotOf(s); slot >= 0) {
        how.kind = SetHow::Kind::Copy;
        how.coord = slot;
      }
      return how;
    }
    default:
      return how;
    }
  }

  /// Registers an `if` condition; returns its Cfg::guards index.
  int guard(const ast::Expr *cond) {
    if (!cond)
      return -1;
    g.guards.push_back(cond);
    FactSpace::collectSlots(p, cond, g.guardSlots);
    return (int)g.guards.size() - 1;
  }

  /// `create F` / `complete F`: reads F's required fields. Only `create`
  /// gives the record its number (`{F.number}`): the host answers a create
  /// with the number, a complete submits a record without one.
  void formFacts(int n, const ast::Name &form, const ast::Stmt *s) {
    const Symbol fs = sema::Program::nameOf(form);
    if (fs.kind != Symbol::Kind::Form)
      return;
    int f = fs.index;
    g.nodes[n].form = f;
    for (const sema::FieldInfo &fi : p.forms[f].fields)
      if (fi.required)
        reads.add(n, Read{fi.slot, s->range, Read::Kind::Required});
    if (s->kind == ast::Stmt::Kind::Create)
      sets.add(n, c.factOfFormNumber(f));
  }

  /// Lowers `b`; `pending` holds the edges that flow into its first
  /// statement, and on return the edges that flow out of its end.
  void block(const ast::Block &b, PendingList &pending) {
    for (const ast::StmtPtr &sp : b.stmts) {
      const ast::Stmt *s = sp.get();
      if (pending.empty()) {
        // Nothing flows into the rest of the block (after a syntax error in
        // the step, maybe only because recovery cut it short).
        if (!p.steps[step].decl->syntaxErrors)
          c.diags.report(DiagId::UnreachableStatement, s->range);
        break;
      }
      int n = newNode(Node::Kind::Stmt, s);
      // A charge of what is not defined: what it adds to the bill is
      // unknown. (A test that names something undefined leaves both of its
      // branches open, as one on a value the checker does not track; a
      // value that does is SetHow::Kind::Poisoned.)
      g.nodes[n].poisoned = s->kind == ast::Stmt::Kind::Charge && c.poisoned.count(s);
      connect(pending, n);
      stmt(n, s, pending);
    }
    for (Pending &pe : pending)
      if (!pe.branch.isValid())
        pe.branch = branch;
  }

  void stmt(int n, const ast::Stmt *s, PendingList &pending) {
    using K = ast::Stmt::Kind;
    Edge seq;
    switch (s->kind) {
    case K::Say:
      readText(n, llvm::cast<ast::SayStmt>(s)->text);
      break;
    case K::Note:
      readText(n, llvm::cast<ast::NoteStmt>(s)->text);
      break;
    case K::Do: {
      const auto *d = llvm::cast<ast::DoStmt>(s);
      readText(n, d->action);
      if (d->result)
        setTarget(n, *d->result);
      break;
    }
    case K::Input: {
      const auto *in = llvm::cast<ast::InputStmt>(s);
      if (in->prompt)
        readText(n, *in->prompt);
      SetHow how;
      for (const ast::Name &v : in->allowed)
        if (const Symbol vs = sema::Program::nameOf(v); vs.kind == Symbol::Kind::EnumValue) {
          if (!how.count)
            how.first = (uint32_t)g.setPool.size();
          g.setPool.push_back(vs.sub + 1);
          ++how.count;
        }
      if (how.count)
        how.kind = SetHow::Kind::OneOf;
      if (c.poisoned.count(s)) // `in` lists a value the enum does not have
        how.kind = SetHow::Kind::Poisoned;
      setTarget(n, in->target, how);
      break;
    }
    case K::Set: {
      const auto *st = llvm::cast<ast::SetStmt>(s);
      readExpr(n, st->value.get());
      setTarget(n, st->target, howOf(st->value.get()));
      break;
    }
    case K::Create: {
      const auto *cr = llvm::cast<ast::CreateStmt>(s);
      for (const ast::FieldInit &init : cr->inits) {
        readExpr(n, init.value.get());
        if (const Symbol fs = sema::Program::nameOf(init.field); fs.kind == Symbol::Kind::Field)
          sets.add(n, p.slotOf(fs), howOf(init.value.get()));
      }
      formFacts(n, cr->form, s);
      break;
    }
    case K::Complete:
      formFacts(n, llvm::cast<ast::CompleteStmt>(s)->form, s);
      break;
    case K::Charge: {
      const auto *ch = llvm::cast<ast::ChargeStmt>(s);
      if (ch->label)
        readText(n, *ch->label);
      if (auto it = p.charges.find(s); it != p.charges.end())
        g.nodes[n].charge = it->second.index;
      if (ch->amount)
        if (const int slot = p.slotOf(sema::Program::targetOf(*ch->amount)); slot >= 0) {
          reads.add(n, Read{slot, ch->amount->range, Read::Kind::Expr});
          if (g.nodes[n].charge < 0)
            g.nodes[n].charge = -2 - slot;
        }
      break;
    }
    case K::Invoice:
      sets.add(n, c.factInvoice());
      break;
    case K::Ask: {
      const auto *a = llvm::cast<ast::AskStmt>(s);
      // Every line of the ask is read at its node, before the options'
      // blocks make later nodes (NodeLists appends in node order).
      readText(n, a->question);
      for (const ast::AskOption &o : a->options)
        readText(n, o.label);
      PendingList after;
      for (const ast::AskOption &o : a->options) {
        Edge e;
        e.kind = Edge::Kind::Option;
        e.label = &o.label;
        if (o.target) {
          jump(n, *o.target, e);
        } else if (o.body) {
          PendingList inner{{n, e}};
          branchBlock(*o.body, inner, o.label.range);
          after.insert(after.end(), inner.begin(), inner.end());
        }
      }
      pending.swap(after);
      return;
    }
    case K::IfJump: {
      const auto *ij = llvm::cast<ast::IfJumpStmt>(s);
      readExpr(n, ij->cond.get());
      int gid = guard(ij->cond.get());
      Edge t{-1, Edge::Kind::IfThen, true, gid, nullptr};
      jump(n, ij->then, t);
      Edge f{-1, Edge::Kind::IfElse, false, gid, nullptr};
      if (ij->otherwise) {
        jump(n, *ij->otherwise, f);
        pending.clear();
      } else {
        pending.clear();
        pending.push_back({n, f});
      }
      return;
    }
    case K::IfBlock: {
      const auto *ib = llvm::cast<ast::IfBlockStmt>(s);
      PendingList after;
      int test = n, gid = -1;
      for (size_t i = 0; i < ib->arms.size(); ++i) {
        const auto &arm = ib->arms[i];
        if (i > 0) {
          int t2 = newNode(Node::Kind::ArmTest, nullptr);
          Edge f{t2, Edge::Kind::IfElse, false, gid, nullptr};
          out.add(test, f);
          test = t2;
        }
        readExpr(test, arm.cond.get());
        gid = guard(arm.cond.get());
        PendingList inner{{test, Edge{-1, Edge::Kind::IfThen, true, gid, nullptr}}};
        branchBlock(arm.body, inner, branchStart(arm.range, false, c.sm));
        after.insert(after.end(), inner.begin(), inner.end());
      }
      PendingList rest{{test, Edge{-1, Edge::Kind::IfElse, false, gid, nullptr}}};
      if (ib->otherwise)
        branchBlock(*ib->otherwise, rest, branchStart(ib->otherwise->range, true, c.sm));
      after.insert(after.end(), rest.begin(), rest.end());
      pending = std::move(after);
      return;
    }
    case K::Goto:
      jump(n, llvm::cast<ast::GotoStmt>(s)->target, Edge{-1, Edge::Kind::Goto, true, -1, nullptr});
      pending.clear();
      return;
    case K::TakePayment: {
      const auto *tp = llvm::cast<ast::TakePaymentStmt>(s);
      Edge declined{-1, Edge::Kind::Declined, true, -1, nullptr};
      PendingList after{{n, seq}};
      if (tp->elseTarget) {
        jump(n, *tp->elseTarget, declined);
      } else if (tp->elseBody) {
        PendingList inner{{n, declined}};
        branchBlock(*tp->elseBody, inner, branchStart(tp->elseBody->range, true, c.sm));
        after.insert(after.end(), inner.begin(), inner.end());
      } else {
        g.nodes[n].terminal = true; // a declined payment ends the call
      }
      pending = std::move(after);
      return;
    }
    case K::Transfer:
      readText(n, llvm::cast<ast::TransferStmt>(s)->target);
      g.nodes[n].terminal = true;
      pending.clear();
      return;
    case K::End:
      if (const auto *e = llvm::cast<ast::EndStmt>(s); e->reason)
        readText(n, *e->reason);
      g.nodes[n].terminal = true;
      pending.clear();
      return;
    }
    pending.clear();
    pending.push_back({n, seq});
  }
};
} // namespace

void Checker::buildCfg() {
  Lowerer l{*this, p, cfg, {}, {{cfg.sets, cfg.setBegin, &cfg.setHow}}, {{cfg.reads, cfg.readBegin}},
            -1, {}};
  // Sized from the walk of resolveBodies: a node per step and statement
  // (plus `else if` tests); an edge per statement, option and branch at
  // most. Reserving is enough: pages never written are never touched.
  const size_t numStmts = bodySize.stmts;
  const size_t maxNodes = p.steps.size() + numStmts + bodySize.arms;
  cfg.nodes.reserve(maxNodes);
  cfg.sets.reserve(numStmts);
  cfg.setHow.reserve(numStmts);
  cfg.setBegin.reserve(maxNodes + 1);
  cfg.reads.reserve(2 * numStmts);
  cfg.readBegin.reserve(maxNodes + 1);
  l.out.items.reserve(p.steps.size() + 2 * numStmts + bodySize.options + 2 * bodySize.arms);
  cfg.stepEntry.assign(p.steps.size(), -1);
  // The lowering below is serial and mostly writes fresh memory: with a
  // thread to spare, the pages of the arrays it fills are made beside it
  // (support/prefault.h), as many as it will surely write: every node and
  // its two begins, an edge a node. The check of gen_flow.py's 100k steps
  // after the machine was idle: this pass 125 -> 82 ms of CPU.
  const size_t willWrite = maxNodes * (sizeof(Node) + sizeof(Edge) + 2 * sizeof(uint32_t));
  // Making a page present never changes what it holds: the writer may
  // overtake the thread, and an array that moved would only waste its work.
  Aside ahead; // joined on the way out
  if (opts.threads && willWrite >= kPrefaultGraphBytes)
    ahead.start([ranges = std::array<PrefaultRange, 4>{
                     PrefaultRange{cfg.nodes.data(), maxNodes * sizeof(Node)},
                     {l.out.items.data(), std::min(l.out.items.capacity(), maxNodes) * sizeof(Edge)},
                     {cfg.setBegin.data(), (maxNodes + 1) * sizeof(uint32_t)},
                     {cfg.readBegin.data(), (maxNodes + 1) * sizeof(uint32_t)}}] {
      prefaultTogether(ranges);
    });
  for (size_t s = 0; s < p.steps.size(); ++s) {
    l.step = (int)s;
    int entry = l.newNode(Node::Kind::StepEntry, nullptr);
    cfg.stepEntry[s] = entry;
    PendingList pending{{entry, Edge{}}};
    l.block(p.steps[s].decl->body, pending);
    if (!pending.empty() && !p.steps[s].decl->syntaxErrors) {
      // At the option or branch that runs off (the step's name when its
      // own statements do); a note at each other one.
      std::vector<llvm::SMRange> where;
      for (const Pending &pe : pending) {
        llvm::SMRange r = pe.branch.isValid() ? pe.branch : p.steps[s].decl->id.range;
        if (llvm::none_of(where, [&](llvm::SMRange w) { return w.Start == r.Start; }))
          where.push_back(r);
      }
      auto b = diags.report(DiagId::FallsOffEnd, where[0], {std::string(p.steps[s].id)});
      for (size_t i = 1; i < where.size(); ++i)
        b.note(where[i], "this also runs off the end of '" + std::string(p.steps[s].id) + "'");
    }
  }
  // Pack the edges' CSR (a stable counting sort by node, so each node keeps
  // its edges in source order); jumps were stored as -2 - step: map them to
  // entries. The sets and reads are in CSR form already.
  size_t numNodes = cfg.nodes.size();
  l.sets.lists.finish(numNodes);
  l.reads.lists.finish(numNodes);
  std::vector<uint32_t> edgeBegin(numNodes + 1, 0);
  for (const Edge &e : l.out.items)
    ++edgeBegin[e.from + 1];
  for (size_t n = 0; n < numNodes; ++n)
    edgeBegin[n + 1] += edgeBegin[n];
  {
    // The edges are put in CSR order where they are, not copied into a
    // second array (a large flow's edges are tens of MB, and fresh memory
    // is dear): each one's place by the counting sort, then the
    // permutation's cycles, a swap putting one edge in its place.
    std::vector<Edge> &edges = l.out.items;
    std::vector<uint32_t> place(edges.size());
    std::vector<uint32_t> fill(edgeBegin.begin(), edgeBegin.end() - 1);
    for (size_t i = 0; i < edges.size(); ++i) {
      Edge &e = edges[i];
      if (e.to <= -2)
        e.to = cfg.stepEntry[-2 - e.to];
      place[i] = fill[e.from]++;
    }
    for (uint32_t i = 0; i < edges.size(); ++i)
      while (place[i] != i) {
        const uint32_t j = place[i];
        std::swap(edges[i], edges[j]);
        std::swap(place[i], place[j]);
      }
    cfg.edges = std::move(edges);
  }
  // `set a = b` carries b's value only when b is tracked too: add the
  // sources of copies into tested slots (transitively), after them.
  std::vector<bool> tested(p.slots.size(), false);
  for (int slot : cfg.guardSlots)
    tested[slot] = true;
  for (bool grew = true; grew;) {
    grew = false;
    for (size_t k = 0; k < cfg.sets.size(); ++k) {
      const SetHow &how = cfg.setHow[k];
      if (how.kind == SetHow::Kind::Copy && tested[cfg.sets[k]] && !tested[how.coord]) {
        tested[how.coord] = true;
        cfg.guardSlots.push_back(how.coord);
        grew = true;
      }
    }
  }
  for (size_t n = 0; n < numNodes; ++n) {
    cfg.nodes[n].firstEdge = edgeBegin[n];
    cfg.nodes[n].numEdges = edgeBegin[n + 1] - edgeBegin[n];
  }
}

} // namespace callflow::check
