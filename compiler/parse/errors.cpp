// Syntax-error wording and reporting for the parse adapter.
#include "parse/errors.h"

#include "FlowLexer.h"
#include "llvm/ADT/StringExtras.h"
#include "FlowParser.h"

namespace callflow::parse {

using antlr4::Token;
using L = callflow_antlr::FlowLexer;
using P = callflow_antlr::FlowParser;

namespace {

bool isSoftKeyword(size_t t) {
  switch (t) {
  case L::BY: case L::WHEN: case L::IN: case L::IS: case L::SUGGEST: case L::MATCHES: case L::AS:
  case L::PRICE: case L::PAYMENT: case L::OPTIONAL: case L::AUTO: case L::UNUSED: case L::SENSITIVE:
  case L::START: case L::FLOW: case L::FORM: case L::CATALOG: case L::ENUM:
  case L::IMPORT: case L::SECTION: case L::KEY: case L::MONTHLY: case L::OF: case L::CHARGES:
  case L::TODAY: case L::NOW: case L::DAY: case L::DAYS: case L::MONTH: case L::MONTHS: case L::YEAR: case L::YEARS:
    return true;
  default:
    return false;
  }
}

bool isDeclKeyword(size_t t) {
  switch (t) {
  case L::FLOW: case L::START: case L::IMPORT: case L::CATALOG: case L::ENUM:
  case L::FORM: case L::VAR: case L::SECTION: case L::STEP: case L::AT:
    return true;
  default:
    return false;
  }
}

std::string tokenTypeName(size_t t, const antlr4::dfa::Vocabulary &vocab) {
  switch (t) {
  case Token::EOF: return "end of file";
  case L::ID: case L::PH_NAME: return "a name";
  case L::INT: case L::PH_INT: return "a number";
  case L::DECIMAL: return "a decimal number";
  case L::STR_OPEN: case L::STR_LIT: return "a string";
  case L::STR_CLOSE: return "'\"'";
  case L::PH_CLOSE: return "'}'";
  case L::PH_DOT: return "'.'";
  case L::PH_OPEN: case L::PH_PRICE_OPEN: return "a placeholder";
  // '{', '}' and '.' also occur in other modes, so ANTLR keeps no literal.
  case L::LBRACE: return "'{'";
  case L::RBRACE: case L::STR_RBRACE: return "'}'";
  case L::DOT: return "'.'";
  default: break;
  }
  std::string lit = vocab.getLiteralName(t);
  if (!lit.empty())
    return lit;
  return "'" + vocab.getSymbolicName(t) + "'";
}

std::string joinOr(const std::vector<std::string> &items) {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      s += i + 1 == items.size() ? " or " : ", ";
    s += items[i];
  }
  return s;
}

/// "step 'D-2-7'", "form 'Ticket'", ...: the innermost construct with
/// braces around `ctx`, and its `{` token.
std::string enclosingConstruct(antlr4::ParserRuleContext *ctx, Token **lbrace,
                               const SourceMap &map) {
  auto name = [&](antlr4::ParserRuleContext *n) -> std::string {
    if (!n || !n->getStart() || n->getStart()->getStartIndex() == INVALID_INDEX)
      return "";
    Token *t = n->getStart();
    return map.slice(t->getStartIndex(), t->getStopIndex()).str();
  };
  for (auto *c = ctx; c; c = dynamic_cast<antlr4::ParserRuleContext *>(c->parent)) {
    if (auto *b = dynamic_cast<P::BlockContext *>(c)) {
      *lbrace = b->LBRACE() ? b->LBRACE()->getSymbol() : nullptr;
      auto *parent = c->parent;
      if (auto *s = dynamic_cast<P::StepDeclContext *>(parent))
        return "step '" + name(s->id) + "'";
      if (dynamic_cast<P::AskOptionContext *>(parent))
        return "the option";
      if (dynamic_cast<P::PaymentElseContext *>(parent))
        return "the 'else' block";
      return "the 'if' block";
    }
    auto braced = [&](antlr4::tree::TerminalNode *lb, std::string what) {
      *lbrace = lb ? lb->getSymbol() : nullptr;
      return what;
    };
    if (auto *a = dynamic_cast<P::AskStmtContext *>(c))
      return braced(a->LBRACE(), "the 'ask'");
    if (auto *a = dynamic_cast<P::CreateStmtContext *>(c))
      return braced(a->LBRACE(), "'create " + name(a->name()) + "'");
    if (auto *a = dynamic_cast<P::SectionDeclContext *>(c))
      return braced(a->sectionHead() ? a->sectionHead()->LBRACE() : nullptr, "the section");
    if (auto *a = dynamic_cast<P::FormDeclContext *>(c))
      return braced(a->LBRACE(), "form '" + name(a->name()) + "'");
    if (auto *a = dynamic_cast<P::EnumDeclContext *>(c))
      return braced(a->LBRACE(), "enum '" + name(a->name()) + "'");
    if (auto *a = dynamic_cast<P::CatalogDeclContext *>(c))
      return braced(a->LBRACE(), "catalog '" + name(a->name()) + "'");
  }
  return "";
}

P::PlaceholderContext *enclosingPlaceholder(antlr4::ParserRuleContext *ctx) {
  for (auto *c = ctx; c; c = dynamic_cast<antlr4::ParserRuleContext *>(c->parent))
    if (auto *p = dynamic_cast<P::PlaceholderContext *>(c))
      return p;
  return nullptr;
}

/// Edit distance counting a swap of two neighbours as one edit (`sya` is
/// one from `say`), case-insensitive; stops early past `limit`.
unsigned typoDistance(llvm::StringRef a, llvm::StringRef b, unsigned limit) {
  size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit)
    return limit + 1;
  std::vector<std::vector<unsigned>> d(n + 1, std::vector<unsigned>(m + 1));
  for (size_t i = 0; i <= n; ++i)
    d[i][0] = (unsigned)i;
  for (size_t j = 0; j <= m; ++j)
    d[0][j] = (unsigned)j;
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j) {
      unsigned cost = llvm::toLower(a[i - 1]) == llvm::toLower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && llvm::toLower(a[i - 1]) == llvm::toLower(b[j - 2]) &&
          llvm::toLower(a[i - 2]) == llvm::toLower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

/// The keyword the parser expected that `word` is a typo of (`sya` for
/// `say`, `Goto` for `goto`): the same word in another case, else the
/// closest by edit distance within a third of its length; "" when none.
std::string closestKeyword(llvm::StringRef word, const antlr4::misc::IntervalSet &expected,
                           const antlr4::dfa::Vocabulary &vocab) {
  std::string best;
  unsigned limit = std::max<unsigned>(1, (word.size() + 2) / 3), bestDistance = limit + 1;
  for (ssize_t t : expected.toList()) {
    const std::string name = vocab.getLiteralName(static_cast<size_t>(t));
    llvm::StringRef lit = name;
    if (lit.size() < 3 || lit.front() != '\'' || lit.back() != '\'')
      continue;
    lit = lit.drop_front().drop_back();
    if (!llvm::all_of(lit, [](char ch) { return llvm::isAlpha(ch); }))
      continue;
    if (word.size() > 40)
      break;
    unsigned d = typoDistance(word, lit, limit);
    if (d < bestDistance) {
      bestDistance = d;
      best = lit.str();
    }
  }
  return best;
}

/// The last token before `tok` on the default channel (comments are on
/// another), or nullptr.
Token *previousToken(antlr4::Parser *recognizer, Token *tok) {
  if (!tok || tok->getTokenIndex() == INVALID_INDEX)
    return nullptr;
  auto *stream = recognizer->getTokenStream();
  for (size_t i = tok->getTokenIndex(); i > 0; --i) {
    Token *t = stream->get(i - 1);
    if (t->getChannel() == Token::DEFAULT_CHANNEL)
      return t;
  }
  return nullptr;
}

template <typename C> C *ancestor(antlr4::ParserRuleContext *ctx) {
  for (auto *c = ctx; c; c = dynamic_cast<antlr4::ParserRuleContext *>(c->parent))
    if (auto *found = dynamic_cast<C *>(c))
      return found;
  return nullptr;
}

/// What to write instead, for mistakes whose parse error alone does not
/// say it: `if x in a, b` (only `input` lists values) and an option with
/// both a block and `-> STEP`. "" when `tok` is none of them.
std::string hintFor(antlr4::Parser *recognizer, antlr4::ParserRuleContext *ctx, Token *tok,
                    Token *prev, const SourceMap &map) {
  if (!tok || tok->getType() == Token::EOF || tok->getTokenIndex() == INVALID_INDEX)
    return "";
  auto *stream = recognizer->getTokenStream();
  auto text = [&](Token *t) { return map.slice(t->getStartIndex(), t->getStopIndex()).str(); };
  // Tokens after `tok`, when it is the parser's current one.
  auto after = [&](ssize_t k) -> Token * {
    return stream->index() == tok->getTokenIndex() ? stream->LT(k + 1) : nullptr;
  };
  if (tok->getType() == L::IN) {
    if (!ancestor<P::IfStmtContext>(ctx))
      return "";
    // The condition: from the `if` (of an `else if` too) to the `in`.
    Token *ifTok = nullptr;
    for (size_t i = tok->getTokenIndex(); i > 0 && tok->getTokenIndex() - i < 256 && !ifTok; --i)
      if (Token *t = stream->get(i - 1); t->getType() == L::IF)
        ifTok = t;
    if (!ifTok || ifTok->getStopIndex() + 1 >= tok->getStartIndex())
      return "";
    std::string cond =
        map.slice(ifTok->getStopIndex() + 1, tok->getStartIndex() - 1).trim().str();
    std::vector<std::string> values;
    for (ssize_t k = 1;; k += 2) {
      Token *v = after(k);
      if (!v || v->getType() != L::ID)
        break;
      values.push_back(text(v));
      Token *comma = after(k + 1);
      if (!comma || comma->getType() != L::COMMA)
        break;
    }
    if (values.size() < 2)
      values = {"a", "b"};
    std::string alt;
    for (size_t i = 0; i < values.size(); ++i)
      alt += (i ? " or " : "") + cond + " == " + values[i];
    return "'in' lists the values an 'input' accepts; to test for one of several values, "
           "write 'if " +
           alt + "'";
  }
  if (!prev || !ancestor<P::AskStmtContext>(ctx))
    return "";
  // `"Yes" { ... } -> B` and `"Yes" -> B { ... }`.
  Token *target = nullptr;
  if (tok->getType() == L::ARROW && prev->getType() == L::RBRACE)
    target = after(1);
  else if (tok->getType() == L::LBRACE && prev->getType() == L::ID &&
           prev->getTokenIndex() > 0 &&
           stream->get(prev->getTokenIndex() - 1)->getType() == L::ARROW)
    target = prev;
  if (!target || target->getType() != L::ID)
    return "";
  std::string step = text(target);
  return "an option either jumps ('-> " + step + "') or runs a block; to do both, end the " +
         "block with 'goto " + step + "' and drop '-> " + step + "'";
}

} // namespace

llvm::SMRange ErrorSink::rangeOf(Token *tok) const {
  if (!tok || tok->getStartIndex() == INVALID_INDEX)
    return {};
  size_t start = tok->getStartIndex();
  if (tok->getType() == Token::EOF || tok->getStopIndex() + 1 <= start)
    return llvm::SMRange(map.loc(start), map.loc(start));
  return llvm::SMRange(map.loc(start), map.loc(tok->getStopIndex() + 1));
}

llvm::SMRange ErrorSink::shownAt(Token *tok) const {
  // A string is shown by its opening quote, whether it came whole
  // (STR_LIT) or part by part (STR_OPEN ...).
  if (tok && tok->getType() == L::STR_LIT && tok->getStartIndex() != INVALID_INDEX)
    return llvm::SMRange(map.loc(tok->getStartIndex()), map.loc(tok->getStartIndex() + 1));
  return rangeOf(tok);
}

namespace {

/// "unexpected " and what a token is: `'foo'`, but "string", not "a string".
std::string unexpected(const std::string &what) {
  llvm::StringRef w(what);
  w.consume_front("a ") || w.consume_front("an ");
  return "unexpected " + w.str();
}

} // namespace

std::string ErrorSink::describe(Token *tok) const {
  if (!tok || tok->getType() == Token::EOF)
    return "end of file";
  if (tok->getType() == L::STR_OPEN || tok->getType() == L::STR_LIT)
    return "a string";
  if (tok->getStartIndex() == INVALID_INDEX)
    return "a missing token";
  llvm::StringRef text = map.slice(tok->getStartIndex(), tok->getStopIndex());
  if (text.size() > 40)
    text = text.take_front(40);
  return "'" + text.str() + "'";
}

std::string describeExpected(const antlr4::misc::IntervalSet &set,
                             const antlr4::dfa::Vocabulary &vocab) {
  std::vector<std::string> items;
  auto has = [&](size_t t) { return set.contains(t); };
  if (has(L::SAY) && has(L::GOTO)) {
    items.push_back("a statement");
    if (has(L::RBRACE))
      items.push_back("'}'");
    return joinOr(items);
  }
  if (has(L::STEP) && has(L::FLOW))
    return "a declaration";
  if (has(L::STR_OPEN) && has(L::INT) && has(L::LPAREN))
    return "an expression";
  bool names = has(L::ID);
  for (ssize_t t : set.toList()) {
    // A string is expected as STR_OPEN and as STR_LIT: named once, where
    // STR_OPEN stands.
    if ((names && isSoftKeyword(static_cast<size_t>(t))) || t == L::STR_LIT)
      continue;
    // A decimal number is a number: `29.99` or `30` is "a number".
    if (t == L::DECIMAL && has(L::INT))
      continue;
    std::string s = tokenTypeName(static_cast<size_t>(t), vocab);
    if (std::find(items.begin(), items.end(), s) == items.end())
      items.push_back(s);
  }
  if (items.size() > 6) {
    items.resize(5);
    items.push_back("something else");
  }
  return joinOr(items);
}

void FlowErrorStrategy::report(antlr4::Parser *recognizer, antlr4::ParserRuleContext *ctx,
                               Token *tok, const antlr4::misc::IntervalSet &expected,
                               bool missing) {
  if (tok && tok->getType() == Token::EOF && sink_.suppressAtEof)
    return;
  if (P::PlaceholderContext *ph = enclosingPlaceholder(ctx)) {
    Token *open = ph->getStart();
    if (!open || open->getTokenIndex() == sink_.lastPlaceholder)
      return;
    sink_.lastPlaceholder = open->getTokenIndex();
    size_t from = sink_.map.byteOffset(open->getStartIndex());
    llvm::StringRef rest = sink_.map.buffer().substr(from);
    size_t end = rest.find_first_of("}\"\n");
    llvm::StringRef shown = rest.take_front(end == llvm::StringRef::npos ? 40 : end + (rest[end] == '}'));
    llvm::SMRange r(sink_.map.locAtByte(from), sink_.map.locAtByte(from + shown.size()));
    sink_.diags.report(diag::DiagId::InvalidPlaceholder, r, {shown.take_front(40).str()});
    return;
  }
  const auto &vocab = recognizer->getVocabulary();
  std::string msg;
  bool closeBrace = expected.contains(static_cast<size_t>(L::RBRACE)) &&
                    (!tok || tok->getType() == Token::EOF || isDeclKeyword(tok->getType()) ||
                     expected.size() == 1);
  Token *lbrace = nullptr;
  std::string construct = closeBrace ? enclosingConstruct(ctx, &lbrace, sink_.map) : "";
  Token *prev = tok && tok->getTokenIndex() > 0 && tok->getTokenIndex() != INVALID_INDEX
                   ? recognizer->getTokenStream()->get(tok->getTokenIndex() - 1)
                   : nullptr;
  llvm::SMRange at; // where the error is shown, when not at `tok`
  std::string keyword, hint;
  if (tok && tok->getType() == L::DECIMAL && prev && prev->getType() == L::CHARGE) {
    // `charge 12.00`: the grammar's own expectation ("a number or a name")
    // does not say why an amount is not one.
    msg = "'charge' takes a catalog item code ('charge 320') or a money variable "
          "('charge amount \"label\"'), not an amount like " +
          sink_.describe(tok) + ": add the item to the catalog, or set a money variable";
  } else if (!construct.empty()) {
    msg = "expected '}' to close " + construct;
    // The parser notices the missing '}' only at the next declaration (or
    // the end of the file), maybe lines later: point where it belongs,
    // right after the last thing the block holds.
    if (Token *last = previousToken(recognizer, tok);
        last && lbrace && last->getTokenIndex() >= lbrace->getTokenIndex() &&
        (!tok || tok->getType() == Token::EOF || isDeclKeyword(tok->getType()))) {
      llvm::SMRange r = sink_.rangeOf(last);
      at = llvm::SMRange(r.End, r.End);
    } else if (!missing) {
      msg += "; found " + sink_.describe(tok);
    }
  } else if (missing) {
    msg = "expected " + describeExpected(expected, vocab) + " before " + sink_.describe(tok);
  } else {
    msg = unexpected(sink_.describe(tok)) + "; expected " + describeExpected(expected, vocab);
    if (tok && tok->getType() == L::ID)
      keyword = closestKeyword(sink_.map.slice(tok->getStartIndex(), tok->getStopIndex()),
                               expected, vocab);
    hint = hintFor(recognizer, ctx, tok, prev, sink_.map);
  }
  auto b = sink_.diags.report(diag::DiagId::SyntaxError, at.isValid() ? at : sink_.shownAt(tok),
                              {msg});
  if (lbrace)
    b.note(sink_.rangeOf(lbrace), "to match this '{'");
  if (!keyword.empty()) {
    b.note("did you mean '" + keyword + "'?");
    b.fixit(sink_.rangeOf(tok), keyword);
  }
  if (!hint.empty())
    b.note(hint);
}

void FlowErrorStrategy::reportNoViableAlternative(antlr4::Parser *recognizer,
                                                  const antlr4::NoViableAltException &e) {
  Token *start = e.getStartToken();
  Token *bad = e.getOffendingToken();
  // Prediction looked past its first token before failing: the expected set
  // at the decision would describe the wrong position, so name the token
  // the problem follows instead.
  if (start && bad && start->getTokenIndex() < bad->getTokenIndex() &&
      bad->getType() != Token::EOF && !enclosingPlaceholder(recognizer->getContext())) {
    Token *prev = recognizer->getTokenStream()->get(bad->getTokenIndex() - 1);
    sink_.diags.report(diag::DiagId::SyntaxError, sink_.shownAt(bad),
                       {unexpected(sink_.describe(bad)) + " after " + sink_.describe(prev)});
    return;
  }
  report(recognizer, recognizer->getContext(), bad, recognizer->getExpectedTokens(), false);
}

void FlowErrorStrategy::reportInputMismatch(antlr4::Parser *recognizer,
                                            const antlr4::InputMismatchException &e) {
  report(recognizer, recognizer->getContext(), e.getOffendingToken(), e.getExpectedTokens(),
         false);
}

void FlowErrorStrategy::reportFailedPredicate(antlr4::Parser *recognizer,
                                              const antlr4::FailedPredicateException &e) {
  report(recognizer, recognizer->getContext(), e.getOffendingToken(),
         recognizer->getExpectedTokens(), false);
}

void FlowErrorStrategy::reportUnwantedToken(antlr4::Parser *recognizer) {
  if (inErrorRecoveryMode(recognizer))
    return;
  beginErrorCondition(recognizer);
  report(recognizer, recognizer->getContext(), recognizer->getCurrentToken(),
         getExpectedTokens(recognizer), false);
}

void FlowErrorStrategy::sync(antlr4::Parser *recognizer) {
  // `"No" -> B { ... }` in an ask: the block is reported once (with its
  // hint) and skipped whole, braces balanced, so that its `}` is not taken
  // for the ask's and the rest of the step is parsed as written.
  if (!inErrorRecoveryMode(recognizer) &&
      dynamic_cast<P::AskStmtContext *>(recognizer->getContext())) {
    auto *in = recognizer->getTokenStream();
    if (in->LA(1) == L::LBRACE && in->LA(-1) == L::ID && in->LA(-2) == L::ARROW) {
      reportUnwantedToken(recognizer);
      size_t depth = 0;
      do {
        size_t t = in->LA(1);
        if (t == Token::EOF)
          break;
        depth += t == L::LBRACE;
        depth -= t == L::RBRACE && depth > 0;
        recognizer->consume();
      } while (depth > 0);
      return;
    }
  }
  if (inErrorRecoveryMode(recognizer) || !dynamic_cast<P::FileContext *>(recognizer->getContext())) {
    DefaultErrorStrategy::sync(recognizer);
    return;
  }
  antlr4::misc::IntervalSet expecting = recognizer->getExpectedTokens();
  if (expecting.contains(recognizer->getInputStream()->LA(1)))
    return;
  reportUnwantedToken(recognizer);
  // What the skipped text would have declared is unknown: keep its names.
  auto *in = recognizer->getTokenStream();
  antlr4::misc::IntervalSet stop = expecting.Or(getErrorRecoverySet(recognizer));
  for (size_t t = in->LA(1); t != Token::EOF && !stop.contains(t); t = in->LA(1)) {
    if (t == L::ID && sink_.skippedNames.size() < 10000) {
      Token *tok = in->LT(1);
      sink_.skippedNames.push_back(
          sink_.map.slice(tok->getStartIndex(), tok->getStopIndex()).str());
    }
    recognizer->consume();
  }
}

antlr4::Token *FlowErrorStrategy::singleTokenDeletion(antlr4::Parser *recognizer) {
  size_t t = recognizer->getInputStream()->LA(1);
  if (t == L::ARROW || t == L::LBRACE)
    return nullptr;
  return DefaultErrorStrategy::singleTokenDeletion(recognizer);
}

void FlowErrorStrategy::reportMissingToken(antlr4::Parser *recognizer) {
  if (inErrorRecoveryMode(recognizer))
    return;
  beginErrorCondition(recognizer);
  report(recognizer, recognizer->getContext(), recognizer->getCurrentToken(),
         getExpectedTokens(recognizer), true);
}

} // namespace callflow::parse
