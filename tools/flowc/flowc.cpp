// flowc: the callflow compiler driver. A thin shell: it parses the command
// line and hands the work to the libraries, one subcommand per file.
//
// Exit codes: 0 clean, 1 the flows have errors (or findings that fail),
// 2 usage error or unreadable input.
#include "commands.h"
#include "common.h"

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
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
      {&flowc::fixCommand(), flowc::runFix},
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
    return flowc::kExitUsage;
  }
  for (const flowc::Command &c : commands)
    if (*c.sub)
      return c.run();
  llvm::WithColor::error(llvm::errs(), "flowc")
      << "no subcommand given; run 'flowc --help' for the list\n";
  return flowc::kExitUsage;
}
