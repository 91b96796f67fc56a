// The formatter's declarations: flow, start, import, aligned catalogs,
// enums, form field tables and runs of vars, sections and steps.
#include <algorithm>

#include "format/formatter.h"
#include "format/formatter_impl.h"

namespace callflow::format::detail {

namespace {
bool isBlockDecl(const ast::Decl &d) {
  switch (d.kind) {
  case ast::Decl::Kind::Catalog:
  case ast::Decl::Kind::Enum:
  case ast::Decl::Kind::Form:
  case ast::Decl::Kind::Section:
  case ast::Decl::Kind::Step:
    return true;
  default:
    return false;
  }
}

std::string padTo(std::string s, size_t width) {
  size_t w = displayWidth(s);
  if (w < width)
    s.append(width - w, ' ');
  return s;
}

/// Column widths of a table of typed, labelled slots (form fields, vars).
struct SpecTable {
  size_t name = 0, label = 0, type = 0;
  bool anyLabel = false;
};
} // namespace

void Printer::decls() {
  const auto &ds = file_.decls;
  for (size_t i = 0; i < ds.size(); ++i) {
    const ast::Decl &d = *ds[i];
    bool force = i > 0 && (isBlockDecl(d) || isBlockDecl(*ds[i - 1]));
    if (const auto *v = llvm::dyn_cast<ast::VarDecl>(&d)) {
      // A run of vars with no blank line between them is one table.
      std::vector<const ast::VarDecl *> run{v};
      while (i + 1 < ds.size()) {
        const auto *next = llvm::dyn_cast<ast::VarDecl>(ds[i + 1].get());
        if (!next || blankLineBetweenPublic(run.back()->range.End.getPointer(),
                                            next->range.Start.getPointer()))
          break;
        run.push_back(next);
        ++i;
      }
      vars(run, force);
      continue;
    }
    if (const auto *s = llvm::dyn_cast<ast::StepDecl>(&d)) {
      step(*s, force);
      continue;
    }
    beginItem(d.range.Start, force);
    if (const auto *f = llvm::dyn_cast<ast::FlowDecl>(&d)) {
      write("flow " + f->name.text().str() + optText(f->title));
      endItem(d.range.End);
    } else if (const auto *s = llvm::dyn_cast<ast::StartDecl>(&d)) {
      write("start " + s->step.text().str());
      endItem(d.range.End);
    } else if (const auto *m = llvm::dyn_cast<ast::ImportDecl>(&d)) {
      write("import " + text(m->path));
      endItem(d.range.End);
    } else if (const auto *c = llvm::dyn_cast<ast::CatalogDecl>(&d)) {
      catalog(*c);
    } else if (const auto *e = llvm::dyn_cast<ast::EnumDecl>(&d)) {
      enumDecl(*e);
    } else if (const auto *f = llvm::dyn_cast<ast::FormDecl>(&d)) {
      form(*f);
    } else if (const auto *s = llvm::dyn_cast<ast::SectionDecl>(&d)) {
      section(*s);
    }
  }
}

/// Writes `{`, ends the line, and indents; the caller prints the rows.
void Printer::openBody(llvm::SMLoc afterHeader) {
  write(" {");
  endItem(afterOpenBrace(afterHeader));
  ++indent_;
  blockJustOpened_ = true;
}

/// Comments left inside, then `}` on its own line.
void Printer::closeBody(llvm::SMRange declRange) {
  flushCommentsBefore(closingBrace(declRange).getPointer());
  --indent_;
  pad(indent_ * 2);
  write("}");
  endItem(declRange.End);
}

void Printer::catalog(const ast::CatalogDecl &c) {
  write("catalog " + c.currency.text().str());
  if (c.items.empty() && !hasCommentsBefore(closingBrace(c.range).getPointer())) {
    write(" {}");
    endItem(c.range.End);
    return;
  }
  openBody(c.currency.range.End);
  size_t wCode = 0, wName = 0, wPrice = 0;
  for (const ast::CatalogItem &it : c.items) {
    wCode = std::max(wCode, std::to_string(it.code).size());
    wName = std::max(wName, displayWidth(text(it.name)));
    if (it.kind != ast::CatalogItem::Kind::Percent) // a rate starts the column
      wPrice = std::max(wPrice, it.price ? it.price->spelling.size() : 0);
  }
  for (const ast::CatalogItem &it : c.items) {
    beginItem(it.range.Start);
    std::string price = it.price ? it.price->spelling : "";
    std::string kind = it.kind == ast::CatalogItem::Kind::Monthly   ? " monthly"
                       : it.kind == ast::CatalogItem::Kind::Percent ? "% of charges"
                                                                   : "";
    // Prices right-aligned (their cents line up); a rate starts the column.
    const size_t pad = it.kind == ast::CatalogItem::Kind::Percent || price.size() >= wPrice ? 0 : wPrice - price.size();
    write(padTo(std::to_string(it.code), wCode) + " " + padTo(text(it.name), wName) + "  " +
          std::string(pad, ' ') + price + kind);
    endItem(it.range.End);
  }
  closeBody(c.range);
}

void Printer::enumDecl(const ast::EnumDecl &e) {
  write("enum " + e.name.text().str());
  const char *closing = closingBrace(e.range).getPointer();
  if (e.values.empty() && !hasCommentsBefore(closing)) {
    write(" {}");
    endItem(e.range.End);
    return;
  }
  // Kept on one line when written on one line and short enough.
  llvm::StringRef src(e.range.Start.getPointer(),
                      e.range.End.getPointer() - e.range.Start.getPointer());
  if (src.find('\n') == llvm::StringRef::npos && !hasCommentsBefore(closing)) {
    std::string line = "enum " + e.name.text().str() + " {";
    for (size_t i = 0; i < e.values.size(); ++i)
      line += (i ? "  " : " ") + e.values[i].name.text().str() + optText(e.values[i].label);
    line += " }";
    if (indent_ * 2 + displayWidth(line) <= kLineLimit) {
      write(line.substr(("enum " + e.name.text().str()).size()));
      endItem(e.range.End);
      return;
    }
  }
  openBody(e.name.range.End);
  size_t w = 0;
  for (const ast::EnumValue &v : e.values)
    if (v.label)
      w = std::max(w, displayWidth(v.name.text()));
  for (const ast::EnumValue &v : e.values) {
    beginItem(v.range.Start);
    write(v.label ? padTo(v.name.text().str(), w) + " " + text(*v.label) : v.name.text().str());
    endItem(v.range.End);
  }
  closeBody(e.range);
}

/// One row of a field table: `name "label" : type modifiers`, the columns
/// aligned; modifiers that would take the row past the line limit go on
/// the next line.
static void specRow(Printer &p, const std::string &prefix, const ast::FieldSpec &f,
                    const SpecTable &t) {
  std::string row = prefix + padTo(f.name.text().str(), t.name);
  if (t.anyLabel)
    row += " " + padTo(f.label ? p.text(*f.label) : std::string(), t.label);
  row += " : " + padTo(f.type.name.text().str(), t.type);
  p.writeWrapped(row, p.fieldModifiers(f));
}

static SpecTable measure(const Printer &p, const std::vector<const ast::FieldSpec *> &specs) {
  SpecTable t;
  for (const ast::FieldSpec *f : specs) {
    t.name = std::max(t.name, displayWidth(f->name.text()));
    if (f->label) {
      t.anyLabel = true;
      t.label = std::max(t.label, displayWidth(p.text(*f->label)));
    }
    t.type = std::max(t.type, displayWidth(f->type.name.text()));
  }
  return t;
}

void Printer::form(const ast::FormDecl &f) {
  write("form " + f.name.text().str() + optText(f.label));
  if (f.fields.empty() && f.rules.empty() &&
      !hasCommentsBefore(closingBrace(f.range).getPointer())) {
    write(" {}");
    endItem(f.range.End);
    return;
  }
  openBody(f.label ? f.label->range.End : f.name.range.End);
  std::vector<const ast::FieldSpec *> specs;
  for (const ast::FieldSpec &s : f.fields)
    specs.push_back(&s);
  SpecTable t = measure(*this, specs);
  // Fields and rules in source order.
  size_t fi = 0, ri = 0;
  while (fi < f.fields.size() || ri < f.rules.size()) {
    bool takeField = ri == f.rules.size() ||
                     (fi < f.fields.size() && f.fields[fi].range.Start.getPointer() <
                                                  f.rules[ri].range.Start.getPointer());
    if (takeField) {
      const ast::FieldSpec &s = f.fields[fi++];
      beginItem(s.range.Start);
      specRow(*this, "", s, t);
      endItem(s.range.End);
    } else {
      const ast::Rule &r = f.rules[ri++];
      beginItem(r.range.Start);
      // A rule too long for one line puts its condition on the next.
      writeWrapped("rule " + text(r.message) + " :", " " + (r.cond ? expr(*r.cond) : std::string()));
      endItem(r.range.End);
    }
  }
  closeBody(f.range);
}

void Printer::vars(const std::vector<const ast::VarDecl *> &run, bool blankBefore) {
  std::vector<const ast::FieldSpec *> specs;
  for (const ast::VarDecl *v : run)
    specs.push_back(&v->spec);
  SpecTable t = measure(*this, specs);
  for (size_t i = 0; i < run.size(); ++i) {
    beginItem(run[i]->range.Start, i == 0 && blankBefore);
    specRow(*this, "var ", run[i]->spec, t);
    endItem(run[i]->range.End);
  }
}

void Printer::section(const ast::SectionDecl &s) {
  write("section " + text(s.title) + (s.role ? " by " + text(*s.role) : std::string()));
  openBody(s.role ? s.role->range.End : s.title.range.End);
  for (size_t i = 0; i < s.steps.size(); ++i)
    step(*s.steps[i], i > 0);
  closeBody(s.range);
}

void Printer::step(const ast::StepDecl &s, bool blankBefore) {
  bool first = true;
  for (const ast::Attribute &a : s.attributes) {
    beginItem(a.range.Start, first && blankBefore);
    first = false;
    std::string line = "@" + a.name.text().str();
    if (!a.args.empty()) {
      line += "(";
      for (size_t i = 0; i < a.args.size(); ++i)
        line += (i ? ", " : "") + a.args[i].text().str();
      line += ")";
    }
    write(line);
    endItem(a.range.End);
  }
  beginItem(first ? s.range.Start : s.attributes.back().range.End, first && blankBefore);
  write("step " + s.id.text().str() + optText(s.title) +
        (s.role ? " by " + text(*s.role) : std::string()));
  block(s.body);
  endItem(s.body.range.End);
}

} // namespace callflow::format::detail
