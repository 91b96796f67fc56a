// The callflow bytecode format: constants, the opcode table in C++ form, and
// the low-level readers (varints, instruction decoding, CRC32, UTF-8).
//
// ============================================================================
// Format specification (version 4; version 5 changes the header and STRINGS). docs/bytecode.md is the long form.
// ============================================================================
//
// A compiled flow is one little-endian byte string:
//
//   offset 0   magic "CFBC" (43 46 42 43)
//          4   u16 format version (kFormatVersion)
//          6   u16 language of the flow's own text (kLanguage*: 0 English,
//              1 Russian), decided by the compiler; any other value is
//              rejected. Hosts use it for the words they put around the
//              flow's text (flowrun --lang=auto)
//          8   u32 total size of the file in bytes, CRC included (<= 1 GiB)
//         12   u32 section count (kSectionCount in version 1)
//         16   section table: count x { u32 kind, u32 offset, u32 length }
//              kinds are 1..kSectionCount in ascending order; the sections
//              follow the table back to back in that order (no gaps, no
//              overlap), and the last ends 4 bytes before the end of file
//   size-4     u32 CRC32 (IEEE 802.3, reflected, poly 0xEDB88320, init and
//              final xor 0xFFFFFFFF) of every byte before it
//
// Inside sections every number is an unsigned LEB128 varint (7 bits per byte,
// low group first, high bit = more; at most 10 bytes; no redundant trailing
// zero group). Signed numbers are zigzag-encoded ((n << 1) ^ (n >> 63)).
// An "optional index" is 0 for none and index + 1 otherwise. Each table
// section starts with its entry count. Indexes start at 0.
//
//   1 META      name:str  title:optstr  start:step  currency:optstr
//               source:optstr                  (currency symbol, e.g. "$")
//   2 STRINGS   count, then count x { len, len bytes of UTF-8 }; deduplicated
//   3 TEXTS     count, then count x { nparts, nparts x part }; a part is
//               (index << 3) | tag: tag 0 literal string, 1 slot value,
//               2 form's record number, 3 catalog item's price, 4 invoice
//               total (index 0). Texts are what lines, labels and prompts
//               render from; literals are split into words so that words
//               are shared by the string table.
//   4 ENUMS     count, then { name:str, nvalues (1..), nvalues x
//               { name:str, label:str } }
//   5 SLOTS     count, then { flags, [form], name:str, label:str, type,
//               [when:expr], [pattern:str, (version 3) description:optstr],
//               [default:expr], nsuggest,
//               nsuggest x str }. flags: bit0 field of a form (then form
//               follows), bit1 required, bit2 auto, bit3 unused, bit4 has a
//               required-when condition, bit5 has a pattern, bit6 has a
//               default, bit7 the pattern applies only while the
//               required-when condition holds, bit8 (format 4) sensitive
//               (a varint: then two bytes). type: 0 text, 1 money, 2 number, 3 bool, 4+e enum e.
//               The fields of a form are consecutive slots.
//   6 FORMS     count, then { name:str, label:str, first:slot, nfields,
//               nrules, nrules x { message:str, cond:expr } }
//   7 ITEMS     count, then { code, name:str, price (cents, > 0) }; format 6:
//               { code, name:str, kind, value }: kind 0 one-time and 1
//               monthly (value: the price in cents, 1..kMaxMoney; monthly
//               charges its first period), 2 percentage of the open charges
//               (value: hundredths of a percent, 1..kMaxPercent)
//   8 SECTIONS  count, then { title:str, role:optstr }
//   9 STEPS     count, then { id:str, title:optstr, section:optidx,
//               role:optstr, entry (CODE offset of the step's STEP) }
//  10 EXPRS     expression code: entries of Expr instructions, each ending
//               with RET; an "expr" is the offset of an entry's first byte
//  11 CODE      the flow's instructions; execution starts at the start
//               step's entry
//  12 DEBUG     count, then count x { offset delta, file, line delta } with
//               file 0 = unchanged, else string index + 1; the offset and
//               line deltas are from the previous entry (zigzag line delta)
//
// An instruction is its opcode byte followed by its operands (opcodes.def
// says which). Jump targets are zigzag offsets relative to the start of the
// jumping instruction.
//
// Version history:
//   1  first format (offset 6: u16 flags, always 0).
//   2  offset 6 holds the flow's language (was: flags, 0). Version 1 files
//      are refused ("format version 1 is not supported (expected 2 to 7)"):
//      rebuild them with `flowc build`.
//   3  a slot's pattern is followed by its description (optstr: the words
//      agents see instead of the regex). Writers emit version 3 only when a
//      description is present, else version 2; readers take 2 and 3
//      (kMinFormatVersion).
//   4  the language of "Version 2" (docs/language.md): opcodes after RET
//      (kOpCountFormat3 onwards) and the new slot types, slot flags and
//      catalog item kinds listed where they are defined. Writers emit the
//      lowest version that holds the program (2, 3 or 4), so a flow that
//      uses none of them is written byte for byte as before; readers take
//      2 to 4 and refuse a format-4 construct in a file of an older version.
//   5  the compact container: after the u16 version, a language byte, a
//      varint size, a varint mask of the sections present and a varint
//      length for each (a table section left out has no entries); and the
//      coded STRINGS: count, ncodes (<= kMaxCodes), the codes (a code
//      point, or 2..16 symbols), then each string raw (varint len << 1)
//      or coded (varint len << 1 | 1, symbol bytes: < 0x80 ASCII, else a
//      code; codes past the file's own are kBuiltinCodes). Everything of
//      format 4 is in 5. The builder writes 5 unless setCompact(false).
//   6  a kind for each catalog item in ITEMS (ItemKind: one-time, monthly,
//      percentage). Always the compact container of 5; written only for a
//      flow with a monthly or percentage item.
//   7  dates and times: slot types date (kTypeCodeDate) and time
//      (kTypeCodeTime), the opcodes from PUSH_DATE on, LT/LE/GT/GE also
//      order dates and times. Always the compact container of 5 (with the
//      item kinds of 6); a flow without dates or times is still written as
//      5 or 6.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace callflow::bc {

inline constexpr uint8_t kMagic[4] = {'C', 'F', 'B', 'C'};
inline constexpr uint16_t kFormatVersion = 7;    // the newest this runtime reads
inline constexpr uint16_t kMinFormatVersion = 2; // the oldest it still reads
/// Format 5 (docs/bytecode.md "Format 5"): the compact container (a header
/// of varints, a section table of the sections present only) and the coded
/// string table. Everything format 4 holds, format 5 holds too.
inline constexpr uint16_t kCompactFormat = 5;
/// Format 6: catalog items carry a kind (ItemKind).
inline constexpr uint16_t kItemKindsFormat = 6;
/// Format 7: dates and times (docs/language.md "Dates and times"): the slot
/// types date and time (kTypeCodeDate, kTypeCodeTime) and the opcodes from
/// PUSH_DATE on (kOpCountFormat5). A file that uses none is written as 5
/// (or 6 when it has monthly or percentage items).
inline constexpr uint16_t kDateFormat = 7;
/// Format 5's STRINGS: at most this many code-table entries (code bytes
/// 0x80..0xFF), each expanding to at most kMaxCodeBytes bytes of UTF-8 and
/// naming at most kMaxCodeSymbols symbols.
inline constexpr uint32_t kMaxCodes = 128;
inline constexpr uint32_t kMaxCodeBytes = 64;
inline constexpr uint32_t kMaxCodeSymbols = 16;
/// Format 5: the coded strings of a file decode to at most this many times
/// the STRINGS section's size, plus kCodedSlack bytes (a bound on what a
/// crafted file makes the loader allocate).
inline constexpr uint64_t kMaxCodedExpansion = 16;
inline constexpr uint64_t kCodedSlack = 1u << 16;
/// Format 5's built-in codes: frequent English fragments that every file
/// has without storing them. Code byte 0xFF - e is built-in code e when
/// the file's own code table does not reach it (its own codes take 0x80
/// upwards). Fixed forever: changing one changes every format-5 file.
inline constexpr const char *kBuiltinCodes[kMaxCodes] = {
    "the ", "e ", "s ", "you", "to ", "and ", "of ", "in", "er", "th", "ing ", "d ", "t ", "a ",
    "is ", "for ", "your ", "re", "on", "an", "ou", "y ", "or", "en", "at", "The ", "es", "st",
    "ar", "al", "it", "ed ", ". ", ", ", "le", "ti", "nd", "te", "se", "ng", "ea", "ra", "ro", "ic",
    "co", "de", "ve", "me", "ri", "li", "ch", "ce", "ne", "ll", "ma", "si", "om", "ur", "ca", "el",
    "ta", "la", "ns", "di", "that ", "with ", "this ", "are ", "be ", "will ", "can ", "not ",
    "have ", "please ", "Please ", "number", "call", "customer", "account", "service", "payment",
    "agent", "Thank you", "tion", "ment", "ness", "able", "ould ", "ee", "oo", "ss", "ir", "as",
    "ow", "ly ", "r ", "n ", "o ", "ac", "am", "ge", "ha", "he", "hi", "ho", "id", "il", "im", "io",
    "lo", "mo", "na", "ni", "no", "ol", "op", "os", "ot", "pa", "pe", "pl", "po", "pr", "rs", "ru",
    "sa", "sh", "so",
};
/// The language codes of the header's language field (offset 6).
enum class Language : uint16_t { En = 0, Ru = 1 };
inline constexpr uint16_t kLanguageCount = 2;
inline constexpr uint32_t kHeaderSize = 16;
inline constexpr uint32_t kSectionEntrySize = 12;

enum class SectionKind : uint32_t {
  Meta = 1, Strings, Texts, Enums, Slots, Forms, Items, Sections, Steps, Exprs, Code, Debug
};
inline constexpr uint32_t kSectionCount = 12;
const char *sectionName(SectionKind kind);

// ---- limits (the verifier rejects anything larger) --------------------------
inline constexpr uint64_t kMaxFileSize = 1u << 30;
inline constexpr uint64_t kMaxStrings = 1u << 24;
inline constexpr uint64_t kMaxStringLength = 1u << 20;
inline constexpr uint64_t kMaxTexts = 1u << 24;
inline constexpr uint64_t kMaxTextParts = 4096;
inline constexpr uint64_t kMaxEnums = 65535;
inline constexpr uint64_t kMaxEnumValues = 65535;
inline constexpr uint64_t kMaxSlots = 65535;
inline constexpr uint64_t kMaxForms = 65535;
inline constexpr uint64_t kMaxRules = 255;
inline constexpr uint64_t kMaxItems = 65535;
inline constexpr uint64_t kMaxSections = 65535;
inline constexpr uint64_t kMaxSteps = 1u << 24;
inline constexpr uint64_t kMaxSuggestions = 255;
inline constexpr uint64_t kMaxListItems = 255;  // options of an ASK, ALLOWs
inline constexpr uint64_t kMaxStack = 32;       // expression stack depth
inline constexpr int64_t kMaxMoney = int64_t(1) << 50; // cents, either sign

/// Checked money arithmetic: every amount and every sum or product of
/// amounts is within +-kMaxMoney cents ($11,258,999,068,426.24), or it is
/// no amount at all. False (leaving `out` alone) when an operand or the
/// result is out of that range; never overflows, whatever the operands.
inline bool addMoney(int64_t a, int64_t b, int64_t &out) {
  if (a < -kMaxMoney || a > kMaxMoney || b < -kMaxMoney || b > kMaxMoney) return false;
  const int64_t sum = a + b; // |a + b| <= 2^51: no overflow
  if (sum < -kMaxMoney || sum > kMaxMoney) return false;
  out = sum;
  return true;
}
inline bool mulMoney(int64_t amount, int64_t factor, int64_t &out) {
  if (amount < -kMaxMoney || amount > kMaxMoney) return false;
  if (amount == 0 || factor == 0) {
    out = 0;
    return true;
  }
  const uint64_t a = amount < 0 ? uint64_t(0) - uint64_t(amount) : uint64_t(amount);
  const uint64_t f = factor < 0 ? uint64_t(0) - uint64_t(factor) : uint64_t(factor);
  if (f > uint64_t(kMaxMoney) / a) return false; // |amount x factor| > kMaxMoney
  const int64_t product = int64_t(a * f);
  out = (amount < 0) != (factor < 0) ? -product : product;
  return true;
}

/// A catalog item's kind (format 6; older files hold one-time items only).
/// Monthly items charge their first period; a percentage item is charged,
/// when the call charges it, that many hundredths of a percent of the open
/// charges that are not percentages themselves, rounded half up to cents.
enum class ItemKind : uint8_t { Once = 0, Monthly = 1, Percent = 2 };
inline constexpr uint64_t kItemKindCount = 3;
/// A percentage item's rate, in hundredths of a percent: 0.01% to 100.00%.
inline constexpr int64_t kMaxPercent = 10000;
/// `hundredths` hundredths of a percent of `basis` cents, rounded half away
/// from zero to cents (half up for the positive amounts of a catalog).
/// False when the basis is out of the range of money or the rate is not
/// 1..kMaxPercent; the result is then never larger than the basis.
inline bool percentOf(int64_t basis, int64_t hundredths, int64_t &out) {
  if (basis < -kMaxMoney || basis > kMaxMoney || hundredths < 1 || hundredths > kMaxPercent) return false;
  const uint64_t b = basis < 0 ? uint64_t(0) - uint64_t(basis) : uint64_t(basis);
  const uint64_t h = uint64_t(hundredths);
  // b * h < 2^50 * 2^14: no overflow in 64 bits.
  const uint64_t q = (b * h + 5000) / 10000;
  out = basis < 0 ? -int64_t(q) : int64_t(q);
  return true;
}

/// The keys of ask options (`key 92`, `key "*"`): 1 to kMaxKeyLength phone
/// keys, the digits 0-9, `*` and `#`.
inline constexpr size_t kMaxKeyLength = 16;
inline bool isPhoneKey(std::string_view s) {
  if (s.empty() || s.size() > kMaxKeyLength) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '*' || c == '#')) return false;
  return true;
}

// ---- dates and times (format 7) -----------------------------------------------
/// A date is its day number: days since 1970-01-01 (proleptic Gregorian),
/// from 0001-01-01 to 9999-12-31. A time is minutes since midnight, 0..1439.
inline constexpr int64_t kMinDay = -719162;  // 0001-01-01
inline constexpr int64_t kMaxDay = 2932896;  // 9999-12-31
inline constexpr int64_t kMinutesPerDay = 1440;

// ---- value types ------------------------------------------------------------
/// Date and Time are format 7's; on disk their codes are kTypeCodeDate and
/// kTypeCodeTime (past every enum's code, so older codes keep their meaning).
enum class TypeTag : uint8_t { Text = 0, Money = 1, Number = 2, Bool = 3, Enum = 4, Date = 5, Time = 6 };
/// A slot type: tag, and for Enum the enum index.
struct Type {
  TypeTag tag = TypeTag::Text;
  uint32_t enumIndex = 0;
  friend bool operator==(Type, Type) = default;
};
inline constexpr uint64_t kTypeCodeDate = 4 + kMaxEnums;     // 65539
inline constexpr uint64_t kTypeCodeTime = 4 + kMaxEnums + 1; // 65540
inline uint64_t encodeType(Type t) {
  if (t.tag == TypeTag::Date) return kTypeCodeDate;
  if (t.tag == TypeTag::Time) return kTypeCodeTime;
  return t.tag == TypeTag::Enum ? 4 + uint64_t(t.enumIndex) : uint64_t(t.tag);
}

// The flags are a varint on disk: bits past the first eight take a second
// byte, so a flow that uses none of them is written byte for byte as before.
enum SlotFlags : uint16_t {
  kSlotIsField = 1, kSlotRequired = 2, kSlotAuto = 4, kSlotUnused = 8,
  kSlotHasWhen = 16, kSlotHasPattern = 32, kSlotHasDefault = 64,
  kSlotPatternWhen = 128, // the pattern applies only while the required-when condition holds
  // Format 4: `sensitive` (docs/language.md "Sensitive values"): the value is
  // entered and handed to the host, never shown again nor journaled.
  kSlotSensitive = 256,
};
/// The flags a file of format 2 or 3 may use; format 4 adds kSlotSensitive.
inline constexpr uint16_t kSlotKnownFlags = 255;
inline constexpr uint16_t kSlotKnownFlagsFormat4 = kSlotKnownFlags | kSlotSensitive;
/// What a sensitive value shows wherever it would be displayed (the host
/// still reads it through Session::value()).
inline constexpr const char *kSensitiveMask = "****";

enum class PartTag : uint8_t { Literal = 0, Slot = 1, FormNumber = 2, Price = 3, InvoiceTotal = 4 };
inline constexpr uint32_t kPartTagBits = 3;

// ---- the opcode table ---------------------------------------------------------
enum class Op : uint8_t {
#define CALLFLOW_OPCODE(NAME, CLASS, A, B, C, STACK, FOLLOW, FLOW) NAME,
#include "callflow/opcodes.def"
};
inline constexpr unsigned kOpCount = 0
#define CALLFLOW_OPCODE(NAME, CLASS, A, B, C, STACK, FOLLOW, FLOW) +1
#include "callflow/opcodes.def"
    ;

/// Opcodes numbered from here on are format 4's: a file of an older version
/// that uses one is refused, and the builder writes format 4 when it emits one.
inline constexpr unsigned kOpCountFormat3 = unsigned(Op::RET) + 1;
/// Opcodes numbered from here on are format 7's (dates and times): formats 5
/// and 6 have format 4's opcodes.
inline constexpr unsigned kOpCountFormat5 = unsigned(Op::NEG) + 1;

enum class OpClass : uint8_t { Expr, Stmt, Ret, Item };

/// How an operand is read and checked. Every operand is a varint.
enum class OperandKind : uint8_t {
  None,
  Str,             // string index
  Text,            // text index
  OptText,         // 0 none, else text index + 1
  Step,            // step index
  Slot,            // slot index
  Form,            // form index
  Item,            // catalog item index
  Enum,            // enum index
  EnumValue,       // value index within the Enum operand before it
  EnumValueOfSlot, // value index within the enum of the announcing INPUT's slot
  Flag,            // 0 or 1
  Count,           // 1..kMaxListItems
  Count0,          // 0..kMaxListItems
  Int,             // zigzag signed
  Label,           // zigzag signed offset from the instruction's start
  Key,             // 0 no key, else string index + 1; the string is a phone key (isPhoneKey),
                   // unique among the keys of its list (format 4)
  Day,             // zigzag signed day number, kMinDay..kMaxDay (format 7)
  Minute,          // minutes since midnight, 0..kMinutesPerDay-1 (format 7)
};

/// Operands written zigzag-encoded (signed).
constexpr bool isSignedOperand(OperandKind k) {
  return k == OperandKind::Int || k == OperandKind::Label || k == OperandKind::Day;
}

struct OpInfo {
  const char *name;
  OpClass cls;
  OperandKind operands[3];
  uint8_t numOperands;
  const char *stack; // "pops>pushes", see opcodes.def
  int16_t follow;    // the item opcode that must follow, or -1
  bool stops;        // FLOW is Stop: never continues with the next instruction
};

namespace detail {
inline constexpr int16_t kFollow_None = -1;
inline constexpr bool kFlow_Next = false, kFlow_Stop = true;
#define CALLFLOW_OPCODE(NAME, CLASS, A, B, C, STACK, FOLLOW, FLOW)                     \
  inline constexpr int16_t kFollow_##NAME = int16_t(Op::NAME);
#include "callflow/opcodes.def"
constexpr uint8_t countOperands(OperandKind a, OperandKind b, OperandKind c) {
  return uint8_t((a != OperandKind::None) + (b != OperandKind::None) + (c != OperandKind::None));
}
} // namespace detail

inline constexpr OpInfo kOpInfo[kOpCount] = {
#define CALLFLOW_OPCODE(NAME, CLASS, A, B, C, STACK, FOLLOW, FLOW)                     \
  {#NAME, OpClass::CLASS, {OperandKind::A, OperandKind::B, OperandKind::C},      \
   detail::countOperands(OperandKind::A, OperandKind::B, OperandKind::C), STACK, \
   detail::kFollow_##FOLLOW, detail::kFlow_##FLOW},
#include "callflow/opcodes.def"
};

inline const OpInfo &opInfo(Op op) { return kOpInfo[unsigned(op)]; }

/// One decoded instruction. Signed operands (Int, Label) are already
/// zigzag-decoded; the others hold the raw unsigned value.
struct Instr {
  Op op = Op::END;
  uint32_t size = 0; // bytes, opcode included
  int64_t a[3] = {0, 0, 0};
};

// ---- readers --------------------------------------------------------------------

/// Reads one varint at `p` (not past `end`), advancing `p`. False when it
/// runs past the end, is longer than 10 bytes, overflows 64 bits or has a
/// redundant trailing zero group.
bool readVarint(const uint8_t *&p, const uint8_t *end, uint64_t &out);
/// readVarint with the well-formed one- to three-byte cases inline (every
/// operand and index of a flow below two million entries); the rest, and
/// every malformed varint, go to readVarint.
inline bool readVarintFast(const uint8_t *&p, const uint8_t *end, uint64_t &out) {
  if (p != end && *p < 0x80) {
    out = *p++;
    return true;
  }
  if (end - p >= 3) {
    const uint64_t b0 = p[0] & 0x7f, b1 = p[1];
    if (b1 - 1 < 0x7f) { // 1..0x7f: ends here, not a redundant zero group
      out = b0 | b1 << 7;
      p += 2;
      return true;
    }
    const uint64_t b2 = p[2];
    if (b1 >= 0x80 && b2 - 1 < 0x7f) {
      out = b0 | (b1 & 0x7f) << 7 | b2 << 14;
      p += 3;
      return true;
    }
  }
  return readVarint(p, end, out);
}
inline int64_t unzigzag(uint64_t v) { return int64_t(v >> 1) ^ -int64_t(v & 1); }
inline uint64_t zigzag(int64_t v) { return (uint64_t(v) << 1) ^ uint64_t(v >> 63); }
inline unsigned varintSize(uint64_t v) {
  unsigned n = 1;
  while (v >= 0x80) { v >>= 7; ++n; }
  return n;
}
/// Writes a varint at `out`, which has room for varintSize(v) bytes;
/// returns the byte after it.
inline uint8_t *putVarint(uint8_t *out, uint64_t v) {
  while (v >= 0x80) {
    *out++ = uint8_t(v | 0x80);
    v >>= 7;
  }
  *out++ = uint8_t(v);
  return out;
}
/// Appends a varint to `out` (any container of uint8_t with push_back).
template <class Out> void writeVarint(Out &out, uint64_t v) {
  uint8_t bytes[10]; // a 64-bit value in 7-bit groups
  for (const uint8_t *b = bytes, *end = putVarint(bytes, v); b != end; ++b) out.push_back(*b);
}

enum class DecodeError { None, BadOpcode, Truncated, BadVarint, OutOfRange };

namespace detail {
/// By opcode: bit k set when operand k is written zigzag-encoded.
struct SignedOperands {
  uint8_t mask[kOpCount] = {};
  constexpr SignedOperands() {
    for (unsigned op = 0; op < kOpCount; ++op)
      for (unsigned k = 0; k < kOpInfo[op].numOperands; ++k)
        if (isSignedOperand(kOpInfo[op].operands[k])) mask[op] |= uint8_t(1u << k);
  }
};
inline constexpr SignedOperands kSignedOperands{};
} // namespace detail

/// Decodes the instruction at `code[pc]` (pc < size) and checks only its
/// shape: a known opcode, whole operands, unsigned values below 2^63.
/// Inline: the verifier decodes every instruction of a file once.
inline DecodeError decode(const uint8_t *code, size_t size, size_t pc, Instr &out) {
  const uint8_t opByte = code[pc];
  if (opByte >= kOpCount) return DecodeError::BadOpcode;
  out.op = Op(opByte);
  const unsigned n = kOpInfo[opByte].numOperands, sign = detail::kSignedOperands.mask[opByte];
  const uint8_t *p = code + pc + 1, *end = code + size;
  out.a[0] = out.a[1] = out.a[2] = 0;
  for (unsigned i = 0; i < n; ++i) {
    uint64_t v;
    // A varint cut off by the end of the code fails with `p` at the end.
    if (!readVarintFast(p, end, v)) return p == end ? DecodeError::Truncated : DecodeError::BadVarint;
    if ((sign >> i) & 1) {
      out.a[i] = unzigzag(v);
    } else {
      if (v > uint64_t(INT64_MAX)) return DecodeError::OutOfRange;
      out.a[i] = int64_t(v);
    }
  }
  out.size = uint32_t(p - (code + pc));
  return DecodeError::None;
}
/// The same for code already verified: no checks.
Instr decodeVerified(const uint8_t *code, size_t pc);

/// CRC32 (IEEE) of `n` bytes, continuing from `crc` (0 to start).
uint32_t crc32(const uint8_t *data, size_t n, uint32_t crc = 0);
/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool isValidUtf8(std::string_view s);

/// Appends the UTF-8 encoding of code point `cp` (a valid scalar value).
template <class Out> void appendUtf8(Out &out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(char(cp));
  } else if (cp < 0x800) {
    out.push_back(char(0xC0 | (cp >> 6)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(char(0xE0 | (cp >> 12)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (cp >> 18)));
    out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  }
}

inline uint16_t readU16(const uint8_t *p) { return uint16_t(p[0] | (p[1] << 8)); }
inline uint32_t readU32(const uint8_t *p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

} // namespace callflow::bc
