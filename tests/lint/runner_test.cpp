// The lint runner over tests/lint/Inputs/lint_tree (good and broken flows,
// a shared file imported by two flows, a syntax error, a hidden and an
// excluded directory): which files are found and checked, findings from a
// shared file reported once, and the same report for 1 and many threads.
#include <string>

#include <gtest/gtest.h>

#include "driver/project_config.h"
#include "lint/output.h"
#include "lint/runner.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::lint {
namespace {

const std::string kTree = std::string(CALLFLOW_SOURCE_DIR) + "/tests/lint/Inputs/lint_tree";

LintOptions treeOptions(unsigned threads) {
  LintOptions o;
  o.inputs = {kTree};
  o.exclude = {kTree + "/excluded"};
  o.threads = threads;
  o.resolve.paths.baseDir = kTree;
  return o;
}

std::string report(const LintResult &r, OutputFormat f) {
  std::string s;
  llvm::raw_string_ostream os(s);
  ReportInfo info;
  info.fileCount = r.fileCount;
  writeReport(f, r.findings, info, os);
  return os.str();
}

TEST(LintRunner, FindsFlowFilesSkippingHiddenAndExcluded) {
  std::vector<std::string> errors;
  std::vector<std::string> files = findFlowFiles({kTree}, {kTree + "/excluded"}, errors);
  EXPECT_TRUE(errors.empty());
  std::vector<std::string> names;
  for (const std::string &f : files)
    names.push_back(f.substr(kTree.size() + 1));
  EXPECT_EQ(names, (std::vector<std::string>{"broken/also_uses_lib.flow", "broken/falls_off.flow",
                                             "broken/syntax.flow", "good/hello.flow",
                                             "good/uses_lib.flow", "shared/lib.flow"}));
  findFlowFiles({kTree + "/missing"}, {}, errors);
  EXPECT_EQ(errors.size(), 1u);
}

TEST(LintRunner, OutlineSeesFlowAndImportsOutsideCommentsAndStrings) {
  FileOutline o = outlineFlow("// flow x\n/* import \"no.flow\" */\nsay \"flow\"\n"
                              "flow f \"t\"\nimport \"a.flow\"\nstep s { import }\n");
  EXPECT_TRUE(o.hasFlow);
  EXPECT_EQ(o.imports, (std::vector<std::string>{"a.flow"}));
  EXPECT_FALSE(outlineFlow("enum E { flow }\n").hasFlow);
}

TEST(LintRunner, ChecksFlowsAndReportsSharedFindingsOnce) {
  LintResult r = runLint(treeOptions(1));
  EXPECT_TRUE(r.ioErrors.empty());
  EXPECT_EQ(r.fileCount, 6u);
  EXPECT_EQ(r.rootCount, 5u); // shared/lib.flow is checked through its importers
  auto has = [&](llvm::StringRef file, llvm::StringRef code, unsigned line) {
    unsigned n = 0;
    for (const Finding &f : r.findings)
      if (f.loc.file == file && f.info().code == code && f.loc.line == line)
        ++n;
    return n;
  };
  EXPECT_EQ(has("broken/also_uses_lib.flow", "E0102", 6), 1u);
  EXPECT_EQ(has("broken/falls_off.flow", "E0202", 3), 1u);
  EXPECT_EQ(has("broken/syntax.flow", "E0005", 5), 1u);
  EXPECT_EQ(has("shared/lib.flow", "E0102", 5), 1u); // via two flows, once
  // Only also_uses_lib leaves lib_end unreachable (uses_lib jumps to it):
  // the finding names that flow; the undefined step, which both flows
  // have, does not.
  for (const Finding &f : r.findings) {
    if (f.loc.file != "shared/lib.flow")
      continue;
    bool names = !f.notes.empty() && llvm::StringRef(f.notes.back().message).startswith("in the flow of");
    if (f.info().code == llvm::StringRef("W0201")) {
      ASSERT_TRUE(names) << f.message;
      EXPECT_EQ(f.notes.back().message,
                "in the flow of 'broken/also_uses_lib.flow' (not in every flow that imports this file)");
      EXPECT_EQ(f.notes.back().loc.file, "broken/also_uses_lib.flow");
      EXPECT_EQ(f.notes.back().loc.line, 1u);
      EXPECT_NE(f.rendered.find("broken/also_uses_lib.flow:1:6: note: in the flow of"),
                std::string::npos)
          << f.rendered;
    } else {
      EXPECT_FALSE(names) << f.message;
    }
  }
  EXPECT_EQ(has("shared/lib.flow", "W0201", 4), 1u);
  for (const Finding &f : r.findings)
    EXPECT_FALSE(llvm::StringRef(f.loc.file).startswith("good/")) << f.loc.file << f.message;
}

TEST(LintRunner, FilesOnlyOfSharedDeclarationsAreCheckedAsLibraries) {
  // shared/ alone: lib.flow has no `flow` and nothing given imports it, so
  // it is not checked as a flow (no false "no 'flow' declaration", and its
  // jump to a step of an importer is not an error), only parsed.
  LintOptions o = treeOptions(1);
  o.inputs = {kTree + "/shared"};
  LintResult r = runLint(o);
  EXPECT_TRUE(r.findings.empty()) << (r.findings.empty() ? "" : r.findings.front().message);
  EXPECT_EQ(r.libraries, (std::vector<std::string>{"shared/lib.flow"}));
  // A library's syntax errors are still reported.
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("flowlib", dir));
  std::string lib = std::string(dir) + "/lib.flow";
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(lib, ec);
    os << "enum E { a \"A\" }\nstep s { say }\n";
  }
  o.inputs = {std::string(dir)};
  o.resolve.paths.baseDir = std::string(dir);
  r = runLint(o);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings.front().info().code, llvm::StringRef("E0005"));
  llvm::sys::fs::remove_directories(dir);
}

TEST(LintRunner, SameReportForAnyThreadCount) {
  LintResult one = runLint(treeOptions(1));
  std::string json = report(one, OutputFormat::Json);
  std::string sarif = report(one, OutputFormat::Sarif);
  std::string text = report(one, OutputFormat::Text);
  ASSERT_FALSE(one.findings.empty());
  for (unsigned threads : {2u, 4u, 8u}) {
    for (int run = 0; run < 3; ++run) {
      LintResult many = runLint(treeOptions(threads));
      EXPECT_EQ(report(many, OutputFormat::Json), json) << threads << " threads";
      EXPECT_EQ(report(many, OutputFormat::Sarif), sarif) << threads << " threads";
      EXPECT_EQ(report(many, OutputFormat::Text), text) << threads << " threads";
    }
  }
}

TEST(LintRunner, ProgressIsCalledOncePerFlow) {
  LintOptions o = treeOptions(4);
  std::vector<unsigned> seen;
  o.progress = [&](unsigned done, unsigned total) {
    EXPECT_EQ(total, 5u);
    seen.push_back(done);
  };
  runLint(o);
  EXPECT_EQ(seen, (std::vector<unsigned>{1, 2, 3, 4, 5}));
}

TEST(ProjectConfig, ParsesKeysAndRejectsUnknownOnes) {
  driver::ProjectConfig c;
  std::string error;
  ASSERT_TRUE(driver::parseProjectConfig("# settings\ninclude = common, shared/x  # two\n"
                                 "warnings = error, -Wno-unreachable-step\n"
                                 "exclude = tests/fail\nmax-warnings = 7\n",
                                 "/repo", c, error))
      << error;
  EXPECT_EQ(c.includePaths, (std::vector<std::string>{"/repo/common", "/repo/shared/x"}));
  EXPECT_EQ(c.warnings, (std::vector<std::string>{"error", "no-unreachable-step"}));
  EXPECT_EQ(c.exclude, (std::vector<std::string>{"/repo/tests/fail"}));
  ASSERT_TRUE(c.maxWarnings.has_value());
  EXPECT_EQ(*c.maxWarnings, 7u);
  driver::ProjectConfig bad;
  EXPECT_FALSE(driver::parseProjectConfig("\nincludes = x\n", "/repo", bad, error));
  EXPECT_EQ(error, "line 2: unknown key 'includes'");
  EXPECT_FALSE(driver::parseProjectConfig("max-warnings = many\n", "/repo", bad, error));
}

} // namespace
} // namespace callflow::lint
