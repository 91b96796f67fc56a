// Codegen, part 2: step bodies, one statement at a time. Every step's code
// starts with its STEP marker and ends in an instruction that cannot
// continue (the checker proves a step never runs off its end; a trailing
// END guards the layout where the last statement is a block).
#include "codegen_impl.h"

#include <algorithm>
#include <cstring>

#include "diag/source_path.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace callflow::codegen {

using bc::Op;

/// The number of '\n' in [from, to): memchr, which scans many bytes at a
/// time, from one newline to the next.
static unsigned countNewlines(const char *from, const char *to) {
  unsigned n = 0;
  while (from < to) {
    const void *nl = std::memchr(from, '\n', size_t(to - from));
    if (!nl) break;
    ++n;
    from = static_cast<const char *>(nl) + 1;
  }
  return n;
}

void Generator::location(llvm::SMLoc loc) {
  if (loc.isValid()) stmtLoc_ = loc;
  if (!opts_.debugInfo || !loc.isValid()) return;
  const char *at = loc.getPointer();
  // Statements come in source order within a file: each buffer keeps a
  // cursor (position, line) and the newlines since it are counted, instead
  // of asking the SourceMgr, whose line table for a large file costs more
  // to build than this whole scan. A location before the cursor (not
  // expected) asks the SourceMgr.
  if (lineBuf_ == 0 || at < lineStart_ || at > lineEnd_) {
    unsigned buf = sm_.FindBufferContainingLoc(loc);
    if (buf == 0) return;
    const llvm::MemoryBuffer *mb = sm_.getMemoryBuffer(buf);
    lineBuf_ = buf;
    lineFile_ = kNoIndex; // interned at its first location, as setLocation would
    lineStart_ = mb->getBufferStart();
    lineEnd_ = mb->getBufferEnd();
    if (cursors_.size() <= buf) cursors_.resize(buf + 1, LineCursor{nullptr, 1});
    if (!cursors_[buf].at) cursors_[buf].at = lineStart_;
  }
  LineCursor &c = cursors_[lineBuf_];
  if (at >= c.at) c.line += countNewlines(c.at, at);
  else c.line = sm_.getLineAndColumn(loc, lineBuf_).first;
  c.at = at;
  if (lineFile_ == kNoIndex) lineFile_ = b_.addString(recordedPath(lineBuf_));
  b_.setLocationString(lineFile_, c.line);
}

const std::string &Generator::recordedPath(unsigned buf) {
  // Real paths on both sides, so that a symlinked checkout or a path given
  // through `..` still records the same relative name.
  auto real = [](llvm::StringRef p) {
    llvm::SmallString<256> r;
    return llvm::sys::fs::real_path(p, r) ? p.str() : std::string(r);
  };
  if (recordedPaths_.size() <= buf) recordedPaths_.resize(buf + 1);
  std::string &out = recordedPaths_[buf];
  if (out.empty()) {
    std::string file = real(sm_.getMemoryBuffer(buf)->getBufferIdentifier());
    std::string base = opts_.pathBase;
    if (base.empty() && sm_.getNumBuffers())
      base = llvm::sys::path::parent_path(real(sm_.getMemoryBuffer(sm_.getMainFileID())->getBufferIdentifier())).str();
    out = diag::relativeSourcePath(file, base.empty() ? std::string(".") : real(base));
  }
  return out;
}

Label Generator::stepLabel(const ast::Name &n) {
  const sema::Symbol s = sema::Program::nameOf(n);
  if (s.kind != sema::Symbol::Kind::Step) {
    fail("unresolved step '" + n.text().str() + "'");
    return b_.stepLabel(0);
  }
  return b_.stepLabel(uint32_t(s.index));
}

void Generator::bindHere(Label l) {
  if (!b_.bind(l)) fail("internal: a label was bound twice");
  labelPending_ = true;
  lastStops_ = false;
}

void Generator::step(int index) {
  const sema::StepInfo &s = P.steps[size_t(index)];
  if (s.decl) location(s.decl->range.Start);
  if (!b_.beginStep(uint32_t(index))) fail("internal: step begun twice");
  lastStops_ = false;
  labelPending_ = false;
  if (s.decl) block(s.decl->body);
  if (!lastStops_ || labelPending_) em(Op::END, {b_.addPlainText("the step ran off its end") + 1});
}

void Generator::block(const ast::Block &b) {
  for (const ast::StmtPtr &s : b.stmts) stmt(*s);
}

static uint32_t optText(uint32_t t) { return t + 1; }

void Generator::stmt(const ast::Stmt &s) {
  using K = ast::Stmt::Kind;
  location(s.range.Start);
  switch (s.kind) {
  case K::Say: em(Op::SAY, {text(llvm::cast<ast::SayStmt>(s).text)}); return;
  case K::Note: em(Op::NOTE, {text(llvm::cast<ast::NoteStmt>(s).text)}); return;
  case K::Do: {
    const auto &d = llvm::cast<ast::DoStmt>(s);
    const uint32_t action = text(d.action);
    if (!d.result) {
      em(Op::DO, {action, int(d.optional)});
      return;
    }
    const int slot = slotOf(sema::Program::targetOf(*d.result));
    if (slot < 0) return fail("unresolved result of 'do'");
    em(Op::DO_RESULT, {action, int(d.optional), slot});
    return;
  }
  case K::Ask: {
    const auto &a = llvm::cast<ast::AskStmt>(s);
    std::vector<Label> targets;
    const uint32_t question = text(a.question);
    std::vector<uint32_t> labels;
    for (const ast::AskOption &o : a.options) labels.push_back(text(o.label));
    for (const ast::AskOption &o : a.options) targets.push_back(o.target ? stepLabel(*o.target) : b_.newLabel());
    bool keyed = false;
    for (const ast::AskOption &o : a.options) keyed |= o.key.has_value();
    if (keyed) { // format 4: the options carry their keys (0: none, else string + 1)
      em(Op::ASK_KEYED, {question, a.options.size()});
      for (size_t i = 0; i < a.options.size(); ++i) {
        const auto &key = a.options[i].key;
        em(Op::OPTION_KEY, {labels[i], targets[i], key ? b_.addString(key->literal()) + 1 : 0});
      }
    } else {
      em(Op::ASK, {question, a.options.size()});
      for (size_t i = 0; i < a.options.size(); ++i) em(Op::OPTION, {labels[i], targets[i]});
    }
    Label after = b_.newLabel();
    bool needAfter = false;
    for (size_t i = 0; i < a.options.size(); ++i) {
      if (!a.options[i].body) continue;
      bindHere(targets[i]);
      block(*a.options[i].body);
      if (!lastStops_) {
        em(Op::JUMP, {after});
        needAfter = true;
      }
    }
    if (needAfter) bindHere(after);
    return;
  }
  case K::Input: {
    const auto &in = llvm::cast<ast::InputStmt>(s);
    const int slot = slotOf(sema::Program::targetOf(in.target));
    if (slot < 0) return fail("unresolved input target");
    const uint32_t prompt = in.prompt ? optText(text(*in.prompt)) : 0;
    em(Op::INPUT, {slot, prompt, in.allowed.size()});
    for (const ast::Name &v : in.allowed) {
      const sema::Symbol vs = sema::Program::nameOf(v);
      if (vs.kind != sema::Symbol::Kind::EnumValue) return fail("unresolved allowed value");
      em(Op::ALLOW, {vs.sub});
    }
    return;
  }
  case K::Set: {
    const auto &st = llvm::cast<ast::SetStmt>(s);
    const int slot = slotOf(sema::Program::targetOf(st.target));
    if (slot < 0) return fail("unresolved set target");
    if (const auto *in = llvm::dyn_cast<ast::InputExpr>(st.value.get())) {
      em(Op::INPUT, {slot, in->prompt ? optText(text(*in->prompt)) : 0, 0});
      return;
    }
    expr(*st.value);
    em(Op::SET, {slot});
    return;
  }
  case K::IfJump: {
    const auto &ij = llvm::cast<ast::IfJumpStmt>(s);
    Label no = b_.newLabel();
    expr(*ij.cond);
    em(Op::JUMP_IF_NOT, {no});
    em(Op::JUMP, {stepLabel(ij.then)});
    bindHere(no);
    if (ij.otherwise) em(Op::JUMP, {stepLabel(*ij.otherwise)});
    return;
  }
  case K::IfBlock: {
    const auto &ib = llvm::cast<ast::IfBlockStmt>(s);
    Label end = b_.newLabel();
    bool needEnd = false;
    for (const auto &arm : ib.arms) {
      Label next = b_.newLabel();
      expr(*arm.cond);
      em(Op::JUMP_IF_NOT, {next});
      block(arm.body);
      if (!lastStops_) {
        em(Op::JUMP, {end});
        needEnd = true;
      }
      bindHere(next);
    }
    if (ib.otherwise) block(*ib.otherwise);
    if (needEnd) bindHere(end);
    return;
  }
  case K::Goto: em(Op::JUMP, {stepLabel(llvm::cast<ast::GotoStmt>(s).target)}); return;
  case K::Create: {
    const auto &c = llvm::cast<ast::CreateStmt>(s);
    const sema::Symbol form = sema::Program::nameOf(c.form);
    if (form.kind != sema::Symbol::Kind::Form) return fail("unresolved form");
    for (const ast::FieldInit &init : c.inits) {
      const sema::Symbol field = sema::Program::nameOf(init.field);
      if (field.kind != sema::Symbol::Kind::Field || slotOf(field) < 0)
        return fail("unresolved field '" + init.field.text().str() + "'");
      const int slot = slotOf(field);
      location(init.range.Start);
      if (const auto *in = llvm::dyn_cast<ast::InputExpr>(init.value.get())) {
        em(Op::INPUT, {slot, in->prompt ? optText(text(*in->prompt)) : 0, 0});
        continue;
      }
      expr(*init.value);
      em(Op::SET, {slot});
    }
    location(s.range.Start);
    em(Op::CREATE, {form.index});
    return;
  }
  case K::Complete: {
    const sema::Symbol form = sema::Program::nameOf(llvm::cast<ast::CompleteStmt>(s).form);
    if (form.kind != sema::Symbol::Kind::Form) return fail("unresolved form");
    em(Op::COMPLETE, {form.index});
    return;
  }
  case K::Charge: {
    const auto &c = llvm::cast<ast::ChargeStmt>(s);
    if (c.itemCode) {
      auto it = P.charges.find(&s);
      if (it == P.charges.end()) return fail("unresolved catalog item");
      em(Op::CHARGE_ITEM, {it->second.index});
      return;
    }
    const int slot = c.amount ? slotOf(sema::Program::targetOf(*c.amount)) : -1;
    if (slot < 0) return fail("unresolved charge amount");
    em(Op::PUSH_SLOT, {slot});
    em(Op::CHARGE_AMOUNT, {c.label ? text(*c.label) : b_.addPlainText(P.slotName(slot))});
    return;
  }
  case K::Invoice: em(Op::INVOICE); return;
  case K::TakePayment: {
    const auto &t = llvm::cast<ast::TakePaymentStmt>(s);
    if (t.elseTarget) {
      em(Op::PAY, {stepLabel(*t.elseTarget)});
      return;
    }
    Label declined = b_.newLabel(), after = b_.newLabel();
    em(Op::PAY, {declined});
    em(Op::JUMP, {after});
    bindHere(declined);
    if (t.elseBody) block(*t.elseBody);
    else em(Op::END, {b_.addPlainText("payment declined") + 1});
    bindHere(after);
    return;
  }
  case K::Transfer: em(Op::TRANSFER, {text(llvm::cast<ast::TransferStmt>(s).target)}); return;
  case K::End: {
    const auto &e = llvm::cast<ast::EndStmt>(s);
    em(Op::END, {e.reason ? text(*e.reason) + 1 : 0});
    return;
  }
  }
}

} // namespace callflow::codegen
