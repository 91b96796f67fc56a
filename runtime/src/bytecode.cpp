// Low-level readers of the bytecode format: varints, instruction decoding
// driven by the opcode table, CRC32 and UTF-8 validation.
#include "callflow/bytecode.h"

#include <array>
#include <cstring>

namespace callflow::bc {

const char *sectionName(SectionKind kind) {
  switch (kind) {
  case SectionKind::Meta: return "META";
  case SectionKind::Strings: return "STRINGS";
  case SectionKind::Texts: return "TEXTS";
  case SectionKind::Enums: return "ENUMS";
  case SectionKind::Slots: return "SLOTS";
  case SectionKind::Forms: return "FORMS";
  case SectionKind::Items: return "ITEMS";
  case SectionKind::Sections: return "SECTIONS";
  case SectionKind::Steps: return "STEPS";
  case SectionKind::Exprs: return "EXPRS";
  case SectionKind::Code: return "CODE";
  case SectionKind::Debug: return "DEBUG";
  }
  return "?";
}

bool readVarint(const uint8_t *&p, const uint8_t *end, uint64_t &out) {
  uint64_t v = 0;
  for (unsigned i = 0; i < 10; ++i) {
    if (p == end) return false;
    uint8_t b = *p++;
    if (i == 9 && b > 1) return false; // more than 64 bits
    v |= uint64_t(b & 0x7f) << (7 * i);
    if (!(b & 0x80)) {
      if (b == 0 && i > 0) return false; // redundant trailing zero group
      out = v;
      return true;
    }
  }
  return false;
}

Instr decodeVerified(const uint8_t *code, size_t pc) {
  Instr out;
  out.op = Op(code[pc]);
  const unsigned n = kOpInfo[code[pc]].numOperands, sign = detail::kSignedOperands.mask[code[pc]];
  const uint8_t *p = code + pc + 1;
  for (unsigned i = 0; i < n; ++i) {
    uint64_t v = *p++;
    if (v & 0x80) {
      v &= 0x7f;
      unsigned shift = 7;
      uint8_t b;
      do {
        b = *p++;
        v |= uint64_t(b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
    }
    out.a[i] = (sign >> i) & 1 ? unzigzag(v) : int64_t(v);
  }
  out.size = uint32_t(p - (code + pc));
  return out;
}

namespace {
// Slicing-by-8: table k maps a byte to its CRC contribution k bytes further
// on, so eight bytes are folded per step (a 4 MB program is checked in about
// a millisecond instead of eight).
using CrcTables = std::array<std::array<uint32_t, 256>, 8>;
constexpr CrcTables makeCrcTables() {
  CrcTables t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; ++i)
    for (int k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xff];
  return t;
}
constexpr CrcTables kCrc = makeCrcTables();
} // namespace

uint32_t crc32(const uint8_t *data, size_t n, uint32_t crc) {
  crc = ~crc;
  for (; n >= 8; n -= 8, data += 8) {
    const uint32_t lo = crc ^ readU32(data), hi = readU32(data + 4);
    crc = kCrc[7][lo & 0xff] ^ kCrc[6][(lo >> 8) & 0xff] ^ kCrc[5][(lo >> 16) & 0xff] ^
          kCrc[4][lo >> 24] ^ kCrc[3][hi & 0xff] ^ kCrc[2][(hi >> 8) & 0xff] ^
          kCrc[1][(hi >> 16) & 0xff] ^ kCrc[0][hi >> 24];
  }
  for (; n > 0; --n) crc = kCrc[0][(crc ^ *data++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

bool isValidUtf8(std::string_view s) {
  const auto *p = reinterpret_cast<const unsigned char *>(s.data());
  const auto *end = p + s.size();
  while (p < end) {
    while (end - p >= 8) { // ASCII, eight bytes at a time
      uint64_t w;
      std::memcpy(&w, p, 8);
      if (w & 0x8080808080808080u) break;
      p += 8;
    }
    if (p == end) break;
    unsigned char c = *p;
    if (c < 0x80) { ++p; continue; }
    unsigned n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    if (size_t(end - p) <= n) return false;
    for (unsigned i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += n + 1;
  }
  return true;
}

} // namespace callflow::bc
