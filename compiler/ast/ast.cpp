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

std::string Placeholder::str() const {
  return kind == Kind::Price ? "{price " + std::to_string(priceCode) + "}" : "{" + ref.str() + "}";
}

std::string Text::str() const {
  std::string s;
  for (const Part p : parts())
    s += p.placeholder ? p.placeholder->str() : std::string(p.literal);
  return s;
}

size_t Text::numParts() const {
  size_t n = 0;
  for ([[maybe_unused]] const Part p : parts())
    ++n;
  return n;
}

Text::Part Text::part(size_t i) const {
  for (const Part p : parts())
    if (i-- == 0)
      return p;
  return {};
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
