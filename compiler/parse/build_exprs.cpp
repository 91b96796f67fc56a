// AST building for expressions: or / and / not / comparisons / `is set`
// and the primaries (literals, names, `input "prompt"`, parentheses).
#include "parse/builder.h"

#include "callflow/value.h"

namespace callflow::parse {

namespace {

/// The operator a comparison or `+ - * /` token stands for.
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
  default: return Op::Eq;
  }
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

  ast::ExprPtr cleanIsSet(P::IsSetExprContext *ctx) { // primary (IS NOT? SET)?
    ast::ExprPtr operand = cleanPrimary(child<P::PrimaryContext>(ctx, 0));
    if (ctx->children.size() == 1 || tooDeep)
      return operand;
    auto e = std::make_unique<ast::IsSetExpr>();
    e->operand = std::move(operand);
    e->negated = ctx->children.size() == 4;
    e->range = b.range(ctx);
    if (!within(depth + 1, e->range))
      return nullptr;
    return e;
  }

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

  ast::ExprPtr cleanSign(P::SignExprContext *ctx) { // MINUS? isSetExpr
    size_t n = ctx->children.size();
    ast::ExprPtr e = cleanIsSet(child<P::IsSetExprContext>(ctx, n - 1));
    if (n == 1 || tooDeep)
      return e;
    return negate(std::move(e), b.range(b.cleanToken(ctx->getStart()->getTokenIndex())));
  }

  /// `operand (op operand)*` where each op token says its operator
  /// (addExpr, mulExpr). The tree leans left, one level per operator.
  template <typename Operand, typename Build>
  ast::ExprPtr cleanMixedChain(antlr4::ParserRuleContext *ctx, Build build) {
    ast::ExprPtr e = build(child<Operand>(ctx, 0));
    for (size_t i = 2; i < ctx->children.size() && !tooDeep; i += 2) {
      unsigned lhsDepth = depth;
      auto *prev = child<Operand>(ctx, i - 2);
      antlr4::Token *opTok = b.cleanToken(prev->getStop()->getTokenIndex() + 1);
      SMRange opRange = b.range(opTok);
      ast::ExprPtr rhs = build(child<Operand>(ctx, i));
      if (tooDeep || !within(std::max(lhsDepth, depth) + 1, opRange))
        return nullptr;
      e = makeBinary(binaryOp(opTok->getType()), opRange, std::move(e), std::move(rhs));
    }
    return tooDeep ? nullptr : std::move(e);
  }

  ast::ExprPtr cleanUnit(P::UnitExprContext *ctx) { // signExpr timeUnit?
    ast::ExprPtr e = cleanSign(child<P::SignExprContext>(ctx, 0));
    if (ctx->children.size() == 1 || tooDeep)
      return e;
    return duration(std::move(e), child<P::TimeUnitContext>(ctx, 1)->getStart());
  }

  ast::ExprPtr cleanMul(P::MulExprContext *ctx) {
    return cleanMixedChain<P::UnitExprContext>(ctx, [this](P::UnitExprContext *c) { return cleanUnit(c); });
  }
  ast::ExprPtr cleanAdd(P::AddExprContext *ctx) {
    return cleanMixedChain<P::MulExprContext>(ctx, [this](P::MulExprContext *c) { return cleanMul(c); });
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

  // addExpr (cmpOp addExpr | NOT? IN LBRACE signExpr (COMMA signExpr)* RBRACE)?
  ast::ExprPtr cleanCmp(P::CmpExprContext *ctx) {
    ast::ExprPtr lhs = cleanAdd(child<P::AddExprContext>(ctx, 0));
    if (ctx->children.size() == 1 || tooDeep)
      return lhs;
    unsigned lhsDepth = depth;
    if (auto *op = dynamic_cast<P::CmpOpContext *>(ctx->children[1])) {
      ast::ExprPtr rhs = cleanAdd(child<P::AddExprContext>(ctx, 2));
      if (tooDeep || !within(std::max(lhsDepth, depth) + 1, b.range(op)))
        return nullptr;
      return makeBinary(binaryOp(op->getStart()->getType()), b.range(op), std::move(lhs),
                        std::move(rhs));
    }
    // `[not] in {...}`: the tokens after the operand, then the elements.
    size_t first = ctx->children[0]->getSourceInterval().b + 1;
    antlr4::Token *t0 = b.cleanToken(first);
    bool negated = t0->getType() == callflow_antlr::FlowLexer::NOT;
    SMRange opRange = AstBuilder::join(b.range(t0), b.range(b.cleanToken(first + (negated ? 1 : 0))));
    std::vector<ast::ExprPtr> elements;
    unsigned maxDepth = lhsDepth;
    for (antlr4::tree::ParseTree *c : ctx->children)
      if (auto *el = dynamic_cast<P::SignExprContext *>(c)) {
        elements.push_back(cleanSign(el));
        if (tooDeep)
          return nullptr;
        maxDepth = std::max(maxDepth, depth);
      }
    return makeIn(std::move(lhs), negated, opRange, b.range(ctx), std::move(elements), maxDepth);
  }

  ast::ExprPtr cleanNot(P::NotExprContext *ctx) { // NOT* cmpExpr
    size_t n = ctx->children.size();
    ast::ExprPtr e = cleanCmp(child<P::CmpExprContext>(ctx, n - 1));
    size_t firstNot = ctx->getStart()->getTokenIndex();
    for (size_t k = n - 1; k-- > 0;) { // the NOTs are the rule's first tokens
      SMRange notRange = b.range(b.cleanToken(firstNot + k));
      if (!within(depth + 1, notRange))
        return nullptr;
      auto u = std::make_unique<ast::UnaryExpr>();
      u->op = ast::UnaryExpr::Op::Not;
      u->range = AstBuilder::join(notRange, e ? e->range : SMRange());
      u->operand = std::move(e);
      e = std::move(u);
    }
    return e;
  }

  /// `operand (OP operand)*` (expr, andExpr): the OP token follows the
  /// previous operand's last token. The tree leans left, one level per OP.
  template <typename Operand, typename Build>
  ast::ExprPtr cleanChain(antlr4::ParserRuleContext *ctx, ast::BinaryExpr::Op op, Build build) {
    ast::ExprPtr e = build(child<Operand>(ctx, 0));
    for (size_t i = 2; i < ctx->children.size() && !tooDeep; i += 2) {
      unsigned lhsDepth = depth;
      auto *prev = child<Operand>(ctx, i - 2);
      SMRange opRange = b.range(b.cleanToken(prev->getStop()->getTokenIndex() + 1));
      ast::ExprPtr rhs = build(child<Operand>(ctx, i));
      if (tooDeep || !within(std::max(lhsDepth, depth) + 1, opRange))
        return nullptr;
      e = makeBinary(op, opRange, std::move(e), std::move(rhs));
    }
    return tooDeep ? nullptr : std::move(e);
  }

  ast::ExprPtr cleanAnd(P::AndExprContext *ctx) {
    return cleanChain<P::NotExprContext>(ctx, ast::BinaryExpr::Op::And,
                                         [this](P::NotExprContext *c) { return cleanNot(c); });
  }

  ast::ExprPtr cleanOr(P::ExprContext *ctx) {
    return cleanChain<P::AndExprContext>(ctx, ast::BinaryExpr::Op::Or,
                                         [this](P::AndExprContext *c) { return cleanAnd(c); });
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

  ast::ExprPtr isSet(P::IsSetExprContext *ctx) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    ast::ExprPtr operand = primary(ctx->primary());
    if (!ctx->IS() || !ctx->SET() || tooDeep)
      return operand;
    auto e = std::make_unique<ast::IsSetExpr>();
    e->operand = std::move(operand);
    e->negated = ctx->NOT() != nullptr;
    e->range = b.range(ctx);
    if (!within(depth + 1, e->range))
      return nullptr;
    return e;
  }

  ast::ExprPtr sign(P::SignExprContext *ctx) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    ast::ExprPtr e = isSet(ctx->isSetExpr());
    if (!ctx->MINUS() || tooDeep)
      return e;
    return negate(std::move(e), b.range(ctx->MINUS()));
  }

  /// addExpr / mulExpr in tree mode: the operands and operator tokens in
  /// the order the parser found them (error nodes skipped).
  template <typename Operand, typename Build>
  ast::ExprPtr mixedChain(antlr4::ParserRuleContext *ctx, Build build) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    ast::ExprPtr e;
    bool haveLhs = false;
    antlr4::tree::TerminalNode *pending = nullptr;
    for (antlr4::tree::ParseTree *c : ctx->children) {
      if (auto *operand = dynamic_cast<Operand *>(c)) {
        if (!haveLhs) {
          e = build(operand);
          haveLhs = true;
          continue;
        }
        unsigned lhsDepth = depth;
        ast::ExprPtr rhs = build(operand);
        SMRange opRange = pending ? b.range(pending) : SMRange();
        if (tooDeep || !within(std::max(lhsDepth, depth) + 1, opRange))
          return nullptr;
        e = makeBinary(pending ? binaryOp(pending->getSymbol()->getType()) : ast::BinaryExpr::Op::Add, opRange,
                       std::move(e), std::move(rhs));
        pending = nullptr;
      } else if (auto *t = dynamic_cast<antlr4::tree::TerminalNode *>(c);
                 t && !dynamic_cast<antlr4::tree::ErrorNode *>(c)) {
        pending = t;
      }
      if (tooDeep)
        return nullptr;
    }
    return tooDeep ? nullptr : std::move(e);
  }

  ast::ExprPtr unit(P::UnitExprContext *ctx) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    ast::ExprPtr e = sign(ctx->signExpr());
    P::TimeUnitContext *u = ctx->timeUnit();
    if (!u || !u->getStart() || tooDeep)
      return e;
    return duration(std::move(e), u->getStart());
  }

  ast::ExprPtr mul(P::MulExprContext *ctx) {
    return mixedChain<P::UnitExprContext>(ctx, [this](P::UnitExprContext *c) { return unit(c); });
  }
  ast::ExprPtr add(P::AddExprContext *ctx) {
    return mixedChain<P::MulExprContext>(ctx, [this](P::MulExprContext *c) { return mul(c); });
  }

  ast::ExprPtr cmp(P::CmpExprContext *ctx) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    ast::ExprPtr lhs = add(ctx->addExpr(0));
    if (tooDeep)
      return nullptr;
    unsigned lhsDepth = depth;
    if (ctx->IN()) {
      std::vector<ast::ExprPtr> elements;
      unsigned maxDepth = lhsDepth;
      for (P::SignExprContext *el : ctx->signExpr()) {
        elements.push_back(sign(el));
        if (tooDeep)
          return nullptr;
        maxDepth = std::max(maxDepth, depth);
      }
      bool negated = ctx->NOT() != nullptr;
      SMRange opRange = negated ? AstBuilder::join(b.range(ctx->NOT()), b.range(ctx->IN()))
                                : b.range(ctx->IN());
      return makeIn(std::move(lhs), negated, opRange, b.range(ctx), std::move(elements), maxDepth);
    }
    P::CmpOpContext *op = ctx->cmpOp();
    if (!op || !op->getStart())
      return lhs;
    ast::ExprPtr rhs = add(ctx->addExpr(1));
    if (tooDeep || !within(std::max(lhsDepth, depth) + 1, b.range(op)))
      return nullptr;
    return makeBinary(binaryOp(op->getStart()->getType()), b.range(op), std::move(lhs),
                      std::move(rhs));
  }

  ast::ExprPtr notExpr(P::NotExprContext *ctx) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    ast::ExprPtr e = cmp(ctx->cmpExpr());
    auto nots = ctx->NOT();
    for (auto it = nots.rbegin(); it != nots.rend(); ++it) {
      if (!within(depth + 1, b.range(*it)))
        return nullptr;
      auto u = std::make_unique<ast::UnaryExpr>();
      u->op = ast::UnaryExpr::Op::Not;
      u->range = AstBuilder::join(b.range(*it), e ? e->range : SMRange());
      u->operand = std::move(e);
      e = std::move(u);
    }
    return e;
  }

  template <typename Operand, typename Build>
  ast::ExprPtr chain(const std::vector<Operand *> &operands,
                     const std::vector<antlr4::tree::TerminalNode *> &ops, ast::BinaryExpr::Op op,
                     Build build) {
    ast::ExprPtr e = build(operands.empty() ? nullptr : operands[0]);
    for (size_t i = 1; i < operands.size() && !tooDeep; ++i) {
      unsigned lhsDepth = depth;
      SMRange opRange = i - 1 < ops.size() ? b.range(ops[i - 1]) : SMRange();
      ast::ExprPtr rhs = build(operands[i]);
      if (tooDeep || !within(std::max(lhsDepth, depth) + 1, opRange))
        return nullptr;
      e = makeBinary(op, opRange, std::move(e), std::move(rhs));
    }
    return tooDeep ? nullptr : std::move(e);
  }

  ast::ExprPtr andExpr(P::AndExprContext *ctx) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    return chain(ctx->notExpr(), ctx->AND(), ast::BinaryExpr::Op::And,
                 [this](P::NotExprContext *c) { return notExpr(c); });
  }

  ast::ExprPtr orExpr(P::ExprContext *ctx) {
    depth = 0;
    if (!ctx || tooDeep)
      return nullptr;
    return chain(ctx->andExpr(), ctx->OR(), ast::BinaryExpr::Op::Or,
                 [this](P::AndExprContext *c) { return andExpr(c); });
  }
};

} // namespace

ast::ExprPtr AstBuilder::buildExpr(P::ExprContext *ctx) {
  if (clean_ && ctx)
    return ExprBuilder{*this}.cleanOr(ctx);
  return ExprBuilder{*this}.orExpr(ctx);
}

} // namespace callflow::parse
