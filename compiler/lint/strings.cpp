// Extracting agent lines from steps and writing them as CSV and JSON.
#include "lint/strings.h"

#include <map>

#include "diag/render.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace callflow::lint {

namespace {
class Extractor {
public:
  Extractor(llvm::StringRef flow, const llvm::SourceMgr &sm, std::vector<StringEntry> &out)
      : flow_(flow), sm_(sm), out_(out) {}

  void step(const ast::StepDecl &s) {
    step_ = s.id.text;
    ordinals_.clear();
    seen_.clear();
    block(s.body);
  }

private:
  void add(const char *kind, const ast::Text &t) {
    StringEntry e;
    e.flow = flow_.str();
    e.step = step_;
    e.kind = kind;
    e.index = ++ordinals_[kind];
    e.text = t.str();
    for (const ast::Text::Part &p : t.parts)
      if (const auto *ph = std::get_if<ast::Placeholder>(&p))
        e.placeholders.push_back(ph->kind == ast::Placeholder::Kind::Price
                                     ? "{price " + std::to_string(ph->priceCode) + "}"
                                     : "{" + ph->ref.str() + "}");
    uint64_t h = llvm::xxHash64(e.text);
    std::string hash = llvm::utohexstr(h, /*LowerCase=*/true);
    hash.insert(0, 16 - hash.size(), '0');
    e.id = e.flow + "." + e.step + "." + kind + "." + hash.substr(0, 8);
    unsigned n = ++seen_[e.id];
    if (n > 1)
      e.id += "." + std::to_string(n);
    if (t.range.Start.isValid()) {
      if (unsigned buf = sm_.FindBufferContainingLoc(t.range.Start)) {
        e.file = sm_.getMemoryBuffer(buf)->getBufferIdentifier().str();
        e.line = diag::lineColumn(sm_, t.range.Start).line;
      }
    }
    out_.push_back(std::move(e));
  }

  void expr(const ast::Expr *e) {
    if (!e)
      return;
    if (const auto *i = llvm::dyn_cast<ast::InputExpr>(e)) {
      if (i->prompt)
        add("input", *i->prompt);
    }
  }

  void block(const ast::Block &b) {
    for (const ast::StmtPtr &s : b.stmts)
      stmt(*s);
  }

  void stmt(const ast::Stmt &s) {
    if (const auto *x = llvm::dyn_cast<ast::SayStmt>(&s)) {
      add("say", x->text);
    } else if (const auto *x = llvm::dyn_cast<ast::NoteStmt>(&s)) {
      add("note", x->text);
    } else if (const auto *x = llvm::dyn_cast<ast::DoStmt>(&s)) {
      add("do", x->action);
    } else if (const auto *x = llvm::dyn_cast<ast::AskStmt>(&s)) {
      add("ask", x->question);
      for (const ast::AskOption &o : x->options) {
        add("option", o.label);
        if (o.body)
          block(*o.body);
      }
    } else if (const auto *x = llvm::dyn_cast<ast::InputStmt>(&s)) {
      if (x->prompt)
        add("input", *x->prompt);
    } else if (const auto *x = llvm::dyn_cast<ast::SetStmt>(&s)) {
      expr(x->value.get());
    } else if (const auto *x = llvm::dyn_cast<ast::IfBlockStmt>(&s)) {
      for (const ast::IfBlockStmt::Arm &a : x->arms)
        block(a.body);
      if (x->otherwise)
        block(*x->otherwise);
    } else if (const auto *x = llvm::dyn_cast<ast::CreateStmt>(&s)) {
      for (const ast::FieldInit &i : x->inits)
        expr(i.value.get());
    } else if (const auto *x = llvm::dyn_cast<ast::TakePaymentStmt>(&s)) {
      if (x->elseBody)
        block(*x->elseBody);
    } else if (const auto *x = llvm::dyn_cast<ast::TransferStmt>(&s)) {
      add("transfer", x->target);
    } else if (const auto *x = llvm::dyn_cast<ast::EndStmt>(&s)) {
      if (x->reason)
        add("end", *x->reason);
    }
  }

  llvm::StringRef flow_;
  const llvm::SourceMgr &sm_;
  std::vector<StringEntry> &out_;
  std::string step_;
  std::map<std::string, unsigned> ordinals_;
  std::map<std::string, unsigned> seen_;
};
} // namespace

std::string flowNameOf(const ast::File &file) {
  for (const ast::DeclPtr &d : file.decls)
    if (const auto *f = llvm::dyn_cast<ast::FlowDecl>(d.get()))
      return f->name.text;
  return {};
}

std::vector<StringEntry> extractStrings(const ast::File &file, llvm::StringRef flowName,
                                        const llvm::SourceMgr &sm) {
  std::vector<StringEntry> out;
  Extractor x(flowName, sm, out);
  for (const ast::DeclPtr &d : file.decls) {
    if (const auto *s = llvm::dyn_cast<ast::StepDecl>(d.get()))
      x.step(*s);
    else if (const auto *sec = llvm::dyn_cast<ast::SectionDecl>(d.get()))
      for (const auto &s : sec->steps)
        x.step(*s);
  }
  return out;
}

std::string csvField(llvm::StringRef s) {
  if (s.find_first_of("\",\r\n") == llvm::StringRef::npos)
    return s.str();
  std::string out = "\"";
  for (char c : s) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + "\"";
}

void writeStringsCsv(const std::vector<StringEntry> &entries, llvm::raw_ostream &os) {
  os << "id,flow,step,kind,index,text,placeholders,file,line\r\n";
  for (const StringEntry &e : entries) {
    os << csvField(e.id) << ',' << csvField(e.flow) << ',' << csvField(e.step) << ','
       << csvField(e.kind) << ',' << e.index << ',' << csvField(e.text) << ','
       << csvField(llvm::join(e.placeholders, " ")) << ',' << csvField(e.file) << ',' << e.line
       << "\r\n";
  }
}

void writeStringsJson(const std::vector<StringEntry> &entries, llvm::raw_ostream &os) {
  llvm::json::Array arr;
  for (const StringEntry &e : entries) {
    llvm::json::Array ph;
    for (const std::string &p : e.placeholders)
      ph.push_back(p);
    arr.push_back(llvm::json::Object{{"id", e.id},
                                     {"flow", e.flow},
                                     {"step", e.step},
                                     {"kind", e.kind},
                                     {"index", e.index},
                                     {"text", e.text},
                                     {"placeholders", std::move(ph)},
                                     {"file", e.file},
                                     {"line", e.line}});
  }
  os << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                   {"version", 1}, {"strings", std::move(arr)}}))
     << "\n";
}

} // namespace callflow::lint
