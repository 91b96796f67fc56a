// The printers' words in the script's language: the catalogue of
// messages.def as a table, and Words, the printers' way to read it.
#pragma once

#include <string>
#include <string_view>

#include "print/l10n.h"

namespace callflow::print {

enum class Msg : unsigned {
#define CALLFLOW_MESSAGE(id, en, ru) id,
#include "print/messages.def"
};

inline constexpr l10n::Message kMessages[] = {
#define CALLFLOW_MESSAGE(id, en, ru) {#id, en, ru},
#include "print/messages.def"
};
inline constexpr size_t kNumMessages = sizeof(kMessages) / sizeof(kMessages[0]);

// Every message has both languages, with the same placeholders (a failing
// build names no entry; print_tests' Messages.EveryEntryIsTranslated does).
static_assert(l10n::firstUntranslated(kMessages, kNumMessages) == kNumMessages,
              "a message of compiler/print/messages.def lacks a language or a placeholder");

/// The catalogue in one language.
class Words {
public:
  explicit Words(l10n::Lang lang = l10n::Lang::En) : lang_(lang) {}
  l10n::Lang lang() const { return lang_; }

  const char *operator()(Msg m) const { return l10n::textOf(kMessages[unsigned(m)], lang_); }
  /// The message with its placeholders filled in.
  std::string operator()(Msg m, std::initializer_list<std::string_view> args) const {
    return l10n::format((*this)(m), args);
  }
  /// "8 steps", "8 шагов".
  std::string count(uint64_t n, Msg one, Msg few, Msg many) const {
    return l10n::countOf(lang_, n, kMessages[unsigned(one)], kMessages[unsigned(few)],
                         kMessages[unsigned(many)]);
  }
  /// Text in the language's quotation marks: “…” or «…».
  std::string quoted(std::string_view s) const {
    return std::string((*this)(Msg::QuoteOpen)) + std::string(s) + (*this)(Msg::QuoteClose);
  }

private:
  l10n::Lang lang_;
};

} // namespace callflow::print
