// Resource limits for programs that pass the verifier (crafted ones: a flow
// that checks clean stays far below them). Loading is bounded in the
// patterns it compiles; a session that would render, hold or compute too
// much stops with a failed End event instead of exhausting the host; the
// disassembler cuts what it lists.
#include <functional>

#include <gtest/gtest.h>

#include "callflow/builder.h"
#include "callflow/runtime.h"

namespace callflow {
namespace {

using bc::TypeTag;
constexpr bc::Type kText{TypeTag::Text, 0};

/// Builds a program (one step "S"; `body` emits its code), or fails the test.
std::vector<uint8_t> bytesOf(const std::function<void(ProgramBuilder &)> &body) {
  ProgramBuilder b;
  b.setFlow("limits");
  body(b);
  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}
std::shared_ptr<const Program> load(const std::function<void(ProgramBuilder &)> &body) {
  Loaded l = Program::load(bytesOf(body));
  EXPECT_TRUE(l) << l.error.str();
  return l.program;
}
void begin(ProgramBuilder &b) { EXPECT_TRUE(b.beginStep(b.addStep("S"))); }

/// The session's current event is a failed End whose text contains `what`.
void expectStopped(Session &s, const std::string &what) {
  const Event &e = s.next();
  EXPECT_EQ(e.kind, EventKind::End);
  EXPECT_TRUE(e.failed);
  EXPECT_TRUE(s.ended());
  EXPECT_TRUE(s.failed());
  EXPECT_EQ(e.text.rfind("stopped: ", 0), 0u) << e.text;
  EXPECT_NE(e.text.find(what), std::string::npos) << e.text;
  EXPECT_LE(e.text.size(), 200u);
}

/// A text of `parts` copies of one string of `size` bytes (no spaces: one
/// word, stored once).
uint32_t repeatedText(ProgramBuilder &b, size_t size, unsigned parts) {
  const uint32_t word = b.addString(std::string(size, 'w'));
  b.beginText();
  for (unsigned i = 0; i < parts; ++i) b.textPart(bc::PartTag::Literal, word);
  return b.endText();
}

TEST(Limits, DoublingTextStopsAtTheLineLimit) {
  // x = "{x}{x}" in a silent loop: each pass doubles x inside one next().
  auto P = load([](ProgramBuilder &b) {
    const uint32_t x = b.addVariable({"x", "", kText});
    begin(b);
    const uint32_t dbl = b.addText({TextPiece::slot(x), TextPiece::slot(x)});
    Label loop = b.newLabel();
    EXPECT_TRUE(b.bind(loop));
    b.emitPUSH_TEXT(dbl);
    b.emitSET(x);
    b.emitJUMP(loop);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  ASSERT_TRUE(s.supply(0, "ab"));
  expectStopped(s, "renders to more than 1048576 bytes");
  EXPECT_LE(s.value(0).kind == ValueKind::Text ? s.valueText(0).size() : 0, kMaxTextBytes);
  EXPECT_EQ(&s.next(), &s.current()); // ended: the same event again
  EXPECT_TRUE(s.next().failed);
}

TEST(Limits, AmplifiedLineStopsAtTheLineLimit) {
  // 4096 parts naming one 1 MiB string: a 4 GiB line from a 1 MB file.
  auto P = load([](ProgramBuilder &b) {
    begin(b);
    b.emitSAY(repeatedText(b, bc::kMaxStringLength, unsigned(bc::kMaxTextParts)));
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  EXPECT_LT(P->bytes().size(), 2u << 20);
  Session s(*P);
  expectStopped(s, "renders to more than");
  EXPECT_LT(s.stateBytes(), 4096u);

  // The listing cuts the text instead of writing gigabytes.
  const std::string d = disassemble(*P);
  EXPECT_LT(d.size(), 8u << 10);
  EXPECT_NE(d.find("SAY t0 [\"wwww"), std::string::npos);
  EXPECT_NE(d.find("... (cut)]"), std::string::npos);
}

TEST(Limits, ATextJustBelowTheLimitRenders) {
  auto P = load([](ProgramBuilder &b) {
    begin(b);
    b.emitSAY(repeatedText(b, kMaxTextBytes / 4, 4));
    b.emitSAY(repeatedText(b, kMaxTextBytes / 4, 5));
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  EXPECT_EQ(s.next().text.size(), kMaxTextBytes);
  expectStopped(s, "renders to more than");
}

TEST(Limits, TemporariesOfOneEventAreBounded) {
  // One statement comparing 1 MB texts 20 times: 40 MB of temporaries,
  // each text within the line limit.
  auto P = load([](ProgramBuilder &b) {
    begin(b);
    const uint32_t big = repeatedText(b, 1000000, 1);
    for (int i = 0; i < 20; ++i) {
      b.emitPUSH_TEXT(big);
      b.emitPUSH_TEXT(big);
      b.emitEQ();
      if (i > 0) b.emitAND();
    }
    Label done = b.newLabel();
    b.emitJUMP_IF_NOT(done);
    EXPECT_TRUE(b.bind(done));
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  expectStopped(s, "the texts of one event pass 16777216 bytes");
}

TEST(Limits, TemporariesOfALoopAreFreedAndCounted) {
  // A silent loop rendering a 100 KB text into a variable: the temporaries
  // are dropped after each statement, and their bytes count against the
  // event's budget, which stops the loop long before the instruction budget.
  auto P = load([](ProgramBuilder &b) {
    const uint32_t x = b.addVariable({"x", "", kText});
    begin(b);
    const uint32_t t = repeatedText(b, 100000, 1);
    Label loop = b.newLabel();
    EXPECT_TRUE(b.bind(loop));
    b.emitPUSH_TEXT(t);
    b.emitSET(x);
    b.emitJUMP(loop);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  expectStopped(s, "the texts of one event pass");
}

TEST(Limits, TextsASessionHoldsAreBounded) {
  // 17 fields set to 1 MB texts, one event apart: the session would hold
  // 17 MB of text.
  auto P = load([](ProgramBuilder &b) {
    const uint32_t form = b.addForm("F", "");
    std::vector<uint32_t> fields;
    for (int i = 0; i < 17; ++i) fields.push_back(b.addField(form, {"f" + std::to_string(i), "", kText}));
    begin(b);
    const uint32_t big = repeatedText(b, 1000000, 1);
    const uint32_t line = b.addPlainText("set");
    for (uint32_t f : fields) {
      b.emitPUSH_TEXT(big);
      b.emitSET(f);
      b.emitSAY(line);
    }
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(s.next().text, "set") << i;
  expectStopped(s, "F.f16 cannot hold the value set: the call would hold more than 16777216 bytes");
}

TEST(Limits, DefaultsThatDoNotFitStopTheSession) {
  auto P = load([](ProgramBuilder &b) {
    std::vector<uint32_t> vars;
    for (int i = 0; i < 17; ++i) vars.push_back(b.addVariable({"v" + std::to_string(i), "", kText}));
    const uint32_t big = repeatedText(b, 1000000, 1);
    for (uint32_t v : vars) {
      const uint32_t e = b.beginExpr();
      b.emitPUSH_TEXT(big);
      b.endExpr();
      b.setSlotDefault(v, e);
    }
    begin(b);
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  EXPECT_TRUE(s.ended());
  expectStopped(s, "the default of v16 does not fit");
}

TEST(Limits, AnswersThatDoNotFitAreRefused) {
  auto P = load([](ProgramBuilder &b) {
    const uint32_t x = b.addVariable({"x", "", kText});
    begin(b);
    b.emitINPUT(x, 0, 0);
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  ASSERT_EQ(s.next().kind, EventKind::Input);
  const std::string tooLong(kMaxTextBytes + 1, 'a');
  Answer a = s.provide(tooLong);
  EXPECT_FALSE(a);
  EXPECT_NE(a.error.find("longer than the limit of 1048576"), std::string::npos) << a.error;
  EXPECT_TRUE(s.waiting()); // asked again
  EXPECT_FALSE(s.supply(0, tooLong));
  EXPECT_TRUE(s.provide(std::string(kMaxTextBytes, 'a')));
  EXPECT_EQ(s.next().kind, EventKind::End);
  EXPECT_FALSE(s.failed());
}

TEST(Limits, ASilentLoopIsAFailedEnd) {
  auto P = load([](ProgramBuilder &b) {
    begin(b);
    Label self = b.newLabel();
    EXPECT_TRUE(b.bind(self));
    b.emitJUMP(self);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  expectStopped(s, "instructions without producing an event");
}

TEST(Limits, ConditionsTakeFromTheInstructionBudget) {
  // 2000 fields share one required-when condition of 100,000 instructions:
  // a CREATE would run 2 * 10^8 of them.
  auto P = load([](ProgramBuilder &b) {
    const uint32_t when = b.beginExpr();
    b.emitPUSH_BOOL(0);
    for (int i = 0; i < 100000; ++i) b.emitNOT();
    b.endExpr();
    const uint32_t form = b.addForm("F", "");
    for (int i = 0; i < 2000; ++i) b.setSlotWhen(b.addField(form, {"f" + std::to_string(i), "", kText}), when);
    begin(b);
    b.emitCREATE(form);
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  expectStopped(s, "instructions without producing an event");
}

TEST(Limits, SlotsSharingAPatternCompileItOnce) {
  // 65,535 slots with one 1,901-instruction pattern: compiled per slot it
  // would take gigabytes.
  auto P = load([](ProgramBuilder &b) {
    SlotSpec spec{"v", "", kText};
    spec.pattern = "(?:a{100}){19}";
    for (uint32_t i = 0; i < bc::kMaxSlots; ++i) {
      spec.name = "v" + std::to_string(i);
      b.addVariable(spec);
    }
    begin(b);
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  const Pattern *first = P->pattern(0), *last = P->pattern(uint32_t(bc::kMaxSlots - 1));
  ASSERT_TRUE(first && last);
  EXPECT_EQ(first->programSize(), 1901u);
  EXPECT_TRUE(last->matches(std::string(1900, 'a')));
  EXPECT_FALSE(last->matches(std::string(1899, 'a')));
}

TEST(Limits, DistinctPatternsAreBoundedInAll) {
  auto bytes = [](int patterns) {
    return bytesOf([&](ProgramBuilder &b) {
      for (int i = 0; i < patterns; ++i) {
        SlotSpec spec{"v" + std::to_string(i), "", kText};
        spec.pattern = "(?:a{100}){19}" + std::to_string(i);
        b.addVariable(spec);
      }
      begin(b);
      b.emitEND(0);
    });
  };
  // About 1,904 instructions each: 500 fit in 2^20, 560 do not.
  EXPECT_TRUE(Program::load(bytes(500)));
  Loaded l = Program::load(bytes(560));
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error.section, "SLOTS");
  EXPECT_NE(l.error.message.find("the patterns compile to more than 1048576 instructions in all"),
            std::string::npos)
      << l.error.str();
}

TEST(Limits, APatternOfNestedEmptyRepeatsLoads) {
  // ((((){1000}){1000}){1000}){1000} used to make the loader loop 10^12 times.
  auto P = load([](ProgramBuilder &b) {
    SlotSpec spec{"code", "", kText};
    spec.pattern = "((((){1000}){1000}){1000}){1000}";
    b.addVariable(spec);
    begin(b);
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  EXPECT_TRUE(P->pattern(0)->matches(""));
  EXPECT_FALSE(P->pattern(0)->matches("x"));
}

TEST(Limits, APatternPastTheSizeLimitDoesNotLoad) {
  // .*(a|aa){1000}b is 5,004 instructions; matching a 1 MB answer against
  // it took 82 s. Crafted bytecode carrying it is rejected on load, at the
  // pattern string.
  ProgramBuilder b;
  b.setFlow("limits");
  SlotSpec spec{"code", "", kText};
  spec.pattern = ".*(a|aa){1000}b";
  b.addVariable(spec);
  begin(b);
  b.emitEND(0);
  BuildResult r = b.serialize();
  ASSERT_TRUE(r) << r.error;
  Loaded l = Program::load(r.bytes);
  ASSERT_FALSE(l);
  EXPECT_NE(l.error.message.find("pattern of slot 0 does not compile: pattern too large: '{1000}' "
                                 "needs more than 2000 instructions"),
            std::string::npos)
      << l.error.str();
}

TEST(Limits, AnAnswerToAPatternIsAtMostTheMatchersInputLimit) {
  // The largest pattern on the longest answer is bounded work; a longer
  // answer is refused before the engine reads it, and asked again.
  auto P = load([](ProgramBuilder &b) {
    SlotSpec spec{"code", "", kText};
    spec.pattern = ".*(a|aa){399}b";
    const uint32_t x = b.addVariable(spec);
    begin(b);
    b.emitINPUT(x, 0, 0);
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  ASSERT_EQ(s.next().kind, EventKind::Input);
  Answer a = s.provide(std::string(100000, 'a') + "b");
  EXPECT_FALSE(a);
  EXPECT_EQ(a.error, "the value is too long: 100001 bytes, and a value with a pattern is at most 4096");
  EXPECT_TRUE(s.waiting());
  EXPECT_FALSE(s.provide(std::string(kPatternMaxInput, 'a'))); // no final b
  EXPECT_TRUE(s.provide(std::string(kPatternMaxInput - 1, 'a') + "b"));
  EXPECT_EQ(s.next().kind, EventKind::End);
}

// ---- per-call limits (SessionOptions) ---------------------------------------

/// A step that loops forever making `say` events, with no question.
std::shared_ptr<const Program> sayLoop(size_t lineBytes) {
  return load([&](ProgramBuilder &b) {
    begin(b);
    const uint32_t line = lineBytes ? repeatedText(b, lineBytes, 1) : b.addPlainText("hello");
    Label loop = b.newLabel();
    EXPECT_TRUE(b.bind(loop));
    b.emitSAY(line);
    b.emitJUMP(loop);
  });
}

TEST(Limits, AnEndlessSayLoopStopsAtTheEventsPerAnswerLimit) {
  auto P = sayLoop(0);
  ASSERT_TRUE(P);
  Session s(*P);
  const uint64_t limit = P->code().size() + kEventSlack; // the default
  uint64_t says = 0;
  while (!s.ended() && says <= limit + 1) {
    if (s.next().kind == EventKind::Say) ++says;
  }
  EXPECT_EQ(says, limit);
  EXPECT_EQ(s.current().stopped, StopReason::EventsPerAnswer);
  expectStopped(s, "the flow made " + std::to_string(limit) + " events without waiting for an answer");
  EXPECT_STREQ(stopReasonName(s.current().stopped), "events_per_answer");
  // The host may set it.
  SessionOptions o;
  o.maxEventsPerAnswer = 10;
  Session t(*P, o);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(t.next().kind, EventKind::Say) << i;
  expectStopped(t, "the flow made 10 events without waiting for an answer");
}

TEST(Limits, AnswersStartTheEventCountAgain) {
  // ask -> 3 says -> ask ...: with a limit of 4 events per answer the call
  // goes on as long as the host answers.
  auto P = load([](ProgramBuilder &b) {
    begin(b);
    const uint32_t q = b.addPlainText("again?"), line = b.addPlainText("hello");
    Label top = b.newLabel();
    EXPECT_TRUE(b.bind(top));
    b.emitASK(q, 1);
    Label after = b.newLabel();
    b.emitOPTION(q, after);
    EXPECT_TRUE(b.bind(after));
    for (int i = 0; i < 3; ++i) b.emitSAY(line);
    b.emitJUMP(top);
  });
  ASSERT_TRUE(P);
  SessionOptions o;
  o.maxEventsPerAnswer = 4;
  Session s(*P, o);
  for (int round = 0; round < 100; ++round) {
    ASSERT_EQ(s.next().kind, EventKind::Ask) << round;
    ASSERT_TRUE(s.choose(0));
    for (int i = 0; i < 3; ++i) ASSERT_EQ(s.next().kind, EventKind::Say) << round;
  }
  EXPECT_FALSE(s.ended());
  // With 3, the 3 says after the answer use it up, and the next ask is the
  // fourth event since the answer: the stop.
  o.maxEventsPerAnswer = 3;
  Session t(*P, o);
  ASSERT_EQ(t.next().kind, EventKind::Ask);
  ASSERT_TRUE(t.choose(0));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(t.next().kind, EventKind::Say);
  expectStopped(t, "the flow made 3 events without waiting for an answer");
  EXPECT_EQ(t.current().stopped, StopReason::EventsPerAnswer);
}

TEST(Limits, ASayLoopOfLongLinesStopsAtTheOutputLimit) {
  // 1 MB lines: the default 256 MiB of output is 256 events, long before
  // the events-per-answer limit.
  auto P = sayLoop(1 << 20);
  ASSERT_TRUE(P);
  Session s(*P);
  uint64_t bytes = 0, says = 0;
  while (!s.ended() && says < 1000) {
    const Event &e = s.next();
    if (e.kind == EventKind::Say) ++says, bytes += e.text.size();
  }
  EXPECT_EQ(says, 256u);
  EXPECT_LE(bytes, SessionOptions{}.maxOutputBytes);
  EXPECT_EQ(s.current().stopped, StopReason::OutputBytes);
  expectStopped(s, "the events of the call pass 268435456 bytes of text");
  SessionOptions o;
  o.maxOutputBytes = 10 << 20;
  Session t(*P, o);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(t.next().kind, EventKind::Say) << i;
  expectStopped(t, "the events of the call pass 10485760 bytes of text");
}

TEST(Limits, AnEndlessChargeLoopStopsAtTheChargesLimit) {
  auto P = load([](ProgramBuilder &b) {
    const uint32_t item = b.addItem(320, "REMOTE SESSION", 2000);
    begin(b);
    Label loop = b.newLabel();
    EXPECT_TRUE(b.bind(loop));
    b.emitCHARGE_ITEM(item);
    b.emitJUMP(loop);
  });
  ASSERT_TRUE(P);
  Session s(*P);
  uint64_t charges = 0;
  while (!s.ended() && charges <= SessionOptions{}.maxCharges + 1) {
    if (s.next().kind == EventKind::Charge) ++charges;
  }
  EXPECT_EQ(charges, SessionOptions{}.maxCharges);
  EXPECT_EQ(s.current().stopped, StopReason::Charges);
  expectStopped(s, "the flow ran more than 10000 charges");
  EXPECT_LT(s.stateBytes(), 1u << 20);
  SessionOptions o;
  o.maxCharges = 3;
  Session t(*P, o);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(t.next().kind, EventKind::Charge) << i;
  expectStopped(t, "the flow ran more than 3 charges");
}

// ---- the range of money -------------------------------------------------------

/// charge `first`, charge `second`, invoice, take payment, end.
std::shared_ptr<const Program> twoCharges() {
  return load([](ProgramBuilder &b) {
    const uint32_t a = b.addVariable({"a", "", {bc::TypeTag::Money, 0}});
    const uint32_t c = b.addVariable({"c", "", {bc::TypeTag::Money, 0}});
    begin(b);
    const uint32_t label = b.addPlainText("amount");
    for (uint32_t slot : {a, c}) {
      b.emitPUSH_SLOT(slot);
      b.emitCHARGE_AMOUNT(label);
    }
    b.emitINVOICE();
    Label declined = b.newLabel();
    b.emitPAY(declined);
    b.emitEND(0);
    EXPECT_TRUE(b.bind(declined));
    b.emitEND(0);
  });
}

TEST(Limits, ChargesPastTheRangeOfMoneyEndTheCallInsteadOfSaturating) {
  // Two charges of the largest amount: the total was saturated to one of
  // them, and the payment taken for half of what was charged.
  auto P = twoCharges();
  ASSERT_TRUE(P);
  Session s(*P);
  ASSERT_TRUE(s.supply(0, "11,258,999,068,426.24"));
  ASSERT_TRUE(s.supply(1, "11,258,999,068,426.24"));
  ASSERT_EQ(s.next().kind, EventKind::Charge);
  EXPECT_EQ(s.current().amount, bc::kMaxMoney);
  const Event &e = s.next();
  EXPECT_EQ(e.kind, EventKind::End);
  EXPECT_TRUE(e.failed);
  EXPECT_EQ(e.stopped, StopReason::MoneyRange);
  EXPECT_STREQ(stopReasonName(e.stopped), "money_range");
  EXPECT_EQ(e.text, "stopped: the total of the open charges would be out of the range of money "
                    "(-$11,258,999,068,426.24 to $11,258,999,068,426.24)");
  EXPECT_TRUE(s.ended());

  // Just inside the range the total is exact.
  Session t(*P);
  ASSERT_TRUE(t.supply(0, "11,258,999,068,426.23"));
  ASSERT_TRUE(t.supply(1, "0.01"));
  ASSERT_EQ(t.next().kind, EventKind::Charge);
  ASSERT_EQ(t.next().kind, EventKind::Charge);
  const Event &inv = t.next();
  ASSERT_EQ(inv.kind, EventKind::Invoice);
  EXPECT_EQ(inv.amount, bc::kMaxMoney);
  const Event &pay = t.next();
  ASSERT_EQ(pay.kind, EventKind::TakePayment);
  EXPECT_EQ(pay.amount, bc::kMaxMoney);
}

TEST(Limits, NegativeChargesPastTheRangeEndTheCallToo) {
  auto P = twoCharges();
  ASSERT_TRUE(P);
  Session s(*P);
  ASSERT_TRUE(s.supply(0, "-11,258,999,068,426.24"));
  ASSERT_TRUE(s.supply(1, "-0.01"));
  ASSERT_EQ(s.next().kind, EventKind::Charge);
  EXPECT_EQ(s.next().stopped, StopReason::MoneyRange);
  // A large charge and its refund total zero, exactly.
  Session t(*P);
  ASSERT_TRUE(t.supply(0, "11,258,999,068,426.24"));
  ASSERT_TRUE(t.supply(1, "-11,258,999,068,426.24"));
  t.next();
  t.next();
  EXPECT_EQ(t.next().amount, 0); // the invoice
}

TEST(Limits, MoneyArithmeticIsChecked) {
  int64_t out = 7;
  EXPECT_TRUE(bc::addMoney(bc::kMaxMoney - 1, 1, out));
  EXPECT_EQ(out, bc::kMaxMoney);
  out = 7;
  EXPECT_FALSE(bc::addMoney(bc::kMaxMoney, 1, out));
  EXPECT_FALSE(bc::addMoney(-bc::kMaxMoney, -1, out));
  EXPECT_FALSE(bc::addMoney(INT64_MAX, INT64_MIN, out)); // operands out of range
  EXPECT_EQ(out, 7);
  EXPECT_TRUE(bc::mulMoney(bc::kMaxMoney / 100, 100, out));
  EXPECT_EQ(out, bc::kMaxMoney / 100 * 100);
  EXPECT_FALSE(bc::mulMoney(bc::kMaxMoney / 100 + 1, 100, out));
  EXPECT_FALSE(bc::mulMoney(2, INT64_MIN, out));
  EXPECT_FALSE(bc::mulMoney(INT64_MIN, 1, out));
  EXPECT_TRUE(bc::mulMoney(-3, 4, out));
  EXPECT_EQ(out, -12);
  EXPECT_TRUE(bc::mulMoney(0, INT64_MIN, out));
  EXPECT_EQ(out, 0);
}

TEST(Limits, TheListingStopsAtItsSizeLimit) {
  auto P = load([](ProgramBuilder &b) {
    begin(b);
    const uint32_t t = b.addPlainText("a line to read");
    for (int i = 0; i < 10000; ++i) b.emitSAY(t);
    b.emitEND(0);
  });
  ASSERT_TRUE(P);
  const std::string whole = disassemble(*P);
  EXPECT_GT(whole.size(), 200000u);
  EXPECT_EQ(whole.find("the listing stops here"), std::string::npos);
  DisasmOptions o;
  o.maxBytes = 10000;
  const std::string cut = disassemble(*P, o);
  EXPECT_LT(cut.size(), 10200u);
  EXPECT_EQ(cut.substr(cut.size() - 51), "; the listing stops here: it passed its size limit\n");
  EXPECT_EQ(whole.compare(0, 9000, cut, 0, 9000), 0); // the same listing, cut
}

} // namespace
} // namespace callflow
