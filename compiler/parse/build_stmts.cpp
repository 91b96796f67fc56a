// AST building for blocks and the statements inside steps.
#include "parse/builder.h"

namespace callflow::parse {

namespace {

template <typename T> std::unique_ptr<T> make(AstBuilder &b, antlr4::ParserRuleContext *ctx) {
  auto s = std::make_unique<T>();
  s->range = b.range(ctx);
  return s;
}

std::optional<ast::Name> optName(AstBuilder &b, P::NameContext *ctx) {
  if (!ctx)
    return std::nullopt;
  return b.buildName(ctx);
}

} // namespace

ast::Block AstBuilder::buildBlock(P::BlockContext *ctx) {
  ast::Block block;
  if (!ctx)
    return block;
  block.range = range(ctx);
  for (P::StatementContext *s : ctx->statement())
    if (ast::StmtPtr stmt = buildStmt(s))
      block.stmts.push_back(std::move(stmt));
  return block;
}

ast::StmtPtr AstBuilder::buildStmt(P::StatementContext *ctx) {
  AstBuilder &b = *this;
  if (!ctx)
    return nullptr;
  if (auto *c = dynamic_cast<P::SayStmtContext *>(ctx)) {
    auto s = make<ast::SayStmt>(b, ctx);
    s->text = buildText(c->text());
    return s;
  }
  if (auto *c = dynamic_cast<P::NoteStmtContext *>(ctx)) {
    auto s = make<ast::NoteStmt>(b, ctx);
    s->text = buildText(c->text());
    return s;
  }
  if (auto *c = dynamic_cast<P::DoStmtContext *>(ctx)) {
    auto s = make<ast::DoStmt>(b, ctx);
    s->action = buildText(c->text());
    s->optional = c->OPTIONAL() != nullptr;
    if (c->result)
      s->result = buildQualName(c->result);
    return s;
  }
  if (auto *c = dynamic_cast<P::AskStmtContext *>(ctx)) {
    auto s = make<ast::AskStmt>(b, ctx);
    s->question = buildText(c->text());
    for (P::AskOptionContext *o : c->askOption()) {
      ast::AskOption opt;
      opt.label = buildText(o->text());
      opt.range = range(o);
      if (o->block())
        opt.body = buildBlock(o->block());
      else
        opt.target = optName(b, o->name());
      s->options.push_back(std::move(opt));
    }
    return s;
  }
  if (auto *c = dynamic_cast<P::InputStmtContext *>(ctx)) {
    auto s = make<ast::InputStmt>(b, ctx);
    s->target = buildQualName(c->qualName());
    s->prompt = buildOptText(c->text());
    for (P::NameContext *n : c->allowed)
      s->allowed.push_back(buildName(n));
    return s;
  }
  if (auto *c = dynamic_cast<P::SetStmtContext *>(ctx)) {
    auto s = make<ast::SetStmt>(b, ctx);
    s->target = buildQualName(c->qualName());
    s->value = buildExpr(c->expr());
    return s;
  }
  if (auto *c = dynamic_cast<P::IfStmtContext *>(ctx)) {
    P::IfRestContext *rest = c->ifRest();
    if (auto *j = dynamic_cast<P::IfJumpContext *>(rest)) {
      auto s = make<ast::IfJumpStmt>(b, ctx);
      s->cond = buildExpr(c->expr());
      s->then = buildName(j->thenStep);
      s->otherwise = optName(b, j->elseStep);
      return s;
    }
    auto *blk = dynamic_cast<P::IfBlockContext *>(rest);
    if (!blk)
      return nullptr;
    auto s = make<ast::IfBlockStmt>(b, ctx);
    ast::IfBlockStmt::Arm first;
    first.cond = buildExpr(c->expr());
    first.body = buildBlock(blk->thenBlock);
    first.range = join(range(c->IF()), first.body.range);
    s->arms.push_back(std::move(first));
    for (P::ElseIfContext *e : blk->elseIf()) {
      ast::IfBlockStmt::Arm arm;
      arm.cond = buildExpr(e->expr());
      arm.body = buildBlock(e->block());
      arm.range = range(e);
      s->arms.push_back(std::move(arm));
    }
    if (blk->elseBlock)
      s->otherwise = buildBlock(blk->elseBlock);
    return s;
  }
  if (auto *c = dynamic_cast<P::GotoStmtContext *>(ctx)) {
    auto s = make<ast::GotoStmt>(b, ctx);
    s->target = buildName(c->name());
    return s;
  }
  if (auto *c = dynamic_cast<P::CreateStmtContext *>(ctx)) {
    auto s = make<ast::CreateStmt>(b, ctx);
    s->form = buildName(c->name());
    for (P::FieldInitContext *f : c->fieldInit()) {
      ast::FieldInit init;
      init.field = buildName(f->name());
      init.value = buildExpr(f->expr());
      init.range = range(f);
      s->inits.push_back(std::move(init));
    }
    return s;
  }
  if (auto *c = dynamic_cast<P::CompleteStmtContext *>(ctx)) {
    auto s = make<ast::CompleteStmt>(b, ctx);
    s->form = buildName(c->name());
    return s;
  }
  if (auto *c = dynamic_cast<P::ChargeStmtContext *>(ctx)) {
    auto s = make<ast::ChargeStmt>(b, ctx);
    if (auto *item = dynamic_cast<P::ChargeItemContext *>(c->chargeWhat())) {
      s->itemCode = parseInt(item->INT()->getSymbol());
      s->itemRange = range(item);
    } else if (auto *amt = dynamic_cast<P::ChargeAmountContext *>(c->chargeWhat())) {
      s->amount = buildQualName(amt->qualName());
      s->label = buildOptText(amt->text());
    }
    return s;
  }
  if (dynamic_cast<P::InvoiceStmtContext *>(ctx))
    return make<ast::InvoiceStmt>(b, ctx);
  if (auto *c = dynamic_cast<P::TakePaymentStmtContext *>(ctx)) {
    auto s = make<ast::TakePaymentStmt>(b, ctx);
    if (P::PaymentElseContext *e = c->paymentElse()) {
      if (e->block())
        s->elseBody = buildBlock(e->block());
      else
        s->elseTarget = optName(b, e->name());
    }
    return s;
  }
  if (auto *c = dynamic_cast<P::TransferStmtContext *>(ctx)) {
    auto s = make<ast::TransferStmt>(b, ctx);
    s->target = buildText(c->text());
    return s;
  }
  if (auto *c = dynamic_cast<P::EndStmtContext *>(ctx)) {
    auto s = make<ast::EndStmt>(b, ctx);
    s->reason = buildOptText(c->text());
    return s;
  }
  return nullptr;
}

} // namespace callflow::parse
