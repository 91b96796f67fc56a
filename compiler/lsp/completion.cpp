// Completion (server.h): what may be written at the cursor, read from the
// text before it on its line and from the last good analysis.
#include "lsp/server.h"

#include "check/sema.h"
#include "llvm/ADT/StringExtras.h"

namespace callflow::lsp {

namespace json = llvm::json;

namespace {

enum ItemKind { Text = 1, Method = 2, Function = 3, Field = 5, Variable = 6, Value = 12,
                Keyword = 14, Snippet = 15, EnumMember = 20, Struct = 22 };

struct Items {
  json::Array list;
  void add(std::string label, int kind, std::string detail = "", std::string insert = "",
           bool snippet = false) {
    json::Object o{{"label", jsonString(label)}, {"kind", kind}};
    if (!detail.empty())
      o["detail"] = jsonString(detail);
    if (!insert.empty()) {
      o["insertText"] = jsonString(insert);
      if (snippet)
        o["insertTextFormat"] = 2;
    }
    list.push_back(std::move(o));
  }
};

std::string price(const sema::CatalogItemInfo &c) { return itemPrice(c); }

// The word being typed ends the prefix; what comes before it decides.
llvm::StringRef beforeWord(llvm::StringRef line) {
  size_t i = line.size();
  while (i > 0 && (llvm::isAlnum(line[i - 1]) || line[i - 1] == '_' || line[i - 1] == '-'))
    --i;
  return line.substr(0, i);
}

bool insideString(llvm::StringRef line) {
  bool in = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (in && line[i] == '\\') {
      ++i;
      continue;
    }
    if (line[i] == '"')
      in = !in;
    else if (!in && line.substr(i).startswith("//"))
      return false;
  }
  return in;
}

void steps(Items &out, const sema::Program &p) {
  for (const sema::StepInfo &s : p.steps)
    out.add(std::string(s.id), Function, std::string(s.title));
}

void catalog(Items &out, const sema::Program &p) {
  for (const sema::CatalogItemInfo &c : p.catalog)
    out.add(std::to_string(c.code), Value, c.name + " — " + price(c));
}

void members(Items &out, const sema::Program &p, llvm::StringRef owner) {
  if (owner == "invoice") {
    out.add("total", Field, "money: the invoice total");
    return;
  }
  auto f = p.formByName.find(owner);
  if (f != p.formByName.end()) {
    for (const sema::FieldInfo &fi : p.forms[f->second].fields)
      out.add(fi.name, Field, p.typeName(fi.type) + (fi.label != fi.name ? " — " + fi.label : ""));
    out.add("number", Field, "the number the case gets when created");
    return;
  }
  auto e = p.enumByName.find(owner);
  if (e != p.enumByName.end())
    for (const sema::EnumValueInfo &v : p.enums[e->second].values)
      out.add(v.name, EnumMember, v.label);
}

void values(Items &out, const sema::Program &p, bool withForms) {
  for (const sema::FieldInfo &v : p.vars)
    out.add(v.name, Variable, p.typeName(v.type) + (v.label != v.name ? " — " + v.label : ""));
  for (const sema::EnumInfo &e : p.enums)
    for (const sema::EnumValueInfo &v : e.values)
      out.add(v.name, EnumMember, e.name + " — " + v.label);
  if (withForms)
    for (const sema::FormInfo &f : p.forms)
      out.add(f.name, Struct, f.label);
}

const char *const kStatementKeywords[] = {
    "say", "note", "do", "ask", "input", "set", "if", "goto", "create", "complete",
    "charge", "invoice", "take payment", "transfer", "end"};
const char *const kDeclKeywords[] = {"flow", "start", "import", "catalog", "enum", "form",
                                     "var", "section", "step"};

void keywords(Items &out) {
  for (const char *k : kStatementKeywords)
    out.add(k, Keyword);
  for (const char *k : kDeclKeywords)
    out.add(k, Keyword);
  out.add("step", Snippet, "a step", "step ${1:ID} \"${2:Title}\" {\n  $0\n}", true);
  out.add("ask", Snippet, "a question with options",
          "ask \"${1:Question}\" {\n  \"${2:Yes}\" -> ${3:STEP}\n  \"${4:No}\" -> ${5:STEP}\n}", true);
  out.add("if", Snippet, "a conditional jump", "if ${1:condition} -> ${2:STEP} else -> ${3:STEP}",
          true);
  out.add("form", Snippet, "a form", "form ${1:Name} \"${2:Label}\" {\n  $0\n}", true);
}

} // namespace

Reply Server::onCompletion(const json::Value &params) {
  TextPosition tp;
  if (!readTextPosition(params, tp))
    return Reply::error(ErrorCode::InvalidParams, "completion needs textDocument and position");
  Document *d = document(tp.uri);
  Analysis *a = analysis(tp.uri);
  if (!d || !a)
    return {json::Array{}};
  LineIndex li(d->text);
  size_t off = li.offset(tp.pos);
  size_t lineStart = li.lineStart(std::min(tp.pos.line, li.lineCount() - 1));
  llvm::StringRef line = llvm::StringRef(d->text).slice(lineStart, off);
  Items out;
  const sema::Program *p = a->program();
  if (!p)
    return {json::Array{}};
  llvm::StringRef before = beforeWord(line);
  if (insideString(line)) {
    size_t open = line.rfind('{');
    if (open == llvm::StringRef::npos || line.find('}', open) != llvm::StringRef::npos)
      return {json::Object{{"isIncomplete", false}, {"items", json::Array{}}}};
    llvm::StringRef inner = line.substr(open + 1);
    if (inner.startswith("price "))
      catalog(out, *p);
    else if (inner.contains('.'))
      members(out, *p, inner.rsplit('.').first.trim());
    else {
      values(out, *p, true);
      out.add("invoice", Variable, "the invoice (invoice.total)");
      out.add("price", Keyword, "a catalog item's price", "price ");
    }
  } else if (before.endswith(".")) {
    llvm::StringRef owner = beforeWord(before.drop_back());
    members(out, *p, before.drop_back().substr(owner.size()));
  } else {
    llvm::StringRef prev = before.rtrim();
    if (prev.endswith("->") || prev.endswith("goto") || prev == "start" || prev.endswith(" start"))
      steps(out, *p);
    else if (prev.endswith("charge"))
      catalog(out, *p);
    else if (prev.ltrim().startswith("\"") && prev.endswith("\"") && prev.size() > 1)
      // After an option's label (`"Billing" `): its key, then where it goes.
      out.add("key", Keyword, "the option's key: what the agent types or the caller presses",
              "key ${1:1} -> ${2:STEP}", true);
    else if (prev.endswith("==") || prev.endswith("!=") || prev.endswith("=") ||
             prev.endswith(" in") || prev.endswith(","))
      values(out, *p, false);
    else {
      keywords(out);
      values(out, *p, true);
    }
  }
  return {json::Object{{"isIncomplete", false}, {"items", std::move(out.list)}}};
}

} // namespace callflow::lsp
