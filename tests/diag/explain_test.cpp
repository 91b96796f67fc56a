// What `flowc explain` shows (diag/explain.h): every code has an
// explanation, codes, names and warning flags find their diagnostics, and
// an example is shown without its test expectations.
#include "diag/explain.h"

#include <gtest/gtest.h>

using namespace callflow::diag;

TEST(Explain, EveryCodeIsExplained) {
  for (const DiagInfo &d : allDiagInfos()) {
    Explanation x = explanation(d.id);
    EXPECT_GT(std::string(x.meaning).size(), 20u) << d.code << " has no explanation in explain.def";
    EXPECT_GT(std::string(x.fix).size(), 5u) << d.code << " says not how to fix it";
  }
}

TEST(Explain, FindsCodesNamesAndFlags) {
  ASSERT_EQ(findDiags("E0202").size(), 1u);
  EXPECT_EQ(findDiags("e0202")[0]->id, DiagId::FallsOffEnd);
  EXPECT_EQ(findDiags("FallsOffEnd")[0]->id, DiagId::FallsOffEnd);
  ASSERT_EQ(findDiags("price-mismatch").size(), 1u);
  EXPECT_EQ(findDiags("price-mismatch")[0]->id, DiagId::PriceMismatch);
  EXPECT_EQ(findDiags("maybe-unset").size(), 2u); // W0305 and W0306
  EXPECT_TRUE(findDiags("no-such-thing").empty());
  EXPECT_TRUE(findDiags("").empty()); // errors have an empty flag: not a match
}

TEST(Explain, ExampleWithoutExpectations) {
  const char *file = "// a step that can run off its end\n"
                     "flow example \"Example\"\n"
                     "step A {\n"
                     "  // expected-error@+2 {{step 'A' can run off [E0202]}}\n"
                     "  //   expected-note@+1 {{did you mean?}}\n"
                     "  say \"and then?\"   // expected-warning {{x}}\n"
                     "  say \"http://example.org\" // a comment that stays\n"
                     "}\n";
  EXPECT_EQ(designerExample(file), "// a step that can run off its end\n"
                                    "flow example \"Example\"\n"
                                    "step A {\n"
                                    "  say \"and then?\"\n"
                                    "  say \"http://example.org\" // a comment that stays\n"
                                    "}\n");
  EXPECT_EQ(designerExample("// expected-error@1 {{no flow [E0101]}}\n\nstart A\n"), "start A\n");
}
