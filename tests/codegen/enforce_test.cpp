// What the runtime enforces (docs/language.md, "What the runtime
// enforces"): a value that breaks a form rule is refused at the input that
// gives it, with the rule's message, and asked again; `create`/`complete`
// never produce a record with an unmet requirement (the field is asked
// again first); an `auto` value the host did not supply is asked for before
// the first event that needs it, never read as unset.
#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "codegen/codegen.h"
#include "driver/compilation.h"
#include "llvm/Support/MemoryBuffer.h"

namespace callflow {
namespace {

std::shared_ptr<const Program> build(const std::string &source) {
  driver::Compilation c;
  EXPECT_TRUE(c.loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, "enforce.flow")));
  const sema::Program *p = c.check();
  EXPECT_TRUE(p && p->clean);
  for (const diag::Diagnostic &d : c.diags().diagnostics()) ADD_FAILURE() << d.message;
  if (!p) return nullptr;
  codegen::Result r = codegen::generate(*p, c.sourceMgr());
  EXPECT_TRUE(r) << r.error;
  Loaded l = Program::load(r.bytes);
  EXPECT_TRUE(l) << l.error.str();
  return std::move(l.program);
}

TEST(Enforce, RuleRefusedAtTheInput) {
  auto P = build(R"(flow bk "Bankruptcy"
start A
form Filing "Filing" {
  chapter "Chapter" : number required
  rule "The chapter is 7, 11, 12 or 13" : chapter == 7 or chapter == 11 or chapter == 12 or chapter == 13
}
step A {
  input Filing.chapter "Which chapter?"
  complete Filing
  end
}
)");
  ASSERT_TRUE(P);
  Session s(*P);
  ASSERT_EQ(s.next().kind, EventKind::Input);
  Answer a = s.provide("9");
  EXPECT_FALSE(a);
  EXPECT_EQ(a.error, "The chapter is 7, 11, 12 or 13");
  EXPECT_FALSE(s.value(s.current().slot).isSet()); // the refused value is not kept
  const Event &again = s.next(); // the same question
  ASSERT_EQ(again.kind, EventKind::Input);
  ASSERT_TRUE(s.provide("11"));
  const Event &c = s.next();
  ASSERT_EQ(c.kind, EventKind::Complete);
  EXPECT_TRUE(c.problems.empty());
  ASSERT_EQ(c.fields.size(), 1u);
  EXPECT_EQ(c.fields[0].value, "11");
}

TEST(Enforce, RuleOverTwoFieldsWaitsForBothAndTheRecordAsksAgain) {
  auto P = build(R"(flow order "Order"
start A
var limit "Limit" : number
form Order "Order" {
  qty "Quantity" : number required
  cap "Cap"      : number
  rule "The quantity is within the cap" : qty <= cap
}
step A {
  input Order.qty "How many?"
  input limit "Up to?"
  set Order.cap = limit
  complete Order
  end
}
)");
  ASSERT_TRUE(P);
  Session s(*P);
  ASSERT_EQ(s.next().kind, EventKind::Input);
  ASSERT_TRUE(s.provide("5")); // cap is not set: the rule cannot be decided yet
  ASSERT_EQ(s.next().kind, EventKind::Input);
  ASSERT_TRUE(s.provide("3"));
  // `set` broke the rule: the record is not made; the cap is asked again.
  const Event &e = s.next();
  ASSERT_EQ(e.kind, EventKind::Input);
  EXPECT_EQ(P->slotName(e.slot), "Order.cap");
  ASSERT_EQ(e.problems.size(), 1u);
  EXPECT_EQ(e.problems[0], "The quantity is within the cap");
  EXPECT_FALSE(e.hostValue);
  Answer a = s.provide("4"); // still breaks it: refused at the input
  EXPECT_FALSE(a);
  EXPECT_EQ(a.error, "The quantity is within the cap");
  ASSERT_TRUE(s.provide("10"));
  const Event &c = s.next();
  ASSERT_EQ(c.kind, EventKind::Complete);
  EXPECT_TRUE(c.problems.empty());
  EXPECT_EQ(s.next().kind, EventKind::End);
}

constexpr const char *kAutoFlow = R"(flow ready "Ready"
start A
var ready "Ready to go" : bool auto
step A {
  say "Hello."
  if ready -> B
  end "not ready"
}
step B { end "ready" }
)";

TEST(Enforce, AutoValueAskedBeforeTheFirstEventThatNeedsIt) {
  auto P = build(kAutoFlow);
  ASSERT_TRUE(P);
  Session s(*P);
  const uint32_t ready = P->findSlot("ready");
  EXPECT_EQ(s.missingHostValues(), std::vector<uint32_t>{ready});
  EXPECT_EQ(s.next().text, "Hello."); // needs no host value
  const Event &e = s.next();
  ASSERT_EQ(e.kind, EventKind::Input); // never the `else` with `ready` unset
  EXPECT_TRUE(e.hostValue);
  EXPECT_EQ(e.slot, ready);
  Answer bad = s.provide("maybe");
  EXPECT_FALSE(bad);
  ASSERT_TRUE(s.provide("yes"));
  EXPECT_TRUE(s.missingHostValues().empty());
  const Event &end = s.next();
  ASSERT_EQ(end.kind, EventKind::End);
  EXPECT_EQ(end.text, "ready");
}

TEST(Enforce, AutoValueSuppliedByTheHostAnswersTheQuestion) {
  auto P = build(kAutoFlow);
  ASSERT_TRUE(P);
  Session s(*P);
  s.next();
  ASSERT_TRUE(s.next().hostValue);
  ASSERT_TRUE(s.supply(P->findSlot("ready"), "no"));
  EXPECT_FALSE(s.waiting());
  EXPECT_EQ(s.next().text, "not ready");

  Session given(*P); // supplied before the call: never asked
  ASSERT_TRUE(given.supply(P->findSlot("ready"), "yes"));
  given.next();
  EXPECT_EQ(given.next().text, "ready");
}

TEST(Enforce, AutoValueInALineIsAskedBeforeTheLine) {
  auto P = build(R"(flow hi "Hi"
start A
var agent "Agent name" : text auto
step A {
  say "This is {agent}."
  end
}
)");
  ASSERT_TRUE(P);
  Session s(*P);
  const Event &e = s.next();
  ASSERT_EQ(e.kind, EventKind::Input);
  EXPECT_TRUE(e.hostValue);
  ASSERT_TRUE(s.provide("Ann"));
  EXPECT_EQ(s.next().text, "This is Ann.");
}

} // namespace
} // namespace callflow
