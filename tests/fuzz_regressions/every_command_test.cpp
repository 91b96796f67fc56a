// Every fuzz regression input (tests/fuzz_regressions/**) through every
// command that takes a flow, not only the target that found it: flowc
// check, build, script (HTML and Markdown), graph, strings, fmt (--stdout
// and --check), dump-ast, lint, and flowrun. Each must end with one of its
// documented exit codes, never die of a signal (a crash, an abort, a
// sanitizer report in the ASan build).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../flowrun/run_flowrun.h"

namespace {

namespace fs = std::filesystem;
using flowrun_test::ProcessRun;
using flowrun_test::ScratchDir;

/// The inputs: every regular file under tests/fuzz_regressions/ but this
/// folder's own README, CMakeLists.txt and test sources.
std::vector<fs::path> inputs() {
  std::vector<fs::path> out;
  const fs::path root = fs::path(CALLFLOW_SOURCE_DIR) / "tests/fuzz_regressions";
  for (const auto &e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const fs::path &p = e.path();
    if (p.parent_path() == root) continue; // README.md, CMakeLists.txt, *.cpp
    out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string describe(int status) {
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  return "status " + std::to_string(status);
}

TEST(FuzzRegressionsEveryCommand, NoCommandCrashes) {
  const std::vector<fs::path> files = inputs();
  ASSERT_GE(files.size(), 4u); // the source findings at least
  for (const fs::path &in : files) {
    ScratchDir d;
    ASSERT_TRUE(d.ok());
    // As a .flow file in a folder of its own: lint and fmt find it by its
    // extension, and fmt cannot touch the committed input.
    const std::string flow = d / "input.flow", out = d / "out";
    fs::copy_file(in, flow);
    flowrun_test::writeFile(d / "none.answers", std::string());
    struct Cmd {
      const char *program;
      std::vector<std::string> args;
      int maxExit;
    };
    const std::vector<Cmd> cmds = {
        {FLOWC_PATH, {"check", flow}, 2},
        {FLOWC_PATH, {"build", flow, "-o", out}, 2},
        {FLOWC_PATH, {"script", flow, "--format=html", "-o", out}, 2},
        {FLOWC_PATH, {"script", flow, "--format=md", "-o", out}, 2},
        {FLOWC_PATH, {"graph", flow, "-o", out}, 2},
        {FLOWC_PATH, {"strings", flow, "-o", out}, 2},
        {FLOWC_PATH, {"fmt", "--stdout", flow}, 2},
        {FLOWC_PATH, {"fmt", "--check", flow}, 2},
        {FLOWC_PATH, {"dump-ast", flow}, 2},
        {FLOWC_PATH, {"lint", "--quiet", flow}, 2},
        // flowrun compiles a .flow input; 3: the answers ran out, 4: a limit.
        {FLOWRUN_PATH, {"--json", flow, "--answers", d / "none.answers"}, 4},
    };
    for (const Cmd &c : cmds) {
      ProcessRun r = flowrun_test::run(c.program, d, c.args);
      std::string line = fs::path(c.program).filename().string();
      for (const std::string &a : c.args) line += " " + (a == flow ? in.filename().string() : a);
      EXPECT_TRUE(WIFEXITED(r.status) && r.code() <= c.maxExit)
          << in << ": `" << line << "` " << describe(r.status) << "\n"
          << r.err.substr(0, 2000);
    }
  }
}

} // namespace
