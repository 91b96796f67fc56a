// Replays every fuzz finding (tests/fuzz_regressions/<target>/) and every
// seed (fuzz/corpus/<target>/) through the fuzz entry points of the
// journal, scenarios and answers, the language server, the workbench and
// the agent desktop's API (the compile pipeline's two:
// compile_regressions_test.cpp). An entry aborts when a promise is broken,
// and the sanitizer build turns memory errors into failures.
#include <gtest/gtest.h>

#include "fuzz_targets.h"
#include "replay.h"

namespace {

using namespace callflow::fuzz::replay;

TEST(FuzzRegressions, Journal) {
  EXPECT_GE(replayTarget("journal", callflow::fuzz::fuzzJournal), 4u);
}

TEST(FuzzRegressions, Scenario) {
  EXPECT_GE(replayTarget("scenario", callflow::fuzz::fuzzScenario), 8u);
}

TEST(FuzzRegressions, Lsp) {
  EXPECT_GE(replayTarget("lsp", callflow::fuzz::fuzzLsp), 5u);
}

TEST(FuzzRegressions, Workbench) {
  EXPECT_GE(replayTarget("workbench", callflow::fuzz::fuzzWorkbench), 8u);
}

TEST(FuzzRegressions, Http) {
  EXPECT_GE(replayTarget("http", callflow::fuzz::fuzzHttp), 8u);
}

TEST(FuzzRegressions, EmptyAndTinyInputs) {
  replayTinyInputs(callflow::fuzz::fuzzJournal);
  replayTinyInputs(callflow::fuzz::fuzzScenario);
  replayTinyInputs(callflow::fuzz::fuzzLsp);
  replayTinyInputs(callflow::fuzz::fuzzWorkbench);
  replayTinyInputs(callflow::fuzz::fuzzHttp);
}

} // namespace
