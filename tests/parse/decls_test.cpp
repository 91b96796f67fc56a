// Declarations parse into the right AST: flow, start, import, catalog,
// enum, form (fields with every modifier, rules), var, section, step with
// attributes; soft keywords as names; the language sketch's example file.
#include <gtest/gtest.h>

#include "parse_test_util.h"

using callflow::testing::parseText;

namespace {

TEST(ParseDecls, SketchExampleMatchesGolden) {
  auto p = parseText(callflow::testing::readSourceFile("tests/parse/testdata/sketch.flow"));
  EXPECT_EQ(p->all(), "");
  EXPECT_EQ(p->dump(), callflow::testing::readSourceFile("tests/parse/testdata/sketch.ast"));
}

TEST(ParseDecls, FlowStartImport) {
  auto p = parseText("flow f \"Title\"\nstart D-2-1\nimport \"common/x.flow\"\nflow g\n");
  EXPECT_EQ(p->all(), "");
  EXPECT_EQ(p->dump(), "  FlowDecl f \"Title\" @1:1\n"
                       "  StartDecl D-2-1 @2:1\n"
                       "  ImportDecl \"common/x.flow\" @3:1\n"
                       "  FlowDecl g @4:1\n");
}

TEST(ParseDecls, CatalogItemsKeepDecimals) {
  auto p = parseText("catalog USD { 310 \"A\" 35.00 320 \"B\" 20.5 }");
  EXPECT_EQ(p->all(), "");
  auto *c = llvm::dyn_cast<callflow::ast::CatalogDecl>(p->file->decls.at(0).get());
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->items.size(), 2u);
  EXPECT_EQ(c->currency.text(), "USD");
  EXPECT_EQ(c->items[0].code, 310);
  EXPECT_EQ(c->items[0].price->cents, 3500);
  EXPECT_EQ(c->items[0].price->decimals, 2);
  EXPECT_EQ(c->items[1].price->cents, 2050);
  EXPECT_EQ(c->items[1].price->decimals, 1);
  EXPECT_EQ(c->items[1].name.literal(), "B");
}

TEST(ParseDecls, EnumLabelsAreOptional) {
  auto p = parseText("enum E { a \"A\" b c \"C\" }");
  EXPECT_EQ(p->all(), "");
  EXPECT_EQ(p->dump(), "  EnumDecl E @1:1\n"
                       "    Value a \"A\" @1:10\n"
                       "    Value b @1:16\n"
                       "    Value c \"C\" @1:18\n");
}

TEST(ParseDecls, FormFieldModifiersInAnyOrder) {
  auto p = parseText(R"(form Case "Case" {
  alias "Alias" : text required when interaction == internal_employee matches "[a-z]+"
  notes : text matches "x" required when action == feedback
  oem "OEM" : text suggest "OEM-3 – Russia" "OEM-3 – Ukraine" unused
  prio : Priority = normal auto required
  rule "A Microsoft employee is segment Other" :
    interaction != internal_employee or segment == other
})");
  EXPECT_EQ(p->all(), "");
  EXPECT_EQ(p->dump(),
            R"(  FormDecl Case "Case" @1:1
    Field alias "Alias" : text matches "[a-z]+" @2:3
      RequiredWhen
        Binary == @2:38
          Ref interaction @2:38
          Ref internal_employee @2:53
    Field notes : text matches "x" @3:3
      RequiredWhen
        Binary == @3:42
          Ref action @3:42
          Ref feedback @3:52
    Field oem "OEM" : text unused suggest "OEM-3 – Russia" "OEM-3 – Ukraine" @4:3
    Field prio : Priority required auto @5:3
      Default
        Ref normal @5:21
    Rule "A Microsoft employee is segment Other" @6:3
      Binary or @7:5
        Binary != @7:5
          Ref interaction @7:5
          Ref internal_employee @7:20
        Binary == @7:41
          Ref segment @7:41
          Ref other @7:52
)");
}

TEST(ParseDecls, VarDecls) {
  auto p = parseText("var agent \"Agent name\" : text auto\n"
                     "var code : text matches \"[0-9]{6}\"\n"
                     "var n : number = 3\n");
  EXPECT_EQ(p->all(), "");
  EXPECT_EQ(p->dump(), "  VarDecl agent \"Agent name\" : text auto @1:1\n"
                       "  VarDecl code : text matches \"[0-9]\\{6\\}\" @2:1\n"
                       "  VarDecl n : number @3:1\n"
                       "    Default\n"
                       "      Number 3 @3:18\n");
}

TEST(ParseDecls, SectionsStepsAttributesAndRoles) {
  auto p = parseText(R"(section "Leads" by "Team Director" {
  @allow(unreachable-step, maybe-unset) @allow(price-mismatch)
  step D-2-4 "One Time Support" by "Agent" { end }
  step D-2-21 { end }
}
step A { end }
)");
  EXPECT_EQ(p->all(), "");
  EXPECT_EQ(p->dump(), R"(  SectionDecl "Leads" by "Team Director" @1:1
    StepDecl D-2-4 "One Time Support" by "Agent" @2:3
      Attribute allow(unreachable-step, maybe-unset) @2:3
      Attribute allow(price-mismatch) @2:41
      End @3:46
    StepDecl D-2-21 @4:3
      End @4:17
  StepDecl A @6:1
    End @6:10
)");
  const auto *sec = llvm::cast<callflow::ast::SectionDecl>(p->file->decls[0].get());
  // The step's range runs from its first attribute to its closing brace.
  EXPECT_EQ(sec->steps[0]->range.Start.getPointer(), sec->steps[0]->attributes[0].range.Start.getPointer());
  EXPECT_EQ(*(sec->steps[0]->range.End.getPointer() - 1), '}');
}

TEST(ParseDecls, SoftKeywordsAreNames) {
  auto p = parseText(R"(form F {
  payment : money
  optional : bool
  by : text
  when : text
  in : text
  is : text
  suggest : text
  matches : text
  price : money
  total : money
  number : number
}
step s { set F.payment = price  if payment is set and by == in -> s  end }
)");
  EXPECT_EQ(p->all(), "");
  auto *f = llvm::cast<callflow::ast::FormDecl>(p->file->decls[0].get());
  ASSERT_EQ(f->fields.size(), 11u);
  EXPECT_EQ(f->fields[0].name.text(), "payment");
  EXPECT_EQ(f->fields[8].name.text(), "price");
  EXPECT_EQ(f->fields[10].type.name.text(), "number");
}

TEST(ParseDecls, EmptyFileIsAnEmptyFile) {
  auto p = parseText("");
  EXPECT_EQ(p->all(), "");
  EXPECT_TRUE(p->file->decls.empty());
  auto q = parseText("  // only a comment\n/* and another */\n");
  EXPECT_EQ(q->all(), "");
  EXPECT_TRUE(q->file->decls.empty());
  ASSERT_EQ(q->file->comments.size(), 2u);
  EXPECT_EQ(q->file->comments[0].text, "// only a comment");
  EXPECT_EQ(q->file->comments[1].text, "/* and another */");
}

} // namespace
