// ProgramBuilder: collects tables and instructions and serializes them in
// the format bytecode.h specifies (layout with jump relaxation, CRC32).
#include "callflow/builder.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace callflow {

using bc::Op;
using bc::OperandKind;

ProgramBuilder::ProgramBuilder() { nameStr_ = addString("flow"); }

void ProgramBuilder::setFlow(std::string_view name, std::string_view title) {
  nameStr_ = addString(name);
  title_ = title.empty() ? 0 : addString(title) + 1;
}

/// A fast hash of a byte string, 8 bytes at a time (only the interning
/// tables' layout depends on it, never the output).
uint32_t ProgramBuilder::hashBytes(const void *data, size_t n) {
  const auto *s = static_cast<const unsigned char *>(data);
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t(n) * 0xff51afd7ed558ccdull);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, s, 8);
    h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
    h ^= h >> 31;
    s += 8;
    n -= 8;
  }
  if (n) {
    uint64_t w = 0;
    std::memcpy(&w, s, n);
    h = (h ^ w) * 0x94d049bb133111ebull;
    h ^= h >> 29;
  }
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return uint32_t(h);
}

template <class Same>
uint32_t ProgramBuilder::IndexSet::findOrInsert(uint32_t hash, uint32_t next, Same same) {
  if ((count + 1) * 2 > table.size()) grow();
  const size_t mask = table.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Entry &e = table[i];
    if (e.index == kNoIndex) {
      e.index = next;
      e.hash = hash;
      ++count;
      return next;
    }
    if (e.hash == hash && same(e.index)) return e.index;
  }
}

void ProgramBuilder::IndexSet::grow() {
  std::vector<Entry> old = std::move(table);
  table.assign(old.empty() ? 256 : old.size() * 2, Entry{});
  const size_t mask = table.size() - 1;
  for (const Entry &e : old) {
    if (e.index == kNoIndex) continue;
    size_t i = e.hash & mask;
    while (table[i].index != kNoIndex) i = (i + 1) & mask;
    table[i] = e;
  }
}

uint32_t ProgramBuilder::addString(std::string_view s) {
  const uint32_t next = numStrings();
  const uint32_t i = strSet_.findOrInsert(hashBytes(s.data(), s.size()), next,
                                          [&](uint32_t k) { return str(k) == s; });
  if (i == next) {
    strData_.append(s);
    strOff_.push_back(uint32_t(strData_.size()));
  }
  return i;
}

namespace {
/// The end of the word of `s` that starts at `i`: its non-spaces, then the
/// spaces after them.
size_t wordEnd(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && s[j] != ' ') ++j;
  while (j < s.size() && s[j] == ' ') ++j;
  return j;
}
} // namespace

LiteralWords literalWords(std::string_view s) {
  LiteralWords w;
  for (size_t i = 0; i < s.size();) {
    const size_t j = wordEnd(s, i);
    ++w.count;
    w.longest = std::max(w.longest, j - i);
    i = j;
  }
  return w;
}

uint32_t ProgramBuilder::textLiteral(std::string_view s) {
  if (s.empty()) return kNoLiteral;
  if (compact_ && s.size() <= kWholeLiteral) {
    // Format 5 codes the string table: a whole literal is one string and
    // one part, and what words it shares with others the codes share.
    const uint32_t str = addString(s);
    textParts_.push_back(str << bc::kPartTagBits);
    return str << 1;
  }
  const uint32_t next = uint32_t(litOff_.size() - 1);
  const uint32_t lit = litSet_.findOrInsert(hashBytes(s.data(), s.size()), next, [&](uint32_t k) {
    return std::string_view(litData_).substr(litOff_[k], litOff_[k + 1] - litOff_[k]) == s;
  });
  if (lit == next) {
    // Split into words, each keeping the spaces that follow it.
    size_t i = 0;
    while (i < s.size()) {
      const size_t j = wordEnd(s, i); // as literalWords counts them
      litWords_.push_back(addString(s.substr(i, j - i)));
      i = j;
    }
    litData_.append(s);
    litOff_.push_back(uint32_t(litData_.size()));
    litWordOff_.push_back(uint32_t(litWords_.size()));
  }
  for (uint32_t w = litWordOff_[lit]; w < litWordOff_[lit + 1]; ++w)
    textParts_.push_back(litWords_[w] << bc::kPartTagBits);
  return lit << 1 | 1;
}

uint32_t ProgramBuilder::endText() {
  textEnc_.clear();
  bc::writeVarint(textEnc_, textParts_.size());
  for (uint32_t v : textParts_) bc::writeVarint(textEnc_, v);
  const uint32_t next = uint32_t(textOff_.size() - 1);
  const uint32_t i = textSet_.findOrInsert(
      hashBytes(textEnc_.data(), textEnc_.size()), next, [&](uint32_t k) {
        return textOff_[k + 1] - textOff_[k] == textEnc_.size() &&
               std::memcmp(textData_.data() + textOff_[k], textEnc_.data(), textEnc_.size()) == 0;
      });
  if (i == next) {
    textData_.insert(textData_.end(), textEnc_.begin(), textEnc_.end());
    textOff_.push_back(uint32_t(textData_.size()));
  }
  return i;
}

uint32_t ProgramBuilder::addText(const std::vector<TextPiece> &pieces) {
  beginText();
  for (const TextPiece &p : pieces) {
    if (p.tag == bc::PartTag::Literal) textLiteral(p.literal);
    else textPart(p.tag, p.index);
  }
  return endText();
}

uint32_t ProgramBuilder::addEnum(std::string_view name,
                                 const std::vector<std::pair<std::string, std::string>> &values) {
  std::vector<std::pair<uint32_t, uint32_t>> vs;
  for (auto &[n, l] : values) vs.emplace_back(addString(n), addString(l.empty() ? n : l));
  enums_.emplace_back(addString(name), std::move(vs));
  return uint32_t(enums_.size() - 1);
}

ProgramBuilder::Slot ProgramBuilder::makeSlot(const SlotSpec &spec, uint32_t form) {
  Slot s;
  s.form = form;
  s.name = addString(spec.name);
  s.label = addString(spec.label.empty() ? spec.name : spec.label);
  s.type = spec.type;
  s.flags = uint16_t((form != kNoIndex ? bc::kSlotIsField : 0) |
                     (spec.required ? bc::kSlotRequired : 0) |
                     (spec.isAuto ? bc::kSlotAuto : 0) | (spec.unused ? bc::kSlotUnused : 0) |
                     (spec.pattern && spec.patternOnlyWhen ? bc::kSlotPatternWhen : 0) |
                     (spec.sensitive ? bc::kSlotSensitive : 0));
  if (spec.sensitive) requireFormat(4);
  if (spec.type.tag == bc::TypeTag::Date || spec.type.tag == bc::TypeTag::Time) requireFormat(bc::kDateFormat);
  if (spec.pattern) s.pattern = addString(*spec.pattern);
  if (spec.pattern && spec.patternDescription) s.patternDescription = addString(*spec.patternDescription);
  for (auto &sug : spec.suggestions) s.suggestions.push_back(addString(sug));
  return s;
}

uint32_t ProgramBuilder::addVariable(const SlotSpec &spec) {
  slots_.push_back(makeSlot(spec, kNoIndex));
  return uint32_t(slots_.size() - 1);
}

uint32_t ProgramBuilder::addForm(std::string_view name, std::string_view label) {
  Form f;
  f.name = addString(name);
  f.label = addString(label.empty() ? name : label);
  f.firstSlot = uint32_t(slots_.size());
  forms_.push_back(std::move(f));
  return uint32_t(forms_.size() - 1);
}

uint32_t ProgramBuilder::addField(uint32_t form, const SlotSpec &spec) {
  Form &f = forms_.at(form);
  if (f.firstSlot + f.numFields != slots_.size() && error_.empty())
    error_ = "fields of form " + std::string(str(f.name)) + " are not consecutive";
  slots_.push_back(makeSlot(spec, form));
  ++f.numFields;
  return uint32_t(slots_.size() - 1);
}

void ProgramBuilder::addRule(uint32_t form, std::string_view message, uint32_t condExpr) {
  forms_.at(form).rules.emplace_back(addString(message), condExpr);
}

uint32_t ProgramBuilder::addItem(int64_t code, std::string_view name, int64_t value, bc::ItemKind kind) {
  items_.push_back(Item{code, addString(name), value, kind});
  if (kind != bc::ItemKind::Once) requireFormat(bc::kItemKindsFormat);
  return uint32_t(items_.size() - 1);
}

uint32_t ProgramBuilder::addSection(std::string_view title, std::string_view role) {
  sections_.emplace_back(addString(title), role.empty() ? 0 : addString(role) + 1);
  return uint32_t(sections_.size() - 1);
}

uint32_t ProgramBuilder::addStep(std::string_view id, std::string_view title, uint32_t section,
                                 std::string_view role) {
  Step s{addString(id), title.empty() ? 0 : addString(title) + 1,
         section == kNoIndex ? 0 : section + 1, role.empty() ? 0 : addString(role) + 1};
  steps_.push_back(s);
  stepLabels_.push_back(newLabel().id);
  return uint32_t(steps_.size() - 1);
}

uint32_t ProgramBuilder::beginExpr() {
  inExpr_ = true;
  return uint32_t(exprs_.size());
}

void ProgramBuilder::endExpr() {
  emitRET();
  inExpr_ = false;
}

Label ProgramBuilder::newLabel() {
  labels_.push_back(kNoIndex);
  return Label{uint32_t(labels_.size() - 1)};
}

bool ProgramBuilder::bind(Label l) {
  if (l.id >= labels_.size() || labels_[l.id] != kNoIndex) return false;
  labels_[l.id] = uint32_t(code_.size());
  return true;
}

bool ProgramBuilder::beginStep(uint32_t step) {
  if (step >= steps_.size() || steps_[step].begun) return false;
  if (!bind(stepLabel(step))) return false;
  steps_[step].begun = true;
  emitSTEP(step);
  return true;
}

bool ProgramBuilder::patch(InstrRef at, unsigned operand, Label target) {
  if (at.index >= code_.size() || operand >= 3 || !code_[at.index].isLabel(operand) ||
      target.id >= labels_.size())
    return false;
  setOperand(code_[at.index], operand, target.id);
  return true;
}

void ProgramBuilder::setOperand(Pending &p, unsigned k, int64_t v) {
  if (v >= INT32_MIN && v <= INT32_MAX) {
    p.a[k] = int32_t(v);
    p.wide &= uint8_t(~(1u << k));
  } else {
    p.a[k] = int32_t(wide_.size());
    p.wide |= uint8_t(1u << k);
    wide_.push_back(v);
  }
}

void ProgramBuilder::setLocation(std::string_view file, uint32_t line) {
  // Consecutive locations are almost always in the same file.
  setLocationString(locFile_ == kNoIndex || file != str(locFile_) ? addString(file) : locFile_, line);
}

void ProgramBuilder::setLocationString(uint32_t file, uint32_t line) {
  if (file >= numStrings()) {
    if (error_.empty()) error_ = "a location's file is string " + std::to_string(file) + ", not in the table";
    return;
  }
  locFile_ = file;
  if (!locs_.empty() && locs_.back().instr == code_.size()) {
    locs_.back().file = file;
    locs_.back().line = line;
  } else {
    locs_.push_back({uint32_t(code_.size()), file, line});
  }
}

InstrRef ProgramBuilder::emit(Op op, std::initializer_list<Operand> operands) {
  const bc::OpInfo &info = bc::opInfo(op);
  if (unsigned(op) >= bc::kOpCountFormat3) requireFormat(4);
  if (unsigned(op) >= bc::kOpCountFormat5) requireFormat(bc::kDateFormat);
  int64_t value[3] = {0, 0, 0};
  uint8_t labels = 0;
  unsigned i = 0;
  for (const Operand &o : operands) {
    if (i >= 3) break;
    bool wantLabel = info.operands[i] == OperandKind::Label;
    if (wantLabel != o.isLabel && error_.empty())
      error_ = std::string(info.name) + ": operand " + std::to_string(i) +
               (wantLabel ? " must be a label" : " must not be a label");
    value[i] = o.value;
    if (o.isLabel) labels |= uint8_t(1u << i);
    ++i;
  }
  if (i != info.numOperands && error_.empty())
    error_ = std::string(info.name) + ": wrong operand count";
  if (inExpr_) {
    if (info.cls != bc::OpClass::Expr && info.cls != bc::OpClass::Ret && error_.empty())
      error_ = std::string(info.name) + " in an expression entry";
    exprs_.push_back(uint8_t(op));
    for (unsigned k = 0; k < info.numOperands; ++k) {
      bool sgn = bc::isSignedOperand(info.operands[k]);
      bc::writeVarint(exprs_, sgn ? bc::zigzag(value[k]) : uint64_t(value[k]));
    }
    return InstrRef{};
  }
  Pending p{op, info.numOperands, labels, 0, {0, 0, 0}};
  for (unsigned k = 0; k < info.numOperands; ++k)
    setOperand(p, k, value[k]);
  code_.push_back(p);
  return InstrRef{uint32_t(code_.size() - 1)};
}

} // namespace callflow
