// flowrun at the terminal, running the binary: the language of its own
// words comes from the bytecode's header (decided by the compiler, so no
// scan of the program before the first event), and control characters of
// the flow's text and of values never reach the terminal raw.
#include <gtest/gtest.h>

#include "callflow/builder.h"
#include "run_flowrun.h"

namespace {

using namespace flowrun_test;
using callflow::ProgramBuilder;

std::string joined(const ProcessRun &r) {
  std::string out;
  for (const std::string &l : r.lines) out += l + "\n";
  return out;
}
bool has(const std::string &text, const std::string &what) { return text.find(what) != std::string::npos; }

/// One step that says `line` and ends, in the header language `lang`.
std::vector<uint8_t> sayAndEnd(const std::string &line, callflow::bc::Language lang) {
  ProgramBuilder b;
  b.setFlow("lang", "Greeting");
  b.setLanguage(lang);
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  b.emitSAY(b.addPlainText(line));
  b.emitEND(0);
  callflow::BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}

TEST(FlowrunTerminal, AutoLanguageIsTheHeaders) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  // English text, Russian header: the header decides (no letters counted).
  writeFile(d / "ru.flowc", sayAndEnd("Hello there, how are you?", callflow::bc::Language::Ru));
  writeFile(d / "none.answers", std::string());
  ProcessRun ru = flowrun(d, {"--no-color", d / "ru.flowc", "--answers", d / "none.answers"});
  EXPECT_EQ(ru.code(), 0) << ru.err;
  EXPECT_TRUE(has(joined(ru), "ПРОИЗНЕСИТЕ")) << joined(ru);
  // --lang overrides the header.
  ProcessRun en = flowrun(d, {"--no-color", "--lang=en", d / "ru.flowc", "--answers", d / "none.answers"});
  EXPECT_EQ(en.code(), 0) << en.err;
  EXPECT_TRUE(has(joined(en), "SAY")) << joined(en);
  EXPECT_FALSE(has(joined(en), "ПРОИЗНЕСИТЕ")) << joined(en);
  // Russian text, English header: English words.
  writeFile(d / "en.flowc", sayAndEnd("Здравствуйте, чем могу помочь?", callflow::bc::Language::En));
  ProcessRun e2 = flowrun(d, {"--no-color", d / "en.flowc", "--answers", d / "none.answers"});
  EXPECT_EQ(e2.code(), 0) << e2.err;
  EXPECT_TRUE(has(joined(e2), "SAY")) << joined(e2);
}

} // namespace
