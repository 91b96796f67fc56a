// ProgramBuilder::serialize: code layout (jump offsets relaxed to their
// shortest varints), the sections in order, the section table and the CRC.
#include "callflow/builder.h"

#include <algorithm>

#include "string_coder.h"

namespace callflow {

using bc::Op;
using bc::OperandKind;
using Bytes = std::vector<uint8_t>;

namespace {
void put(Bytes &b, uint64_t v) { bc::writeVarint(b, v); }
void putU32(Bytes &b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}
} // namespace

std::vector<uint8_t> ProgramBuilder::stringSection(const RunBoth &both) const {
  if (compact_) {
    std::vector<std::string_view> all(numStrings());
    for (uint32_t i = 0; i < numStrings(); ++i) all[i] = str(i);
    return codeStringTable(all, both);
  }
  Bytes strs;
  strs.reserve(strData_.size() + 2 * size_t(numStrings()) + 5);
  put(strs, numStrings());
  for (uint32_t i = 0; i < numStrings(); ++i) {
    const std::string_view s = str(i);
    put(strs, s.size());
    strs.insert(strs.end(), s.begin(), s.end());
  }
  return strs;
}

BuildResult ProgramBuilder::serialize(const std::function<std::vector<uint8_t>()> &strings) const {
  BuildResult r;
  auto fail = [&](std::string msg) {
    r.error = std::move(msg);
    return std::move(r);
  };
  if (!error_.empty()) return fail(error_);
  if (inExpr_) return fail("an expression entry is still open");
  if (steps_.empty()) return fail("the program has no steps");
  if (start_ >= steps_.size()) return fail("the start step is not defined");
  for (const Step &s : steps_)
    if (!s.begun) return fail("step " + std::string(str(s.id)) + " has no code");
  // The verifier's limits (bytecode.h): refuse here rather than emit a file
  // that Program::load rejects.
  for (uint32_t i = 0; i < numStrings(); ++i)
    if (str(i).size() > bc::kMaxStringLength)
      return fail("a string of " + std::to_string(str(i).size()) + " bytes exceeds the format's limit of " +
                  std::to_string(bc::kMaxStringLength));
  // The verifier's counts: a clear error naming the limit, never a file
  // that does not verify. (The compiler's checker reports each of these at
  // its construct; distinct strings and texts only the builder can count.)
  auto count = [&](uint64_t have, uint64_t limit, const char *what) {
    if (have <= limit) return true;
    r.error = "the program has " + std::to_string(have) + " " + what + "; the format's limit is " +
              std::to_string(limit);
    return false;
  };
  if (!count(numStrings(), bc::kMaxStrings, "distinct strings") ||
      !count(textOff_.size() - 1, bc::kMaxTexts, "distinct texts") ||
      !count(enums_.size(), bc::kMaxEnums, "enums") || !count(slots_.size(), bc::kMaxSlots, "slots") ||
      !count(forms_.size(), bc::kMaxForms, "forms") || !count(items_.size(), bc::kMaxItems, "catalog items") ||
      !count(sections_.size(), bc::kMaxSections, "sections") ||
      !count(steps_.size(), bc::kMaxSteps, "steps"))
    return r;
  for (const auto &e : enums_)
    if (!count(e.second.size(), bc::kMaxEnumValues, "values in one enum")) return r;
  for (const Slot &s : slots_)
    if (!count(s.suggestions.size(), bc::kMaxSuggestions, "suggestions for one slot")) return r;
  for (const Form &f : forms_)
    if (!count(f.rules.size(), bc::kMaxRules, "rules in one form")) return r;
  for (size_t t = 0; t + 1 < textOff_.size(); ++t) {
    const uint8_t *p = textData_.data() + textOff_[t];
    uint64_t parts = 0;
    if (!bc::readVarint(p, textData_.data() + textOff_[t + 1], parts)) parts = 0; // written above
    if (!count(parts, bc::kMaxTextParts, "parts in one text")) return r;
  }
  const size_t n = code_.size();
  // One pass: operand limits, label targets, and each instruction's size
  // with one byte per jump offset. `jumps` lists the instructions that
  // have a label operand: only their sizes change during layout.
  std::vector<uint32_t> size(n), offset(n + 1), jumps;
  std::string labelError; // reported after every operand limit, as before
  for (size_t i = 0; i < n; ++i) {
    const Pending &p = code_[i];
    const bc::OpInfo &info = bc::opInfo(p.op);
    uint32_t s = 1;
    bool hasLabel = false;
    for (unsigned k = 0; k < p.numOperands; ++k) {
      const OperandKind kind = info.operands[k];
      const int64_t a = operand(p, k);
      if ((kind == OperandKind::Count || kind == OperandKind::Count0) &&
          uint64_t(a) > bc::kMaxListItems)
        return fail(std::string(info.name) + " has " + std::to_string(a) +
                    " items; the format's limit is " + std::to_string(bc::kMaxListItems));
      if (p.isLabel(k)) {
        if (labelError.empty()) {
          if (uint64_t(a) >= labels_.size() || labels_[a] == kNoIndex)
            labelError = std::string(info.name) + " jumps to an unbound label";
          else if (labels_[a] >= n)
            labelError = std::string(info.name) + " jumps past the last instruction";
        }
        hasLabel = true;
        s += 1;
      } else {
        s += bc::varintSize(bc::isSignedOperand(kind) ? bc::zigzag(a) : uint64_t(a));
      }
    }
    size[i] = s;
    if (hasLabel) jumps.push_back(uint32_t(i));
  }
  if (!labelError.empty()) return fail(labelError);

  // Layout: start with one byte per jump offset and grow until stable. Sizes
  // only grow, so distances only grow, so this terminates.
  for (bool changed = true; changed;) {
    changed = false;
    offset[0] = 0;
    for (size_t i = 0; i < n; ++i) offset[i + 1] = offset[i] + size[i];
    for (uint32_t i : jumps) {
      const Pending &p = code_[i];
      const bc::OpInfo &info = bc::opInfo(p.op);
      uint32_t s = 1;
      for (unsigned k = 0; k < p.numOperands; ++k) {
        const int64_t a = operand(p, k);
        uint64_t v;
        if (p.isLabel(k))
          v = bc::zigzag(int64_t(offset[labels_[a]]) - int64_t(offset[i]));
        else
          v = bc::isSignedOperand(info.operands[k]) ? bc::zigzag(a) : uint64_t(a);
        s += bc::varintSize(v);
      }
      if (s != size[i]) {
        size[i] = s;
        changed = true;
      }
    }
  }
  // The layout gave each instruction its size: its bytes are written at
  // its offset, with no test of room a byte. An instruction that does not
  // end where the layout said would be the builder's bug: refused (the
  // room past the end holds any one instruction).
  constexpr size_t kMaxInstrBytes = 1 + 3 * 10; // an opcode, three varints of 64 bits
  static_assert(sizeof(bc::OpInfo::operands) / sizeof(bc::OperandKind) == 3);
  const size_t codeBytes = offset[n];
  Bytes code(codeBytes + kMaxInstrBytes);
  uint8_t *w = code.data();
  for (size_t i = 0; i < n; ++i) {
    const Pending &p = code_[i];
    const bc::OpInfo &info = bc::opInfo(p.op);
    *w++ = uint8_t(p.op);
    for (unsigned k = 0; k < p.numOperands; ++k) {
      const int64_t a = operand(p, k);
      if (p.isLabel(k))
        w = bc::putVarint(w, bc::zigzag(int64_t(offset[labels_[a]]) - int64_t(offset[i])));
      else
        w = bc::putVarint(w, bc::isSignedOperand(info.operands[k]) ? bc::zigzag(a) : uint64_t(a));
    }
    if (w != code.data() + offset[i + 1])
      return fail(std::string("internal error: ") + info.name + " at instruction " + std::to_string(i) +
                  " does not take the bytes its layout gave it");
  }
  code.resize(codeBytes);

  Bytes sec[bc::kSectionCount];
  Bytes &meta = sec[0];
  put(meta, nameStr_);
  put(meta, title_);
  put(meta, start_);
  put(meta, currency_);
  put(meta, source_);

  Bytes &texts = sec[2];
  texts.reserve(textData_.size() + 5);
  put(texts, textOff_.size() - 1);
  texts.insert(texts.end(), textData_.begin(), textData_.end());

  Bytes &enums = sec[3];
  put(enums, enums_.size());
  for (auto &[name, values] : enums_) {
    put(enums, name);
    put(enums, values.size());
    for (auto [vn, vl] : values) {
      put(enums, vn);
      put(enums, vl);
    }
  }
  // The oldest format that holds the program: 3 only when a pattern has a
  // description, 4 when a format-4 construct was added (requireFormat), so
  // a flow without them is written byte for byte as before and still runs
  // on older runtimes.
  // 5 holds all of 4; 6 (item kinds) and 7 (dates and times, with the item
  // kinds of 6) exist only in the compact container.
  uint16_t version = compact_ ? std::max(bc::kCompactFormat, minFormat_) : minFormat_;
  if (!compact_ && minFormat_ >= bc::kCompactFormat)
    return fail(std::string(minFormat_ >= bc::kDateFormat ? "dates and times" : "monthly and percentage catalog items") +
                " need format " + std::to_string(minFormat_) +
                " (the compact container); this program cannot be written in format 2 to 4");
  for (const Slot &s : slots_)
    if (s.pattern != kNoIndex && s.patternDescription != kNoIndex && version < 3) version = 3;
  Bytes &slots = sec[4];
  put(slots, slots_.size());
  for (const Slot &s : slots_) {
    uint16_t flags = s.flags;
    if (s.when != kNoIndex) flags |= bc::kSlotHasWhen;
    if (s.pattern != kNoIndex) flags |= bc::kSlotHasPattern;
    if (s.defaultExpr != kNoIndex) flags |= bc::kSlotHasDefault;
    put(slots, flags);
    if (flags & bc::kSlotIsField) put(slots, s.form);
    put(slots, s.name);
    put(slots, s.label);
    put(slots, bc::encodeType(s.type));
    if (s.when != kNoIndex) put(slots, s.when);
    if (s.pattern != kNoIndex) put(slots, s.pattern);
    if (s.pattern != kNoIndex && version >= 3)
      put(slots, s.patternDescription == kNoIndex ? 0 : uint64_t(s.patternDescription) + 1);
    if (s.defaultExpr != kNoIndex) put(slots, s.defaultExpr);
    put(slots, s.suggestions.size());
    for (uint32_t g : s.suggestions) put(slots, g);
  }
  Bytes &forms = sec[5];
  put(forms, forms_.size());
  for (const Form &f : forms_) {
    put(forms, f.name);
    put(forms, f.label);
    put(forms, f.firstSlot);
    put(forms, f.numFields);
    put(forms, f.rules.size());
    for (auto [m, e] : f.rules) {
      put(forms, m);
      put(forms, e);
    }
  }
  Bytes &items = sec[6];
  put(items, items_.size());
  for (const Item &it : items_) {
    put(items, uint64_t(it.code));
    put(items, it.name);
    if (version >= bc::kItemKindsFormat) put(items, uint64_t(it.kind));
    put(items, uint64_t(it.value));
  }
  Bytes &sections = sec[7];
  put(sections, sections_.size());
  for (auto [t, role] : sections_) {
    put(sections, t);
    put(sections, role);
  }
  Bytes &steps = sec[8];
  put(steps, steps_.size());
  for (size_t i = 0; i < steps_.size(); ++i) {
    const Step &s = steps_[i];
    put(steps, s.id);
    put(steps, s.title);
    put(steps, s.section);
    put(steps, s.role);
    put(steps, offset[labels_[stepLabels_[i]]]);
  }
  sec[9] = exprs_;
  sec[10] = std::move(code);
  Bytes &dbg = sec[11];
  {
    Bytes entries;
    uint64_t count = 0;
    uint32_t prevOff = 0, prevFile = kNoIndex;
    int64_t prevLine = 0;
    for (const Loc &l : locs_) {
      if (l.instr >= n) continue;
      uint32_t off = offset[l.instr];
      if (count > 0 && off == prevOff) continue;
      put(entries, off - prevOff);
      put(entries, l.file == prevFile ? 0 : l.file + 1);
      put(entries, bc::zigzag(int64_t(l.line) - prevLine));
      prevOff = off;
      prevFile = l.file;
      prevLine = l.line;
      ++count;
    }
    put(dbg, count);
    dbg.insert(dbg.end(), entries.begin(), entries.end());
  }

  // Last, so that a STRINGS section made aside has had the longest time.
  sec[1] = strings ? strings() : stringSection();
  Bytes &out = r.bytes;
  if (compact_) {
    // Format 5: magic, version, language byte, varint size, varint mask of
    // the sections present (a table with no entries, EXPRS when empty and
    // DEBUG when empty are left out), a varint length for each, the
    // sections, the CRC.
    Bytes table;
    uint64_t mask = 0;
    uint64_t body = 0;
    for (uint32_t k = 0; k < bc::kSectionCount; ++k) {
      const bool empty = sec[k].empty() || (k != 0 && k != 9 && k != 10 && sec[k].size() == 1 && sec[k][0] == 0);
      if (empty && k != 0 && k != 10) continue; // META and CODE are always there
      mask |= uint64_t(1) << k;
      put(table, sec[k].size());
      body += sec[k].size();
    }
    Bytes maskBytes;
    put(maskBytes, mask);
    const uint64_t fixed = 4 + 2 + 1 + maskBytes.size() + table.size() + body + 4;
    // The size field counts itself: find the size that holds with its own varint.
    uint64_t total = fixed + 1;
    while (fixed + bc::varintSize(total) != total) total = fixed + bc::varintSize(total);
    if (total > bc::kMaxFileSize) return fail("the program is larger than 1 GiB");
    out.reserve(total);
    out.insert(out.end(), bc::kMagic, bc::kMagic + 4);
    out.push_back(uint8_t(version));
    out.push_back(uint8_t(version >> 8));
    out.push_back(uint8_t(language_));
    put(out, total);
    out.insert(out.end(), maskBytes.begin(), maskBytes.end());
    out.insert(out.end(), table.begin(), table.end());
    for (uint32_t k = 0; k < bc::kSectionCount; ++k)
      if ((mask >> k) & 1) out.insert(out.end(), sec[k].begin(), sec[k].end());
    putU32(out, bc::crc32(out.data(), out.size()));
    return r;
  }
  uint32_t headerEnd = bc::kHeaderSize + bc::kSectionCount * bc::kSectionEntrySize;
  uint64_t total = headerEnd + 4;
  for (const Bytes &s : sec) total += s.size();
  if (total > bc::kMaxFileSize) return fail("the program is larger than 1 GiB");
  out.reserve(total);
  out.insert(out.end(), bc::kMagic, bc::kMagic + 4);
  out.push_back(uint8_t(version));
  out.push_back(uint8_t(version >> 8));
  out.push_back(uint8_t(uint16_t(language_)));
  out.push_back(uint8_t(uint16_t(language_) >> 8));
  putU32(out, uint32_t(total));
  putU32(out, bc::kSectionCount);
  uint32_t at = headerEnd;
  for (uint32_t k = 0; k < bc::kSectionCount; ++k) {
    putU32(out, k + 1);
    putU32(out, at);
    putU32(out, uint32_t(sec[k].size()));
    at += uint32_t(sec[k].size());
  }
  for (const Bytes &s : sec) out.insert(out.end(), s.begin(), s.end());
  putU32(out, bc::crc32(out.data(), out.size()));
  return r;
}

} // namespace callflow
