// `flowc fmt [--check] [PATH...]`: rewrite flows in the canonical layout
// (compiler/format/formatter.h). Directories are searched for .flow files
// (default: the current one), skipping .flowconfig's `exclude`; `-`
// formats standard input to standard output. `--check` changes
// nothing and prints a unified diff for each file that is not formatted.
// Exit 0 formatted, 1 a file is not formatted (--check) or does not parse,
// 2 usage or I/O error.
#include "commands.h"
#include "common.h"

#include "driver/files.h"
#include "format/formatter.h"
#include "format/unified_diff.h"
#include "lint/runner.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;
using namespace callflow;

namespace flowc {
namespace {
cl::SubCommand Cmd("fmt", "Format flows in the canonical layout (--check: exit 1 and print a "
                          "diff when a file is not formatted)");
cl::list<std::string> Inputs(cl::Positional, cl::sub(Cmd), cl::desc("[path|-]..."),
                             cl::ZeroOrMore);
cl::opt<bool> Check("check", cl::sub(Cmd),
                    cl::desc("Change nothing; print a diff and exit 1 if a file is not formatted"));
cl::opt<bool> ToStdout("stdout", cl::sub(Cmd),
                       cl::desc("Print the formatted text instead of rewriting the files"));
cl::list<std::string> Exclude("exclude", cl::sub(Cmd), cl::value_desc("path"),
                              cl::desc("Do not search this file or directory (repeatable; "
                                       "adds to .flowconfig's exclude)"));

enum class Outcome { Same, Changed, Invalid, IoError };

Outcome formatOne(const std::string &path, llvm::StringRef src, std::string &formatted) {
  format::FormatResult r = format::formatSource(src, path);
  if (!r.ok) {
    for (const std::string &e : r.errors)
      llvm::errs() << e;
    return Outcome::Invalid;
  }
  formatted = std::move(r.text);
  return formatted == src ? Outcome::Same : Outcome::Changed;
}
} // namespace

cl::SubCommand &fmtCommand() { return Cmd; }

int runFmt() {
  Project project;
  if (!loadProject(project))
    return kExitUsage;
  std::vector<std::string> exclude = project.config.exclude;
  exclude.insert(exclude.end(), Exclude.begin(), Exclude.end());
  std::vector<std::string> errors, notes, paths;
  bool stdinInput = false;
  std::vector<std::string> searched;
  for (const std::string &in : Inputs) {
    if (in == "-")
      stdinInput = true;
    else
      searched.push_back(in);
  }
  if (!searched.empty() || !stdinInput) // no path: the current directory, as lint and test
    paths = lint::findFlowFiles(searched, exclude, errors, &notes);
  for (const std::string &e : errors)
    llvm::WithColor::error(llvm::errs(), "flowc") << e << "\n";
  for (const std::string &n : notes)
    llvm::WithColor::note(llvm::errs(), "flowc") << n << "\n";
  bool ioFailed = !errors.empty(), invalid = false;
  unsigned unformatted = 0;

  if (stdinInput) {
    auto buf = llvm::MemoryBuffer::getSTDIN();
    if (!buf) {
      llvm::WithColor::error(llvm::errs(), "flowc") << "cannot read standard input\n";
      return kExitUsage;
    }
    std::string out;
    Outcome o = formatOne("<stdin>", (*buf)->getBuffer(), out);
    if (o == Outcome::Invalid)
      invalid = true;
    else if (Check && o == Outcome::Changed) {
      ++unformatted;
      llvm::outs() << format::unifiedDiff((*buf)->getBuffer(), out, "a/<stdin>", "b/<stdin>");
    } else if (!Check)
      llvm::outs() << out;
  }

  for (const std::string &path : paths) {
    driver::ReadResult buf = driver::readFileBounded(path, project.compile.maxFileSize);
    if (!buf) {
      llvm::WithColor::error(llvm::errs(), "flowc")
          << "cannot read '" << path << "': "
          << (buf.tooLarge ? "more than " + std::to_string(project.compile.maxFileSize) +
                                 " bytes (the limit)"
                           : buf.error.message())
          << "\n";
      ioFailed = true;
      continue;
    }
    llvm::StringRef src = buf.buffer->getBuffer();
    std::string out;
    Outcome o = formatOne(path, src, out);
    if (o == Outcome::Invalid) {
      invalid = true;
      continue;
    }
    if (Check) {
      if (o == Outcome::Changed) {
        ++unformatted;
        llvm::outs() << format::unifiedDiff(src, out, "a/" + path, "b/" + path);
      }
      continue;
    }
    if (ToStdout) {
      llvm::outs() << out;
      continue;
    }
    if (o == Outcome::Same)
      continue;
    if (!writeOutput(path, out)) // atomically: a killed fmt never truncates a flow
      ioFailed = true;
  }
  if (Check && unformatted)
    llvm::errs() << "flowc fmt: " << unformatted << (unformatted == 1 ? " file is" : " files are")
                 << " not formatted; run 'flowc fmt' on "
                 << (unformatted == 1 ? "it" : "them") << "\n";
  if (ioFailed)
    return kExitUsage;
  return invalid || unformatted ? kExitFindings : kExitClean;
}

} // namespace flowc
