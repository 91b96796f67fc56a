#include "ast/source.h"

#include <cstdint>

#include "callflow/value.h"
#include "llvm/ADT/StringExtras.h"

namespace callflow::ast {

namespace {
/// Length of a regex quantifier `{m}`, `{m,}`, `{m,n}` at the start of
/// `s`, or 0.
size_t quantifierLength(llvm::StringRef s) {
  if (s.size() < 3 || s[0] != '{' || !llvm::isDigit(s[1]))
    return 0;
  size_t i = 1;
  while (i < s.size() && llvm::isDigit(s[i]))
    ++i;
  if (i < s.size() && s[i] == ',') {
    ++i;
    while (i < s.size() && llvm::isDigit(s[i]))
      ++i;
  }
  return i < s.size() && s[i] == '}' ? i + 1 : 0;
}

std::string normalisedMoney(int64_t c) {
  std::string s = c < 0 ? "-" : "";
  uint64_t a = c < 0 ? 0 - static_cast<uint64_t>(c) : static_cast<uint64_t>(c);
  std::string cents = std::to_string(a % 100);
  return s + std::to_string(a / 100) + "." + (cents.size() < 2 ? "0" : "") + cents;
}
} // namespace

void appendEscaped(std::string &out, llvm::StringRef s, bool keepQuantifiers) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (size_t q = keepQuantifiers ? quantifierLength(s.substr(i)) : 0) {
      out.append(s.data() + i, q);
      i += q - 1;
      continue;
    }
    switch (char c = s[i]) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '{': out += "\\{"; break;
    case '}': out += "\\}"; break;
    default: out += c; break;
    }
  }
}

std::string quoteTextLiteral(const Text &text, bool keepQuantifiers) {
  std::string out = "\"";
  for (const Text::Part part : text.parts()) {
    if (part.placeholder) {
      out += part.placeholder->str();
      continue;
    }
    appendEscaped(out, part.literal, keepQuantifiers);
  }
  return out + "\"";
}

int precedence(const Expr &e) {
  if (const auto *b = llvm::dyn_cast<BinaryExpr>(&e)) {
    using Op = BinaryExpr::Op;
    switch (b->op) {
    case Op::Or: return 1;
    case Op::And: return 2;
    case Op::Add: case Op::Sub: return 5;
    case Op::Mul: case Op::Div: return 6;
    default: return 4;
    }
  }
  if (const auto *u = llvm::dyn_cast<UnaryExpr>(&e))
    return u->op == UnaryExpr::Op::Neg ? 8 : 3;
  if (llvm::isa<InExpr>(e))
    return 4;
  if (llvm::isa<DurationExpr>(e))
    return 7;
  if (llvm::isa<IsSetExpr>(e))
    return 9;
  return 10;
}

std::string exprSource(const Expr &e, const SourceStyle &style, int minPrec) {
  auto sub = [&](const ExprPtr &x, int prec) { return x ? exprSource(*x, style, prec) : style.missing; };
  auto text = [&](const Text &t) { return style.text ? style.text(t) : quoteTextLiteral(t); };
  std::string s;
  switch (e.kind) {
  case Expr::Kind::String:
    s = text(llvm::cast<StringExpr>(e).value);
    break;
  case Expr::Kind::Number: {
    const auto &n = llvm::cast<NumberExpr>(e);
    s = style.literalsAsWritten && !n.spelling.empty() ? n.spelling : std::to_string(n.value);
    break;
  }
  case Expr::Kind::Money: {
    const auto &m = llvm::cast<MoneyExpr>(e);
    s = style.literalsAsWritten && !m.spelling.empty() ? m.spelling : normalisedMoney(m.cents);
    break;
  }
  case Expr::Kind::Bool:
    s = llvm::cast<BoolExpr>(e).value ? "true" : "false";
    break;
  case Expr::Kind::Ref:
    s = llvm::cast<RefExpr>(e).name.str();
    break;
  case Expr::Kind::Input: {
    const auto &in = llvm::cast<InputExpr>(e);
    s = in.prompt ? "input " + text(*in.prompt) : "input";
    break;
  }
  case Expr::Kind::Unary: {
    const auto &u = llvm::cast<UnaryExpr>(e);
    s = u.op == UnaryExpr::Op::Neg ? "-" + sub(u.operand, 9) : "not " + sub(u.operand, 3);
    break;
  }
  case Expr::Kind::In: {
    const auto &in = llvm::cast<InExpr>(e);
    s = sub(in.operand, 5) + (in.negated ? " not in {" : " in {");
    for (size_t i = 0; i < in.elements.size(); ++i)
      s += (i ? ", " : "") + sub(in.elements[i], 8);
    s += "}";
    break;
  }
  case Expr::Kind::Binary: {
    // Left-associative, but comparisons do not associate: both operands of
    // a comparison are sums or tighter.
    const auto &b = llvm::cast<BinaryExpr>(e);
    int p = precedence(e);
    int lp = p == 4 ? 5 : p, rp = p == 4 ? 5 : p + 1;
    s = sub(b.lhs, lp) + " " + spelling(b.op) + " " + sub(b.rhs, rp);
    break;
  }
  case Expr::Kind::IsSet: {
    const auto &is = llvm::cast<IsSetExpr>(e);
    s = sub(is.operand, 10) + (is.negated ? " is not set" : " is set");
    break;
  }
  case Expr::Kind::Date: {
    const auto &d = llvm::cast<DateExpr>(e);
    s = style.literalsAsWritten || !d.valid ? d.spelling : callflow::formatIsoDate(d.day);
    break;
  }
  case Expr::Kind::Time: {
    const auto &t = llvm::cast<TimeExpr>(e);
    s = style.literalsAsWritten || !t.valid ? t.spelling : callflow::formatTime(t.minutes);
    break;
  }
  case Expr::Kind::Clock:
    s = llvm::cast<ClockExpr>(e).now ? "now" : "today";
    break;
  case Expr::Kind::Duration: {
    const auto &d = llvm::cast<DurationExpr>(e);
    s = sub(d.count, 8) + " " + (d.unitWord.empty() ? spelling(d.unit) : d.unitWord);
    break;
  }
  case Expr::Kind::Between: {
    const auto &b = llvm::cast<BetweenExpr>(e);
    s = std::string(spelling(b.unit)) + "(" + sub(b.span, 0) + ")";
    break;
  }
  }
  return precedence(e) < minPrec ? "(" + s + ")" : s;
}

} // namespace callflow::ast
