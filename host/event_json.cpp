// Events as the JSON of `flowrun --json` (docs/flowrun.md).
#include "event_json.h"

#include "llvm/Support/raw_ostream.h"

namespace callflow::host {

std::string typeName(const Program &p, bc::Type t) {
  static const char *const names[] = {"text", "money", "number", "bool", "enum", "date", "time"};
  if (t.tag == bc::TypeTag::Enum) return std::string(p.string(p.enums()[t.enumIndex].name));
  return names[unsigned(t.tag)];
}

namespace {
void money(llvm::json::OStream &j, llvm::StringRef key, int64_t cents, const Program &p) {
  j.attribute(key, cents);
  j.attribute((key + "_text").str(), formatMoney(cents, p.currency()));
}
/// A catalog item's kind, for a charge or an invoice line: nothing for a
/// one-time item (as before format 6); "monthly" (the amount is the first
/// month); "percent" with the rate and the open charges it was taken of.
void itemKind(llvm::json::OStream &j, bc::ItemKind kind, int64_t percent, int64_t basis, const Program &p) {
  if (kind == bc::ItemKind::Monthly) {
    j.attribute("kind", "monthly");
    j.attribute("period", "month");
  } else if (kind == bc::ItemKind::Percent) {
    j.attribute("kind", "percent");
    std::string rate;
    appendPercent(rate, percent);
    j.attribute("percent_text", rate);
    money(j, "basis", basis, p);
  }
}
} // namespace

void writeEventAttributes(llvm::json::OStream &j, const Event &e, const Program &p) {
  j.attribute("event", eventKindName(e.kind));
  j.attribute("step", std::string(p.string(p.steps()[e.step].id)));
  if (const DebugEntry *d = p.location(e.codeOffset)) j.attribute("line", int64_t(d->line));
  switch (e.kind) {
  case EventKind::Say:
  case EventKind::Note: j.attribute("text", e.text); break;
  case EventKind::Do:
    j.attribute("text", e.text);
    j.attribute("optional", e.optional);
    if (e.slot != kNone) {
      j.attribute("result", p.slotName(e.slot));
      j.attribute("type", typeName(p, e.type));
    }
    break;
  case EventKind::Ask:
    j.attribute("text", e.text);
    j.attributeArray("options", [&] {
      for (const std::string &o : e.options) j.value(o);
    });
    if (!e.optionKeys.empty()) // each option's key, null for an option without one
      j.attributeArray("keys", [&] {
        for (const std::string &k : e.optionKeys) {
          if (k.empty()) j.value(nullptr);
          else j.value(k);
        }
      });
    break;
  case EventKind::Input:
    j.attribute("slot", p.slotName(e.slot));
    j.attribute("label", std::string(p.string(p.slots()[e.slot].label)));
    j.attribute("type", typeName(p, e.type));
    j.attribute("prompt", e.text);
    if (!e.options.empty())
      j.attributeArray("options", [&] {
        for (const std::string &o : e.options) j.value(o);
      });
    if (!e.pattern.empty()) j.attribute("pattern", std::string(e.pattern));
    if (!e.patternDescription.empty()) j.attribute("pattern_description", std::string(e.patternDescription));
    // The forms a date or time is taken in (the flow's language's own, and ISO).
    if (e.type.tag == bc::TypeTag::Date)
      j.attribute("formats", std::string(dateFormatName(uint16_t(p.language()))) + " or YYYY-MM-DD");
    if (e.type.tag == bc::TypeTag::Time) j.attribute("formats", "HH:MM");
    if (e.hostValue) j.attribute("host_value", true);
    if (p.slots()[e.slot].isSensitive()) j.attribute("sensitive", true);
    if (!e.problems.empty())
      j.attributeArray("problems", [&] {
        for (const std::string &pr : e.problems) j.value(pr);
      });
    break;
  case EventKind::Create:
  case EventKind::Complete:
  case EventKind::Update:
    j.attribute("form", std::string(p.string(p.forms()[e.form].name)));
    j.attributeObject("fields", [&] {
      for (const FieldValue &f : e.fields)
        j.attribute(std::string(p.string(p.slots()[f.slot].name)),
                    p.slots()[f.slot].isSensitive() ? std::string(bc::kSensitiveMask) : f.value);
    });
    if (e.kind != EventKind::Update)
      j.attributeArray("problems", [&] {
        for (const std::string &pr : e.problems) j.value(pr);
      });
    break;
  case EventKind::Charge:
    j.attribute("label", e.text);
    if (e.itemCode >= 0) j.attribute("item", e.itemCode);
    money(j, "amount", e.amount, p);
    itemKind(j, e.itemKind, e.percent, e.basis, p);
    if (e.alreadyOpen) j.attribute("already_open", true);
    break;
  case EventKind::Invoice:
    j.attributeArray("lines", [&] {
      for (const InvoiceLine &l : e.lines)
        j.object([&] {
          j.attribute("label", l.label);
          if (l.itemCode >= 0) j.attribute("item", l.itemCode);
          money(j, "amount", l.amount, p);
          itemKind(j, l.kind, l.percent, l.basis, p);
        });
    });
    money(j, "total", e.amount, p);
    break;
  case EventKind::TakePayment: money(j, "amount", e.amount, p); break;
  case EventKind::Transfer: j.attribute("to", e.text); break;
  case EventKind::End:
    j.attribute("reason", e.text);
    if (e.failed) {
      j.attribute("failed", true);
      j.attribute("limit", stopReasonName(e.stopped));
    }
    break;
  }
  if (e.waiting) j.attribute("waiting", true);
}

std::string eventJsonText(const Event &e, const Program &p) {
  std::string text;
  {
    llvm::raw_string_ostream os(text);
    llvm::json::OStream j(os);
    j.object([&] { writeEventAttributes(j, e, p); });
  }
  return text;
}

std::string escapeControls(const std::string &text) {
  std::string out;
  out.reserve(text.size());
  static const char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0x7F) {
      out += "\\u007f";
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      const unsigned char d = static_cast<unsigned char>(text[++i]);
      out += "\\u00";
      out += kHex[d >> 4];
      out += kHex[d & 15];
    } else {
      out += char(c);
    }
  }
  return out;
}

} // namespace callflow::host
