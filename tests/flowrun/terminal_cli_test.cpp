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

/// The first raw control character in `s` (C0 but tab and newline, DEL,
/// C1 as UTF-8), or -1.
long rawControl(const std::string &s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return long(i);
    if (c == 0xC2 && i + 1 < s.size() && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F)
      return long(i);
  }
  return -1;
}

TEST(FlowrunTerminal, ControlCharactersAreShownNotSent) {
  ScratchDir d;
  ASSERT_TRUE(d.ok());
  // ESC sequences (window title, clear screen, CSI as C1), BEL, backspace,
  // CR and DEL: in the flow's text and in a value given with --set.
  writeFile(d / "ctl.flow", std::string("flow ctl \"Title \x1b]0;pwned\x07\"\nstart A\n"
                                        "var v \"V\" : text\n"
                                        "step A {\n  say \"Hi \x1b[2J\x07\x08\r\x7f\xc2\x9b there\"\n"
                                        "  say \"You said {v}\"\n  end\n}\n"));
  writeFile(d / "none.answers", std::string());
  ProcessRun r = flowrun(d, {"--no-color", d / "ctl.flow", "--answers", d / "none.answers", "--set",
                             "v=\x1b[8mhidden\x1b[0m"});
  EXPECT_EQ(r.code(), 0) << r.err;
  const std::string out = joined(r);
  EXPECT_EQ(rawControl(out), -1) << out;
  EXPECT_EQ(rawControl(r.err), -1) << r.err;
  // Shown as the Unicode control pictures (C1 as \u009b).
  EXPECT_TRUE(has(out, "Hi \u241b[2J\u2407\u2408\u240d\u2421\\u009b there")) << out;
  EXPECT_TRUE(has(out, "You said \u241b[8mhidden\u241b[0m")) << out;
  // A message quoting a value: the same.
  ProcessRun bad = flowrun(d, {d / "ctl.flow", "--answers", d / "none.answers", "--set", "\x1b[2J\x07"});
  EXPECT_EQ(bad.code(), 2) << bad.err;
  EXPECT_EQ(rawControl(bad.err), -1) << bad.err;
  EXPECT_TRUE(has(bad.err, "\u241b[2J\u2407")) << bad.err;
  // --json stays as it was: JSON escapes (\u001b), no raw bytes either.
  ProcessRun json = flowrun(d, {"--json", d / "ctl.flow", "--answers", d / "none.answers", "--set", "v=\x1b"});
  EXPECT_EQ(json.code(), 0) << json.err;
  EXPECT_EQ(rawControl(joined(json)), -1) << joined(json);
  EXPECT_TRUE(has(joined(json), "\\u001b")) << joined(json);
  EXPECT_TRUE(has(joined(json), "\\u007f\\u009b there")) << joined(json);
}

} // namespace
