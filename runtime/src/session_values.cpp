// Session::checkValue: turns text typed by an agent (or supplied by the host)
// into a value of a slot's type, or says why it cannot.
#include <cctype>

#include "callflow/session.h"
#include "machine.h"

namespace callflow {

Answer Session::checkValue(uint32_t slot, std::string_view text, Value &out, uint32_t listPc) {
  const Program &P = *program_;
  const SlotInfo &info = P.slots()[slot];
  // A refusal never repeats a sensitive value (it is shown to the agent).
  const std::string shown =
      (info.flags & bc::kSlotSensitive) ? std::string("the value") : "'" + std::string(text) + "'";
  switch (info.type.tag) {
  case bc::TypeTag::Text:
    if (!bc::isValidUtf8(text)) return refuse("the value is not valid UTF-8");
    if (text.empty() && (info.flags & bc::kSlotRequired)) return refuse("a value is required");
    if (std::string why = room(heldBy(slot), text.size()); !why.empty())
      return refuse("the value is too long: " + why);
    if (const Pattern *pat = P.pattern(slot)) {
      bool applies = true;
      if ((info.flags & bc::kSlotPatternWhen) && info.when != kNone) {
        const bool wasEnded = ended_;
        work_ = workBudget();
        applies = Machine(*this).evalBool(info.when);
        if (ended_ && !wasEnded) return refuse("the call was " + event_.text); // "stopped: ..." on a limit
      }
      if (applies && text.size() > kPatternMaxInput)
        return refuse("the value is too long: " + std::to_string(text.size()) +
                      " bytes, and a value with a pattern is at most " +
                      std::to_string(kPatternMaxInput));
      if (applies && !pat->matches(text)) {
        // In the designer's words when the flow gives them.
        if (info.patternDescription != kNone)
          return refuse(shown + " is not in the expected form: " + std::string(P.string(info.patternDescription)));
        return refuse(shown + " does not match the pattern \"" + pat->source() + "\"");
      }
    }
    out = Value{ValueKind::Text, 1, 0}; // store() copies the text in
    return {};
  case bc::TypeTag::Money:
    if (auto m = parseMoney(text, P.currency())) {
      out = Value{ValueKind::Money, 0, *m};
      return {};
    }
    return refuse(shown + " is not an amount of money (like 20.00)");
  case bc::TypeTag::Number:
    if (auto n = parseNumber(text)) {
      out = Value{ValueKind::Number, 0, *n};
      return {};
    }
    return refuse(shown + " is not a whole number");
  case bc::TypeTag::Bool:
    if (auto b = parseBool(text)) {
      out = Value{ValueKind::Bool, 0, *b ? 1 : 0};
      return {};
    }
    return refuse(shown + " is not yes or no");
  case bc::TypeTag::Date:
    if (auto d = parseDate(text, uint16_t(P.language()))) {
      out = Value{ValueKind::Date, 0, *d};
      return {};
    }
    return refuse(shown + " is not a date (" + std::string(dateFormatName(uint16_t(P.language()))) +
                  " or YYYY-MM-DD, a day of the calendar)");
  case bc::TypeTag::Time:
    if (auto t = parseTime(text)) {
      out = Value{ValueKind::Time, 0, *t};
      return {};
    }
    return refuse(shown + " is not a time of day (HH:MM, 00:00 to 23:59)");
  case bc::TypeTag::Enum: {
    const EnumInfo &e = P.enums()[info.type.enumIndex];
    // Inside an Input, only the values it offers; otherwise any value.
    std::vector<uint32_t> all;
    const std::vector<uint32_t> *allowed = &event_.optionValues;
    if (listPc == kNone || event_.kind != EventKind::Input) {
      for (uint32_t v = 0; v < e.numValues; ++v) all.push_back(v);
      allowed = &all;
    }
    std::string names;
    for (size_t i = 0; i < allowed->size(); ++i) {
      const EnumValueInfo &v = P.enumValues()[e.firstValue + (*allowed)[i]];
      if (P.string(v.name) == text || sameIgnoringCase(P.string(v.label), text)) {
        out = Value{ValueKind::Enum, 0, (*allowed)[i]};
        return {};
      }
      if (i) names += ", ";
      names += P.string(v.name);
    }
    if (auto n = parseNumber(text); n && *n >= 1 && uint64_t(*n) <= allowed->size()) {
      out = Value{ValueKind::Enum, 0, (*allowed)[size_t(*n - 1)]};
      return {};
    }
    return refuse(shown + " is not one of: " + names);
  }
  }
  return refuse("unknown type");
}

} // namespace callflow
