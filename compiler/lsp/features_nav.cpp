// Navigation: definition, references, rename and hover, across the files
// of every open document's compilation (server.h).
#include "lsp/server.h"

#include <set>

#include "check/sema.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"

namespace callflow::lsp {

namespace json = llvm::json;

namespace {

struct Hit {
  Analysis *a = nullptr;
  const Occurrence *occ = nullptr;
};

json::Object location(const Analysis &a, const Occurrence &o) {
  return json::Object{{"uri", a.files()[o.file].uri},
                      {"range", toJSON(a.range(o.file, o.begin, o.end))}};
}

const char *const kKeywords[] = {
    "flow", "start", "import", "catalog", "enum", "form", "var", "section", "step", "by",
    "rule", "required", "when", "auto", "unused", "sensitive", "matches", "suggest", "say", "note", "do",
    "optional", "ask", "input", "in", "set", "if", "else", "goto", "create", "complete",
    "charge", "invoice", "take", "payment", "transfer", "end", "or", "and", "not", "is",
    "true", "false", "price", "key", "monthly", "of", "charges"};

bool isKeyword(llvm::StringRef s) {
  for (const char *k : kKeywords)
    if (s == k)
      return true;
  return false;
}

// An identifier, or a step ID (parts joined by single '-').
bool validName(llvm::StringRef s, bool stepId) {
  if (s.empty() || !(llvm::isAlpha(s[0]) || s[0] == '_'))
    return false;
  char prev = 0;
  for (char c : s) {
    bool ok = llvm::isAlnum(c) || c == '_' || (stepId && c == '-' && prev != '-');
    if (!ok)
      return false;
    prev = c;
  }
  return s.back() != '-' && !isKeyword(s);
}

} // namespace

// The symbol under the cursor in an open document.
static Hit hitAt(Server &s, const json::Value &params) {
  TextPosition tp;
  if (!readTextPosition(params, tp))
    return {};
  Analysis *a = s.analysis(tp.uri);
  if (!a || a->files().empty())
    return {};
  size_t off = a->files()[0].lines.offset(tp.pos);
  return {a, a->at(0, off)};
}

// Every analysis: the document's own first, then the other open ones.
static std::vector<Analysis *> allAnalyses(Server &s, Analysis *first) {
  std::vector<Analysis *> out{first};
  for (auto &[uri, d] : s.documents())
    if (Analysis *a = s.analysis(uri); a && a != first)
      out.push_back(a);
  return out;
}

Reply Server::onDefinition(const json::Value &params) {
  Hit h = hitAt(*this, params);
  if (!h.occ)
    return {nullptr};
  if (Analysis::kindOf(h.occ->key) == "import") {
    std::string path = Analysis::nameOf(h.occ->key).str();
    return {json::Object{{"uri", pathToUri(path)}, {"range", toJSON(Range{})}}};
  }
  for (Analysis *a : allAnalyses(*this, h.a))
    if (const Occurrence *d = a->declOf(h.occ->key))
      return {location(*a, *d)};
  return {nullptr};
}

// Every occurrence of `key` in every open analysis, each location once.
static json::Array occurrencesOf(Server &s, Analysis *first, const std::string &key,
                                 bool withDecl) {
  json::Array out;
  std::set<std::string> seen;
  for (Analysis *a : allAnalyses(s, first))
    for (const Occurrence &o : a->occurrences()) {
      if (o.key != key || (o.decl && !withDecl))
        continue;
      std::string id = a->files()[o.file].path + ":" + std::to_string(o.begin);
      if (seen.insert(id).second)
        out.push_back(location(*a, o));
    }
  return out;
}

Reply Server::onReferences(const json::Value &params) {
  Hit h = hitAt(*this, params);
  if (!h.occ)
    return {json::Array{}};
  bool withDecl = true;
  if (const json::Object *o = params.getAsObject())
    if (const json::Object *ctx = o->getObject("context"))
      withDecl = ctx->getBoolean("includeDeclaration").getValueOr(true);
  return {occurrencesOf(*this, h.a, h.occ->key, withDecl)};
}

static bool renamable(llvm::StringRef kind) { return kind != "import"; }

Reply Server::onPrepareRename(const json::Value &params) {
  Hit h = hitAt(*this, params);
  if (!h.occ || !renamable(Analysis::kindOf(h.occ->key)))
    return Reply::error(ErrorCode::RequestFailed, "nothing that can be renamed here");
  llvm::StringRef kind = Analysis::kindOf(h.occ->key);
  std::string placeholder = Analysis::nameOf(h.occ->key).str();
  if (kind == "field" || kind == "enumval")
    placeholder = llvm::StringRef(placeholder).rsplit('.').second.str();
  return {json::Object{{"range", toJSON(h.a->range(h.occ->file, h.occ->begin, h.occ->end))},
                       {"placeholder", jsonString(placeholder)}}};
}

Reply Server::onRename(const json::Value &params) {
  Hit h = hitAt(*this, params);
  const json::Object *o = params.getAsObject();
  llvm::Optional<llvm::StringRef> newName = o ? o->getString("newName") : llvm::None;
  if (!h.occ || !newName)
    return Reply::error(ErrorCode::RequestFailed, "nothing that can be renamed here");
  std::string key = h.occ->key;
  llvm::StringRef kind = Analysis::kindOf(key), name = Analysis::nameOf(key);
  if (!renamable(kind))
    return Reply::error(ErrorCode::RequestFailed, "an import is renamed by renaming its file");
  std::string newText = newName->str();
  std::vector<std::string> clashKeys;
  if (kind == "catalog") {
    unsigned long long code;
    if (newName->getAsInteger(10, code))
      return Reply::error(ErrorCode::InvalidParams, "a catalog code is a number");
    clashKeys.push_back("catalog:" + newText);
  } else if (kind == "section") {
    if (newName->find_first_of("\"\\{}\n") != llvm::StringRef::npos || newName->empty())
      return Reply::error(ErrorCode::InvalidParams, "a section title cannot hold quotes, braces, "
                                                    "backslashes or line breaks");
    clashKeys.push_back("section:" + newText);
    newText = "\"" + newText + "\"";
  } else {
    if (!validName(*newName, kind == "step"))
      return Reply::error(ErrorCode::InvalidParams,
                          "'" + jsonString(*newName) + "' is not a valid " +
                              (kind == "step" ? "step ID" : "name"));
    if (kind == "field" || kind == "enumval") {
      std::string scope = name.rsplit('.').first.str();
      clashKeys.push_back(kind.str() + ":" + scope + "." + newText);
    } else if (kind == "step") {
      clashKeys.push_back("step:" + newText);
    } else { // forms, enums and variables share the names a reference starts with
      for (const char *k : {"form:", "enum:", "var:"})
        clashKeys.push_back(k + newText);
    }
  }
  std::vector<Analysis *> all = allAnalyses(*this, h.a);
  for (Analysis *a : all) {
    for (const std::string &ck : clashKeys)
      if (const Occurrence *d = a->declOf(ck); d && ck != key) {
        Position p = a->files()[d->file].lines.position(d->begin);
        return Reply::error(ErrorCode::RequestFailed,
                            "'" + jsonString(*newName) + "' is already declared at " +
                                a->files()[d->file].path + ":" + std::to_string(p.line + 1));
      }
    if (kind == "enumval" && a->program())
      for (const sema::EnumInfo &e : a->program()->enums)
        if (e.findValue(newText) >= 0 && ("enumval:" + e.name + "." + newText) != key)
          return Reply::error(ErrorCode::RequestFailed,
                              "'" + newText + "' is already a value of enum " + e.name);
  }
  json::Object changes;
  std::set<std::string> seen;
  for (Analysis *a : all)
    for (const Occurrence &oc : a->occurrences()) {
      if (oc.key != key)
        continue;
      const AnalyzedFile &f = a->files()[oc.file];
      if (!seen.insert(f.path + ":" + std::to_string(oc.begin)).second)
        continue;
      json::Value *list = changes.get(f.uri);
      if (!list)
        list = &(changes[f.uri] = json::Array{});
      list->getAsArray()->push_back(json::Object{
          {"range", toJSON(a->range(oc.file, oc.begin, oc.end))}, {"newText", newText}});
    }
  return {json::Object{{"changes", std::move(changes)}}};
}

// ---- hover ------------------------------------------------------------------

static std::string hoverText(const Analysis &a, const std::string &key) {
  const sema::Program *p = a.program();
  if (!p)
    return "";
  llvm::StringRef kind = Analysis::kindOf(key), name = Analysis::nameOf(key);
  std::string out;
  auto srcOf = [&](const ast::Expr *e) -> std::string {
    if (!e)
      return "";
    unsigned f;
    size_t b, en;
    if (!a.locate(e->range, f, b, en))
      return "";
    return a.files()[f].text.slice(b, en).str();
  };
  auto fieldText = [&](const sema::FieldInfo &fi, const std::string &title) {
    out = "**" + title + "** : `" + p->typeName(fi.type) + "`";
    if (fi.label != fi.name)
      out += " — " + fi.label;
    if (fi.required)
      out += "\n\nrequired";
    else if (fi.requiredWhen)
      out += "\n\nrequired when `" + srcOf(fi.requiredWhen) + "`";
    if (fi.isAuto)
      out += "\n\nsupplied by the host (`auto`)";
    if (fi.sensitive)
      out += "\n\nsensitive: never shown again nor journaled";
    if (fi.hasPattern)
      out += "\n\nmatches `" + fi.pattern + "`";
  };
  if (kind == "step") {
    auto it = p->stepByName.find(name);
    if (it == p->stepByName.end())
      return "";
    const sema::StepInfo &s = p->steps[it->second];
    out = "**step " + std::string(s.id) + "**" + (s.title.empty() ? "" : " — " + std::string(s.title));
    if (!s.role.empty())
      out += "\n\nby " + std::string(s.role);
    if (s.section >= 0)
      out += "\n\nsection: " + p->sections[s.section].title;
    std::string in;
    unsigned count = 0;
    for (const sema::StepEdge &e : p->edges) {
      if (e.to != it->second || e.from < 0)
        continue;
      if (++count > 20)
        continue;
      in += "\n- " + std::string(p->steps[e.from].id);
      if (e.kind == sema::StepEdge::Kind::Option && e.label)
        in += " (option \"" + e.label->str() + "\")";
      else if (e.kind == sema::StepEdge::Kind::PaymentDeclined)
        in += " (payment declined)";
      else if (e.kind == sema::StepEdge::Kind::IfThen || e.kind == sema::StepEdge::Kind::IfElse)
        in += e.kind == sema::StepEdge::Kind::IfThen ? " (if)" : " (else)";
    }
    if (it->second == p->startStep)
      out += "\n\nthe start step";
    if (count)
      out += "\n\nincoming jumps (" + std::to_string(count) + "):" + in;
    else if (it->second != p->startStep)
      out += "\n\nno incoming jumps";
  } else if (kind == "field") {
    auto [form, field] = name.split('.');
    auto it = p->formByName.find(form);
    if (it == p->formByName.end())
      return "";
    int fi = p->forms[it->second].findField(field);
    if (fi >= 0)
      fieldText(p->forms[it->second].fields[fi], "field " + name.str());
  } else if (kind == "var") {
    auto it = p->varByName.find(name);
    if (it != p->varByName.end())
      fieldText(p->vars[it->second], "var " + name.str());
  } else if (kind == "form") {
    auto it = p->formByName.find(name);
    if (it == p->formByName.end())
      return "";
    const sema::FormInfo &f = p->forms[it->second];
    out = "**form " + f.name + "**" + (f.label != f.name ? " — " + f.label : "") + "\n\n" +
          std::to_string(f.fields.size()) + " fields, " + std::to_string(f.rules.size()) + " rules";
  } else if (kind == "enum" || kind == "enumval") {
    auto [en, val] = name.split('.');
    auto it = p->enumByName.find(en);
    if (it == p->enumByName.end())
      return "";
    const sema::EnumInfo &e = p->enums[it->second];
    if (kind == "enumval") {
      int v = e.findValue(val);
      if (v >= 0)
        out = "**" + e.name + "." + e.values[v].name + "** — " + e.values[v].label;
    } else {
      out = "**enum " + e.name + "**\n";
      for (const sema::EnumValueInfo &v : e.values)
        out += "\n- `" + v.name + "` " + v.label;
    }
  } else if (kind == "catalog") {
    int64_t code = 0;
    if (name.getAsInteger(10, code))
      return "";
    auto it = p->catalogByCode.find(code);
    if (it == p->catalogByCode.end())
      return "";
    const sema::CatalogItemInfo &c = p->catalog[it->second];
    out = "**catalog item " + std::to_string(c.code) + "** " + c.name + "\n\nprice: " +
          itemPrice(c);
  } else if (kind == "section") {
    out = "**section** " + name.str();
  } else if (kind == "import") {
    out = "**import** `" + name.str() + "`";
  }
  return out;
}

std::string hoverMarkdown(Analysis &an, size_t off, size_t &rangeBegin, size_t &rangeEnd,
                          unsigned file) {
  Analysis *a = &an;
  std::string text;
  rangeBegin = rangeEnd = off;
  if (file >= a->files().size())
    return text;
  if (const Occurrence *o = a->at(file, off)) {
    text = hoverText(*a, o->key);
    rangeBegin = o->begin;
    rangeEnd = o->end;
  }
  // An option of an `ask`, the cursor on its label or its key: its key.
  if (text.empty() && a->files()[file].ast) {
    const ast::AskOption *best = nullptr;
    size_t bestB = 0, bestE = 0;
    forEachOption(*a->files()[file].ast, [&](const ast::AskOption &o) {
      unsigned f;
      size_t b, e, kb, ke;
      const ast::Text &head = o.key ? *o.key : o.label;
      if (a->locate(o.label.range, f, b, e) && f == file && a->locate(head.range, f, kb, ke) &&
          f == file && off >= b && off <= ke && (!best || b >= bestB)) {
        best = &o;
        bestB = b;
        bestE = ke;
      }
    });
    if (best) {
      text = "**option** \"" + best->label.literal().str() + "\"\n\n";
      if (!best->key)
        text += "no key: chosen by its label only";
      else if (best->keyIsNumber)
        text += "key: `" + best->key->literal().str() + "`";
      else
        text += "key: `\"" + best->key->literal().str() + "\"`";
      rangeBegin = bestB;
      rangeEnd = bestE;
    }
  }
  // A diagnostic at the cursor: its code explained.
  for (const diag::Diagnostic &d : a->compilation().diags().diagnostics()) {
    unsigned f;
    size_t b, e;
    if (!a->locate(d.range, f, b, e) || f != file || off < b || off > e)
      continue;
    const diag::DiagInfo &info = d.info();
    if (!text.empty())
      text += "\n\n---\n\n";
    text += "**" + std::string(info.code) + "** " + info.name + " (" +
            diag::severityName(d.severity) + ")\n\n" + d.message + "\n\nmessage: `" +
            info.message + "`";
    if (*info.flag)
      text += "\n\nwarning flag: `-W" + std::string(info.flag) + "`";
    text += "\n\nrun `flowc explain " + std::string(info.code) + "` for an example";
    break;
  }
  return text;
}

Reply Server::onHover(const json::Value &params) {
  TextPosition tp;
  if (!readTextPosition(params, tp))
    return Reply::error(ErrorCode::InvalidParams, "hover needs textDocument and position");
  Analysis *a = analysis(tp.uri);
  if (!a)
    return {nullptr};
  size_t off = a->files()[0].lines.offset(tp.pos);
  size_t b = off, e = off;
  std::string text = hoverMarkdown(*a, off, b, e);
  if (text.empty())
    return {nullptr};
  Range range = b == e && b == off ? Range{tp.pos, tp.pos} : a->range(0, b, e);
  return {json::Object{
      {"contents", json::Object{{"kind", "markdown"}, {"value", jsonString(text)}}},
      {"range", toJSON(range)}}};
}

} // namespace callflow::lsp
