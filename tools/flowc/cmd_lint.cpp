// `flowc lint [PATH...]`: check every .flow file under the given
// directories (default: the current one) in parallel and report in the
// format a CI system reads (text, json, sarif, github). Settings come from
// the nearest `.flowconfig` (see compiler/driver/project_config.h), then the
// command line. Exit 0 clean, 1 findings that fail (errors, or more
// warnings than --max-warnings), 2 usage or I/O error.
#include "commands.h"
#include "common.h"


#include "driver/project_config.h"
#include "lint/output.h"
#include "lint/runner.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;
using namespace callflow;

namespace flowc {
namespace {
cl::SubCommand Cmd("lint", "Check all flows under directories for CI (exit 0 clean, 1 findings "
                           "that fail, 2 usage or I/O)");
cl::list<std::string> Inputs(cl::Positional, cl::sub(Cmd), cl::desc("[path...]"),
                             cl::ZeroOrMore);
cl::opt<lint::OutputFormat> Format(
    "format", cl::sub(Cmd), cl::desc("Report format"), cl::init(lint::OutputFormat::Text),
    cl::values(clEnumValN(lint::OutputFormat::Text, "text", "clang-style text and a summary"),
               clEnumValN(lint::OutputFormat::Json, "json", "one JSON object per finding"),
               clEnumValN(lint::OutputFormat::Sarif, "sarif", "SARIF 2.1.0 (code scanning)"),
               clEnumValN(lint::OutputFormat::Github, "github",
                          "GitHub Actions annotations (::error file=...)")));
cl::opt<int> MaxWarnings("max-warnings", cl::sub(Cmd), cl::init(-1), cl::value_desc("N"),
                         cl::desc("Fail when there are more than N warnings (default: "
                                  ".flowconfig's max-warnings, else no limit)"));
cl::opt<unsigned> Jobs("j", cl::sub(Cmd), cl::init(0), cl::value_desc("N"), cl::Prefix,
                       cl::desc("Check N flows at a time (default: one per core)"));
cl::alias JobsLong("jobs", cl::aliasopt(Jobs), cl::desc("Alias for -j"));
cl::opt<std::string> Output("o", cl::sub(Cmd), cl::value_desc("file"),
                            cl::desc("Write the report to a file instead of standard output"));
cl::list<std::string> Exclude("exclude", cl::sub(Cmd), cl::value_desc("path"),
                              cl::desc("Do not search this file or directory (repeatable)"));
cl::opt<std::string> PathBase("path-base", cl::sub(Cmd), cl::value_desc("dir"),
                              cl::desc("Show paths relative to this directory (default: the "
                                       ".flowconfig directory, else the current one)"));
cl::opt<bool> Quiet("quiet", cl::sub(Cmd), cl::desc("No summary line and no progress"));
cl::opt<std::string> HelpUri("help-uri", cl::sub(Cmd), cl::value_desc("url"),
                             cl::desc("Where docs/diagnostics.md is published: SARIF rules link "
                                      "to its headings (default: .flowconfig's help-uri, else "
                                      "no links)"));
} // namespace

cl::SubCommand &lintCommand() { return Cmd; }

int runLint() {
  Project project;
  if (!loadProject(project))
    return kExitUsage;
  const driver::ProjectConfig &config = project.config;

  lint::LintOptions opts;
  opts.inputs.assign(Inputs.begin(), Inputs.end());
  opts.exclude = config.exclude;
  opts.exclude.insert(opts.exclude.end(), Exclude.begin(), Exclude.end());
  opts.compile = project.compile;
  opts.threads = Jobs;
  opts.resolve.color = Format == lint::OutputFormat::Text && Output.empty() && useColor() &&
                       llvm::outs().has_colors();
  if (!PathBase.empty())
    opts.resolve.paths.baseDir = PathBase;
  else if (!config.dir.empty())
    opts.resolve.paths.baseDir = config.dir;
  else {
    llvm::SmallString<256> cwd;
    llvm::sys::fs::current_path(cwd);
    opts.resolve.paths.baseDir = std::string(cwd);
  }
  bool showProgress = !Quiet && llvm::sys::Process::StandardErrIsDisplayed();
  if (showProgress)
    opts.progress = [](unsigned done, unsigned total) {
      if (total < 50)
        return;
      llvm::errs() << "\rflowc lint: " << done << "/" << total << " flows checked";
      if (done == total)
        llvm::errs() << "\r\x1b[K";
      llvm::errs().flush();
    };

  lint::LintResult r = lint::runLint(opts);
  for (const std::string &e : r.ioErrors)
    llvm::WithColor::error(llvm::errs(), "flowc") << e << "\n";
  for (const std::string &n : r.notes)
    llvm::WithColor::note(llvm::errs(), "flowc") << n << "\n";
  if (!Quiet)
    for (const std::string &l : r.libraries)
      llvm::WithColor::note(llvm::errs(), "flowc")
          << l << " has no 'flow' declaration and no file given imports it: only its syntax "
          << "and imports were checked (lint a flow that imports it to check the rest)\n";

  lint::ReportInfo info;
  info.fileCount = r.fileCount;
  // With an unreadable path the run is incomplete: no "no problems in N
  // files" line, which would read as a pass (the exit code is 2).
  info.summary = !Quiet && r.ioErrors.empty();
  info.helpBaseUri = !HelpUri.empty() ? std::string(HelpUri) : config.helpUri;
  std::string report;
  llvm::raw_string_ostream os(report);
  lint::writeReport(Format, r.findings, info, os);
  os.flush();
  if (!writeOutput(Output, report, r.files))
    return kExitUsage;
  if (Format != lint::OutputFormat::Text && !Quiet && r.ioErrors.empty())
    llvm::errs() << lint::summaryLine(r.findings, r.fileCount) << "\n";
  if (!r.ioErrors.empty() && !Quiet)
    llvm::errs() << "flowc lint: " << r.ioErrors.size()
                 << (r.ioErrors.size() == 1 ? " path" : " paths")
                 << " could not be read; the lint is incomplete\n";

  if (!r.ioErrors.empty())
    return kExitUsage;
  lint::Counts counts = lint::count(r.findings);
  int maxWarnings = MaxWarnings >= 0 ? MaxWarnings
                    : config.maxWarnings ? static_cast<int>(*config.maxWarnings)
                                         : -1;
  if (counts.errors)
    return kExitFindings;
  if (maxWarnings >= 0 && counts.warnings > static_cast<unsigned>(maxWarnings)) {
    llvm::errs() << "flowc lint: " << counts.warnings << " warnings exceed the limit of "
                 << maxWarnings << " (--max-warnings)\n";
    return kExitFindings;
  }
  return kExitClean;
}

} // namespace flowc
