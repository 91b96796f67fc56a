// Runtime values of variables and form fields, and how text typed by an
// agent becomes one (money, number, bool and enum syntax) and back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "callflow/bytecode.h"

namespace callflow {

enum class ValueKind : uint8_t { Unset, Text, Money, Number, Bool, Enum };

/// A slot's value: 16 bytes. Text is a program string (src 0), a text owned
/// by the session (src 1) or a temporary of the expression being run (src 2);
/// num holds its index. Money is in cents; Enum holds the value index.
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

/// `s` (UTF-8) with its capital letters made small: Latin (ASCII, Latin-1,
/// Latin Extended-A) and Cyrillic (U+0400-U+052F); other characters and
/// bytes that are not valid UTF-8 are kept as they are. What an agent's
/// typed label is compared by: "yes" is "YES", "да" is "ДА".
std::string foldCase(std::string_view s);
/// foldCase(a) == foldCase(b).
bool sameIgnoringCase(std::string_view a, std::string_view b);

} // namespace callflow
