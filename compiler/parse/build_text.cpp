// AST building for names, string literals with escapes and placeholders,
// numbers and money literals, and source positions.
#include "parse/builder.h"

#include <limits>

namespace callflow::parse {

using antlr4::Token;
using L = callflow_antlr::FlowLexer;

bool AstBuilder::isReal(Token *tok) {
  return tok && tok->getTokenIndex() != INVALID_INDEX &&
         tok->getStartIndex() != INVALID_INDEX && tok->getType() != Token::EOF;
}

llvm::StringRef AstBuilder::tokenText(Token *tok) const {
  if (!isReal(tok) || tok->getStopIndex() + 1 < tok->getStartIndex())
    return {};
  return map_.slice(tok->getStartIndex(), tok->getStopIndex());
}

SMRange AstBuilder::range(Token *tok) const {
  if (!tok || tok->getStartIndex() == INVALID_INDEX)
    return {};
  size_t start = tok->getStartIndex();
  size_t stop = tok->getStopIndex();
  if (tok->getType() == Token::EOF || stop == INVALID_INDEX || stop + 1 < start)
    return SMRange(map_.loc(start), map_.loc(start));
  return SMRange(map_.loc(start), map_.loc(stop + 1));
}

SMRange AstBuilder::range(antlr4::ParserRuleContext *ctx) const {
  if (!ctx)
    return {};
  if (clean_) {
    // Every token is the buffer's (PooledToken is final: no virtual calls),
    // and real; an EOF token's end is its start. A rule that matched no
    // token stops before it starts.
    const auto *start = static_cast<const PooledToken *>(ctx->start);
    const auto *stop = static_cast<const PooledToken *>(ctx->stop);
    SMRange first(map_.loc(start->startOffset()), map_.loc(start->endOffset()));
    if (!stop || stop->getTokenIndex() < start->getTokenIndex())
      return first;
    return SMRange(first.Start, map_.loc(stop->endOffset()));
  }
  Token *start = ctx->getStart();
  Token *stop = ctx->getStop();
  SMRange first = range(start);
  if (!stop || !start || stop->getTokenIndex() < start->getTokenIndex() ||
      stop->getTokenIndex() == INVALID_INDEX)
    return first;
  return join(first, range(stop));
}

ast::Name AstBuilder::buildName(P::NameContext *ctx) {
  ast::Name n;
  // A name that failed to parse (recovery started it at the next token).
  if (!ctx || ctx->exception || ctx->children.empty() || !isReal(ctx->getStart()))
    return n;
  n.range = range(ctx->getStart()); // a name is one token: its text is its range's
  return n;
}

ast::QualName AstBuilder::buildQualName(P::QualNameContext *ctx) {
  ast::QualName q;
  if (!ctx)
    return q;
  if (clean_) { // name (DOT name)*
    size_t n = ctx->children.size();
    q.parts.reserve((n + 1) / 2);
    for (size_t i = 0; i < n; i += 2)
      q.parts.push_back(buildName(child<P::NameContext>(ctx, i)));
  } else {
    for (P::NameContext *n : ctx->name())
      q.parts.push_back(buildName(n));
  }
  q.range = range(ctx);
  return q;
}

int64_t AstBuilder::parseInt(Token *tok) { return parseInt(tokenText(tok), range(tok)); }

int64_t AstBuilder::parseInt(llvm::StringRef s, SMRange r) {
  int64_t v = 0;
  for (char c : s) {
    int d = c - '0';
    if (v > (std::numeric_limits<int64_t>::max() - d) / 10) {
      diags_.report(diag::DiagId::NumberOutOfRange, r, {s.str()});
      return 0;
    }
    v = v * 10 + d;
  }
  return v;
}

std::unique_ptr<ast::MoneyExpr> AstBuilder::buildMoney(Token *tok) {
  // Only a number: after a syntax error a rule may start at whatever token
  // stood there (a catalog item's price at a string), which is no amount.
  if (!tok || (tok->getType() != L::DECIMAL && tok->getType() != L::INT))
    return nullptr;
  auto m = std::make_unique<ast::MoneyExpr>();
  llvm::StringRef s = tokenText(tok);
  m->spelling = s.str();
  m->range = range(tok);
  auto [whole, frac] = s.split('.');
  m->decimals = static_cast<int>(frac.size());
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 100 - 1;
  int64_t units = 0;
  for (char c : whole) {
    units = units * 10 + (c - '0');
    if (units > kMax) {
      diags_.report(diag::DiagId::NumberOutOfRange, m->range, {m->spelling});
      m->cents = 0;
      return m;
    }
  }
  int64_t cents = 0;
  for (size_t i = 0; i < 2; ++i)
    cents = cents * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  m->cents = units * 100 + cents;
  return m;
}

namespace {

char decodeEscape(char c) {
  switch (c) {
  case 'n':
    return '\n';
  case 't':
    return '\t';
  default:
    return c; // \" \\ \{ \}
  }
}

} // namespace

void AstBuilder::appendLiteral(const LexToken &t, ast::Text &run) {
  llvm::StringRef s = partText(t);
  switch (t.type) {
  case L::STR_ESCAPE: {
    const char c = decodeEscape(s.back());
    run.appendLiteral(llvm::StringRef(&c, 1));
    break;
  }
  case L::STR_BAD_ESCAPE:
    diags_.report(diag::DiagId::InvalidEscape, range(t), {s.str()});
    run.appendLiteral(s.drop_front());
    break;
  case L::STR_BAD_BRACE: {
    // Quote up to the closing brace or the end of the line as written.
    llvm::StringRef rest = map_.buffer().substr(t.start);
    size_t end = rest.find_first_of("}\"\n");
    llvm::StringRef shown =
        rest.take_front(end == llvm::StringRef::npos ? 16 : end + (rest[end] == '}'));
    diags_.report(diag::DiagId::InvalidPlaceholder, range(t), {shown.take_front(40).str()});
    run.appendLiteral(s);
    break;
  }
  default: // STR_TEXT, STR_QUANT, STR_RBRACE
    run.appendLiteral(s);
    break;
  }
}

namespace {

/// A token of the buffer as the lexer made it.
LexToken lexOf(const Token &t) {
  return LexToken{static_cast<uint32_t>(t.getStartIndex()),
                  static_cast<uint32_t>(t.getStopIndex() + 1),
                  static_cast<uint16_t>(t.getType()), LexToken::kDefault};
}

} // namespace

ast::Text AstBuilder::buildText(P::TextContext *ctx) {
  ast::Text text;
  if (!ctx)
    return text;
  text.range = range(ctx);
  Token *first = ctx->getStart();
  if (first && first->getType() == L::STR_LIT && isReal(first)) {
    llvm::ArrayRef<LexToken> parts =
        tokens_->partsOf(static_cast<const PooledToken &>(*first));
    // Neither an escape nor a placeholder: the literal is the source's bytes
    // between the quotes, kept there (no block: half the strings of a
    // large flow are such).
    size_t verbatim = 0;
    for (const LexToken &t : parts) {
      if (t.type != L::STR_TEXT && t.type != L::STR_QUANT && t.type != L::STR_RBRACE)
        break;
      verbatim += t.end - t.start;
    }
    if (verbatim && verbatim + 2 == text.spelling().size()) {
      text.keepInSource();
      return text;
    }
    buildTextParts(parts.size(), [parts](size_t i) { return parts[i]; }, text);
    return text;
  }
  if (clean_) {
    const size_t open = first->getTokenIndex(), close = ctx->getStop()->getTokenIndex();
    buildTextParts(
        close - open - 1, [this, open](size_t i) { return lexOf(clean_->at(open + 1 + i)); },
        text);
    return text;
  }
  for (P::TextPartContext *part : ctx->textPart()) {
    if (P::PlaceholderContext *ph = part->placeholder()) {
      buildPlaceholder(ph, text);
      continue;
    }
    Token *tok = part->getStart();
    if (isReal(tok))
      appendLiteral(lexOf(*tok), text);
  }
  return text;
}

template <typename Part> void AstBuilder::buildTextParts(size_t n, Part part, ast::Text &text) {
  // Sized once: the literal bytes are at most the runs' source bytes.
  size_t placeholders = 0, bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    const LexToken t = part(i);
    if (t.type == L::PH_OPEN || t.type == L::PH_PRICE_OPEN) {
      ++placeholders;
      while (i + 1 < n && part(i).type != L::PH_CLOSE)
        ++i;
    } else {
      bytes += t.end - t.start;
    }
  }
  text.reserve(bytes, placeholders);
  for (size_t i = 0; i < n; ++i) {
    const LexToken t = part(i);
    if (t.type == L::PH_OPEN || t.type == L::PH_PRICE_OPEN)
      i = buildPlaceholderParts(i, part, text);
    else
      appendLiteral(t, text);
  }
}

template <typename Part>
size_t AstBuilder::buildPlaceholderParts(size_t open, Part part, ast::Text &text) {
  const LexToken openTok = part(open);
  size_t close = open + 1;
  while (part(close).type != L::PH_CLOSE)
    ++close;
  // Built where it stands in the text: a placeholder is 104 bytes, and a
  // large flow has one in most lines.
  ast::Placeholder &ph = text.emplacePlaceholder();
  ph.range = SMRange(map_.loc(openTok.start), map_.loc(part(close).end));
  llvm::StringRef openText = partText(openTok);
  size_t skip = 1; // PH_OPEN : '{' [ \t]* NAME (so is PH_PRICE_OPEN)
  while (skip < openText.size() && (openText[skip] == ' ' || openText[skip] == '\t'))
    ++skip;
  if (openTok.type == L::PH_PRICE_OPEN && part(open + 1).type == L::PH_INT) {
    ph.kind = ast::Placeholder::Kind::Price;
    const LexToken code = part(open + 1);
    ph.priceCode = parseInt(partText(code), range(code));
  } else {
    ph.kind = ast::Placeholder::Kind::Ref;
    ph.ref.parts.reserve(1 + (close - open - 1) / 2);
    ast::Name &first = ph.ref.parts.emplace_back();
    first.range = SMRange(map_.loc(openTok.start + skip), map_.loc(openTok.end));
    for (size_t i = open + 2; i < close; i += 2) { // PH_DOT PH_NAME pairs
      const LexToken name = part(i);
      ast::Name &next = ph.ref.parts.emplace_back();
      next.range = range(name);
    }
    ph.ref.range = join(ph.ref.parts.front().range, ph.ref.parts.back().range);
  }
  return close;
}

void AstBuilder::buildPlaceholder(P::PlaceholderContext *ctx, ast::Text &text) {
  // A placeholder with a syntax error was reported as InvalidPlaceholder.
  if (ctx->exception || !ctx->getStop() || !isReal(ctx->getStop()) ||
      ctx->getStop()->getType() != callflow_antlr::FlowLexer::PH_CLOSE)
    return;
  ast::Placeholder ph;
  ph.range = range(ctx);
  Token *open = ctx->getStart();
  llvm::StringRef openText = tokenText(open);
  size_t skip = openText.find_first_not_of("{ \t");
  if (skip == llvm::StringRef::npos)
    return;
  ast::Name first;
  SMLoc firstLoc = map_.locAtByte(openText.data() - map_.buffer().data() + skip);
  first.range = SMRange(firstLoc, SMLoc::getFromPointer(openText.end()));
  if (auto *price = dynamic_cast<P::PricePlaceholderContext *>(ctx)) {
    ph.kind = ast::Placeholder::Kind::Price;
    ph.priceCode = parseInt(price->PH_INT()->getSymbol());
  } else {
    auto *ref = static_cast<P::RefPlaceholderContext *>(ctx);
    ph.kind = ast::Placeholder::Kind::Ref;
    ph.ref.parts.push_back(std::move(first));
    for (antlr4::tree::TerminalNode *n : ref->PH_NAME()) {
      if (!isReal(n->getSymbol()))
        return;
      ph.ref.parts.push_back(ast::Name{range(n)});
    }
    ph.ref.range = join(ph.ref.parts.front().range, ph.ref.parts.back().range);
  }
  text.appendPlaceholder(std::move(ph));
}

} // namespace callflow::parse
