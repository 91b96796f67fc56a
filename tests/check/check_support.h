// Helpers for the checker's tests: parse a flow from text or a file, check
// it, and verify the inline expectations.
#pragma once

#include <memory>
#include <string>

#include "check/check.h"
#include "diag/diagnostic.h"
#include "diag/verify.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "parse/parse.h"

namespace callflow::checktest {

struct Checked {
  llvm::SourceMgr sm;
  std::unique_ptr<diag::DiagnosticEngine> diags;
  std::unique_ptr<ast::File> file;
  std::unique_ptr<sema::Program> program;
  unsigned bufferId = 0;

  diag::VerifyResult verify() const { return diag::verifyDiagnostics(*diags, {bufferId}); }
  std::string dump() const {
    std::string s;
    for (const diag::Diagnostic &d : diags->diagnostics()) {
      auto lc = sm.getLineAndColumn(d.range.Start);
      s += std::to_string(lc.first) + ": " + d.messageWithCode() + "\n";
      for (const diag::Note &n : d.notes)
        s += "   note: " + n.message + "\n";
    }
    return s;
  }
};

inline std::unique_ptr<Checked> checkBuffer(std::unique_ptr<llvm::MemoryBuffer> buf,
                                            diag::WarningOptions w = {},
                                            const check::CheckOptions &opts = {}) {
  auto c = std::make_unique<Checked>();
  c->bufferId = c->sm.AddNewSourceBuffer(std::move(buf), llvm::SMLoc());
  c->diags = std::make_unique<diag::DiagnosticEngine>(c->sm, w);
  c->file = parse::parseBuffer(c->sm, c->bufferId, *c->diags);
  const ast::File *files[] = {c->file.get()};
  c->program = check::checkProgram(files, c->sm, *c->diags, opts);
  return c;
}

inline std::unique_ptr<Checked> checkText(const std::string &text, diag::WarningOptions w = {},
                                          const check::CheckOptions &opts = {}) {
  return checkBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "test.flow"), std::move(w), opts);
}

} // namespace callflow::checktest
