// Every statement parses into the right AST node, with expressions at the
// right precedence; `s1->s2` lexes as s1 '->' s2.
#include <gtest/gtest.h>

#include "parse_test_util.h"

using callflow::testing::parseText;

namespace {

/// Parses `body` inside `step s { ... }` and returns the dump of the step's
/// statements (indented four spaces).
std::string stmts(const std::string &body, std::string *diags = nullptr) {
  auto p = parseText("step s {\n" + body + "\n}\n");
  if (diags)
    *diags = p->all();
  else
    EXPECT_EQ(p->all(), "") << body;
  std::string d = p->dump();
  return d.substr(d.find('\n') + 1);
}

TEST(ParseStmts, SayNoteDoTransferEnd) {
  EXPECT_EQ(stmts("say \"Hi {agent}\"\nnote \"quietly\"\ndo \"Notify\"\ndo optional \"Add Worksheet\"\n"
                  "do \"Check invoices\" -> past_due\ntransfer \"Remote Agent\"\nend\nend \"done\""),
            "    Say \"Hi {agent}\" @2:1\n"
            "    Note \"quietly\" @3:1\n"
            "    Do \"Notify\" @4:1\n"
            "    Do optional \"Add Worksheet\" @5:1\n"
            "    Do \"Check invoices\" -> past_due @6:1\n"
            "    Transfer \"Remote Agent\" @7:1\n"
            "    End @8:1\n"
            "    End \"done\" @9:1\n");
}

TEST(ParseStmts, AskWithJumpsAndBlocks) {
  EXPECT_EQ(stmts("ask \"Did the member answer?\" {\n"
                  "  \"Answered\" { say \"Hello\" charge past_due \"Past due amount\" }\n"
                  "  \"No answer\" -> D-2-25\n"
                  "}"),
            "    Ask \"Did the member answer?\" @2:1\n"
            "      Option \"Answered\" @3:3\n"
            "        Say \"Hello\" @3:16\n"
            "        Charge past_due \"Past due amount\" @3:28\n"
            "      Option \"No answer\" -> D-2-25 @4:3\n");
}

TEST(ParseStmts, InputAndSet) {
  EXPECT_EQ(stmts("input past_due\ninput Case.product \"Product name\"\n"
                  "input Ticket.type \"Issue Type\" in help_desk, remote_access\n"
                  "set Case.product = \"PSS Other\"\nset x = Segment.other"),
            "    Input past_due @2:1\n"
            "    Input Case.product \"Product name\" @3:1\n"
            "    Input Ticket.type \"Issue Type\" in help_desk, remote_access @4:1\n"
            "    Set Case.product @5:1\n"
            "      String \"PSS Other\" @5:20\n"
            "    Set x @6:1\n"
            "      Ref Segment.other @6:9\n");
}

TEST(ParseStmts, IfJumpAndIfBlocks) {
  EXPECT_EQ(stmts("if a -> X else -> Y\nif b -> Z\n"
                  "if c { say \"c\" } else if d { goto X } else { end }\nif e { end }"),
            "    IfJump -> X else -> Y @2:1\n"
            "      Ref a @2:4\n"
            "    IfJump -> Z @3:1\n"
            "      Ref b @3:4\n"
            "    IfBlock @4:1\n"
            "      Arm @4:1\n"
            "        Ref c @4:4\n"
            "        Then @4:6\n"
            "          Say \"c\" @4:8\n"
            "      Arm @4:18\n"
            "        Ref d @4:26\n"
            "        Then @4:28\n"
            "          Goto X @4:30\n"
            "      Else @4:44\n"
            "        End @4:46\n"
            "    IfBlock @5:1\n"
            "      Arm @5:1\n"
            "        Ref e @5:4\n"
            "        Then @5:6\n"
            "          End @5:8\n");
}

TEST(ParseStmts, ArrowWithoutSpacesLexesAsArrow) {
  EXPECT_EQ(stmts("if done->s2 else->D-2-8\nask \"q\" { \"A\"->D-2-7 \"B\"->s1 }"),
            "    IfJump -> s2 else -> D-2-8 @2:1\n"
            "      Ref done @2:4\n"
            "    Ask \"q\" @3:1\n"
            "      Option \"A\" -> D-2-7 @3:11\n"
            "      Option \"B\" -> s1 @3:22\n");
}

TEST(ParseStmts, GotoCreateCompleteChargeInvoicePayment) {
  EXPECT_EQ(stmts("goto D-2-9\ncreate Ticket { title = input \"Describe\" type = payg n = input }\n"
                  "complete Case\ncharge 320\ncharge past_due\ninvoice\ntake payment\n"
                  "take payment else -> D-2-30\ntake payment else { end \"declined\" }"),
            "    Goto D-2-9 @2:1\n"
            "    Create Ticket @3:1\n"
            "      Init title @3:17\n"
            "        Input \"Describe\" @3:25\n"
            "      Init type @3:42\n"
            "        Ref payg @3:49\n"
            "      Init n @3:54\n"
            "        Input @3:58\n"
            "    Complete Case @4:1\n"
            "    Charge 320 @5:1\n"
            "    Charge past_due @6:1\n"
            "    Invoice @7:1\n"
            "    TakePayment @8:1\n"
            "    TakePayment else -> D-2-30 @9:1\n"
            "    TakePayment @10:1\n"
            "      Else @10:19\n"
            "        End \"declined\" @10:21\n");
}

TEST(ParseStmts, ExpressionPrecedence) {
  // or < and < not < comparison < is set < primary
  EXPECT_EQ(stmts("set x = not a == b and c is not set or (d) and e is set"),
            "    Set x @2:1\n"
            "      Binary or @2:9\n"
            "        Binary and @2:9\n"
            "          Not @2:9\n"
            "            Binary == @2:13\n"
            "              Ref a @2:13\n"
            "              Ref b @2:18\n"
            "          IsNotSet @2:24\n"
            "            Ref c @2:24\n"
            "        Binary and @2:40\n"
            "          Ref d @2:40\n"
            "          IsSet @2:48\n"
            "            Ref e @2:48\n");
}

TEST(ParseStmts, ArithmeticAndLogicalChainsKeepTheirPrecedence) {
  // `and` and `* /` share a rule with `or` and `+ -` (FlowParser.g4): the
  // adapter binds them first, and every operator leans left.
  EXPECT_EQ(stmts("set x = a + b * c - d / e * f"),
            "    Set x @2:1\n"
            "      Binary - @2:9\n"
            "        Binary + @2:9\n"
            "          Ref a @2:9\n"
            "          Binary * @2:13\n"
            "            Ref b @2:13\n"
            "            Ref c @2:17\n"
            "        Binary * @2:21\n"
            "          Binary / @2:21\n"
            "            Ref d @2:21\n"
            "            Ref e @2:25\n"
            "          Ref f @2:29\n");
  EXPECT_EQ(stmts("set x = a or b and c or d and e and f"),
            "    Set x @2:1\n"
            "      Binary or @2:9\n"
            "        Binary or @2:9\n"
            "          Ref a @2:9\n"
            "          Binary and @2:14\n"
            "            Ref b @2:14\n"
            "            Ref c @2:20\n"
            "        Binary and @2:25\n"
            "          Binary and @2:25\n"
            "            Ref d @2:25\n"
            "            Ref e @2:31\n"
            "          Ref f @2:37\n");
  // A comparison takes whole sums; `not` a whole comparison.
  EXPECT_EQ(stmts("set x = not a * 2 < b - 1 and c"),
            "    Set x @2:1\n"
            "      Binary and @2:9\n"
            "        Not @2:9\n"
            "          Binary < @2:13\n"
            "            Binary * @2:13\n"
            "              Ref a @2:13\n"
            "              Number 2 @2:17\n"
            "            Binary - @2:21\n"
            "              Ref b @2:21\n"
            "              Number 1 @2:25\n"
            "        Ref c @2:31\n");
}

TEST(ParseStmts, Literals) {
  EXPECT_EQ(stmts("set a = 35.00\nset b = 6\nset c = true\nset d = false\nset e = \"t\""),
            "    Set a @2:1\n      Money 35.00 @2:9\n"
            "    Set b @3:1\n      Number 6 @3:9\n"
            "    Set c @4:1\n      Bool true @4:9\n"
            "    Set d @5:1\n      Bool false @5:9\n"
            "    Set e @6:1\n      String \"t\" @6:9\n");
}

TEST(ParseStmts, ComparisonsAreNotAssociative) {
  std::string diags;
  stmts("if a == b == c -> X", &diags);
  EXPECT_NE(diags.find("E0005"), std::string::npos) << diags;
}

TEST(ParseStmts, NodeRangesSpanFirstToLastToken) {
  auto p = parseText("step s { set Ticket.title = \"x\" }");
  auto *st = llvm::cast<callflow::ast::StepDecl>(p->file->decls[0].get());
  const auto &set = *llvm::cast<callflow::ast::SetStmt>(st->body.stmts[0].get());
  llvm::StringRef text(set.range.Start.getPointer(),
                       set.range.End.getPointer() - set.range.Start.getPointer());
  EXPECT_EQ(text, "set Ticket.title = \"x\"");
  llvm::StringRef target(set.target.range.Start.getPointer(),
                         set.target.range.End.getPointer() - set.target.range.Start.getPointer());
  EXPECT_EQ(target, "Ticket.title");
  ASSERT_EQ(set.target.parts.size(), 2u);
  EXPECT_EQ(set.target.parts[1].text(), "title");
}

} // namespace
