// Every single-bit flip and every truncation of a built program must be
// rejected cleanly or load and run safely (never crash, never hang). Run it
// under -DCALLFLOW_SANITIZE=ON too.
#include <thread>

#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "sample_programs.h"

namespace callflow {
namespace {

/// Drives a session with fixed answers for a bounded number of events.
void runSafely(const Program &P) {
  EXPECT_FALSE(disassemble(P).empty());
  Session s(P);
  for (int i = 0; i < 200 && !s.ended(); ++i) {
    const Event &e = s.next();
    if (!e.waiting) continue;
    switch (e.kind) {
    case EventKind::Ask: (void)s.choose(size_t(i) % e.options.size()); break;
    case EventKind::TakePayment: (void)(i % 2 ? s.acceptPayment() : s.declinePayment()); break;
    case EventKind::Create: (void)s.acknowledge(); break;
    default:
      if (!s.provide("1") && !s.provide("123456") && !s.choose(0) && !s.skip()) return;
    }
  }
}

TEST(Corruption, EveryBitFlipIsRejectedOrSafe) {
  for (bool compact : {false, true}) {
  SCOPED_TRACE(compact ? "format 5" : "format 2");
  const testing::Bytes good = testing::buildPaygFlow(compact);
  size_t rejected = 0, accepted = 0;
  for (size_t byte = 0; byte < good.size(); ++byte)
    for (int bit = 0; bit < 8; ++bit) {
      testing::Bytes f = good;
      f[byte] ^= uint8_t(1u << bit);
      Loaded l = Program::load(f);
      if (!l) {
        ++rejected;
        EXPECT_FALSE(l.error.message.empty());
        continue;
      }
      ++accepted;
      runSafely(*l.program);
    }
  // The CRC catches every single-bit error.
  EXPECT_EQ(accepted, 0u);
  EXPECT_EQ(rejected, good.size() * 8);
  }
}

/// Flips each bit of `good` before its CRC in turn, recomputes the CRC, and
/// calls `each(byte, loaded)` with what the loader made of it.
template <class F> void forEachBitFlipWithFixedCrc(const testing::Bytes &good, F each) {
  for (size_t byte = 0; byte + 4 < good.size(); ++byte)
    for (int bit = 0; bit < 8; ++bit) {
      testing::Bytes f = good;
      f[byte] ^= uint8_t(1u << bit);
      testing::fixCrc(f);
      each(byte, Program::load(f));
    }
}

TEST(Corruption, BitFlipsWithFixedCrcAreRejectedOrSafe) {
  // The CRC is recomputed, so the verifier proper must catch or tolerate
  // each change.
  for (bool compact : {false, true}) {
  SCOPED_TRACE(compact ? "format 5" : "format 2");
  const testing::Bytes good = testing::buildPaygFlow(compact);
  size_t accepted = 0, headerRejected = 0;
  const size_t headerEnd = testing::headerEnd(good);
  ASSERT_GT(headerEnd, 10u);
  forEachBitFlipWithFixedCrc(good, [&](size_t byte, const Loaded &l) {
    if (!l) {
      headerRejected += byte < headerEnd;
      return;
    }
    ++accepted;
    runSafely(*l.program);
  });
  // Many flips are harmless (a letter of a string, one index for another of
  // the same kind) and run; every flip in the header and section table is
  // caught but one: the low bit of the language field (offset 6) turns an
  // English flow (0) into a Russian one (1), which is valid. (Format 5's
  // varint header too: a flip changes the size field, or the mask or a
  // length so that the sections no longer add up to the file.)
  EXPECT_GT(accepted, 0u);
  EXPECT_EQ(headerRejected, headerEnd * 8 - 1);
  }
}

/// A format-4 program with a keyed ask (keys 1, 92, "*" and none).
testing::Bytes buildKeyed() {
  ProgramBuilder b;
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  Label a = b.newLabel(), z = b.newLabel();
  b.emitASK_KEYED(b.addPlainText("Code?"), 4);
  b.emitOPTION_KEY(b.addPlainText("One"), a, b.addString("1") + 1);
  b.emitOPTION_KEY(b.addPlainText("Callback"), z, b.addString("92") + 1);
  b.emitOPTION_KEY(b.addPlainText("Repeat"), a, b.addString("*") + 1);
  b.emitOPTION_KEY(b.addPlainText("Other"), z, 0);
  EXPECT_TRUE(b.bind(a));
  b.emitEND(0);
  EXPECT_TRUE(b.bind(z));
  b.emitTRANSFER(b.addPlainText("Desk"));
  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}

TEST(Corruption, KeyedAskBitFlipsAndTruncationsAreRejectedOrSafe) {
  const testing::Bytes good = buildKeyed();
  ASSERT_TRUE(Program::load(good));
  size_t accepted = 0;
  forEachBitFlipWithFixedCrc(good, [&](size_t, const Loaded &l) {
    if (!l) return;
    ++accepted;
    runSafely(*l.program);
    for (const char *key : {"1", "92", "*", "#", ""}) { // answering by key is safe too
      Session s(*l.program);
      const Event &e = s.next();
      if (e.kind == EventKind::Ask) (void)s.chooseKey(key);
      for (int i = 0; i < 8 && !s.ended(); ++i) (void)s.next();
    }
  });
  EXPECT_GT(accepted, 0u);
  for (size_t n = 0; n < good.size(); ++n) {
    testing::Bytes f(good.begin(), good.begin() + n);
    if (n >= 4) testing::fixCrc(f);
    EXPECT_FALSE(Program::load(f)) << "accepted a truncation to " << n << " bytes";
  }
}

/// A format-6 program: a one-time, a monthly and a percentage item, each
/// charged, an invoice and a payment that is taken again when declined.
testing::Bytes buildCatalogKinds() {
  ProgramBuilder b;
  const uint32_t once = b.addItem(401, "BASIC PLAN", 2999);
  const uint32_t monthly = b.addItem(610, "ID THEFT PROTECTION", 1499, bc::ItemKind::Monthly);
  const uint32_t percent = b.addItem(611, "CARD SURCHARGE", 400, bc::ItemKind::Percent);
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  Label retry = b.newLabel(), declined = b.newLabel();
  b.emitSAY(b.addText({TextPiece::price(monthly)}));
  b.emitCHARGE_ITEM(percent); // nothing open yet: $0.00
  b.emitCHARGE_ITEM(once);
  b.emitCHARGE_ITEM(monthly);
  EXPECT_TRUE(b.bind(retry));
  b.emitINVOICE();
  b.emitPAY(declined);
  b.emitEND(0);
  EXPECT_TRUE(b.bind(declined));
  b.emitCHARGE_ITEM(percent); // still open: not billed again
  b.emitJUMP(retry);
  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}

TEST(Corruption, CatalogKindsBitFlipsAndTruncationsAreRejectedOrSafe) {
  const testing::Bytes good = buildCatalogKinds();
  ASSERT_EQ(bc::readU16(good.data() + 4), bc::kItemKindsFormat);
  Loaded ok = Program::load(good);
  ASSERT_TRUE(ok) << ok.error.message;
  ASSERT_EQ(ok.program->items().size(), 3u);
  EXPECT_EQ(ok.program->items()[1].kind, bc::ItemKind::Monthly);
  EXPECT_EQ(ok.program->items()[2].kind, bc::ItemKind::Percent);
  EXPECT_EQ(ok.program->items()[2].percent, 400);
  size_t accepted = 0, rejected = 0;
  forEachBitFlipWithFixedCrc(good, [&](size_t, const Loaded &l) {
    if (!l) {
      ++rejected;
      EXPECT_FALSE(l.error.message.empty());
      return;
    }
    ++accepted;
    for (const ItemInfo &it : l.program->items()) { // what the verifier lets through
      EXPECT_LT(unsigned(it.kind), bc::kItemKindCount);
      if (it.kind == bc::ItemKind::Percent) {
        EXPECT_GE(it.percent, 1);
        EXPECT_LE(it.percent, bc::kMaxPercent);
      } else {
        EXPECT_GE(it.price, 1);
        EXPECT_LE(it.price, bc::kMaxMoney);
      }
    }
    runSafely(*l.program);
  });
  EXPECT_GT(accepted, 0u);
  EXPECT_GT(rejected, 0u);
  for (size_t n = 0; n < good.size(); ++n) {
    testing::Bytes f(good.begin(), good.begin() + n);
    if (n >= 4) testing::fixCrc(f);
    EXPECT_FALSE(Program::load(f)) << "accepted a truncation to " << n << " bytes";
  }
}

TEST(Corruption, CatalogKindsAreChecked) {
  const testing::Bytes good = buildCatalogKinds();
  auto [begin, end] = testing::sectionRange(good, bc::SectionKind::Items);
  ASSERT_LT(begin, end);
  // ITEMS: count 3, then { code, name, kind, value }; 401 and 610 take two
  // varint bytes each, 2999 and 1499 two: the last item's kind is at
  // begin + 1 + (2 + 1 + 1 + 2) * 2 + 2 + 1.
  const size_t kindAt = begin + 1 + (2 + 1 + 1 + 2) * 2 + 2 + 1;
  ASSERT_EQ(good[kindAt], uint8_t(bc::ItemKind::Percent));
  testing::Bytes f = good;
  f[kindAt] = 3; // no such kind
  testing::fixCrc(f);
  Loaded l = Program::load(f);
  ASSERT_FALSE(l);
  EXPECT_NE(l.error.message.find("has kind 3"), std::string::npos) << l.error.message;
  // A percentage past 100.00%: 400 (0x90 0x03) -> 0x91 0x4E, 10,001.
  f = good;
  ASSERT_EQ(f[kindAt + 1], 0x90);
  ASSERT_EQ(f[kindAt + 2], 0x03);
  f[kindAt + 1] = 0x91;
  f[kindAt + 2] = 0x4E;
  testing::fixCrc(f);
  l = Program::load(f);
  ASSERT_FALSE(l);
  EXPECT_NE(l.error.message.find("percentage of 10001"), std::string::npos) << l.error.message;
}

TEST(Corruption, EveryTruncationIsRejected) {
  for (bool compact : {false, true}) {
  const testing::Bytes good = testing::buildPaygFlow(compact);
  for (size_t n = 0; n < good.size(); ++n) {
    testing::Bytes f(good.begin(), good.begin() + n);
    EXPECT_FALSE(Program::load(f)) << "accepted a truncation to " << n << " bytes";
    if (n >= 4) {
      testing::fixCrc(f);
      EXPECT_FALSE(Program::load(f)) << "accepted a truncation to " << n << " bytes, CRC fixed";
    }
  }
  }
}

/// A program whose CODE is past the size from which the verifier, given a
/// RunBoth, checks it in two halves at once (256 KiB): 8,000 steps, each
/// saying a line, reading an enum (a list of ALLOWs), setting a number
/// from an expression, branching on it and asking with keyed options (a
/// list whose keys are checked unique), with debug entries.
testing::Bytes largeProgram() {
  ProgramBuilder b;
  const uint32_t en = b.addEnum("E", {{"a", ""}, {"b", ""}});
  const uint32_t n = b.addVariable({"n", "", {bc::TypeTag::Number, 0}});
  const uint32_t e = b.addVariable({"e", "", {bc::TypeTag::Enum, en}});
  constexpr uint32_t kSteps = 8000;
  for (uint32_t i = 0; i < kSteps; ++i) b.addStep("S" + std::to_string(i));
  const uint32_t yes = b.addString("1") + 1, no = b.addString("2") + 1;
  for (uint32_t i = 0; i < kSteps; ++i) {
    b.setLocation("large.flow", 1 + 5 * i);
    EXPECT_TRUE(b.beginStep(i));
    b.emitSAY(b.addPlainText("line " + std::to_string(i)));
    b.setLocation("large.flow", 2 + 5 * i);
    b.emitINPUT(e, 0, 2);
    b.emitALLOW(0);
    b.emitALLOW(1);
    b.emitPUSH_SLOT(n);
    b.emitPUSH_NUMBER(int(i));
    b.emitADD();
    b.emitSET(n);
    Label ask = b.newLabel();
    b.emitPUSH_SLOT(n);
    b.emitPUSH_NUMBER(7);
    b.emitGT();
    b.emitJUMP_IF_NOT(ask);
    b.emitJUMP(b.stepLabel((i + 3) % kSteps));
    EXPECT_TRUE(b.bind(ask));
    b.setLocation("large.flow", 4 + 5 * i);
    b.emitASK_KEYED(b.addPlainText("Go on?"), 2);
    b.emitOPTION_KEY(b.addPlainText("yes"), b.stepLabel((i + 1) % kSteps), yes);
    b.emitOPTION_KEY(b.addPlainText("no"), b.stepLabel(i / 2), no);
  }
  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}

/// Verifies `f` in one pass and with two RunBoths (the halves one after
/// the other on this thread, and on two threads): the same verdict, and
/// the same rejection (section, offset, message) in all three. Returns the
/// one pass's verdict; `calls`: how often the verifier handed its halves
/// to a RunBoth.
std::optional<LoadError> expectSameInHalves(const testing::Bytes &f, int *calls = nullptr) {
  const std::optional<LoadError> one = verifyBytecode(f);
  const RunBoth inTurn = [&](const std::function<void()> &a, const std::function<void()> &b) {
    if (calls) ++*calls;
    a();
    b();
  };
  const RunBoth onTwo = [](const std::function<void()> &a, const std::function<void()> &b) {
    std::thread t(b);
    a();
    t.join();
  };
  for (const RunBoth *both : {&inTurn, &onTwo}) {
    const std::optional<LoadError> halves = verifyBytecode(f, *both);
    EXPECT_EQ(one.has_value(), halves.has_value());
    if (one && halves) {
      EXPECT_EQ(one->str(), halves->str());
    }
  }
  return one;
}

/// `good` with bit (byte % 8) of `byte` flipped and the CRC fixed.
testing::Bytes flipped(const testing::Bytes &good, size_t byte) {
  testing::Bytes f = good;
  f[byte] ^= uint8_t(1u << (byte % 8));
  testing::fixCrc(f);
  return f;
}

TEST(Corruption, CodeInHalvesOnTwoThreads) {
  // Also run under ThreadSanitizer (scripts/test-tsan.sh): the halves on
  // two threads, of a valid file and of a few broken ones.
  const testing::Bytes good = largeProgram();
  ASSERT_GT(good.size(), 300u * 1024);
  // A valid file: verified in halves (one call of the RunBoth), loaded the
  // same way; a small one is not split.
  int calls = 0;
  EXPECT_FALSE(expectSameInHalves(good, &calls));
  EXPECT_EQ(calls, 1);
  calls = 0;
  EXPECT_FALSE(expectSameInHalves(testing::buildPaygFlow(true), &calls));
  EXPECT_EQ(calls, 0);
  Loaded whole = Program::load(good);
  Loaded halves = Program::load(good, [](const std::function<void()> &a, const std::function<void()> &b) {
    std::thread t(a);
    b();
    t.join();
  });
  ASSERT_TRUE(whole) << whole.error.str();
  ASSERT_TRUE(halves) << halves.error.str();
  EXPECT_EQ(disassemble(*whole.program), disassemble(*halves.program));
  for (size_t k = 1; k <= 6; ++k) {
    const size_t byte = good.size() - k * good.size() / 8; // most of the file is CODE
    SCOPED_TRACE("bit " + std::to_string(byte % 8) + " of byte " + std::to_string(byte));
    expectSameInHalves(flipped(good, byte));
  }
}

TEST(Corruption, CodeInHalvesReportsAsOnePassDoes) {
  // Bit flips (CRC fixed) spread over the whole file: the step entries,
  // where the split is taken, and instructions in both halves. Each is
  // reported as one pass reports it.
  const testing::Bytes good = largeProgram();
  size_t inCode = 0;
  const size_t stride = good.size() / 160;
  for (size_t byte = 11; byte + 4 < good.size(); byte += stride) {
    SCOPED_TRACE("bit " + std::to_string(byte % 8) + " of byte " + std::to_string(byte));
    const std::optional<LoadError> err = expectSameInHalves(flipped(good, byte));
    inCode += err && err->section == "CODE";
  }
  // Most flips land in CODE (the bulk of the file) and most there are caught.
  EXPECT_GT(inCode, 40u);
}

} // namespace
} // namespace callflow
