// flowrun's journal rules at the command line: an existing journal is never
// replaced by accident, one process writes a journal at a time, an answer
// too long for a record is refused before the session takes it, and --set
// on --resume is checked against the journal (docs/flowrun.md, "The
// journal").
#include <gtest/gtest.h>

#include "callflow/builder.h"
#include "callflow/journal.h"
#include "run_flowrun.h"

namespace {

using namespace flowrun_test;

bool has(const std::string &text, const std::string &what) { return text.find(what) != std::string::npos; }
bool anyLineHas(const ProcessRun &r, const std::string &what) {
  for (const std::string &l : r.lines)
    if (has(l, what)) return true;
  return has(r.err, what);
}
const std::string kFirstLine = "Thank you for calling Anything Computers.org. This is ";

TEST(FlowrunJournal, AnExistingJournalIsRefusedWithoutForce) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  const std::string j = d / "call.journal";
  ASSERT_EQ(flowrun(d, {kSeed000, "--set", "agent=Sam", "--json", "--journal", j}, "choose 1\n").code(), 3);
  const std::vector<uint8_t> before = fileBytes(j);
  ASSERT_EQ(callflow::parseJournal(before).records.size(), 2u); // the --set value, then the answer

  ProcessRun again = flowrun(d, {kSeed000, "--set", "agent=Sam", "--json", "--journal", j});
  EXPECT_EQ(again.code(), 2);
  EXPECT_TRUE(has(again.last(), "\"how\":\"journal_exists\"")) << again.last();
  EXPECT_TRUE(anyLineHas(again, "already exists (--resume it to continue its call, or --force to replace it)"));
  EXPECT_EQ(fileBytes(j), before); // the old call is still there

  ProcessRun forced = flowrun(d, {kSeed000, "--set", "agent=Sam", "--json", "--journal", j, "--force"});
  EXPECT_EQ(forced.code(), 3);
  EXPECT_EQ(callflow::readJournal(j).records.size(), 1u); // the --set value only
  EXPECT_EQ(flowrun(d, {kSeed000, "--set", "agent=Sam", "--json", "--force"}).code(), 2); // --force needs --journal
}

TEST(FlowrunJournal, OneProcessWritesAJournal) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  const std::string j = d / "call.journal";
  ASSERT_EQ(flowrun(d, {kSeed000, "--set", "agent=Sam", "--json", "--journal", j}, "choose 1\n").code(), 3);
  const std::vector<uint8_t> before = fileBytes(j);
  // Another writer (here: this test) has the journal open.
  callflow::JournalWriter other;
  callflow::JournalContents c;
  ASSERT_EQ(other.open(j, c), "");
  for (std::vector<std::string> args : {std::vector<std::string>{kSeed000, "--set", "agent=Sam", "--json", "--resume", j},
                                        std::vector<std::string>{kSeed000, "--set", "agent=Sam", "--json", "--journal", j, "--force"}}) {
    ProcessRun r = flowrun(d, args, "choose 1\n");
    EXPECT_EQ(r.code(), 2);
    EXPECT_TRUE(has(r.last(), "\"how\":\"journal_locked\"")) << r.last();
    EXPECT_TRUE(anyLineHas(r, "is in use by another process"));
  }
  EXPECT_EQ(fileBytes(j), before);
  other.close();
  ProcessRun resumed = flowrun(d, {kSeed000, "--set", "agent=Sam", "--json", "--resume", j});
  EXPECT_EQ(resumed.code(), 3);
  EXPECT_TRUE(has(resumed.lines.front(), "\"replayed\":2")) << resumed.lines.front();
}

TEST(FlowrunJournal, AnAnswerTooLongForARecordIsRefusedAndAskedAgain) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  callflow::ProgramBuilder b;
  b.setFlow("long");
  const uint32_t x = b.addVariable({"x", "", {callflow::bc::TypeTag::Text, 0}});
  ASSERT_TRUE(b.beginStep(b.addStep("S")));
  b.emitINPUT(x, 0, 0);
  b.emitSAY(b.addText({callflow::TextPiece::lit("got "), callflow::TextPiece::slot(x)}));
  b.emitEND(0);
  callflow::BuildResult built = b.serialize();
  ASSERT_TRUE(built) << built.error;
  writeFile(d / "long.flowc", built.bytes);
  // 1 MiB: a value the session would take, but with its kind, origin and
  // length the record would pass 1 MiB. Then 2 MiB, then a short one.
  writeFile(d / "long.answers", "provide \"" + std::string(callflow::kJournalMaxPayload, 'a') + "\"\nprovide \"" +
                                    std::string(2 * callflow::kJournalMaxPayload, 'b') + "\"\nprovide \"short\"\n");
  const std::string j = d / "call.journal";
  ProcessRun r = flowrun(d, {d / "long.flowc", "--answers", d / "long.answers", "--json", "--journal", j});
  EXPECT_EQ(r.code(), 0) << r.err;
  size_t refused = 0;
  for (const std::string &l : r.lines)
    refused += has(l, "\"event\":\"refused\"") && has(l, "the answer is too long (") &&
               has(l, "a journal record holds at most 1048576)");
  EXPECT_EQ(refused, 2u);
  EXPECT_TRUE(anyLineHas(r, "\"text\":\"got short\""));
  EXPECT_TRUE(has(r.last(), "\"how\":\"end\"")) << r.last();
  const callflow::JournalContents c = callflow::readJournal(j);
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_TRUE(c.tailProblem.empty());
  // Without a journal the same rule holds: the host sees the same call.
  ProcessRun plain = flowrun(d, {d / "long.flowc", "--answers", d / "long.answers", "--json"});
  EXPECT_EQ(plain.lines, r.lines);
}

TEST(FlowrunJournal, SetValuesMissingFromTheJournalAreAppliedOnResume) {
  // Killed at its first journal write, the --set value never reached the
  // journal: resuming with the same --set applies (and journals) it.
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  const std::string j = d / "call.journal";
  ProcessRun dead = flowrun(d, {kSeed000, "--set", "agent=Sam", "--json", "--journal", j, "--test-kill-after", "0"},
                            "", {{"FLOWRUN_TEST_HOOKS", "1"}});
  ASSERT_TRUE(dead.killed()) << dead.err;
  ASSERT_EQ(callflow::readJournal(j).records.size(), 0u);
  ProcessRun resumed = flowrun(d, {kSeed000, "--set", "agent=Sam", "--json", "--resume", j}, "choose 1\n");
  EXPECT_EQ(resumed.code(), 3) << resumed.err;
  EXPECT_TRUE(anyLineHas(resumed, kFirstLine + "Sam.")) << resumed.lines.size();
  EXPECT_EQ(callflow::readJournal(j).records.size(), 2u); // the set, then choose 1
  // Resumed again without --set: the journal has it now.
  ProcessRun third = flowrun(d, {kSeed000, "--json", "--resume", j});
  EXPECT_EQ(third.code(), 3);
  EXPECT_TRUE(has(third.lines.front(), "\"replayed\":2")) << third.lines.front();
}

TEST(FlowrunJournal, SetValuesThatConflictWithTheJournalAreRefused) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  const std::string j = d / "call.journal";
  ASSERT_EQ(flowrun(d, {kSeed000, "--set", "agent=Sam", "--json", "--journal", j}, "choose 1\n").code(), 3);
  const std::vector<uint8_t> before = fileBytes(j);
  // The same value again is fine; another value for it is a conflict.
  ProcessRun same = flowrun(d, {kSeed000, "--set", "agent=Sam", "--json", "--resume", j});
  EXPECT_EQ(same.code(), 3) << same.err;
  ProcessRun other = flowrun(d, {kSeed000, "--set", "agent=Bob", "--json", "--resume", j});
  EXPECT_EQ(other.code(), 2);
  EXPECT_TRUE(anyLineHas(other, "--set agent=Bob conflicts with the journal, which has agent=Sam"));
  // A value the journal lacks, after the call went on without it.
  ProcessRun late = flowrun(d, {kSeed000, "--set", "plan=payg", "--json", "--resume", j});
  EXPECT_EQ(late.code(), 2);
  EXPECT_TRUE(anyLineHas(late, "--set plan: the journal's call went on without it"));
  EXPECT_EQ(fileBytes(j), before);
}

} // namespace
