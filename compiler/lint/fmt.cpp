// formatSource: parse a buffer and format it, refusing sources with errors.
#include "diag/render.h"
#include "lint/formatter.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "parse/parse.h"

namespace callflow::lint {

FormatResult formatSource(llvm::StringRef source, llvm::StringRef name) {
  FormatResult r;
  llvm::SourceMgr sm;
  unsigned id =
      sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, name), llvm::SMLoc());
  diag::DiagnosticEngine diags(sm);
  std::unique_ptr<ast::File> file = parse::parseBuffer(sm, id, diags);
  if (diags.hasErrors() || !file) {
    for (const diag::Diagnostic &d : diags.sortedDiagnostics()) {
      if (d.severity != diag::Severity::Error)
        continue;
      std::string s;
      llvm::raw_string_ostream os(s);
      diag::renderText(sm, d, os);
      r.errors.push_back(os.str());
    }
    return r;
  }
  file->bufferId = id;
  r.text = formatFile(*file, sm);
  r.ok = true;
  return r;
}

} // namespace callflow::lint
