// The verifier: one hand-made broken file per rule; each must be rejected
// with the right section and a message naming what is wrong.
#include <functional>

#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "sample_programs.h"

namespace callflow {
namespace {

using testing::Bytes;
using bc::Op;
using bc::TypeTag;

/// Expects `file` rejected in `section` with a message containing `what`.
void expectRejected(const Bytes &file, const std::string &section, const std::string &what) {
  std::optional<LoadError> err = verifyBytecode(file);
  ASSERT_TRUE(err.has_value()) << "accepted, expected: " << what;
  EXPECT_EQ(err->section, section) << err->str();
  EXPECT_NE(err->message.find(what), std::string::npos) << err->str();
  EXPECT_LE(err->offset, file.size());
}

/// A program with variables text t, number n, enum e (values a, b) and one
/// step "S" begun; `body` emits the rest.
Bytes build(const std::function<void(ProgramBuilder &)> &body) {
  ProgramBuilder b;
  b.setCompact(false); // the legacy container, which splitSections takes apart
  uint32_t en = b.addEnum("E", {{"a", ""}, {"b", ""}});
  b.addVariable({"t", "", {TypeTag::Text, 0}});
  b.addVariable({"n", "", {TypeTag::Number, 0}});
  b.addVariable({"e", "", {TypeTag::Enum, en}});
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  body(b);
  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}
constexpr uint32_t kT = 0, kN = 1, kE = 2;

/// The minimal program with its CODE replaced (and no debug entries).
Bytes withCode(Bytes code) {
  auto s = testing::splitSections(testing::buildMinimal());
  s[10] = std::move(code);
  s[11] = {0};
  return testing::assemble(s);
}
uint8_t op(Op o) { return uint8_t(o); }

TEST(Verifier, AcceptsWellFormedPrograms) {
  EXPECT_FALSE(verifyBytecode(testing::buildPaygFlow()).has_value());
  EXPECT_FALSE(verifyBytecode(testing::buildMinimal()).has_value());
  EXPECT_FALSE(verifyBytecode(withCode({op(Op::STEP), 0, op(Op::END), 0})).has_value());
}

TEST(Verifier, Header) {
  Bytes good = testing::buildMinimal();
  expectRejected(Bytes(good.begin(), good.begin() + 10), "header", "too short");
  Bytes f = good;
  f[0] = 'X';
  testing::fixCrc(f);
  expectRejected(f, "header", "bad magic");
  f = good;
  f[4] = 8;
  testing::fixCrc(f);
  expectRejected(f, "header", "format version 8 is not supported");
  f = good;
  f[4] = 0;
  testing::fixCrc(f);
  expectRejected(f, "header", "format version 0 is not supported");
  // A version 1 file (before the language field) is refused by name.
  f = good;
  f[4] = 1;
  testing::fixCrc(f);
  expectRejected(f, "header", "format version 1 is not supported (expected 2 to 7)");
  // The language field: 0 English and 1 Russian load, anything else not.
  f = good;
  f[6] = 1;
  testing::fixCrc(f);
  {
    Loaded ru = Program::load(f);
    ASSERT_TRUE(ru) << ru.error.str();
    EXPECT_EQ(ru.program->language(), bc::Language::Ru);
  }
  EXPECT_EQ(Program::load(good).program->language(), bc::Language::En);
  f[6] = 2;
  testing::fixCrc(f);
  expectRejected(f, "header", "unknown language code 2");
  f = good;
  f[7] = 1;
  testing::fixCrc(f);
  expectRejected(f, "header", "unknown language code 256");
  f = good;
  f[8] ^= 1;
  testing::fixCrc(f);
  expectRejected(f, "header", "size field");
  f = good;
  f[12] = 11;
  testing::fixCrc(f);
  expectRejected(f, "header", "section count 11");
}

TEST(Verifier, Crc) {
  Bytes f = testing::buildMinimal();
  f[f.size() / 2] ^= 0x10;
  expectRejected(f, "header", "CRC32 mismatch");
}

TEST(Verifier, SectionTable) {
  Bytes good = testing::buildMinimal();
  Bytes f = good;
  f[bc::kHeaderSize] = 2; // first entry claims kind 2
  testing::fixCrc(f);
  expectRejected(f, "section table", "has kind 2");
  f = good;
  f[bc::kHeaderSize + 12 + 4] += 1; // STRINGS starts one byte late: a gap
  testing::fixCrc(f);
  expectRejected(f, "section table", "STRINGS starts at");
  f = good;
  f[bc::kHeaderSize + 11 * 12 + 8] += 1; // DEBUG runs over the CRC
  testing::fixCrc(f);
  expectRejected(f, "section table", "runs past the end");
}

TEST(Verifier, Strings) {
  auto s = testing::splitSections(testing::buildMinimal());
  Bytes bad = s[1];
  // The first string is "flow": make its first byte an invalid UTF-8 lead.
  bad[2] = 0xFF;
  auto t = s;
  t[1] = bad;
  expectRejected(testing::assemble(t), "STRINGS", "not valid UTF-8");
  t = s;
  t[1][1] = 0x7F; // the first string's length runs off the section
  expectRejected(testing::assemble(t), "STRINGS", "runs past the end of the section");
  t = s;
  t[1].push_back(0);
  expectRejected(testing::assemble(t), "STRINGS", "unexpected bytes at the end");
}

/// The minimal program in format 5 with its STRINGS section written anew:
/// its own strings raw, then `extra` (each a raw or a coded string's
/// bytes), with the file's codes `codes` (each its symbols).
Bytes withCodedStrings(const std::vector<std::pair<bool, Bytes>> &extra,
                       const std::vector<Bytes> &codes) {
  const Bytes good = testing::buildMinimal(/*compact=*/true);
  Loaded l = Program::load(good);
  EXPECT_TRUE(l) << l.error.str();
  std::vector<Bytes> sections;
  for (uint32_t k = 1; k <= bc::kSectionCount; ++k) { // the kinds count from 1
    auto [begin, end] = testing::sectionRange(good, bc::SectionKind(k));
    sections.emplace_back(good.begin() + long(begin), good.begin() + long(end));
  }
  Bytes &strings = sections[uint32_t(bc::SectionKind::Strings) - 1];
  strings.clear();
  bc::writeVarint(strings, l.program->numStrings() + extra.size());
  bc::writeVarint(strings, codes.size());
  for (const Bytes &c : codes) {
    bc::writeVarint(strings, c.size() << 1); // a code of c.size() symbols
    strings.insert(strings.end(), c.begin(), c.end());
  }
  for (uint32_t i = 0; i < l.program->numStrings(); ++i) {
    std::string_view s = l.program->string(i);
    bc::writeVarint(strings, s.size() << 1);
    strings.insert(strings.end(), s.begin(), s.end());
  }
  for (const auto &[coded, bytes] : extra) {
    bc::writeVarint(strings, bytes.size() << 1 | (coded ? 1 : 0));
    strings.insert(strings.end(), bytes.begin(), bytes.end());
  }
  return testing::assemble5(sections);
}

TEST(Verifier, CodedStrings) {
  // Code 0 is sixteen 'a's, code 1 four code 0s: 64 bytes, the most a code
  // may expand to.
  const std::vector<Bytes> codes = {Bytes(16, 'a'), Bytes(4, 0x80)};
  Loaded l = Program::load(withCodedStrings({{true, {0x81, 'b', 0x80, 0xFF}}}, codes));
  ASSERT_TRUE(l) << l.error.str();
  const Program &P = *l.program;
  EXPECT_EQ(P.string(uint32_t(P.numStrings() - 1)),
            std::string(64, 'a') + "b" + std::string(16, 'a') + bc::kBuiltinCodes[0]);
  // A string of 16,400 code bytes decodes to 1,049,600 bytes: past a
  // string's limit when the section is large enough for its budget
  // (sixteen times its size), past the budget when it is not.
  const Bytes big(16400, 0x81);
  expectRejected(withCodedStrings({{false, Bytes(65536, 'x')}, {true, big}}, codes), "STRINGS",
                 "decodes to more than 1048576 bytes");
  expectRejected(withCodedStrings({{true, big}}, codes), "STRINGS", "the strings decode to more than");
  // Within both: the same code bytes, a few at a time.
  l = Program::load(withCodedStrings({{false, Bytes(65536, 'x')}, {true, Bytes(16000, 0x81)}}, codes));
  ASSERT_TRUE(l) << l.error.str();
  EXPECT_EQ(l.program->string(uint32_t(l.program->numStrings() - 1)), std::string(1024000, 'a'));
  // Code 0 may not name code 1 (the file's too): codes name earlier ones.
  expectRejected(withCodedStrings({}, {Bytes{0x81, 'a'}, Bytes{'a', 'b'}}), "STRINGS",
                 "code 0 names code 1, neither an earlier nor a built-in one");
}

TEST(Verifier, TextsIndexes) {
  auto s = testing::splitSections(testing::buildMinimal());
  // TEXTS: count 1, one part: literal string 99.
  s[2] = {1, 1, uint8_t(((99 << 3) & 0x7f) | 0x80), uint8_t((99 << 3) >> 7)};
  expectRejected(testing::assemble(s), "TEXTS", "literal string 99 out of range");
  s[2] = {1, 1, 5};
  expectRejected(testing::assemble(s), "TEXTS", "unknown tag 5");
  s[2] = {1, 1, 1}; // slot 0 in a program with no slots
  expectRejected(testing::assemble(s), "TEXTS", "slot 0 out of range");
}

TEST(Verifier, DuplicateNames) {
  // Names the host looks things up by are unique: step IDs, variables,
  // fields within a form, forms, enums, the values of an enum, item codes.
  auto program = [](const std::function<void(ProgramBuilder &)> &tables, int steps = 1) {
    ProgramBuilder b;
    b.setCompact(false);
    tables(b);
    for (int i = 0; i < steps; ++i) {
      EXPECT_TRUE(b.beginStep(b.addStep("S" + std::to_string(i))));
      if (i + 1 == steps) b.emitEND(0);
    }
    BuildResult r = b.serialize();
    EXPECT_TRUE(r) << r.error;
    return r.bytes;
  };
  const bc::Type text{TypeTag::Text, 0};
  // The same names in different places are fine.
  EXPECT_FALSE(verifyBytecode(program([&](ProgramBuilder &b) {
                 b.addVariable({"code", "", text});
                 b.addField(b.addForm("Ticket", ""), {"code", "", text});
                 b.addField(b.addForm("Case", ""), {"code", "", text});
                 b.addEnum("Plan", {{"a", ""}, {"b", ""}});
                 b.addEnum("Level", {{"a", ""}, {"b", ""}});
               })).has_value());
  expectRejected(program([&](ProgramBuilder &b) {
                   b.addVariable({"code", "", text});
                   b.addVariable({"code", "", text});
                 }),
                 "SLOTS", "slot 1 is a second variable 'code' (slot 0)");
  expectRejected(program([&](ProgramBuilder &b) {
                   const uint32_t f = b.addForm("Ticket", "");
                   b.addField(f, {"code", "", text});
                   b.addField(f, {"code", "", text});
                 }),
                 "FORMS", "form 0 has two fields 'code' (slots 0 and 1)");
  expectRejected(program([&](ProgramBuilder &b) {
                   b.addForm("Ticket", "");
                   b.addForm("Ticket", "");
                 }),
                 "FORMS", "form 1 has the name of form 0, 'Ticket'");
  expectRejected(program([&](ProgramBuilder &b) {
                   b.addEnum("Plan", {{"a", ""}});
                   b.addEnum("Plan", {{"b", ""}});
                 }),
                 "ENUMS", "enum 1 has the name of enum 0, 'Plan'");
  expectRejected(program([&](ProgramBuilder &b) { b.addEnum("Plan", {{"a", "A"}, {"b", ""}, {"a", "B"}}); }),
                 "ENUMS", "value 2 of enum 0 has the name of value 0, 'a'");
  expectRejected(program([&](ProgramBuilder &b) {
                   b.addItem(310, "One", 100);
                   b.addItem(310, "Two", 200);
                 }),
                 "ITEMS", "item 1 has the code of item 0, 310");
  // Steps: built with distinct IDs, then one ID made equal to the other
  // in a string table holding "S0" twice (compared by content, not index).
  Bytes two = program([](ProgramBuilder &) {}, 2);
  auto sec = testing::splitSections(two);
  Bytes &strs = sec[1];
  bool patched = false;
  for (size_t i = 1; i + 2 < strs.size(); ++i)
    if (strs[i] == 2 && strs[i + 1] == 'S' && strs[i + 2] == '1') {
      strs[i + 2] = '0';
      patched = true;
    }
  ASSERT_TRUE(patched);
  expectRejected(testing::assemble(sec), "STEPS", "step 1 has the ID of step 0, 'S0'");
}

TEST(Verifier, Tables) {
  auto base = testing::splitSections(testing::buildMinimal());
  auto s = base;
  s[3] = {1, 0, 0}; // enum named string 0 with no values
  expectRejected(testing::assemble(s), "ENUMS", "has no values");
  s = base;
  s[4] = {1, 0x80, 0x00}; // slot flags: an overlong varint
  expectRejected(testing::assemble(s), "SLOTS", "malformed varint");
  s = base;
  s[4] = {1, 1, 0, 0, 0, 0, 0}; // a field of form 0, but there are no forms
  expectRejected(testing::assemble(s), "SLOTS", "slot's form 0 out of range");
  s = base;
  s[4] = {1, 0, 0, 0, 9, 0}; // type 9 = enum 5
  expectRejected(testing::assemble(s), "SLOTS", "type names enum 5");
  s = base;
  s[4] = {1, 0, 0, 0, 0, 0};   // a variable
  s[5] = {1, 0, 0, 0, 1, 0};   // form 0 claims slot 0 as its field
  expectRejected(testing::assemble(s), "FORMS", "not one of its fields");
  s = base;
  s[6] = {1, 0x80 | 64, 2, 0, 0}; // item 320, name 0, price 0
  expectRejected(testing::assemble(s), "ITEMS", "price 0 cents");
  s = base;
  Bytes steps = s[8];
  steps[3] = 5; // the step's section (optional index) names section 4
  s[8] = steps;
  expectRejected(testing::assemble(s), "STEPS", "step's section 5 out of range");
  s = base;
  s[0][2] = 3; // META: start step 3 of 1
  expectRejected(testing::assemble(s), "META", "start step 3 out of range");
  s = base;
  s[2] = {200, 1}; // a count larger than the section
  expectRejected(testing::assemble(s), "TEXTS", "more than the section holds");
}

TEST(Verifier, SensitiveSlotFlag) {
  auto s = testing::splitSections(testing::buildMinimal());
  // One variable: flags 256 (bit 8, sensitive: a two-byte varint), name and
  // label string 0, type text, no suggestions.
  s[4] = {1, 0x80, 0x02, 0, 0, 0, 0};
  {
    Loaded l = Program::load(testing::assemble(s, 4));
    ASSERT_TRUE(l) << l.error.str();
    EXPECT_TRUE(l.program->slots()[0].isSensitive());
  }
  // Known from format 4 on only.
  expectRejected(testing::assemble(s, 3), "SLOTS", "slot 0 has unknown flags");
  expectRejected(testing::assemble(s, 2), "SLOTS", "slot 0 has unknown flags");
  // Bit 9 is known in no version.
  s[4] = {1, 0x80, 0x04, 0, 0, 0, 0};
  expectRejected(testing::assemble(s, 4), "SLOTS", "slot 0 has unknown flags");
  // Every other flag stays one byte: bit 8 alone is the only new one.
  s[4] = {1, 0x81, 0x02, 0, 0, 0, 0}; // 257: a field, with no form to name
  expectRejected(testing::assemble(s, 4), "SLOTS", "slot's form 0 out of range");
}

TEST(Verifier, Exprs) {
  ProgramBuilder b;
  b.setCompact(false);
  uint32_t flag = b.addVariable({"f", "", {TypeTag::Bool, 0}});
  uint32_t e = b.beginExpr();
  b.emitPUSH_NUMBER(1); // a number where a condition belongs
  b.endExpr();
  b.setSlotWhen(flag, e);
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  b.emitEND(0);
  BuildResult r = b.serialize();
  ASSERT_TRUE(r);
  expectRejected(r.bytes, "EXPRS", "has type number, expected bool");

  auto s = testing::splitSections(testing::buildMinimal());
  s[9] = {op(Op::PUSH_BOOL), 1, op(Op::PUSH_BOOL), 0, op(Op::RET)};
  expectRejected(testing::assemble(s), "EXPRS", "RET with 2 values");
  s[9] = {op(Op::PUSH_BOOL), 1};
  expectRejected(testing::assemble(s), "EXPRS", "entry without RET");
  s[9] = {op(Op::SAY), 0, op(Op::RET)};
  expectRejected(testing::assemble(s), "EXPRS", "SAY is not an expression instruction");
}

TEST(Verifier, CodeShape) {
  expectRejected(withCode({op(Op::STEP), 0, 200}), "CODE", "unknown opcode");
  expectRejected(withCode({op(Op::STEP), 0, op(Op::SAY)}), "CODE", "cut off");
  expectRejected(withCode({op(Op::STEP), 0, op(Op::SAY), 0x80, 0x00, op(Op::END), 0}), "CODE",
                 "malformed operand varint");
  expectRejected(withCode({op(Op::STEP), 0, op(Op::SAY), 7, op(Op::END), 0}), "CODE",
                 "SAY: text 7 out of range");
  expectRejected(withCode({op(Op::STEP), 0, op(Op::SAY), 0}), "CODE",
                 "run off the end of CODE");
  expectRejected(withCode({op(Op::STEP), 0, op(Op::RET)}), "CODE", "RET outside EXPRS");
  expectRejected(withCode({}), "STEPS", "step entry offset 0 out of range (0)");
  expectRejected(withCode({op(Op::SAY), 0, op(Op::STEP), 0, op(Op::END), 0}), "CODE",
                 "marks step 0, whose entry is at code offset 0");
}

/// Two steps (text 0 is a line) with CODE replaced by `code`, the second
/// step's entry set to `entry` and no debug entries.
Bytes twoStepsWithCode(Bytes code, uint8_t entry) {
  ProgramBuilder b;
  b.setCompact(false);
  const uint32_t line = b.addPlainText("line");
  for (uint32_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(b.beginStep(b.addStep(i ? "B" : "A")));
    b.emitSAY(line);
    b.emitEND(0);
  }
  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  auto s = testing::splitSections(r.bytes);
  EXPECT_EQ(s[8].back(), 6); // the second step's entry, the last byte of STEPS
  s[8].back() = entry;
  s[10] = std::move(code);
  s[11] = {0};
  return testing::assemble(s);
}

TEST(Verifier, CodeInHalvesOnlyWhereOnePassWouldBe) {
  // With a RunBoth and no size floor, CODE is verified in two halves split
  // at the second step's entry. The halves are kept only when the first
  // ends exactly there with nothing open; these files pass each half on
  // its own but not one pass, which a RunBoth must not change.
  int calls = 0;
  const RunBoth inTurn = [&](const std::function<void()> &a, const std::function<void()> &b) {
    ++calls;
    a();
    b();
  };
  auto sameVerdict = [&](const Bytes &f, const char *what) {
    calls = 0;
    std::optional<LoadError> one = verifyBytecode(f), halves = verifyBytecode(f, inTurn, 1);
    EXPECT_EQ(calls, 1);
    ASSERT_TRUE(one.has_value()) << "accepted, expected: " << what;
    ASSERT_TRUE(halves.has_value()) << "accepted in halves, expected: " << what;
    EXPECT_EQ(one->str(), halves->str());
    EXPECT_NE(one->message.find(what), std::string::npos) << one->str();
  };
  // A valid file is accepted in halves too.
  calls = 0;
  EXPECT_FALSE(verifyBytecode(twoStepsWithCode({op(Op::STEP), 0, op(Op::END), 0, op(Op::STEP), 1, op(Op::END), 0}, 4),
                              inTurn, 1));
  EXPECT_EQ(calls, 1);
  // The split inside an instruction: DO's operands (text 0, flag 1) read
  // as STEP 1 from the split on, so each half passes alone.
  sameVerdict(twoStepsWithCode({op(Op::STEP), 0, op(Op::DO), 0, 1, op(Op::END), 0}, 3),
              "step 1's entry is not its STEP instruction");
  // The first half ends at the split inside a list: one OPTION of two read.
  // The OPTION jumps +3 (zigzag 6), onto the second step.
  sameVerdict(twoStepsWithCode({op(Op::STEP), 0, op(Op::ASK), 0, 2, op(Op::OPTION), 0, 6, op(Op::STEP), 1,
                                op(Op::END), 0},
                               8),
              "1 more OPTION expected here, found STEP");
  // The first half ends at the split with a value on the stack.
  sameVerdict(twoStepsWithCode({op(Op::STEP), 0, op(Op::PUSH_NUMBER), 2, op(Op::STEP), 1, op(Op::END), 0}, 4),
              "STEP leaves 1 values on the stack");
}

TEST(Verifier, Jumps) {
  // JUMP +3 from offset 2 lands on offset 5, inside "SAY 0".
  expectRejected(withCode({op(Op::STEP), 0, op(Op::JUMP), 6, op(Op::SAY), 0, op(Op::END), 0}),
                 "CODE", "not an instruction start");
  expectRejected(withCode({op(Op::STEP), 0, op(Op::JUMP), 101}), "CODE", "outside the code");
  // A jump into the middle of an expression (stack not empty there).
  Bytes f = build([](ProgramBuilder &b) {
    Label mid = b.newLabel();
    b.emitPUSH_NUMBER(1);
    EXPECT_TRUE(b.bind(mid));
    b.emitPUSH_NUMBER(2);
    b.emitLT();
    Label out = b.newLabel();
    b.emitJUMP_IF_NOT(out);
    b.emitJUMP(mid);
    EXPECT_TRUE(b.bind(out));
    b.emitEND(0);
  });
  expectRejected(f, "CODE", "is inside an expression or a list");
  // A jump onto an OPTION.
  f = build([](ProgramBuilder &b) {
    Label opt = b.newLabel();
    Label end = b.newLabel();
    b.emitASK(b.addPlainText("Q"), 1);
    EXPECT_TRUE(b.bind(opt));
    b.emitOPTION(b.addPlainText("O"), end);
    EXPECT_TRUE(b.bind(end));
    b.emitJUMP(opt);
  });
  expectRejected(f, "CODE", "is inside an expression or a list");
}

// Keys on options (format 4): ASK_KEYED lists OPTION_KEYs, whose key
// operand is 0 (none) or a string of 1..16 phone keys, unique in its list.
TEST(Verifier, Keys) {
  auto keyed = [](std::function<uint64_t(ProgramBuilder &)> second) {
    return build([&](ProgramBuilder &b) {
      Label end = b.newLabel();
      b.emitASK_KEYED(b.addPlainText("Q"), 2);
      b.emitOPTION_KEY(b.addPlainText("A"), end, b.addString("92") + 1);
      b.emitOPTION_KEY(b.addPlainText("B"), end, second(b));
      EXPECT_TRUE(b.bind(end));
      b.emitEND(0);
    });
  };
  Bytes good = keyed([](ProgramBuilder &b) { return b.addString("*#0") + 1; });
  EXPECT_FALSE(verifyBytecode(good).has_value()) << verifyBytecode(good)->str();
  EXPECT_EQ(good[4], 4) << "a keyed ask is written as format 4";
  EXPECT_FALSE(verifyBytecode(keyed([](ProgramBuilder &) { return uint64_t(0); })).has_value());
  expectRejected(keyed([](ProgramBuilder &b) { return b.addString("9a") + 1; }), "CODE",
                 "OPTION_KEY: key \"9a\" is not 1 to 16 phone keys");
  expectRejected(keyed([](ProgramBuilder &b) { return b.addString("") + 1; }), "CODE",
                 "is not 1 to 16 phone keys");
  expectRejected(keyed([](ProgramBuilder &b) { return b.addString("12345678901234567") + 1; }), "CODE",
                 "is not 1 to 16 phone keys");
  expectRejected(keyed([](ProgramBuilder &) { return uint64_t(100000); }), "CODE",
                 "OPTION_KEY: key string 100000 out of range");
  expectRejected(keyed([](ProgramBuilder &b) { return b.addString("92") + 1; }), "CODE",
                 "OPTION_KEY: key 92 is given to two options of one list");
  // Keys are unique per list, not per program: two asks may share a key.
  Bytes twoAsks = build([](ProgramBuilder &b) {
    Label next = b.newLabel(), end = b.newLabel();
    b.emitASK_KEYED(b.addPlainText("Q"), 1);
    b.emitOPTION_KEY(b.addPlainText("A"), next, b.addString("1") + 1);
    EXPECT_TRUE(b.bind(next));
    b.emitASK_KEYED(b.addPlainText("R"), 1);
    b.emitOPTION_KEY(b.addPlainText("A"), end, b.addString("1") + 1);
    EXPECT_TRUE(b.bind(end));
    b.emitEND(0);
  });
  EXPECT_FALSE(verifyBytecode(twoAsks).has_value()) << verifyBytecode(twoAsks)->str();
  // Items of the wrong list.
  expectRejected(build([](ProgramBuilder &b) {
                   Label end = b.newLabel();
                   b.emitASK_KEYED(b.addPlainText("Q"), 1);
                   b.emitOPTION(b.addPlainText("A"), end);
                   EXPECT_TRUE(b.bind(end));
                   b.emitEND(0);
                 }),
                 "CODE", "1 more OPTION_KEY expected here, found OPTION");
  expectRejected(build([](ProgramBuilder &b) {
                   Label end = b.newLabel();
                   b.emitASK(b.addPlainText("Q"), 1);
                   b.emitOPTION_KEY(b.addPlainText("A"), end, 0);
                   EXPECT_TRUE(b.bind(end));
                   b.emitEND(0);
                 }),
                 "CODE", "1 more OPTION expected here, found OPTION_KEY");
  // A file that says format 3 cannot hold a keyed ask.
  Bytes old = good;
  old[4] = 3;
  testing::fixCrc(old);
  expectRejected(old, "CODE", "ASK_KEYED needs format version 4 (the file says 3)");
}

TEST(Verifier, Lists) {
  Bytes f = build([](ProgramBuilder &b) {
    Label end = b.newLabel();
    b.emitASK(b.addPlainText("Q"), 2);
    b.emitOPTION(b.addPlainText("O"), end);
    EXPECT_TRUE(b.bind(end));
    b.emitEND(0);
  });
  expectRejected(f, "CODE", "1 more OPTION expected here, found END");
  f = build([](ProgramBuilder &b) {
    Label end = b.newLabel();
    EXPECT_TRUE(b.bind(end));
    b.emitOPTION(b.addPlainText("O"), end);
    b.emitEND(0);
  });
  expectRejected(f, "CODE", "OPTION outside of its list");
  f = build([](ProgramBuilder &b) {
    b.emitINPUT(kT, 0, 1); // allowed values for a text slot
    b.emitALLOW(0);
    b.emitEND(0);
  });
  expectRejected(f, "CODE", "allowed values for a slot that is not an enum");
  f = build([](ProgramBuilder &b) {
    b.emitINPUT(kE, 0, 1);
    b.emitALLOW(2); // E has values 0 and 1
    b.emitEND(0);
  });
  expectRejected(f, "CODE", "ALLOW: enum value 2 out of range");
}

TEST(Verifier, Types) {
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_NUMBER(3);
                   b.emitSET(kT);
                   b.emitEND(0);
                 }),
                 "CODE", "SET: operand 1 has type number, the wrong type");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_SLOT(kT);
                   b.emitPUSH_NUMBER(1);
                   b.emitEQ();
                   b.emitJUMP_IF_NOT(b.stepLabel(0));
                   b.emitEND(0);
                 }),
                 "CODE", "EQ: operand 2 has type number, the types differ");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_SLOT(kT);
                   b.emitPUSH_SLOT(kT);
                   b.emitLT();
                   b.emitJUMP_IF_NOT(b.stepLabel(0));
                   b.emitEND(0);
                 }),
                 "CODE", "cannot be ordered");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_SLOT(kN);
                   b.emitJUMP_IF_NOT(b.stepLabel(0));
                   b.emitEND(0);
                 }),
                 "CODE", "JUMP_IF_NOT: operand 1 has type number");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitNOT();
                   b.emitEND(0);
                 }),
                 "CODE", "needs 1 values, the stack holds 0");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_BOOL(1);
                   b.emitEND(0);
                 }),
                 "CODE", "END leaves 1 values on the stack");
  expectRejected(build([](ProgramBuilder &b) {
                   for (int i = 0; i < 33; ++i) b.emitPUSH_BOOL(1);
                   for (int i = 0; i < 32; ++i) b.emitAND();
                   b.emitJUMP_IF_NOT(b.stepLabel(0));
                   b.emitEND(0);
                 }),
                 "CODE", "deeper than 32");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_ENUM(0, 5);
                   b.emitSET(kE);
                   b.emitEND(0);
                 }),
                 "CODE", "PUSH_ENUM: enum value 5 out of range");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_BOOL(2);
                   b.emitJUMP_IF_NOT(b.stepLabel(0));
                   b.emitEND(0);
                 }),
                 "CODE", "flag 2 out of range");
}

TEST(Verifier, Arithmetic) {
  // ADD takes two values of one numeric type, and pushes that type.
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_NUMBER(1);
                   b.emitPUSH_MONEY(100);
                   b.emitADD();
                   b.emitSET(kN);
                   b.emitEND(0);
                 }),
                 "CODE", "ADD: operand 2 has type money, the types differ");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_MONEY(100);
                   b.emitPUSH_MONEY(100);
                   b.emitADD();
                   b.emitSET(kN); // the sum of amounts is money
                   b.emitEND(0);
                 }),
                 "CODE", "SET: operand 1 has type money, the wrong type");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_SLOT(kT);
                   b.emitNEG();
                   b.emitSET(kT);
                   b.emitEND(0);
                 }),
                 "CODE", "NEG: operand 1 has type text");
  // MUL_MONEY is an amount (below) times a number (on top).
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_NUMBER(2);
                   b.emitPUSH_MONEY(100);
                   b.emitMUL_MONEY();
                   b.emitSET(kN);
                   b.emitEND(0);
                 }),
                 "CODE", "MUL_MONEY: operand 1 has type number, the wrong type");
  Bytes ok = build([](ProgramBuilder &b) {
    b.emitPUSH_NUMBER(7);
    b.emitPUSH_NUMBER(2);
    b.emitDIV();
    b.emitNEG();
    b.emitSET(kN);
    b.emitEND(0);
  });
  std::optional<LoadError> err = verifyBytecode(ok);
  ASSERT_FALSE(err.has_value()) << err->str();
  // A format-4 opcode makes the file format 4; the same bytes saying
  // format 3 are refused by the opcode's name.
  EXPECT_EQ(ok[4], 4);
  ok[4] = 3;
  testing::fixCrc(ok);
  expectRejected(ok, "CODE", "DIV needs format version 4 (the file says 3)");
}

TEST(Verifier, Debug) {
  auto s = testing::splitSections(testing::buildMinimal());
  auto t = s;
  t[11] = {1, 0, 0, 2}; // offset 0, no file, line 1
  expectRejected(testing::assemble(t), "DEBUG", "names no file");
  t = s;
  t[11] = {1, 1, 1, 2}; // offset 1: inside STEP 0
  expectRejected(testing::assemble(t), "DEBUG", "points inside an instruction");
  t = s;
  t[11] = {1, 0, 1, 1}; // line -1
  expectRejected(testing::assemble(t), "DEBUG", "line out of range");
}

TEST(Verifier, Patterns) {
  ProgramBuilder b;
  SlotSpec spec{"code", "", {TypeTag::Text, 0}};
  spec.pattern = "[0-9";
  b.addVariable(spec);
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  b.emitEND(0);
  BuildResult r = b.serialize();
  ASSERT_TRUE(r);
  expectRejected(r.bytes, "SLOTS", "does not compile");
}

} // namespace
} // namespace callflow
