// The heavy adversarial inputs (ctest label "heavy"): a 100 MB file through
// `flowc check`, a million steps in one section, a million options in one
// ask. Inputs are generated at test time into the build tree; time is not
// asserted, only that nothing crashes and the results are right.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <filesystem>
#include <string>

#include "adversarial_support.h"

namespace callflow::adversarial {
namespace {

/// Steps of the shape the peers' generator makes (say lines, a placeholder,
/// a set, an ask, gotos), `n` of them, forward jumps only.
std::string manySteps(size_t n, size_t from = 0) {
  std::string s;
  s.reserve(n * 170);
  for (size_t k = from; k < from + n; ++k) {
    std::string id = std::to_string(k), next = std::to_string(k + 1);
    s += "  step s" + id + " {\n    say \"Thank you for calling, {who}. This is step " + id + ".\"\n";
    if (k % 3 == 0)
      s += "    set who = \"caller " + id + "\"\n    ask \"Continue?\" {\n      \"Yes\" -> s" + next +
           "\n      \"No\" -> s" + next + "\n    }\n";
    else
      s += "    goto s" + next + "\n";
    s += "  }\n";
  }
  return s;
}

std::string header(const char *name) {
  return std::string("flow ") + name + " \"" + name + "\"\nstart s0\nvar who \"Who\" : text = \"you\"\n";
}

TEST(AdversarialHeavy, HundredMegabyteFileThroughFlowc) {
  std::string dir = scratchDir("big_file");
  std::string text = header("big") + "section \"All\" {\n";
  size_t n = 0;
  const size_t chunk = 10000;
  while (text.size() < (100u << 20)) {
    text += manySteps(chunk, n);
    n += chunk;
  }
  text += "  step s" + std::to_string(n) + " { end }\n}\n";
  ASSERT_GE(text.size(), size_t(100) << 20);
  writeFile(dir + "/big.flow", text);
  text.clear();
  text.shrink_to_fit();
  int status = runFlowc({"check", dir + "/big.flow"});
  ASSERT_TRUE(WIFEXITED(status)) << "flowc died with signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the 100 MB flow is valid";
  std::filesystem::remove_all(dir);
}

TEST(AdversarialHeavy, MillionStepsInOneSection) {
  const size_t n = 1000000;
  std::string text = header("million") + "section \"One section\" {\n" + manySteps(n) +
                     "  step s" + std::to_string(n) + " { end }\n}\n";
  Outcome o = compileText(text);
  ASSERT_TRUE(o.checkedClean) << o.firstErrors();
  ASSERT_TRUE(o.program) << o.codegenError << o.loadError;
  EXPECT_EQ(o.program->steps().size(), n + 1);
  EXPECT_EQ(o.program->sections().size(), 1u);
  // Walk the whole chain: every ask answered "Yes".
  Session s(*o.program);
  size_t asks = 0;
  while (!s.ended()) {
    const Event &e = s.next();
    if (e.kind == EventKind::Ask) {
      ++asks;
      ASSERT_TRUE(s.choose(0));
    }
  }
  EXPECT_EQ(asks, (n + 2) / 3);
  EXPECT_EQ(s.currentStep(), o.program->findStep("s" + std::to_string(n)));
}

TEST(AdversarialHeavy, MillionOptionsInOneAsk) {
  const size_t n = 1000000;
  std::string text = header("options") + "step s0 {\n  ask \"Which one?\" {\n";
  text.reserve(n * 24);
  for (size_t i = 0; i < n; ++i)
    text += "    \"Option " + std::to_string(i) + "\" -> s1\n";
  text += "  }\n}\nstep s1 { end }\n";
  Outcome o = compileText(text);
  // The bytecode caps an ask at 255 options: a million must be refused with
  // a message (by the checker or codegen), never crash or emit bad code.
  EXPECT_TRUE(o.errors() > 0 || !o.codegenError.empty());
  EXPECT_TRUE(o.bytecode.empty() || o.program != nullptr) << o.loadError;
}

} // namespace
} // namespace callflow::adversarial
