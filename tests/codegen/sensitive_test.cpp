// Sensitive values end to end (docs/language.md "Sensitive values"): the
// slot flag is written in format 4 only when used, the host reads the value
// in full, refusals never quote it, the journal keeps a Withheld record
// without it, and a session replayed from such records asks for the value
// again where it is read, saying why.
#include <algorithm>

#include <gtest/gtest.h>

#include "callflow/journal.h"
#include "callflow/runtime.h"
#include "codegen/codegen.h"
#include "driver/compilation.h"
#include "llvm/Support/MemoryBuffer.h"

namespace callflow {
namespace {

std::vector<uint8_t> compile(const std::string &source, bool compact = true) {
  driver::Compilation c;
  EXPECT_TRUE(c.loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, "sensitive.flow")));
  const sema::Program *p = c.check();
  EXPECT_TRUE(p && p->clean);
  for (const diag::Diagnostic &d : c.diags().diagnostics()) ADD_FAILURE() << d.message;
  if (!p) return {};
  codegen::Options o;
  o.compact = compact;
  codegen::Result r = codegen::generate(*p, c.sourceMgr(), o);
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}

std::string cardFlow(const char *modifier) {
  return std::string(R"(flow card "Card"
start A
form Payment "Payment" {
  holder "Card holder" : text required
  cvv "Security code" : text required )") +
         modifier + R"( matches "[0-9]{3,4}" as "3 or 4 digits"
}
step A {
  input Payment.holder
  input Payment.cvv
  create Payment { }
  end
}
)";
}

bool contains(const std::vector<uint8_t> &bytes, const std::string &s) {
  return std::search(bytes.begin(), bytes.end(), s.begin(), s.end()) != bytes.end();
}

TEST(Sensitive, FlagIsFormatFourOnlyWhenUsed) {
  // In the legacy container (format 5 holds everything format 4 does).
  std::vector<uint8_t> with = compile(cardFlow("sensitive"), false), without = compile(cardFlow(""), false);
  ASSERT_GT(with.size(), 8u);
  ASSERT_GT(without.size(), 8u);
  EXPECT_EQ(with[4], 4);    // the flag needs format 4
  EXPECT_LT(without[4], 4); // a flow without it is written as before
  Loaded l = Program::load(with);
  ASSERT_TRUE(l) << l.error.str();
  const uint32_t cvv = l.program->findSlot("Payment.cvv"), holder = l.program->findSlot("Payment.holder");
  EXPECT_TRUE(l.program->slots()[cvv].isSensitive());
  EXPECT_FALSE(l.program->slots()[holder].isSensitive());
  Loaded plain = Program::load(without);
  ASSERT_TRUE(plain) << plain.error.str();
  EXPECT_FALSE(plain.program->slots()[plain.program->findSlot("Payment.cvv")].isSensitive());
  // The same file saying format 3: the flag is unknown there.
  std::vector<uint8_t> old = with;
  old[4] = 3;
  const uint32_t crc = bc::crc32(old.data(), old.size() - 4);
  for (int i = 0; i < 4; ++i) old[old.size() - 4 + i] = uint8_t(crc >> (8 * i));
  std::optional<LoadError> err = verifyBytecode(old);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->section, "SLOTS");
  EXPECT_NE(err->message.find("unknown flags"), std::string::npos) << err->str();
}

TEST(Sensitive, HostReadsItRefusalsDoNotQuoteIt) {
  std::vector<uint8_t> bytes = compile(cardFlow("sensitive"));
  Loaded l = Program::load(bytes);
  ASSERT_TRUE(l);
  Session s(*l.program);
  ASSERT_EQ(s.next().kind, EventKind::Input);
  ASSERT_TRUE(s.provide("Dana Lee"));
  ASSERT_EQ(s.next().kind, EventKind::Input);
  Answer bad = s.provide("12AB");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error, "the value is not in the expected form: 3 or 4 digits");
  ASSERT_TRUE(s.provide("8317"));
  const Event &c = s.next();
  ASSERT_EQ(c.kind, EventKind::Create);
  ASSERT_EQ(c.fields.size(), 2u);
  EXPECT_EQ(c.fields[1].value, "8317"); // the host's record has it in full
  EXPECT_EQ(s.valueText(l.program->findSlot("Payment.cvv")), "8317");
}

TEST(Sensitive, JournalWithholdsItAndReplayAsksAgain) {
  std::vector<uint8_t> bytes = compile(cardFlow("sensitive"));
  Loaded l = Program::load(bytes);
  ASSERT_TRUE(l);
  const Program &P = *l.program;
  const uint32_t cvv = P.findSlot("Payment.cvv");
  // The first run: what the journal would keep of each answer.
  Session s(P);
  std::vector<JournalAnswer> kept;
  for (const char *typed : {"Dana Lee", "8317"}) {
    const Event before = s.next();
    ASSERT_EQ(before.kind, EventKind::Input);
    JournalAnswer a;
    a.kind = JournalAnswer::Kind::Provide, a.text = typed, a.origin = 7;
    ASSERT_TRUE(a.applyTo(s));
    kept.push_back(a.journaled(before, P));
  }
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].kind, JournalAnswer::Kind::Provide); // the holder: as given
  EXPECT_EQ(kept[0].text, "Dana Lee");
  EXPECT_EQ(kept[1].kind, JournalAnswer::Kind::Withheld);
  EXPECT_EQ(kept[1].index, cvv);
  EXPECT_EQ(kept[1].origin, 7u);
  EXPECT_TRUE(kept[1].text.empty());
  const std::vector<uint8_t> payload = kept[1].encode();
  EXPECT_FALSE(contains(payload, "8317"));
  EXPECT_TRUE(contains(kept[0].encode(), "Dana Lee")); // the control: a value is found when it is there
  JournalAnswer back;
  ASSERT_TRUE(JournalAnswer::decode(payload, back));
  EXPECT_EQ(back, kept[1]);
  // A supply of a sensitive slot is withheld too, as a WithheldSupply.
  JournalAnswer sup;
  sup.kind = JournalAnswer::Kind::Supply, sup.index = cvv, sup.text = "8317";
  EXPECT_EQ(sup.journaled(Event{}, P).kind, JournalAnswer::Kind::WithheldSupply);
  EXPECT_FALSE(contains(sup.journaled(Event{}, P).encode(), "8317"));

  // The replay: the slot is unset; the create asks for it again, saying why.
  Session r(P);
  for (const JournalAnswer &a : kept) {
    ASSERT_TRUE(r.next().waiting);
    ASSERT_TRUE(a.applyTo(r));
  }
  EXPECT_FALSE(r.value(cvv).isSet());
  EXPECT_TRUE(r.withheld(cvv));
  const Event &again = r.next();
  ASSERT_EQ(again.kind, EventKind::Input);
  EXPECT_EQ(again.slot, cvv);
  ASSERT_EQ(again.problems.size(), 1u);
  EXPECT_NE(again.problems[0].find("'Payment.cvv' (Security code) is sensitive: it was entered before the call was "
                                   "resumed, and the journal does not keep sensitive values"),
            std::string::npos)
      << again.problems[0];
  ASSERT_TRUE(r.provide("8317"));
  const Event &c = r.next();
  ASSERT_EQ(c.kind, EventKind::Create);
  EXPECT_TRUE(c.problems.empty());
  EXPECT_EQ(c.fields[1].value, "8317");
  // Replaying (flowrun --resume): the create the call passed before is
  // replayed without asking (the record was made then); after the replay a
  // read asks.
  Session q(P);
  q.setReplaying(true);
  for (const JournalAnswer &a : kept) {
    ASSERT_TRUE(q.next().waiting);
    ASSERT_TRUE(a.applyTo(q));
  }
  const Event &made = q.next();
  ASSERT_EQ(made.kind, EventKind::Create);
  EXPECT_TRUE(made.problems.empty());
  ASSERT_EQ(made.fields.size(), 1u); // the holder; the code is not there to show
  q.setReplaying(false);
  // Only a sensitive slot can be withheld.
  Session t(P);
  t.next();
  EXPECT_FALSE(t.withhold(P.findSlot("Payment.holder")));
}

} // namespace
} // namespace callflow
