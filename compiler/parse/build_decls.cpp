// AST building for the file and its declarations: flow, start, import,
// catalog, enum, form (fields and rules), var, section and step.
#include "parse/builder.h"

namespace callflow::parse {

void AstBuilder::buildFile(P::FileContext *ctx, ast::File &file) {
  if (!ctx)
    return;
  for (P::DeclContext *d : ctx->decl())
    if (ast::DeclPtr decl = buildDecl(d))
      file.decls.push_back(std::move(decl));
}

ast::DeclPtr AstBuilder::buildDecl(P::DeclContext *ctx) {
  if (!ctx)
    return nullptr;
  if (clean_) { // decl: exactly one child, the declaration's own rule
    auto *c = child<antlr4::ParserRuleContext>(ctx, 0);
    switch (c->getRuleIndex()) {
    case P::RuleStepDecl:
      return buildStep(static_cast<P::StepDeclContext *>(c));
    case P::RuleFlowDecl:
    case P::RuleStartDecl:
    case P::RuleImportDecl:
    case P::RuleVarDecl:
      break; // rare: the accessors below
    case P::RuleCatalogDecl:
      return buildCatalog(static_cast<P::CatalogDeclContext *>(c));
    case P::RuleEnumDecl:
      return buildEnum(static_cast<P::EnumDeclContext *>(c));
    case P::RuleFormDecl:
      return buildForm(static_cast<P::FormDeclContext *>(c));
    case P::RuleSectionDecl:
      return buildSection(static_cast<P::SectionDeclContext *>(c));
    default:
      return nullptr;
    }
  }
  if (auto *c = ctx->flowDecl()) {
    auto d = std::make_unique<ast::FlowDecl>();
    d->range = range(c);
    d->name = buildName(c->name());
    d->title = buildOptText(c->title);
    return d;
  }
  if (auto *c = ctx->startDecl()) {
    auto d = std::make_unique<ast::StartDecl>();
    d->range = range(c);
    d->step = buildName(c->name());
    return d;
  }
  if (auto *c = ctx->importDecl()) {
    auto d = std::make_unique<ast::ImportDecl>();
    d->range = range(c);
    d->path = buildText(c->text());
    return d;
  }
  if (auto *c = ctx->catalogDecl())
    return buildCatalog(c);
  if (auto *c = ctx->enumDecl())
    return buildEnum(c);
  if (auto *c = ctx->formDecl())
    return buildForm(c);
  if (auto *c = ctx->varDecl()) {
    auto d = std::make_unique<ast::VarDecl>();
    d->range = range(c);
    d->spec = buildFieldSpec(c->fieldSpec());
    return d;
  }
  if (auto *c = ctx->sectionDecl())
    return buildSection(c);
  if (auto *c = ctx->stepDecl())
    return buildStep(c);
  return nullptr;
}

ast::DeclPtr AstBuilder::buildCatalog(P::CatalogDeclContext *ctx) {
  auto d = std::make_unique<ast::CatalogDecl>();
  d->range = range(ctx);
  d->currency = buildName(ctx->name());
  for (P::CatalogItemContext *c : ctx->catalogItem()) {
    ast::CatalogItem item;
    item.range = range(c);
    if (c->INT()) {
      item.code = parseInt(c->INT()->getSymbol());
      item.codeRange = range(c->INT());
    }
    item.name = buildText(c->text());
    if (c->money() && isReal(c->money()->getStart()))
      item.price = buildMoney(c->money()->getStart()); // none when it is no number
    if (c->MONTHLY()) {
      item.kind = ast::CatalogItem::Kind::Monthly;
      item.kindRange = range(c->MONTHLY());
    } else if (c->PERCENT()) {
      item.kind = ast::CatalogItem::Kind::Percent;
      item.kindRange = c->CHARGES() && isReal(c->CHARGES()->getSymbol())
                           ? llvm::SMRange(range(c->PERCENT()).Start, range(c->CHARGES()).End)
                           : range(c->PERCENT());
    }
    d->items.push_back(std::move(item));
  }
  return d;
}

ast::DeclPtr AstBuilder::buildEnum(P::EnumDeclContext *ctx) {
  auto d = std::make_unique<ast::EnumDecl>();
  d->range = range(ctx);
  d->name = buildName(ctx->name());
  for (P::EnumValueContext *c : ctx->enumValue()) {
    ast::EnumValue v;
    v.name = buildName(c->name());
    v.label = buildOptText(c->text());
    v.range = range(c);
    d->values.push_back(std::move(v));
  }
  return d;
}

ast::DeclPtr AstBuilder::buildForm(P::FormDeclContext *ctx) {
  auto d = std::make_unique<ast::FormDecl>();
  d->range = range(ctx);
  d->name = buildName(ctx->name());
  d->label = buildOptText(ctx->label);
  for (P::FormMemberContext *m : ctx->formMember()) {
    if (P::FieldSpecContext *f = m->fieldSpec()) {
      d->fields.push_back(buildFieldSpec(f));
    } else if (P::RuleDeclContext *r = m->ruleDecl()) {
      ast::Rule rule;
      rule.message = buildText(r->text());
      rule.cond = buildExpr(r->expr());
      rule.range = range(r);
      d->rules.push_back(std::move(rule));
    }
  }
  return d;
}

ast::FieldSpec AstBuilder::buildFieldSpec(P::FieldSpecContext *ctx) {
  ast::FieldSpec f;
  if (!ctx)
    return f;
  f.range = range(ctx);
  f.name = buildName(ctx->fieldName);
  f.label = buildOptText(ctx->label);
  f.type.name = buildName(ctx->typeName);
  for (P::FieldModifierContext *m : ctx->fieldModifier()) {
    if (auto *c = dynamic_cast<P::DefaultModifierContext *>(m)) {
      f.defaultValue = buildExpr(c->expr());
    } else if (auto *c = dynamic_cast<P::RequiredModifierContext *>(m)) {
      if (c->WHEN())
        f.requiredWhen = buildExpr(c->expr());
      else
        f.required = true;
    } else if (dynamic_cast<P::AutoModifierContext *>(m)) {
      f.isAuto = true;
    } else if (dynamic_cast<P::UnusedModifierContext *>(m)) {
      f.unused = true;
    } else if (dynamic_cast<P::SensitiveModifierContext *>(m)) {
      f.sensitive = true;
    } else if (auto *c = dynamic_cast<P::MatchesModifierContext *>(m)) {
      f.pattern = buildOptText(c->pattern);
      f.patternDescription = buildOptText(c->description);
    } else if (auto *c = dynamic_cast<P::SuggestModifierContext *>(m)) {
      for (P::TextContext *t : c->text())
        f.suggestions.push_back(buildText(t));
    }
  }
  return f;
}

ast::DeclPtr AstBuilder::buildSection(P::SectionDeclContext *ctx) {
  std::unique_ptr<ast::SectionDecl> d = buildSectionHead(ctx->sectionHead());
  d->range = range(ctx);
  for (P::StepDeclContext *s : ctx->stepDecl())
    d->steps.push_back(buildStep(s));
  return d;
}

std::unique_ptr<ast::SectionDecl> AstBuilder::buildSectionHead(P::SectionHeadContext *ctx) {
  auto d = std::make_unique<ast::SectionDecl>();
  if (!ctx)
    return d;
  d->range = range(ctx);
  d->title = buildText(ctx->title);
  d->role = buildOptText(ctx->role);
  return d;
}

std::unique_ptr<ast::StepDecl> AstBuilder::buildStep(P::StepDeclContext *ctx) {
  auto d = std::make_unique<ast::StepDecl>();
  d->range = range(ctx);
  d->id = buildName(ctx->id);
  d->title = buildOptText(ctx->title);
  d->role = buildOptText(ctx->role);
  // Attributes come first: none unless the step starts with '@'.
  if (ctx->getStart() && ctx->getStart()->getType() == callflow_antlr::FlowLexer::AT) {
    for (P::AttributeContext *a : ctx->attribute()) {
      ast::Attribute attr;
      attr.name = buildName(a->attrName);
      for (P::NameContext *n : a->args)
        attr.args.push_back(buildName(n));
      attr.range = range(a);
      d->attributes.push_back(std::move(attr));
    }
  }
  // Clean mode: the block is the last child.
  d->body = buildBlock(clean_ ? static_cast<P::BlockContext *>(ctx->children.back()) : ctx->block());
  return d;
}

} // namespace callflow::parse
