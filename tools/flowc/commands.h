// flowc's subcommands. Each lives in its own cmd_<name>.cpp with its own
// options; flowc.cpp dispatches on the one the user named.
#pragma once

#include "llvm/Support/CommandLine.h"

namespace flowc {

struct Command {
  llvm::cl::SubCommand *sub;
  int (*run)();
};

// One pair per subcommand; add new ones here and in flowc.cpp's table.
llvm::cl::SubCommand &checkCommand();
int runCheck();
llvm::cl::SubCommand &dumpAstCommand();
int runDumpAst();
llvm::cl::SubCommand &explainCommand();
int runExplain();
llvm::cl::SubCommand &scriptCommand();
int runScript();
llvm::cl::SubCommand &graphCommand();
int runGraph();
llvm::cl::SubCommand &lintCommand();   // cmd_lint.cpp
int runLint();
llvm::cl::SubCommand &fmtCommand();    // cmd_fmt.cpp
int runFmt();
llvm::cl::SubCommand &stringsCommand(); // cmd_strings.cpp
int runStrings();
llvm::cl::SubCommand &buildCommand();  // cmd_build.cpp
int runBuild();
llvm::cl::SubCommand &disasmCommand(); // cmd_disasm.cpp
int runDisasm();
llvm::cl::SubCommand &testCommand();  // cmd_test.cpp
int runTest();
llvm::cl::SubCommand &diffCommand();  // cmd_diff.cpp
int runDiff();
llvm::cl::SubCommand &lspCommand();   // cmd_lsp.cpp
int runLsp();
llvm::cl::SubCommand &fixCommand();   // cmd_fix.cpp
int runFix();
llvm::cl::SubCommand &serveCommand(); // cmd_serve.cpp
int runServe();

} // namespace flowc
