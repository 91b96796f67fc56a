// AST building for expressions: or / and / not / comparisons / `is set`
// and the primaries (literals, names, `input "prompt"`, parentheses).
#include "parse/builder.h"

namespace callflow::parse {

namespace {

ast::BinaryExpr::Op cmpOp(size_t tokenType) {
  using L = callflow_antlr::FlowLexer;
  switch (tokenType) {
  case L::NE:
    return ast::BinaryExpr::Op::Ne;
  case L::LT:
    return ast::BinaryExpr::Op::Lt;
  case L::LE:
    return ast::BinaryExpr::Op::Le;
  case L::GT:
    return ast::BinaryExpr::Op::Gt;
  case L::GE:
    return ast::BinaryExpr::Op::Ge;
  default:
    return ast::BinaryExpr::Op::Eq;
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

struct ExprBuilder {
  AstBuilder &b;

  ast::ExprPtr primary(P::PrimaryContext *ctx) {
    if (!ctx)
      return nullptr;
    if (auto *c = dynamic_cast<P::StringPrimaryContext *>(ctx)) {
      auto e = std::make_unique<ast::StringExpr>();
      e->value = b.buildText(c->text());
      e->range = b.range(ctx);
      return e;
    }
    if (auto *c = dynamic_cast<P::IntPrimaryContext *>(ctx)) {
      auto e = std::make_unique<ast::NumberExpr>();
      e->spelling = b.tokenText(c->INT()->getSymbol()).str();
      e->value = b.parseInt(c->INT()->getSymbol());
      e->range = b.range(ctx);
      return e;
    }
    if (auto *c = dynamic_cast<P::DecimalPrimaryContext *>(ctx))
      return b.buildMoney(c->DECIMAL()->getSymbol());
    if (auto *c = dynamic_cast<P::BoolPrimaryContext *>(ctx)) {
      auto e = std::make_unique<ast::BoolExpr>();
      e->value = c->TRUE() != nullptr;
      e->range = b.range(ctx);
      return e;
    }
    if (auto *c = dynamic_cast<P::InputPrimaryContext *>(ctx)) {
      auto e = std::make_unique<ast::InputExpr>();
      e->prompt = b.buildOptText(c->text());
      e->range = b.range(ctx);
      return e;
    }
    if (auto *c = dynamic_cast<P::RefPrimaryContext *>(ctx)) {
      if (!c->qualName())
        return nullptr;
      auto e = std::make_unique<ast::RefExpr>();
      e->name = b.buildQualName(c->qualName());
      e->range = b.range(ctx);
      return e;
    }
    if (auto *c = dynamic_cast<P::ParenPrimaryContext *>(ctx)) {
      ast::ExprPtr inner = b.buildExpr(c->expr());
      if (inner)
        inner->range = b.range(ctx);
      return inner;
    }
    return nullptr;
  }

  ast::ExprPtr isSet(P::IsSetExprContext *ctx) {
    if (!ctx)
      return nullptr;
    ast::ExprPtr operand = primary(ctx->primary());
    if (!ctx->IS() || !ctx->SET())
      return operand;
    auto e = std::make_unique<ast::IsSetExpr>();
    e->operand = std::move(operand);
    e->negated = ctx->NOT() != nullptr;
    e->range = b.range(ctx);
    return e;
  }

  ast::ExprPtr cmp(P::CmpExprContext *ctx) {
    if (!ctx)
      return nullptr;
    ast::ExprPtr lhs = isSet(ctx->isSetExpr(0));
    P::CmpOpContext *op = ctx->cmpOp();
    if (!op || !op->getStart())
      return lhs;
    return makeBinary(cmpOp(op->getStart()->getType()), b.range(op), std::move(lhs),
                      isSet(ctx->isSetExpr(1)));
  }

  ast::ExprPtr notExpr(P::NotExprContext *ctx) {
    if (!ctx)
      return nullptr;
    ast::ExprPtr e = cmp(ctx->cmpExpr());
    auto nots = ctx->NOT();
    for (auto it = nots.rbegin(); it != nots.rend(); ++it) {
      auto u = std::make_unique<ast::UnaryExpr>();
      u->op = ast::UnaryExpr::Op::Not;
      u->range = AstBuilder::join(b.range(*it), e ? e->range : SMRange());
      u->operand = std::move(e);
      e = std::move(u);
    }
    return e;
  }

  ast::ExprPtr andExpr(P::AndExprContext *ctx) {
    if (!ctx)
      return nullptr;
    auto operands = ctx->notExpr();
    auto ops = ctx->AND();
    ast::ExprPtr e = notExpr(operands.empty() ? nullptr : operands[0]);
    for (size_t i = 1; i < operands.size(); ++i)
      e = makeBinary(ast::BinaryExpr::Op::And, i - 1 < ops.size() ? b.range(ops[i - 1]) : SMRange(),
                     std::move(e), notExpr(operands[i]));
    return e;
  }

  ast::ExprPtr orExpr(P::ExprContext *ctx) {
    if (!ctx)
      return nullptr;
    auto operands = ctx->andExpr();
    auto ops = ctx->OR();
    ast::ExprPtr e = andExpr(operands.empty() ? nullptr : operands[0]);
    for (size_t i = 1; i < operands.size(); ++i)
      e = makeBinary(ast::BinaryExpr::Op::Or, i - 1 < ops.size() ? b.range(ops[i - 1]) : SMRange(),
                     std::move(e), andExpr(operands[i]));
    return e;
  }
};

} // namespace

ast::ExprPtr AstBuilder::buildExpr(P::ExprContext *ctx) { return ExprBuilder{*this}.orExpr(ctx); }

} // namespace callflow::parse
