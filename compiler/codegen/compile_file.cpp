// compileFile: driver (load + check) then codegen, for the tools; checkAndGenerate:
// check and codegen, overlapped.
#include "codegen/compile_file.h"

#include <chrono>
#include <optional>

#include "check/sema.h"
#include "codegen/codegen.h"
#include "diag/render.h"
#include "llvm/Support/FileSystem.h"
#include "support/aside.h"

namespace callflow::codegen {

namespace {
double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
} // namespace

Checked checkAndGenerate(driver::Compilation &c, const Options &options, bool overlap) {
  Checked out;
  // Only a fully parsed flow (no load or syntax error) is generated early:
  // codegen expects every node of the AST to be there.
  // Codegen beside the check takes a second thread of the budget.
  overlap = overlap && c.diags().errorCount() == 0 && c.threads() > 1;
  std::optional<Result> early;
  Aside worker; // joined on every way out, an exception from the check included
  check::CheckOptions co;
  // With codegen beside it, the checker's own work aside (its prices in
  // lines) needs a third thread: on two it would only share a core.
  co.threads = !overlap || c.threads() > 2;
  co.phaseTimes = &out.checkPhases;
  if (overlap)
    co.afterResolution = [&](const sema::Program &p) {
      Options o = options;
      o.requireClean = false;
      // No thread to be had: generated after the check.
      worker.start([&early, &p, &c, o] {
        try {
          early = generate(p, c.sourceMgr(), o);
        } catch (...) {
          // Left to the generation after the check, which reports it.
        }
      });
    };
  auto t0 = std::chrono::steady_clock::now();
  out.program = c.check(co);
  out.checkSeconds = secondsSince(t0);
  t0 = std::chrono::steady_clock::now();
  worker.join();
  out.overlapped = early.has_value();
  out.clean = out.program && out.program->clean && c.diags().errorCount() == 0;
  if (out.clean)
    out.code = early ? std::move(*early) : generate(*out.program, c.sourceMgr(), options);
  out.codegenSeconds = secondsSince(t0);
  return out;
}

CompiledFile compileFile(const std::string &path, const driver::CompileOptions &options,
                         llvm::raw_ostream &diagOut, bool color,
                         std::unique_ptr<driver::Compilation> *keep) {
  auto owned = std::make_unique<driver::Compilation>(options);
  struct HandOver { // on every way out
    std::unique_ptr<driver::Compilation> &owned, *keep;
    ~HandOver() {
      if (keep)
        *keep = std::move(owned);
    }
  } handOver{owned, keep};
  driver::Compilation &c = *owned;
  CompiledFile out;
  Options codegenOptions;
  Checked checked;
  if (c.load(path)) {
    codegenOptions.pathBase = c.projectRoot();
    checked = checkAndGenerate(c, codegenOptions);
  }
  const sema::Program *program = checked.program;
  out.errors = c.diags().errorCount();
  out.warnings = c.diags().warningCount();
  if (out.errors || out.warnings) {
    diag::RenderOptions ro;
    ro.color = color;
    diag::renderAllText(c.diags(), diagOut, ro);
  }
  if (c.ioFailed() || !program) {
    out.status = CompiledFile::Status::Unreadable;
    out.error = "cannot read '" + path + "'";
    return out;
  }
  if (out.errors || !program->clean) {
    out.status = CompiledFile::Status::HasErrors;
    out.error = "'" + path + "' has errors; only a flow that checks clean is compiled";
    return out;
  }
  for (size_t i = 0; i < program->steps.size() && i < program->reachable.size(); ++i)
    if (!program->reachable[i])
      out.unreachableSteps.emplace_back(program->steps[i].id);
  for (const ast::File *f : c.files()) {
    out.files.push_back(f->path);
    uint64_t size = 0;
    if (!llvm::sys::fs::file_size(f->path, size)) out.sourceBytes += size;
  }
  Result &r = checked.code;
  if (!r) {
    out.status = CompiledFile::Status::CodegenFailed;
    out.error = "cannot compile: " + r.error;
    // A flow that checked clean should always compile: point at the source
    // of what could not be (file:line:col, the line and a caret).
    const llvm::SourceMgr &sm = c.sourceMgr();
    if (r.errorRange.isValid())
      if (unsigned buf = sm.FindBufferContainingLoc(r.errorRange.Start)) {
        sm.PrintMessage(diagOut, r.errorRange.Start, llvm::SourceMgr::DK_Error, out.error, {r.errorRange}, {},
                        color);
        const diag::LineCol lc = diag::lineColumn(sm, r.errorRange.Start);
        out.error = sm.getMemoryBuffer(buf)->getBufferIdentifier().str() + ":" + std::to_string(lc.line) + ":" +
                    std::to_string(lc.column) + ": " + out.error;
      }
    return out;
  }
  out.bytes = std::move(r.bytes);
  return out;
}

} // namespace callflow::codegen
