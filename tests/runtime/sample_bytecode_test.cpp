// Seed 000's real bytecode (samples/anything_computers, built by flowc at
// build time): every single-bit flip, with and without a fixed CRC, and
// every truncation is rejected cleanly or loads and runs safely (run this
// under -DCALLFLOW_SANITIZE=ON too); and a session of it keeps at most 1 KB
// of state at every event of whole calls.
#include <fstream>
#include <iterator>
#include <random>

#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "sample_programs.h"

namespace callflow {
namespace {

using testing::Bytes;

const Bytes &seed000() {
  static const Bytes bytes = [] {
    std::ifstream in(SEED000_FLOWC, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
  }();
  return bytes;
}

/// Drives a session with answers chosen by `rng` for a bounded number of
/// events: every kind of answer, valid or not.
void runSafely(const Program &P, std::mt19937 &rng) {
  Session s(P);
  static const char *const kValues[] = {"1", "123456", "Dana Lee", "0.00", "payg", "yes", "", "\xff"};
  for (int i = 0; i < 200 && !s.ended(); ++i) {
    const Event &e = s.next();
    if (!e.waiting) continue;
    switch (e.kind) {
    case EventKind::Ask: (void)s.choose(rng() % (e.options.size() + 1)); break;
    case EventKind::TakePayment: (void)(rng() % 2 ? s.acceptPayment() : s.declinePayment()); break;
    case EventKind::Create: (void)(rng() % 2 ? s.acknowledge() : s.provide("1042")); break;
    default:
      for (int tries = 0; tries < 8 && s.waiting(); ++tries)
        if (s.provide(kValues[rng() % std::size(kValues)]) || s.choose(rng() % 4) || s.skip()) break;
      if (s.waiting()) return;
    }
    (void)s.supply(uint32_t(rng() % (P.slots().size() + 1)), "x");
  }
}

TEST(SampleBytecode, IsTheSeed) {
  Loaded l = Program::load(seed000());
  ASSERT_TRUE(l) << l.error.str();
  EXPECT_EQ(l.program->name(), "anything_computers");
  EXPECT_EQ(l.program->steps().size(), 32u);
}

TEST(SampleBytecode, EveryBitFlipIsRejectedByTheCrc) {
  const Bytes &good = seed000();
  ASSERT_GT(good.size(), 1000u);
  for (size_t byte = 0; byte < good.size(); ++byte)
    for (int bit = 0; bit < 8; ++bit) {
      Bytes f = good;
      f[byte] ^= uint8_t(1u << bit);
      Loaded l = Program::load(f);
      ASSERT_FALSE(l) << "byte " << byte << " bit " << bit;
      EXPECT_FALSE(l.error.message.empty());
    }
}

TEST(SampleBytecode, EveryBitFlipWithAFixedCrcIsRejectedOrSafe) {
  // With the CRC recomputed the verifier proper must catch or tolerate
  // each change; the ones it accepts are loaded, listed and run.
  const Bytes &good = seed000();
  ASSERT_EQ(bc::readU16(good.data() + 4), bc::kCompactFormat); // what flowc writes
  const size_t headerEnd = testing::headerEnd(good);
  ASSERT_GT(headerEnd, 10u);
  size_t accepted = 0, rejected = 0, headerRejected = 0;
  std::mt19937 rng(5);
  // Most accepted flips change a letter of a string; those are listed one
  // in 16 (a listing takes longer than the load and the run together).
  const auto [stringsBegin, stringsEnd] = testing::sectionRange(good, bc::SectionKind::Strings);
  for (size_t byte = 0; byte + 4 < good.size(); ++byte)
    for (int bit = 0; bit < 8; ++bit) {
      Bytes f = good;
      f[byte] ^= uint8_t(1u << bit);
      testing::fixCrc(f);
      Loaded l = Program::load(f);
      if (!l) {
        ++rejected;
        headerRejected += byte < headerEnd;
        EXPECT_FALSE(l.error.message.empty());
        EXPECT_LE(l.error.offset, f.size());
        continue;
      }
      ++accepted;
      const bool inStrings = byte >= stringsBegin && byte < stringsEnd;
      if (!inStrings || accepted % 16 == 0) {
        EXPECT_FALSE(disassemble(*l.program).empty());
      }
      runSafely(*l.program, rng);
    }
  EXPECT_GT(accepted, 1000u);  // a letter of a string, one index for another
  EXPECT_GT(rejected, 10000u); // indexes out of range, bad varints, jumps ...
  // Every flip in the header and section table is caught but one: the low
  // bit of the language field (offset 6), English (0) to Russian (1).
  EXPECT_EQ(headerRejected, headerEnd * 8 - 1);
}

TEST(SampleBytecode, EveryTruncationIsRejected) {
  const Bytes &good = seed000();
  for (size_t n = 0; n < good.size(); ++n) {
    Bytes f(good.begin(), good.begin() + long(n));
    Loaded l = Program::load(f);
    EXPECT_FALSE(l) << "accepted a truncation to " << n << " bytes";
    EXPECT_FALSE(l.error.message.empty());
    if (n >= 4) {
      testing::fixCrc(f);
      EXPECT_FALSE(Program::load(f)) << "accepted a truncation to " << n << " bytes, CRC fixed";
    }
  }
}

/// The recorded Pay-As-You-Go remote-session call
/// (samples/anything_computers/calls/payg_remote_session.answers), as
/// session calls, with the state size measured at every event.
TEST(SampleBytecode, StateStaysUnder1KbOverTheRecordedCall) {
  Loaded l = Program::load(seed000());
  ASSERT_TRUE(l) << l.error.str();
  const Program &P = *l.program;
  Session s(P);
  size_t most = s.stateBytes();
  ASSERT_TRUE(s.supply(P.findSlot("agent"), "Sam"));
  std::vector<std::function<Answer()>> answers = {
      [&] { return s.provide("Yes"); },
      [&] { return s.provide("Already Attached to Customer"); },
      [&] { return s.provide("payg"); },
      [&] { return s.provide("0.00"); },
      [&] { return s.provide("Yes"); },
      [&] { return s.provide("Dana Lee"); },
      [&] { return s.provide("Standard"); },
      [&] { return s.provide("1042"); },
      [&] { return s.acceptPayment(); },
  };
  size_t next = 0, events = 0;
  while (!s.ended()) {
    const Event &e = s.next();
    ++events;
    most = std::max(most, s.stateBytes());
    if (!e.waiting) continue;
    ASSERT_LT(next, answers.size()) << "the call asks more than the recording answers";
    ASSERT_TRUE(answers[next++]()) << "answer " << next;
    most = std::max(most, s.stateBytes());
  }
  EXPECT_EQ(next, answers.size());
  EXPECT_EQ(s.current().kind, EventKind::Transfer);
  EXPECT_GT(events, 30u);
  EXPECT_LE(most, 1024u);
  EXPECT_GT(most, 200u); // it measures something
  RecordProperty("max_state_bytes", int(most));
}

TEST(SampleBytecode, StateStaysUnder1KbOverManyCalls) {
  // 300 calls down random paths with valid answers where the flow asks for
  // them (options, record numbers, payments both ways).
  Loaded l = Program::load(seed000());
  ASSERT_TRUE(l) << l.error.str();
  const Program &P = *l.program;
  std::mt19937 rng(11);
  size_t most = 0, ended = 0;
  for (int call = 0; call < 300; ++call) {
    Session s(P);
    (void)s.supply(P.findSlot("agent"), "Samantha Longname-Example");
    for (int i = 0; i < 500 && !s.ended(); ++i) {
      const Event &e = s.next();
      most = std::max(most, s.stateBytes());
      if (!e.waiting) continue;
      Answer a;
      switch (e.kind) {
      case EventKind::Ask: a = s.choose(rng() % e.options.size()); break;
      case EventKind::TakePayment: a = rng() % 2 ? s.acceptPayment() : s.declinePayment(); break;
      case EventKind::Create: a = s.provide(std::to_string(100000 + rng() % 900000)); break;
      default:
        if (!e.options.empty()) a = s.choose(rng() % e.options.size());
        else if (e.type.tag == bc::TypeTag::Enum) // a lookup: any value, by its number
          a = s.provide(std::to_string(1 + rng() % P.enums()[e.type.enumIndex].numValues));
        else if (e.type.tag == bc::TypeTag::Money) a = s.provide("12.50");
        else if (e.type.tag == bc::TypeTag::Number) a = s.provide("3");
        else if (e.type.tag == bc::TypeTag::Bool) a = s.provide("yes");
        else a = s.provide(e.pattern.empty() ? "A description of the customer's issue" : "123456");
      }
      ASSERT_TRUE(a) << a.error;
      most = std::max(most, s.stateBytes());
    }
    ended += s.ended();
  }
  EXPECT_EQ(ended, 300u);
  EXPECT_LE(most, 1024u);
  EXPECT_GT(most, 200u);
  RecordProperty("max_state_bytes", int(most));
}

} // namespace
} // namespace callflow
