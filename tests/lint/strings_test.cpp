// `flowc strings`: which lines are exported, the stability of their IDs
// across edits of other lines, placeholders, and the CSV (RFC 4180) and
// JSON forms (golden files).
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "golden_util.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "parse/parse.h"
#include "print/strings.h"

namespace callflow::print {
namespace {

std::vector<StringEntry> extract(const std::string &src) {
  llvm::SourceMgr sm;
  unsigned id =
      sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "flows/f.flow"), {});
  diag::DiagnosticEngine diags(sm);
  auto file = parse::parseBuffer(sm, id, diags);
  EXPECT_FALSE(diags.hasErrors());
  return extractStrings(*file, flowNameOf(*file), sm);
}

const char *kFlow = R"(flow pay "Pay"
start A
section "S" {
  step A {
    say "Hello {agent}, the fee is {price 320}, {agent}."
    note "Be polite, \"always\""
    ask "Pay now?" {
      "Yes" { say "Thanks" }
      "No"  -> B
    }
    say "Thanks"
    goto B
  }
}
step B "Second" {
  input Case.product "Product name"
  create Ticket { title = input "Describe, briefly" }
  do "Notify {Ticket.number}"
  if x { transfer "Billing" } else { end "Caller, declined" }
}
)";

TEST(Strings, ExportsEveryAgentLineInOrder) {
  std::vector<StringEntry> es = extract(kFlow);
  std::vector<std::string> kinds;
  for (const StringEntry &e : es)
    kinds.push_back(e.step + ":" + e.kind + std::to_string(e.index));
  EXPECT_EQ(kinds, (std::vector<std::string>{"flow:flow1", "section:section1", "A:say1",
                                             "A:note1", "A:ask1", "A:option1", "A:say2",
                                             "A:option2", "A:say3", "B:title1", "B:input1",
                                             "B:input2", "B:do1", "B:transfer1", "B:end1"}));
  const StringEntry &hello = es[2];
  // {agent} twice in the line: listed once.
  EXPECT_EQ(hello.placeholders, (std::vector<std::string>{"{agent}", "{price 320}"}));
  EXPECT_EQ(hello.line, 5u);
  EXPECT_EQ(hello.file, "flows/f.flow");
  EXPECT_EQ(es[3].text, "Be polite, \"always\"");
  // "Thanks" twice in step A: the second one is told apart by ".2".
  EXPECT_EQ(es[8].id, es[6].id + ".2");
  EXPECT_TRUE(llvm::StringRef(hello.id).startswith("pay.A.say."));
  EXPECT_EQ(es[1].text, "S");
  EXPECT_EQ(es[9].text, "Second");
  std::set<std::string> unique;
  for (const StringEntry &e : es)
    EXPECT_TRUE(unique.insert(e.id).second) << e.id;
}

TEST(Strings, IdsSurviveEditsOfOtherLines) {
  std::vector<StringEntry> before = extract(kFlow);
  std::string edited = kFlow;
  // Insert a line before the first, and edit the note.
  edited.replace(edited.find("    say \"Hello"), 0, "    say \"New first line\"\n");
  edited.replace(edited.find("Be polite"), 9, "Be kind");
  std::vector<StringEntry> after = extract(edited);
  ASSERT_EQ(after.size(), before.size() + 1);
  auto find = [](const std::vector<StringEntry> &es, llvm::StringRef text) {
    for (const StringEntry &e : es)
      if (e.text == text)
        return e.id;
    return std::string();
  };
  for (const StringEntry &e : before) {
    if (e.kind == "note")
      continue;
    EXPECT_EQ(find(after, e.text), find(before, e.text)) << e.text;
  }
  EXPECT_NE(find(after, "Be kind, \"always\""), find(before, "Be polite, \"always\""));
  // The ordinal moved, the id did not.
  EXPECT_EQ(after[3].index, 2u);
  EXPECT_EQ(after[3].id, before[2].id);
}

// What agents read outside steps: titles and labels of the flow, forms,
// fields, enums, the catalog and vars, each in the scope it belongs to.
TEST(Strings, ExportsTitlesAndLabelsOfDeclarations) {
  std::vector<StringEntry> es = extract(R"(flow f "Флоу"
start A
catalog USD {
  310 "ONE-TIME SESSION" 35.00
}
enum Plan { basic "Basic plan"  gold "Gold plan" }
form Ticket "Ticket" {
  title "Ticket Title" : text
  code : text
  rule "Gold needs a title" : title is set
}
var agent "Agent name" : text auto
step A "Greeting" { end }
)");
  std::vector<std::string> got;
  for (const StringEntry &e : es)
    got.push_back(e.step + ":" + e.kind + ":" + e.text);
  EXPECT_EQ(got, (std::vector<std::string>{
                     "flow:flow:Флоу", "catalog:item:ONE-TIME SESSION", "Plan:value:Basic plan",
                     "Plan:value:Gold plan", "Ticket:form:Ticket", "Ticket:field:Ticket Title",
                     "Ticket:rule:Gold needs a title", "vars:var:Agent name", "A:title:Greeting"}));
  EXPECT_TRUE(llvm::StringRef(es[5].id).startswith("f.Ticket.field."));
  EXPECT_EQ(es[3].index, 2u);
}

TEST(Strings, CsvNeutralisesFormulas) {
  // OWASP: a cell starting with = + - @ tab or CR is prefixed with '.
  EXPECT_EQ(csvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csvField("+1"), "\"'+1\"");
  EXPECT_EQ(csvField("-2"), "\"'-2\"");
  EXPECT_EQ(csvField("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csvField("\tx"), "\"'\tx\"");
  EXPECT_EQ(csvField("a = b"), "a = b");
  // JSON keeps the text as written.
  std::vector<StringEntry> es = extract("flow f\nstart A\nstep A { say \"=1+2\" end }\n");
  std::string json;
  llvm::raw_string_ostream j(json);
  writeStringsJson(es, j);
  EXPECT_NE(j.str().find("\"text\": \"=1+2\""), std::string::npos) << json;
}

TEST(Strings, CsvQuotingFollowsRfc4180) {
  EXPECT_EQ(csvField("plain"), "plain");
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csvField("cr\r"), "\"cr\r\"");
}

TEST(Strings, CsvAndJsonGolden) {
  std::vector<StringEntry> es = extract(kFlow);
  std::string csv, json;
  llvm::raw_string_ostream c(csv), j(json);
  writeStringsCsv(es, c);
  writeStringsJson(es, j);
  golden::expectGolden("strings.csv", c.str());
  golden::expectGolden("strings.json", j.str());
}

} // namespace
} // namespace callflow::print
