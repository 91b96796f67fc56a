// The disassembler: tables, then EXPRS and CODE one instruction a line with
// operands printed by their kind from the opcode table. A crafted file may
// hold megabyte strings referenced thousands of times: names and strings are
// cut at DisasmOptions::maxQuoted and the listing at maxBytes.
#include "callflow/disasm.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "callflow/value.h"

namespace callflow {

using bc::OperandKind;

namespace {

constexpr std::string_view kStopped = "; the listing stops here: it passed its size limit\n";

class Lister {
public:
  Lister(const Program &P, const DisasmOptions &o) : P(P), o(o) {}
  std::string run();

private:
  /// The first `o.maxQuoted` bytes of `s` (at a character boundary).
  size_t cutAt(std::string_view s) const {
    size_t n = s.size();
    if (n <= o.maxQuoted) return n;
    n = o.maxQuoted;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
  }
  /// A name (step ID, slot, enum ...), cut with "..." when too long.
  std::string name(std::string_view s) const {
    const size_t n = cutAt(s);
    return std::string(s.substr(0, n)) + (n < s.size() ? "..." : "");
  }
  /// `s` in quotes, escaped; when too long cut and followed by its size.
  std::string quote(std::string_view s) const {
    const size_t n = cutAt(s);
    std::string out = "\"";
    for (char c : s.substr(0, n)) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') out += "\\n";
      else out += c;
    }
    out += '"';
    if (n < s.size()) out += "... (" + std::to_string(s.size()) + " bytes, cut)";
    return out;
  }
  std::string text(int64_t t) const {
    // Built only up to the cut: a text may render to gigabytes.
    const std::string src = P.textSource(uint32_t(t), o.maxQuoted);
    if (src.size() <= o.maxQuoted) return "t" + std::to_string(t) + " [" + quote(src) + "]";
    const std::string q = quote(src);
    return "t" + std::to_string(t) + " [" + q.substr(0, q.rfind("... (")) + "... (cut)]";
  }
  static std::string hex(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04x", v);
    return buf;
  }
  std::string typeName(bc::Type t) const {
    static const char *const names[] = {"text", "money", "number", "bool", "enum", "date", "time"};
    if (t.tag == bc::TypeTag::Enum) return name(P.string(P.enums()[t.enumIndex].name));
    return names[unsigned(t.tag)];
  }
  std::string enumValueName(uint32_t e, int64_t v) const {
    const EnumInfo &en = P.enums()[e];
    return name(P.string(en.name)) + "." + name(P.string(P.enumValues()[en.firstValue + uint32_t(v)].name));
  }
  std::string slotName(uint32_t s) const {
    const SlotInfo &slot = P.slots()[s];
    return slot.isField() ? name(P.string(P.forms()[slot.form].name)) + "." + name(P.string(slot.name))
                          : name(P.string(slot.name));
  }
  std::string operands(const bc::Instr &in, uint32_t at, uint32_t listSlot) const;
  bool tables();
  bool listing(std::span<const uint8_t> code, bool isCode);
  /// False (after noting it) once the listing passed o.maxBytes.
  bool room() {
    if (out.size() <= o.maxBytes) return true;
    out += kStopped;
    return false;
  }

  const Program &P;
  const DisasmOptions &o;
  std::string out;
};

/// One instruction's operands, shown by kind.
std::string Lister::operands(const bc::Instr &in, uint32_t at, uint32_t listSlot) const {
  const bc::OpInfo &info = bc::opInfo(in.op);
  std::string s;
  int64_t enumIdx = -1;
  for (unsigned k = 0; k < info.numOperands; ++k) {
    const int64_t v = in.a[k];
    s += ' ';
    switch (info.operands[k]) {
    case OperandKind::None: break;
    case OperandKind::Str: s += "s" + std::to_string(v) + " [" + quote(P.string(uint32_t(v))) + "]"; break;
    case OperandKind::Text: s += text(v); break;
    case OperandKind::OptText: s += v == 0 ? std::string("-") : text(v - 1); break;
    case OperandKind::Step: s += name(P.string(P.steps()[size_t(v)].id)); break;
    case OperandKind::Slot: s += slotName(uint32_t(v)); break;
    case OperandKind::Form: s += name(P.string(P.forms()[size_t(v)].name)); break;
    case OperandKind::Item: s += "item " + std::to_string(P.items()[size_t(v)].code); break;
    case OperandKind::Enum: enumIdx = v; s += name(P.string(P.enums()[size_t(v)].name)); break;
    case OperandKind::EnumValue:
      s += name(P.string(P.enumValues()[P.enums()[size_t(enumIdx)].firstValue + uint32_t(v)].name));
      break;
    case OperandKind::EnumValueOfSlot: s += enumValueName(P.slots()[listSlot].type.enumIndex, v); break;
    case OperandKind::Flag:
    case OperandKind::Count:
    case OperandKind::Count0: s += std::to_string(v); break;
    case OperandKind::Int:
      s += in.op == bc::Op::PUSH_MONEY ? formatMoney(v, P.currency()) : std::to_string(v);
      break;
    case OperandKind::Label: s += "-> " + hex(uint32_t(int64_t(at) + v)); break;
    case OperandKind::Day: s += formatIsoDate(v); break;
    case OperandKind::Minute: s += formatTime(v); break;
    case OperandKind::Key: s += v == 0 ? std::string("key -") : "key " + std::string(P.string(uint32_t(v - 1))); break;
    }
  }
  return s;
}

bool Lister::listing(std::span<const uint8_t> code, bool isCode) {
  uint32_t pc = 0, listSlot = 0;
  size_t dbg = 0;
  const auto &debug = P.debug();
  // The steps by entry offset (one entry per step, not per code byte: CODE
  // may be a gigabyte).
  std::vector<std::pair<uint32_t, uint32_t>> entries;
  if (isCode)
    for (uint32_t s = 0; s < P.steps().size(); ++s) entries.emplace_back(P.steps()[s].entry, s);
  std::sort(entries.begin(), entries.end());
  size_t nextEntry = 0;
  while (pc < code.size()) {
    if (!room()) return false;
    const bc::Instr in = bc::decodeVerified(code.data(), pc);
    const bc::OpInfo &info = bc::opInfo(in.op);
    while (nextEntry < entries.size() && entries[nextEntry].first < pc) ++nextEntry;
    if (nextEntry < entries.size() && entries[nextEntry].first == pc) {
      const StepInfo &s = P.steps()[entries[nextEntry].second];
      out += "\nstep " + name(P.string(s.id));
      if (s.title != kNone) out += " " + quote(P.string(s.title));
      out += '\n';
    }
    std::string line = o.offsets ? hex(pc) + "  " : std::string("  ");
    if (info.cls == bc::OpClass::Item) line += "  ";
    line += info.name;
    line += operands(in, pc, listSlot);
    if (info.follow >= 0)
      for (unsigned k = 0; k < info.numOperands; ++k)
        if (info.operands[k] == OperandKind::Slot) listSlot = uint32_t(in.a[k]);
    if (isCode && o.lines) {
      while (dbg < debug.size() && debug[dbg].offset < pc) ++dbg;
      if (dbg < debug.size() && debug[dbg].offset == pc) {
        if (line.size() < 56) line.resize(56, ' ');
        line += "  ; " + name(P.string(debug[dbg].file)) + ":" + std::to_string(debug[dbg].line);
      }
    }
    out += line + '\n';
    pc += in.size;
  }
  return true;
}

bool Lister::tables() {
  for (uint32_t e = 0; e < P.enums().size(); ++e) {
    if (!room()) return false;
    const EnumInfo &en = P.enums()[e];
    out += "enum " + name(P.string(en.name)) + " {";
    for (uint32_t v = 0; v < en.numValues && out.size() <= o.maxBytes; ++v) {
      const EnumValueInfo &val = P.enumValues()[en.firstValue + v];
      out += " " + name(P.string(val.name)) + " " + quote(P.string(val.label));
    }
    out += " }\n";
  }
  for (uint32_t f = 0; f < P.forms().size(); ++f) {
    if (!room()) return false;
    const FormInfo &form = P.forms()[f];
    out += "form " + name(P.string(form.name)) + " " + quote(P.string(form.label)) + "\n";
    for (uint32_t r = form.firstRule; r < form.firstRule + form.numRules; ++r)
      out += "  rule " + quote(P.string(P.rules()[r].message)) + " : expr " + hex(P.rules()[r].cond) + "\n";
  }
  for (uint32_t s = 0; s < P.slots().size(); ++s) {
    if (!room()) return false;
    const SlotInfo &slot = P.slots()[s];
    out += std::string(slot.isField() ? "field " : "var ") + slotName(s) + " " + quote(P.string(slot.label)) +
           " : " + typeName(slot.type);
    if (slot.flags & bc::kSlotRequired) out += " required";
    if (slot.when != kNone) out += " required when expr " + hex(slot.when);
    if (slot.flags & bc::kSlotAuto) out += " auto";
    if (slot.flags & bc::kSlotUnused) out += " unused";
    if (slot.flags & bc::kSlotSensitive) out += " sensitive";
    if (slot.pattern != kNone) out += " matches " + quote(P.string(slot.pattern));
    if (slot.patternDescription != kNone) out += " as " + quote(P.string(slot.patternDescription));
    if (slot.defaultExpr != kNone) out += " = expr " + hex(slot.defaultExpr);
    for (uint32_t k = 0; k < slot.numSuggestions; ++k)
      out += " suggest " + quote(P.string(P.suggestions()[slot.firstSuggestion + k]));
    out += "\n";
  }
  for (const ItemInfo &it : P.items()) {
    if (!room()) return false;
    out += "item " + std::to_string(it.code) + " " + quote(P.string(it.name)) + " ";
    appendItemPrice(out, it.kind, it.price, it.percent, P.currency());
    out += "\n";
  }
  for (const SectionInfo &sec : P.sections()) {
    if (!room()) return false;
    out += "section " + quote(P.string(sec.title));
    if (sec.role != kNone) out += " by " + quote(P.string(sec.role));
    out += "\n";
  }
  return true;
}

std::string Lister::run() {
  out = "flow " + name(P.name());
  if (!P.title().empty()) out += " " + quote(P.title());
  out += "\nstart " + name(P.string(P.steps()[P.startStep()].id)) + "\n";
  if (o.tables && !tables()) return std::move(out);
  if (!P.exprs().empty()) {
    out += "\nexprs\n";
    if (!listing(P.exprs(), false)) return std::move(out);
  }
  out += "\ncode\n";
  listing(P.code(), true);
  return std::move(out);
}

} // namespace

std::string disassemble(const Program &P, const DisasmOptions &o) { return Lister(P, o).run(); }

} // namespace callflow
