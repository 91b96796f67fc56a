// flowrun's terminal catalogue (tools/flowrun/messages.def): every entry in
// both languages, and the runtime's refusal reasons put into Russian.
#include "messages.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

using callflow::l10n::Lang;
using flowrun::kTerminalMessages;
using flowrun::TerminalWords;
using flowrun::TMsg;

namespace {

TEST(TerminalMessages, EveryEntryIsTranslated) {
  ASSERT_GT(flowrun::kNumTerminalMessages, 40u);
  std::set<std::string> ids;
  for (const callflow::l10n::Message &m : kTerminalMessages) {
    SCOPED_TRACE(m.id);
    EXPECT_TRUE(ids.insert(m.id).second) << "listed twice";
    EXPECT_TRUE(callflow::l10n::translated(m));
    callflow::l10n::LetterCount en;
    en.add(m.en);
    if (en.latin > 0) {
      EXPECT_STRNE(m.en, m.ru);
    }
  }
}

TEST(TerminalMessages, TemplatesMatchTheirOwnText) {
  std::vector<std::string> args;
  ASSERT_TRUE(flowrun::matchTemplate("there is no option {1} (1..{2})", "there is no option 7 (1..12)", args));
  ASSERT_EQ(args.size(), 2u);
  EXPECT_EQ(args[0], "7");
  EXPECT_EQ(args[1], "12");
  args.clear();
  // A part may hold the template's own punctuation: the shortest that fits.
  ASSERT_TRUE(flowrun::matchTemplate("'{1}' is not one of: {2}", "'a' b' is not one of: x, y", args));
  EXPECT_EQ(args[0], "a' b");
  EXPECT_EQ(args[1], "x, y");
  args.clear();
  EXPECT_FALSE(flowrun::matchTemplate("'{1}' is not a whole number", "'' is not a whole number", args));
  EXPECT_FALSE(flowrun::matchTemplate("a value is required", "a value is required!", args));
}

TEST(TerminalMessages, EveryRefusalReasonIsTranslated) {
  // Each Why* entry, filled in as the runtime fills it, comes out in
  // Russian with the same parts.
  const TerminalWords ru(Lang::Ru), en(Lang::En);
  size_t reasons = 0;
  for (const callflow::l10n::Message &m : kTerminalMessages) {
    if (std::string(m.id).rfind("Why", 0) != 0)
      continue;
    ++reasons;
    const std::string why = callflow::l10n::format(m.en, {"Q1", "Q2"});
    EXPECT_EQ(ru.reason(why), callflow::l10n::format(m.ru, {"Q1", "Q2"})) << m.id;
    EXPECT_EQ(en.reason(why), why) << m.id;
  }
  EXPECT_GE(reasons, 10u);
}

TEST(TerminalMessages, RealReasonsReadNaturally) {
  const TerminalWords ru(Lang::Ru);
  EXPECT_EQ(ru.reason("there is no option 3 (1..2)"), "нет варианта 3 (есть 1–2)");
  EXPECT_EQ(ru.reason("'много' is not an amount of money (like 20.00)"), "«много» — не сумма (пример: 20.00)");
  EXPECT_EQ(ru.reason("'abc' does not match the pattern \"[0-9]{6}\""),
            "«abc» не соответствует формату \"[0-9]{6}\"");
  // A reason the catalogue does not know is shown as the runtime gave it.
  EXPECT_EQ(ru.reason("the call was stopped: too much text"), "the call was stopped: too much text");
}

TEST(TerminalMessages, CountsAndPrompts) {
  const TerminalWords ru(Lang::Ru), en(Lang::En);
  auto resumed = [](const TerminalWords &w, uint64_t n) {
    return w.count(n, TMsg::ResumedOne, TMsg::ResumedFew, TMsg::ResumedMany);
  };
  EXPECT_EQ(resumed(en, 1), "resumed: 1 answer replayed from the journal");
  EXPECT_EQ(resumed(en, 2), "resumed: 2 answers replayed from the journal");
  EXPECT_EQ(resumed(ru, 1), "звонок продолжен: из журнала восстановлен 1 ответ");
  EXPECT_EQ(resumed(ru, 3), "звонок продолжен: из журнала восстановлено 3 ответа");
  EXPECT_EQ(resumed(ru, 11), "звонок продолжен: из журнала восстановлено 11 ответов");
  EXPECT_EQ(resumed(ru, 21), "звонок продолжен: из журнала восстановлен 21 ответ");
  EXPECT_EQ(en(TMsg::PromptChoose, {"3"}), "choose 1-3> ");
  EXPECT_EQ(ru(TMsg::PromptChoose, {"3"}), "выберите 1–3> ");
}

} // namespace
