// The expected-* verifier: matching both ways, offsets, counts, notes.
#include "diag/verify.h"

#include <gtest/gtest.h>

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace callflow::diag;

namespace {
struct Source {
  llvm::SourceMgr sm;
  unsigned id;
  explicit Source(const std::string &text) {
    id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "v.flow"), llvm::SMLoc());
  }
  llvm::SMRange line(unsigned n) {
    return {sm.FindLocForLineAndColumn(id, n, 1), sm.FindLocForLineAndColumn(id, n, 1)};
  }
};
} // namespace

TEST(Verify, MatchedExpectationPasses) {
  Source s("// expected-error@+1 {{step 'X' is not defined [E0102]}}\ngoto X\n");
  DiagnosticEngine e(s.sm);
  e.report(DiagId::UndefinedStep, s.line(2), {"X"});
  VerifyResult r = verifyDiagnostics(e, {s.id});
  EXPECT_TRUE(r.ok) << (r.problems.empty() ? "" : r.problems[0]);
}

TEST(Verify, MissingAndUnexpectedBothFail) {
  Source s("// expected-error@+1 {{[E0102]}}\ngoto X\n");
  DiagnosticEngine e(s.sm);
  e.report(DiagId::FallsOffEnd, s.line(2), {"A"});
  VerifyResult r = verifyDiagnostics(e, {s.id});
  ASSERT_FALSE(r.ok);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("not seen"), std::string::npos);
  EXPECT_NE(r.problems[1].find("unexpected error"), std::string::npos);
}

TEST(Verify, WrongLineFails) {
  Source s("// expected-error@+2 {{[E0102]}}\ngoto X\n\n");
  DiagnosticEngine e(s.sm);
  e.report(DiagId::UndefinedStep, s.line(2), {"X"});
  EXPECT_FALSE(verifyDiagnostics(e, {s.id}).ok);
}

TEST(Verify, NotesAndCountsAndAbsoluteLines) {
  Source s("goto X // expected-error 2 {{[E0102]}}\n"
           "// expected-note@1 {{path: A}}\n");
  DiagnosticEngine e(s.sm);
  e.report(DiagId::UndefinedStep, s.line(1), {"X"}).note(s.line(1), "path: A -> B");
  e.report(DiagId::UndefinedStep, s.line(1), {"X"});
  VerifyResult r = verifyDiagnostics(e, {s.id});
  EXPECT_TRUE(r.ok) << (r.problems.empty() ? "" : r.problems[0]);
  e.report(DiagId::UndefinedStep, s.line(1), {"X"}); // a third one is unexpected
  EXPECT_FALSE(verifyDiagnostics(e, {s.id}).ok);
}

TEST(Verify, NoDiagnosticsDirective) {
  Source s("// expected-no-diagnostics\nstep A { end }\n");
  DiagnosticEngine e(s.sm);
  EXPECT_TRUE(verifyDiagnostics(e, {s.id}).ok);
  e.report(DiagId::FallsOffEnd, s.line(2), {"A"});
  EXPECT_FALSE(verifyDiagnostics(e, {s.id}).ok);
}

TEST(Verify, FileWithoutExpectationsMustSaySo) {
  Source s("step A { end }\n");
  DiagnosticEngine e(s.sm);
  EXPECT_FALSE(verifyDiagnostics(e, {s.id}).ok);
}
