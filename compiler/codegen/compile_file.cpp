// compileFile: driver (load + check) then codegen, for the tools.
#include "codegen/compile_file.h"

#include "check/sema.h"
#include "codegen/codegen.h"
#include "diag/render.h"
#include "llvm/Support/FileSystem.h"

namespace callflow::codegen {

CompiledFile compileFile(const std::string &path, const driver::CompileOptions &options,
                         llvm::raw_ostream &diagOut, bool color) {
  CompiledFile out;
  driver::Compilation c(options);
  const sema::Program *program = c.load(path) ? c.check() : nullptr;
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
      out.unreachableSteps.push_back(program->steps[i].id);
  for (const ast::File *f : c.files()) {
    uint64_t size = 0;
    if (!llvm::sys::fs::file_size(f->path, size)) out.sourceBytes += size;
  }
  Options codegenOptions;
  codegenOptions.pathBase = c.projectRoot();
  Result r = generate(*program, c.sourceMgr(), codegenOptions);
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
