// Golden tests of the lint output formats (text, json, sarif, github) over
// one fixed set of diagnostics: two files, Cyrillic text (code-point
// columns), notes with and without locations, a counterexample path (SARIF
// code flow, JSON path), a fix-it, a finding without
// a location, and characters GitHub's escaping must handle.
#include <string>

#include <gtest/gtest.h>

#include "golden_util.h"
#include "lint/output.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::lint {
namespace {

using diag::DiagId;
using golden::expectGolden;

const char *kMain = "flow pay \"Оплата\"\n"
                    "start A\n"
                    "step A \"Приветствие\" { say \"Здравствуйте\" goto B-9 }\n"
                    "step C {\n"
                    "  create Ticket { title = \"x\" }\n"
                    "  end\n"
                    "}\n";
const char *kCommon = "form Ticket {\n  title : text required\n  tech : text required\n}\n";

llvm::SMRange rangeOf(const llvm::SourceMgr &sm, unsigned buf, llvm::StringRef needle) {
  llvm::StringRef text = sm.getMemoryBuffer(buf)->getBuffer();
  size_t at = text.find(needle);
  EXPECT_TRUE(text.contains(needle)) << needle.str();
  const char *p = text.data() + at;
  return {llvm::SMLoc::getFromPointer(p), llvm::SMLoc::getFromPointer(p + needle.size())};
}

class OutputTest : public ::testing::Test {
protected:
  void SetUp() override {
    mainBuf = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(kMain, "flows/pay.flow"),
                                    llvm::SMLoc());
    commonBuf = sm.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(kCommon, "./flows/common.flow"), llvm::SMLoc());
    diag::DiagnosticEngine engine(sm);
    engine.report(DiagId::UndefinedStep, rangeOf(sm, mainBuf, "B-9"), {"B-9"})
        .fixit(rangeOf(sm, mainBuf, "B-9"), "C");
    engine.report(DiagId::MissingRequiredField, rangeOf(sm, mainBuf, "create Ticket"),
                  {"tech", "create Ticket"})
        .note(rangeOf(sm, commonBuf, "tech : text required"), "'tech' is declared here")
        .note(rangeOf(sm, mainBuf, "step C"), "on this path: step 'C'")
        .note("no statement on the path sets it")
        .note(std::vector<diag::PathHop>{
            {"A", rangeOf(sm, mainBuf, "A \""), {{"option \"No\"", rangeOf(sm, mainBuf, "goto")}}},
            {"C", rangeOf(sm, mainBuf, "C {"), {}}});
    engine.report(DiagId::UnreachableStep, rangeOf(sm, mainBuf, "step C {\n  create Ticket"),
                  {"C", "A"});
    engine.report(DiagId::TypeMismatch, rangeOf(sm, mainBuf, "\"Здравствуйте\""),
                  {"100% wrong: a, b\nsecond line"});
    engine.report(DiagId::FileNotReadable, llvm::SMRange(), {"flows/gone.flow", "No such file"});
    ResolveOptions ro;
    ro.fallbackFile = "flows/gone.flow";
    findings = resolveAll(engine, ro);
    sortAndDedupe(findings);
    info.fileCount = 2;
  }

  std::string render(OutputFormat f) {
    std::string out;
    llvm::raw_string_ostream os(out);
    writeReport(f, findings, info, os);
    return os.str();
  }

  llvm::SourceMgr sm;
  unsigned mainBuf = 0, commonBuf = 0;
  std::vector<Finding> findings;
  ReportInfo info;
};

TEST_F(OutputTest, ResolvesCodePointColumnsAndExclusiveEnds) {
  ASSERT_EQ(findings.size(), 5u);
  // Sorted: the location-less finding of flows/gone.flow, then pay.flow.
  EXPECT_EQ(findings[0].loc.file, "flows/gone.flow");
  EXPECT_FALSE(findings[0].loc.valid());
  const Finding &undefined = findings[2];
  EXPECT_EQ(undefined.id, DiagId::UndefinedStep);
  EXPECT_EQ(undefined.loc.file, "flows/pay.flow");
  EXPECT_EQ(undefined.loc.line, 3u);
  // `step A "Приветствие" { say "Здравствуйте" goto ` is 47 code points.
  EXPECT_EQ(undefined.loc.column, 48u);
  EXPECT_EQ(undefined.loc.endColumn, 51u);
  // "./flows/common.flow" is shown without the "./".
  const Finding &missing = findings[4];
  EXPECT_EQ(missing.notes[0].loc.file, "flows/common.flow");
  EXPECT_EQ(missing.notes[0].loc.line, 3u);
  // The path note keeps its one-line text and the location of each hop.
  const FindingNote &path = missing.notes[3];
  EXPECT_EQ(path.message, "path: A (option \"No\") → C");
  EXPECT_FALSE(path.loc.valid());
  ASSERT_EQ(path.path.size(), 2u);
  EXPECT_EQ(path.path[0].loc.line, 3u);
  EXPECT_EQ(path.path[0].loc.column, 6u);
  ASSERT_EQ(path.path[0].choices.size(), 1u);
  EXPECT_EQ(path.path[0].choices[0].loc.column, 43u);
  EXPECT_EQ(path.path[1].loc.line, 4u);
}

TEST_F(OutputTest, DedupeDropsExactRepeats) {
  std::vector<Finding> twice = findings;
  twice.insert(twice.end(), findings.begin(), findings.end());
  sortAndDedupe(twice);
  EXPECT_EQ(twice.size(), findings.size());
}

TEST_F(OutputTest, TextGolden) { expectGolden("output.txt", render(OutputFormat::Text)); }
TEST_F(OutputTest, JsonGolden) { expectGolden("output.json", render(OutputFormat::Json)); }
TEST_F(OutputTest, GithubGolden) { expectGolden("output.github", render(OutputFormat::Github)); }

TEST_F(OutputTest, SarifGoldenWithoutRules) {
  // The rule table and rule indices change with kinds.def; the golden
  // holds everything else and sarif_test.cpp checks those against the
  // registry.
  auto parsed = llvm::json::parse(render(OutputFormat::Sarif));
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  llvm::json::Object *driver =
      parsed->getAsObject()->getArray("runs")->front().getAsObject()->getObject("tool")->getObject(
          "driver");
  driver->erase("rules");
  // ruleIndex follows the order of kinds.def, which others extend.
  for (llvm::json::Value &r :
       *parsed->getAsObject()->getArray("runs")->front().getAsObject()->getArray("results"))
    r.getAsObject()->erase("ruleIndex");
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::formatv("{0:2}", *parsed) << "\n";
  expectGolden("output.sarif", os.str());
}

TEST(GithubEscapeTest, EscapesDataAndProperties) {
  EXPECT_EQ(escapeGithubData("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
  EXPECT_EQ(escapeGithubProperty("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
}

TEST(PathUriTest, PercentEncodesButKeepsSlashes) {
  EXPECT_EQ(pathToUri("flows/my flow.flow"), "flows/my%20flow.flow");
  EXPECT_EQ(pathToUri("a/Я.flow"), "a/%D0%AF.flow");
}

TEST(DisplayPathTest, RelativeToBaseWithForwardSlashes) {
  PathOptions o;
  o.baseDir = "/repo";
  EXPECT_EQ(displayPath("/repo/flows/a.flow", o), "flows/a.flow");
  EXPECT_EQ(displayPath("/repo/x/../flows/a.flow", o), "flows/a.flow");
  EXPECT_EQ(displayPath("/elsewhere/a.flow", o), "/elsewhere/a.flow");
  EXPECT_EQ(displayPath("/repository/a.flow", o), "/repository/a.flow");
}

TEST(SummaryTest, CountsAndPlurals) {
  EXPECT_EQ(summaryLine({}, 42), "no problems in 42 files");
  Finding e{DiagId::UndefinedStep, diag::Severity::Error, {}, "m", {}, {}, "", ""};
  Finding w{DiagId::UnreachableStep, diag::Severity::Warning, {}, "m", {}, {}, "", ""};
  EXPECT_EQ(summaryLine({e, e, e, w, w, w, w, w}, 42), "3 errors, 5 warnings in 42 files");
  EXPECT_EQ(summaryLine({e}, 1), "1 error in 1 file");
}

} // namespace
} // namespace callflow::lint
