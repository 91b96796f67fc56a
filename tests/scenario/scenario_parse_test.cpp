// The scenario file parser: flow path resolution, runs split by `---`,
// answers (flowrun's directives) and expectations, and its error messages.
#include "scenario/scenario.h"

#include <gtest/gtest.h>

namespace sc = callflow::scenario;

TEST(ScenarioParse, RunsAnswersAndExpectations) {
  std::vector<sc::ParseError> errors;
  sc::ScenarioFile f = sc::parseScenario("dir/tests/a.scenario",
                                         "# c\nflow: ../x.flow\nexpect step: D-1\nchoose \"Yes\"\n---\n"
                                         "provide 12\nexpect end\n---\n",
                                         errors);
  ASSERT_TRUE(errors.empty());
  EXPECT_EQ(f.flowPath, "dir/x.flow");
  ASSERT_EQ(f.runs.size(), 2u);
  ASSERT_EQ(f.runs[0].lines.size(), 2u);
  EXPECT_EQ(f.runs[0].lines[0].kind, sc::Line::Kind::Expect);
  EXPECT_EQ(f.runs[0].lines[0].what, "step");
  EXPECT_EQ(f.runs[0].lines[0].text, "D-1");
  EXPECT_EQ(f.runs[0].lines[1].kind, sc::Line::Kind::Answer);
  EXPECT_TRUE(f.runs[0].lines[1].answer.byLabel);
  EXPECT_EQ(f.runs[0].lines[1].answer.text, "Yes");
  EXPECT_EQ(f.runs[1].line, 6u);
  EXPECT_EQ(f.runs[1].lines[0].answer.text, "12");
  EXPECT_EQ(f.runs[1].lines[1].what, "end");
  EXPECT_EQ(f.runs[1].lines[1].line, 7u);
}

TEST(ScenarioParse, TakePaymentIsOneKind) {
  std::vector<sc::ParseError> errors;
  sc::ScenarioFile f = sc::parseScenario("a.scenario", "flow: x.flow\nexpect take payment: 20.00\n", errors);
  ASSERT_TRUE(errors.empty());
  EXPECT_EQ(f.runs[0].lines[0].what, "take payment");
  EXPECT_EQ(f.runs[0].lines[0].text, "20.00");
}

TEST(ScenarioParse, Errors) {
  std::vector<sc::ParseError> errors;
  sc::parseScenario("a.scenario", "expect smile: x\nexpect say:\nchose 1\n", errors);
  ASSERT_EQ(errors.size(), 5u); // and: no flow, no runs
  EXPECT_EQ(errors[0].line, 1u);
  EXPECT_NE(errors[0].message.find("unknown expectation 'smile'"), std::string::npos);
  EXPECT_EQ(errors[1].line, 2u);
  EXPECT_NE(errors[1].message.find("needs the text"), std::string::npos);
  EXPECT_EQ(errors[2].line, 3u);
  EXPECT_NE(errors[2].message.find("unknown directive 'chose'"), std::string::npos);
  EXPECT_NE(errors[3].message.find("does not name its flow"), std::string::npos);
  EXPECT_NE(errors[4].message.find("no answers or expectations"), std::string::npos);
}
