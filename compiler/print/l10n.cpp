// Choosing the chrome language, placeholders and plural forms (l10n.h).
#include "print/l10n.h"

#include <cstdint>
#include <cstring>

namespace callflow::l10n {

Lang fromTag(std::string_view tag) {
  // The primary subtag, case-insensitively: "ru", "RU", "ru-RU", "ru_UA".
  if (tag.size() >= 2 && (tag[0] == 'r' || tag[0] == 'R') && (tag[1] == 'u' || tag[1] == 'U') &&
      (tag.size() == 2 || tag[2] == '-' || tag[2] == '_'))
    return Lang::Ru;
  return Lang::En;
}

const char *tagOf(Lang lang) { return lang == Lang::Ru ? "ru" : "en"; }

namespace {
/// The Latin letters among eight ASCII bytes (no byte 0x80 or above): a
/// byte c is one when c | 0x20 is in 'a'..'z', that is when c | 0x20 +
/// (0x80 - 'a') has its high bit and c | 0x20 + (0x80 - '{') has not (no
/// byte carries into the next: each sum stays below 0x100). The high bits
/// are counted by a multiply that adds the eight bytes into the top one
/// (at most 8): the baseline x86-64 has no popcount instruction, and
/// __builtin_popcountll became a call into libgcc.
unsigned asciiLetters(uint64_t w) {
  constexpr uint64_t ones = 0x0101010101010101ull, highs = ones << 7;
  const uint64_t x = w | ones * 0x20;
  const uint64_t letters = (x + ones * (0x80 - 'a')) & ~(x + ones * (0x80 - '{')) & highs;
  return unsigned(((letters >> 7) * ones) >> 56);
}
} // namespace

void LetterCount::add(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    // ASCII eight bytes at a time, as long as it lasts.
    for (uint64_t w; i + 8 <= s.size(); i += 8) {
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ull) break;
      latin += asciiLetters(w);
    }
    if (i == s.size()) break;
    unsigned char c = s[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      ++latin;
    } else if (c >= 0xD0 && c <= 0xD3 && i + 1 < s.size()) {
      ++cyrillic; // U+0400..U+04FF are D0 80 .. D3 BF
      ++i;
    } else if (c >= 0xC3 && c <= 0xC9 && i + 1 < s.size()) {
      ++latin; // U+00C0..U+024F, accented Latin
      ++i;
    }
  }
}

namespace {
template <class Args> std::string fill(std::string_view tmpl, const Args &args) {
  std::string out;
  out.reserve(tmpl.size());
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{' && i + 2 < tmpl.size() && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '9' &&
        tmpl[i + 2] == '}') {
      size_t k = size_t(tmpl[i + 1] - '1');
      if (k < args.size()) {
        out += args.begin()[k];
        i += 2;
        continue;
      }
    }
    out += tmpl[i];
  }
  return out;
}
} // namespace

std::string format(std::string_view tmpl, std::initializer_list<std::string_view> args) {
  return fill(tmpl, args);
}

std::string formatArgs(std::string_view tmpl, const std::vector<std::string> &args) {
  return fill(tmpl, args);
}

Plural pluralOf(Lang lang, uint64_t n) {
  if (lang == Lang::En)
    return n == 1 ? Plural::One : Plural::Many;
  const uint64_t tens = n % 100, ones = n % 10;
  if (tens >= 11 && tens <= 14)
    return Plural::Many;
  if (ones == 1)
    return Plural::One;
  if (ones >= 2 && ones <= 4)
    return Plural::Few;
  return Plural::Many;
}

std::string countOf(Lang lang, uint64_t n, const Message &one, const Message &few, const Message &many) {
  const Plural form = pluralOf(lang, n);
  const Message &m = form == Plural::One ? one : form == Plural::Few ? few : many;
  return format(textOf(m, lang), {std::to_string(n)});
}

size_t columns(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

} // namespace callflow::l10n
