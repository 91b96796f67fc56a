// flowrun's exit codes, one test per documented code (docs/flowrun.md):
// 0 the call ended, 1 the flow has errors or the bytecode was rejected,
// 2 usage or I/O error, 3 the answers ran out, 4 stopped by a runtime limit,
// 5 the call ended with answers left over.
#include <gtest/gtest.h>

#include "callflow/builder.h"
#include "run_flowrun.h"

namespace {

using namespace flowrun_test;
using callflow::ProgramBuilder;

/// A compiled one-step flow; `body` emits its code after the STEP.
std::vector<uint8_t> built(void (*body)(ProgramBuilder &)) {
  ProgramBuilder b;
  b.setFlow("exit");
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  body(b);
  callflow::BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}

bool has(const std::string &text, const std::string &what) { return text.find(what) != std::string::npos; }
std::string readFile(const std::string &path) {
  std::vector<uint8_t> b = fileBytes(path);
  return std::string(b.begin(), b.end());
}
std::string joined(const std::vector<std::string> &lines) {
  std::string out;
  for (const std::string &l : lines) out += l + "\n";
  return out;
}

TEST(FlowrunExit, ZeroWhenTheCallEnds) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  ProcessRun t = flowrun(d, {kSeed000, "--answers", kPaygAnswers, "--json"});
  EXPECT_EQ(t.code(), 0) << t.err;
  EXPECT_TRUE(has(t.last(), "\"code\":0,\"how\":\"transfer\"")) << t.last();

  writeFile(d / "end.flowc", built([](ProgramBuilder &b) { b.emitEND(b.addPlainText("done") + 1); }));
  ProcessRun e = flowrun(d, {d / "end.flowc", "--json"});
  EXPECT_EQ(e.code(), 0) << e.err;
  EXPECT_TRUE(has(e.last(), "\"code\":0,\"how\":\"end\"")) << e.last();
}

TEST(FlowrunExit, OneWhenTheFlowHasErrorsOrTheBytecodeIsRejected) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  writeFile(d / "bad.flow", std::string("flow bad \"Bad\"\nstart nowhere\n"));
  ProcessRun src = flowrun(d, {d / "bad.flow", "--json"});
  EXPECT_EQ(src.code(), 1) << src.err;
  EXPECT_TRUE(has(src.err, "has errors")) << src.err;

  std::vector<uint8_t> bytes = built([](ProgramBuilder &b) { b.emitEND(0); });
  bytes[bytes.size() / 2] ^= 0x10; // the CRC no longer matches
  writeFile(d / "corrupt.flowc", bytes);
  ProcessRun bc = flowrun(d, {d / "corrupt.flowc", "--json"});
  EXPECT_EQ(bc.code(), 1) << bc.err;
  EXPECT_TRUE(has(bc.err, "was rejected: header at byte")) << bc.err;
}

TEST(FlowrunExit, TwoForUsageAndIoErrors) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  writeFile(d / "end.flowc", built([](ProgramBuilder &b) { b.emitEND(0); }));
  const std::string prog = d / "end.flowc";
  struct Case {
    std::vector<std::string> args;
    std::string message; // in stderr or a JSON line
  };
  const Case cases[] = {
      {{}, "Not enough positional command line arguments"},
      {{prog, "--bogus"}, "Unknown command line argument '--bogus'"},
      {{prog, "--json", "--json=maybe"}, "--json"},
      {{d / "missing.flowc"}, "cannot read"},
      {{d / "missing.flow"}, "missing.flow"},
      {{prog, "--answers", d / "missing.answers"}, "cannot read answers"},
      {{prog, "--json", "--set", "agent"}, "--set takes NAME=VALUE"},
      {{prog, "--json", "--set", "nobody=1"}, "there is no variable or field 'nobody'"},
      {{prog, "--json", "--journal", d / "j", "--resume", d / "j"}, "exclusive"},
      {{prog, "--json", "--resume", d / "missing.journal"}, "cannot open journal"},
      {{prog, "--json", "--journal", d / "no/such/dir/j"}, "cannot create journal"},
  };
  for (const Case &c : cases) {
    std::string shown;
    for (const std::string &a : c.args) shown += " " + a;
    SCOPED_TRACE("flowrun" + shown);
    ProcessRun r = flowrun(d, c.args);
    EXPECT_EQ(r.code(), 2) << r.err;
    bool said = has(r.err, c.message);
    for (const std::string &l : r.lines) said |= has(l, c.message); // a JSON warning
    EXPECT_TRUE(said) << r.err << r.last();
  }
}

TEST(FlowrunExit, ThreeWhenTheAnswersRunOut) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  writeFile(d / "none.answers", std::string("# no answers\n"));
  ProcessRun r = flowrun(d, {kSeed000, "--answers", d / "none.answers", "--json"});
  EXPECT_EQ(r.code(), 3) << r.err;
  EXPECT_TRUE(has(r.last(), "\"code\":3,\"how\":\"out_of_answers\"")) << r.last();
  // The same from a pipe that closes, and at a "terminal" (stdin not a tty).
  EXPECT_EQ(flowrun(d, {kSeed000, "--json"}).code(), 3);
  EXPECT_EQ(flowrun(d, {kSeed000, "--set", "agent=Sam"}).code(), 3);
}

TEST(FlowrunExit, FourWhenARuntimeLimitStopsTheCall) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  writeFile(d / "spin.flowc", built([](ProgramBuilder &b) {
              callflow::Label self = b.newLabel();
              EXPECT_TRUE(b.bind(self));
              b.emitJUMP(self);
            }));
  ProcessRun r = flowrun(d, {d / "spin.flowc", "--json"});
  EXPECT_EQ(r.code(), 4) << r.err;
  ASSERT_GE(r.lines.size(), 2u);
  EXPECT_TRUE(has(r.lines[r.lines.size() - 2], "\"reason\":\"stopped: the flow ran 65540 instructions without "
                                               "producing an event\",\"failed\":true,\"limit\":\"work\""))
      << r.lines[r.lines.size() - 2];
  EXPECT_TRUE(has(r.last(), "\"code\":4,\"how\":\"stopped\"")) << r.last();
  ProcessRun term = flowrun(d, {d / "spin.flowc"});
  EXPECT_EQ(term.code(), 4);
  EXPECT_TRUE(has(term.lines.back(), "stopped by a runtime limit")) << term.lines.back();
}

TEST(FlowrunExit, FourWhenTheChargesWouldTotalMoreThanTheRangeOfMoney) {
  // Two charges of the largest amount: the invoice showed one of them as the
  // total and the payment was taken for half of what was charged.
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  writeFile(d / "big.flow", std::string("flow big \"Big\"\nstart A\n"
                                        "catalog USD { 1 \"ONE\" 11258999068426.24  2 \"TWO\" 11258999068426.24 }\n"
                                        "step A { charge 1  charge 2  invoice  take payment  end \"paid\" }\n"));
  ProcessRun r = flowrun(d, {d / "big.flow", "--json"});
  EXPECT_EQ(r.code(), 4) << r.err;
  ASSERT_GE(r.lines.size(), 3u);
  EXPECT_TRUE(has(r.lines[r.lines.size() - 3], "\"event\":\"charge\"")) << r.lines[r.lines.size() - 3];
  EXPECT_TRUE(has(r.lines[r.lines.size() - 2],
                  "\"reason\":\"stopped: the total of the open charges would be out of the range of money "
                  "(-$11,258,999,068,426.24 to $11,258,999,068,426.24)\",\"failed\":true,\"limit\":\"money_range\""))
      << r.lines[r.lines.size() - 2];
  std::string all;
  for (const std::string &l : r.lines) all += l + "\n";
  EXPECT_FALSE(has(all, "\"invoice\"")) << all;
  EXPECT_FALSE(has(all, "take_payment")) << all;
  EXPECT_TRUE(has(r.last(), "\"code\":4,\"how\":\"stopped\"")) << r.last();
  ProcessRun term = flowrun(d, {d / "big.flow"});
  EXPECT_EQ(term.code(), 4);
  std::string shown;
  for (const std::string &l : term.lines) shown += l + "\n";
  EXPECT_TRUE(has(shown, "out of the range of money")) << shown;
}

TEST(FlowrunExit, FiveWhenAnswersAreLeftOver) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  std::string answers = readFile(kPaygAnswers) + "\nchoose 1   # after the end\n# a comment is not an answer\n";
  writeFile(d / "extra.answers", answers);
  ProcessRun r = flowrun(d, {kSeed000, "--answers", d / "extra.answers", "--json"});
  EXPECT_EQ(r.code(), 5) << r.err;
  EXPECT_TRUE(has(r.last(), "\"code\":5,\"how\":\"answers_left_over\"")) << r.last();
  ProcessRun text = flowrun(d, {kSeed000, "--answers", d / "extra.answers"});
  EXPECT_EQ(text.code(), 5);
  EXPECT_TRUE(has(text.err, "1 answer left over")) << text.err;
  EXPECT_TRUE(has(text.err, "choose 1")) << text.err;
  // A file that ends with the call (comments after it) is fine.
  writeFile(d / "exact.answers", readFile(kPaygAnswers) + "\n# done\n\n");
  EXPECT_EQ(flowrun(d, {kSeed000, "--answers", d / "exact.answers"}).code(), 0);
}

TEST(FlowrunExit, ABadValueAtTheAutoPromptIsAskedAgain) {
  // At the terminal, the host's values (auto variables) are asked for and
  // checked like any answer: /help and a refused value ask again instead of
  // ending the run with a usage error.
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  writeFile(d / "auto.flow", std::string("flow a \"A\"\nstart S\nvar n \"Seats\" : number auto\n"
                                         "step S { say \"Seats: {n}.\" end }\n"));
  ProcessRun r = flowrun(d, {d / "auto.flow", "--no-color"}, "/help\nmany\n3\n");
  const std::string out = joined(r.lines);
  EXPECT_EQ(r.code(), 0) << r.err << out;
  EXPECT_TRUE(has(out, "type a value (number), or nothing to leave it unset")) << out;
  EXPECT_TRUE(has(out, "✗ 'many' is not a whole number")) << out;
  EXPECT_TRUE(has(out, "Seats: 3.")) << out;
  EXPECT_FALSE(has(r.err, "--set")) << r.err;
}

TEST(FlowcExit, TwoForUsageErrorsOfSubcommands) {
  // flowc parses with an error stream too: a bad option is exit 2, not the
  // exit(1) of LLVM's parser, which would read as "errors found".
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {}, {"nosuch"}, {"build"}, {"build", "--bogus", kSeed000}, {"disasm", "--zzz", kSeed000},
           {"check", "--json=maybe", kSeed000}}) {
    ProcessRun r = run(FLOWC_PATH, d, args);
    EXPECT_EQ(r.code(), 2) << (args.empty() ? "" : args[0]) << ": " << r.err;
    EXPECT_FALSE(r.err.empty());
  }
}

} // namespace
