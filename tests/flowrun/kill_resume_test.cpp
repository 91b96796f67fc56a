// Nothing is lost when flowrun dies: the recorded seed-000 call (the
// Pay-As-You-Go remote session) is killed with SIGKILL at each journal
// write — before it, in the middle of it (a torn record) and after it —
// and resumed with --resume. The resumed run must replay exactly the
// answers the journal holds whole, continue with the very events the
// uninterrupted run showed after them, end the same way, and leave the
// same journal behind.
#include <gtest/gtest.h>

#include "callflow/journal.h"
#include "run_flowrun.h"

namespace {

using namespace flowrun_test;
const std::string kSource = kSeed000;
const std::string kAnswers = kPaygAnswers;
const std::vector<std::pair<std::string, std::string>> kHooks = {{"FLOWRUN_TEST_HOOKS", "1"}};

bool isAnswer(const std::string &line) { return line.find("\"event\":\"answer\"") != std::string::npos; }

TEST(FlowrunKill, ResumeAfterKillAtEveryJournalWrite) {
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string journal = dir / "call.journal", full = dir / "full.journal";
  auto flowrun = [&](std::vector<std::string> args) { return flowrun_test::flowrun(dir, std::move(args), "", kHooks); };

  // The uninterrupted call, journaled.
  ProcessRun whole = flowrun({kSource, "--answers", kAnswers, "--json", "--journal", full});
  ASSERT_EQ(whole.code(), 0) << (whole.lines.empty() ? "" : whole.lines.back());
  ASSERT_FALSE(whole.lines.empty());
  EXPECT_NE(whole.lines.back().find("\"how\":\"transfer\""), std::string::npos) << whole.lines.back();
  const std::vector<uint8_t> fullJournal = fileBytes(full);
  const callflow::JournalContents fullContents = callflow::parseJournal(fullJournal);
  ASSERT_TRUE(fullContents.tailProblem.empty());
  const size_t n = fullContents.records.size();
  size_t answerLines = 0;
  for (const std::string &l : whole.lines) answerLines += isAnswer(l);
  ASSERT_EQ(answerLines, n);
  ASSERT_GE(n, 8u);

  for (size_t k = 0; k < n; ++k)
    for (long torn : {0L, 3L, 1000L}) {
      SCOPED_TRACE("killed at record " + std::to_string(k) + " after " + std::to_string(torn) + " bytes");
      ProcessRun dead = flowrun({kSource, "--answers", kAnswers, "--json", "--journal", journal, "--force",
                                 "--test-kill-after", std::to_string(k), "--test-torn-bytes", std::to_string(torn)});
      ASSERT_TRUE(dead.killed()) << dead.status;
      // Every answer acknowledged before the kill (its next event shown) is in the journal.
      size_t shown = 0;
      for (const std::string &l : dead.lines) shown += isAnswer(l);
      const callflow::JournalContents c = callflow::readJournal(journal);
      ASSERT_TRUE(c.headerOk);
      const size_t kept = c.records.size();
      EXPECT_EQ(shown, k);
      EXPECT_EQ(kept, torn >= 1000 ? k + 1 : k);
      EXPECT_EQ(c.tailProblem.empty(), torn == 0 || torn >= 1000) << c.tailProblem;
      for (size_t i = 0; i < kept; ++i) EXPECT_EQ(c.records[i].payload, fullContents.records[i].payload);

      ProcessRun resumed = flowrun({kSource, "--answers", kAnswers, "--json", "--resume", journal});
      ASSERT_EQ(resumed.code(), 0);
      ASSERT_FALSE(resumed.lines.empty());
      EXPECT_NE(resumed.lines[0].find("\"replayed\":" + std::to_string(kept)), std::string::npos)
          << resumed.lines[0];
      EXPECT_EQ(resumed.lines[0].find("dropped") != std::string::npos, !c.tailProblem.empty());
      // After the replayed answers, the resumed call shows what the whole call showed.
      size_t from = 0, seen = 0;
      while (seen < kept) seen += isAnswer(whole.lines[from++]);
      std::vector<std::string> expected(whole.lines.begin() + long(from), whole.lines.end());
      std::vector<std::string> got(resumed.lines.begin() + 1, resumed.lines.end());
      EXPECT_EQ(got, expected);
      EXPECT_EQ(fileBytes(journal), fullJournal);
    }
}

TEST(FlowrunKill, JournalOfAnotherProgramIsRefused) {
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string journal = dir / "other.journal";
  {
    callflow::JournalWriter w;
    ASSERT_EQ(w.create(journal, {1, 2}), "");
  }
  ProcessRun r = flowrun(dir, {kSource, "--answers", kAnswers, "--json", "--resume", journal});
  EXPECT_EQ(r.code(), 2);
  ASSERT_FALSE(r.lines.empty());
  EXPECT_NE(r.lines.front().find("another program"), std::string::npos) << r.lines.front();
}

TEST(FlowrunKill, TestHooksNeedTheEnvironment) {
  // The kill option is refused (exit 2) unless FLOWRUN_TEST_HOOKS=1.
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string journal = dir / "call.journal";
  ProcessRun r = flowrun(dir, {kSource, "--answers", kAnswers, "--json", "--journal", journal, "--test-kill-after", "0"});
  EXPECT_EQ(r.code(), 2);
  EXPECT_NE(r.err.find("need FLOWRUN_TEST_HOOKS=1"), std::string::npos) << r.err;
  EXPECT_TRUE(fileBytes(journal).empty()); // nothing was started
}

} // namespace
