// Program: loading (through the verifier) and lookups over its tables.
#include "callflow/program.h"

#include <algorithm>
#include <unordered_map>

#include "callflow/verifier.h"
#include "loader.h"

namespace callflow {

Program::Program() = default;
Program::~Program() = default;

Loaded Program::load(std::span<const uint8_t> bytes, const RunBoth &both) {
  return load(std::vector<uint8_t>(bytes.begin(), bytes.end()), both);
}

Loaded Program::load(std::vector<uint8_t> &&bytes, const RunBoth &both) {
  Loaded out;
  std::shared_ptr<Program> p(new Program());
  p->bytes_ = std::move(bytes);
  Loader loader(*p, p->bytes_.data(), p->bytes_.size(), both, kCodeInHalvesFrom);
  if (!loader.run()) {
    out.error = loader.error();
    return out;
  }
  out.program = std::move(p);
  return out;
}

bool Loader::patterns() {
  secName_ = "SLOTS";
  P.patterns_.resize(P.slots_.size());
  // Each distinct pattern is compiled once (many slots may share one, under
  // one string or several equal ones), and all of them together are bounded:
  // a file cannot make the loader build gigabytes of NFA.
  std::unordered_map<std::string_view, uint32_t> compiledFor; // pattern text -> slot
  size_t instructions = 0;
  for (uint32_t s = 0; s < P.slots_.size(); ++s) {
    const SlotInfo &slot = P.slots_[s];
    if (slot.pattern == kNone) continue;
    const std::string_view text = P.string(slot.pattern);
    auto [it, fresh] = compiledFor.try_emplace(text, s);
    if (!fresh) {
      P.patterns_[s] = P.patterns_[it->second];
      continue;
    }
    auto compiled = Pattern::compile(text);
    if (auto *err = std::get_if<PatternError>(&compiled))
      return failAt(stringFileOffset(slot.pattern),
                    "pattern of slot " + std::to_string(s) + " does not compile: " + err->message);
    P.patterns_[s] = std::get<Pattern>(std::move(compiled));
    instructions += P.patterns_[s].programSize();
    if (instructions > kMaxPatternInstructions)
      return failAt(stringFileOffset(slot.pattern),
                    "the patterns compile to more than " + std::to_string(kMaxPatternInstructions) +
                        " instructions in all (slot " + std::to_string(s) + "'s crosses the limit)");
  }
  return true;
}

std::string Program::textSource(uint32_t i, size_t limit) const {
  std::string out;
  forEachPart(i, [&](TextPart part) {
    if (out.size() > limit) return;
    switch (part.tag) {
    case bc::PartTag::Literal: {
      for (char c : string(part.index)) {
        if (c == '{' || c == '}' || c == '"' || c == '\\') out += '\\';
        if (c == '\n') out += "\\n";
        else out += c;
      }
      break;
    }
    case bc::PartTag::Slot: out += "{" + slotName(part.index) + "}"; break;
    case bc::PartTag::FormNumber:
      out += "{" + std::string(string(forms_[part.index].name)) + ".number}";
      break;
    case bc::PartTag::Price:
      out += "{price " + std::to_string(items_[part.index].code) + "}";
      break;
    case bc::PartTag::InvoiceTotal: out += "{invoice.total}"; break;
    }
  });
  return out;
}

std::string Program::slotName(uint32_t slot) const {
  const SlotInfo &s = slots_[slot];
  std::string out;
  if (s.isField()) {
    out = string(forms_[s.form].name);
    out += '.';
  }
  out += string(s.name);
  return out;
}

uint32_t Program::findSlot(std::string_view name) const {
  for (uint32_t i = 0; i < slots_.size(); ++i) {
    const SlotInfo &s = slots_[i];
    if (!s.isField()) {
      if (string(s.name) == name) return i;
      continue;
    }
    std::string_view form = string(forms_[s.form].name);
    if (name.size() == form.size() + 1 + string(s.name).size() && name.substr(0, form.size()) == form &&
        name[form.size()] == '.' && name.substr(form.size() + 1) == string(s.name))
      return i;
  }
  return kNone;
}

uint32_t Program::findStep(std::string_view id) const {
  for (uint32_t i = 0; i < steps_.size(); ++i)
    if (string(steps_[i].id) == id) return i;
  return kNone;
}

const std::vector<DebugEntry> &Program::debug() const {
  std::call_once(debugOnce_, [this] {
    // Verified by the loader: every varint is well-formed, every entry valid.
    if (debugBegin_ == 0) return; // format 5 without a DEBUG section
    const uint8_t *p = bytes_.data() + debugBegin_;
    const uint64_t n = readVerified(p);
    debug_.resize(n);
    uint32_t off = 0, file = kNone;
    int64_t line = 0;
    for (DebugEntry &e : debug_) {
      off += uint32_t(readVerified(p));
      if (const uint64_t f = readVerified(p)) file = uint32_t(f - 1);
      line += bc::unzigzag(readVerified(p));
      e = DebugEntry{off, file, uint32_t(line)};
    }
  });
  return debug_;
}

const DebugEntry *Program::location(uint32_t codeOffset) const {
  const std::vector<DebugEntry> &entries = debug();
  auto it = std::upper_bound(entries.begin(), entries.end(), codeOffset,
                             [](uint32_t off, const DebugEntry &e) { return off < e.offset; });
  if (it == entries.begin()) return nullptr;
  return &*(it - 1);
}

bool Program::readsClock() const {
  for (std::span<const uint8_t> part : {exprs(), code()})
    for (size_t pc = 0; pc < part.size();) {
      const bc::Instr in = bc::decodeVerified(part.data(), pc);
      if (in.op == bc::Op::TODAY || in.op == bc::Op::NOW) return true;
      pc += in.size;
    }
  return false;
}

} // namespace callflow
