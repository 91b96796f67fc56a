// The formatter's statements: one per line, blocks indented, ask options
// and create field initialisers aligned.
#include <algorithm>
#include <optional>

#include "format/formatter.h"
#include "format/formatter_impl.h"

namespace callflow::format::detail {

void Printer::block(const ast::Block &b) {
  const char *closing = closingBrace(b.range).getPointer();
  if (b.stmts.empty() && !hasCommentsBefore(closing)) {
    write(" {}");
    return;
  }
  write(" {");
  endItem(llvm::SMLoc::getFromPointer(b.range.Start.getPointer() + 1));
  ++indent_;
  blockJustOpened_ = true;
  stmts(b);
  flushCommentsBefore(closing);
  --indent_;
  pad(indent_ * 2);
  write("}");
}

void Printer::stmts(const ast::Block &b) {
  for (const ast::StmtPtr &s : b.stmts)
    stmt(*s);
}

std::string Printer::inputHead(const ast::InputStmt &x) const {
  return "input " + x.target.str() + optText(x.prompt);
}

/// ` in a, b`, or "" when any value may be entered.
std::string Printer::inputValues(const ast::InputStmt &x) const {
  std::string out;
  for (size_t i = 0; i < x.allowed.size(); ++i)
    out += (i ? ", " : " in ") + x.allowed[i].text().str();
  return out;
}

std::optional<std::string> Printer::simpleStmt(const ast::Stmt &s) const {
  using K = ast::Stmt::Kind;
  switch (s.kind) {
  case K::Say:
    return "say " + text(llvm::cast<ast::SayStmt>(s).text);
  case K::Note:
    return "note " + text(llvm::cast<ast::NoteStmt>(s).text);
  case K::Do: {
    const auto &x = llvm::cast<ast::DoStmt>(s);
    return std::string("do ") + (x.optional ? "optional " : "") + text(x.action) +
           (x.result ? " -> " + x.result->str() : std::string());
  }
  case K::Input: {
    const auto &x = llvm::cast<ast::InputStmt>(s);
    return inputHead(x) + inputValues(x);
  }
  case K::Set: {
    const auto &x = llvm::cast<ast::SetStmt>(s);
    return "set " + x.target.str() + " = " + (x.value ? expr(*x.value) : std::string());
  }
  case K::IfJump: {
    const auto &x = llvm::cast<ast::IfJumpStmt>(s);
    return "if " + (x.cond ? expr(*x.cond) : std::string()) + " -> " + x.then.text().str() +
           (x.otherwise ? " else -> " + x.otherwise->text().str() : std::string());
  }
  case K::Goto:
    return "goto " + llvm::cast<ast::GotoStmt>(s).target.text().str();
  case K::Create: {
    const auto &x = llvm::cast<ast::CreateStmt>(s);
    if (!x.inits.empty())
      return std::nullopt;
    return "create " + x.form.text().str() + " {}";
  }
  case K::Complete:
    return "complete " + llvm::cast<ast::CompleteStmt>(s).form.text().str();
  case K::Charge: {
    const auto &x = llvm::cast<ast::ChargeStmt>(s);
    if (x.itemCode)
      return "charge " + std::to_string(*x.itemCode);
    return "charge " + (x.amount ? x.amount->str() : std::string()) + optText(x.label);
  }
  case K::Invoice:
    return std::string("invoice");
  case K::TakePayment: {
    const auto &x = llvm::cast<ast::TakePaymentStmt>(s);
    if (x.elseBody)
      return std::nullopt;
    return "take payment" + (x.elseTarget ? " else -> " + x.elseTarget->text().str() : std::string());
  }
  case K::Transfer:
    return "transfer " + text(llvm::cast<ast::TransferStmt>(s).target);
  case K::End:
    return "end" + optText(llvm::cast<ast::EndStmt>(s).reason);
  case K::Ask:
  case K::IfBlock:
    return std::nullopt;
  }
  return std::nullopt;
}

void Printer::stmt(const ast::Stmt &s) {
  using K = ast::Stmt::Kind;
  beginItem(s.range.Start);
  if (const auto *in = llvm::dyn_cast<ast::InputStmt>(&s)) {
    // A long prompt puts the `in` list on the next line.
    writeWrapped(inputHead(*in), inputValues(*in));
    endItem(s.range.End);
    return;
  }
  if (std::optional<std::string> line = simpleStmt(s)) {
    write(*line);
    endItem(s.range.End);
    return;
  }
  switch (s.kind) {
  case K::Ask:
    return ask(llvm::cast<ast::AskStmt>(s));
  case K::IfBlock:
    return ifBlock(llvm::cast<ast::IfBlockStmt>(s));
  case K::Create:
    return create(llvm::cast<ast::CreateStmt>(s));
  case K::TakePayment: {
    const auto &x = llvm::cast<ast::TakePaymentStmt>(s);
    write("take payment else");
    block(*x.elseBody);
    break;
  }
  default:
    break;
  }
  endItem(s.range.End);
}

void Printer::ask(const ast::AskStmt &a) {
  write("ask " + text(a.question));
  const char *closing = closingBrace(a.range).getPointer();
  if (a.options.empty() && !hasCommentsBefore(closing)) {
    write(" {}");
    endItem(a.range.End);
    return;
  }
  openBody(a.question.range.End);
  // An option whose block is one simple statement stays on one line:
  // `"No" { goto X }`. The labels of one-line options are padded so that
  // their arrows and braces line up, unless padding would push one of them
  // past the line limit: then none is padded.
  const size_t at = indent_ * 2;
  // ` key 92` / ` key "*"` after the label; keys line up like the arrows.
  auto keyPart = [&](const ast::AskOption &o) -> std::string {
    if (!o.key)
      return "";
    return " key " + (o.keyIsNumber ? o.key->literal().str() : text(*o.key));
  };
  auto inlineStmt = [&](const ast::AskOption &o) -> std::optional<std::string> {
    if (!o.body || o.body->stmts.size() != 1 ||
        hasCommentsBefore(o.body->range.End.getPointer()))
      return std::nullopt;
    std::optional<std::string> s = simpleStmt(*o.body->stmts.front());
    if (s && at + displayWidth(text(o.label)) + displayWidth(keyPart(o)) + 3 + displayWidth(*s) + 2 > kLineLimit)
      return std::nullopt;
    return s;
  };
  // The width of an option's line after its label: ` -> X` or ` { ... }`.
  auto rest = [&](const ast::AskOption &o) -> std::optional<size_t> {
    if (o.target)
      return 4 + displayWidth(o.target->text());
    if (std::optional<std::string> one = inlineStmt(o))
      return 5 + displayWidth(*one);
    return std::nullopt;
  };
  size_t w = 0, kw = 0;
  for (const ast::AskOption &o : a.options)
    if (rest(o)) {
      w = std::max(w, displayWidth(text(o.label)));
      kw = std::max(kw, displayWidth(keyPart(o)));
    }
  for (const ast::AskOption &o : a.options)
    if (std::optional<size_t> r = rest(o);
        r && at + w + kw + *r > kLineLimit &&
        at + displayWidth(text(o.label)) + displayWidth(keyPart(o)) + *r <= kLineLimit)
      w = kw = 0;
  for (const ast::AskOption &o : a.options) {
    beginItem(o.range.Start);
    std::string label = text(o.label);
    label += std::string(w > displayWidth(label) ? w - displayWidth(label) : 0, ' ');
    const std::string key = keyPart(o);
    label += key + std::string(w > 0 && kw > displayWidth(key) ? kw - displayWidth(key) : 0, ' ');
    if (o.target) {
      write(label + " -> " + o.target->text().str());
      endItem(o.range.End);
      continue;
    }
    if (!o.body) {
      write(label);
      endItem(o.range.End);
      continue;
    }
    if (std::optional<std::string> one = inlineStmt(o)) {
      write(label + " { " + *one + " }");
      endItem(o.body->range.End);
      continue;
    }
    label = text(o.label) + keyPart(o);
    write(label);
    block(*o.body);
    endItem(o.body->range.End);
  }
  closeBody(a.range);
}

void Printer::create(const ast::CreateStmt &c) {
  write("create " + c.form.text().str());
  const char *closing = closingBrace(c.range).getPointer();
  if (c.inits.empty() && !hasCommentsBefore(closing)) {
    write(" {}");
    endItem(c.range.End);
    return;
  }
  openBody(c.form.range.End);
  // The `=` signs line up, unless padding would push a line that fits
  // past the line limit: then none is padded.
  auto value = [&](const ast::FieldInit &i) { return i.value ? expr(*i.value) : std::string(); };
  size_t w = 0;
  for (const ast::FieldInit &i : c.inits)
    w = std::max(w, displayWidth(i.field.text()));
  for (const ast::FieldInit &i : c.inits) {
    size_t rest = 3 + displayWidth(value(i));
    if (indent_ * 2 + w + rest > kLineLimit &&
        indent_ * 2 + displayWidth(i.field.text()) + rest <= kLineLimit)
      w = 0;
  }
  for (const ast::FieldInit &i : c.inits) {
    beginItem(i.range.Start);
    size_t own = displayWidth(i.field.text());
    write(i.field.text().str() + std::string(w > own ? w - own : 0, ' ') + " = " + value(i));
    endItem(i.range.End);
  }
  closeBody(c.range);
}

void Printer::ifBlock(const ast::IfBlockStmt &s) {
  for (size_t i = 0; i < s.arms.size(); ++i) {
    const ast::IfBlockStmt::Arm &arm = s.arms[i];
    write((i ? " else if " : "if ") + (arm.cond ? expr(*arm.cond) : std::string()));
    block(arm.body);
  }
  if (s.otherwise) {
    write(" else");
    block(*s.otherwise);
  }
  endItem(s.range.End);
}

} // namespace callflow::format::detail
