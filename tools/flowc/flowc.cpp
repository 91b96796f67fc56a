// flowc: the callflow compiler driver. A thin shell: it parses the command
// line and hands the work to the libraries, one subcommand per file.
//
// Exit codes: 0 clean, 1 the flows have errors (or findings that fail),
// 2 usage error or unreadable input.
#include "commands.h"
#include "common.h"

#include <csignal>
#include <cstdlib>

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

namespace {
/// For paths that leave through exit() (--help, --version): a write error
/// on standard output is reported and exits 2 instead of LLVM aborting
/// when its stream is destroyed. Registered after the streams exist, so it
/// runs before their destructors.
void checkOutputAtExit() {
  if (flowc::finishOutput(flowc::kExitClean) != flowc::kExitClean)
    std::_Exit(flowc::kExitUsage);
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  for (int i = 1; i < argc; ++i)
    flowc::rawArguments().push_back(argv[i]);
  // A file size limit (RLIMIT_FSIZE) makes writes fail with EFBIG, reported
  // like a full disk, instead of killing flowc with SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  llvm::outs();
  llvm::errs();
  std::atexit(checkOutputAtExit);
  const flowc::Command commands[] = {
      {&flowc::checkCommand(), flowc::runCheck},
      {&flowc::dumpAstCommand(), flowc::runDumpAst},
      {&flowc::explainCommand(), flowc::runExplain},
      {&flowc::scriptCommand(), flowc::runScript},
      {&flowc::graphCommand(), flowc::runGraph},
      {&flowc::lintCommand(), flowc::runLint},
      {&flowc::fmtCommand(), flowc::runFmt},
      {&flowc::stringsCommand(), flowc::runStrings},
      {&flowc::buildCommand(), flowc::runBuild},
      {&flowc::disasmCommand(), flowc::runDisasm},
      {&flowc::testCommand(), flowc::runTest},
      {&flowc::diffCommand(), flowc::runDiff},
      {&flowc::lspCommand(), flowc::runLsp},
  };
  std::string errors;
  llvm::raw_string_ostream errStream(errors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "callflow flow compiler\n\n"
          "  Checks call-centre flows (.flow files), compiles them to verified bytecode,\n"
          "  prints call scripts and flowcharts, and lints them for CI.\n\n"
          "  Exit codes: 0 clean, 1 errors found, 2 usage or I/O error.\n"
          "  Run 'flowc <subcommand> --help' for a subcommand's options.\n",
          &errStream)) {
    llvm::errs() << errStream.str();
    return flowc::finishOutput(flowc::kExitUsage);
  }
  for (const flowc::Command &c : commands)
    if (*c.sub)
      return flowc::finishOutput(c.run());
  llvm::WithColor::error(llvm::errs(), "flowc")
      << "no subcommand given; run 'flowc --help' for the list\n";
  return flowc::finishOutput(flowc::kExitUsage);
}
