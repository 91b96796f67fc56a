// The verifier, part 1: header, section table, CRC and the table sections.
// Each check fails with the section and the byte offset of what is wrong.
#include "callflow/verifier.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "loader.h"

namespace callflow {

using bc::SectionKind;

std::string LoadError::str() const {
  return section + " at byte " + std::to_string(offset) + ": " + message;
}

bool Loader::failAt(uint64_t offset, std::string msg) {
  err_.section = secName_;
  err_.offset = offset;
  err_.message = std::move(msg);
  return false;
}

namespace {
// What an absent table section of format 5 reads as: an entry count of 0.
const uint8_t kEmptyTable[1] = {0};
bool isTable(SectionKind kind) {
  return kind != SectionKind::Meta && kind != SectionKind::Exprs && kind != SectionKind::Code;
}
} // namespace

void Loader::enter(SectionKind kind) {
  const Range &r = sec_[uint32_t(kind)];
  secName_ = bc::sectionName(kind);
  p_ = base_ + r.begin;
  end_ = base_ + r.end;
  if (r.absent && isTable(kind)) {
    p_ = kEmptyTable;
    end_ = kEmptyTable + 1;
  }
}

uint64_t Loader::stringFileOffset(uint32_t i) const {
  if (version_ < bc::kCompactFormat) return P.stringOffsets_[i];
  return sec_[uint32_t(SectionKind::Strings)].begin; // coded: the table's start
}

bool Loader::numSlow(uint64_t &v, const char *what) {
  const uint8_t *at = p_;
  if (p_ >= end_) return fail(std::string("section ends inside ") + what);
  if (!bc::readVarintFast(p_, end_, v)) {
    p_ = at;
    return fail(std::string("malformed varint in ") + what);
  }
  return true;
}

bool Loader::indexSlow(uint32_t &out, uint64_t limit, const char *what) {
  const uint8_t *at = p_;
  uint64_t v;
  if (!num(v, what)) return false;
  if (v >= limit) {
    p_ = at;
    return fail(std::string(what) + " " + std::to_string(v) + " out of range (" +
                std::to_string(limit) + ")");
  }
  out = uint32_t(v);
  return true;
}

bool Loader::count(uint64_t &n, uint64_t limit, const char *what) {
  const uint8_t *at = p_;
  if (!num(n, what)) return false;
  if (n > limit) {
    p_ = at;
    return fail(std::string(what) + " " + std::to_string(n) + " exceeds the limit " +
                std::to_string(limit));
  }
  // Every entry takes at least one byte: a count larger than what is left
  // is a lie, and must not make us allocate.
  if (n > uint64_t(end_ - p_)) {
    p_ = at;
    return fail(std::string(what) + " " + std::to_string(n) + " is more than the section holds");
  }
  return true;
}

bool Loader::type(bc::Type &t) {
  uint64_t v;
  const uint8_t *at = p_;
  if (!num(v, "type")) return false;
  if (v < 4) {
    t = bc::Type{bc::TypeTag(v), 0};
    return true;
  }
  if ((v == bc::kTypeCodeDate || v == bc::kTypeCodeTime) && version_ >= bc::kDateFormat) {
    t = bc::Type{v == bc::kTypeCodeDate ? bc::TypeTag::Date : bc::TypeTag::Time, 0};
    return true;
  }
  if (v - 4 >= nEnums_) {
    p_ = at;
    return fail("type names enum " + std::to_string(v - 4) + ", out of range (" +
                std::to_string(nEnums_) + ")");
  }
  t = bc::Type{bc::TypeTag::Enum, uint32_t(v - 4)};
  return true;
}

namespace {
/// Names that must be unique (step IDs, variables, forms, enums, ...):
/// add() says which earlier entry had the same name, compared by content
/// (a crafted string table may hold one string twice). A flat open-addressing
/// table of 8-byte slots (a 100k-step program adds 100k IDs on every load);
/// `nameOf(entry)` gives an earlier entry's name back.
class UniqueNames {
public:
  explicit UniqueNames(size_t n) {
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    slots_.resize(cap);
  }
  /// kNone when `name` is new, else the entry that had it.
  template <class NameOf> uint32_t add(std::string_view name, uint32_t entry, NameOf nameOf) {
    uint32_t h = 2166136261u; // FNV-1a
    for (char c : name) h = (h ^ uint8_t(c)) * 16777619u;
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot &s = slots_[i];
      if (s.entry == kNone) {
        s = Slot{h, entry};
        return kNone;
      }
      if (s.hash == h && nameOf(s.entry) == name) return s.entry;
    }
  }

private:
  struct Slot {
    uint32_t hash = 0, entry = kNone;
  };
  std::vector<Slot> slots_; // a power of two long, at most half full
};
} // namespace

bool Loader::finishSection() {
  if (p_ != end_) return fail("unexpected bytes at the end of the section");
  return true;
}

bool Loader::peekCount(SectionKind kind, uint64_t &n) {
  enter(kind);
  return num(n, "entry count");
}

bool Loader::header() {
  secName_ = "header";
  p_ = base_;
  const uint32_t tableEnd = bc::kHeaderSize + bc::kSectionCount * bc::kSectionEntrySize;
  if (size_ < bc::kHeaderSize) return failAt(0, "file too short for a header");
  if (std::memcmp(base_, bc::kMagic, 4) != 0) return failAt(0, "bad magic (not a callflow program)");
  uint16_t version = bc::readU16(base_ + 4);
  if (version < bc::kMinFormatVersion || version > bc::kFormatVersion)
    return failAt(4, "format version " + std::to_string(version) + " is not supported (expected " +
                         std::to_string(bc::kMinFormatVersion) + " to " + std::to_string(bc::kFormatVersion) +
                         ")");
  version_ = version;
  if (version >= bc::kCompactFormat) return compactHeader();
  const uint16_t language = bc::readU16(base_ + 6);
  if (language >= bc::kLanguageCount)
    return failAt(6, "unknown language code " + std::to_string(language));
  P.language_ = bc::Language(language);
  uint32_t total = bc::readU32(base_ + 8);
  if (total != size_)
    return failAt(8, "size field says " + std::to_string(total) + " bytes, file has " +
                         std::to_string(size_));
  if (size_ > bc::kMaxFileSize) return failAt(8, "file larger than the limit");
  if (bc::readU32(base_ + 12) != bc::kSectionCount)
    return failAt(12, "section count " + std::to_string(bc::readU32(base_ + 12)) +
                          " (expected " + std::to_string(bc::kSectionCount) + ")");
  if (size_ < uint64_t(tableEnd) + 4) return failAt(16, "file too short for the section table");
  uint32_t stored = bc::readU32(base_ + size_ - 4);
  uint32_t actual = bc::crc32(base_, size_ - 4);
  if (stored != actual) return failAt(size_ - 4, "CRC32 mismatch (the file is corrupt)");
  secName_ = "section table";
  uint32_t at = tableEnd;
  for (uint32_t k = 0; k < bc::kSectionCount; ++k) {
    const uint8_t *e = base_ + bc::kHeaderSize + k * bc::kSectionEntrySize;
    uint32_t kind = bc::readU32(e), off = bc::readU32(e + 4), len = bc::readU32(e + 8);
    uint64_t entryAt = uint64_t(e - base_);
    if (kind != k + 1)
      return failAt(entryAt, "entry " + std::to_string(k) + " has kind " + std::to_string(kind) +
                                 " (expected " + std::to_string(k + 1) + ")");
    if (off != at)
      return failAt(entryAt + 4, std::string(bc::sectionName(SectionKind(kind))) + " starts at " +
                                     std::to_string(off) + ", expected " + std::to_string(at));
    if (uint64_t(off) + len > size_ - 4)
      return failAt(entryAt + 8, std::string(bc::sectionName(SectionKind(kind))) +
                                     " runs past the end of the file");
    sec_[kind] = Range{off, off + len};
    at = off + len;
  }
  if (at != size_ - 4) return failAt(at, "bytes between the last section and the CRC");
  return true;
}

// Format 5: magic, u16 version, u8 language, varint size, varint mask of
// the sections present, a varint length for each, the sections, the CRC.
bool Loader::compactHeader() {
  const uint8_t language = base_[6];
  if (language >= bc::kLanguageCount) return failAt(6, "unknown language code " + std::to_string(language));
  P.language_ = bc::Language(language);
  // Every varint of the header lies before the CRC: a short file cannot
  // make it read past its end.
  const uint8_t *end = base_ + size_ - 4;
  p_ = base_ + 7;
  uint64_t total;
  if (!bc::readVarint(p_, end, total)) return failAt(7, "malformed size field");
  if (total != size_)
    return failAt(7, "size field says " + std::to_string(total) + " bytes, file has " + std::to_string(size_));
  if (size_ > bc::kMaxFileSize) return failAt(7, "file larger than the limit");
  uint32_t stored = bc::readU32(base_ + size_ - 4);
  uint32_t actual = bc::crc32(base_, size_ - 4);
  if (stored != actual) return failAt(size_ - 4, "CRC32 mismatch (the file is corrupt)");
  secName_ = "section table";
  const uint8_t *maskAt = p_;
  uint64_t mask;
  if (!bc::readVarint(p_, end, mask)) return failAt(uint64_t(maskAt - base_), "malformed section mask");
  constexpr uint64_t kAll = (uint64_t(1) << bc::kSectionCount) - 1;
  constexpr uint64_t kNeeded = (uint64_t(1) << (uint32_t(SectionKind::Meta) - 1)) |
                               (uint64_t(1) << (uint32_t(SectionKind::Code) - 1));
  if ((mask & ~kAll) != 0 || (mask & kNeeded) != kNeeded)
    return failAt(uint64_t(maskAt - base_), "section mask " + std::to_string(mask) +
                                                " names an unknown section or lacks META or CODE");
  uint64_t lengths[bc::kSectionCount] = {};
  uint64_t sum = 0;
  for (uint32_t k = 0; k < bc::kSectionCount; ++k) {
    if (!((mask >> k) & 1)) continue;
    const uint8_t *at = p_;
    if (!bc::readVarint(p_, end, lengths[k]) || lengths[k] == 0 || lengths[k] > size_)
      return failAt(uint64_t(at - base_), std::string("bad length of ") +
                                              bc::sectionName(SectionKind(k + 1)));
    sum += lengths[k];
  }
  uint64_t at = uint64_t(p_ - base_);
  if (at + sum != size_ - 4)
    return failAt(at, "the sections take " + std::to_string(sum) + " bytes, the file has " +
                          std::to_string(size_ - 4 - at) + " between the section table and the CRC");
  for (uint32_t k = 0; k < bc::kSectionCount; ++k) {
    sec_[k + 1] = Range{uint32_t(at), uint32_t(at + lengths[k]), !((mask >> k) & 1)};
    at += lengths[k];
  }
  return true;
}

bool Loader::meta() {
  enter(SectionKind::Meta);
  return index(P.name_, nStrings_, "flow name string") &&
         optIndex(P.title_, nStrings_, "flow title string") &&
         index(P.start_, nSteps_, "start step") &&
         optIndex(P.currency_, nStrings_, "currency string") &&
         optIndex(P.source_, nStrings_, "source file string") && finishSection();
}

bool Loader::strings() {
  if (version_ >= bc::kCompactFormat) return codedStrings();
  P.strBase_ = reinterpret_cast<const char *>(base_);
  enter(SectionKind::Strings);
  uint64_t n;
  if (!count(n, bc::kMaxStrings, "string count")) return false;
  P.stringOffsets_.resize(n);
  P.stringLengths_.resize(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t len;
    const uint8_t *at = p_;
    if (!num(len, "string length")) return false;
    if (len > bc::kMaxStringLength || len > uint64_t(end_ - p_)) {
      p_ = at;
      return fail("string " + std::to_string(i) + " runs past the end of the section");
    }
    std::string_view s(reinterpret_cast<const char *>(p_), len);
    if (!bc::isValidUtf8(s)) return fail("string " + std::to_string(i) + " is not valid UTF-8");
    P.stringOffsets_[i] = uint32_t(p_ - base_);
    P.stringLengths_[i] = uint32_t(len);
    p_ += len;
  }
  return finishSection();
}

// Format 5's STRINGS: count, the code table, the strings, each raw or coded
// (docs/bytecode.md "Format 5"). Every string is decoded here into the
// program's own buffer; a coded one is valid UTF-8 by construction (each
// code is a code point or a run of ASCII and earlier codes).
bool Loader::codedStrings() {
  enter(SectionKind::Strings);
  uint64_t n, ncodes;
  if (!count(n, bc::kMaxStrings, "string count")) return false;
  const uint8_t *at = p_;
  if (!num(ncodes, "code count")) return false;
  if (ncodes > bc::kMaxCodes) {
    p_ = at;
    return fail("code count " + std::to_string(ncodes) + " exceeds the limit " + std::to_string(bc::kMaxCodes));
  }
  // The expansions of the 128 codes, each in a slot of kMaxCodeBytes (a
  // code is copied as a whole slot, then the output moves by its length):
  // the file's own (0 .. ncodes - 1) and the built-in ones above them.
  char codeText[bc::kMaxCodes * bc::kMaxCodeBytes] = {};
  uint32_t codeLen[bc::kMaxCodes];
  auto codePtr = [&](uint32_t j) { return codeText + j * bc::kMaxCodeBytes; };
  for (uint32_t j = uint32_t(ncodes); j < bc::kMaxCodes; ++j) {
    const char *builtin = bc::kBuiltinCodes[bc::kMaxCodes - 1 - j];
    codeLen[j] = uint32_t(std::strlen(builtin));
    std::memcpy(codePtr(j), builtin, codeLen[j]);
  }
  for (uint32_t j = 0; j < ncodes; ++j) {
    uint64_t h;
    at = p_;
    if (!num(h, "code")) return false;
    char *text = codePtr(j);
    if (h & 1) {
      const uint64_t cp = h >> 1;
      if (cp < 0x80 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        p_ = at;
        return fail("code " + std::to_string(j) + " is not a non-ASCII Unicode scalar value");
      }
      std::string u;
      bc::appendUtf8(u, uint32_t(cp));
      std::memcpy(text, u.data(), u.size());
      codeLen[j] = uint32_t(u.size());
      continue;
    }
    const uint64_t m = h >> 1;
    if (m < 2 || m > bc::kMaxCodeSymbols || m > uint64_t(end_ - p_)) {
      p_ = at;
      return fail("code " + std::to_string(j) + " has " + std::to_string(m) + " symbols (2 to " +
                  std::to_string(bc::kMaxCodeSymbols) + ")");
    }
    uint32_t len = 0;
    for (uint64_t k = 0; k < m; ++k, ++p_) {
      const uint8_t sym = *p_;
      const char *from = reinterpret_cast<const char *>(p_);
      uint32_t symLen = 1;
      if (sym >= 0x80) {
        const uint32_t c = sym - 0x80u;
        if (c >= j && c < ncodes)
          return fail("code " + std::to_string(j) + " names code " + std::to_string(c) +
                      ", neither an earlier nor a built-in one");
        from = codePtr(c);
        symLen = codeLen[c];
      }
      if (len + symLen > bc::kMaxCodeBytes)
        return fail("code " + std::to_string(j) + " expands to more than " + std::to_string(bc::kMaxCodeBytes) +
                    " bytes");
      std::memcpy(text + len, from, symLen);
      len += symLen;
    }
    codeLen[j] = len;
  }
  const uint32_t maxCodeLen = std::max(1u, *std::max_element(codeLen, codeLen + bc::kMaxCodes));
  const uint64_t budget = bc::kMaxCodedExpansion * uint64_t(end_ - (base_ + sec_[uint32_t(SectionKind::Strings)].begin)) +
                          bc::kCodedSlack;
  P.stringOffsets_.resize(n);
  P.stringLengths_.resize(n);
  // The strings are written into `out` through a pointer, `used` bytes so
  // far; room() grows it first (doubling, but not far past the budget), so
  // a crafted file cannot make it allocate much more than the budget.
  std::string &out = P.decoded_;
  uint64_t used = 0;
  constexpr uint64_t kPiece = uint64_t(1) << 16; // output bytes between checks
  auto room = [&](uint64_t more) {
    if (out.size() - used < more)
      out.resize(std::max<uint64_t>(used + more,
                                     std::min<uint64_t>(2 * out.size(), budget + kPiece + bc::kMaxCodeBytes)));
  };
  room(std::min<uint64_t>(2 * uint64_t(end_ - p_), budget));
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t h;
    at = p_;
    if (!num(h, "string length")) return false;
    const uint64_t len = h >> 1;
    if (len > bc::kMaxStringLength || len > uint64_t(end_ - p_)) {
      p_ = at;
      return fail("string " + std::to_string(i) + " runs past the end of the section");
    }
    const uint64_t start = used;
    P.stringOffsets_[i] = uint32_t(start);
    if (!(h & 1)) { // raw UTF-8
      std::string_view s(reinterpret_cast<const char *>(p_), len);
      if (!bc::isValidUtf8(s)) return fail("string " + std::to_string(i) + " is not valid UTF-8");
      room(len);
      std::memcpy(out.data() + used, s.data(), len);
      used += len;
      p_ += len;
    } else { // coded: a piece at a time, checked after each
      for (const uint8_t *e = p_ + len; p_ < e;) {
        const uint8_t *pieceEnd = p_ + std::min<uint64_t>(uint64_t(e - p_), kPiece / maxCodeLen);
        room(uint64_t(pieceEnd - p_) * maxCodeLen + bc::kMaxCodeBytes);
        char *w = out.data() + used;
        for (; p_ < pieceEnd; ++p_) {
          const uint8_t c = *p_;
          if (c < 0x80) { // ASCII stands for itself
            *w++ = char(c);
          } else { // every code byte names a code: the file's or a built-in one
            std::memcpy(w, codePtr(c - 0x80u), bc::kMaxCodeBytes);
            w += codeLen[c - 0x80u];
          }
        }
        used = uint64_t(w - out.data());
        if (used - start > bc::kMaxStringLength || used > budget) break;
      }
      if (used - start > bc::kMaxStringLength) {
        p_ = at;
        return fail("string " + std::to_string(i) + " decodes to more than " +
                    std::to_string(bc::kMaxStringLength) + " bytes");
      }
    }
    if (used > budget) {
      p_ = at;
      return fail("the strings decode to more than " + std::to_string(budget) + " bytes");
    }
    P.stringLengths_[i] = uint32_t(used - start);
  }
  out.resize(used);
  P.strBase_ = out.data();
  return finishSection();
}

bool Loader::texts() {
  enter(SectionKind::Texts);
  uint64_t n;
  if (!count(n, bc::kMaxTexts, "text count")) return false;
  P.textOffsets_.resize(n);
  P.textOpStart_.resize(n + 1);
  const uint64_t limits[] = {nStrings_, nSlots_, nForms_, nItems_, 1};
  static const char *const names[] = {"literal string", "slot", "form", "catalog item",
                                      "invoice total"};
  // Joined literal runs may repeat words many times over: bound them by the
  // file's size, past which runs are rendered word by word.
  const uint64_t joinBudget = std::min<uint64_t>(4 * uint64_t(size_) + 65536, uint64_t(1) << 31);
  constexpr uint32_t kMaxRun = 1u << 28;
  std::vector<uint32_t> &ops = P.textOps_;
  std::string &joined = P.joined_;
  for (uint64_t i = 0; i < n; ++i) {
    P.textOffsets_[i] = uint32_t(p_ - base_);
    P.textOpStart_[i] = uint32_t(ops.size());
    uint64_t parts;
    if (!count(parts, bc::kMaxTextParts, "text part count")) return false;
    // The pending literal run: one string (file offset, length), or a run
    // already joined at joined[runAt..].
    uint32_t runWords = 0, runOff = 0, runLen = 0, runAt = 0;
    auto flush = [&] {
      if (runWords == 1) {
        ops.push_back(runLen << 3 | Program::kOpString);
        ops.push_back(runOff);
      } else if (runWords > 1) {
        ops.push_back(uint32_t(joined.size() - runAt) << 3 | Program::kOpJoined);
        ops.push_back(runAt);
      }
      runWords = 0;
    };
    for (uint64_t k = 0; k < parts; ++k) {
      uint64_t v;
      const uint8_t *at = p_;
      if (!num(v, "text part")) return false;
      uint64_t tag = v & 7, idx = v >> bc::kPartTagBits;
      if (tag > uint64_t(bc::PartTag::InvoiceTotal)) {
        p_ = at;
        return fail("text " + std::to_string(i) + " has a part with unknown tag " +
                    std::to_string(tag));
      }
      if (idx >= limits[tag]) {
        p_ = at;
        return fail("text " + std::to_string(i) + ": " + names[tag] + " " + std::to_string(idx) +
                    " out of range (" + std::to_string(limits[tag]) + ")");
      }
      if (tag != uint64_t(bc::PartTag::Literal)) {
        flush();
        ops.push_back(uint32_t(idx) << 3 | uint32_t(tag));
        continue;
      }
      const uint32_t off = P.stringOffsets_[idx], len = P.stringLengths_[idx];
      const char *str = P.strBase_ + off;
      const uint64_t runSize = runWords > 1 ? joined.size() - runAt : runLen;
      if (runWords > 0 && runSize + len < kMaxRun && joined.size() + len + runLen <= joinBudget) {
        if (runWords == 1) {
          runAt = uint32_t(joined.size());
          joined.append(P.strBase_ + runOff, runLen);
        }
        joined.append(str, len);
        ++runWords;
        continue;
      }
      flush();
      runWords = 1;
      runOff = off;
      runLen = len;
    }
    flush();
  }
  P.textOpStart_[n] = uint32_t(ops.size());
  return finishSection();
}

bool Loader::enums() {
  enter(SectionKind::Enums);
  uint64_t n;
  if (!count(n, bc::kMaxEnums, "enum count")) return false;
  P.enums_.resize(n);
  UniqueNames names(n);
  auto enumName = [&](uint32_t k) { return P.string(P.enums_[k].name); };
  for (uint64_t i = 0; i < n; ++i) {
    EnumInfo &e = P.enums_[i];
    uint64_t nv;
    const uint8_t *at = p_;
    if (!index(e.name, nStrings_, "enum name string")) return false;
    if (uint32_t was = names.add(P.string(e.name), uint32_t(i), enumName); was != kNone) {
      p_ = at;
      return fail("enum " + std::to_string(i) + " has the name of enum " + std::to_string(was) + ", '" +
                  std::string(P.string(e.name)) + "'");
    }
    if (!count(nv, bc::kMaxEnumValues, "enum value count")) return false;
    if (nv == 0) return fail("enum " + std::to_string(i) + " has no values");
    e.firstValue = uint32_t(P.enumValues_.size());
    e.numValues = uint32_t(nv);
    UniqueNames values(nv);
    auto valueName = [&](uint32_t j) { return P.string(P.enumValues_[e.firstValue + j].name); };
    for (uint64_t k = 0; k < nv; ++k) {
      EnumValueInfo v;
      at = p_;
      if (!index(v.name, nStrings_, "enum value name string")) return false;
      if (uint32_t was = values.add(P.string(v.name), uint32_t(k), valueName); was != kNone) {
        p_ = at;
        return fail("value " + std::to_string(k) + " of enum " + std::to_string(i) + " has the name of value " +
                    std::to_string(was) + ", '" + std::string(P.string(v.name)) + "'");
      }
      if (!index(v.label, nStrings_, "enum value label string")) return false;
      P.enumValues_.push_back(v);
    }
  }
  return finishSection();
}

bool Loader::slots() {
  enter(SectionKind::Slots);
  uint64_t n;
  if (!count(n, bc::kMaxSlots, "slot count")) return false;
  P.slots_.resize(n);
  UniqueNames variables(n); // fields are unique within their form (forms())
  auto slotName = [&](uint32_t k) { return P.string(P.slots_[k].name); };
  for (uint64_t i = 0; i < n; ++i) {
    SlotInfo &s = P.slots_[i];
    const uint8_t *at = p_;
    uint64_t flags;
    if (!num(flags, "slot flags")) return false;
    if (flags & ~uint64_t(version_ >= 4 ? bc::kSlotKnownFlagsFormat4 : bc::kSlotKnownFlags)) {
      p_ = at;
      return fail("slot " + std::to_string(i) + " has unknown flags");
    }
    if ((flags & bc::kSlotPatternWhen) &&
        (flags & (bc::kSlotHasPattern | bc::kSlotHasWhen)) != (bc::kSlotHasPattern | bc::kSlotHasWhen)) {
      p_ = at;
      return fail("slot " + std::to_string(i) + " has a conditional pattern without a pattern and a condition");
    }
    s.flags = uint16_t(flags);
    s.form = kNone;
    s.when = s.pattern = s.defaultExpr = s.patternDescription = kNone;
    if ((flags & bc::kSlotIsField) && !index(s.form, nForms_, "slot's form")) return false;
    at = p_;
    if (!index(s.name, nStrings_, "slot name string")) return false;
    if (!s.isField())
      if (uint32_t was = variables.add(P.string(s.name), uint32_t(i), slotName); was != kNone) {
        p_ = at;
        return fail("slot " + std::to_string(i) + " is a second variable '" + std::string(P.string(s.name)) +
                    "' (slot " + std::to_string(was) + ")");
      }
    if (!index(s.label, nStrings_, "slot label string") || !type(s.type)) return false;
    if (flags & bc::kSlotHasWhen) {
      uint64_t where = uint64_t(p_ - base_);
      if (!index(s.when, UINT32_MAX, "required-when expression")) return false;
      exprUses_.push_back({s.when, true, {}, where, "required-when condition"});
    }
    if ((flags & bc::kSlotHasPattern) && !index(s.pattern, nStrings_, "pattern string"))
      return false;
    if ((flags & bc::kSlotHasPattern) && version_ >= 3 &&
        !optIndex(s.patternDescription, nStrings_, "pattern description string"))
      return false;
    if (flags & bc::kSlotHasDefault) {
      uint64_t where = uint64_t(p_ - base_);
      if (!index(s.defaultExpr, UINT32_MAX, "default expression")) return false;
      exprUses_.push_back({s.defaultExpr, false, s.type, where, "default value"});
    }
    uint64_t ns;
    if (!count(ns, bc::kMaxSuggestions, "suggestion count")) return false;
    s.firstSuggestion = uint32_t(P.suggestions_.size());
    s.numSuggestions = uint32_t(ns);
    for (uint64_t k = 0; k < ns; ++k) {
      uint32_t str;
      if (!index(str, nStrings_, "suggestion string")) return false;
      P.suggestions_.push_back(str);
    }
  }
  return finishSection();
}

bool Loader::forms() {
  enter(SectionKind::Forms);
  uint64_t n;
  if (!count(n, bc::kMaxForms, "form count")) return false;
  P.forms_.resize(n);
  UniqueNames names(n);
  auto formName = [&](uint32_t k) { return P.string(P.forms_[k].name); };
  auto slotName = [&](uint32_t k) { return P.string(P.slots_[k].name); };
  for (uint64_t i = 0; i < n; ++i) {
    FormInfo &f = P.forms_[i];
    uint64_t nf, nr;
    const uint8_t *nameAt = p_;
    if (!index(f.name, nStrings_, "form name string")) return false;
    if (uint32_t was = names.add(P.string(f.name), uint32_t(i), formName); was != kNone) {
      p_ = nameAt;
      return fail("form " + std::to_string(i) + " has the name of form " + std::to_string(was) + ", '" +
                  std::string(P.string(f.name)) + "'");
    }
    if (!index(f.label, nStrings_, "form label string") ||
        !index(f.firstSlot, nSlots_ + 1, "form's first slot"))
      return false;
    const uint8_t *at = p_;
    if (!num(nf, "field count")) return false;
    if (nf > nSlots_ - f.firstSlot) {
      p_ = at;
      return fail("form " + std::to_string(i) + " has fields past the last slot");
    }
    f.numFields = uint32_t(nf);
    UniqueNames fields(nf);
    for (uint32_t s = f.firstSlot; s < f.firstSlot + f.numFields; ++s) {
      if (P.slots_[s].form != i) {
        p_ = at;
        return fail("form " + std::to_string(i) + " claims slot " + std::to_string(s) +
                    ", which is not one of its fields");
      }
      if (uint32_t was = fields.add(P.string(P.slots_[s].name), s, slotName); was != kNone) {
        p_ = at;
        return fail("form " + std::to_string(i) + " has two fields '" + std::string(P.string(P.slots_[s].name)) +
                    "' (slots " + std::to_string(was) + " and " + std::to_string(s) + ")");
      }
    }
    if (!count(nr, bc::kMaxRules, "rule count")) return false;
    f.firstRule = uint32_t(P.rules_.size());
    f.numRules = uint32_t(nr);
    for (uint64_t k = 0; k < nr; ++k) {
      RuleInfo r;
      if (!index(r.message, nStrings_, "rule message string")) return false;
      uint64_t where = uint64_t(p_ - base_);
      if (!index(r.cond, UINT32_MAX, "rule expression")) return false;
      exprUses_.push_back({r.cond, true, {}, where, "rule condition"});
      P.rules_.push_back(r);
    }
  }
  if (!finishSection()) return false;
  for (uint32_t s = 0; s < P.slots_.size(); ++s) {
    const SlotInfo &slot = P.slots_[s];
    if (!slot.isField()) continue;
    const FormInfo &f = P.forms_[slot.form];
    if (s < f.firstSlot || s >= f.firstSlot + f.numFields)
      return failAt(sec_[uint32_t(SectionKind::Slots)].begin,
                    "slot " + std::to_string(s) + " says it is a field of form " +
                        std::to_string(slot.form) + ", which does not list it");
  }
  return true;
}

bool Loader::items() {
  enter(SectionKind::Items);
  uint64_t n;
  if (!count(n, bc::kMaxItems, "item count")) return false;
  P.items_.resize(n);
  std::unordered_map<uint64_t, uint32_t> codes;
  codes.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    ItemInfo &it = P.items_[i];
    uint64_t code, price;
    const uint8_t *codeAt = p_;
    if (!num(code, "item code")) return false;
    if (code > uint64_t(INT64_MAX)) {
      p_ = codeAt;
      return fail("item code out of range (at most 2^63 - 1)");
    }
    if (auto [was, fresh] = codes.try_emplace(code, uint32_t(i)); !fresh) {
      p_ = codeAt;
      return fail("item " + std::to_string(i) + " has the code of item " + std::to_string(was->second) + ", " +
                  std::to_string(code));
    }
    if (!index(it.name, nStrings_, "item name string")) return false;
    uint64_t kind = uint64_t(bc::ItemKind::Once);
    if (version_ >= bc::kItemKindsFormat) {
      const uint8_t *kindAt = p_;
      if (!num(kind, "item kind")) return false;
      if (kind >= bc::kItemKindCount) {
        p_ = kindAt;
        return fail("item " + std::to_string(i) + " has kind " + std::to_string(kind) +
                    " (known: 0 one-time, 1 monthly, 2 percentage)");
      }
    }
    const uint8_t *at = p_;
    if (!num(price, kind == uint64_t(bc::ItemKind::Percent) ? "item percentage" : "item price")) return false;
    if (kind == uint64_t(bc::ItemKind::Percent)) {
      if (price == 0 || price > uint64_t(bc::kMaxPercent)) {
        p_ = at;
        return fail("item " + std::to_string(i) + " has a percentage of " + std::to_string(price) +
                    " hundredths, outside 1.." + std::to_string(bc::kMaxPercent));
      }
    } else if (price == 0 || price > uint64_t(bc::kMaxMoney)) {
      p_ = at;
      return fail("item " + std::to_string(i) + " has price " + std::to_string(price) +
                  " cents, outside 1.." + std::to_string(bc::kMaxMoney));
    }
    it.code = int64_t(code);
    it.kind = bc::ItemKind(kind);
    if (it.kind == bc::ItemKind::Percent) {
      it.price = 0;
      it.percent = int64_t(price);
    } else {
      it.price = int64_t(price);
      it.percent = 0;
    }
  }
  return finishSection();
}

bool Loader::sections() {
  enter(SectionKind::Sections);
  uint64_t n;
  if (!count(n, bc::kMaxSections, "section count")) return false;
  P.sections_.resize(n);
  for (uint64_t i = 0; i < n; ++i)
    if (!index(P.sections_[i].title, nStrings_, "section title string") ||
        !optIndex(P.sections_[i].role, nStrings_, "section role string"))
      return false;
  return finishSection();
}

bool Loader::steps() {
  enter(SectionKind::Steps);
  uint64_t n;
  if (!count(n, bc::kMaxSteps, "step count")) return false;
  P.steps_.resize(n);
  const Range &code = sec_[uint32_t(SectionKind::Code)];
  UniqueNames ids(n);
  auto stepId = [&](uint32_t k) { return P.string(P.steps_[k].id); };
  for (uint64_t i = 0; i < n; ++i) {
    StepInfo &s = P.steps_[i];
    const uint8_t *at = p_;
    if (!index(s.id, nStrings_, "step id string")) return false;
    if (uint32_t was = ids.add(P.string(s.id), uint32_t(i), stepId); was != kNone) {
      p_ = at;
      return fail("step " + std::to_string(i) + " has the ID of step " + std::to_string(was) + ", '" +
                  std::string(P.string(s.id)) + "'");
    }
    if (!optIndex(s.title, nStrings_, "step title string") ||
        !optIndex(s.section, nSections_, "step's section") ||
        !optIndex(s.role, nStrings_, "step role string") ||
        !index(s.entry, code.end - code.begin, "step entry offset"))
      return false;
    if (s.role == kNone && s.section != kNone) s.role = P.sections_[s.section].role;
  }
  return finishSection();
}

bool Loader::run() {
  if (!header()) return false;
  if (!peekCount(SectionKind::Strings, nStrings_) || !peekCount(SectionKind::Texts, nTexts_) ||
      !peekCount(SectionKind::Enums, nEnums_) || !peekCount(SectionKind::Slots, nSlots_) ||
      !peekCount(SectionKind::Forms, nForms_) || !peekCount(SectionKind::Items, nItems_) ||
      !peekCount(SectionKind::Sections, nSections_) || !peekCount(SectionKind::Steps, nSteps_))
    return false;
  return meta() && strings() && texts() && enums() && slots() && forms() && items() &&
         sections() && steps() && exprs() && code() && debug() && patterns();
}

std::optional<LoadError> verifyBytecode(std::span<const uint8_t> bytes, const RunBoth &both,
                                        uint32_t halvesFrom) {
  // The tables the loader fills, over the caller's bytes: nothing of them
  // outlives this call, so the file is not copied (Program::bytes_ stays
  // empty; the loader reads only through its own base pointer).
  Program p;
  Loader loader(p, bytes.data(), bytes.size(), both, halvesFrom);
  if (loader.run()) return std::nullopt;
  return loader.error();
}

} // namespace callflow
