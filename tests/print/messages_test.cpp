// The printers' message catalogue (compiler/print/messages.def) and the
// language helpers it shares with flowrun (compiler/print/l10n.h).
#include "print/l10n.h"
#include "print/messages.h"

#include <random>
#include <set>
#include <string>

#include <gtest/gtest.h>

using callflow::l10n::Lang;
using callflow::l10n::Message;
using callflow::print::kMessages;
using callflow::print::kNumMessages;
using callflow::print::Msg;
using callflow::print::Words;

namespace {

TEST(Messages, EveryEntryIsTranslated) {
  // messages.h static_asserts the same; this names the entry.
  ASSERT_GT(kNumMessages, 50u);
  std::set<std::string> ids;
  for (const Message &m : kMessages) {
    SCOPED_TRACE(m.id);
    EXPECT_TRUE(ids.insert(m.id).second) << "listed twice";
    ASSERT_NE(m.en, nullptr);
    ASSERT_NE(m.ru, nullptr);
    EXPECT_STRNE(m.en, "");
    EXPECT_STRNE(m.ru, "");
    EXPECT_EQ(callflow::l10n::placeholders(m.en), callflow::l10n::placeholders(m.ru));
    EXPECT_TRUE(callflow::l10n::translated(m));
  }
}

TEST(Messages, TheCheckFindsWhatIsMissing) {
  // The check the catalogues are held to fails where it should.
  constexpr Message table[] = {{"ok", "Page {1} of {2}", "Страница {1} из {2}"},
                               {"empty", "Note", ""},
                               {"lost", "To be completed by {1}", "Заполняет"},
                               {"swapped", "{1} or {2}", "{1} или {3}"}};
  static_assert(callflow::l10n::firstUntranslated(table, 1) == 1);
  static_assert(callflow::l10n::firstUntranslated(table, 4) == 1);
  EXPECT_TRUE(callflow::l10n::translated(table[0]));
  EXPECT_FALSE(callflow::l10n::translated(table[1]));
  EXPECT_FALSE(callflow::l10n::translated(table[2]));
  EXPECT_FALSE(callflow::l10n::translated(table[3]));
}

TEST(Messages, RussianIsNotEnglish) {
  // A Russian text that is the English one, or has Latin letters, was left
  // untranslated (some Russian texts are only punctuation: "{1} — {2}").
  for (const Message &m : kMessages) {
    callflow::l10n::LetterCount en, ru;
    en.add(m.en);
    ru.add(m.ru);
    if (en.latin == 0)
      continue; // quotation marks, arrows
    EXPECT_STRNE(m.en, m.ru) << m.id;
    EXPECT_EQ(ru.latin, 0u) << m.id << ": " << m.ru;
  }
}

TEST(Messages, WordsPickTheLanguage) {
  Words en(Lang::En), ru(Lang::Ru);
  EXPECT_STREQ(en(Msg::TagSay), "Say");
  EXPECT_STREQ(ru(Msg::TagSay), "Произнесите");
  EXPECT_EQ(en(Msg::PageFooter, {"2", "9"}), "Page 2 of 9");
  EXPECT_EQ(ru(Msg::PageFooter, {"2", "9"}), "Страница 2 из 9");
  EXPECT_EQ(ru(Msg::CompletedBy, {"Старший оператор"}), "Заполняет: Старший оператор");
  EXPECT_EQ(en.quoted("Yes"), "“Yes”");
  EXPECT_EQ(ru.quoted("Да"), "«Да»");
}

TEST(Messages, CountsTakeThePluralForm) {
  Words en(Lang::En), ru(Lang::Ru);
  auto steps = [](const Words &w, uint64_t n) {
    return w.count(n, Msg::StepsOne, Msg::StepsFew, Msg::StepsMany);
  };
  EXPECT_EQ(steps(en, 1), "1 step");
  EXPECT_EQ(steps(en, 0), "0 steps");
  EXPECT_EQ(steps(en, 3), "3 steps");
  EXPECT_EQ(steps(en, 21), "21 steps");
  EXPECT_EQ(steps(ru, 1), "1 шаг");
  EXPECT_EQ(steps(ru, 3), "3 шага");
  EXPECT_EQ(steps(ru, 8), "8 шагов");
  EXPECT_EQ(steps(ru, 0), "0 шагов");
  EXPECT_EQ(steps(ru, 11), "11 шагов");
  EXPECT_EQ(steps(ru, 12), "12 шагов");
  EXPECT_EQ(steps(ru, 14), "14 шагов");
  EXPECT_EQ(steps(ru, 21), "21 шаг");
  EXPECT_EQ(steps(ru, 22), "22 шага");
  EXPECT_EQ(steps(ru, 25), "25 шагов");
  EXPECT_EQ(steps(ru, 101), "101 шаг");
  EXPECT_EQ(steps(ru, 111), "111 шагов");
  EXPECT_EQ(steps(ru, 1004), "1004 шага");
}

TEST(Messages, TagsChooseTheLanguageAndUnknownOnesFallBackToEnglish) {
  using callflow::l10n::fromTag;
  EXPECT_EQ(fromTag("ru"), Lang::Ru);
  EXPECT_EQ(fromTag("RU"), Lang::Ru);
  EXPECT_EQ(fromTag("ru-RU"), Lang::Ru);
  EXPECT_EQ(fromTag("ru_UA"), Lang::Ru);
  EXPECT_EQ(fromTag("en"), Lang::En);
  EXPECT_EQ(fromTag(""), Lang::En);
  EXPECT_EQ(fromTag("uk"), Lang::En);
  EXPECT_EQ(fromTag("de-DE"), Lang::En);
  EXPECT_EQ(fromTag("rus"), Lang::En); // not a BCP 47 tag for Russian
  EXPECT_EQ(fromTag("r"), Lang::En);
}

TEST(Messages, FormatFillsPlaceholders) {
  using callflow::l10n::format;
  EXPECT_EQ(format("{2} then {1}", {"a", "b"}), "b then a");
  EXPECT_EQ(format("{1} and {3}", {"a"}), "a and {3}"); // no argument: left as is
  EXPECT_EQ(format("{x} {10} {", {"a"}), "{x} {10} {"); // not placeholders
  EXPECT_EQ(format("", {}), "");
}

// The counting goes over ASCII eight bytes at a time: every byte value at
// every place of a word, and random mixes of Latin, Cyrillic and other
// bytes, count as a byte-by-byte count does.
TEST(Messages, LettersAreCountedAsOneByOne) {
  auto slow = [](std::string_view s) {
    std::pair<size_t, size_t> n{0, 0}; // latin, cyrillic
    for (size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = s[i];
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ++n.first;
      else if (c >= 0xD0 && c <= 0xD3 && i + 1 < s.size()) ++n.second, ++i;
      else if (c >= 0xC3 && c <= 0xC9 && i + 1 < s.size()) ++n.first, ++i;
    }
    return n;
  };
  auto fast = [](std::string_view s) {
    callflow::l10n::LetterCount c;
    c.add(s);
    return std::pair<size_t, size_t>{c.latin, c.cyrillic};
  };
  for (unsigned b = 0; b < 256; ++b)
    for (size_t at = 0; at < 19; ++at) {
      std::string s(19, 'k');
      s[at] = char(b);
      EXPECT_EQ(fast(s), slow(s)) << "byte " << b << " at " << at;
    }
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"a", "Z", "@", "[", "`", "{", " ", "9", "\x7f", "é", "Ж", "я", "\xd0", "—"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    for (size_t k = rng() % 40; k > 0; --k) s += pieces[rng() % pieces.size()];
    EXPECT_EQ(fast(s), slow(s)) << s;
  }
}

TEST(Messages, LettersGuessTheLanguage) {
  callflow::l10n::LetterCount c;
  c.add("Hello");
  EXPECT_EQ(c.guess(), Lang::En);
  c.add("Здравствуйте");
  EXPECT_EQ(c.guess(), Lang::Ru);
  callflow::l10n::LetterCount tie;
  tie.add("ab вг");
  EXPECT_EQ(tie.guess(), Lang::En); // Russian only when Cyrillic outnumbers Latin
  EXPECT_EQ(callflow::l10n::columns("ПРОИЗНЕСИТЕ"), 11u);
  EXPECT_EQ(callflow::l10n::columns("SAY"), 3u);
}

} // namespace
