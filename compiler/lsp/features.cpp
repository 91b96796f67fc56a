// Formatting, outline and workspace symbols, folding ranges, document
// links, inlay hints and semantic tokens (server.h). Completion is in
// completion.cpp; navigation in features_nav.cpp.
#include "lsp/server.h"

#include <algorithm>

#include "check/sema.h"
#include "format/formatter.h"

namespace callflow::lsp {

namespace json = llvm::json;

// ---- formatting -------------------------------------------------------------

namespace {

// The smallest edit turning `from` into `to`: whole lines, common leading
// and trailing lines kept.
struct LineEdit {
  size_t begin, end; // bytes of `from` replaced
  std::string text;
};

std::optional<LineEdit> minimalEdit(llvm::StringRef from, llvm::StringRef to) {
  if (from == to)
    return std::nullopt;
  size_t pre = 0, lastNl = 0;
  while (pre < from.size() && pre < to.size() && from[pre] == to[pre]) {
    if (from[pre] == '\n')
      lastNl = pre + 1;
    ++pre;
  }
  pre = lastNl; // back to a line start
  size_t suf = 0;
  while (suf < from.size() - pre && suf < to.size() - pre &&
         from[from.size() - 1 - suf] == to[to.size() - 1 - suf])
    ++suf;
  // Forward to a line start (just after a newline) inside the common tail.
  while (suf > 0 && from[from.size() - suf - 1] != '\n')
    --suf;
  return LineEdit{pre, from.size() - suf, to.slice(pre, to.size() - suf).str()};
}

Reply formatReply(Analysis *a, std::optional<Range> only) {
  if (!a)
    return Reply::error(ErrorCode::InvalidParams, "the document is not open");
  const AnalyzedFile &f = a->files()[0];
  format::FormatResult r = format::formatSource(f.text, f.path);
  if (!r.ok)
    return {json::Array{}}; // syntax errors: nothing to format (the diagnostics say why)
  std::optional<LineEdit> e = minimalEdit(f.text, r.text);
  if (!e)
    return {json::Array{}};
  if (only) {
    size_t b = f.lines.offset(only->start), en = f.lines.offset(only->end);
    if (e->end < b || e->begin > en)
      return {json::Array{}};
  }
  return {json::Array{json::Object{{"range", toJSON(a->range(0, e->begin, e->end))},
                                   {"newText", std::move(e->text)}}}};
}

} // namespace

Reply Server::onFormatting(const json::Value &params) {
  return formatReply(analysis(readUri(params)), std::nullopt);
}

Reply Server::onRangeFormatting(const json::Value &params) {
  Range r;
  const json::Object *o = params.getAsObject();
  if (!o || !fromJSON(o->get("range"), r))
    return Reply::error(ErrorCode::InvalidParams, "rangeFormatting needs a range");
  return formatReply(analysis(readUri(params)), r);
}

// ---- outline ------------------------------------------------------------------

namespace {

enum SymbolKind { Module = 2, Namespace = 3, Class = 5, Field = 8, Enum = 10, Interface = 11,
                  Function = 12, Variable = 13, Constant = 14, Object = 19, EnumMember = 22,
                  Struct = 23, Event = 24 };

struct Outline {
  const Analysis &a;

  std::optional<Range> rangeOf(llvm::SMRange r) const {
    unsigned f;
    size_t b, e;
    if (!a.locate(r, f, b, e) || f != 0)
      return std::nullopt;
    return a.range(0, b, e);
  }

  void symbol(json::Array &into, std::string name, std::string detail, int kind, llvm::SMRange whole,
              llvm::SMRange sel, json::Array children = {}) {
    std::optional<Range> r = rangeOf(whole), s = rangeOf(sel);
    if (!r)
      return;
    if (!s)
      s = r;
    if (name.empty())
      name = "(unnamed)";
    json::Object o{{"name", jsonString(name)}, {"kind", kind}, {"range", toJSON(*r)},
                   {"selectionRange", toJSON(*s)}};
    if (!detail.empty())
      o["detail"] = jsonString(detail);
    if (!children.empty())
      o["children"] = std::move(children);
    into.push_back(std::move(o));
  }

  void asks(json::Array &into, const ast::Block &b) {
    for (const ast::StmtPtr &s : b.stmts) {
      if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(s.get())) {
        json::Array opts;
        for (const ast::AskOption &o : ask->options) {
          json::Array inner;
          if (o.body)
            asks(inner, *o.body);
          symbol(opts, o.label.literal().str(), o.target ? "-> " + o.target->text().str() : "", EnumMember,
                 o.range, o.label.range, std::move(inner));
        }
        symbol(into, ask->question.literal().str(), "ask", Event, ask->range, ask->question.range,
               std::move(opts));
      } else if (const auto *ib = llvm::dyn_cast<ast::IfBlockStmt>(s.get())) {
        for (const auto &arm : ib->arms)
          asks(into, arm.body);
        if (ib->otherwise)
          asks(into, *ib->otherwise);
      }
    }
  }

  void step(json::Array &into, const ast::StepDecl &s) {
    json::Array children;
    asks(children, s.body);
    symbol(into, s.id.text().str(), s.title ? s.title->literal().str() : "", Function, s.range, s.id.range,
           std::move(children));
  }

  json::Array file(const ast::File &f) {
    json::Array out;
    for (const ast::DeclPtr &dp : f.decls) {
      const ast::Decl &d = *dp;
      switch (d.kind) {
      case ast::Decl::Kind::Flow: {
        const auto &fl = llvm::cast<ast::FlowDecl>(d);
        symbol(out, fl.name.text().str(), fl.title ? fl.title->literal().str() : "", Module, d.range,
               fl.name.range);
        break;
      }
      case ast::Decl::Kind::Section: {
        const auto &sec = llvm::cast<ast::SectionDecl>(d);
        json::Array steps;
        for (const auto &st : sec.steps)
          step(steps, *st);
        symbol(out, sec.title.literal().str(), sec.role ? "by " + sec.role->literal().str() : "", Namespace,
               d.range, sec.title.range, std::move(steps));
        break;
      }
      case ast::Decl::Kind::Step: step(out, llvm::cast<ast::StepDecl>(d)); break;
      case ast::Decl::Kind::Form: {
        const auto &fm = llvm::cast<ast::FormDecl>(d);
        json::Array fields;
        for (const ast::FieldSpec &fs : fm.fields)
          symbol(fields, fs.name.text().str(), fs.type.name.text().str(), Field, fs.range, fs.name.range);
        symbol(out, fm.name.text().str(), fm.label ? fm.label->literal().str() : "", Struct, d.range,
               fm.name.range, std::move(fields));
        break;
      }
      case ast::Decl::Kind::Enum: {
        const auto &en = llvm::cast<ast::EnumDecl>(d);
        json::Array values;
        for (const ast::EnumValue &v : en.values)
          symbol(values, v.name.text().str(), v.label ? v.label->literal().str() : "", EnumMember, v.range,
                 v.name.range);
        symbol(out, en.name.text().str(), "", Enum, d.range, en.name.range, std::move(values));
        break;
      }
      case ast::Decl::Kind::Var: {
        const auto &v = llvm::cast<ast::VarDecl>(d);
        symbol(out, v.spec.name.text().str(), v.spec.type.name.text().str(), Variable, d.range, v.spec.name.range);
        break;
      }
      case ast::Decl::Kind::Catalog: {
        const auto &c = llvm::cast<ast::CatalogDecl>(d);
        json::Array items;
        for (const ast::CatalogItem &i : c.items)
          symbol(items, std::to_string(i.code), i.name.literal().str(), Constant, i.range, i.codeRange);
        symbol(out, "catalog " + c.currency.text().str(), "", Object, d.range, c.currency.range,
               std::move(items));
        break;
      }
      default: break;
      }
    }
    return out;
  }
};

} // namespace

Reply Server::onDocumentSymbol(const json::Value &params) {
  Analysis *a = analysis(readUri(params));
  if (!a)
    return Reply::error(ErrorCode::InvalidParams, "the document is not open");
  return {Outline{*a}.file(*a->files()[0].ast)};
}

Reply Server::onWorkspaceSymbol(const json::Value &params) {
  std::string query;
  if (const json::Object *o = params.getAsObject())
    query = o->getString("query").getValueOr("").lower();
  json::Array out;
  std::set<std::string> seen;
  for (auto &[uri, d] : docs_) {
    Analysis *a = analysis(uri);
    for (const Occurrence &o : a->occurrences()) {
      if (!o.decl || out.size() >= 1000)
        continue;
      llvm::StringRef kind = Analysis::kindOf(o.key), name = Analysis::nameOf(o.key);
      if (!query.empty() && name.lower().find(query) == std::string::npos)
        continue;
      const AnalyzedFile &f = a->files()[o.file];
      if (!seen.insert(f.path + ":" + std::to_string(o.begin)).second)
        continue;
      int k = kind == "step" ? Function : kind == "section" ? Namespace : kind == "form" ? Struct
            : kind == "field" ? Field : kind == "enum" ? Enum : kind == "enumval" ? EnumMember
            : kind == "var" ? Variable : Constant;
      out.push_back(json::Object{
          {"name", jsonString(name)},
          {"kind", k},
          {"location", json::Object{{"uri", f.uri}, {"range", toJSON(a->range(o.file, o.begin, o.end))}}}});
    }
  }
  return {std::move(out)};
}

// ---- folding, links, inlay hints ------------------------------------------------

Reply Server::onFoldingRange(const json::Value &params) {
  Analysis *a = analysis(readUri(params));
  if (!a)
    return Reply::error(ErrorCode::InvalidParams, "the document is not open");
  json::Array out;
  auto fold = [&](llvm::SMRange r, const char *kind) {
    unsigned f;
    size_t b, e;
    if (!a->locate(r, f, b, e) || f != 0)
      return;
    Range rg = a->range(0, b, e);
    if (rg.end.line <= rg.start.line)
      return;
    json::Object o{{"startLine", rg.start.line}, {"endLine", rg.end.line - 1}};
    if (kind)
      o["kind"] = kind;
    out.push_back(std::move(o));
  };
  std::function<void(const ast::Block &)> block = [&](const ast::Block &b) {
    for (const ast::StmtPtr &s : b.stmts) {
      if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(s.get())) {
        fold(ask->range, nullptr);
        for (const ast::AskOption &o : ask->options)
          if (o.body) {
            fold(o.body->range, nullptr);
            block(*o.body);
          }
      } else if (const auto *ib = llvm::dyn_cast<ast::IfBlockStmt>(s.get())) {
        for (const auto &arm : ib->arms) {
          fold(arm.body.range, nullptr);
          block(arm.body);
        }
        if (ib->otherwise) {
          fold(ib->otherwise->range, nullptr);
          block(*ib->otherwise);
        }
      }
    }
  };
  const ast::File &file = *a->files()[0].ast;
  for (const ast::DeclPtr &d : file.decls) {
    fold(d->range, nullptr);
    if (const auto *st = llvm::dyn_cast<ast::StepDecl>(d.get()))
      block(st->body);
    if (const auto *sec = llvm::dyn_cast<ast::SectionDecl>(d.get()))
      for (const auto &st : sec->steps) {
        fold(st->range, nullptr);
        block(st->body);
      }
  }
  for (const ast::Comment &c : file.comments)
    fold(c.range, "comment");
  std::stable_sort(out.begin(), out.end(), [](const json::Value &x, const json::Value &y) {
    return *x.getAsObject()->getInteger("startLine") < *y.getAsObject()->getInteger("startLine");
  });
  return {std::move(out)};
}

Reply Server::onDocumentLink(const json::Value &params) {
  Analysis *a = analysis(readUri(params));
  if (!a)
    return Reply::error(ErrorCode::InvalidParams, "the document is not open");
  json::Array out;
  for (const Occurrence &o : a->occurrences())
    if (o.file == 0 && Analysis::kindOf(o.key) == "import" && o.end > o.begin + 1)
      out.push_back(json::Object{{"range", toJSON(a->range(0, o.begin + 1, o.end - 1))},
                                 {"target", pathToUri(Analysis::nameOf(o.key))}});
  return {std::move(out)};
}

Reply Server::onInlayHint(const json::Value &params) {
  Analysis *a = analysis(readUri(params));
  if (!a)
    return Reply::error(ErrorCode::InvalidParams, "the document is not open");
  const sema::Program *p = a->program();
  Range want{{0, 0}, {UINT32_MAX, 0}};
  if (const json::Object *o = params.getAsObject())
    fromJSON(o->get("range"), want);
  const AnalyzedFile &root = a->files()[0];
  size_t wb = root.lines.offset(want.start), we = root.lines.offset(want.end);
  std::vector<std::pair<size_t, std::string>> hints;
  for (const Occurrence &o : a->occurrences()) {
    if (o.file != 0 || o.decl || Analysis::kindOf(o.key) != "catalog" || o.end < wb || o.begin > we)
      continue;
    // Only `charge N`: the code's text is directly after `charge`.
    llvm::StringRef before = root.text.substr(0, o.begin).rtrim();
    if (!before.endswith("charge") || !p)
      continue;
    int64_t code = 0;
    if (Analysis::nameOf(o.key).getAsInteger(10, code))
      continue;
    auto it = p->catalogByCode.find(code);
    if (it == p->catalogByCode.end())
      continue;
    const sema::CatalogItemInfo &c = p->catalog[it->second];
    hints.push_back({o.end, " " + itemPrice(c) + " " + c.name});
  }
  json::Array out;
  for (auto &[at, label] : hints)
    out.push_back(json::Object{{"position", toJSON(root.lines.position(at))},
                               {"label", jsonString(label)},
                               {"paddingLeft", true}});
  return {std::move(out)};
}

// ---- semantic tokens --------------------------------------------------------------

Reply Server::onSemanticTokens(const json::Value &params) {
  Analysis *a = analysis(readUri(params));
  if (!a)
    return Reply::error(ErrorCode::InvalidParams, "the document is not open");
  const AnalyzedFile &root = a->files()[0];
  struct Tok {
    size_t begin, end;
    int type, mods;
  };
  std::vector<Tok> toks;
  static const char *const kinds[] = {"step", "section", "form", "field", "enum",
                                      "enumval", "var", "catalog"};
  for (const Occurrence &o : a->occurrences()) {
    if (o.file != 0)
      continue;
    llvm::StringRef k = Analysis::kindOf(o.key);
    for (int i = 0; i < 8; ++i)
      if (k == kinds[i] && !(i == 1)) // a section title stays a string
        toks.push_back({o.begin, o.end, i, o.decl ? 1 : 0});
  }
  // Placeholder braces and catalog prices.
  if (const sema::Program *p = a->program()) {
    for (const llvm::SMRange &r : a->placeholders()) {
      unsigned f;
      size_t b, e;
      if (a->locate(r, f, b, e) && f == 0 && e > b + 1) {
        toks.push_back({b, b + 1, 8, 0});
        toks.push_back({e - 1, e, 8, 0});
      }
    }
    for (const sema::CatalogItemInfo &c : p->catalog) {
      unsigned f;
      size_t b, e;
      if (c.decl && c.decl->price && a->locate(c.decl->price->range, f, b, e) && f == 0)
        toks.push_back({b, e, 7, 0});
    }
    // Date and time literals are numbers (one token, `2026-12-03`, not a
    // subtraction); `today` and `now` are keywords.
    for (const auto &[ex, type] : p->exprTypes) {
      const bool literal = llvm::isa<ast::DateExpr>(ex) || llvm::isa<ast::TimeExpr>(ex);
      if (!literal && !llvm::isa<ast::ClockExpr>(ex))
        continue;
      unsigned f;
      size_t b, e;
      if (a->locate(ex->range, f, b, e) && f == 0)
        toks.push_back({b, e, literal ? 7 : 9, 0});
    }
  }
  // An option's key: the word `key` (keyword) and the keys (a number, or
  // the string as written).
  if (root.ast)
    forEachOption(*root.ast, [&](const ast::AskOption &o) {
      unsigned f;
      size_t lb, le, kb, ke;
      if (!o.key || !a->locate(o.label.range, f, lb, le) || f != 0 ||
          !a->locate(o.key->range, f, kb, ke) || f != 0 || kb < le)
        return;
      size_t word = root.text.slice(le, kb).rfind("key");
      if (word != llvm::StringRef::npos)
        toks.push_back({le + word, le + word + 3, 9, 0});
      toks.push_back({kb, ke, o.keyIsNumber ? 7 : 10, 0});
    });
  std::sort(toks.begin(), toks.end(), [](const Tok &x, const Tok &y) { return x.begin < y.begin; });
  json::Array data;
  Position prev{0, 0};
  size_t lastEnd = 0;
  for (const Tok &t : toks) {
    if (t.begin < lastEnd)
      continue; // overlapping
    Position s = root.lines.position(t.begin), e = root.lines.position(t.end);
    if (e.line != s.line || e.character <= s.character)
      continue;
    data.push_back(s.line - prev.line);
    data.push_back(s.line == prev.line ? s.character - prev.character : s.character);
    data.push_back(e.character - s.character);
    data.push_back(t.type);
    data.push_back(t.mods);
    prev = s;
    lastEnd = t.end;
  }
  return {json::Object{{"data", std::move(data)}}};
}

} // namespace callflow::lsp
