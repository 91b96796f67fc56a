// flowrun's terminal words in the call's language: the catalogue of
// messages.def as a table, TerminalWords to read it, and the translation of
// the runtime's reasons for refusing an answer. Header-only, so that
// tests/flowrun checks the catalogue without the tool.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "print/l10n.h"

namespace flowrun {

enum class TMsg : unsigned {
#define FLOWRUN_MESSAGE(id, en, ru) id,
#include "messages.def"
};

inline constexpr callflow::l10n::Message kTerminalMessages[] = {
#define FLOWRUN_MESSAGE(id, en, ru) {#id, en, ru},
#include "messages.def"
};
inline constexpr size_t kNumTerminalMessages = sizeof(kTerminalMessages) / sizeof(kTerminalMessages[0]);

static_assert(callflow::l10n::firstUntranslated(kTerminalMessages, kNumTerminalMessages) ==
                  kNumTerminalMessages,
              "a message of tools/flowrun/messages.def lacks a language or a placeholder");

/// `text` against a catalogue template (its English): literal parts must be
/// equal, each `{k}` takes one or more characters (the shortest that lets
/// the rest match). On a match, `args` holds what each `{k}` took.
inline bool matchTemplate(std::string_view tmpl, std::string_view text, std::vector<std::string> &args) {
  if (tmpl.empty())
    return text.empty();
  if (tmpl.size() >= 3 && tmpl[0] == '{' && tmpl[1] >= '1' && tmpl[1] <= '9' && tmpl[2] == '}') {
    const size_t k = size_t(tmpl[1] - '1');
    for (size_t n = 1; n <= text.size(); ++n) {
      std::vector<std::string> rest = args;
      if (rest.size() <= k)
        rest.resize(k + 1);
      rest[k] = std::string(text.substr(0, n));
      if (matchTemplate(tmpl.substr(3), text.substr(n), rest)) {
        args = std::move(rest);
        return true;
      }
    }
    return false;
  }
  return !text.empty() && tmpl[0] == text[0] && matchTemplate(tmpl.substr(1), text.substr(1), args);
}

/// The catalogue in one language.
class TerminalWords {
public:
  explicit TerminalWords(callflow::l10n::Lang lang = callflow::l10n::Lang::En) : lang_(lang) {}
  callflow::l10n::Lang lang() const { return lang_; }

  const char *operator()(TMsg m) const { return callflow::l10n::textOf(kTerminalMessages[unsigned(m)], lang_); }
  std::string operator()(TMsg m, std::initializer_list<std::string_view> args) const {
    return callflow::l10n::format((*this)(m), args);
  }
  std::string count(uint64_t n, TMsg one, TMsg few, TMsg many) const {
    return callflow::l10n::countOf(lang_, n, kTerminalMessages[unsigned(one)], kTerminalMessages[unsigned(few)],
                                   kTerminalMessages[unsigned(many)]);
  }

  /// A reason the runtime gave for refusing an answer, in this language:
  /// the Why* entry whose English it matches, with the same parts filled
  /// in; the reason as given when none matches (or in English).
  std::string reason(std::string_view why) const {
    if (lang_ == callflow::l10n::Lang::En)
      return std::string(why);
    for (const callflow::l10n::Message &m : kTerminalMessages) {
      if (std::string_view(m.id).substr(0, 3) != "Why")
        continue;
      std::vector<std::string> args;
      if (!matchTemplate(m.en, why, args))
        continue;
      return callflow::l10n::formatArgs(callflow::l10n::textOf(m, lang_), args);
    }
    return std::string(why);
  }

private:
  callflow::l10n::Lang lang_;
};

} // namespace flowrun
