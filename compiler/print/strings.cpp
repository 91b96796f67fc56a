// Extracting agent lines from steps and writing them as CSV and JSON.
#include "print/strings.h"

#include <algorithm>
#include <map>

#include "diag/render.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace callflow::print {

namespace {
class Extractor {
public:
  Extractor(llvm::StringRef flow, const llvm::SourceMgr &sm, std::vector<StringEntry> &out,
            StringIds &ids)
      : flow_(flow), sm_(sm), out_(out), ids_(ids) {}

  void step(const ast::StepDecl &s) {
    scope(s.id.text());
    if (s.title)
      add("title", *s.title);
    block(s.body);
  }

  /// Text outside steps: `scope` is what it belongs to (a form or enum
  /// name, `flow`, `section`, `catalog`, `vars`), in the step column.
  void scope(llvm::StringRef name) { step_ = name.str(); }
  void decl(const char *kind, const ast::Text &t) { add(kind, t); }

private:
  void add(const char *kind, const ast::Text &t) {
    StringEntry e;
    e.flow = flow_.str();
    e.step = step_;
    e.kind = kind;
    e.index = ++ids_.ordinals[e.flow + "." + e.step + "." + kind];
    e.text = t.str();
    for (const ast::Placeholder &ph : t.placeholders()) {
      std::string name = ph.str();
      // Each once: a translator fills in names, not occurrences.
      if (std::find(e.placeholders.begin(), e.placeholders.end(), name) == e.placeholders.end())
        e.placeholders.push_back(std::move(name));
    }
    uint64_t h = llvm::xxHash64(e.text);
    std::string hash = llvm::utohexstr(h, /*LowerCase=*/true);
    hash.insert(0, 16 - hash.size(), '0');
    e.id = e.flow + "." + e.step + "." + kind + "." + hash.substr(0, 8);
    unsigned n = ++ids_.seen[e.id];
    if (n > 1)
      e.id += "." + std::to_string(n);
    if (t.range.Start.isValid()) {
      if (unsigned buf = sm_.FindBufferContainingLoc(t.range.Start)) {
        llvm::SmallString<256> file(sm_.getMemoryBuffer(buf)->getBufferIdentifier());
        llvm::sys::path::remove_dots(file, /*remove_dot_dot=*/true);
        e.file = std::string(file);
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
  StringIds &ids_;
};
} // namespace

std::string flowNameOf(const ast::File &file) {
  for (const ast::DeclPtr &d : file.decls)
    if (const auto *f = llvm::dyn_cast<ast::FlowDecl>(d.get()))
      return f->name.text().str();
  return {};
}

std::vector<StringEntry> extractStrings(const ast::File &file, llvm::StringRef flowName,
                                        const llvm::SourceMgr &sm) {
  StringIds ids;
  return extractStrings(file, flowName, sm, ids);
}

std::vector<StringEntry> extractStrings(const ast::File &file, llvm::StringRef flowName,
                                        const llvm::SourceMgr &sm, StringIds &ids) {
  std::vector<StringEntry> out;
  Extractor x(flowName, sm, out, ids);
  for (const ast::DeclPtr &d : file.decls) {
    if (const auto *s = llvm::dyn_cast<ast::StepDecl>(d.get())) {
      x.step(*s);
    } else if (const auto *sec = llvm::dyn_cast<ast::SectionDecl>(d.get())) {
      x.scope("section");
      x.decl("section", sec->title);
      for (const auto &s : sec->steps)
        x.step(*s);
    } else if (const auto *f = llvm::dyn_cast<ast::FlowDecl>(d.get())) {
      x.scope("flow");
      if (f->title)
        x.decl("flow", *f->title);
    } else if (const auto *f = llvm::dyn_cast<ast::FormDecl>(d.get())) {
      x.scope(f->name.text());
      if (f->label)
        x.decl("form", *f->label);
      for (const ast::FieldSpec &fs : f->fields)
        if (fs.label)
          x.decl("field", *fs.label);
      for (const ast::Rule &r : f->rules)
        x.decl("rule", r.message);
    } else if (const auto *e = llvm::dyn_cast<ast::EnumDecl>(d.get())) {
      x.scope(e->name.text());
      for (const ast::EnumValue &v : e->values)
        if (v.label)
          x.decl("value", *v.label);
    } else if (const auto *c = llvm::dyn_cast<ast::CatalogDecl>(d.get())) {
      x.scope("catalog");
      for (const ast::CatalogItem &i : c->items)
        x.decl("item", i.name);
    } else if (const auto *v = llvm::dyn_cast<ast::VarDecl>(d.get())) {
      x.scope("vars");
      if (v->spec.label)
        x.decl("var", *v->spec.label);
    }
  }
  return out;
}

std::string csvField(llvm::StringRef s) {
  // A cell a spreadsheet would run as a formula (OWASP's CSV injection
  // list) is prefixed with ' and quoted, so `=HYPERLINK(...)` stays text.
  bool formula = !s.empty() && llvm::StringRef("=+-@\t\r").contains(s.front());
  if (!formula && s.find_first_of("\",\r\n") == llvm::StringRef::npos)
    return s.str();
  std::string out = formula ? "\"'" : "\"";
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

} // namespace callflow::print
