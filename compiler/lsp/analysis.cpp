// Compiling a document and indexing its symbols (analysis.h).
#include "lsp/analysis.h"

#include "callflow/value.h"

#include <algorithm>

#include "ast/shift.h"
#include "check/sema.h"
#include "parse/parse.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace callflow::lsp {

using sema::Symbol;

namespace {

// Walks the AST of one file and reports each occurrence to the analysis.
class Indexer {
public:
  Indexer(const sema::Program &p, std::function<void(llvm::SMRange, std::string, bool)> add,
          std::function<void(llvm::SMRange)> placeholder)
      : p_(p), add_(std::move(add)), placeholder_(std::move(placeholder)) {}

  std::string key(const Symbol &s) const {
    switch (s.kind) {
    case Symbol::Kind::Step:
      return inRange(s.index, p_.steps.size()) ? "step:" + std::string(p_.steps[s.index].id) : "";
    case Symbol::Kind::Form:
    case Symbol::Kind::FormNumber:
      return inRange(s.index, p_.forms.size()) ? "form:" + p_.forms[s.index].name : "";
    case Symbol::Kind::Field:
      if (!inRange(s.index, p_.forms.size()) ||
          !inRange(s.sub, p_.forms[s.index].fields.size()))
        return "";
      return "field:" + p_.forms[s.index].name + "." + p_.forms[s.index].fields[s.sub].name;
    case Symbol::Kind::EnumValue:
      if (!inRange(s.index, p_.enums.size()) || !inRange(s.sub, p_.enums[s.index].values.size()))
        return "";
      return "enumval:" + p_.enums[s.index].name + "." + p_.enums[s.index].values[s.sub].name;
    case Symbol::Kind::Var:
      return inRange(s.index, p_.vars.size()) ? "var:" + p_.vars[s.index].name : "";
    case Symbol::Kind::CatalogItem:
      return inRange(s.index, p_.catalog.size())
                 ? "catalog:" + std::to_string(p_.catalog[s.index].code)
                 : "";
    default:
      return "";
    }
  }

  void file(const ast::File &f) {
    for (const ast::DeclPtr &d : f.decls)
      decl(*d);
  }

private:
  static bool inRange(int i, size_t n) { return i >= 0 && static_cast<size_t>(i) < n; }

  void emit(llvm::SMRange r, std::string k, bool decl = false) {
    if (!k.empty() && r.isValid())
      add_(r, std::move(k), decl);
  }

  void stepName(const ast::Name &n) {
    if (!n.missing())
      emit(n.range, "step:" + n.text().str());
  }

  void name(const ast::Name &n) {
    if (n.missing())
      return;
    emit(n.range, key(sema::Program::nameOf(n)));
  }

  // A dotted name resolved to `s`: each part gets what it names.
  void qual(const ast::QualName &q, const Symbol &s) {
    if (q.missing() || q.parts.empty())
      return;
    const auto &parts = q.parts;
    switch (s.kind) {
    case Symbol::Kind::Field:
      if (parts.size() >= 2)
        emit(parts[0].range, key({Symbol::Kind::Form, s.index, -1}));
      emit(parts.back().range, key(s));
      break;
    case Symbol::Kind::FormNumber:
      emit(parts[0].range, key(s));
      break;
    case Symbol::Kind::EnumValue:
      if (parts.size() >= 2 && inRange(s.index, p_.enums.size()))
        emit(parts[0].range, "enum:" + p_.enums[s.index].name);
      emit(parts.back().range, key(s));
      break;
    default:
      emit(parts[0].range, key(s));
    }
  }

  void type(const ast::TypeRef &t) {
    if (!t.name.missing() && p_.enumByName.count(t.name.text()))
      emit(t.name.range, "enum:" + t.name.text().str());
  }

  void text(const ast::Text &t) {
    for (const ast::Placeholder &ph : t.placeholders()) {
      const Symbol s = sema::Program::placeholderOf(ph);
      if (!s.valid())
        continue;
      placeholder_(ph.range);
      if (ph.kind == ast::Placeholder::Kind::Price) {
        // The code's digits inside `{price 320}`.
        const char *b = ph.range.Start.getPointer(), *e = ph.range.End.getPointer();
        std::string code = std::to_string(ph.priceCode);
        llvm::StringRef src(b, static_cast<size_t>(e - b));
        size_t at = src.rfind(code);
        if (at != llvm::StringRef::npos)
          emit({llvm::SMLoc::getFromPointer(b + at),
                llvm::SMLoc::getFromPointer(b + at + code.size())},
               key(s));
      } else {
        qual(ph.ref, s);
      }
    }
  }

  void expr(const ast::Expr *e) {
    if (!e)
      return;
    switch (e->kind) {
    case ast::Expr::Kind::String:
      text(llvm::cast<ast::StringExpr>(e)->value);
      break;
    case ast::Expr::Kind::Ref: {
      if (const Symbol s = sema::Program::refOf(e); s.valid())
        qual(llvm::cast<ast::RefExpr>(e)->name, s);
      break;
    }
    case ast::Expr::Kind::Input:
      if (const auto &pr = llvm::cast<ast::InputExpr>(e)->prompt)
        text(*pr);
      break;
    case ast::Expr::Kind::Unary:
      expr(llvm::cast<ast::UnaryExpr>(e)->operand.get());
      break;
    case ast::Expr::Kind::Binary:
      expr(llvm::cast<ast::BinaryExpr>(e)->lhs.get());
      expr(llvm::cast<ast::BinaryExpr>(e)->rhs.get());
      break;
    case ast::Expr::Kind::IsSet:
      expr(llvm::cast<ast::IsSetExpr>(e)->operand.get());
      break;
    case ast::Expr::Kind::In:
      expr(llvm::cast<ast::InExpr>(e)->operand.get());
      for (const ast::ExprPtr &el : llvm::cast<ast::InExpr>(e)->elements)
        expr(el.get());
      break;
    case ast::Expr::Kind::Duration:
      expr(llvm::cast<ast::DurationExpr>(e)->count.get());
      break;
    case ast::Expr::Kind::Between:
      expr(llvm::cast<ast::BetweenExpr>(e)->span.get());
      break;
    default:
      break;
    }
  }

  void target(const ast::QualName &q) {
    if (const Symbol s = sema::Program::targetOf(q); s.valid())
      qual(q, s);
  }

  void block(const ast::Block &b) {
    for (const ast::StmtPtr &s : b.stmts)
      stmt(*s);
  }

  void stmt(const ast::Stmt &s) {
    using K = ast::Stmt::Kind;
    switch (s.kind) {
    case K::Say: text(llvm::cast<ast::SayStmt>(s).text); break;
    case K::Note: text(llvm::cast<ast::NoteStmt>(s).text); break;
    case K::Do: {
      const auto &d = llvm::cast<ast::DoStmt>(s);
      text(d.action);
      if (d.result)
        target(*d.result);
      break;
    }
    case K::Ask: {
      const auto &a = llvm::cast<ast::AskStmt>(s);
      text(a.question);
      for (const ast::AskOption &o : a.options) {
        text(o.label);
        if (o.target)
          stepName(*o.target);
        if (o.body)
          block(*o.body);
      }
      break;
    }
    case K::Input: {
      const auto &i = llvm::cast<ast::InputStmt>(s);
      target(i.target);
      if (i.prompt)
        text(*i.prompt);
      for (const ast::Name &n : i.allowed)
        name(n);
      break;
    }
    case K::Set: {
      const auto &st = llvm::cast<ast::SetStmt>(s);
      target(st.target);
      expr(st.value.get());
      break;
    }
    case K::IfJump: {
      const auto &i = llvm::cast<ast::IfJumpStmt>(s);
      expr(i.cond.get());
      stepName(i.then);
      if (i.otherwise)
        stepName(*i.otherwise);
      break;
    }
    case K::IfBlock: {
      const auto &i = llvm::cast<ast::IfBlockStmt>(s);
      for (const auto &arm : i.arms) {
        expr(arm.cond.get());
        block(arm.body);
      }
      if (i.otherwise)
        block(*i.otherwise);
      break;
    }
    case K::Goto: stepName(llvm::cast<ast::GotoStmt>(s).target); break;
    case K::Create: {
      const auto &c = llvm::cast<ast::CreateStmt>(s);
      name(c.form);
      for (const ast::FieldInit &fi : c.inits) {
        name(fi.field);
        expr(fi.value.get());
      }
      break;
    }
    case K::Complete: name(llvm::cast<ast::CompleteStmt>(s).form); break;
    case K::Charge: {
      const auto &c = llvm::cast<ast::ChargeStmt>(s);
      if (c.itemCode) {
        auto it = p_.charges.find(&s);
        emit(c.itemRange, it != p_.charges.end() ? key(it->second)
                                                 : "catalog:" + std::to_string(*c.itemCode));
      }
      if (c.amount)
        target(*c.amount);
      if (c.label)
        text(*c.label);
      break;
    }
    case K::TakePayment: {
      const auto &t = llvm::cast<ast::TakePaymentStmt>(s);
      if (t.elseTarget)
        stepName(*t.elseTarget);
      if (t.elseBody)
        block(*t.elseBody);
      break;
    }
    case K::Transfer: text(llvm::cast<ast::TransferStmt>(s).target); break;
    case K::End:
      if (const auto &r = llvm::cast<ast::EndStmt>(s).reason)
        text(*r);
      break;
    case K::Invoice: break;
    }
  }

  void spec(const ast::FieldSpec &f, const std::string &declKey) {
    emit(f.name.range, declKey, true);
    if (f.label)
      text(*f.label);
    type(f.type);
    expr(f.requiredWhen.get());
    expr(f.defaultValue.get());
  }

  void step(const ast::StepDecl &s) {
    if (!s.id.missing())
      emit(s.id.range, "step:" + s.id.text().str(), true);
    if (s.title)
      text(*s.title);
    block(s.body);
  }

  void decl(const ast::Decl &d) {
    using K = ast::Decl::Kind;
    switch (d.kind) {
    case K::Start: stepName(llvm::cast<ast::StartDecl>(d).step); break;
    case K::Catalog:
      for (const ast::CatalogItem &i : llvm::cast<ast::CatalogDecl>(d).items)
        emit(i.codeRange, "catalog:" + std::to_string(i.code), true);
      break;
    case K::Enum: {
      const auto &e = llvm::cast<ast::EnumDecl>(d);
      if (e.name.missing())
        break;
      emit(e.name.range, "enum:" + e.name.text().str(), true);
      for (const ast::EnumValue &v : e.values)
        if (!v.name.missing())
          emit(v.name.range, "enumval:" + e.name.text().str() + "." + v.name.text().str(), true);
      break;
    }
    case K::Form: {
      const auto &f = llvm::cast<ast::FormDecl>(d);
      if (f.name.missing())
        break;
      emit(f.name.range, "form:" + f.name.text().str(), true);
      for (const ast::FieldSpec &fs : f.fields)
        if (!fs.name.missing())
          spec(fs, "field:" + f.name.text().str() + "." + fs.name.text().str());
      for (const ast::Rule &r : f.rules) {
        text(r.message);
        expr(r.cond.get());
      }
      break;
    }
    case K::Var: {
      const auto &v = llvm::cast<ast::VarDecl>(d);
      if (!v.spec.name.missing())
        spec(v.spec, "var:" + v.spec.name.text().str());
      break;
    }
    case K::Section: {
      const auto &s = llvm::cast<ast::SectionDecl>(d);
      emit(s.title.range, "section:" + s.title.literal().str(), true);
      for (const auto &st : s.steps)
        step(*st);
      break;
    }
    case K::Step: step(llvm::cast<ast::StepDecl>(d)); break;
    default: break;
    }
  }

  const sema::Program &p_;
  std::function<void(llvm::SMRange, std::string, bool)> add_;
  std::function<void(llvm::SMRange)> placeholder_;
};

} // namespace

Analysis::Analysis(const std::string &path, const std::string &text, int version,
                   driver::CompileOptions options, Analysis *previous)
    : comp_(std::move(options)), version_(version) {
  driver::Compilation::RootParser reuse;
  if (previous && previous->comp_.rootParsedClean() && !previous->files_.empty() &&
      previous->files_[0].path == path)
    reuse = [this, previous](const llvm::SourceMgr &sm, unsigned id) {
      return reparse(*previous, sm, id);
    };
  parsedBytes_ = text.size();
  comp_.loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, path), reuse);
  program_ = comp_.check();
  const llvm::SourceMgr &sm = comp_.sourceMgr();
  for (const ast::File *f : comp_.files()) {
    AnalyzedFile af;
    af.path = f->path;
    af.uri = pathToUri(f->path);
    af.text = sm.getMemoryBuffer(f->bufferId)->getBuffer();
    af.lines = LineIndex(af.text);
    af.ast = f;
    af.bufferId = f->bufferId;
    files_.push_back(std::move(af));
  }
}

namespace {
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
} // namespace

// The edit is found by comparing the texts: the bytes before `same` and
// the last `tail` bytes are unchanged. The part parsed again runs from a
// top-level step or section that starts (with its first token) before the
// change to the first one that starts after it, or to the end; both cuts
// follow a whitespace byte and start with `step`, `@` or `section`, which
// parse::parsePieceOf requires (no token crosses them, and no declaration
// before a cut goes on past it).
std::unique_ptr<ast::File> Analysis::reparse(Analysis &previous, const llvm::SourceMgr &sm,
                                             unsigned bufferId) {
  ast::File *old = previous.comp_.rootForReuse();
  if (!old || old->unparsed)
    return nullptr;
  llvm::StringRef before = previous.files_[0].text;
  llvm::StringRef now = sm.getMemoryBuffer(bufferId)->getBuffer();
  const size_t n0 = before.size(), n1 = now.size(), both = std::min(n0, n1);
  size_t same = static_cast<size_t>(
      std::mismatch(before.begin(), before.begin() + both, now.begin()).first - before.begin());
  size_t tail = 0;
  while (tail < both - same && before[n0 - 1 - tail] == now[n1 - 1 - tail])
    ++tail;
  const size_t changeEnd = n0 - tail; // in `before`

  auto startOf = [&](const ast::Decl &d) -> size_t {
    return static_cast<size_t>(d.range.Start.getPointer() - before.data());
  };
  auto cuttable = [&](const ast::Decl &d) {
    if (d.kind != ast::Decl::Kind::Step && d.kind != ast::Decl::Kind::Section)
      return false;
    if (!d.range.Start.isValid() || d.range.Start.getPointer() < before.data() ||
        d.range.Start.getPointer() >= before.end())
      return false;
    size_t s = startOf(d);
    return s == 0 || isSpace(before[s - 1]);
  };
  const size_t nd = old->decls.size();
  size_t first = 0, cut0 = 0; // the first declaration parsed again, where it starts
  for (size_t i = 0; i < nd; ++i) {
    const ast::Decl &d = *old->decls[i];
    if (!cuttable(d))
      continue;
    size_t s = startOf(d);
    if (s + 8 > same) // its first token may have changed (`section` is 7 bytes)
      break;
    first = i;
    cut0 = s;
  }
  size_t last = nd, cut1 = n0; // the first declaration kept after the change
  for (size_t i = first + 1; i < nd; ++i) {
    const ast::Decl &d = *old->decls[i];
    if (cuttable(d) && startOf(d) > changeEnd) {
      last = i;
      cut1 = startOf(d);
      break;
    }
  }
  const std::ptrdiff_t delta = static_cast<std::ptrdiff_t>(n1) - static_cast<std::ptrdiff_t>(n0);
  parse::ParseOptions popts;
  popts.maxNesting = comp_.options().maxNesting;
  popts.maxExprDepth = comp_.options().maxExprDepth;
  std::unique_ptr<ast::File> mid =
      parse::parsePieceOf(sm, bufferId, cut0, static_cast<size_t>(cut1 + delta), popts);
  if (!mid)
    return nullptr;

  // Old locations move to the new buffer, those after the change by delta.
  const std::ptrdiff_t moved = reinterpret_cast<std::intptr_t>(now.data()) -
                               reinterpret_cast<std::intptr_t>(before.data());
  auto file = std::make_unique<ast::File>();
  for (size_t i = 0; i < first; ++i) {
    ast::shiftLocations(*old->decls[i], moved);
    file->decls.push_back(std::move(old->decls[i]));
  }
  for (ast::DeclPtr &d : mid->decls)
    file->decls.push_back(std::move(d));
  for (size_t i = last; i < nd; ++i) {
    ast::shiftLocations(*old->decls[i], moved + delta);
    file->decls.push_back(std::move(old->decls[i]));
  }
  reusedDecls_ = first + (nd - last);
  parsedBytes_ = static_cast<size_t>(cut1 + delta) - cut0;
  // Comments and control characters: those before the first cut and after
  // the last, moved; the parsed part's own in between.
  auto offsetOf = [&](const llvm::SMRange &r) {
    return static_cast<size_t>(r.Start.getPointer() - before.data());
  };
  auto split = [&](auto &from, auto &midPart, auto &to, auto rangeOf) {
    size_t b = 0; // [0, b) before the first cut, [e, size) after the last
    while (b < from.size() && offsetOf(rangeOf(from[b])) < cut0)
      ++b;
    size_t e = b;
    while (e < from.size() && offsetOf(rangeOf(from[e])) < cut1)
      ++e;
    for (size_t i = 0; i < b; ++i) {
      ast::shiftLocations(rangeOf(from[i]), moved);
      to.push_back(std::move(from[i]));
    }
    for (auto &x : midPart)
      to.push_back(std::move(x));
    for (size_t i = e; i < from.size(); ++i) {
      ast::shiftLocations(rangeOf(from[i]), moved + delta);
      to.push_back(std::move(from[i]));
    }
  };
  split(old->comments, mid->comments, file->comments,
        [](ast::Comment &c) -> llvm::SMRange & { return c.range; });
  split(old->controlChars, mid->controlChars, file->controlChars,
        [](llvm::SMRange &r) -> llvm::SMRange & { return r; });
  return file;
}

int Analysis::fileOfBuffer(unsigned bufferId) const {
  for (size_t i = 0; i < files_.size(); ++i)
    if (files_[i].bufferId == bufferId)
      return static_cast<int>(i);
  return -1;
}

bool Analysis::locate(llvm::SMRange r, unsigned &file, size_t &begin, size_t &end) const {
  if (!r.Start.isValid())
    return false;
  const char *p = r.Start.getPointer();
  for (size_t i = 0; i < files_.size(); ++i) {
    const char *b = files_[i].text.data(), *e = b + files_[i].text.size();
    if (p < b || p > e)
      continue;
    file = static_cast<unsigned>(i);
    begin = static_cast<size_t>(p - b);
    const char *q = r.End.isValid() ? r.End.getPointer() : p;
    end = q >= p && q <= e ? static_cast<size_t>(q - b) : begin;
    return true;
  }
  return false;
}

Range Analysis::range(unsigned file, size_t begin, size_t end) const {
  const LineIndex &li = files_[file].lines;
  return {li.position(begin), li.position(end)};
}

void Analysis::add(llvm::SMRange r, std::string key, bool decl) const {
  Occurrence o;
  if (!locate(r, o.file, o.begin, o.end))
    return;
  o.key = std::move(key);
  o.decl = decl;
  occs_.push_back(std::move(o));
}

void Analysis::index() const {
  if (indexed_ || !program_)
    return;
  indexed_ = true;
  Indexer ix(
      *program_, [this](llvm::SMRange r, std::string k, bool d) { add(r, std::move(k), d); },
      [this](llvm::SMRange r) { placeholders_.push_back(r); });
  for (const AnalyzedFile &f : files_)
    ix.file(*f.ast);
  // Imports: the path string names the imported file.
  for (unsigned i = 0; i < files_.size(); ++i)
    for (const ast::DeclPtr &d : files_[i].ast->decls)
      if (const auto *imp = llvm::dyn_cast<ast::ImportDecl>(d.get())) {
        llvm::SmallString<256> p(files_[i].path);
        llvm::sys::path::remove_filename(p);
        llvm::sys::path::append(p, imp->path.literal());
        llvm::SmallString<256> real;
        if (llvm::sys::fs::real_path(p, real))
          real = p;
        add(imp->path.range, "import:" + std::string(real), false);
      }
  std::stable_sort(occs_.begin(), occs_.end(), [](const Occurrence &a, const Occurrence &b) {
    return a.file != b.file ? a.file < b.file : a.begin < b.begin;
  });
}

const Occurrence *Analysis::at(unsigned file, size_t off) const {
  index();
  auto it = std::lower_bound(occs_.begin(), occs_.end(), std::make_pair(file, off),
                             [](const Occurrence &o, const std::pair<unsigned, size_t> &k) {
                               return o.file != k.first ? o.file < k.first : o.end < k.second;
                             });
  for (; it != occs_.end() && it->file == file && it->begin <= off; ++it)
    if (off >= it->begin && off <= it->end)
      return &*it;
  return nullptr;
}

const Occurrence *Analysis::declOf(const std::string &key) const {
  index();
  for (const Occurrence &o : occs_)
    if (o.decl && o.key == key)
      return &o;
  return nullptr;
}

namespace {
void optionsIn(const ast::Block &b, const std::function<void(const ast::AskOption &)> &f) {
  for (const ast::StmtPtr &s : b.stmts) {
    if (const auto *a = llvm::dyn_cast<ast::AskStmt>(s.get())) {
      for (const ast::AskOption &o : a->options) {
        f(o);
        if (o.body)
          optionsIn(*o.body, f);
      }
    } else if (const auto *i = llvm::dyn_cast<ast::IfBlockStmt>(s.get())) {
      for (const auto &arm : i->arms)
        optionsIn(arm.body, f);
      if (i->otherwise)
        optionsIn(*i->otherwise, f);
    } else if (const auto *t = llvm::dyn_cast<ast::TakePaymentStmt>(s.get())) {
      if (t->elseBody)
        optionsIn(*t->elseBody, f);
    }
  }
}
} // namespace

void forEachOption(const ast::File &file, const std::function<void(const ast::AskOption &)> &f) {
  for (const ast::DeclPtr &d : file.decls) {
    if (const auto *st = llvm::dyn_cast<ast::StepDecl>(d.get()))
      optionsIn(st->body, f);
    else if (const auto *sec = llvm::dyn_cast<ast::SectionDecl>(d.get()))
      for (const auto &step : sec->steps)
        optionsIn(step->body, f);
  }
}

std::string itemPrice(const sema::CatalogItemInfo &c) {
  if (c.kind == bc::ItemKind::Percent) {
    std::string rate;
    appendPercent(rate, c.percent);
    return rate + " of charges";
  }
  std::string cents = std::to_string(c.cents % 100);
  std::string s = (c.currency.empty() ? "" : c.currency + " ") + std::to_string(c.cents / 100) + "." +
                  (cents.size() < 2 ? "0" : "") + cents;
  return c.kind == bc::ItemKind::Monthly ? s + " / month" : s;
}

} // namespace callflow::lsp
