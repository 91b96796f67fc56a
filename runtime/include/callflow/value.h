// Runtime values of variables and form fields, and how text typed by an
// agent becomes one (money, number, bool and enum syntax) and back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "callflow/bytecode.h"

namespace callflow {

enum class ValueKind : uint8_t { Unset, Text, Money, Number, Bool, Enum, Date, Time };

/// A slot's value: 16 bytes. Text is a program string (src 0), a text owned
/// by the session (src 1) or a temporary of the expression being run (src 2);
/// num holds its index. Money is in cents; Enum holds the value index; Date
/// its day number (days since 1970-01-01); Time minutes since midnight.
struct Value {
  ValueKind kind = ValueKind::Unset;
  uint8_t src = 0;
  int64_t num = 0;
  bool isSet() const { return kind != ValueKind::Unset; }
};

/// "$1,234.50", "-$5.00".
void appendMoney(std::string &out, int64_t cents, std::string_view currency);
std::string formatMoney(int64_t cents, std::string_view currency = "$");
/// A rate in hundredths of a percent: "4%", "2.5%", "0.25%".
void appendPercent(std::string &out, int64_t hundredths);
/// A catalog item's price as every host shows it (docs/language.md,
/// "Catalog"): "$29.99"; monthly "$14.99 / month" ("$14.99 / мес." in a
/// Russian flow); a percentage "4% of charges" ("4% от суммы").
void appendItemPrice(std::string &out, bc::ItemKind kind, int64_t cents, int64_t percent,
                     std::string_view currency, bc::Language lang = bc::Language::En);

/// "20", "20.5", "20.00", "$1,234.50", "-3" (with `currency` or "$" in front
/// allowed). nullopt when the syntax is wrong or the amount is out of range.
std::optional<int64_t> parseMoney(std::string_view s, std::string_view currency = "$");
/// An integer, optionally signed.
std::optional<int64_t> parseNumber(std::string_view s);
/// yes / no / true / false / y / n, any case.
std::optional<bool> parseBool(std::string_view s);

// ---- dates and times (docs/language.md "Dates and times") ----------------
/// The day number (days since 1970-01-01, proleptic Gregorian) of a date.
/// `m` 1..12, `d` 1..31; no validation (see isValidDate).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d);
struct CivilDate {
  int64_t year;
  unsigned month, day;
};
CivilDate civilFromDays(int64_t days);
bool isLeapYear(int64_t y);
unsigned daysInMonth(int64_t y, unsigned m);
/// A real day of the calendar, years 1 to 9999.
bool isValidDate(int64_t y, unsigned m, unsigned d);
/// `YYYY-MM-DD` (ISO 8601, exactly that shape): its day number, or nullopt.
std::optional<int64_t> parseIsoDate(std::string_view s);
/// What an agent may type for a date in a flow of `language` (0 English,
/// 1 Russian; bc::Language): ISO `1961-03-14`, or the language's own form,
/// `03/14/1961` (MM/DD/YYYY) in English, `14.03.1961` (DD.MM.YYYY) in
/// Russian; one-digit months and days are taken. nullopt otherwise.
std::optional<int64_t> parseDate(std::string_view s, uint16_t language);
/// The language's own form of a date ("MM/DD/YYYY", "DD.MM.YYYY").
const char *dateFormatName(uint16_t language);
/// `1961-03-14`.
std::string formatIsoDate(int64_t days);
/// `03/14/1961` (English), `14.03.1961` (Russian).
std::string formatDate(int64_t days, uint16_t language);
/// `14:30`, `9:05`: minutes since midnight (0..1439), or nullopt.
std::optional<int64_t> parseTime(std::string_view s);
/// `14:30`, `09:05`.
std::string formatTime(int64_t minutes);
/// `days` plus `months` months, the day of the month kept or clamped to the
/// month's last (31 January + 1 month = 28 or 29 February). False when the
/// result is outside 0001-01-01..9999-12-31.
bool addMonthsToDate(int64_t days, int64_t months, int64_t &out);
/// Whole months and whole years from `from` to `to` (negative when `to` is
/// before `from`). A month is whole once the day of the month of `from` is
/// reached; a day that the month lacks (31, or 29 February in a common
/// year) is reached on the first of the next month. So the years from
/// 2008-02-29 to 2026-02-28 are 17, to 2026-03-01 18.
int64_t wholeMonthsBetween(int64_t from, int64_t to);
int64_t wholeYearsBetween(int64_t from, int64_t to);

/// `s` (UTF-8) with its capital letters made small: Latin (ASCII, Latin-1,
/// Latin Extended-A) and Cyrillic (U+0400-U+052F); other characters and
/// bytes that are not valid UTF-8 are kept as they are. What an agent's
/// typed label is compared by: "yes" is "YES", "да" is "ДА".
std::string foldCase(std::string_view s);
/// foldCase(a) == foldCase(b).
bool sameIgnoringCase(std::string_view a, std::string_view b);

} // namespace callflow
