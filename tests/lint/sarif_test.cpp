// Checks the SARIF output for what GitHub code scanning requires of an
// upload (docs.github.com, "SARIF support for code scanning"): version
// 2.1.0 and $schema; one run whose tool.driver has a name and rules with
// unique ids; results with ruleId (and a ruleIndex that points at that
// rule), a message text, and exactly one location whose artifact URI is
// relative with forward slashes and whose region lines and columns are
// 1-based and ordered; related locations with ids and messages.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "lint/output.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::lint {
namespace {

using llvm::json::Array;
using llvm::json::Object;

llvm::SMRange at(llvm::StringRef text, llvm::StringRef needle) {
  const char *p = text.data() + text.find(needle);
  return {llvm::SMLoc::getFromPointer(p), llvm::SMLoc::getFromPointer(p + needle.size())};
}

std::string sarifFor(const std::vector<Finding> &findings) {
  std::string out;
  llvm::raw_string_ostream os(out);
  ReportInfo info;
  info.fileCount = 1;
  writeSarif(findings, info, os);
  return os.str();
}

std::vector<Finding> sampleFindings(llvm::SourceMgr &sm) {
  const char *src = "flow f\nstart A\nstep A {\n  goto Б\n}\nstep B { end }\n";
  unsigned id = sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(src, "/repo/flows/sub dir/f.flow"), llvm::SMLoc());
  llvm::StringRef text = sm.getMemoryBuffer(id)->getBuffer();
  diag::DiagnosticEngine engine(sm);
  engine.report(diag::DiagId::UndefinedStep, at(text, "Б"), {"Б"});
  engine.report(diag::DiagId::UnreachableStep, at(text, "step B"), {"B", "A"})
      .note(at(text, "step A"), "the start step")
      .note("no jump reaches it");
  engine.report(diag::DiagId::TrapLoop, at(text, "step A"), {"'A'"})
      .note(at(text, "goto"), "path: 'A' jumps here");
  ResolveOptions ro;
  ro.paths.baseDir = "/repo";
  std::vector<Finding> f = resolveAll(engine, ro);
  sortAndDedupe(f);
  return f;
}

void checkRegion(const Object &region) {
  auto startLine = region.getInteger("startLine");
  ASSERT_TRUE(startLine.hasValue());
  EXPECT_GE(*startLine, 1);
  if (auto startCol = region.getInteger("startColumn")) {
    EXPECT_GE(*startCol, 1);
    auto endLine = region.getInteger("endLine");
    auto endCol = region.getInteger("endColumn");
    ASSERT_TRUE(endLine && endCol);
    EXPECT_GE(*endLine, *startLine);
    if (*endLine == *startLine) {
      EXPECT_GT(*endCol, *startCol);
    }
  }
}

void checkPhysical(const Object *loc) {
  ASSERT_NE(loc, nullptr);
  const Object *phys = loc->getObject("physicalLocation");
  ASSERT_NE(phys, nullptr);
  const Object *art = phys->getObject("artifactLocation");
  ASSERT_NE(art, nullptr);
  auto uri = art->getString("uri");
  ASSERT_TRUE(uri.hasValue());
  EXPECT_FALSE(uri->empty());
  EXPECT_FALSE(uri->startswith("/")) << uri->str() << ": must be relative to the repository";
  EXPECT_FALSE(uri->contains('\\')) << uri->str();
  EXPECT_FALSE(uri->contains(' ')) << uri->str() << ": must be percent-encoded";
  EXPECT_FALSE(uri->contains("..")) << uri->str();
  const Object *region = phys->getObject("region");
  ASSERT_NE(region, nullptr);
  checkRegion(*region);
}

TEST(SarifTest, HasThePropertiesGithubRequires) {
  llvm::SourceMgr sm;
  std::vector<Finding> findings = sampleFindings(sm);
  ASSERT_EQ(findings.size(), 3u);
  auto parsed = llvm::json::parse(sarifFor(findings));
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  const Object *root = parsed->getAsObject();
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->getString("version").getValueOr(""), "2.1.0");
  EXPECT_TRUE(root->getString("$schema").getValueOr("").contains("sarif-2.1.0"));
  const Array *runs = root->getArray("runs");
  ASSERT_TRUE(runs && runs->size() == 1);
  const Object *run = runs->front().getAsObject();
  const Object *driver = run->getObject("tool")->getObject("driver");
  ASSERT_NE(driver, nullptr);
  EXPECT_EQ(driver->getString("name").getValueOr(""), "flowc");
  // No guessed URLs: without a help-uri there are no links, only help.
  EXPECT_EQ(driver->get("informationUri"), nullptr);
  EXPECT_FALSE(driver->getString("version").getValueOr("").empty());

  // Rules: one per registry entry, in registry order, unique ids.
  const Array *rules = driver->getArray("rules");
  ASSERT_NE(rules, nullptr);
  ASSERT_EQ(rules->size(), diag::allDiagInfos().size());
  std::set<std::string> ids;
  for (size_t i = 0; i < rules->size(); ++i) {
    const Object *rule = (*rules)[i].getAsObject();
    std::string id = rule->getString("id").getValueOr("").str();
    EXPECT_EQ(id, diag::allDiagInfos()[i].code);
    EXPECT_TRUE(ids.insert(id).second) << "duplicate rule id " << id;
    EXPECT_FALSE(rule->getString("name").getValueOr("").empty());
    EXPECT_FALSE(rule->getObject("shortDescription")->getString("text").getValueOr("").empty());
    llvm::StringRef lvl =
        rule->getObject("defaultConfiguration")->getString("level").getValueOr("");
    EXPECT_TRUE(lvl == "error" || lvl == "warning" || lvl == "note") << lvl.str();
    EXPECT_EQ(rule->get("helpUri"), nullptr) << id;
    const Object *help = rule->getObject("help");
    ASSERT_NE(help, nullptr) << id;
    EXPECT_TRUE(help->getString("text").getValueOr("").startswith(id)) << id;
    EXPECT_TRUE(help->getString("markdown").getValueOr("").contains("flowc explain " + id)) << id;
  }

  const Array *results = run->getArray("results");
  ASSERT_TRUE(results && results->size() == findings.size());
  bool sawRelated = false;
  for (const llvm::json::Value &v : *results) {
    const Object *r = v.getAsObject();
    std::string ruleId = r->getString("ruleId").getValueOr("").str();
    EXPECT_TRUE(ids.count(ruleId)) << ruleId;
    auto index = r->getInteger("ruleIndex");
    ASSERT_TRUE(index.hasValue());
    ASSERT_LT(static_cast<size_t>(*index), rules->size());
    EXPECT_EQ((*rules)[*index].getAsObject()->getString("id").getValueOr(""), ruleId);
    llvm::StringRef lvl = r->getString("level").getValueOr("");
    EXPECT_TRUE(lvl == "error" || lvl == "warning" || lvl == "note");
    EXPECT_FALSE(r->getObject("message")->getString("text").getValueOr("").empty());
    const Array *locs = r->getArray("locations");
    ASSERT_TRUE(locs && locs->size() == 1);
    checkPhysical(locs->front().getAsObject());
    EXPECT_EQ(locs->front()
                  .getAsObject()
                  ->getObject("physicalLocation")
                  ->getObject("artifactLocation")
                  ->getString("uri")
                  .getValueOr(""),
              "flows/sub%20dir/f.flow");
    if (const Array *rel = r->getArray("relatedLocations")) {
      sawRelated = true;
      std::set<int64_t> relIds;
      for (const llvm::json::Value &rv : *rel) {
        const Object *ro = rv.getAsObject();
        auto id = ro->getInteger("id");
        ASSERT_TRUE(id.hasValue());
        EXPECT_TRUE(relIds.insert(*id).second);
        EXPECT_FALSE(ro->getObject("message")->getString("text").getValueOr("").empty());
        checkPhysical(ro);
      }
    }
    const Object *fp = r->getObject("partialFingerprints");
    ASSERT_NE(fp, nullptr);
    for (const auto &kv : *fp)
      EXPECT_TRUE(kv.second.getAsString().hasValue());
  }
  EXPECT_TRUE(sawRelated);
}

TEST(SarifTest, CounterexamplePathsBecomeCodeFlowsAndRelatedLocations) {
  llvm::SourceMgr sm;
  const char *src = "flow f\nstart A\nstep A {\n  ask \"Q?\" { \"No\" -> C }\n}\n"
                    "step C { goto B }\nstep B { end }\n";
  unsigned id = sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(src, "/repo/flows/f.flow"), llvm::SMLoc());
  llvm::StringRef text = sm.getMemoryBuffer(id)->getBuffer();
  diag::DiagnosticEngine engine(sm);
  engine.report(diag::DiagId::MissingRequiredField, at(text, "end"), {"tech", "create Ticket"})
      .note(std::vector<diag::PathHop>{{"A", at(text, "A {"), {{"option \"No\"", at(text, "\"No\"")}}},
                                       {"C", at(text, "C {"), {}},
                                       {"B", at(text, "B {"), {}}});
  ResolveOptions ro;
  ro.paths.baseDir = "/repo";
  auto parsed = llvm::json::parse(sarifFor(resolveAll(engine, ro)));
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  const Object *r = parsed->getAsObject()
                        ->getArray("runs")
                        ->front()
                        .getAsObject()
                        ->getArray("results")
                        ->front()
                        .getAsObject();
  // The message keeps the one-line path.
  EXPECT_TRUE(r->getObject("message")->getString("text").getValueOr("").endswith(
      "\npath: A (option \"No\") → C → B"));
  const Array *flows = r->getArray("codeFlows");
  ASSERT_TRUE(flows && flows->size() == 1);
  const Array *threads = flows->front().getAsObject()->getArray("threadFlows");
  ASSERT_TRUE(threads && threads->size() == 1);
  const Array *locs = threads->front().getAsObject()->getArray("locations");
  ASSERT_NE(locs, nullptr);
  // Step A, the option taken in it, step C, step B: in order, each located.
  std::vector<std::string> messages;
  std::vector<int64_t> lines;
  for (size_t i = 0; i < locs->size(); ++i) {
    const Object *tl = (*locs)[i].getAsObject();
    EXPECT_EQ(tl->getInteger("executionOrder").getValueOr(0), static_cast<int64_t>(i + 1));
    const Object *loc = tl->getObject("location");
    checkPhysical(loc);
    messages.push_back(loc->getObject("message")->getString("text").getValueOr("").str());
    lines.push_back(*loc->getObject("physicalLocation")->getObject("region")->getInteger("startLine"));
  }
  EXPECT_EQ(messages, (std::vector<std::string>{"step A", "option \"No\"", "step C", "step B"}));
  EXPECT_EQ(lines, (std::vector<int64_t>{3, 4, 6, 7}));
  const Array *rel = r->getArray("relatedLocations");
  ASSERT_TRUE(rel && rel->size() == 3);
  EXPECT_EQ((*rel)[0].getAsObject()->getObject("message")->getString("text").getValueOr(""),
            "path step 1 of 3: A (option \"No\")");
  for (const llvm::json::Value &v : *rel)
    checkPhysical(v.getAsObject());
}

// With a help-uri, each rule links to its heading in docs/diagnostics.md by
// the anchor GitHub gives it: "## E0001 FileNotReadable" -> #e0001-filenotreadable.
TEST(SarifTest, HelpUrisPointAtTheHeadingsOfDiagnosticsMd) {
  EXPECT_EQ(headingAnchor("E0001 FileNotReadable"), "e0001-filenotreadable");
  EXPECT_EQ(headingAnchor("A b: c, `d` (e)_f-g"), "a-b-c-d-e_f-g");
  std::map<std::string, std::string> headings; // code -> heading
  std::ifstream md(std::string(CALLFLOW_SOURCE_DIR) + "/docs/diagnostics.md");
  for (std::string line; std::getline(md, line);)
    if (llvm::StringRef(line).startswith("## "))
      headings[llvm::StringRef(line).drop_front(3).split(' ').first.str()] = line.substr(3);
  ASSERT_EQ(headings.size(), diag::allDiagInfos().size());

  std::string out;
  llvm::raw_string_ostream os(out);
  ReportInfo info;
  info.helpBaseUri = "https://example.org/docs/diagnostics.md";
  writeSarif({}, info, os);
  auto parsed = llvm::json::parse(os.str());
  ASSERT_TRUE(bool(parsed));
  const Array *rules = parsed->getAsObject()
                           ->getArray("runs")
                           ->front()
                           .getAsObject()
                           ->getObject("tool")
                           ->getObject("driver")
                           ->getArray("rules");
  ASSERT_NE(rules, nullptr);
  for (const llvm::json::Value &v : *rules) {
    const Object *rule = v.getAsObject();
    std::string id = rule->getString("id").getValueOr("").str();
    ASSERT_TRUE(headings.count(id)) << id << " has no heading in docs/diagnostics.md";
    // GitHub's slug of the heading: lower case, spaces as '-' (the
    // headings are a code and a CamelCase name, nothing else).
    std::string slug = llvm::StringRef(headings[id]).lower();
    std::replace(slug.begin(), slug.end(), ' ', '-');
    EXPECT_EQ(rule->getString("helpUri").getValueOr(""), info.helpBaseUri + "#" + slug);
  }
}

TEST(SarifTest, CyrillicColumnsCountCodePoints) {
  llvm::SourceMgr sm;
  std::vector<Finding> findings = sampleFindings(sm);
  // `  goto Б`: Б is the 8th code point (its UTF-8 form is two bytes).
  const Finding &f = findings[1];
  ASSERT_EQ(f.id, diag::DiagId::UndefinedStep);
  EXPECT_EQ(f.loc.line, 4u);
  EXPECT_EQ(f.loc.column, 8u);
  EXPECT_EQ(f.loc.endColumn, 9u);
}

TEST(SarifTest, FingerprintsSurviveLineMoves) {
  auto fingerprint = [](const char *src) {
    llvm::SourceMgr sm;
    unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "f.flow"),
                                        llvm::SMLoc());
    llvm::StringRef text = sm.getMemoryBuffer(id)->getBuffer();
    diag::DiagnosticEngine engine(sm);
    engine.report(diag::DiagId::UndefinedStep, at(text, "X"), {"X"});
    auto parsed = llvm::json::parse(sarifFor(resolveAll(engine)));
    EXPECT_TRUE(bool(parsed));
    return parsed->getAsObject()
        ->getArray("runs")
        ->front()
        .getAsObject()
        ->getArray("results")
        ->front()
        .getAsObject()
        ->getObject("partialFingerprints")
        ->getString("callflowFingerprint/v1")
        .getValueOr("")
        .str();
  };
  std::string a = fingerprint("step A {\n  goto X\n}\n");
  std::string b = fingerprint("// moved\n\nstep A {\n  goto X\n}\n");
  std::string c = fingerprint("step A {\n  say \"hi\" goto X\n}\n");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

} // namespace
} // namespace callflow::lint
