// ProgramBuilder: serialize -> load round trip, deduplication, labels.
#include <gtest/gtest.h>

#include <random>

#include "callflow/runtime.h"
#include "sample_programs.h"

namespace callflow {
namespace {

TEST(Builder, RoundTripKeepsTheTables) {
  Loaded l = Program::load(testing::buildPaygFlow());
  ASSERT_TRUE(l) << l.error.str();
  const Program &P = *l.program;
  EXPECT_EQ(P.name(), "payg");
  EXPECT_EQ(P.title(), "Pay As You Go");
  EXPECT_EQ(P.string(P.steps()[P.startStep()].id), "D-2-7");
  ASSERT_EQ(P.steps().size(), 4u);
  EXPECT_EQ(P.string(P.steps()[1].title), "Yes – Remote Support Session");
  EXPECT_EQ(P.string(P.steps()[0].role), "Team Director"); // inherited from the section
  EXPECT_EQ(P.steps()[2].title, kNone);
  ASSERT_EQ(P.forms().size(), 1u);
  EXPECT_EQ(P.forms()[0].numFields, 5u);
  EXPECT_EQ(P.slotName(P.findSlot("Ticket.asset")), "Ticket.asset");
  EXPECT_NE(P.slots()[P.findSlot("Ticket.asset")].when, kNone);
  EXPECT_EQ(P.findSlot("Ticket.nothing"), kNone);
  ASSERT_EQ(P.items().size(), 2u);
  EXPECT_EQ(P.items()[0].code, 320);
  EXPECT_EQ(P.items()[0].price, 2000);
  EXPECT_NE(P.pattern(P.findSlot("code")), nullptr);
  EXPECT_EQ(P.pattern(P.findSlot("agent")), nullptr);
  const DebugEntry *d = P.location(P.steps()[1].entry + 2); // its first INPUT
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(P.string(d->file), "payg.flow");
  EXPECT_EQ(d->line, 20u);
}

/// One INPUT of a text variable with the pattern [0-9]{6}, described in
/// words when `description` is given.
BuildResult patternProgram(std::optional<std::string> description) {
  ProgramBuilder b;
  b.setCompact(false); // formats 2 to 4: the oldest that holds the program
  SlotSpec spec{"code", "Code", {bc::TypeTag::Text, 0}};
  spec.pattern = "[0-9]{6}";
  spec.patternDescription = std::move(description);
  const uint32_t code = b.addVariable(spec);
  const uint32_t s = b.addStep("A");
  EXPECT_TRUE(b.beginStep(s));
  b.emitINPUT(code, 0, 0);
  b.emitEND(0);
  return b.serialize();
}

TEST(Builder, APatternDescriptionIsFormat3AndReachesTheSession) {
  BuildResult r = patternProgram("six digits");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(bc::readU16(r.bytes.data() + 4), 3u);
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  const Program &P = *l.program;
  const uint32_t slot = P.findSlot("code");
  ASSERT_NE(P.slots()[slot].patternDescription, kNone);
  EXPECT_EQ(P.string(P.slots()[slot].patternDescription), "six digits");
  Session call(P);
  const Event &e = call.next();
  ASSERT_EQ(e.kind, EventKind::Input);
  EXPECT_EQ(e.pattern, "[0-9]{6}");
  EXPECT_EQ(e.patternDescription, "six digits");
  Answer a = call.provide("12ab");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error, "'12ab' is not in the expected form: six digits");
  EXPECT_TRUE(call.provide("123456"));
  EXPECT_NE(disassemble(P).find("matches \"[0-9]{6}\" as \"six digits\""), std::string::npos);
}

TEST(Builder, WithoutADescriptionTheFileStaysFormat2) {
  // A flow with no pattern description is written as format 2 (no
  // description field), which a format-2 runtime reads; it loads with no
  // description.
  BuildResult r = patternProgram(std::nullopt);
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(bc::readU16(r.bytes.data() + 4), 2u);
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  EXPECT_EQ(l.program->slots()[l.program->findSlot("code")].patternDescription, kNone);
  Session call(*l.program);
  EXPECT_TRUE(call.next().patternDescription.empty());
  EXPECT_EQ(call.provide("12ab").error, "'12ab' does not match the pattern \"[0-9]{6}\"");
}

TEST(Builder, AFormat3DescriptionOutOfRangeIsRejected) {
  BuildResult r = patternProgram("six digits");
  ASSERT_TRUE(r) << r.error;
  // The SLOTS section ends with the variable: flags, name, label, type,
  // pattern, description (optstr), nsuggest 0. Point the description past
  // the string table.
  std::vector<testing::Bytes> sec = testing::splitSections(r.bytes);
  testing::Bytes &slots = sec[4];
  ASSERT_GE(slots.size(), 2u);
  slots[slots.size() - 2] = 0x7F;
  Loaded l = Program::load(testing::assemble(sec, 3));
  ASSERT_FALSE(l);
  EXPECT_NE(l.error.str().find("pattern description string"), std::string::npos) << l.error.str();
}

TEST(Builder, StringsAndTextsAreDeduplicated) {
  ProgramBuilder b;
  b.setCompact(false); // formats 2 to 4 split literals into words
  EXPECT_EQ(b.addString("x"), b.addString("x"));
  uint32_t t1 = b.addPlainText("Hello there friend");
  uint32_t t2 = b.addPlainText("Hello there friend");
  uint32_t t3 = b.addPlainText("Hello friend");
  EXPECT_EQ(t1, t2);
  EXPECT_NE(t1, t3);
  // Words are shared: "friend" is stored once.
  uint32_t s = b.addStep("A");
  ASSERT_TRUE(b.beginStep(s));
  b.emitSAY(t1);
  b.emitSAY(t3);
  b.emitEND(0);
  BuildResult r = b.serialize();
  ASSERT_TRUE(r) << r.error;
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  size_t friends = 0;
  for (uint32_t i = 0; i < l.program->numStrings(); ++i) friends += l.program->string(i) == "friend";
  EXPECT_EQ(friends, 1u);
  EXPECT_EQ(l.program->textSource(t3), "Hello friend");
}

TEST(Builder, Format5KeepsLiteralsWholeAndCodesTheStrings) {
  // Format 5 (the default) stores a literal as one string; the coded
  // string table shares what words would have shared.
  ProgramBuilder b;
  const uint32_t t1 = b.addPlainText("Hello there friend");
  const uint32_t t2 = b.addPlainText("Hello friend, and thank you for your call");
  const uint32_t t3 = b.addText({TextPiece::lit("Привет, "), TextPiece::lit("друг")});
  ASSERT_TRUE(b.beginStep(b.addStep("A")));
  b.emitSAY(t1);
  b.emitSAY(t2);
  b.emitSAY(t3);
  b.emitEND(0);
  BuildResult r = b.serialize();
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(bc::readU16(r.bytes.data() + 4), 5u);
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  const Program &P = *l.program;
  size_t whole = 0;
  for (uint32_t i = 0; i < P.numStrings(); ++i) whole += P.string(i) == "Hello there friend";
  EXPECT_EQ(whole, 1u);
  EXPECT_EQ(P.textSource(t2), "Hello friend, and thank you for your call");
  EXPECT_EQ(P.textSource(t3), "Привет, друг");
  Session s(P);
  EXPECT_EQ(s.next().text, "Hello there friend");
  EXPECT_EQ(s.next().text, "Hello friend, and thank you for your call");
  EXPECT_EQ(s.next().text, "Привет, друг");
  // The same program in the legacy container is larger: its header alone
  // takes 164 bytes.
  ProgramBuilder old;
  old.setCompact(false);
  old.addPlainText("Hello there friend");
  ASSERT_TRUE(old.beginStep(old.addStep("A")));
  old.emitEND(0);
  ProgramBuilder now;
  now.addPlainText("Hello there friend");
  ASSERT_TRUE(now.beginStep(now.addStep("A")));
  now.emitEND(0);
  EXPECT_LT(now.serialize().bytes.size() + 120, old.serialize().bytes.size());
}

TEST(Builder, CodedStringTableRoundTripsPastTheTrainingSample) {
  // More text than the coder learns its pairs from (256 K symbols), so the
  // strings after the training ones are coded on their own; runs of one
  // symbol ("aaaa", spaces, "ооо") give codes of a pair of equal symbols,
  // whose counting is the subtle part. Every string must come back as it
  // went in, and the table must be smaller than the text.
  const char *words[] = {"the", "caller", "ticket", "aaaa", "  ", "!!!", "ооо", "Привет",
                         "друг", "(x)", "payment", "a", "b", "ab", "abab", "zzzzzzz", "D-2-7",
                         "20.00", "Team", "Director", "ёжик", "€"};
  std::mt19937 rng(20261204);
  ProgramBuilder b;
  std::vector<std::pair<uint32_t, std::string>> texts;
  size_t bytes = 0;
  while (bytes < (size_t(3) << 19)) { // 1.5 MB
    std::string t;
    const size_t n = 1 + rng() % 12;
    for (size_t i = 0; i < n; ++i) {
      if (i && rng() % 4)
        t += ' ';
      t += words[rng() % std::size(words)];
    }
    bytes += t.size();
    texts.emplace_back(b.addPlainText(t), t);
  }
  ASSERT_TRUE(b.beginStep(b.addStep("A")));
  b.emitEND(0);
  BuildResult r = b.serialize();
  ASSERT_TRUE(r) << r.error;
  EXPECT_LT(r.bytes.size(), bytes / 2);
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  size_t bad = 0;
  for (const auto &[id, text] : texts)
    if (l.program->textSource(id) != text && bad++ < 3)
      ADD_FAILURE() << "[" << l.program->textSource(id) << "] != [" << text << "]";
  EXPECT_EQ(bad, 0u);
}

TEST(Builder, AStringSectionMadeAsideGivesTheSameFile) {
  // codegen makes the STRINGS section on a second thread and hands it to
  // serialize(): the file must be byte for byte serialize()'s, in both
  // containers; when serialize() fails first, it never asks for it.
  for (bool compact : {true, false}) {
    ProgramBuilder b;
    b.setCompact(compact);
    for (int i = 0; i < 500; ++i)
      b.addPlainText("line " + std::to_string(i) + " of the caller's ticket, привет");
    ASSERT_TRUE(b.beginStep(b.addStep("A")));
    b.emitEND(0);
    int asked = 0;
    BuildResult aside = b.serialize([&] {
      ++asked;
      return b.stringSection();
    });
    ASSERT_TRUE(aside) << aside.error;
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(aside.bytes, b.serialize().bytes) << compact;
    ASSERT_TRUE(Program::load(aside.bytes)) << compact;
    // The coder's two budgets learned through a RunBoth, in either order
    // (codegen runs them on two threads): the same section.
    int pairs = 0;
    const std::vector<uint8_t> reversed = b.stringSection([&](const auto &f, const auto &g) {
      ++pairs;
      g();
      f();
    });
    EXPECT_EQ(reversed, b.stringSection()) << compact;
    EXPECT_EQ(pairs > 0, compact); // only format 5 codes its strings
  }
  ProgramBuilder none; // no steps: fails before the strings are needed
  none.addPlainText("x");
  bool asked = false;
  EXPECT_FALSE(none.serialize([&] {
    asked = true;
    return none.stringSection();
  }));
  EXPECT_FALSE(asked);
}

TEST(Builder, LabelsBindOnceAndMustBeBound) {
  ProgramBuilder b;
  uint32_t s = b.addStep("A");
  ASSERT_TRUE(b.beginStep(s));
  EXPECT_FALSE(b.beginStep(s));
  Label l = b.newLabel();
  InstrRef j = b.emitJUMP(l);
  BuildResult unbound = b.serialize();
  EXPECT_FALSE(unbound);
  EXPECT_NE(unbound.error.find("unbound label"), std::string::npos);
  ASSERT_TRUE(b.bind(l));
  EXPECT_FALSE(b.bind(l));
  b.emitEND(0);
  EXPECT_TRUE(b.serialize());
  EXPECT_FALSE(b.patch(InstrRef{99}, 0, l));
  Label back = b.stepLabel(s);
  EXPECT_TRUE(b.patch(j, 0, back));
}

TEST(Builder, ALocationByStringIndexIsALocationByName) {
  // Two programs, one naming the file at each location, one giving the
  // index of its string (both intern the names first, so that the string
  // tables agree): the same bytes. An index past the table fails.
  auto build = [](bool byIndex) {
    ProgramBuilder b;
    const uint32_t s = b.addStep("A"), t = b.addStep("B");
    const uint32_t a = b.addString("a.flow"), c = b.addString("c.flow");
    auto at = [&](const char *file, uint32_t fileString, uint32_t line) {
      if (byIndex) b.setLocationString(fileString, line);
      else b.setLocation(file, line);
    };
    at("a.flow", a, 1);
    EXPECT_TRUE(b.beginStep(s));
    at("a.flow", a, 2);
    b.emitSAY(b.addPlainText("hello"));
    at("c.flow", c, 7);
    b.emitJUMP(b.stepLabel(t));
    at("c.flow", c, 9);
    EXPECT_TRUE(b.beginStep(t));
    b.emitEND(0);
    BuildResult r = b.serialize();
    EXPECT_TRUE(r) << r.error;
    return r.bytes;
  };
  const std::vector<uint8_t> byName = build(false);
  EXPECT_EQ(byName, build(true));
  Loaded l = Program::load(byName);
  ASSERT_TRUE(l) << l.error.str();
  ASSERT_EQ(l.program->debug().size(), 4u);
  EXPECT_EQ(l.program->debug()[2].line, 7u);
  ProgramBuilder bad;
  ASSERT_TRUE(bad.beginStep(bad.addStep("A")));
  bad.setLocationString(99, 1);
  bad.emitEND(0);
  BuildResult r = bad.serialize();
  EXPECT_FALSE(r);
  EXPECT_NE(r.error.find("a location's file is string 99"), std::string::npos) << r.error;
}

TEST(Builder, LabelOperandsAreChecked) {
  ProgramBuilder b;
  uint32_t s = b.addStep("A");
  ASSERT_TRUE(b.beginStep(s));
  b.emitJUMP(5); // a number where a label belongs
  b.emitEND(0);
  BuildResult r = b.serialize();
  EXPECT_FALSE(r);
  EXPECT_NE(r.error.find("must be a label"), std::string::npos);
}

// Instructions wait for layout in 16 bytes each; an operand wider than 32
// bits waits aside and must come out whole, in the code and in messages.
TEST(Builder, OperandsWiderThan32BitsComeOutWhole) {
  ProgramBuilder b;
  const uint32_t s = b.addStep("A");
  ASSERT_TRUE(b.beginStep(s));
  b.emitASK(b.addPlainText("Which?"), int64_t(5000000000));
  b.emitEND(0);
  BuildResult tooMany = b.serialize();
  ASSERT_FALSE(tooMany);
  EXPECT_NE(tooMany.error.find("has 5000000000 items"), std::string::npos) << tooMany.error;

  ProgramBuilder c;
  const uint32_t t = c.addStep("A");
  ASSERT_TRUE(c.beginStep(t));
  const uint32_t expr = c.beginExpr();
  c.emitPUSH_MONEY(int64_t(-123456789012345));
  c.endExpr();
  c.emitEND(0);
  BuildResult r = c.serialize();
  ASSERT_TRUE(r) << r.error;
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  bc::Instr push = bc::decodeVerified(l.program->exprs().data(), expr);
  EXPECT_EQ(push.op, bc::Op::PUSH_MONEY);
  EXPECT_EQ(push.a[0], int64_t(-123456789012345));
}

TEST(Builder, LongJumpsRelaxToWiderOffsets) {
  ProgramBuilder b;
  uint32_t a = b.addStep("A"), z = b.addStep("Z");
  ASSERT_TRUE(b.beginStep(a));
  b.emitJUMP(b.stepLabel(z));
  for (int i = 0; i < 5000; ++i) b.emitSAY(b.addPlainText("line " + std::to_string(i)));
  b.emitEND(0);
  ASSERT_TRUE(b.beginStep(z));
  b.emitJUMP(b.stepLabel(a));
  BuildResult r = b.serialize();
  ASSERT_TRUE(r) << r.error;
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  // The jump over 5000 lines needs a multi-byte offset and lands on Z.
  bc::Instr first = bc::decodeVerified(l.program->code().data(), l.program->steps()[a].entry + 2);
  EXPECT_EQ(first.op, bc::Op::JUMP);
  EXPECT_EQ(l.program->steps()[a].entry + 2 + first.a[0], int64_t(l.program->steps()[z].entry));
  EXPECT_GT(first.size, 2u);
}

} // namespace
} // namespace callflow
