// Syntax and lexical errors: readable messages on the right lines, recovery
// (ten errors -> ten diagnostics), unterminated strings and comments,
// invalid escapes and placeholders, unexpected characters, big numbers.
#include <gtest/gtest.h>

#include "parse_test_util.h"

using callflow::testing::parseText;
using callflow::diag::DiagId;

namespace {

TEST(ParseErrors, TenErrorsTenDiagnostics) {
  auto p = parseText(R"(flow f "x"
step s1 { say }
step s2 { goto }
step s3 { foo }
step s4 { set = 3 }
step s5 { ask "q" { "A" -> } }
step s6 { input }
step s7 { create { } }
step s8 { charge }
step s9 { say "x" -> }
step s10 { if -> X }
step s11 { end }
)");
  auto d = p->diagnostics();
  ASSERT_EQ(d.size(), 10u) << p->all();
  for (size_t i = 0; i < d.size(); ++i) {
    EXPECT_EQ(d[i].rfind(std::to_string(i + 2) + ":", 0), 0u) << d[i];
    EXPECT_NE(d[i].find("E0005"), std::string::npos) << d[i];
  }
  // The steps after each error still parse.
  EXPECT_EQ(p->file->decls.size(), 12u);
}

TEST(ParseErrors, ErrorAfterValidDeclarations) {
  // Declarations are parsed one at a time; the LL re-parse after an error
  // starts at the failing declaration: the ones before are built once
  // (their diagnostics reported once), the ones after still parse.
  auto p = parseText(R"(flow f "x"
step s1 { say "bad \q escape" }
section "S" { step s2 { say "a" } step s3 { goto } step s4 { end } }
step s5 { end }
)");
  auto d = p->diagnostics();
  ASSERT_EQ(d.size(), 2u) << p->all();
  EXPECT_EQ(d[0].rfind("2:20 E0009", 0), 0u) << d[0];
  EXPECT_EQ(p->count(DiagId::InvalidEscape), 1u) << p->all();
  EXPECT_EQ(d[1].rfind("3:50 E0005", 0), 0u) << d[1];
  ASSERT_EQ(p->file->decls.size(), 4u);
  EXPECT_NE(p->dump().find("s5"), std::string::npos);
}

TEST(ParseErrors, ErrorAfterReleasedTokens) {
  // Thousands of declarations: the tokens of finished ones are released
  // (4096-token chunks); an error at the end still parses and reports.
  std::string src;
  for (int i = 0; i < 3000; ++i)
    src += "step s" + std::to_string(i) + " { say \"line {x} " + std::to_string(i) +
           "\" goto s" + std::to_string(i + 1) + " }\n";
  src += "step s3000 { goto }\nstep s3001 { end }\n";
  auto p = parseText(src);
  auto d = p->diagnostics();
  ASSERT_EQ(d.size(), 1u) << p->all();
  EXPECT_EQ(d[0].rfind("3001:19 E0005", 0), 0u) << d[0];
  EXPECT_EQ(p->file->decls.size(), 3002u);
}

TEST(ParseErrors, JunkBetweenDeclarationsIsSkippedOnce) {
  // The LL re-parse starts at the failing declaration; junk there is
  // skipped to the next declaration as anywhere else in the file (also at
  // the very start), not taken as the end of the file.
  for (const char *src : {"step s1 { end }\nfoTicket \"T\" { x }\nvar a : text\nstep s2 { end }\n",
                          "ase junk \"words\"\nvar a : text\nstep s2 { end }\n"}) {
    auto p = parseText(src);
    auto d = p->diagnostics();
    ASSERT_EQ(d.size(), 1u) << p->all();
    EXPECT_NE(d[0].find("E0005 unexpected '"), std::string::npos) << d[0];
    EXPECT_NE(d[0].find("expected a declaration"), std::string::npos) << d[0];
    EXPECT_NE(p->dump().find("VarDecl a"), std::string::npos) << p->dump();
    EXPECT_NE(p->dump().find("StepDecl s2"), std::string::npos) << p->dump();
  }
}

TEST(ParseErrors, MessagesAreReadable) {
  auto p = parseText("step s {\n  say \"a\"\n  foo\n}\nstep t { goto }\nstep u { if x { end } else }");
  std::string all = p->all();
  EXPECT_NE(all.find("3:3 E0005 unexpected 'foo'; expected a statement"), std::string::npos) << all;
  EXPECT_NE(all.find("5:15 E0005 expected a name before '}'"), std::string::npos) << all;
  EXPECT_NE(all.find("6:28 E0005 unexpected '}' after 'else'"), std::string::npos) << all;
  for (const char *bad : {"<EOF>", "T__", "LBRACE", "RBRACE", "STR_OPEN", "extraneous", "mismatched"})
    EXPECT_EQ(all.find(bad), std::string::npos) << bad << " in\n" << all;
}

TEST(ParseErrors, MissingCloseBraceNamesTheStep) {
  auto p = parseText("flow f\nstep D-2-7 \"Remote Support?\" {\n  say \"x\"\n");
  ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
  const auto &d = p->diags->diagnostics()[0];
  EXPECT_EQ(d.message, "expected '}' to close step 'D-2-7'");
  // Where the '}' belongs: right after the block's last token, not at the
  // end of the file.
  EXPECT_EQ(p->diagnostics()[0].rfind("3:10 E0005", 0), 0u) << p->all();
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(*d.notes[0].range.Start.getPointer(), '{');
  // Before the next step, too: not at that step, two lines later.
  auto q = parseText("step A {\n  say \"x\"\n\n// B\nstep B { end }\n");
  EXPECT_NE(q->all().find("2:10 E0005 expected '}' to close step 'A'"), std::string::npos) << q->all();
  EXPECT_EQ(q->file->decls.size(), 2u);
}

TEST(ParseErrors, UnterminatedString) {
  auto p = parseText("step s {\n  say \"never closed\n  end\n}\n");
  ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
  EXPECT_EQ(p->diagnostics()[0], "2:7 E0006 unterminated string");
}

TEST(ParseErrors, UnterminatedComment) {
  auto p = parseText("step s { end }\n/* never closed\nstep t { end }\n");
  ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
  EXPECT_EQ(p->diagnostics()[0], "2:1 E0007 unterminated block comment");
  EXPECT_EQ(p->file->decls.size(), 1u);
  auto q = parseText("step s { end } /* a ** b */ /***/");
  EXPECT_EQ(q->all(), "");
  EXPECT_EQ(q->file->comments.size(), 2u);
}

TEST(ParseErrors, InvalidEscape) {
  auto p = parseText("step s { say \"bad \\q escape\" end }");
  ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
  EXPECT_EQ(p->diagnostics()[0], "1:19 E0009 unknown escape sequence '\\q' in a string");
}

TEST(ParseErrors, InvalidPlaceholders) {
  auto p = parseText("step s {\n say \"a {} b\"\n say \"{ 12 }\"\n say \"{x\"\n say \"{x.}\"\n say \"{price}\" end }");
  auto d = p->diagnostics();
  ASSERT_EQ(d.size(), 4u) << p->all();
  EXPECT_EQ(d[0], "2:9 E0012 invalid placeholder '{}'; expected {name}, {Form.field} or {price CODE}");
  EXPECT_EQ(d[1].substr(0, 19), "3:7 E0012 invalid p");
  EXPECT_EQ(d[2].substr(0, 9), "4:7 E0012");
  EXPECT_EQ(d[3].substr(0, 9), "5:7 E0012");
  EXPECT_EQ(p->count(DiagId::SyntaxError), 0u);
}

TEST(ParseErrors, UnexpectedCharacter) {
  auto p = parseText("step s { say \"a\" $ end }");
  ASSERT_EQ(p->diags->diagnostics().size(), 1u) << p->all();
  EXPECT_EQ(p->diagnostics()[0], "1:18 E0014 unexpected character '$'");
}

TEST(ParseErrors, NumberOutOfRange) {
  auto p = parseText("step s { charge 99999999999999999999999 end }\ncatalog USD { 1 \"a\" 999999999999999999999.00 }");
  ASSERT_EQ(p->diags->diagnostics().size(), 2u) << p->all();
  EXPECT_EQ(p->diagnostics()[0], "1:17 E0013 number '99999999999999999999999' is out of range");
  EXPECT_EQ(p->diagnostics()[1].substr(0, 10), "2:21 E0013");
}

TEST(ParseErrors, PartialFileStillBuilt) {
  auto p = parseText("flow f \"t\"\nstep a { say }\nstep b { end }\n");
  EXPECT_EQ(p->count(DiagId::SyntaxError), 1u);
  ASSERT_EQ(p->file->decls.size(), 3u);
  EXPECT_TRUE(llvm::isa<callflow::ast::StepDecl>(p->file->decls[2].get()));
}

} // namespace
