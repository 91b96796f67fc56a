// Pins the format: opcode numbers, the format version, magic and section
// kinds. Changing any of these breaks every compiled file in the field: bump
// kFormatVersion, update docs/bytecode.md and this test together.
#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "sample_programs.h"

namespace callflow {
namespace {

TEST(Bytecode, BytecodeIsStable) {
  EXPECT_EQ(bc::kFormatVersion, 7);
  EXPECT_EQ(bc::kItemKindsFormat, 6);
  EXPECT_EQ(uint8_t(bc::ItemKind::Once), 0);
  EXPECT_EQ(uint8_t(bc::ItemKind::Monthly), 1);
  EXPECT_EQ(uint8_t(bc::ItemKind::Percent), 2);
  EXPECT_EQ(bc::kCompactFormat, 5);
  EXPECT_EQ(bc::kDateFormat, 7);
  EXPECT_EQ(bc::kTypeCodeDate, 65539u);
  EXPECT_EQ(bc::kTypeCodeTime, 65540u);
  // Format 5's built-in codes mean the same in every file: pinned.
  std::string builtin;
  for (const char *c : bc::kBuiltinCodes) builtin += std::string(c) + "|";
  EXPECT_EQ(bc::crc32(reinterpret_cast<const uint8_t *>(builtin.data()), builtin.size()), 4197485777u) << builtin;
  EXPECT_STREQ(bc::kBuiltinCodes[0], "the ");
  EXPECT_STREQ(bc::kBuiltinCodes[127], "so");
  EXPECT_EQ(uint16_t(bc::Language::En), 0);
  EXPECT_EQ(uint16_t(bc::Language::Ru), 1);
  EXPECT_EQ(bc::kMinFormatVersion, 2);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(bc::kMagic), 4), "CFBC");
  EXPECT_EQ(bc::kSectionCount, 12u);
  EXPECT_EQ(uint32_t(bc::SectionKind::Code), 11u);
  const char *expected[] = {
      "STEP", "SAY", "NOTE", "DO", "DO_RESULT", "ASK", "OPTION", "INPUT", "ALLOW", "SET",
      "JUMP", "JUMP_IF_NOT", "CREATE", "COMPLETE", "CHARGE_ITEM", "CHARGE_AMOUNT", "INVOICE",
      "PAY", "TRANSFER", "END", "PUSH_SLOT", "PUSH_STR", "PUSH_TEXT", "PUSH_NUMBER",
      "PUSH_MONEY", "PUSH_BOOL", "PUSH_ENUM", "IS_SET", "NOT", "AND", "OR", "EQ", "NE", "LT",
      "LE", "GT", "GE", "RET",
      // format 4
      "ASK_KEYED", "OPTION_KEY", "ADD", "SUB", "MUL", "MUL_MONEY", "DIV", "DIV_MONEY",
      "NEG",
      // format 7 (format 6 added no opcode)
      "PUSH_DATE", "PUSH_TIME", "TODAY", "NOW", "ADD_DAYS", "ADD_MONTHS", "DAYS_BETWEEN",
      "MONTHS_BETWEEN", "YEARS_BETWEEN"};
  ASSERT_EQ(bc::kOpCount, std::size(expected));
  for (unsigned i = 0; i < bc::kOpCount; ++i) EXPECT_STREQ(bc::kOpInfo[i].name, expected[i]) << i;
  EXPECT_EQ(bc::kOpCountFormat3, 38u);
  EXPECT_EQ(bc::kOpCountFormat5, 47u);
  EXPECT_EQ(unsigned(bc::Op::SAY), 1u);
  EXPECT_EQ(unsigned(bc::Op::RET), 37u);
}

TEST(Bytecode, Crc32KnownValue) {
  const char *s = "123456789";
  EXPECT_EQ(bc::crc32(reinterpret_cast<const uint8_t *>(s), 9), 0xCBF43926u);
}

TEST(Bytecode, Crc32MatchesTheBitwiseDefinition) {
  // The table-driven CRC folds eight bytes at a time: check it against the
  // definition (bit by bit) at every length and alignment around the
  // eight-byte steps, and that it continues from a partial CRC.
  auto reference = [](const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; ++i) {
      c ^= p[i];
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
  };
  std::vector<uint8_t> data(300);
  uint32_t x = 12345;
  for (uint8_t &b : data) b = uint8_t((x = x * 1103515245u + 12345u) >> 16);
  for (size_t start = 0; start < 9; ++start)
    for (size_t n = 0; start + n <= data.size(); n += (n < 40 ? 1 : 37))
      ASSERT_EQ(bc::crc32(data.data() + start, n), reference(data.data() + start, n))
          << "start " << start << " length " << n;
  for (size_t cut = 0; cut <= data.size(); cut += 13)
    EXPECT_EQ(bc::crc32(data.data() + cut, data.size() - cut, bc::crc32(data.data(), cut)),
              reference(data.data(), data.size()));
}

TEST(Bytecode, Utf8Validation) {
  // Long ASCII runs are checked eight bytes at a time; a bad byte anywhere
  // in them must still be found.
  std::string s(100, 'a');
  EXPECT_TRUE(bc::isValidUtf8(s));
  for (size_t i = 0; i < s.size(); ++i) {
    std::string t = s;
    t[i] = char(0xC3); // a lead byte without its continuation
    EXPECT_FALSE(bc::isValidUtf8(t)) << i;
    t[i] = char(0x80);
    EXPECT_FALSE(bc::isValidUtf8(t)) << i;
  }
  EXPECT_TRUE(bc::isValidUtf8(s + "\xC3\xA9" + s));
  EXPECT_FALSE(bc::isValidUtf8(s + "\xC0\xAF" + s)); // overlong
  EXPECT_FALSE(bc::isValidUtf8(s + "\xED\xA0\x80" + s)); // surrogate
}

TEST(Bytecode, Varints) {
  std::vector<uint8_t> b;
  bc::writeVarint(b, 300);
  EXPECT_EQ(b, (std::vector<uint8_t>{0xAC, 0x02}));
  const uint8_t *p = b.data();
  uint64_t v = 0;
  ASSERT_TRUE(bc::readVarint(p, b.data() + b.size(), v));
  EXPECT_EQ(v, 300u);
  const uint8_t overlong[] = {0x80, 0x00};
  p = overlong;
  EXPECT_FALSE(bc::readVarint(p, overlong + 2, v));
  const uint8_t tooBig[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
  p = tooBig;
  EXPECT_FALSE(bc::readVarint(p, tooBig + 10, v));
  EXPECT_EQ(bc::unzigzag(bc::zigzag(-5)), -5);
  EXPECT_EQ(bc::zigzag(-1), 1u);
}

TEST(Bytecode, GoldenDisassembly) {
  Loaded l = Program::load(testing::buildMinimal());
  ASSERT_TRUE(l) << l.error.str();
  EXPECT_EQ(disassemble(*l.program), R"(flow minimal
start A

code

step A "Only step"
0000  STEP A
0002  SAY t0 ["Hello."]                                   ; minimal.flow:3
0004  END -
)");
}

TEST(Bytecode, DisassemblyOfTheSampleShowsOperandsInline) {
  Loaded l = Program::load(testing::buildPaygFlow());
  ASSERT_TRUE(l) << l.error.str();
  std::string d = disassemble(*l.program);
  EXPECT_NE(d.find("SAY t0 [\"Hello. My name is {agent}.\"]"), std::string::npos) << d;
  EXPECT_NE(d.find("ASK t2 [\"Remote Support Session?\"] 2"), std::string::npos) << d;
  EXPECT_NE(d.find("ALLOW Plan.managed"), std::string::npos) << d;
  EXPECT_NE(d.find("CHARGE_ITEM item 320"), std::string::npos) << d;
  EXPECT_NE(d.find("; payg.flow:20"), std::string::npos) << d;
  EXPECT_NE(d.find("field Ticket.asset \"Add Asset\" : text required when expr"), std::string::npos) << d;
}

} // namespace
} // namespace callflow
