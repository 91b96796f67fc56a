// Sessions: event sequences, answers and their validation, copies, state size.
#include <functional>

#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "sample_programs.h"

namespace callflow {
namespace {

std::shared_ptr<const Program> loadPayg() {
  Loaded l = Program::load(testing::buildPaygFlow());
  EXPECT_TRUE(l) << l.error.str();
  return l.program;
}

/// An ask keyed 1, 92 and "*", and an option without a key ("Other").
std::shared_ptr<const Program> loadKeyed() {
  ProgramBuilder b;
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  Label one = b.newLabel(), ninetyTwo = b.newLabel(), star = b.newLabel(), other = b.newLabel();
  b.emitASK_KEYED(b.addPlainText("Code?"), 4);
  b.emitOPTION_KEY(b.addPlainText("Complete"), one, b.addString("1") + 1);
  b.emitOPTION_KEY(b.addPlainText("General callback"), ninetyTwo, b.addString("92") + 1);
  b.emitOPTION_KEY(b.addPlainText("Repeat"), star, b.addString("*") + 1);
  b.emitOPTION_KEY(b.addPlainText("Other"), other, 0);
  const std::pair<Label, const char *> ends[] = {{one, "one"}, {ninetyTwo, "92"}, {star, "star"}, {other, "other"}};
  for (const auto &[l, why] : ends) {
    EXPECT_TRUE(b.bind(l));
    b.emitEND(b.addPlainText(why) + 1);
  }
  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  Loaded l = Program::load(r.bytes);
  EXPECT_TRUE(l) << l.error.str();
  return l.program;
}

TEST(Session, KeyedAskCarriesKeysAndAnswersByKey) {
  auto P = loadKeyed();
  ASSERT_TRUE(P);
  auto endOf = [&](const std::function<Answer(Session &)> &answer) {
    Session s(*P);
    const Event &e = s.next();
    EXPECT_EQ(e.kind, EventKind::Ask);
    EXPECT_EQ(e.optionKeys, (std::vector<std::string>{"1", "92", "*", ""}));
    Answer a = answer(s);
    if (!a) return "refused: " + a.error;
    return s.next().text;
  };
  EXPECT_EQ(endOf([](Session &s) { return s.chooseKey("92"); }), "92");
  EXPECT_EQ(endOf([](Session &s) { return s.chooseKey("*"); }), "star");
  EXPECT_EQ(endOf([](Session &s) { return s.chooseKey("7"); }), "refused: no option has the key '7'");
  EXPECT_EQ(endOf([](Session &s) { return s.chooseKey(""); }), "refused: no option has the key ''");
  // provide(): a typed number is a key, never an option's position.
  EXPECT_EQ(endOf([](Session &s) { return s.provide("1"); }), "one");
  EXPECT_EQ(endOf([](Session &s) { return s.provide("92"); }), "92");
  EXPECT_EQ(endOf([](Session &s) { return s.provide("2"); }),
            "refused: '2' is not a key or a label of the options");
  EXPECT_EQ(endOf([](Session &s) { return s.provide("other"); }), "other"); // the unkeyed one by label
  EXPECT_EQ(endOf([](Session &s) { return s.choose(3); }), "other");
  // An ask without keys has no optionKeys, and chooseKey finds nothing.
  auto payg = loadPayg();
  Session s(*payg);
  ASSERT_TRUE(s.supply(payg->findSlot("agent"), "Dana"));
  while (s.next().kind != EventKind::Ask) {}
  EXPECT_TRUE(s.current().optionKeys.empty());
  EXPECT_FALSE(s.chooseKey("1"));
  EXPECT_TRUE(s.provide("2")); // option numbers as before
}

TEST(Session, PaygHappyPath) {
  auto P = loadPayg();
  Session s(*P);
  ASSERT_TRUE(s.supply(P->findSlot("agent"), "Dana"));
  const Event *e = &s.next();
  EXPECT_EQ(e->kind, EventKind::Say);
  EXPECT_EQ(e->text, "Hello. My name is Dana.");
  EXPECT_EQ(P->string(P->steps()[e->step].id), "D-2-7");
  EXPECT_EQ(s.next().text, "The add-on is $20.00.");
  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::Ask);
  EXPECT_TRUE(e->waiting);
  EXPECT_EQ(e->text, "Remote Support Session?");
  ASSERT_EQ(e->options, (std::vector<std::string>{"Yes", "No"}));
  EXPECT_EQ(&s.next(), e); // still waiting: the same question
  EXPECT_FALSE(s.choose(2));
  ASSERT_TRUE(s.choose(0));

  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::Input);
  EXPECT_EQ(e->text, "Describe the initial issue");
  EXPECT_EQ(P->slotName(e->slot), "Ticket.title");
  Answer bad = s.provide("");
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error, "a value is required");
  EXPECT_EQ(s.next().kind, EventKind::Input); // asked again
  ASSERT_TRUE(s.provide("Printer offline"));
  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::Input);
  ASSERT_TRUE(s.provide("Sam"));

  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::Create);
  EXPECT_TRUE(e->problems.empty()) << e->problems.front();
  ASSERT_EQ(e->fields.size(), 4u); // title, type, tech, priority (default)
  EXPECT_EQ(e->fields[1].value, "Pay As You Go Plan");
  EXPECT_EQ(e->fields[3].value, "2 Normal");
  EXPECT_FALSE(s.choose(0));
  ASSERT_TRUE(s.provide("T-1001"));

  e = &s.next();
  EXPECT_EQ(e->kind, EventKind::Do);
  EXPECT_FALSE(e->waiting);
  EXPECT_EQ(e->text, "Notify Remote Agent. Provide ticket number T-1001");
  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::Do);
  EXPECT_TRUE(e->waiting);
  EXPECT_TRUE(e->optional);
  Answer notMoney = s.provide("twelve");
  EXPECT_FALSE(notMoney);
  EXPECT_NE(notMoney.error.find("not an amount of money"), std::string::npos);
  ASSERT_TRUE(s.provide("$15.50"));

  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::Charge);
  EXPECT_EQ(e->text, "Past due amount");
  EXPECT_EQ(e->amount, 1550);
  EXPECT_EQ(e->itemCode, -1);
  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::Charge);
  EXPECT_EQ(e->itemCode, 320);
  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::Invoice);
  ASSERT_EQ(e->lines.size(), 2u);
  EXPECT_EQ(e->amount, 3550);
  EXPECT_EQ(s.next().text, "Your total is $35.50.");
  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::TakePayment);
  EXPECT_EQ(e->amount, 3550);
  ASSERT_TRUE(s.acceptPayment());

  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::Input);
  EXPECT_EQ(e->pattern, "[0-9]{6}");
  EXPECT_FALSE(s.provide("12ab56"));
  EXPECT_FALSE(s.provide("12345"));
  ASSERT_TRUE(s.provide("123456"));
  EXPECT_EQ(s.next().text, "Code 123456 received.");

  e = &s.next(); // D-2-9: set after create is an update
  ASSERT_EQ(e->kind, EventKind::Update);
  EXPECT_EQ(P->slotName(e->slot), "Ticket.title");
  EXPECT_EQ(e->fields.at(0).value, "Remote session");
  e = &s.next();
  ASSERT_EQ(e->kind, EventKind::Transfer);
  EXPECT_EQ(e->text, "Remote Agent");
  EXPECT_TRUE(s.ended());
  EXPECT_EQ(s.next().kind, EventKind::Transfer);
  EXPECT_TRUE(s.visited(P->findStep("D-2-9")));
  EXPECT_FALSE(s.visited(P->findStep("D-2-10")));
}

/// Runs to the Ask and answers "No": the D-2-10 branch.
Session toD210(const Program &P) {
  Session s(P);
  EXPECT_TRUE(s.supply(P.findSlot("agent"), "Dana"));
  while (s.next().kind != EventKind::Ask) {}
  EXPECT_TRUE(s.choose(1));
  return s;
}

TEST(Session, RestrictedEnumInputAndCompleteProblems) {
  auto P = loadPayg();
  Session s = toD210(*P);
  const Event &e = s.next();
  ASSERT_EQ(e.kind, EventKind::Input);
  EXPECT_EQ(e.options, (std::vector<std::string>{"0 – One Time", "4 – Managed Services Plan"}));
  Answer a = s.provide("payg"); // a value of the enum, but not offered here
  EXPECT_FALSE(a);
  EXPECT_EQ(a.error, "'payg' is not one of: one_time, managed");
  ASSERT_TRUE(s.provide("managed"));
  // asset is required when type == managed; title and tech were never set:
  // no record with an unmet requirement, each is asked for first.
  for (const char *field : {"title", "tech", "asset"}) {
    const Event &ask = s.next();
    ASSERT_EQ(ask.kind, EventKind::Input) << field;
    EXPECT_EQ(P->slotName(ask.slot), std::string("Ticket.") + field);
    ASSERT_EQ(ask.problems.size(), 1u);
    EXPECT_NE(ask.problems[0].find("is not set"), std::string::npos) << ask.problems[0];
    EXPECT_FALSE(ask.hostValue);
    ASSERT_TRUE(s.provide(std::string("the ") + field));
  }
  const Event &c = s.next();
  ASSERT_EQ(c.kind, EventKind::Complete);
  EXPECT_TRUE(c.problems.empty());
  EXPECT_EQ(s.next().kind, EventKind::End);
}

TEST(Session, RuleRefusedAtTheInput) {
  auto P = loadPayg();
  Session s = toD210(*P);
  s.next();
  Answer a = s.choose(0); // one_time: the rule reads only the type, it is decided
  EXPECT_FALSE(a);
  EXPECT_EQ(a.error, "a one-time session is never a ticket");
  EXPECT_FALSE(s.value(P->findSlot("Ticket.type")).isSet());
  EXPECT_EQ(s.next().kind, EventKind::Input); // asked again
  EXPECT_TRUE(s.choose(1));
}

TEST(Session, DeclinedPaymentTakesTheElseBranch) {
  auto P = loadPayg();
  Session s(*P);
  ASSERT_TRUE(s.supply(P->findSlot("agent"), "Dana"));
  while (s.next().kind != EventKind::Ask) {}
  ASSERT_TRUE(s.choose(0));
  for (;;) {
    const Event &e = s.next();
    if (e.kind == EventKind::TakePayment) break;
    if (e.kind == EventKind::Input) {
      ASSERT_TRUE(s.provide("x"));
    } else if (e.kind == EventKind::Create) {
      ASSERT_TRUE(s.acknowledge());
    } else if (e.kind == EventKind::Do && e.waiting) {
      ASSERT_TRUE(s.skip());
    }
  }
  EXPECT_FALSE(s.acknowledge());
  ASSERT_TRUE(s.declinePayment());
  const Event &end = s.next();
  EXPECT_EQ(end.kind, EventKind::End);
  EXPECT_EQ(end.text, "payment declined");
}

TEST(Session, AnswersWithoutAQuestionAreRefused) {
  auto P = loadPayg();
  Session s(*P);
  EXPECT_FALSE(s.choose(0));
  EXPECT_FALSE(s.provide("x"));
  EXPECT_FALSE(s.acceptPayment());
  ASSERT_TRUE(s.supply(P->findSlot("agent"), "Dana"));
  EXPECT_EQ(s.next().kind, EventKind::Say);
  EXPECT_FALSE(s.choose(0));
}

TEST(Session, AutoValueNotSuppliedIsAskedForBeforeTheLine) {
  auto P = loadPayg();
  Session s(*P);
  EXPECT_EQ(s.missingHostValues(), std::vector<uint32_t>{P->findSlot("agent")});
  const Event &e = s.next(); // never "Hello. My name is {agent}."
  ASSERT_EQ(e.kind, EventKind::Input);
  EXPECT_TRUE(e.hostValue);
  EXPECT_EQ(e.slot, P->findSlot("agent"));
  ASSERT_TRUE(s.provide("Dana"));
  EXPECT_EQ(s.next().text, "Hello. My name is Dana.");
}

TEST(Session, CopiesRunIndependently) {
  auto P = loadPayg();
  Session a(*P);
  ASSERT_TRUE(a.supply(P->findSlot("agent"), "Dana"));
  while (a.next().kind != EventKind::Ask) {}
  Session b = a;
  ASSERT_TRUE(a.choose(0));
  ASSERT_TRUE(b.choose(1));
  EXPECT_EQ(a.next().text, "Describe the initial issue");
  EXPECT_EQ(b.next().text, "Which plan?");
  ASSERT_TRUE(a.provide("First"));
  Session c = a;
  ASSERT_TRUE(c.next().kind == EventKind::Input);
  ASSERT_TRUE(c.provide("Tech C"));
  EXPECT_EQ(a.valueText(P->findSlot("Ticket.tech")), "{Ticket.tech}");
  EXPECT_EQ(c.valueText(P->findSlot("Ticket.tech")), "Tech C");
  EXPECT_EQ(c.valueText(P->findSlot("Ticket.title")), "First");
}

TEST(Session, SameAnswersSameEvents) {
  auto P = loadPayg();
  auto transcript = [&] {
    Session s(*P);
    std::string out;
    for (int i = 0; i < 100 && !s.ended(); ++i) {
      const Event &e = s.next();
      out += std::string(eventKindName(e.kind)) + ":" + e.text + "\n";
      if (!e.waiting) continue;
      Answer a;
      if (e.kind == EventKind::Ask) a = s.choose(0);
      else if (e.kind == EventKind::TakePayment) a = s.acceptPayment();
      else if (e.kind == EventKind::Create) a = s.provide("N1");
      else if (e.slot == P->findSlot("code")) a = s.provide("000111");
      else a = s.provide("7.00");
      EXPECT_TRUE(a) << a.error;
    }
    return out;
  };
  std::string first = transcript();
  EXPECT_NE(first.find("transfer:Remote Agent"), std::string::npos);
  EXPECT_EQ(first, transcript());
}

TEST(Session, StateIsSmall) {
  auto P = loadPayg();
  Session s(*P);
  ASSERT_TRUE(s.supply(P->findSlot("agent"), "Dana"));
  while (s.next().kind != EventKind::Ask) {}
  EXPECT_LE(s.stateBytes(), 1024u);
}

/// A one-step program that says each of `lines` (built from pieces).
std::shared_ptr<const Program> sayProgram(
    const std::function<void(ProgramBuilder &, uint32_t)> &sayAll) {
  ProgramBuilder b;
  b.setFlow("lines");
  const uint32_t v = b.addVariable({"who", "", {bc::TypeTag::Text, 0}});
  EXPECT_TRUE(b.beginStep(b.addStep("A")));
  sayAll(b, v);
  b.emitEND(0);
  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  Loaded l = Program::load(r.bytes);
  EXPECT_TRUE(l) << l.error.str();
  return l.program;
}

TEST(Session, LinesRenderWordsPlaceholdersAndRepeats) {
  // The loader joins runs of literal words; placeholders split the runs.
  auto P = sayProgram([](ProgramBuilder &b, uint32_t v) {
    using T = TextPiece;
    b.emitSAY(b.addText({T::lit("Hello  there, "), T::slot(v), T::lit(" and good  bye.")}));
    b.emitSAY(b.addText({T::slot(v), T::lit(" "), T::slot(v)}));
    b.emitSAY(b.addText({T::lit("one")}));
    b.emitSAY(b.addText({T::lit("")}));
    b.emitSAY(b.addText({T::lit("a b a b a b "), T::lit("a")}));
  });
  ASSERT_TRUE(P);
  Session s(*P);
  EXPECT_EQ(s.next().text, "Hello  there, {who} and good  bye.");
  EXPECT_EQ(s.next().text, "{who} {who}");
  EXPECT_EQ(s.next().text, "one");
  EXPECT_EQ(s.next().text, "");
  EXPECT_EQ(s.next().text, "a b a b a b a");
  EXPECT_EQ(s.next().kind, EventKind::End);
  Session t(*P);
  ASSERT_TRUE(t.supply(P->findSlot("who"), "Dana"));
  EXPECT_EQ(t.next().text, "Hello  there, Dana and good  bye.");
  EXPECT_EQ(t.next().text, "Dana Dana");
}

TEST(Session, LinesPastTheJoinBudgetRenderWordByWord) {
  // One long word repeated thousands of times: the program stays small
  // (the word is stored once), joining every line would not. The loader
  // joins up to a bound tied to the file size; the lines must still be whole.
  const std::string word(1000, 'w');
  std::string line;
  for (int i = 0; i < 1000; ++i) line += word + " "; // just below kMaxTextBytes
  auto P = sayProgram([&](ProgramBuilder &b, uint32_t) {
    for (int k = 0; k < 3; ++k) b.emitSAY(b.addText({TextPiece::lit(line + std::to_string(k))}));
  });
  ASSERT_TRUE(P);
  EXPECT_LT(P->bytes().size(), 64u * 1024); // far below the 3 MB of text
  Session s(*P);
  for (int k = 0; k < 3; ++k) {
    const Event &e = s.next();
    ASSERT_EQ(e.kind, EventKind::Say);
    EXPECT_EQ(e.text.size(), line.size() + 1);
    EXPECT_TRUE(e.text == line + std::to_string(k)) << "line " << k << " differs";
  }
}

TEST(Values, MoneySyntax) {
  EXPECT_EQ(parseMoney("20"), 2000);
  EXPECT_EQ(parseMoney("20.5"), 2050);
  EXPECT_EQ(parseMoney("$1,234.56"), 123456);
  EXPECT_EQ(parseMoney("-$3.00"), -300);
  EXPECT_FALSE(parseMoney("1,23"));
  EXPECT_FALSE(parseMoney("1.234"));
  EXPECT_FALSE(parseMoney("abc"));
  EXPECT_FALSE(parseMoney(""));
  EXPECT_FALSE(parseMoney("99999999999999999999"));
  EXPECT_EQ(formatMoney(123456), "$1,234.56");
  EXPECT_EQ(formatMoney(-5), "-$0.05");
  EXPECT_EQ(parseBool("Yes"), true);
  EXPECT_EQ(parseBool("false"), false);
  EXPECT_FALSE(parseBool("maybe"));
  EXPECT_EQ(parseNumber("-42"), -42);
  EXPECT_FALSE(parseNumber("4x"));
}

TEST(Values, OneSignAndTheMoneyLimit) {
  EXPECT_EQ(parseNumber("+5"), 5);
  EXPECT_EQ(parseNumber(" -5 "), -5);
  for (const char *bad : {"+-5", "++5", "-+5", "+", "+ 5", "--5"}) EXPECT_FALSE(parseNumber(bad)) << bad;
  // 2^50 cents is $11,258,999,068,426.24: that and less, never more.
  EXPECT_EQ(parseMoney("11258999068426.24"), bc::kMaxMoney);
  EXPECT_EQ(parseMoney("-11,258,999,068,426.24"), -bc::kMaxMoney);
  EXPECT_FALSE(parseMoney("11258999068426.25"));
  EXPECT_FALSE(parseMoney("11258999068426.99"));
  EXPECT_FALSE(parseMoney("-11258999068426.25"));
  EXPECT_FALSE(parseMoney("11258999068427"));
  EXPECT_EQ(parseNumber("1125899906842624"), bc::kMaxMoney);
  EXPECT_FALSE(parseNumber("1125899906842625"));
}

} // namespace
} // namespace callflow
