// flowc: the callflow compiler driver. A thin shell: it parses the command
// line and hands the work to the libraries, one subcommand per file.
//
// Exit codes: 0 clean, 1 the flows have errors (or findings that fail),
// 2 usage error or unreadable input.
#include "commands.h"
#include "common.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

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

/// Examples shown at the end of each subcommand's --help.
struct Examples {
  const char *sub;
  const char *text;
};
constexpr Examples kExamples[] = {
    {"check", "  flowc check payg.flow                 check one flow\n"
              "  flowc check flows/                    every flow under a directory\n"
              "  flowc check -Werror -Wno-unused-field a.flow b.flow\n"},
    {"dump-ast", "  flowc dump-ast payg.flow              the syntax tree as text\n"},
    {"explain", "  flowc explain E0202                   what a diagnostic means, with an example\n"},
    {"script", "  flowc script payg.flow -o payg.html   the call script as HTML (no browser needed)\n"
               "  flowc script payg.flow --format=md -o payg.md\n"
               "  flowc script payg.flow --format=pdf --paper=a4\n"
               "  flowc script payg.flow --page-numbers=on -o payg.html   page numbers (Chromium)\n"},
    {"graph", "  flowc graph payg.flow -o payg.dot\n"
              "  flowc graph payg.flow --format=svg -o payg.svg   (needs Graphviz)\n"},
    {"lint", "  flowc lint                            every flow under the current directory\n"
             "  flowc lint flows/ --format=sarif -o lint.sarif\n"
             "  flowc lint --format=github --max-warnings=0\n"},
    {"fmt", "  flowc fmt flows/                      rewrite every flow under flows/ in the canonical layout\n"
            "  flowc fmt --check flows/              a diff and exit 1 when a file is not formatted\n"
            "  flowc fmt --stdout payg.flow          print the formatted text, change nothing\n"},
    {"strings", "  flowc strings payg.flow -o lines.csv  every line agents say, with stable IDs\n"},
    {"build", "  flowc build payg.flow -o payg.flowc   compile to verified bytecode\n"},
    {"disasm", "  flowc disasm payg.flowc               the bytecode as a listing\n"},
    {"test", "  flowc test                            every scenario under the current directory\n"
             "  flowc test payg.flow                  the scenarios that name this flow\n"
             "  flowc test tests/ --min-coverage=100\n"},
    {"serve", "  flowc serve                           the workbench over the flows here, on 127.0.0.1:8788\n"
              "  flowc serve flows/ --listen=127.0.0.1:9000\n"
              "  flowc serve . --draw-limit=1000       draw flowcharts of up to 1000 steps\n"},
};

/// The options each subcommand's --help shows: its own first, under
/// "Options of 'flowc NAME'", then those every subcommand takes (-I, -W,
/// --help…) under "Options of every subcommand". LLVM prints categories
/// sorted by name, and "Options of '" sorts before "Options of e".
void groupOptions(const flowc::Command *commands, size_t n) {
  static cl::OptionCategory common("Options of every subcommand");
  static std::vector<std::unique_ptr<cl::OptionCategory>> own;
  static std::vector<std::string> names;
  names.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    cl::SubCommand &sub = *commands[i].sub;
    names.push_back("Options of 'flowc " + sub.getName().str() + "'");
    own.push_back(std::make_unique<cl::OptionCategory>(names.back()));
    for (auto &entry : cl::getRegisteredOptions(sub)) {
      cl::Option *o = entry.second;
      o->Categories.clear();
      o->Categories.push_back(o->isInAllSubCommands() ? &common : own.back().get());
    }
  }
  // Top level: the common options, and --help/--version. LLVM's own
  // options there (--color) are not flowc's and are hidden.
  for (auto &entry : cl::getRegisteredOptions(*cl::TopLevelSubCommand)) {
    cl::Option *o = entry.second;
    o->Categories.clear();
    o->Categories.push_back(&common);
    if (!o->isInAllSubCommands() && o->ArgStr != "version")
      o->setHiddenFlag(cl::Hidden);
  }
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
  // --version: callflow's version (LLVM's own printer would name LLVM's).
  cl::SetVersionPrinter([](llvm::raw_ostream &os) { os << "flowc (callflow) " CALLFLOW_VERSION "\n"; });
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
      {&flowc::fixCommand(), flowc::runFix},
      {&flowc::serveCommand(), flowc::runServe},
  };
  groupOptions(commands, std::size(commands));
  // The examples of the subcommand named first, printed after its options
  // (LLVM prints every extrahelp, so only that one is registered).
  std::string examples;
  if (argc > 1)
    for (const Examples &e : kExamples)
      if (std::strcmp(argv[1], e.sub) == 0)
        examples = std::string("\nEXAMPLES:\n") + e.text;
  std::optional<cl::extrahelp> moreHelp;
  if (!examples.empty())
    moreHelp.emplace(examples.c_str());
  std::string errors;
  llvm::raw_string_ostream errStream(errors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "callflow flow compiler\n\n"
          "  Checks call-centre flows (.flow files), compiles them to verified bytecode,\n"
          "  prints call scripts and flowcharts, and lints them for CI.\n\n"
          "  Exit codes: 0 clean, 1 errors found, 2 usage or I/O error.\n"
          "  Run 'flowc <subcommand> --help' for a subcommand's options and examples.\n",
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
