// flowc lint / fmt / strings as CI runs them: exit codes (0 clean, 1
// findings that fail, 2 usage or I/O), -Werror and --max-warnings, the
// project file found upward from the working directory, annotation and
// diff output.
#include <string>

#include <gtest/gtest.h>

#include "golden_util.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

namespace {

const std::string kFlowc = std::string(CALLFLOW_BINARY_DIR) + "/tools/flowc/flowc";
const std::string kInputs = std::string(CALLFLOW_SOURCE_DIR) + "/tests/lint/Inputs";

struct Outcome {
  int exit = -1;
  std::string out, err;
};

/// Runs `cd DIR && flowc ARGS` through /bin/sh, capturing both streams.
Outcome flowc(const std::string &args, const std::string &dir = kInputs) {
  llvm::SmallString<128> outPath, errPath;
  llvm::sys::fs::createTemporaryFile("flowc-out", "txt", outPath);
  llvm::sys::fs::createTemporaryFile("flowc-err", "txt", errPath);
  std::string cmd = "cd '" + dir + "' && '" + kFlowc + "' " + args;
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::None, llvm::StringRef(outPath),
                                                 llvm::StringRef(errPath)};
  Outcome r;
  r.exit = llvm::sys::ExecuteAndWait("/bin/sh", {"/bin/sh", "-c", cmd}, llvm::None, redirects);
  r.out = callflow::golden::readFileText(std::string(outPath));
  r.err = callflow::golden::readFileText(std::string(errPath));
  llvm::sys::fs::remove(outPath);
  llvm::sys::fs::remove(errPath);
  return r;
}

TEST(FlowcLint, ExitCodes) {
  EXPECT_EQ(flowc("lint lint_tree/good/hello.flow").exit, 0);
  // good/uses_lib.flow imports shared/lib.flow, which has an error.
  EXPECT_EQ(flowc("lint lint_tree/good").exit, 1);
  Outcome broken = flowc("lint lint_tree --exclude lint_tree/excluded");
  EXPECT_EQ(broken.exit, 1) << broken.err;
  EXPECT_NE(broken.out.find("4 errors, 2 warnings in 6 files"), std::string::npos) << broken.out;
  EXPECT_EQ(flowc("lint no/such/dir").exit, 2);
  EXPECT_EQ(flowc("lint --format=xml lint_tree/good").exit, 2);
  EXPECT_EQ(flowc("lint -Wno-such-warning lint_tree/good").exit, 2);
}

TEST(FlowcLint, WarningsGateWithWerrorAndMaxWarnings) {
  EXPECT_EQ(flowc("lint lint_warn").exit, 0);
  EXPECT_EQ(flowc("lint -Werror lint_warn").exit, 1);
  EXPECT_EQ(flowc("lint -Wno-unreachable-step -Werror lint_warn").exit, 0);
  Outcome over = flowc("lint --max-warnings=0 lint_warn");
  EXPECT_EQ(over.exit, 1);
  EXPECT_NE(over.err.find("exceed the limit of 0"), std::string::npos) << over.err;
  EXPECT_EQ(flowc("lint --max-warnings=1 lint_warn").exit, 0);
}

TEST(FlowcLint, ProjectFileIsFoundUpward) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("flowlint", dir));
  std::string root(dir);
  llvm::sys::fs::create_directories(root + "/sub/flows");
  llvm::sys::fs::copy_file(kInputs + "/lint_warn/warn.flow", root + "/sub/flows/warn.flow");
  EXPECT_EQ(flowc("lint", root + "/sub").exit, 0);
  {
    std::error_code ec;
    llvm::raw_fd_ostream cfg(root + "/.flowconfig", ec);
    cfg << "# test\nwarnings = error\n";
  }
  Outcome r = flowc("lint --format=github", root + "/sub");
  EXPECT_EQ(r.exit, 1);
  // Paths are relative to the .flowconfig directory (the repository root).
  EXPECT_NE(r.out.find("::error file=sub/flows/warn.flow,line=7,col=6,"), std::string::npos)
      << r.out;
  EXPECT_EQ(flowc("lint --no-config", root + "/sub").exit, 0);
  EXPECT_EQ(flowc("lint -Wno-unreachable-step", root + "/sub").exit, 0);
  {
    std::error_code ec;
    llvm::raw_fd_ostream cfg(root + "/.flowconfig", ec);
    cfg << "warning = error\n";
  }
  EXPECT_EQ(flowc("lint", root + "/sub").exit, 2);
  // help-uri: SARIF rules link to the headings of the published catalogue;
  // --help-uri overrides it; a value that is not a URL is an error.
  {
    std::error_code ec;
    llvm::raw_fd_ostream cfg(root + "/.flowconfig", ec);
    cfg << "help-uri = https://example.org/d.md\n";
  }
  Outcome sarif = flowc("lint --format=sarif", root + "/sub");
  EXPECT_NE(sarif.out.find("\"helpUri\": \"https://example.org/d.md#w0201-unreachablestep\""),
            std::string::npos)
      << sarif.out.substr(0, 3000);
  sarif = flowc("lint --format=sarif --help-uri=https://other.example/x.md", root + "/sub");
  EXPECT_NE(sarif.out.find("\"helpUri\": \"https://other.example/x.md#e0001-filenotreadable\""),
            std::string::npos);
  {
    std::error_code ec;
    llvm::raw_fd_ostream cfg(root + "/.flowconfig", ec);
    cfg << "help-uri = docs/diagnostics.md\n";
  }
  EXPECT_EQ(flowc("lint", root + "/sub").exit, 2);
  llvm::sys::fs::remove_directories(root);
}

TEST(FlowcLint, TextPathsAreNormalisedAndAgreeWithJson) {
  // Relative to the .flowconfig directory (this repository's root), with
  // `..` removed: the same path in text as in JSON.
  Outcome text = flowc("lint lint_tree/good");
  EXPECT_NE(text.out.rfind("tests/lint/Inputs/lint_tree/shared/lib.flow:5:8: error: ", 0),
            std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find("/../"), std::string::npos) << text.out;
  Outcome json = flowc("lint --format=json lint_tree/good");
  EXPECT_NE(json.out.find("\"file\": \"tests/lint/Inputs/lint_tree/shared/lib.flow\""),
            std::string::npos)
      << json.out;
  // Without a project file: relative to the current directory.
  Outcome plain = flowc("lint --no-config lint_tree/good lint_tree/broken/also_uses_lib.flow");
  EXPECT_NE(plain.out.find("lint_tree/shared/lib.flow:5:8: error: "), std::string::npos) << plain.out;
  EXPECT_EQ(plain.out.find("/../"), std::string::npos) << plain.out;
  // check prints paths as given, `..` removed.
  Outcome check = flowc("check lint_tree/good/uses_lib.flow");
  EXPECT_NE(check.err.rfind("lint_tree/shared/lib.flow:5:8: error: ", 0), std::string::npos)
      << check.err;
}

TEST(FlowcLint, CounterexamplePathsAreLocatedInSarifAndJson) {
  // The checker's path (A, option "No", C, B) for the unset required field.
  Outcome sarif = flowc("lint --format=sarif lint_path");
  EXPECT_EQ(sarif.exit, 1) << sarif.err;
  auto parsed = llvm::json::parse(sarif.out);
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Object *result =
      parsed->getAsObject()->getArray("runs")->front().getAsObject()->getArray("results")->front().getAsObject();
  const llvm::json::Array *locs = result->getArray("codeFlows")
                                      ->front()
                                      .getAsObject()
                                      ->getArray("threadFlows")
                                      ->front()
                                      .getAsObject()
                                      ->getArray("locations");
  ASSERT_NE(locs, nullptr);
  std::string walked;
  for (const llvm::json::Value &v : *locs) {
    const llvm::json::Object *loc = v.getAsObject()->getObject("location");
    walked += loc->getObject("message")->getString("text").getValueOr("").str() + "@" +
              std::to_string(*loc->getObject("physicalLocation")->getObject("region")->getInteger(
                  "startLine")) +
              " ";
  }
  EXPECT_EQ(walked, "step A@12 option \"No\"@18 step C@22 step B@27 ");
  ASSERT_NE(result->getArray("relatedLocations"), nullptr);
  EXPECT_EQ(result->getArray("relatedLocations")->size(), 3u);

  Outcome json = flowc("lint --format=json lint_path");
  auto pj = llvm::json::parse(json.out);
  ASSERT_TRUE(bool(pj)) << llvm::toString(pj.takeError());
  const llvm::json::Object *note = pj->getAsObject()
                                       ->getArray("diagnostics")
                                       ->front()
                                       .getAsObject()
                                       ->getArray("notes")
                                       ->front()
                                       .getAsObject();
  EXPECT_EQ(note->getString("message").getValueOr(""), "path: A (option \"No\") → C → B");
  const llvm::json::Array *path = note->getArray("path");
  ASSERT_TRUE(path && path->size() == 3);
  const llvm::json::Object *first = path->front().getAsObject();
  EXPECT_EQ(first->getString("step").getValueOr(""), "A");
  EXPECT_EQ(*first->getObject("range")->getObject("start")->getInteger("line"), 12);
  const llvm::json::Object *choice = first->getArray("choices")->front().getAsObject();
  EXPECT_EQ(choice->getString("choice").getValueOr(""), "option \"No\"");
  EXPECT_EQ(*choice->getObject("range")->getObject("start")->getInteger("line"), 18);

  // The text stays one line per note.
  Outcome text = flowc("lint lint_path");
  EXPECT_NE(text.out.find("\nnote: path: A (option \"No\") → C → B\n"), std::string::npos) << text.out;
}

// The commands of the workflow in docs/ci.md, taken from its YAML and run
// as the workflow runs them: at the root of this repository, over `.`. The
// repository's .flowconfig keeps the flows and scenarios that fail on
// purpose (tests/, fuzz/) and build trees out of the gate, so what is left
// (samples/) must pass all three gates: formatted, lint-clean, scenarios
// passing at the documented coverage.
TEST(CiWorkflow, TheDocumentedCommandsPassOnThisRepository) {
  const std::string root = CALLFLOW_SOURCE_DIR;
  std::string doc = callflow::golden::readFileText(root + "/docs/ci.md");
  std::vector<std::string> commands;
  llvm::StringRef rest(doc);
  while (!rest.empty()) {
    auto [line, next] = rest.split('\n');
    rest = next;
    llvm::StringRef t = line.trim();
    if (t.consume_front("run: flowc "))
      commands.push_back(t.str());
  }
  ASSERT_EQ(commands.size(), 3u) << "expected fmt, lint and test steps in docs/ci.md";
  ASSERT_TRUE(llvm::StringRef(commands[0]).startswith("fmt --check"));
  ASSERT_TRUE(llvm::StringRef(commands[1]).startswith("lint --format=sarif -o flowc.sarif"));
  ASSERT_TRUE(llvm::StringRef(commands[2]).startswith("test --min-coverage="));
  // The workflow runs on a fresh checkout, which has no build tree; the
  // project file names the ones scripts/test.sh makes by default, and any
  // other (CALLFLOW_BUILD_DIR and the like point elsewhere) is left out here.
  std::string buildTrees;
  std::error_code dirError;
  for (llvm::sys::fs::directory_iterator it(root, dirError), end; it != end && !dirError;
       it.increment(dirError))
    if (llvm::sys::fs::exists(it->path() + "/CMakeCache.txt"))
      buildTrees += " --exclude '" + llvm::sys::path::filename(it->path()).str() + "'";
  for (std::string &c : commands)
    c += buildTrees;

  Outcome fmt = flowc(commands[0], root);
  EXPECT_EQ(fmt.exit, 0) << fmt.out << fmt.err;
  EXPECT_EQ(fmt.err.find("error:"), std::string::npos) << fmt.err;

  llvm::SmallString<128> sarifPath;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("flowc-ci", "sarif", sarifPath));
  std::string lintCmd = commands[1];
  lintCmd.replace(lintCmd.find("flowc.sarif"), 11, "'" + std::string(sarifPath) + "'");
  Outcome lint = flowc(lintCmd, root);
  EXPECT_EQ(lint.exit, 0) << lint.err;
  std::string sarif = callflow::golden::readFileText(std::string(sarifPath));
  llvm::sys::fs::remove(sarifPath);
  auto parsed = llvm::json::parse(sarif);
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Array *results =
      parsed->getAsObject()->getArray("runs")->front().getAsObject()->getArray("results");
  ASSERT_NE(results, nullptr);
  EXPECT_TRUE(results->empty()) << sarif.substr(0, 2000);
  // The summary on stderr counts the samples' files, and only them.
  unsigned samples = 0;
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(root + "/samples", ec), end; it != end && !ec;
       it.increment(ec))
    samples += llvm::StringRef(it->path()).endswith(".flow");
  ASSERT_GT(samples, 0u);
  EXPECT_NE(lint.err.find("no problems in " + std::to_string(samples) + " files"),
            std::string::npos)
      << lint.err;

  Outcome test = flowc(commands[2], root);
  EXPECT_EQ(test.exit, 0) << test.out << test.err;
  EXPECT_EQ(test.out.find("FAIL"), std::string::npos) << test.out;
  EXPECT_EQ(test.out.find("tests/scenario/Inputs"), std::string::npos) << test.out;
  EXPECT_NE(test.out.find("PASS samples/"), std::string::npos) << test.out;
}

void writeFile(const std::string &path, const std::string &text) {
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(path));
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  os << text;
}

// A repository whose flow imports "shared.flow" through the project file's
// `include`, and whose `exclude` holds a broken, unformatted flow with a
// failing scenario: every subcommand that loads flows uses the project
// file, and fmt and test skip what it excludes (as lint does).
TEST(ProjectFile, EverySubcommandUsesIncludeAndExclude) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("flowproject", dir));
  const std::string root(dir);
  writeFile(root + "/.flowconfig", "include = common\nexclude = bad\n");
  writeFile(root + "/common/shared.flow", "catalog USD {\n  500 \"Session\"  10.00\n}\n");
  writeFile(root + "/flows/c.flow", "flow c \"C\"\nstart S1\nimport \"shared.flow\"\n\n"
                                    "step S1 \"One\" {\n  say \"Price {price 500}\"\n  end \"ok\"\n}\n");
  writeFile(root + "/flows/tests/c.scenario", "flow: ../c.flow\nexpect say: Price $10.00\n");
  writeFile(root + "/bad/z.flow", "flow   z \"Z\"\nstart A\nstep A { goto NOWHERE }\n");
  writeFile(root + "/bad/tests/z.scenario", "flow: ../z.flow\nexpect end: never\n");

  EXPECT_EQ(flowc("lint", root).exit, 0);
  Outcome fmt = flowc("fmt --check", root); // no path: the current directory
  EXPECT_EQ(fmt.exit, 0) << fmt.out << fmt.err;
  Outcome test = flowc("test --min-coverage=100 .", root);
  EXPECT_EQ(test.exit, 0) << test.out << test.err;
  EXPECT_EQ(test.out.find("z.scenario"), std::string::npos) << test.out;
  for (const char *cmd : {"check flows/c.flow", "build flows/c.flow -o c.flowc",
                          "strings flows/c.flow", "script flows/c.flow", "graph flows/c.flow",
                          "dump-ast flows/c.flow"}) {
    Outcome r = flowc(cmd, root);
    EXPECT_EQ(r.exit, 0) << cmd << ": " << r.err;
    EXPECT_EQ(r.err.find("E0114"), std::string::npos) << cmd << ": " << r.err;
  }
  // From a subdirectory the project file is found upward.
  EXPECT_EQ(flowc("check c.flow", root + "/flows").exit, 0);
  // --no-config drops the include path; a named excluded path is searched.
  EXPECT_EQ(flowc("check --no-config flows/c.flow", root).exit, 1);
  EXPECT_EQ(flowc("fmt --check bad", root).exit, 1);
  EXPECT_EQ(flowc("test bad", root).exit, 1);
  // test --exclude adds to the project file's exclude.
  EXPECT_EQ(flowc("test --no-config .", root).exit, 1);
  EXPECT_EQ(flowc("test --no-config --exclude bad -I common .", root).exit, 0);
  llvm::sys::fs::remove_directories(root);
}

TEST(FlowcFmt, CheckPrintsDiffAndFails) {
  Outcome r = flowc("fmt --check fmt_messy.flow");
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.out.find("--- a/fmt_messy.flow\n+++ b/fmt_messy.flow\n@@ "), std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("1 file is not formatted"), std::string::npos) << r.err;
  EXPECT_EQ(flowc("fmt --check ../golden/fmt_messy.formatted").exit, 0);
  EXPECT_EQ(flowc("fmt --check lint_tree/broken/syntax.flow").exit, 1);
  EXPECT_EQ(flowc("fmt --check no_such.flow").exit, 2);
  Outcome out = flowc("fmt --stdout fmt_messy.flow");
  EXPECT_EQ(out.exit, 0);
  EXPECT_EQ(out.out, callflow::golden::readFileText(
                         std::string(CALLFLOW_SOURCE_DIR) + "/tests/lint/golden/fmt_messy.formatted"));
}

TEST(FlowcStrings, ExportsCsvAndJson) {
  Outcome csv = flowc("strings lint_tree/good/uses_lib.flow");
  EXPECT_EQ(csv.exit, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("id,flow,step,kind,index,text,placeholders,file,line\r\n", 0), 0u);
  EXPECT_NE(csv.out.find("uses_lib.A.option."), std::string::npos) << csv.out;
  Outcome json = flowc("strings --format=json lint_tree/good/hello.flow");
  EXPECT_EQ(json.exit, 0);
  EXPECT_NE(json.out.find("\"id\": \"hello.A.say."), std::string::npos) << json.out;
  EXPECT_EQ(flowc("strings lint_tree/broken/syntax.flow").exit, 1);
}

} // namespace
