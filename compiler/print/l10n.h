// The language of the words a tool puts around flow text (its "chrome":
// "Say:", "Contents", "Page 2 of 9", "choose 1-3>"): English or Russian.
// Each tool keeps its words in one message catalogue, a table of
// Message{English, Russian} indexed by an enum (compiler/print/messages.def
// for the printers, tools/flowrun/messages.def for flowrun's terminal);
// this header is what the catalogues share: choosing the language, plural
// forms, `{1}` placeholders and the compile-time check that every entry is
// translated. Standard library only, so that flowrun uses it without the
// printers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace callflow::l10n {

enum class Lang { En, Ru };

/// The chrome language for a language tag: Russian for "ru" and its
/// regional forms ("ru-RU", "RU", "ru_UA"), English for anything else,
/// an empty or unknown tag included (no error: the flow text is still
/// printed, only the tool's own words fall back to English).
Lang fromTag(std::string_view tag);
/// "en" or "ru".
const char *tagOf(Lang lang);

/// Counts the letters of UTF-8 text by script, to guess the language a
/// flow is written in: Russian when Cyrillic letters outnumber Latin ones.
struct LetterCount {
  size_t cyrillic = 0, latin = 0;
  void add(std::string_view utf8);
  Lang guess() const { return cyrillic > latin ? Lang::Ru : Lang::En; }
};

/// One entry of a catalogue. A text may hold placeholders `{1}`…`{9}`,
/// filled by format(); both languages name the same ones.
struct Message {
  const char *id;
  const char *en;
  const char *ru;
};

constexpr const char *textOf(const Message &m, Lang lang) { return lang == Lang::Ru ? m.ru : m.en; }

/// The placeholders a text uses, as a bit set (bit k for `{k}`).
constexpr unsigned placeholders(const char *s) {
  unsigned set = 0;
  for (; *s; ++s)
    if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}')
      set |= 1u << (s[1] - '0');
  return set;
}

/// Whether an entry is translated: both texts non-empty, with the same
/// placeholders. Catalogues static_assert it for every entry.
constexpr bool translated(const Message &m) {
  return m.en && m.ru && m.en[0] && m.ru[0] && placeholders(m.en) == placeholders(m.ru);
}

/// The first entry of `table` that is not translated, or `n` when all are.
constexpr size_t firstUntranslated(const Message *table, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!translated(table[i]))
      return i;
  return n;
}

/// `tmpl` with `{k}` replaced by the k-th argument (1-based); a `{k}`
/// without an argument is left as it is.
std::string format(std::string_view tmpl, std::initializer_list<std::string_view> args);
/// The same with the arguments in a vector.
std::string formatArgs(std::string_view tmpl, const std::vector<std::string> &args);

/// The plural form a count takes. English has one and many ("1 step",
/// "2 steps"); Russian one (1, 21, 101: "шаг"), few (2–4, 22–24: "шага")
/// and many (0, 5–20, 25–30, 11–14: "шагов").
enum class Plural { One, Few, Many };
Plural pluralOf(Lang lang, uint64_t n);

/// The one of three catalogue texts (each with `{1}` for the number) that
/// fits `n`, with the number filled in.
std::string countOf(Lang lang, uint64_t n, const Message &one, const Message &few, const Message &many);

/// The number of characters (code points) in UTF-8 text, for aligning
/// terminal columns.
size_t columns(std::string_view utf8);

} // namespace callflow::l10n
