// The disassembler: tables, then EXPRS and CODE one instruction a line with
// operands printed by their kind from the opcode table.
#include "callflow/disasm.h"

#include <cstdio>

#include "callflow/value.h"

namespace callflow {

using bc::OperandKind;

namespace {

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') out += "\\n";
    else out += c;
  }
  return out + "\"";
}

std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04x", v);
  return buf;
}

std::string typeName(const Program &P, bc::Type t) {
  static const char *const names[] = {"text", "money", "number", "bool"};
  if (t.tag == bc::TypeTag::Enum) return std::string(P.string(P.enums()[t.enumIndex].name));
  return names[unsigned(t.tag)];
}

std::string enumValueName(const Program &P, uint32_t e, int64_t v) {
  const EnumInfo &en = P.enums()[e];
  return std::string(P.string(en.name)) + "." +
         std::string(P.string(P.enumValues()[en.firstValue + uint32_t(v)].name));
}

/// One instruction's operands, shown by kind.
std::string operands(const Program &P, const bc::Instr &in, uint32_t at, uint32_t listSlot) {
  const bc::OpInfo &info = bc::opInfo(in.op);
  std::string out;
  int64_t enumIdx = -1;
  for (unsigned k = 0; k < info.numOperands; ++k) {
    const int64_t v = in.a[k];
    out += ' ';
    switch (info.operands[k]) {
    case OperandKind::None: break;
    case OperandKind::Str: out += "s" + std::to_string(v) + " [" + quote(P.string(uint32_t(v))) + "]"; break;
    case OperandKind::Text: out += "t" + std::to_string(v) + " [" + quote(P.textSource(uint32_t(v))) + "]"; break;
    case OperandKind::OptText:
      out += v == 0 ? std::string("-")
                    : "t" + std::to_string(v - 1) + " [" + quote(P.textSource(uint32_t(v - 1))) + "]";
      break;
    case OperandKind::Step: out += P.string(P.steps()[size_t(v)].id); break;
    case OperandKind::Slot: out += P.slotName(uint32_t(v)); break;
    case OperandKind::Form: out += P.string(P.forms()[size_t(v)].name); break;
    case OperandKind::Item: out += "item " + std::to_string(P.items()[size_t(v)].code); break;
    case OperandKind::Enum: enumIdx = v; out += P.string(P.enums()[size_t(v)].name); break;
    case OperandKind::EnumValue:
      out += std::string(P.string(P.enumValues()[P.enums()[size_t(enumIdx)].firstValue + uint32_t(v)].name));
      break;
    case OperandKind::EnumValueOfSlot:
      out += enumValueName(P, P.slots()[listSlot].type.enumIndex, v);
      break;
    case OperandKind::Flag:
    case OperandKind::Count:
    case OperandKind::Count0: out += std::to_string(v); break;
    case OperandKind::Int:
      out += in.op == bc::Op::PUSH_MONEY ? formatMoney(v, P.currency()) : std::to_string(v);
      break;
    case OperandKind::Label: out += "-> " + hex(uint32_t(int64_t(at) + v)); break;
    }
  }
  return out;
}

void listing(const Program &P, std::span<const uint8_t> code, bool isCode, const DisasmOptions &o,
             std::string &out) {
  uint32_t pc = 0, listSlot = 0;
  size_t dbg = 0;
  const auto &debug = P.debug();
  std::vector<uint32_t> stepAt(code.size() + 1, kNone);
  if (isCode)
    for (uint32_t s = 0; s < P.steps().size(); ++s) stepAt[P.steps()[s].entry] = s;
  while (pc < code.size()) {
    const bc::Instr in = bc::decodeVerified(code.data(), pc);
    const bc::OpInfo &info = bc::opInfo(in.op);
    if (isCode && stepAt[pc] != kNone) {
      const StepInfo &s = P.steps()[stepAt[pc]];
      out += "\nstep " + std::string(P.string(s.id));
      if (s.title != kNone) out += " " + quote(P.string(s.title));
      out += '\n';
    }
    std::string line = o.offsets ? hex(pc) + "  " : std::string("  ");
    if (info.cls == bc::OpClass::Item) line += "  ";
    line += info.name;
    line += operands(P, in, pc, listSlot);
    if (info.follow >= 0)
      for (unsigned k = 0; k < info.numOperands; ++k)
        if (info.operands[k] == OperandKind::Slot) listSlot = uint32_t(in.a[k]);
    if (isCode && o.lines) {
      while (dbg < debug.size() && debug[dbg].offset < pc) ++dbg;
      if (dbg < debug.size() && debug[dbg].offset == pc) {
        if (line.size() < 56) line.resize(56, ' ');
        line += "  ; " + std::string(P.string(debug[dbg].file)) + ":" + std::to_string(debug[dbg].line);
      }
    }
    out += line + '\n';
    pc += in.size;
  }
}

} // namespace

std::string disassemble(const Program &P, const DisasmOptions &o) {
  std::string out = "flow " + std::string(P.name());
  if (!P.title().empty()) out += " " + quote(P.title());
  out += "\nstart " + std::string(P.string(P.steps()[P.startStep()].id)) + "\n";
  if (o.tables) {
    for (uint32_t e = 0; e < P.enums().size(); ++e) {
      const EnumInfo &en = P.enums()[e];
      out += "enum " + std::string(P.string(en.name)) + " {";
      for (uint32_t v = 0; v < en.numValues; ++v) {
        const EnumValueInfo &val = P.enumValues()[en.firstValue + v];
        out += " " + std::string(P.string(val.name)) + " " + quote(P.string(val.label));
      }
      out += " }\n";
    }
    for (uint32_t f = 0; f < P.forms().size(); ++f) {
      const FormInfo &form = P.forms()[f];
      out += "form " + std::string(P.string(form.name)) + " " + quote(P.string(form.label)) + "\n";
      for (uint32_t r = form.firstRule; r < form.firstRule + form.numRules; ++r)
        out += "  rule " + quote(P.string(P.rules()[r].message)) + " : expr " +
               hex(P.rules()[r].cond) + "\n";
    }
    for (uint32_t s = 0; s < P.slots().size(); ++s) {
      const SlotInfo &slot = P.slots()[s];
      out += std::string(slot.isField() ? "field " : "var ") + P.slotName(s) + " " +
             quote(P.string(slot.label)) + " : " + typeName(P, slot.type);
      if (slot.flags & bc::kSlotRequired) out += " required";
      if (slot.when != kNone) out += " required when expr " + hex(slot.when);
      if (slot.flags & bc::kSlotAuto) out += " auto";
      if (slot.flags & bc::kSlotUnused) out += " unused";
      if (slot.pattern != kNone) out += " matches " + quote(P.string(slot.pattern));
      if (slot.defaultExpr != kNone) out += " = expr " + hex(slot.defaultExpr);
      for (uint32_t k = 0; k < slot.numSuggestions; ++k)
        out += " suggest " + quote(P.string(P.suggestions()[slot.firstSuggestion + k]));
      out += "\n";
    }
    for (const ItemInfo &it : P.items())
      out += "item " + std::to_string(it.code) + " " + quote(P.string(it.name)) + " " +
             formatMoney(it.price, P.currency()) + "\n";
    for (const SectionInfo &sec : P.sections()) {
      out += "section " + quote(P.string(sec.title));
      if (sec.role != kNone) out += " by " + quote(P.string(sec.role));
      out += "\n";
    }
  }
  if (!P.exprs().empty()) {
    out += "\nexprs\n";
    listing(P, P.exprs(), false, o, out);
  }
  out += "\ncode\n";
  listing(P, P.code(), true, o, out);
  return out;
}

} // namespace callflow
