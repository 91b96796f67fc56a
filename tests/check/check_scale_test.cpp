// Path explosion: 200 chained diamonds (2^200 paths) are checked by the
// linear path queries, and the one violation is found with its path.
#include <chrono>

#include <gtest/gtest.h>

#include "check_support.h"
#include "flow_gen.h"

using namespace callflow;

TEST(CheckScale, TwoHundredDiamondsCleanHasNoDiagnostics) {
  auto c = checktest::checkText(checktest::genDiamonds(200, false));
  EXPECT_TRUE(c->program->clean) << c->dump();
  EXPECT_EQ(c->diags->diagnostics().size(), 0u) << c->dump();
}

TEST(CheckScale, TwoHundredDiamondsFindsTheViolationAndItsPath) {
  auto start = std::chrono::steady_clock::now();
  auto c = checktest::checkText(checktest::genDiamonds(200, true));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(secs, 10.0);
  ASSERT_EQ(c->diags->diagnostics().size(), 1u) << c->dump();
  const diag::Diagnostic &d = c->diags->diagnostics()[0];
  EXPECT_EQ(d.id, diag::DiagId::MissingConditionalField);
  ASSERT_EQ(d.notes.size(), 1u);
  const std::string &path = d.notes[0].message;
  // Shortest: one arm per diamond, the last one the right arm.
  EXPECT_EQ(path.rfind("path: S-0 (option \"Left\") → L-0 → S-1", 0), 0u) << path;
  EXPECT_NE(path.find("→ S-199 (option \"Right\") → R-199 → S-200"), std::string::npos) << path;
  size_t arrows = 0;
  for (size_t i = path.find("→"); i != std::string::npos; i = path.find("→", i + 1))
    ++arrows;
  EXPECT_EQ(arrows, 400u);
}

// Every diamond after the first tests the interaction before its ask and
// shows the alias in that branch: the alias is set on every path on which
// the branch can be taken, so only the final create is a violation (the
// searches track the known interaction, not 2^200 paths).
TEST(CheckScale, GuardedDiamondsRaiseNoFalseAlarm) {
  auto clean = checktest::checkText(checktest::genDiamonds(200, false, true));
  EXPECT_EQ(clean->diags->diagnostics().size(), 0u) << clean->dump();
  auto bad = checktest::checkText(checktest::genDiamonds(200, true, true));
  ASSERT_EQ(bad->diags->diagnostics().size(), 1u) << bad->dump();
  EXPECT_EQ(bad->diags->diagnostics()[0].id, diag::DiagId::MissingConditionalField);
}
