// Formatting and parsing of money, numbers and bools typed by agents.
#include "callflow/value.h"

#include <cctype>
#include <algorithm>
#include <charconv>

#include "callflow/bytecode.h"

namespace callflow {

void appendMoney(std::string &out, int64_t cents, std::string_view currency) {
  uint64_t v = cents < 0 ? uint64_t(0) - uint64_t(cents) : uint64_t(cents);
  if (cents < 0) out += '-';
  out += currency;
  char digits[24];
  auto r = std::to_chars(digits, digits + sizeof digits, v / 100);
  size_t n = size_t(r.ptr - digits);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += '.';
  out += char('0' + (v % 100) / 10);
  out += char('0' + v % 10);
}

std::string formatMoney(int64_t cents, std::string_view currency) {
  std::string s;
  appendMoney(s, cents, currency);
  return s;
}

void appendPercent(std::string &out, int64_t hundredths) {
  if (hundredths < 0) {
    out += '-';
    hundredths = -hundredths;
  }
  char digits[24];
  auto r = std::to_chars(digits, digits + sizeof digits, hundredths / 100);
  out.append(digits, r.ptr);
  if (const int64_t frac = hundredths % 100; frac != 0) {
    out += '.';
    out += char('0' + frac / 10);
    if (frac % 10) out += char('0' + frac % 10);
  }
  out += '%';
}

void appendItemPrice(std::string &out, bc::ItemKind kind, int64_t cents, int64_t percent,
                     std::string_view currency, bc::Language lang) {
  const bool ru = lang == bc::Language::Ru;
  switch (kind) {
  case bc::ItemKind::Percent:
    appendPercent(out, percent);
    out += ru ? " \xD0\xBE\xD1\x82 \xD1\x81\xD1\x83\xD0\xBC\xD0\xBC\xD1\x8B" : " of charges";
    return;
  case bc::ItemKind::Monthly:
    appendMoney(out, cents, currency);
    out += ru ? " / \xD0\xBC\xD0\xB5\xD1\x81." : " / month";
    return;
  case bc::ItemKind::Once:
    break;
  }
  appendMoney(out, cents, currency);
}

static std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<int64_t> parseMoney(std::string_view s, std::string_view currency) {
  s = trim(s);
  bool neg = false;
  if (!s.empty() && s.front() == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  if (!currency.empty() && s.substr(0, currency.size()) == currency) s.remove_prefix(currency.size());
  else if (!s.empty() && s.front() == '$') s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot), frac = dot == s.npos ? "" : s.substr(dot + 1);
  if (whole.empty() || (dot != s.npos && (frac.empty() || frac.size() > 2))) return std::nullopt;
  // Digits, with optional thousands commas placed every three digits.
  int64_t units = 0;
  size_t sinceComma = 0;
  bool sawComma = false;
  for (size_t i = 0; i < whole.size(); ++i) {
    char c = whole[i];
    if (c == ',') {
      if (i == 0 || (sawComma && sinceComma != 3) || (!sawComma && sinceComma > 3)) return std::nullopt;
      sawComma = true;
      sinceComma = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    units = units * 10 + (c - '0');
    ++sinceComma;
    if (units > bc::kMaxMoney / 100) return std::nullopt;
  }
  if (sawComma && sinceComma != 3) return std::nullopt;
  int64_t fraction = 0;
  for (size_t i = 0; i < 2; ++i) {
    int d = 0;
    if (i < frac.size()) {
      if (frac[i] < '0' || frac[i] > '9') return std::nullopt;
      d = frac[i] - '0';
    }
    fraction += d * (i == 0 ? 10 : 1);
  }
  // The whole units fit; with the cents they may not.
  int64_t cents = 0;
  if (!bc::mulMoney(units, 100, cents) || !bc::addMoney(cents, fraction, cents)) return std::nullopt;
  return neg ? -cents : cents;
}

std::optional<int64_t> parseNumber(std::string_view s) {
  s = trim(s);
  // from_chars takes a '-' but not a '+': one sign, of either kind ("+-5" is not a number).
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (s.empty() || s.front() < '0' || s.front() > '9') return std::nullopt;
  }
  int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  if (v < -bc::kMaxMoney || v > bc::kMaxMoney) return std::nullopt;
  return v;
}

std::optional<bool> parseBool(std::string_view s) {
  s = trim(s);
  std::string l;
  for (char c : s) l += char(std::tolower(static_cast<unsigned char>(c)));
  if (l == "yes" || l == "y" || l == "true") return true;
  if (l == "no" || l == "n" || l == "false") return false;
  return std::nullopt;
}

// ---- dates and times ----------------------------------------------------------
// The day-number conversions are the usual civil-calendar ones (eras of
// 400 years, March-based years), written out for this file.
bool isLeapYear(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

unsigned daysInMonth(int64_t y, unsigned m) {
  static const unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && isLeapYear(y) ? 29 : days[m - 1];
}

bool isValidDate(int64_t y, unsigned m, unsigned d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                  // [0, 399]
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate civilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const unsigned d = unsigned(doy - (153 * mp + 2) / 5 + 1);
  const unsigned m = unsigned(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{era * 400 + yoe + (m <= 2), m, d};
}

namespace {
/// Reads `n` digits (1 <= n), all of them digits; -1 otherwise.
int64_t digitsValue(std::string_view s) {
  if (s.empty() || s.size() > 4) return -1;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}
std::optional<int64_t> dayOf(int64_t y, int64_t m, int64_t d) {
  if (y < 0 || m < 0 || d < 0 || !isValidDate(y, unsigned(m), unsigned(d))) return std::nullopt;
  return daysFromCivil(y, unsigned(m), unsigned(d));
}
void append2(std::string &out, unsigned v) {
  out += char('0' + v / 10 % 10);
  out += char('0' + v % 10);
}
void append4(std::string &out, int64_t v) {
  out += char('0' + v / 1000 % 10);
  out += char('0' + v / 100 % 10);
  out += char('0' + v / 10 % 10);
  out += char('0' + v % 10);
}
} // namespace

std::optional<int64_t> parseIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const int64_t y = digitsValue(s.substr(0, 4)), m = digitsValue(s.substr(5, 2)), d = digitsValue(s.substr(8, 2));
  return dayOf(y, m, d);
}

std::optional<int64_t> parseDate(std::string_view s, uint16_t language) {
  s = trim(s);
  if (auto iso = parseIsoDate(s)) return iso;
  const char sep = language == 1 ? '.' : '/';
  const size_t a = s.find(sep);
  if (a == s.npos) return std::nullopt;
  const size_t b = s.find(sep, a + 1);
  if (b == s.npos || s.find(sep, b + 1) != s.npos) return std::nullopt;
  const std::string_view p1 = s.substr(0, a), p2 = s.substr(a + 1, b - a - 1), p3 = s.substr(b + 1);
  if (p1.size() > 2 || p2.size() > 2 || p3.size() != 4) return std::nullopt;
  const int64_t first = digitsValue(p1), second = digitsValue(p2), year = digitsValue(p3);
  return language == 1 ? dayOf(year, second, first) : dayOf(year, first, second);
}

const char *dateFormatName(uint16_t language) { return language == 1 ? "DD.MM.YYYY" : "MM/DD/YYYY"; }

std::string formatIsoDate(int64_t days) {
  const CivilDate c = civilFromDays(days);
  std::string out;
  append4(out, c.year);
  out += '-';
  append2(out, c.month);
  out += '-';
  append2(out, c.day);
  return out;
}

std::string formatDate(int64_t days, uint16_t language) {
  const CivilDate c = civilFromDays(days);
  std::string out;
  if (language == 1) {
    append2(out, c.day);
    out += '.';
    append2(out, c.month);
    out += '.';
  } else {
    append2(out, c.month);
    out += '/';
    append2(out, c.day);
    out += '/';
  }
  append4(out, c.year);
  return out;
}

std::optional<int64_t> parseTime(std::string_view s) {
  s = trim(s);
  const size_t colon = s.find(':');
  if (colon == s.npos || colon == 0 || colon > 2 || s.size() - colon - 1 != 2) return std::nullopt;
  const int64_t h = digitsValue(s.substr(0, colon)), m = digitsValue(s.substr(colon + 1));
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string formatTime(int64_t minutes) {
  std::string out;
  append2(out, unsigned(minutes / 60));
  out += ':';
  append2(out, unsigned(minutes % 60));
  return out;
}

bool addMonthsToDate(int64_t days, int64_t months, int64_t &out) {
  if (days < bc::kMinDay || days > bc::kMaxDay) return false;
  if (months < -12 * 10000 || months > 12 * 10000) return false;
  const CivilDate c = civilFromDays(days);
  const int64_t index = c.year * 12 + (c.month - 1) + months; // months since year 0
  const int64_t y = index >= 0 ? index / 12 : (index - 11) / 12;
  const unsigned m = unsigned(index - y * 12 + 1);
  if (y < 1 || y > 9999) return false;
  out = daysFromCivil(y, m, std::min(c.day, daysInMonth(y, m)));
  return true;
}

int64_t wholeMonthsBetween(int64_t from, int64_t to) {
  if (to < from) return -wholeMonthsBetween(to, from);
  const CivilDate a = civilFromDays(from), b = civilFromDays(to);
  int64_t months = (b.year - a.year) * 12 + int64_t(b.month) - int64_t(a.month);
  if (b.day < a.day) --months; // this month's day not reached yet (a day the month lacks: the 1st after)
  return months;
}

int64_t wholeYearsBetween(int64_t from, int64_t to) {
  const int64_t months = wholeMonthsBetween(from, to);
  return months / 12; // truncates toward zero, as the months do
}

namespace {
/// The small letter of code point `c` (Latin and Cyrillic), else `c`.
char32_t lowerOf(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 0x20;
  if (c < 0x80) return c;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 0x20; // À..Þ (not ×)
  if (c >= 0x100 && c <= 0x137) return c | 1;                 // Ā ā .. Ķ ķ
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;   // Ĺ ĺ .. Ň ň
  if (c >= 0x14A && c <= 0x177) return c | 1;                 // Ŋ ŋ .. Ŷ ŷ
  if (c == 0x178) return 0xFF;                                // Ÿ ÿ
  if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c + 1 : c;   // Ź ź .. Ž ž
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;              // Ѐ .. Џ
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;              // А .. Я
  if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x52F))
    return c | 1;                                             // Ѡ ѡ .., Ҋ ҋ .., Ӑ ӑ ..
  if (c == 0x4C0) return 0x4CF;                               // Ӏ ӏ
  if (c >= 0x4C1 && c <= 0x4CE) return (c & 1) ? c + 1 : c;   // Ӂ ӂ .. Ӎ ӎ
  return c;
}
void appendUtf8(std::string &out, char32_t c) {
  if (c < 0x80) {
    out += char(c);
  } else if (c < 0x800) {
    out += char(0xC0 | (c >> 6));
    out += char(0x80 | (c & 0x3F));
  } else {
    out += char(0xE0 | (c >> 12));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  }
}
} // namespace

std::string foldCase(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    // Only one- and two-byte sequences hold the letters folded here.
    if (b >= 0xC2 && b <= 0xDF && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      const char32_t c = char32_t((b & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      appendUtf8(out, lowerOf(c));
      i += 2;
      continue;
    }
    out += b < 0x80 ? char(lowerOf(b)) : s[i];
    ++i;
  }
  return out;
}

bool sameIgnoringCase(std::string_view a, std::string_view b) { return foldCase(a) == foldCase(b); }

} // namespace callflow
