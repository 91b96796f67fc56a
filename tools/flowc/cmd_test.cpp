// `flowc test [PATH...]`: runs the scenario files (*.scenario) found under
// the paths (a .flow path: the scenario files under its directory whose
// `flow:` line names it) against their flows, reports pass/fail with the expected line
// against what the call did, and coverage (steps, ask options, if
// branches, payment outcomes and input values no scenario exercised) as
// text or JSON. docs/scenarios.md has the format.
#include "commands.h"
#include "common.h"

#include <algorithm>
#include <map>

#include "callflow/program.h"
#include "codegen/compile_file.h"
#include "lint/runner.h"
#include "driver/files.h"
#include "scenario/scenario.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;
namespace sc = callflow::scenario;

namespace flowc {
namespace {
cl::SubCommand Cmd("test", "Run scenario tests (*.scenario) and report coverage (exit 0 passed, 1 "
                           "failures or coverage below --min-coverage, 2 usage or I/O)");
cl::list<std::string> Inputs(cl::Positional, cl::sub(Cmd),
                             cl::desc("[path...] (scenario files, directories, or .flow files: the "
                                      "scenarios under a flow's directory that name it)"),
                             cl::ZeroOrMore);
enum class Format { Text, Json };
cl::opt<Format> OutFormat("format", cl::sub(Cmd), cl::desc("Report format"), cl::init(Format::Text),
                          cl::values(clEnumValN(Format::Text, "text", "results and coverage as text"),
                                     clEnumValN(Format::Json, "json", "one JSON object")));
cl::opt<double> MinCoverage("min-coverage", cl::sub(Cmd), cl::init(0), cl::value_desc("N"),
                            cl::desc("Fail when coverage (steps, ask options, if branches, payments and input "
                                     "values, in percent) is below N"));
cl::list<std::string> Exclude("exclude", cl::sub(Cmd), cl::value_desc("path"),
                              cl::desc("Do not search this file or directory (repeatable; "
                                       "adds to .flowconfig's exclude)"));

struct FlowState {
  std::shared_ptr<const callflow::Program> program; // null when it did not compile
  std::string error;
  sc::Exercised exercised;
  std::vector<std::string> unreachable; // step IDs the checker proved unreachable
};

/// "1 run", "2 runs".
std::string plural(unsigned n, const std::string &what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

std::string pct(double p) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format("%.1f%%", p);
  return os.str();
}
/// The scenario files under `flow`'s directory whose `flow:` line names
/// `flow` (sorted, as findFiles gives them).
std::vector<std::string> scenariosOf(const std::string &flow, const std::vector<std::string> &exclude,
                                     std::vector<std::string> &errors, std::vector<std::string> &notes,
                                     uint64_t maxSize) {
  llvm::SmallString<256> want;
  if (llvm::sys::fs::real_path(flow, want)) return {};
  llvm::StringRef dir = llvm::sys::path::parent_path(flow);
  std::vector<std::string> found;
  for (const std::string &file :
       callflow::lint::findFiles({dir.empty() ? std::string(".") : dir.str()}, exclude, ".scenario", errors,
                                 &notes)) {
    callflow::driver::ReadResult buf = callflow::driver::readFileBounded(file, maxSize);
    if (!buf) continue; // reported when it is run, if it is
    std::vector<sc::ParseError> ignored;
    sc::ScenarioFile sf = sc::parseScenario(file, buf.buffer->getBuffer().str(), ignored);
    llvm::SmallString<256> names;
    if (!sf.flowPath.empty() && !llvm::sys::fs::real_path(sf.flowPath, names) && names == want)
      found.push_back(file);
  }
  return found;
}
} // namespace

cl::SubCommand &testCommand() { return Cmd; }

int runTest() {
  Project project;
  if (!loadProject(project)) return kExitUsage;
  const callflow::driver::CompileOptions &opts = project.compile;
  std::vector<std::string> exclude = project.config.exclude;
  exclude.insert(exclude.end(), Exclude.begin(), Exclude.end());
  std::vector<std::string> errors, notes;
  // A .flow file stands for the scenario files that test it.
  std::vector<std::string> paths, flowFiles;
  for (const std::string &in : Inputs)
    (llvm::StringRef(in).endswith(".flow") && llvm::sys::fs::is_regular_file(in) ? flowFiles : paths).push_back(in);
  std::vector<std::string> files;
  if (!paths.empty() || flowFiles.empty()) files = callflow::lint::findFiles(paths, exclude, ".scenario", errors, &notes);
  for (const std::string &flow : flowFiles) {
    std::vector<std::string> mine = scenariosOf(flow, exclude, errors, notes, opts.maxFileSize);
    if (mine.empty())
      errors.push_back("no scenario file under '" + llvm::sys::path::parent_path(flow).str() + "' names '" + flow +
                       "' (a scenario file says which flow it tests on a 'flow: PATH' line)");
    for (std::string &f : mine)
      if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(std::move(f));
  }
  for (const std::string &e : errors) llvm::WithColor::error(llvm::errs(), "flowc") << e << "\n";
  for (const std::string &n : notes) llvm::WithColor::note(llvm::errs(), "flowc") << n << "\n";
  bool ioError = !errors.empty();

  const bool json = OutFormat == Format::Json;
  llvm::raw_ostream &os = llvm::outs();
  std::map<std::string, FlowState> flows;
  llvm::json::Array jsonScenarios;
  // Runs are the calls of scenario files that could run; a file that does
  // not parse, or whose flow does not compile, runs nothing and is counted
  // apart (`unrunnable`), once, however many errors it has.
  unsigned runs = 0, failed = 0, unrunnable = 0;
  for (const std::string &file : files) {
    llvm::json::Array jsonRuns, jsonErrors;
    auto report = [&](unsigned line, bool passed, const std::string &message) {
      ++runs;
      if (!passed) ++failed;
      if (json) {
        jsonRuns.push_back(llvm::json::Object{{"line", line}, {"passed", passed}, {"message", message}});
      } else if (passed) {
        os << "PASS " << file << ":" << line << "\n";
      } else {
        os << "FAIL " << file << ":" << line << ": " << message;
        if (message.empty() || message.back() != '\n') os << "\n";
      }
    };
    auto fileError = [&](unsigned line, const std::string &message) {
      if (json) {
        jsonErrors.push_back(llvm::json::Object{{"line", line}, {"message", message}});
        return;
      }
      os << "ERROR " << file << ":" << line << ": " << message;
      if (message.empty() || message.back() != '\n') os << "\n";
    };
    callflow::driver::ReadResult buf = callflow::driver::readFileBounded(file, opts.maxFileSize);
    if (!buf) {
      llvm::WithColor::error(llvm::errs(), "flowc")
          << "cannot read '" << file << "': "
          << (buf.tooLarge ? "more than " + std::to_string(opts.maxFileSize) + " bytes (the limit)"
                           : buf.error.message())
          << "\n";
      ioError = true;
      continue;
    }
    std::vector<sc::ParseError> errors;
    sc::ScenarioFile sf = sc::parseScenario(file, buf.buffer->getBuffer().str(), errors);
    if (!errors.empty()) {
      ++unrunnable;
      std::stable_sort(errors.begin(), errors.end(),
                       [](const sc::ParseError &a, const sc::ParseError &b) { return a.line < b.line; });
      for (const sc::ParseError &e : errors) fileError(e.line, e.message);
    } else {
      auto [it, fresh] = flows.try_emplace(sf.flowPath);
      FlowState &fs = it->second;
      if (fresh) {
        std::string diags;
        llvm::raw_string_ostream dos(diags);
        callflow::codegen::CompiledFile cf = callflow::codegen::compileFile(sf.flowPath, opts, dos, false);
        if (!cf) {
          fs.error = "the flow '" + sf.flowPath + "' does not compile: " + cf.error + "\n" + dos.str();
        } else {
          callflow::Loaded loaded = callflow::Program::load(cf.bytes);
          if (loaded) fs.program = loaded.program;
          else fs.error = "the flow's bytecode does not load: " + loaded.error.str();
          fs.unreachable = std::move(cf.unreachableSteps);
        }
      }
      if (!fs.program) {
        ++unrunnable;
        fileError(sf.flowLine, fs.error);
      } else {
        for (const sc::Run &run : sf.runs) {
          sc::RunResult r = sc::runScenario(*fs.program, run, fs.exercised);
          report(r.passed ? run.line : r.failLine, r.passed, r.message);
        }
      }
    }
    if (json) {
      llvm::json::Object o{{"file", file}, {"runs", std::move(jsonRuns)}};
      if (!jsonErrors.empty()) o["errors"] = std::move(jsonErrors);
      jsonScenarios.push_back(std::move(o));
    }
  }

  unsigned covered = 0, total = 0;
  llvm::json::Array jsonCoverage;
  bool header = false;
  for (auto &[path, fs] : flows) {
    if (!fs.program) continue;
    sc::CoverageReport c = sc::coverage(path, *fs.program, fs.exercised, fs.unreachable);
    covered += c.covered();
    total += c.total();
    if (json) {
      llvm::json::Array ms, mo, un;
      for (const std::string &m : c.missedSteps) ms.push_back(m);
      for (const std::string &m : c.missedOptions) mo.push_back(m);
      for (const std::string &u : c.unreachableSteps) un.push_back(u);
      auto count = [](const sc::CoverageCount &k) {
        llvm::json::Array missed;
        for (const std::string &m : k.missed) missed.push_back(m);
        return llvm::json::Object{{"covered", k.covered}, {"total", k.total}, {"missed", std::move(missed)}};
      };
      llvm::json::Object branches = count(c.branches);
      llvm::json::Array unobservable;
      for (const std::string &u : c.unobservableBranches) unobservable.push_back(u);
      branches["unobservable"] = std::move(unobservable);
      jsonCoverage.push_back(llvm::json::Object{
          {"flow", path},
          {"steps", llvm::json::Object{{"covered", c.coveredSteps}, {"total", c.totalSteps}, {"missed", std::move(ms)},
                                       {"unreachable", std::move(un)}}},
          {"options", llvm::json::Object{{"covered", c.coveredOptions}, {"total", c.totalOptions}, {"missed", std::move(mo)}}},
          {"branches", std::move(branches)},
          {"payments", count(c.payments)},
          {"inputs", count(c.inputs)},
          {"percent", c.percent()}});
      continue;
    }
    if (!header) os << "\ncoverage:\n";
    header = true;
    os << "  " << path << ": steps " << c.coveredSteps << "/" << c.totalSteps << ", options "
       << c.coveredOptions << "/" << c.totalOptions;
    // The other kinds only when the flow has them, so small flows read short.
    if (c.branches.total) os << ", branches " << c.branches.covered << "/" << c.branches.total;
    if (c.payments.total) os << ", payments " << c.payments.covered << "/" << c.payments.total;
    if (c.inputs.total) os << ", input values " << c.inputs.covered << "/" << c.inputs.total;
    os << " (" << pct(c.percent()) << ")\n";
    if (!c.missedSteps.empty()) {
      os << "    steps not visited:";
      for (const std::string &s : c.missedSteps) os << " " << s;
      os << "\n";
    }
    if (!c.missedOptions.empty()) {
      os << "    options not chosen:\n";
      for (const std::string &o : c.missedOptions) os << "      " << o << "\n";
    }
    auto list = [&](const char *title, const std::vector<std::string> &items) {
      if (items.empty()) return;
      os << "    " << title << ":\n";
      for (const std::string &i : items) os << "      " << i << "\n";
    };
    list("branches not taken", c.branches.missed);
    list("payments not tried", c.payments.missed);
    list("input values not entered", c.inputs.missed);
    list("not counted, the events after them are the same either way", c.unobservableBranches);
    if (!c.unreachableSteps.empty()) {
      os << "    not counted, unreachable from the start step (W0201):";
      for (const std::string &s : c.unreachableSteps) os << " " << s;
      os << "\n";
    }
  }
  const double percent = total ? 100.0 * covered / total : 0.0;
  const bool below = percent + 1e-9 < MinCoverage;
  if (json) {
    llvm::json::Object root{{"scenarios", std::move(jsonScenarios)},
                            {"coverage", std::move(jsonCoverage)},
                            {"summary", llvm::json::Object{{"runs", runs}, {"failed", failed}, {"unrunnable", unrunnable},
                                                           {"covered", covered}, {"total", total}, {"percent", percent},
                                                           {"minCoverage", double(MinCoverage)}}}};
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  } else {
    os << "\n" << plural(runs, "run") << " in " << plural(unsigned(files.size()), "scenario file") << ": "
       << (runs - failed) << " passed, " << failed << " failed";
    if (unrunnable)
      os << "; " << plural(unrunnable, "scenario file") << " could not run";
    os << "; coverage " << covered << "/" << total << " (" << pct(percent) << ")\n";
    if (below) os << "coverage " << pct(percent) << " is below the minimum " << pct(MinCoverage) << "\n";
  }
  if (ioError) return kExitUsage;
  return failed || unrunnable || below ? kExitFindings : kExitClean;
}

} // namespace flowc
