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
  replayDir(kSource / "tests/fuzz_regressions/journal", callflow::fuzz::fuzzJournal);
  EXPECT_GE(replayDir(kSource / "fuzz/corpus/journal", callflow::fuzz::fuzzJournal), 4u);
}

TEST(FuzzRegressions, Scenario) {
  replayDir(kSource / "tests/fuzz_regressions/scenario", callflow::fuzz::fuzzScenario);
  EXPECT_GE(replayDir(kSource / "fuzz/corpus/scenario", callflow::fuzz::fuzzScenario), 8u);
}

TEST(FuzzRegressions, Lsp) {
  replayDir(kSource / "tests/fuzz_regressions/lsp", callflow::fuzz::fuzzLsp);
  EXPECT_GE(replayDir(kSource / "fuzz/corpus/lsp", callflow::fuzz::fuzzLsp), 5u);
}

TEST(FuzzRegressions, Workbench) {
  EXPECT_GE(replayDir(kSource / "fuzz/corpus/workbench", callflow::fuzz::fuzzWorkbench), 8u);
}

TEST(FuzzRegressions, Http) {
  replayDir(kSource / "tests/fuzz_regressions/http", callflow::fuzz::fuzzHttp);
  EXPECT_GE(replayDir(kSource / "fuzz/corpus/http", callflow::fuzz::fuzzHttp), 8u);
}

TEST(FuzzRegressions, EmptyAndTinyInputs) {
  for (size_t n = 0; n <= sizeof kTinyBytes; ++n) {
    EXPECT_EQ(callflow::fuzz::fuzzJournal(kTinyBytes, n), 0);
    EXPECT_EQ(callflow::fuzz::fuzzScenario(kTinyBytes, n), 0);
    EXPECT_EQ(callflow::fuzz::fuzzLsp(kTinyBytes, n), 0);
    EXPECT_EQ(callflow::fuzz::fuzzWorkbench(kTinyBytes, n), 0);
    EXPECT_EQ(callflow::fuzz::fuzzHttp(kTinyBytes, n), 0);
  }
}

} // namespace
