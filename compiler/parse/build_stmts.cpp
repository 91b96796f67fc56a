// AST building for blocks and the statements inside steps.
#include "parse/builder.h"

#include <type_traits>

namespace callflow::parse {

using L = callflow_antlr::FlowLexer;

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
  if (clean_) { // children: '{' statement* '}'
    block.stmts.reserve(ctx->children.size() - 2);
    for (size_t i = 1; i + 1 < ctx->children.size(); ++i)
      if (ast::StmtPtr stmt = buildStmt(static_cast<P::StatementContext *>(ctx->children[i])))
        block.stmts.push_back(std::move(stmt));
    return block;
  }
  for (P::StatementContext *s : ctx->statement())
    if (ast::StmtPtr stmt = buildStmt(s))
      block.stmts.push_back(std::move(stmt));
  return block;
}

void AstBuilder::buildKey(P::OptionKeyContext *ctx, ast::AskOption &opt) {
  if (!ctx)
    return;
  ast::Text key;
  if (antlr4::tree::TerminalNode *n = ctx->INT()) {
    key.range = range(n);
    key.appendLiteral(tokenText(n->getSymbol()));
    opt.keyIsNumber = true;
  } else if (ctx->text()) {
    key = buildText(ctx->text());
  } else {
    return;
  }
  opt.key = std::move(key);
}

ast::StmtPtr AstBuilder::buildStmt(P::StatementContext *ctx) {
  AstBuilder &b = *this;
  if (!ctx || !ctx->getStart())
    return nullptr;
  // Each alternative starts with its own keyword (the generated parser
  // picks it by LA(1)), so the first token names the context's class.
  const size_t first = ctx->getStart()->getType();
  auto as = [&](auto *type, size_t keyword) -> decltype(type) {
    using T = std::remove_pointer_t<decltype(type)>;
    if (first != keyword)
      return nullptr;
    return clean_ ? static_cast<T *>(ctx) : dynamic_cast<T *>(ctx);
  };
  // Clean mode: `say TEXT` and `note TEXT` hold their text as child 1.
  auto onlyText = [&](auto *c) {
    return clean_ ? static_cast<P::TextContext *>(ctx->children[1]) : c->text();
  };
  if (auto *c = as(static_cast<P::SayStmtContext *>(nullptr), L::SAY)) {
    auto s = make<ast::SayStmt>(b, ctx);
    s->text = buildText(onlyText(c));
    return s;
  }
  if (auto *c = as(static_cast<P::NoteStmtContext *>(nullptr), L::NOTE)) {
    auto s = make<ast::NoteStmt>(b, ctx);
    s->text = buildText(onlyText(c));
    return s;
  }
  if (auto *c = as(static_cast<P::DoStmtContext *>(nullptr), L::DO)) {
    auto s = make<ast::DoStmt>(b, ctx);
    if (clean_) { // DO OPTIONAL? text (ARROW result=qualName)?
      s->optional = cleanToken(ctx->getStart()->getTokenIndex() + 1)->getType() == L::OPTIONAL;
      s->action = buildText(child<P::TextContext>(ctx, s->optional ? 2 : 1));
    } else {
      s->action = buildText(c->text());
      s->optional = c->OPTIONAL() != nullptr;
    }
    if (c->result)
      s->result = buildQualName(c->result);
    return s;
  }
  if (auto *c = as(static_cast<P::AskStmtContext *>(nullptr), L::ASK)) {
    auto s = make<ast::AskStmt>(b, ctx);
    if (clean_) { // ASK text LBRACE askOption* RBRACE
      s->question = buildText(child<P::TextContext>(ctx, 1));
      size_t n = ctx->children.size();
      s->options.reserve(n - 4);
      for (size_t i = 3; i + 1 < n; ++i) {
        auto *o = child<P::AskOptionContext>(ctx, i);
        ast::AskOption &opt = s->options.emplace_back();
        opt.label = buildText(child<P::TextContext>(o, 0));
        opt.range = range(o);
        size_t k = 1;
        if (o->children.size() >= 4) { // text KEY optionKey ...
          buildKey(child<P::OptionKeyContext>(o, 2), opt);
          k = 3;
        }
        if (o->children.size() == k + 2) // ... ARROW name
          opt.target = buildName(child<P::NameContext>(o, k + 1));
        else // ... block
          opt.body = buildBlock(child<P::BlockContext>(o, k));
      }
      return s;
    }
    s->question = buildText(c->text());
    for (P::AskOptionContext *o : c->askOption()) {
      ast::AskOption opt;
      opt.label = buildText(o->text());
      opt.range = range(o);
      if (o->optionKey())
        buildKey(o->optionKey(), opt);
      if (o->block())
        opt.body = buildBlock(o->block());
      else
        opt.target = optName(b, o->name());
      s->options.push_back(std::move(opt));
    }
    return s;
  }
  if (auto *c = as(static_cast<P::InputStmtContext *>(nullptr), L::INPUT)) {
    auto s = make<ast::InputStmt>(b, ctx);
    if (clean_) { // INPUT qualName text? (IN ...)?
      auto *target = child<P::QualNameContext>(ctx, 1);
      s->target = buildQualName(target);
      size_t next = ctx->children.size() > 2
                        ? cleanToken(target->getStop()->getTokenIndex() + 1)->getType()
                        : 0;
      if (next == L::STR_LIT || next == L::STR_OPEN)
        s->prompt = buildText(child<P::TextContext>(ctx, 2));
    } else {
      s->target = buildQualName(c->qualName());
      s->prompt = buildOptText(c->text());
    }
    for (P::NameContext *n : c->allowed)
      s->allowed.push_back(buildName(n));
    return s;
  }
  if (auto *c = as(static_cast<P::SetStmtContext *>(nullptr), L::SET)) {
    auto s = make<ast::SetStmt>(b, ctx);
    // SET qualName ASSIGN expr
    s->target = buildQualName(clean_ ? child<P::QualNameContext>(ctx, 1) : c->qualName());
    s->value = buildExpr(clean_ ? child<P::ExprContext>(ctx, 3) : c->expr());
    return s;
  }
  if (auto *c = as(static_cast<P::IfStmtContext *>(nullptr), L::IF)) {
    // IF expr ifRest; clean mode tells the two kinds of rest by their
    // first token (`->` or `{`).
    P::ExprContext *cond = clean_ ? child<P::ExprContext>(ctx, 1) : c->expr();
    P::IfRestContext *rest = clean_ ? child<P::IfRestContext>(ctx, 2) : c->ifRest();
    P::IfJumpContext *j = nullptr;
    if (clean_)
      j = rest->getStart()->getType() == L::ARROW ? static_cast<P::IfJumpContext *>(rest) : nullptr;
    else
      j = dynamic_cast<P::IfJumpContext *>(rest);
    if (j) {
      auto s = make<ast::IfJumpStmt>(b, ctx);
      s->cond = buildExpr(cond);
      s->then = buildName(j->thenStep);
      s->otherwise = optName(b, j->elseStep);
      return s;
    }
    auto *blk = clean_ ? static_cast<P::IfBlockContext *>(rest) : dynamic_cast<P::IfBlockContext *>(rest);
    if (!blk)
      return nullptr;
    auto s = make<ast::IfBlockStmt>(b, ctx);
    ast::IfBlockStmt::Arm first;
    first.cond = buildExpr(cond);
    first.body = buildBlock(blk->thenBlock);
    first.range = join(range(ctx->getStart()), first.body.range); // from `if`
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
  if (auto *c = as(static_cast<P::GotoStmtContext *>(nullptr), L::GOTO)) {
    auto s = make<ast::GotoStmt>(b, ctx);
    s->target = buildName(clean_ ? child<P::NameContext>(ctx, 1) : c->name()); // GOTO name
    return s;
  }
  if (auto *c = as(static_cast<P::CreateStmtContext *>(nullptr), L::CREATE)) {
    auto s = make<ast::CreateStmt>(b, ctx);
    if (clean_) { // CREATE name LBRACE fieldInit* RBRACE; fieldInit: name ASSIGN expr
      s->form = buildName(child<P::NameContext>(ctx, 1));
      for (size_t i = 3; i + 1 < ctx->children.size(); ++i) {
        auto *f = child<P::FieldInitContext>(ctx, i);
        ast::FieldInit &init = s->inits.emplace_back();
        init.field = buildName(child<P::NameContext>(f, 0));
        init.value = buildExpr(child<P::ExprContext>(f, 2));
        init.range = range(f);
      }
      return s;
    }
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
  if (auto *c = as(static_cast<P::CompleteStmtContext *>(nullptr), L::COMPLETE)) {
    auto s = make<ast::CompleteStmt>(b, ctx);
    s->form = buildName(c->name());
    return s;
  }
  if (auto *c = as(static_cast<P::ChargeStmtContext *>(nullptr), L::CHARGE)) {
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
  if (as(static_cast<P::InvoiceStmtContext *>(nullptr), L::INVOICE))
    return make<ast::InvoiceStmt>(b, ctx);
  if (auto *c = as(static_cast<P::TakePaymentStmtContext *>(nullptr), L::TAKE)) {
    auto s = make<ast::TakePaymentStmt>(b, ctx);
    if (P::PaymentElseContext *e = c->paymentElse()) {
      if (e->block())
        s->elseBody = buildBlock(e->block());
      else
        s->elseTarget = optName(b, e->name());
    }
    return s;
  }
  if (auto *c = as(static_cast<P::TransferStmtContext *>(nullptr), L::TRANSFER)) {
    auto s = make<ast::TransferStmt>(b, ctx);
    s->target = buildText(c->text());
    return s;
  }
  if (auto *c = as(static_cast<P::EndStmtContext *>(nullptr), L::END)) {
    auto s = make<ast::EndStmt>(b, ctx);
    // END text?
    if (!clean_)
      s->reason = buildOptText(c->text());
    else if (ctx->children.size() == 2)
      s->reason = buildText(child<P::TextContext>(ctx, 1));
    return s;
  }
  return nullptr;
}

} // namespace callflow::parse
