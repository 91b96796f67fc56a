// AST building for expressions: or / and / not / comparisons / `is set`
// and the primaries (literals, names, `input "prompt"`, parentheses). The
// grammar's expression rules are flatter than the precedence levels (see
// FlowParser.g4); Chain below gives `and` and `* /` their precedence.
#include "parse/builder.h"

#include "callflow/value.h"

namespace callflow::parse {

namespace {

/// The operator a comparison, `+ - * /`, `and` or `or` token stands for.
ast::BinaryExpr::Op binaryOp(size_t tokenType) {
  using L = callflow_antlr::FlowLexer;
  using Op = ast::BinaryExpr::Op;
  switch (tokenType) {
  case L::NE: return Op::Ne;
  case L::LT: return Op::Lt;
  case L::LE: return Op::Le;
  case L::GT: return Op::Gt;
  case L::GE: return Op::Ge;
  case L::PLUS: return Op::Add;
  case L::MINUS: return Op::Sub;
  case L::STAR: return Op::Mul;
  case L::SLASH: return Op::Div;
  case L::AND: return Op::And;
  case L::OR: return Op::Or;
  default: return Op::Eq;
  }
}

/// Whether an operator binds before the others of its chain: `* /` before
/// `+ -` (an `arith`), `and` before `or` (an `expr`).
bool bindsTight(size_t tokenType) {
  using L = callflow_antlr::FlowLexer;
  return tokenType == L::STAR || tokenType == L::SLASH || tokenType == L::AND;
}

ast::ExprPtr makeBinary(ast::BinaryExpr::Op op, SMRange opRange, ast::ExprPtr lhs,
                        ast::ExprPtr rhs) {
  auto b = std::make_unique<ast::BinaryExpr>();
  b->op = op;
  b->opRange = opRange;
  b->range = AstBuilder::join(lhs ? lhs->range : SMRange(), rhs ? rhs->range : SMRange());
  b->lhs = std::move(lhs);
  b->rhs = std::move(rhs);
  return b;
}

} // namespace

namespace {

/// Builds one expression (an `expr` rule and everything under it) and
/// guards its depth: each build function leaves the depth of the tree it
/// returns in `depth`, and the first operator that would make the tree
/// deeper than AstBuilder::maxExprDepth() is reported once; from then on
/// every function returns null, so the partial tree (never deeper than the
/// limit) is dropped and the expression reads as missing. Chains and runs
/// of `not` are loops here, but the tree they make is as deep as they are
/// long, and the checker, codegen, printers and the AST's own destructor
/// recurse on it.
struct ExprBuilder {
  AstBuilder &b;
  unsigned depth = 0;
  bool tooDeep = false;

  /// Records `d` as the depth of the tree being returned; false (after
  /// reporting, once) when it is over the limit.
  bool within(unsigned d, SMRange at) {
    if (tooDeep)
      return false;
    if (d <= b.maxExprDepth()) {
      depth = d;
      return true;
    }
    tooDeep = true;
    b.diags().report(diag::DiagId::ExpressionTooDeep, at, {std::to_string(b.maxExprDepth())});
    return false;
  }
  ast::ExprPtr leaf(ast::ExprPtr e) {
    if (!within(1, e ? e->range : SMRange()))
      return nullptr;
    return e;
  }

  // ---- dates and times (both modes) -------------------------------------

  /// `2026-12-03`: a day the calendar lacks stays in the tree, invalid
  /// (the checker reports it).
  ast::ExprPtr date(antlr4::Token *tok, SMRange range) {
    auto e = std::make_unique<ast::DateExpr>();
    e->spelling = b.tokenText(tok).str();
    if (auto d = callflow::parseIsoDate(e->spelling)) {
      e->day = *d;
      e->valid = true;
    }
    e->range = range;
    return leaf(std::move(e));
  }
  ast::ExprPtr time(antlr4::Token *tok, SMRange range) {
    auto e = std::make_unique<ast::TimeExpr>();
    e->spelling = b.tokenText(tok).str();
    if (auto t = callflow::parseTime(e->spelling)) {
      e->minutes = *t;
      e->valid = true;
    }
    e->range = range;
    return leaf(std::move(e));
  }
  ast::ExprPtr clock(bool now, SMRange range) {
    auto e = std::make_unique<ast::ClockExpr>();
    e->now = now;
    e->range = range;
    return leaf(std::move(e));
  }
  static ast::TimeUnit unitOf(size_t tokenType) {
    using L = callflow_antlr::FlowLexer;
    switch (tokenType) {
    case L::DAY: case L::DAYS: return ast::TimeUnit::Days;
    case L::MONTH: case L::MONTHS: return ast::TimeUnit::Months;
    default: return ast::TimeUnit::Years;
    }
  }
  /// `years(span)`: one level above its operand.
  ast::ExprPtr between(antlr4::Token *fn, ast::ExprPtr span, SMRange range) {
    if (tooDeep || !within(depth + 1, range))
      return nullptr;
    auto e = std::make_unique<ast::BetweenExpr>();
    e->unit = unitOf(fn->getType());
    e->span = std::move(span);
    e->range = range;
    return e;
  }
  /// `count days`: one level above the count.
  ast::ExprPtr duration(ast::ExprPtr count, antlr4::Token *unit) {
    if (tooDeep)
      return nullptr;
    SMRange unitRange = b.range(unit);
    if (!within(depth + 1, unitRange))
      return nullptr;
    auto e = std::make_unique<ast::DurationExpr>();
    e->unit = unitOf(unit->getType());
    e->unitWord = b.tokenText(unit).str();
    e->unitRange = unitRange;
    e->range = AstBuilder::join(count ? count->range : SMRange(), unitRange);
    e->count = std::move(count);
    return e;
  }

  // ---- operators (both modes) -------------------------------------------

  /// `-x`: a literal's sign folds into it (`-5` is the number -5); any
  /// other operand is negated at run time.
  ast::ExprPtr negate(ast::ExprPtr operand, SMRange minus) {
    if (tooDeep)
      return nullptr;
    SMRange whole = AstBuilder::join(minus, operand ? operand->range : SMRange());
    if (auto *n = llvm::dyn_cast_or_null<ast::NumberExpr>(operand.get())) {
      n->value = -n->value;
      n->spelling = "-" + n->spelling;
      n->range = whole;
      return operand;
    }
    if (auto *m = llvm::dyn_cast_or_null<ast::MoneyExpr>(operand.get())) {
      m->cents = -m->cents;
      m->spelling = "-" + m->spelling;
      m->range = whole;
      return operand;
    }
    if (!within(depth + 1, minus))
      return nullptr;
    auto u = std::make_unique<ast::UnaryExpr>();
    u->op = ast::UnaryExpr::Op::Neg;
    u->range = whole;
    u->operand = std::move(operand);
    return u;
  }

  /// `operand is [not] set`: up to the `set` token.
  ast::ExprPtr isSetOf(ast::ExprPtr operand, bool negated, antlr4::Token *set) {
    if (tooDeep)
      return nullptr;
    auto e = std::make_unique<ast::IsSetExpr>();
    e->range = AstBuilder::join(operand ? operand->range : SMRange(), b.range(set));
    e->operand = std::move(operand);
    e->negated = negated;
    if (!within(depth + 1, e->range))
      return nullptr;
    return e;
  }

  /// `not` × n around an operand, the innermost last in the source.
  template <typename NotRange>
  ast::ExprPtr applyNots(ast::ExprPtr e, size_t n, NotRange notRange) {
    for (size_t k = n; k-- > 0;) {
      SMRange r = notRange(k);
      if (tooDeep || !within(depth + 1, r))
        return nullptr;
      auto u = std::make_unique<ast::UnaryExpr>();
      u->op = ast::UnaryExpr::Op::Not;
      u->range = AstBuilder::join(r, e ? e->range : SMRange());
      u->operand = std::move(e);
      e = std::move(u);
    }
    return e;
  }

  /// A chain `a op b op c ...` of one rule (`arith`: `+ - * /`; `expr`:
  /// `and`/`or`), folded as the nested rules of a grammar with one level
  /// per precedence would have it: tight operators (bindsTight) before the
  /// others, both leaning left. Feed operand(), then op() and operand() in
  /// turn, and take finish(). The nodes are made, and the depth limit
  /// checked, in the order of the nested form: a run of tight operators is
  /// folded as its operands come, and a loose operator first folds the
  /// chain before it; so the first node over the limit is the same.
  class Chain {
  public:
    explicit Chain(ExprBuilder &x) : x_(x) {}

    void operand(ast::ExprPtr e) {
      Part p{std::move(e), x_.depth};
      if (haveTight_) {
        haveTight_ = false;
        fold(term_, tightOp_, tightRange_, std::move(p));
      } else {
        term_ = std::move(p);
      }
    }

    /// False once the depth limit is passed.
    bool op(ast::BinaryExpr::Op op, bool tight, SMRange range) {
      if (tight) {
        haveTight_ = true;
        tightOp_ = op;
        tightRange_ = range;
        return !x_.tooDeep;
      }
      if (haveLoose_)
        fold(loose_, looseOp_, looseRange_, std::move(term_));
      else
        loose_ = std::move(term_);
      haveLoose_ = true;
      looseOp_ = op;
      looseRange_ = range;
      return !x_.tooDeep;
    }

    /// The tree, with its depth left in the builder's `depth`.
    ast::ExprPtr finish() {
      if (haveLoose_)
        fold(loose_, looseOp_, looseRange_, std::move(term_));
      else
        loose_ = std::move(term_);
      if (x_.tooDeep)
        return nullptr;
      x_.depth = loose_.depth;
      return std::move(loose_.e);
    }

  private:
    struct Part {
      ast::ExprPtr e;
      unsigned depth = 0;
    };

    void fold(Part &lhs, ast::BinaryExpr::Op op, SMRange range, Part rhs) {
      if (x_.tooDeep || !x_.within(std::max(lhs.depth, rhs.depth) + 1, range)) {
        lhs = Part{};
        return;
      }
      lhs.e = makeBinary(op, range, std::move(lhs.e), std::move(rhs.e));
      lhs.depth = x_.depth;
    }

    ExprBuilder &x_;
    Part loose_, term_;
    bool haveLoose_ = false, haveTight_ = false;
    ast::BinaryExpr::Op looseOp_{}, tightOp_{};
    SMRange looseRange_, tightRange_;
  };

  // ---- clean mode: children found by their place in the rule -----------

  template <typename T> static T *child(antlr4::ParserRuleContext *ctx, size_t i) {
    return AstBuilder::child<T>(ctx, i);
  }

  ast::ExprPtr cleanPrimary(P::PrimaryContext *ctx) {
    using L = callflow_antlr::FlowLexer;
    antlr4::Token *first = ctx->getStart();
    // `today`, `now`, `years(...)` are soft words: a name otherwise. Only a
    // primary that starts with one of them can be one of these (the first
    // token is looked at before any dynamic_cast: every primary comes here).
    switch (first->getType()) {
    case L::TODAY:
    case L::NOW:
      if (dynamic_cast<P::TodayPrimaryContext *>(ctx) || dynamic_cast<P::NowPrimaryContext *>(ctx))
        return clock(first->getType() == L::NOW, b.range(ctx));
      break;
    case L::DAYS:
    case L::MONTHS:
    case L::YEARS:
      if (dynamic_cast<P::SpanPrimaryContext *>(ctx)) {
        ast::ExprPtr span = cleanOr(child<P::ExprContext>(ctx, 2));
        return between(first, std::move(span), b.range(ctx));
      }
      break;
    default:
      break;
    }
    switch (first->getType()) {
    case L::DATE:
      return date(first, b.range(ctx));
    case L::TIME:
      return time(first, b.range(ctx));
    case L::STR_LIT:
    case L::STR_OPEN: { // text
      auto e = std::make_unique<ast::StringExpr>();
      e->value = b.buildText(child<P::TextContext>(ctx, 0));
      e->range = b.range(ctx);
      return leaf(std::move(e));
    }
    case L::INT: {
      auto e = std::make_unique<ast::NumberExpr>();
      e->spelling = b.tokenText(first).str();
      e->value = b.parseInt(first);
      e->range = b.range(ctx);
      return leaf(std::move(e));
    }
    case L::DECIMAL:
      return leaf(b.buildMoney(first));
    case L::TRUE:
    case L::FALSE: {
      auto e = std::make_unique<ast::BoolExpr>();
      e->value = first->getType() == L::TRUE;
      e->range = b.range(ctx);
      return leaf(std::move(e));
    }
    case L::INPUT: { // INPUT text?
      auto e = std::make_unique<ast::InputExpr>();
      if (ctx->children.size() == 2)
        e->prompt = b.buildText(child<P::TextContext>(ctx, 1));
      e->range = b.range(ctx);
      return leaf(std::move(e));
    }
    case L::LPAREN: { // LPAREN expr RPAREN: no node of its own
      ast::ExprPtr inner = cleanOr(child<P::ExprContext>(ctx, 1));
      if (inner)
        inner->range = b.range(ctx);
      return inner;
    }
    default: { // qualName
      auto e = std::make_unique<ast::RefExpr>();
      e->name = b.buildQualName(child<P::QualNameContext>(ctx, 0));
      e->range = b.range(ctx);
      return leaf(std::move(e));
    }
    }
  }


  /// unaryExpr `MINUS? primary (IS NOT? SET)? unit?` or signExpr (the
  /// same without the unit): `is set` binds first, then the sign, then the
  /// unit.
  ast::ExprPtr cleanUnary(antlr4::ParserRuleContext *ctx) {
    using L = callflow_antlr::FlowLexer;
    antlr4::Token *first = ctx->getStart();
    size_t at = first->getType() == L::MINUS ? 1 : 0;
    auto *prim = child<P::PrimaryContext>(ctx, at);
    ast::ExprPtr e = cleanPrimary(prim);
    size_t trailing = ctx->children.size() - at - 1; // tokens after the primary
    size_t t = prim->getStop()->getTokenIndex() + 1;
    if (trailing >= 2 && b.cleanToken(t)->getType() == L::IS) {
      bool negated = b.cleanToken(t + 1)->getType() == L::NOT;
      size_t set = t + (negated ? 2 : 1);
      e = isSetOf(std::move(e), negated, b.cleanToken(set));
      trailing -= set + 1 - t;
      t = set + 1;
    }
    if (at == 1)
      e = negate(std::move(e), b.range(first));
    if (trailing == 1)
      e = duration(std::move(e), b.cleanToken(t));
    return tooDeep ? nullptr : std::move(e);
  }

  /// `unaryExpr (op unaryExpr)*` and `cmpExpr (op cmpExpr)*`: operands at
  /// the even places, each operator the token after the operand before it.
  template <typename Operand, typename Build>
  ast::ExprPtr cleanChain(antlr4::ParserRuleContext *ctx, Build build) {
    Chain chain(*this);
    chain.operand(build(child<Operand>(ctx, 0)));
    for (size_t i = 2; i < ctx->children.size() && !tooDeep; i += 2) {
      auto *prev = child<Operand>(ctx, i - 2);
      antlr4::Token *opTok = b.cleanToken(prev->getStop()->getTokenIndex() + 1);
      if (!chain.op(binaryOp(opTok->getType()), bindsTight(opTok->getType()), b.range(opTok)))
        return nullptr;
      chain.operand(build(child<Operand>(ctx, i)));
    }
    return chain.finish();
  }

  ast::ExprPtr cleanArith(P::ArithContext *ctx) {
    return cleanChain<P::UnaryExprContext>(ctx, [this](P::UnaryExprContext *c) { return cleanUnary(c); });
  }

  /// `operand [not] in { e, ... }` from its parts; null when too deep.
  ast::ExprPtr makeIn(ast::ExprPtr operand, bool negated, SMRange opRange, SMRange range,
                      std::vector<ast::ExprPtr> elements, unsigned maxDepth) {
    if (tooDeep || !within(maxDepth + 1, opRange))
      return nullptr;
    auto e = std::make_unique<ast::InExpr>();
    e->operand = std::move(operand);
    e->elements = std::move(elements);
    e->negated = negated;
    e->opRange = opRange;
    e->range = range;
    return e;
  }

  // NOT* arith (cmpOp arith | NOT? IN LBRACE signExpr (COMMA signExpr)* RBRACE)?
  ast::ExprPtr cleanCmp(P::CmpExprContext *ctx) {
    using L = callflow_antlr::FlowLexer;
    size_t firstTok = ctx->getStart()->getTokenIndex();
    size_t nots = 0; // the rule's first tokens
    while (b.cleanToken(firstTok + nots)->getType() == L::NOT)
      ++nots;
    auto *lhsCtx = child<P::ArithContext>(ctx, nots);
    ast::ExprPtr e = cleanArith(lhsCtx);
    size_t n = ctx->children.size();
    if (n > nots + 1 && !tooDeep) {
      unsigned lhsDepth = depth;
      size_t opIndex = lhsCtx->getStop()->getTokenIndex() + 1;
      antlr4::Token *op = b.cleanToken(opIndex);
      if (op->getType() != L::NOT && op->getType() != L::IN) { // a comparison
        SMRange opRange = b.range(op);
        ast::ExprPtr rhs = cleanArith(child<P::ArithContext>(ctx, nots + 2));
        if (tooDeep || !within(std::max(lhsDepth, depth) + 1, opRange))
          return nullptr;
        e = makeBinary(binaryOp(op->getType()), opRange, std::move(e), std::move(rhs));
      } else { // `[not] in {...}`: the elements from after the brace, every other child
        bool negated = op->getType() == L::NOT;
        SMRange opRange = AstBuilder::join(b.range(op), b.range(b.cleanToken(opIndex + (negated ? 1 : 0))));
        std::vector<ast::ExprPtr> elements;
        unsigned maxDepth = lhsDepth;
        for (size_t i = nots + (negated ? 4 : 3); i + 1 < n; i += 2) {
          elements.push_back(cleanUnary(child<P::SignExprContext>(ctx, i)));
          if (tooDeep)
            return nullptr;
          maxDepth = std::max(maxDepth, depth);
        }
        SMRange whole = AstBuilder::join(b.range(lhsCtx), b.range(ctx->getStop()));
        e = makeIn(std::move(e), negated, opRange, whole, std::move(elements), maxDepth);
      }
    }
    return applyNots(std::move(e), nots, [&](size_t k) { return b.range(b.cleanToken(firstTok + k)); });
  }

  ast::ExprPtr cleanOr(P::ExprContext *ctx) {
    return cleanChain<P::CmpExprContext>(ctx, [this](P::CmpExprContext *c) { return cleanCmp(c); });
  }

  // ---- tree mode: the generated accessors, every result null-checked ---
  // A missing child counts as depth 0.

  ast::ExprPtr primary(P::PrimaryContext *ctx) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    if (auto *c = dynamic_cast<P::StringPrimaryContext *>(ctx)) {
      auto e = std::make_unique<ast::StringExpr>();
      e->value = b.buildText(c->text());
      e->range = b.range(ctx);
      return leaf(std::move(e));
    }
    if (auto *c = dynamic_cast<P::IntPrimaryContext *>(ctx)) {
      auto e = std::make_unique<ast::NumberExpr>();
      e->spelling = b.tokenText(c->INT()->getSymbol()).str();
      e->value = b.parseInt(c->INT()->getSymbol());
      e->range = b.range(ctx);
      return leaf(std::move(e));
    }
    if (auto *c = dynamic_cast<P::DecimalPrimaryContext *>(ctx))
      return leaf(b.buildMoney(c->DECIMAL()->getSymbol()));
    if (auto *c = dynamic_cast<P::BoolPrimaryContext *>(ctx)) {
      auto e = std::make_unique<ast::BoolExpr>();
      e->value = c->TRUE() != nullptr;
      e->range = b.range(ctx);
      return leaf(std::move(e));
    }
    if (auto *c = dynamic_cast<P::InputPrimaryContext *>(ctx)) {
      auto e = std::make_unique<ast::InputExpr>();
      e->prompt = b.buildOptText(c->text());
      e->range = b.range(ctx);
      return leaf(std::move(e));
    }
    if (auto *c = dynamic_cast<P::DatePrimaryContext *>(ctx))
      return date(c->DATE()->getSymbol(), b.range(ctx));
    if (auto *c = dynamic_cast<P::TimePrimaryContext *>(ctx))
      return time(c->TIME()->getSymbol(), b.range(ctx));
    if (dynamic_cast<P::TodayPrimaryContext *>(ctx))
      return clock(false, b.range(ctx));
    if (dynamic_cast<P::NowPrimaryContext *>(ctx))
      return clock(true, b.range(ctx));
    if (auto *c = dynamic_cast<P::SpanPrimaryContext *>(ctx)) {
      ast::ExprPtr span = orExpr(c->expr());
      return between(c->getStart(), std::move(span), b.range(ctx));
    }
    if (auto *c = dynamic_cast<P::RefPrimaryContext *>(ctx)) {
      if (!c->qualName())
        return nullptr;
      auto e = std::make_unique<ast::RefExpr>();
      e->name = b.buildQualName(c->qualName());
      e->range = b.range(ctx);
      return leaf(std::move(e));
    }
    if (auto *c = dynamic_cast<P::ParenPrimaryContext *>(ctx)) {
      ast::ExprPtr inner = orExpr(c->expr());
      if (inner)
        inner->range = b.range(ctx);
      return inner;
    }
    return nullptr;
  }

  /// unaryExpr or signExpr (the same accessors, signExpr without a unit).
  template <typename Ctx> ast::ExprPtr unary(Ctx *ctx) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    ast::ExprPtr e = primary(ctx->primary());
    if (ctx->IS() && ctx->SET() && ctx->SET()->getSymbol())
      e = isSetOf(std::move(e), ctx->isNot != nullptr, ctx->SET()->getSymbol());
    if (ctx->MINUS())
      e = negate(std::move(e), b.range(ctx->MINUS()));
    if constexpr (std::is_same_v<Ctx, P::UnaryExprContext>)
      if (ctx->unit)
        e = duration(std::move(e), ctx->unit);
    return tooDeep ? nullptr : std::move(e);
  }

  /// arith / expr in tree mode: the operands and operator tokens in the
  /// order the parser found them (error nodes skipped); an operand the
  /// parser found without an operator before it joins as `dflt`.
  template <typename Operand, typename Build>
  ast::ExprPtr chain(antlr4::ParserRuleContext *ctx, ast::BinaryExpr::Op dflt, Build build) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    Chain c(*this);
    bool haveLhs = false;
    antlr4::tree::TerminalNode *pending = nullptr;
    for (antlr4::tree::ParseTree *child : ctx->children) {
      if (auto *operand = dynamic_cast<Operand *>(child)) {
        if (haveLhs) {
          size_t type = pending ? pending->getSymbol()->getType() : 0;
          if (!c.op(pending ? binaryOp(type) : dflt, pending && bindsTight(type),
                    pending ? b.range(pending) : SMRange()))
            return nullptr;
        }
        haveLhs = true;
        c.operand(build(operand));
        pending = nullptr;
      } else if (auto *t = dynamic_cast<antlr4::tree::TerminalNode *>(child);
                 t && !dynamic_cast<antlr4::tree::ErrorNode *>(child)) {
        pending = t;
      }
      if (tooDeep)
        return nullptr;
    }
    return c.finish();
  }

  ast::ExprPtr arith(P::ArithContext *ctx) {
    return chain<P::UnaryExprContext>(ctx, ast::BinaryExpr::Op::Add,
                                      [this](P::UnaryExprContext *c) { return unary(c); });
  }

  ast::ExprPtr cmp(P::CmpExprContext *ctx) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    ast::ExprPtr e = arith(ctx->arith(0));
    if (tooDeep)
      return nullptr;
    unsigned lhsDepth = depth;
    if (ctx->IN()) {
      std::vector<ast::ExprPtr> elements;
      unsigned maxDepth = lhsDepth;
      for (P::SignExprContext *el : ctx->signExpr()) {
        elements.push_back(unary(el));
        if (tooDeep)
          return nullptr;
        maxDepth = std::max(maxDepth, depth);
      }
      bool negated = ctx->notIn != nullptr;
      SMRange opRange = negated ? AstBuilder::join(b.range(ctx->notIn), b.range(ctx->IN()))
                                : b.range(ctx->IN());
      SMRange whole = AstBuilder::join(b.range(ctx->arith(0)),
                                       ctx->getStop() ? b.range(ctx->getStop()) : SMRange());
      e = makeIn(std::move(e), negated, opRange, whole, std::move(elements), maxDepth);
    } else if (ctx->op) {
      ast::ExprPtr rhs = arith(ctx->arith(1));
      if (tooDeep || !within(std::max(lhsDepth, depth) + 1, b.range(ctx->op)))
        return nullptr;
      e = makeBinary(binaryOp(ctx->op->getType()), b.range(ctx->op), std::move(e), std::move(rhs));
    }
    return applyNots(std::move(e), ctx->nots.size(), [&](size_t k) { return b.range(ctx->nots[k]); });
  }

  ast::ExprPtr orExpr(P::ExprContext *ctx) {
    return chain<P::CmpExprContext>(ctx, ast::BinaryExpr::Op::Or,
                                    [this](P::CmpExprContext *c) { return cmp(c); });
  }
};

} // namespace

ast::ExprPtr AstBuilder::buildExpr(P::ExprContext *ctx) {
  if (clean_ && ctx)
    return ExprBuilder{*this}.cleanOr(ctx);
  return ExprBuilder{*this}.orExpr(ctx);
}

} // namespace callflow::parse
