// Page numbers from a PDF's layout: pdfinfo output parsing and the update
// of ScriptOptions between renderings. See pages.h.
#include "print/pages.h"

#include <algorithm>
#include <cstdlib>

#include "print/escape.h"
#include "print/script_model.h"
#include "llvm/ADT/SmallVector.h"

namespace callflow::print {

namespace {

bool parseInt(llvm::StringRef s, int &out) {
  unsigned long long v = 0;
  if (s.empty() || s.getAsInteger(10, v) || v > 1000000)
    return false;
  out = static_cast<int>(v);
  return true;
}

/// The top of a destination view `[ XYZ left top zoom ]`, `[ FitH top ]` or
/// `[ FitBH top ]`; -1 for the other kinds and for `null`.
double viewTop(llvm::StringRef view) {
  llvm::SmallVector<llvm::StringRef, 6> tok;
  view.split(tok, ' ', -1, /*KeepEmpty=*/false);
  size_t at = 0;
  if (!tok.empty() && tok[0] == "XYZ")
    at = 2;
  else if (!tok.empty() && (tok[0] == "FitH" || tok[0] == "FitBH"))
    at = 1;
  if (at == 0 || at >= tok.size() || tok[at] == "null")
    return -1;
  std::string num = tok[at].str();
  char *end = nullptr;
  double v = std::strtod(num.c_str(), &end);
  return end && *end == '\0' && v >= 0 ? v : -1;
}

} // namespace

size_t parsePdfDests(llvm::StringRef text, llvm::StringMap<PdfDest> &out) {
  size_t stored = 0;
  while (!text.empty()) {
    llvm::StringRef line;
    std::tie(line, text) = text.split('\n');
    line = line.rtrim("\r");
    // "<page> [ <view> ] "<name>""
    llvm::StringRef rest = line.ltrim();
    size_t sp = rest.find(' ');
    int page = 0;
    if (sp == llvm::StringRef::npos || !parseInt(rest.take_front(sp), page) || page < 1)
      continue; // the header, or not a destination line
    rest = rest.drop_front(sp).ltrim();
    if (!rest.consume_front("["))
      continue;
    size_t close = rest.find(']');
    if (close == llvm::StringRef::npos)
      continue;
    llvm::StringRef view = rest.take_front(close).trim();
    rest = rest.drop_front(close + 1).trim();
    if (rest.size() < 2 || rest.front() != '"' || rest.back() != '"')
      continue;
    llvm::StringRef name = rest.drop_front().drop_back();
    if (name.empty())
      continue;
    if (out.try_emplace(name, PdfDest{page, viewTop(view)}).second)
      ++stored;
  }
  return stored;
}

int parsePdfPageCount(llvm::StringRef text) {
  while (!text.empty()) {
    llvm::StringRef line;
    std::tie(line, text) = text.split('\n');
    line = line.rtrim("\r");
    int n = 0;
    if (line.consume_front("Pages:") && parseInt(line.trim(), n))
      return n;
  }
  return 0;
}

void reservePageNumbers(const sema::Program &p, ScriptOptions &opts) {
  opts.stepPages.assign(p.steps.size(), 88);
  opts.sectionPages.assign(buildScript(p).sections.size(), 88);
}

bool applyLayout(const sema::Program &p, const PdfLayout &layout, ScriptOptions &opts) {
  // The anchors in the order the script prints them: each section heading,
  // then its steps.
  struct Anchor {
    std::string name;
    int step;    // -1 for a section heading
    int section; // index among the printed sections
  };
  std::vector<Anchor> order;
  ScriptDoc doc = buildScript(p);
  for (size_t i = 0; i < doc.sections.size(); ++i) {
    order.push_back({anchorId("section-", std::to_string(i + 1)), -1, (int)i});
    for (const StepDoc &s : doc.sections[i].steps)
      order.push_back({anchorId("step-", s.id), s.index, (int)i});
  }

  std::vector<int> stepPages(p.steps.size(), 0), sectionPages(doc.sections.size(), 0);
  std::vector<const PdfDest *> at(order.size(), nullptr);
  double pageTop = 0; // every section starts a page, so the highest top is a page's top
  for (size_t k = 0; k < order.size(); ++k) {
    auto it = layout.dests.find(order[k].name);
    if (it == layout.dests.end())
      continue;
    at[k] = &it->second;
    pageTop = std::max(pageTop, it->second.top);
    (order[k].step >= 0 ? stepPages[order[k].step] : sectionPages[order[k].section]) =
        it->second.page;
  }

  std::vector<bool> split = opts.splitSteps;
  split.resize(p.steps.size(), false);
  for (size_t k = 0; k < order.size(); ++k) {
    int s = order[k].step;
    if (s < 0 || !at[k] || split[s])
      continue;
    // Where the block ends: where the next anchor is. A block that may not
    // split spans pages when the next one starts two pages on, or on the
    // next page below its top (a section heading always starts a page, and
    // a block pushed to the next page starts at its top).
    const int a = at[k]->page;
    bool spans;
    if (k + 1 == order.size())
      spans = layout.pages > a;
    else if (!at[k + 1])
      spans = false; // unknown
    else if (order[k + 1].step < 0)
      spans = at[k + 1]->page > a + 1;
    else
      spans = at[k + 1]->page > a + 1 ||
              (at[k + 1]->page == a + 1 && at[k + 1]->top >= 0 && at[k + 1]->top < pageTop - 1);
    split[s] = spans;
  }

  std::vector<bool> before = opts.splitSteps;
  before.resize(p.steps.size(), false);
  bool changed = stepPages != opts.stepPages || sectionPages != opts.sectionPages ||
                 split != before;
  opts.stepPages = std::move(stepPages);
  opts.sectionPages = std::move(sectionPages);
  opts.splitSteps = std::move(split);
  return changed;
}

} // namespace callflow::print
