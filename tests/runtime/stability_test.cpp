// Pins the format: opcode numbers, the format version, magic and section
// kinds. Changing any of these breaks every compiled file in the field: bump
// kFormatVersion, update docs/bytecode.md and this test together.
#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "sample_programs.h"

namespace callflow {
namespace {

TEST(Bytecode, BytecodeIsStable) {
  EXPECT_EQ(bc::kFormatVersion, 1);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(bc::kMagic), 4), "CFBC");
  EXPECT_EQ(bc::kSectionCount, 12u);
  EXPECT_EQ(uint32_t(bc::SectionKind::Code), 11u);
  const char *expected[] = {
      "STEP", "SAY", "NOTE", "DO", "DO_RESULT", "ASK", "OPTION", "INPUT", "ALLOW", "SET",
      "JUMP", "JUMP_IF_NOT", "CREATE", "COMPLETE", "CHARGE_ITEM", "CHARGE_AMOUNT", "INVOICE",
      "PAY", "TRANSFER", "END", "PUSH_SLOT", "PUSH_STR", "PUSH_TEXT", "PUSH_NUMBER",
      "PUSH_MONEY", "PUSH_BOOL", "PUSH_ENUM", "IS_SET", "NOT", "AND", "OR", "EQ", "NE", "LT",
      "LE", "GT", "GE", "RET"};
  ASSERT_EQ(bc::kOpCount, std::size(expected));
  for (unsigned i = 0; i < bc::kOpCount; ++i) EXPECT_STREQ(bc::kOpInfo[i].name, expected[i]) << i;
  EXPECT_EQ(unsigned(bc::Op::SAY), 1u);
  EXPECT_EQ(unsigned(bc::Op::RET), 37u);
}

TEST(Bytecode, Crc32KnownValue) {
  const char *s = "123456789";
  EXPECT_EQ(bc::crc32(reinterpret_cast<const uint8_t *>(s), 9), 0xCBF43926u);
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
