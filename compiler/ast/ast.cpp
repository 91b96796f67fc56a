// Small helpers on AST nodes.
#include "ast/ast.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <stdexcept>

namespace callflow::ast {

std::string QualName::str() const {
  std::string s;
  for (const Name &p : parts) {
    if (!s.empty())
      s += '.';
    s += p.text();
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

Text::Text(const Text &o) : range(o.range) {
  if (o.inSource()) {
    s_ = o.s_; // the same source bytes
    return;
  }
  if (!o.s_ || (!o.s_->bytes && !o.s_->count))
    return;
  grow(o.s_->bytes, o.s_->count, true);
  for (const Placeholder &ph : o.placeholders())
    new (s_->phs() + s_->count++) Placeholder(ph);
  std::memcpy(s_->chars(), o.s_->chars(), o.s_->bytes);
  s_->bytes = o.s_->bytes;
}

Text &Text::operator=(const Text &o) {
  if (this != &o)
    *this = Text(o);
  return *this;
}

Text &Text::operator=(Text &&o) noexcept {
  if (this != &o) {
    release();
    range = o.range;
    s_ = o.s_;
    o.s_ = nullptr;
  }
  return *this;
}

void Text::release() {
  if (inSource())
    s_ = nullptr;
  if (!s_)
    return;
  for (Placeholder &ph : placeholders())
    ph.~Placeholder();
  ::operator delete(s_);
  s_ = nullptr;
}

Text::Store Text::inSource_;

void Text::keepInSource() {
  const llvm::StringRef sp = spelling();
  if (s_ || sp.size() < 3 || sp.front() != '"' || sp.back() != '"')
    throw std::logic_error("ast::Text::keepInSource: not an empty text whose range is a quoted string");
  s_ = &inSource_;
}

void Text::ownLiteral() {
  if (!inSource())
    return;
  const llvm::StringRef lit = literal();
  s_ = nullptr;
  grow(lit.size(), 0, true);
  std::memcpy(s_->chars(), lit.data(), lit.size());
  s_->bytes = uint32_t(lit.size());
}

void Text::grow(size_t bytes, size_t count, bool exact) {
  ownLiteral();
  const size_t haveBytes = s_ ? s_->byteCap : 0, haveCount = s_ ? s_->phCap : 0;
  if (bytes <= haveBytes && count <= haveCount)
    return;
  if (!exact) { // the part that ran out at least doubles, the other stays
    if (bytes > haveBytes)
      bytes = std::max<size_t>(bytes, std::min<size_t>(2 * haveBytes, UINT32_MAX));
    if (count > haveCount)
      count = std::max<size_t>(count, std::min<size_t>(2 * haveCount, UINT32_MAX));
  }
  bytes = std::max(bytes, haveBytes);
  count = std::max(count, haveCount);
  if (bytes > UINT32_MAX || count > UINT32_MAX) // a source is at most 4 GiB
    throw std::length_error("ast::Text: more than 4 GiB");
  void *mem = ::operator new(sizeof(Store) + count * sizeof(Placeholder) + bytes);
  Store *n = new (mem) Store{0, uint32_t(bytes), 0, uint32_t(count)};
  if (s_) {
    for (Placeholder &ph : placeholders())
      new (n->phs() + n->count++) Placeholder(std::move(ph));
    std::memcpy(n->chars(), s_->chars(), s_->bytes);
    n->bytes = s_->bytes;
    release();
  }
  s_ = n;
}

void Text::reserve(size_t bytes, size_t placeholders) {
  if (bytes || placeholders)
    grow(bytes, placeholders, true);
}

void Text::appendLiteral(llvm::StringRef lit) {
  if (lit.empty())
    return;
  ownLiteral(); // (lit may be its bytes: in the source, they stay put)
  const size_t have = s_ ? s_->bytes : 0;
  // The bytes may be this text's own (`t.appendLiteral(t.literal())`):
  // found again by their offset once the block has moved.
  const auto at = reinterpret_cast<std::uintptr_t>(lit.data());
  const auto own = s_ ? reinterpret_cast<std::uintptr_t>(s_->chars()) : 0;
  const bool inside = s_ && at >= own && at < own + have;
  grow(have + lit.size(), s_ ? s_->count : 0, false);
  const char *from = inside ? s_->chars() + (at - own) : lit.data();
  std::memmove(s_->chars() + have, from, lit.size());
  s_->bytes = uint32_t(have + lit.size());
}

void Text::appendPlaceholder(Placeholder ph) {
  Placeholder &added = emplacePlaceholder();
  const uint32_t at = added.at;
  added = std::move(ph);
  added.at = at;
}

Placeholder &Text::emplacePlaceholder() {
  ownLiteral();
  grow(s_ ? s_->bytes : 0, (s_ ? s_->count : 0) + 1, false);
  Placeholder *ph = new (s_->phs() + s_->count) Placeholder();
  ph->at = s_->bytes;
  ++s_->count;
  return *ph;
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
