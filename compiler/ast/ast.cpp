// Small helpers on AST nodes.
#include "ast/ast.h"

namespace callflow::ast {

std::string QualName::str() const {
  std::string s;
  for (const Name &p : parts) {
    if (!s.empty())
      s += '.';
    s += p.text;
  }
  return s;
}

bool QualName::missing() const {
  if (parts.empty())
    return true;
  for (const Name &p : parts)
    if (p.missing())
      return true;
  return false;
}

std::string Text::str() const {
  std::string s;
  for (const Part &p : parts) {
    if (const auto *lit = std::get_if<std::string>(&p)) {
      s += *lit;
      continue;
    }
    const Placeholder &ph = std::get<Placeholder>(p);
    s += '{';
    if (ph.kind == Placeholder::Kind::Price)
      s += "price " + std::to_string(ph.priceCode);
    else
      s += ph.ref.str();
    s += '}';
  }
  return s;
}

std::string Text::literal() const {
  std::string s;
  for (const Part &p : parts)
    if (const auto *lit = std::get_if<std::string>(&p))
      s += *lit;
  return s;
}

bool Text::hasPlaceholders() const {
  for (const Part &p : parts)
    if (std::holds_alternative<Placeholder>(p))
      return true;
  return false;
}

const char *spelling(TimeUnit u) {
  switch (u) {
  case TimeUnit::Days: return "days";
  case TimeUnit::Months: return "months";
  case TimeUnit::Years: return "years";
  }
  return "?";
}

const char *spelling(BinaryExpr::Op op) {
  switch (op) {
  case BinaryExpr::Op::Or:
    return "or";
  case BinaryExpr::Op::And:
    return "and";
  case BinaryExpr::Op::Eq:
    return "==";
  case BinaryExpr::Op::Ne:
    return "!=";
  case BinaryExpr::Op::Lt:
    return "<";
  case BinaryExpr::Op::Le:
    return "<=";
  case BinaryExpr::Op::Gt:
    return ">";
  case BinaryExpr::Op::Ge:
    return ">=";
  case BinaryExpr::Op::Add:
    return "+";
  case BinaryExpr::Op::Sub:
    return "-";
  case BinaryExpr::Op::Mul:
    return "*";
  case BinaryExpr::Op::Div:
    return "/";
  }
  return "?";
}

} // namespace callflow::ast
