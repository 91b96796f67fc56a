// The workbench's project: the flow a file is checked in (itself, or the
// nearest file that imports it and declares `flow`), its analysis kept
// for hover and definition, and the flowcharts drawn (impl.h).
#include "workbench/impl.h"

#include <regex>

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

namespace callflow::workbench {

namespace {
bool hasFlowDecl(llvm::StringRef text) {
  // A line whose first word is `flow` (comments aside: good enough to
  // choose the file to check; the checker says the rest).
  for (llvm::StringRef rest = text; !rest.empty();) {
    auto [line, tail] = rest.split('\n');
    rest = tail;
    llvm::StringRef t = line.ltrim();
    if (t.consume_front("flow") && (t.empty() || t.front() == ' ' || t.front() == '\t')) return true;
  }
  return false;
}
} // namespace

std::string realOf(llvm::StringRef path) {
  llvm::SmallString<256> real;
  if (fs::real_path(path, real)) return path.str();
  return std::string(real);
}

void Workbench::Impl::scanImports() {
  const auto now = std::chrono::steady_clock::now();
  if (now - scanned < std::chrono::seconds(2)) return;
  scanned = now;
  importers.clear();
  declaresFlow.clear();
  static const std::regex importLine(R"re(^\s*import\s+"([^"]+)")re");
  std::error_code ec;
  size_t seen = 0;
  for (fs::recursive_directory_iterator it(dir, ec, false), end; it != end && !ec; it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (++seen > 20000) break;
    if (name.startswith(".") || name == "node_modules" || name == "build") {
      if (it->type() == fs::file_type::directory_file) it.no_push();
      continue;
    }
    if (!name.endswith(".flow") || it->type() != fs::file_type::regular_file) continue;
    auto buf = llvm::MemoryBuffer::getFile(it->path(), false, false);
    if (!buf) continue;
    llvm::StringRef text = (*buf)->getBuffer();
    const std::string real = realOf(it->path());
    declaresFlow[real] = hasFlowDecl(text);
    // Only the head of a file imports (imports come first).
    llvm::StringRef head = text.take_front(64 << 10);
    for (llvm::StringRef rest = head; !rest.empty();) {
      auto [line, tail] = rest.split('\n');
      rest = tail;
      std::cmatch m;
      if (!std::regex_search(line.begin(), line.end(), m, importLine)) continue;
      llvm::SmallString<256> target(llvm::sys::path::parent_path(it->path()));
      llvm::sys::path::append(target, m[1].str());
      importers[realOf(target)].push_back(real);
    }
  }
}

std::string Workbench::Impl::findRoot(const std::string &abs, const std::string &text) {
  if (hasFlowDecl(text)) return abs;
  scanImports();
  // Breadth first through the importers: the nearest file that declares a flow.
  std::vector<std::string> queue{realOf(abs)};
  std::map<std::string, bool> seen;
  for (size_t i = 0; i < queue.size() && i < 1000; ++i) {
    for (const std::string &by : importers[queue[i]]) {
      if (seen[by]) continue;
      seen[by] = true;
      if (declaresFlow[by]) return by;
      queue.push_back(by);
    }
  }
  return abs; // imported by no flow: checked on its own
}

bool Workbench::Impl::docOf(const llvm::json::Object &body, Doc &doc, Response &bad) {
  if (!pathOf(body, doc.rel, doc.abs, bad)) return false;
  std::optional<std::string> text = needString(body, "text", bad);
  if (!text) return false;
  doc.text = std::move(*text);
  doc.rootAbs = findRoot(doc.abs, doc.text);
  doc.rootRel = relativeTo(dir, doc.rootAbs);
  return true;
}

lsp::Analysis &Workbench::Impl::analyze(Doc &doc) {
  const bool own = doc.rootAbs == doc.abs;
  const std::string key = doc.rootAbs + '\n' + doc.abs;
  Cached &c = analyses[key];
  if (c.analysis && c.text == doc.text) {
    doc.file = c.file;
    return *c.analysis;
  }
  driver::CompileOptions options = compileOptions();
  std::string rootText;
  if (own) {
    rootText = doc.text;
  } else {
    // The importer from disk, the edited document's text in place of its file.
    if (auto buf = llvm::MemoryBuffer::getFile(doc.rootAbs, false, false)) rootText = (*buf)->getBuffer().str();
    const std::string real = realOf(doc.abs), text = doc.text;
    auto previousOverlay = options.overlay;
    options.overlay = [real, text, previousOverlay](llvm::StringRef path) -> std::unique_ptr<llvm::MemoryBuffer> {
      if (realOf(path) == real) return llvm::MemoryBuffer::getMemBufferCopy(text, path);
      return previousOverlay ? previousOverlay(path) : nullptr;
    };
  }
  // The declarations an edit did not touch are taken from the last
  // analysis when it parsed clean (the language server's incremental parse).
  lsp::Analysis *previous =
      own && c.analysis && c.analysis->compilation().rootParsedClean() ? c.analysis.get() : nullptr;
  auto next = std::make_unique<lsp::Analysis>(doc.rootAbs, rootText, 0, options, previous);
  c.analysis = std::move(next);
  c.text = doc.text;
  c.file = 0;
  if (!own) {
    const std::string real = realOf(doc.abs);
    for (unsigned i = 0; i < c.analysis->files().size(); ++i)
      if (realOf(c.analysis->files()[i].path) == real) c.file = i;
  }
  doc.file = c.file;
  if (analyses.size() > 8) // a page edits a few files: keep this one
    for (auto it = analyses.begin(); it != analyses.end();)
      it = it->first == key ? std::next(it) : analyses.erase(it);
  return *c.analysis;
}

std::string Workbench::Impl::drawGraph(const std::string &dot, std::string &why) {
  const uint64_t key = llvm::xxHash64(dot);
  for (const auto &[k, svg] : svgs)
    if (k == key) return svg;
  std::string svg;
  if (!graphviz.drawSvg(dot, svg, why, wb.options_.dotTimeoutSeconds)) return "";
  svgs.emplace_back(key, svg);
  if (svgs.size() > 8) svgs.pop_front();
  return svg;
}

} // namespace callflow::workbench
