// flowrun: runs a call flow for an agent at a terminal, or for a host or a
// test from an answers file / standard input with JSON events. A thin
// shell over the runtime library (callflow/runtime.h): it loads a compiled
// flow (.flowc, verified on load) or compiles a .flow on the fly, then
// drives one Session (call.cpp).
//
// Exit codes (docs/flowrun.md): 0 the call ended (end or transfer), 1 the
// flow did not compile or the bytecode was rejected, 2 usage or I/O error
// (journal included), 3 the answers ran out before the call ended, 4 the
// session was stopped by a runtime limit, 5 the call ended with answers of
// the --answers file left over.
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <ctime>

#include "call.h"
#include "messages.h"
#include "codegen/compile_file.h"
#include "driver/files.h"
#include "support/aside.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

namespace {
cl::OptionCategory Cat("flowrun options");
cl::opt<std::string> Input(cl::Positional, cl::desc("<flow.flowc | flow.flow>"), cl::Required, cl::cat(Cat));
cl::opt<std::string> Answers("answers", cl::desc("Take answers from FILE (the answers format, docs/flowrun.md)"),
                             cl::value_desc("FILE"), cl::cat(Cat));
cl::opt<bool> Json("json", cl::desc("Print one JSON object per event; without --answers, read answer lines "
                                    "from standard input"),
                   cl::cat(Cat));
cl::opt<std::string> Journal("journal", cl::desc("Append every answer to FILE, synced before the next event "
                                                 "(a new file: an existing one is refused without --force)"),
                             cl::value_desc("FILE"), cl::cat(Cat));
cl::opt<bool> Force("force", cl::desc("With --journal: replace an existing journal (its call is lost)"),
                    cl::cat(Cat));
cl::opt<std::string> Resume("resume", cl::desc("Replay the journal FILE and continue the call where it was "
                                               "(keeps journaling to it)"),
                            cl::value_desc("FILE"), cl::cat(Cat));
cl::list<std::string> Sets("set", cl::desc("Supply a variable or field before the call starts (auto ones)"),
                           cl::value_desc("NAME=VALUE"), cl::cat(Cat));
cl::opt<std::string> Today("today", cl::desc("The call's date for `today` (YYYY-MM-DD); default: the host's clock "
                                             "at the start, read once"),
                           cl::value_desc("DATE"), cl::cat(Cat));
cl::opt<std::string> Now("now", cl::desc("The call's time for `now` (HH:MM); default: the host's clock at the start"),
                         cl::value_desc("TIME"), cl::cat(Cat));
cl::opt<bool> NoColor("no-color", cl::desc("Never colour the terminal output"), cl::cat(Cat));
enum class LangOption { Auto, En, Ru };
cl::opt<LangOption> Lang("lang",
                         cl::desc("Language of the terminal's words (tags, prompts, help, refusals; not "
                                  "--json, which is always the same)"),
                         cl::init(LangOption::Auto),
                         cl::values(clEnumValN(LangOption::Auto, "auto",
                                               "the language the compiler stored in the bytecode (ru when most letters of the flow's text are Cyrillic, else en)"),
                                    clEnumValN(LangOption::En, "en", "English"),
                                    clEnumValN(LangOption::Ru, "ru", "Russian")),
                         cl::cat(Cat));
cl::list<std::string> IncludePaths("I", cl::desc("Search DIR for imports (a .flow input)"), cl::value_desc("DIR"),
                                   cl::Prefix, cl::cat(Cat));
// The kill-and-resume test's hooks. They only work with
// FLOWRUN_TEST_HOOKS=1 in the environment, so that an agent's flowrun
// cannot be made to kill itself by a stray option.
constexpr const char *kTestHooksEnv = "FLOWRUN_TEST_HOOKS";
cl::opt<long> KillAfter("test-kill-after", cl::desc("Testing: die (SIGKILL) at the write of journal record N"),
                        cl::init(-1), cl::Hidden, cl::cat(Cat));
cl::opt<long> TornBytes("test-torn-bytes", cl::desc("Testing: with --test-kill-after, first write this many "
                                                    "bytes of the record"),
                        cl::init(0), cl::Hidden, cl::cat(Cat));

// Printed after the options by --help.
cl::extrahelp Examples("\nEXAMPLES:\n"
                       "  flowrun payg.flowc                          at the terminal, for an agent\n"
                       "  flowrun payg.flow --set agent=Sam           compile on the fly; the host's value\n"
                       "  flowrun payg.flowc --answers call.answers   a scripted call (exit 5: answers left)\n"
                       "  flowrun payg.flowc --answers call.answers --json\n"
                       "  flowrun payg.flowc --journal call.journal   then --resume call.journal after a crash\n");

/// Files flowrun reads are read whole, never more than a flow may be.
const uint64_t kMaxInputBytes = callflow::driver::CompileOptions().maxFileSize;

std::string readError(const callflow::driver::ReadResult &r) {
  return r.tooLarge ? "more than " + std::to_string(kMaxInputBytes) + " bytes (the limit)" : r.error.message();
}

bool readLines(const std::string &path, std::vector<std::string> &lines, std::string &error) {
  callflow::driver::ReadResult buf = callflow::driver::readFileBounded(path, kMaxInputBytes);
  if (!buf) {
    error = readError(buf);
    return false;
  }
  llvm::StringRef rest = buf.buffer->getBuffer();
  while (!rest.empty()) {
    auto [line, tail] = rest.split('\n');
    lines.push_back(line.str());
    rest = tail;
  }
  return true;
}

/// A write error on standard output (`> /dev/full`) is exit 2 with a
/// message, not LLVM's abort when its stream is destroyed with an error.
int finishOutput(int code) {
  std::string error = callflow::driver::checkStandardOutput();
  if (!error.empty()) {
    llvm::WithColor::error(llvm::errs(), "flowrun") << error << "\n";
    code = flowrun::kExitUsage;
  }
  callflow::driver::forgetStandardErrorFailure();
  return code;
}

/// For paths that leave through exit() (--help, --version); registered
/// after the streams exist, so it runs before their destructors.
void checkOutputAtExit() {
  if (finishOutput(0) != 0) std::_Exit(flowrun::kExitUsage);
}

int run(int argc, char **argv);
} // namespace

namespace flowrun {
int serveMain(int argc, char **argv); // serve.cpp
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // `flowrun serve ...`: the agent desktop's server (serve.cpp, docs/server.md).
  if (argc >= 2 && std::string_view(argv[1]) == "serve") return flowrun::serveMain(argc - 1, argv + 1);
  // --version: callflow's version (LLVM's own printer would name LLVM's).
  cl::SetVersionPrinter([](llvm::raw_ostream &os) { os << "flowrun (callflow) " CALLFLOW_VERSION "\n"; });
  // A file size limit makes writes fail (EFBIG, reported) instead of
  // killing flowrun with SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  llvm::outs();
  llvm::errs();
  std::atexit(checkOutputAtExit);
  return finishOutput(run(argc, argv));
}

namespace {
int run(int argc, char **argv) {
  cl::HideUnrelatedOptions(Cat);
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "callflow call runner\n\n"
                                   "  Runs a compiled flow (.flowc) or a .flow source for an agent at a terminal,\n"
                                   "  or non-interactively with --answers FILE and/or --json.\n\n"
                                   "  Exit codes: 0 the call ended, 1 compile/load failure, 2 usage or I/O error,\n"
                                   "  3 the answers ran out before the call ended, 4 the call was stopped by a\n"
                                   "  runtime limit (a runaway or crafted program), 5 the call ended with\n"
                                   "  answers of the --answers file left over.\n",
                                   // Given a stream, the parser reports errors there and
                                   // returns false instead of calling exit(1), which would
                                   // look like exit code 1 (rejected bytecode).
                                   &llvm::errs()))
    return flowrun::kExitUsage;
  auto fail = [](const std::string &msg, int code) {
    // Messages quote paths and values: through screenErr (control
    // characters shown, never sent).
    llvm::WithColor::error(flowrun::screenErr(), "flowrun") << msg << "\n";
    return code;
  };
  if (!Journal.empty() && !Resume.empty()) return fail("--journal and --resume are exclusive", flowrun::kExitUsage);
  if (Force && Journal.empty()) return fail("--force only goes with --journal", flowrun::kExitUsage);
  const char *hooks = std::getenv(kTestHooksEnv);
  if ((KillAfter >= 0 || TornBytes > 0) && !(hooks && std::string_view(hooks) == "1"))
    return fail(std::string("--test-kill-after and --test-torn-bytes are for tests; they need ") + kTestHooksEnv +
                    "=1 in the environment",
                flowrun::kExitUsage);
  const bool terminal = Answers.empty() && !Json;
  const bool color = terminal && !NoColor && llvm::sys::Process::StandardOutIsDisplayed();

  // ---- load ------------------------------------------------------------------
  std::vector<uint8_t> bytes;
  if (llvm::StringRef(Input).endswith(".flow")) {
    callflow::driver::CompileOptions co;
    co.includePaths.assign(IncludePaths.begin(), IncludePaths.end());
    callflow::codegen::CompiledFile cf = callflow::codegen::compileFile(Input, co, flowrun::screenErr(), color);
    if (cf.status == callflow::codegen::CompiledFile::Status::Unreadable) return fail(cf.error, flowrun::kExitUsage);
    if (!cf) return fail(cf.error, flowrun::kExitLoadFailed);
    bytes = std::move(cf.bytes);
  } else {
    callflow::driver::ReadResult buf = callflow::driver::readFileBounded(Input, kMaxInputBytes);
    if (!buf) return fail("cannot read '" + Input + "': " + readError(buf), flowrun::kExitUsage);
    llvm::StringRef b = buf.buffer->getBuffer();
    bytes.assign(b.bytes_begin(), b.bytes_end());
  }
  // A large program's CODE is verified in two halves at once.
  callflow::Loaded loaded = callflow::Program::load(std::move(bytes), callflow::runBoth);
  if (!loaded) return fail("'" + Input + "' was rejected: " + loaded.error.str(), flowrun::kExitLoadFailed);
  const callflow::Program &program = *loaded.program;

  // ---- options -----------------------------------------------------------------
  flowrun::CallOptions o;
  o.journal = Resume.empty() ? Journal : Resume;
  o.resume = !Resume.empty();
  o.force = Force;
  o.killAfter = KillAfter;
  o.tornBytes = TornBytes;
  // today and now: given, or the host's clock, read once here (local time).
  {
    const std::time_t t = std::time(nullptr);
    std::tm local{};
    localtime_r(&t, &local);
    o.session.today = callflow::daysFromCivil(local.tm_year + 1900, unsigned(local.tm_mon + 1), unsigned(local.tm_mday));
    o.session.now = int64_t(local.tm_hour) * 60 + local.tm_min;
    if (!Today.empty()) {
      o.session.today = callflow::parseIsoDate(Today);
      if (!o.session.today) return fail("--today takes a date YYYY-MM-DD, not '" + Today + "'", flowrun::kExitUsage);
    }
    if (!Now.empty()) {
      o.session.now = callflow::parseTime(Now);
      if (!o.session.now) return fail("--now takes a time HH:MM (00:00 to 23:59), not '" + Now + "'", flowrun::kExitUsage);
    }
  }
  for (const std::string &s : Sets) {
    size_t eq = s.find('=');
    if (eq == std::string::npos) return fail("--set takes NAME=VALUE, not '" + s + "'", flowrun::kExitUsage);
    o.sets.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  const callflow::l10n::Lang lang = Lang == LangOption::Ru   ? callflow::l10n::Lang::Ru
                                    : Lang == LangOption::En ? callflow::l10n::Lang::En
                                                             : flowrun::programLang(program);
  std::unique_ptr<flowrun::AnswerSource> source;
  if (!Answers.empty()) {
    std::vector<std::string> lines;
    std::string why;
    if (!readLines(Answers, lines, why)) return fail("cannot read answers '" + Answers + "': " + why, flowrun::kExitUsage);
    source = flowrun::makeDirectiveSource(std::move(lines), true);
  } else if (Json) {
    source = flowrun::makeStdinDirectiveSource();
  } else {
    source = flowrun::makeTerminalSource(color, lang);
  }
  std::unique_ptr<flowrun::Presenter> presenter =
      Json ? flowrun::makeJsonPresenter() : flowrun::makeTerminalPresenter(color, lang, /*echoAnswers=*/!terminal);

  if (terminal) {
    flowrun::screen() << program.title() << (program.title().empty() ? program.name() : "") << "\n";
    // The host's values (auto variables): ask the agent for those not given.
    // A bad value is explained and asked again (not a usage error).
    if (!o.resume && !flowrun::askAutoValues(program, lang, o.sets)) {
      flowrun::screen() << "\n" << flowrun::TerminalWords(lang)(flowrun::TMsg::LeftUnfinished) << "\n";
      return flowrun::kExitNoAnswers;
    }
  }
  return flowrun::runCall(program, program.bytes(), *source, *presenter, o);
}
} // namespace
