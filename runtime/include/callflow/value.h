// Runtime values of variables and form fields, and how text typed by an
// agent becomes one (money, number, bool and enum syntax) and back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
