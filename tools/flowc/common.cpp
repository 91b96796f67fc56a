// Options shared by every flowc subcommand, and diagnostic printing.
#include "common.h"

#include <set>

#include "check/sema.h"
#include "diag/render.h"
#include "driver/files.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
cl::OptionCategory &category() {
  static cl::OptionCategory cat("flowc options");
  return cat;
}

cl::list<std::string> IncludePaths("I", cl::Prefix, cl::sub(*cl::AllSubCommands),
                                   cl::desc("Add <dir> to the import search path"),
                                   cl::value_desc("dir"), cl::cat(category()));
cl::list<std::string> Warnings(
    "W", cl::Prefix, cl::sub(*cl::AllSubCommands),
    cl::desc("-Werror: warnings are errors; -W<name> / -Wno-<name>: enable / disable a "
             "warning; -Werror=<name>: that warning is an error"),
    cl::value_desc("name"), cl::cat(category()));
cl::opt<std::string> ProjectRoot("root", cl::sub(*cl::AllSubCommands),
                                 cl::desc("Project root that imports may not leave "
                                          "(default: nearest directory with .flowconfig or .git)"),
                                 cl::value_desc("dir"), cl::cat(category()));
cl::opt<unsigned> ErrorLimit("error-limit", cl::sub(*cl::AllSubCommands),
                             cl::desc("Stop reporting errors after N (0: no limit)"),
                             cl::init(200), cl::cat(category()));
cl::opt<unsigned> WarningLimit("warning-limit", cl::sub(*cl::AllSubCommands),
                               cl::desc("Stop reporting warnings after N (0: no limit)"),
                               cl::init(1000), cl::cat(category()));
enum class ColorMode { Auto, Always, Never };
cl::opt<ColorMode> Color("color-diagnostics", cl::sub(*cl::AllSubCommands),
                         cl::desc("Colour diagnostics"), cl::init(ColorMode::Auto),
                         cl::values(clEnumValN(ColorMode::Auto, "auto", "on a terminal"),
                                    clEnumValN(ColorMode::Always, "always", "always"),
                                    clEnumValN(ColorMode::Never, "never", "never")),
                         cl::cat(category()));
cl::opt<bool> NoConfig("no-config", cl::sub(*cl::AllSubCommands),
                       cl::desc("Ignore .flowconfig files"), cl::cat(category()));
} // namespace

bool loadProject(Project &out, llvm::StringRef startDir) {
  bool ok = true;
  out = Project();
  if (!NoConfig) {
    llvm::SmallString<256> cwd(startDir);
    if (cwd.empty())
      llvm::sys::fs::current_path(cwd);
    std::string error;
    if (!callflow::driver::findProjectConfig(cwd, out.config, error)) {
      llvm::WithColor::error(llvm::errs(), "flowc") << error << "\n";
      ok = false;
    }
  }
  callflow::driver::CompileOptions &o = out.compile;
  o.includePaths.assign(IncludePaths.begin(), IncludePaths.end());
  o.includePaths.insert(o.includePaths.end(), out.config.includePaths.begin(),
                        out.config.includePaths.end());
  o.projectRoot = ProjectRoot;
  o.errorLimit = ErrorLimit;
  o.warningLimit = WarningLimit;
  for (const std::string &w : out.config.warnings)
    if (!o.warnings.apply(w)) {
      llvm::WithColor::error(llvm::errs(), "flowc")
          << out.config.path << ": unknown warning '" << w << "'\n";
      ok = false;
    }
  for (const std::string &w : Warnings)
    if (!o.warnings.apply(w)) {
      llvm::WithColor::error(llvm::errs(), "flowc") << "unknown warning option '-W" << w << "'\n";
      ok = false;
    }
  return ok;
}

callflow::driver::CompileOptions compileOptions(bool &ok) {
  Project p;
  ok = loadProject(p);
  return p.compile;
}

bool useColor() {
  switch (Color) {
  case ColorMode::Always:
    return true;
  case ColorMode::Never:
    return false;
  case ColorMode::Auto:
    break;
  }
  return llvm::errs().has_colors();
}

void printDiagnostics(const callflow::driver::Compilation &c) {
  callflow::diag::RenderOptions ro;
  ro.color = useColor();
  callflow::diag::renderAllText(c.diags(), llvm::errs(), ro);
}

CheckedFlow loadAndCheck(llvm::StringRef input) {
  CheckedFlow out;
  bool ok = true;
  callflow::driver::CompileOptions opts = compileOptions(ok);
  if (!ok) {
    out.exitCode = kExitUsage;
    return out;
  }
  out.compilation = std::make_unique<callflow::driver::Compilation>(opts);
  callflow::driver::Compilation &c = *out.compilation;
  out.program = c.load(input) ? c.check() : nullptr;
  printDiagnostics(c);
  if (c.ioFailed() || !out.program) {
    out.program = nullptr;
    out.exitCode = kExitUsage;
  } else if (c.diags().hasErrors()) {
    out.exitCode = kExitFindings;
  }
  return out;
}

std::vector<std::string> inputFiles(const CheckedFlow &flow) {
  std::vector<std::string> out;
  if (flow.compilation)
    for (const callflow::ast::File *f : flow.compilation->files())
      out.push_back(f->path);
  return out;
}

bool writeOutput(llvm::StringRef path, llvm::StringRef data, const std::vector<std::string> &inputs,
                 const std::function<std::string()> &beforeCommit) {
  if (path.empty() || path == "-") {
    if (beforeCommit)
      if (std::string refused = beforeCommit(); !refused.empty()) {
        llvm::WithColor::error(llvm::errs(), "flowc") << refused << "\n";
        return false;
      }
    llvm::outs() << data;
    std::string error = callflow::driver::checkStandardOutput();
    if (!error.empty())
      llvm::WithColor::error(llvm::errs(), "flowc") << error << "\n";
    return error.empty();
  }
  std::string error = callflow::driver::writeOutputFile(path, data, inputs, beforeCommit);
  if (!error.empty())
    llvm::WithColor::error(llvm::errs(), "flowc") << error << "\n";
  return error.empty();
}

bool makeTemporaryOutput(llvm::StringRef extension, std::string &tempPath) {
  llvm::SmallString<256> tmp;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("callflow-out", extension, tmp)) {
    llvm::WithColor::error(llvm::errs(), "flowc") << "cannot create a temporary file: " << ec.message() << "\n";
    return false;
  }
  tempPath = std::string(tmp);
  return true;
}

bool writeOutputFrom(llvm::StringRef tempPath, llvm::StringRef path,
                     const std::vector<std::string> &inputs) {
  callflow::driver::ReadResult r = callflow::driver::readFileBounded(tempPath, 1ull << 30);
  llvm::sys::fs::remove(tempPath);
  if (!r) {
    llvm::WithColor::error(llvm::errs(), "flowc")
        << "cannot read the drawn output '" << tempPath << "': "
        << (r.tooLarge ? std::string("over 1 GiB") : r.error.message()) << "\n";
    return false;
  }
  return writeOutput(path, r.buffer->getBuffer(), inputs);
}

int finishOutput(int exitCode) {
  std::string error = callflow::driver::checkStandardOutput();
  if (!error.empty()) {
    llvm::WithColor::error(llvm::errs(), "flowc") << error << "\n";
    exitCode = kExitUsage;
  }
  callflow::driver::forgetStandardErrorFailure();
  return exitCode;
}

std::vector<std::string> uniqueInputs(const std::vector<std::string> &inputs,
                                      const callflow::diag::WarningOptions &warnings,
                                      bool &failed) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  llvm::SourceMgr sm;
  callflow::diag::DiagnosticEngine diags(sm, warnings);
  for (const std::string &in : inputs) {
    llvm::SmallString<256> real;
    std::string key = llvm::sys::fs::real_path(in, real) ? in : std::string(real);
    if (!seen.insert(key).second) {
      diags.report(callflow::diag::DiagId::DuplicateInput, llvm::SMRange(), {in});
      continue;
    }
    out.push_back(in);
  }
  callflow::diag::RenderOptions ro;
  ro.color = useColor();
  callflow::diag::renderAllText(diags, llvm::errs(), ro);
  failed = diags.hasErrors();
  return out;
}

std::vector<std::string> &rawArguments() {
  static std::vector<std::string> args;
  return args;
}

} // namespace flowc
