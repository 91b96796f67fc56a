// internal::snapshot: a parse as one comparable text (parse_internal.h).
#include "ast/dump.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "parse/parse_internal.h"

namespace callflow::parse::internal {

std::string snapshot(BuildMode mode, llvm::StringRef src, ParseOptions opts, unsigned *pieces) {
  llvm::SourceMgr sm;
  unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "t.flow"), llvm::SMLoc());
  diag::DiagnosticEngine diags(sm);
  ParseStats stats;
  opts.stats = &stats;
  std::unique_ptr<ast::File> file = parseBufferIn(mode, sm, id, diags, opts);
  if (pieces)
    *pieces = stats.pieces;
  const char *base = sm.getMemoryBuffer(id)->getBufferStart();
  auto at = [&](llvm::SMLoc l) { return l.isValid() ? long(l.getPointer() - base) : -1L; };
  std::string out;
  llvm::raw_string_ostream os(out);
  ast::dumpAst(*file, sm, os);
  for (const ast::Comment &c : file->comments)
    os << "comment " << at(c.range.Start) << "-" << at(c.range.End) << " " << c.text << "\n";
  for (const diag::Diagnostic &d : diags.diagnostics())
    os << "diag " << at(d.range.Start) << "-" << at(d.range.End) << " " << d.info().code << " "
       << d.message << "\n";
  os.flush();
  return out;
}

} // namespace callflow::parse::internal
