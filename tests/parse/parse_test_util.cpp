// Shared helpers for the parse tests (see parse_test_util.h).
#include "parse_test_util.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ast/ast.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "parse/parse_internal.h"

namespace callflow::testing {

std::unique_ptr<Parsed> parseText(const std::string &text, const parse::ParseOptions &opts) {
  auto p = std::make_unique<Parsed>();
  p->bufferId = p->sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "test.flow"), llvm::SMLoc());
  p->diags = std::make_unique<diag::DiagnosticEngine>(p->sm);
  p->file = parse::parseBuffer(p->sm, p->bufferId, *p->diags, opts);
  return p;
}

std::string Parsed::dump() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  ast::dumpAst(*file, sm, os);
  os.flush();
  return s.substr(s.find('\n') + 1);
}

std::vector<std::string> Parsed::diagnostics() const {
  std::vector<std::string> out;
  for (const diag::Diagnostic &d : diags->sortedDiagnostics()) {
    std::string pos = "?:?";
    if (d.range.Start.isValid()) {
      auto [line, col] = sm.getLineAndColumn(d.range.Start, bufferId);
      pos = std::to_string(line) + ":" + std::to_string(col);
    }
    out.push_back(pos + " " + d.info().code + " " + d.message);
  }
  return out;
}

size_t Parsed::count(diag::DiagId id) const {
  size_t n = 0;
  for (const diag::Diagnostic &d : diags->diagnostics())
    n += d.id == id;
  return n;
}

std::string Parsed::all() const {
  std::string s;
  for (const std::string &d : diagnostics())
    s += d + "\n";
  return s;
}

std::string readSourceFile(const std::string &relPath) {
  std::ifstream in(std::string(CALLFLOW_SOURCE_DIR) + "/" + relPath, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t forEachFlowFile(const std::function<void(const std::string &, const std::string &)> &f) {
  namespace fs = std::filesystem;
  size_t files = 0;
  for (const char *dir : {"samples", "tests"})
    for (const auto &e : fs::recursive_directory_iterator(fs::path(CALLFLOW_SOURCE_DIR) / dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".flow")
        continue;
      f(e.path().string(), readSourceFile(fs::relative(e.path(), CALLFLOW_SOURCE_DIR).string()));
      ++files;
    }
  return files;
}

std::string generatedFlow(int steps, const std::string &name) {
  std::string out = std::string(CALLFLOW_BINARY_DIR) + "/tests/parse/" + name;
  std::string cmd = "python3 " + std::string(CALLFLOW_SOURCE_DIR) + "/bench/gen_flow.py " +
                    std::to_string(steps) + " > " + out;
  if (std::system(cmd.c_str()) != 0)
    return "";
  return readSourceFile(std::filesystem::relative(out, CALLFLOW_SOURCE_DIR).string());
}

std::string sectionRanges(const std::string &src, unsigned threads, bool treeOnly) {
  llvm::SourceMgr sm;
  unsigned id =
      sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "t.flow"), llvm::SMLoc());
  diag::DiagnosticEngine diags(sm);
  parse::ParseOptions opts;
  opts.threads = threads;
  opts.minChunkBytes = 1;
  using parse::internal::BuildMode;
  auto file = parse::internal::parseBufferIn(treeOnly ? BuildMode::TreeOnly : BuildMode::Auto, sm,
                                             id, diags, opts);
  const char *base = sm.getMemoryBuffer(id)->getBufferStart();
  std::string out;
  for (const ast::DeclPtr &d : file->decls)
    if (auto *sec = llvm::dyn_cast<ast::SectionDecl>(d.get()))
      out += std::to_string(sec->range.Start.getPointer() - base) + "-" +
             std::to_string(sec->range.End.getPointer() - base) + ":" +
             std::to_string(sec->steps.size()) + " ";
  return out;
}

} // namespace callflow::testing
