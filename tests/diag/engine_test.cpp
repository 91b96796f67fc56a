// The DiagnosticEngine: formatting, severities, warning options,
// suppression regions, the error and warning limits, sorting and text rendering.
#include "diag/diagnostic.h"
#include "diag/render.h"

#include <gtest/gtest.h>

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace callflow::diag;

namespace {
struct Fixture {
  llvm::SourceMgr sm;
  const char *text;
  explicit Fixture(const char *src) {
    sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "t.flow"), llvm::SMLoc());
    text = sm.getMemoryBuffer(1)->getBufferStart();
  }
  llvm::SMRange at(size_t off, size_t len) {
    return {llvm::SMLoc::getFromPointer(text + off), llvm::SMLoc::getFromPointer(text + off + len)};
  }
};
} // namespace

TEST(Engine, FormatsArgumentsAndKeepsOtherBraces) {
  EXPECT_EQ(formatMessage("step '{0}' is not {1}", {"D-2-9", "defined"}),
            "step 'D-2-9' is not defined");
  EXPECT_EQ(formatMessage("expected {name} or {0}", {"x"}), "expected {name} or x");
}

TEST(Engine, CountsErrorsAndWarnings) {
  Fixture f("step A { goto B }\n");
  DiagnosticEngine e(f.sm);
  e.report(DiagId::UndefinedStep, f.at(14, 1), {"B"});
  e.report(DiagId::UnreachableStep, f.at(5, 1), {"A", "S"});
  EXPECT_EQ(e.errorCount(), 1u);
  EXPECT_EQ(e.warningCount(), 1u);
  EXPECT_EQ(e.diagnostics()[0].messageWithCode(), "step 'B' is not defined [E0102]");
}

TEST(Engine, WarningOptionsDisableAndPromote) {
  Fixture f("step A { }\n");
  WarningOptions o;
  ASSERT_TRUE(o.apply("no-unreachable-step"));
  ASSERT_FALSE(o.apply("no-such-warning"));
  DiagnosticEngine quiet(f.sm, o);
  EXPECT_FALSE(quiet.report(DiagId::UnreachableStep, f.at(5, 1), {"A", "S"}).active());
  EXPECT_EQ(quiet.warningCount(), 0u);

  WarningOptions w;
  ASSERT_TRUE(w.apply("error"));
  DiagnosticEngine strict(f.sm, w);
  strict.report(DiagId::UnreachableStep, f.at(5, 1), {"A", "S"});
  EXPECT_EQ(strict.errorCount(), 1u);
  EXPECT_EQ(strict.diagnostics()[0].severity, Severity::Error);

  WarningOptions one;
  ASSERT_TRUE(one.apply("error=single-option"));
  DiagnosticEngine mixed(f.sm, one);
  mixed.report(DiagId::UnreachableStep, f.at(5, 1), {"A", "S"});
  mixed.report(DiagId::SingleOptionAsk, f.at(5, 1));
  EXPECT_EQ(mixed.warningCount(), 1u);
  EXPECT_EQ(mixed.errorCount(), 1u);
}

TEST(Engine, SuppressionRegionsDropOnlyTheirFlag) {
  Fixture f("step A { say \"x\" }\nstep B { }\n");
  DiagnosticEngine e(f.sm);
  e.addSuppression("unreachable-step", f.at(0, 18));
  EXPECT_FALSE(e.report(DiagId::UnreachableStep, f.at(5, 1), {"A", "S"}).active());
  EXPECT_TRUE(e.report(DiagId::UnreachableStep, f.at(24, 1), {"B", "S"}).active());
  EXPECT_TRUE(e.report(DiagId::SingleOptionAsk, f.at(5, 1)).active());
  // Errors are never suppressed.
  EXPECT_TRUE(e.report(DiagId::FallsOffEnd, f.at(5, 1), {"A"}).active());
}

TEST(Engine, ErrorLimitReportsOnceAndStops) {
  Fixture f("x\n");
  DiagnosticEngine e(f.sm);
  e.setErrorLimit(2);
  for (int i = 0; i < 10; ++i)
    e.report(DiagId::UndefinedStep, f.at(0, 1), {"x"});
  ASSERT_EQ(e.diagnostics().size(), 3u);
  EXPECT_EQ(e.diagnostics()[2].id, DiagId::TooManyErrors);
}

TEST(Engine, WarningLimitReportsOnceAndStops) {
  Fixture f("x\n");
  DiagnosticEngine e(f.sm);
  e.setWarningLimit(2);
  for (int i = 0; i < 10; ++i)
    e.report(DiagId::UnreachableStep, f.at(0, 1), {"x", "s"});
  // Errors are not limited by it.
  EXPECT_TRUE(e.report(DiagId::UndefinedStep, f.at(0, 1), {"x"}).active());
  ASSERT_EQ(e.diagnostics().size(), 4u);
  EXPECT_EQ(e.diagnostics()[2].id, DiagId::TooManyWarnings);
  EXPECT_EQ(e.diagnostics()[2].message, "too many warnings; stopping after 2");
  EXPECT_EQ(e.warningCount(), 3u);
  EXPECT_EQ(e.errorCount(), 1u);

  // Warnings turned into errors count against the error limit instead.
  WarningOptions w;
  ASSERT_TRUE(w.apply("error"));
  DiagnosticEngine strict(f.sm, w);
  strict.setWarningLimit(2);
  for (int i = 0; i < 5; ++i)
    strict.report(DiagId::UnreachableStep, f.at(0, 1), {"x", "s"});
  EXPECT_EQ(strict.errorCount(), 5u);

  // -Wno-warning-limit keeps the limit but drops the notice.
  WarningOptions q;
  ASSERT_TRUE(q.apply("no-warning-limit"));
  DiagnosticEngine quiet(f.sm, q);
  quiet.setWarningLimit(2);
  for (int i = 0; i < 5; ++i)
    quiet.report(DiagId::UnreachableStep, f.at(0, 1), {"x", "s"});
  EXPECT_EQ(quiet.diagnostics().size(), 2u);
}

TEST(Engine, ForkKeepsOptionsAndAppendAppliesTheLimits) {
  Fixture f("step A { }\nstep B { }\n");
  WarningOptions o;
  ASSERT_TRUE(o.apply("error=unreachable-step"));
  DiagnosticEngine e(f.sm, o);
  e.addSuppression("price-mismatch", f.at(0, 10));
  e.setErrorLimit(3);
  e.report(DiagId::UndefinedStep, f.at(0, 1), {"x"});
  DiagnosticEngine aside = e.fork();
  // The fork promotes and suppresses as `e` does, and has no limit.
  for (int i = 0; i < 4; ++i)
    aside.report(DiagId::UnreachableStep, f.at(16, 1), {"B", "S"});
  EXPECT_FALSE(aside.report(DiagId::PriceMismatch, f.at(5, 1), {"$1", "item 1"}).active());
  EXPECT_TRUE(aside.report(DiagId::PriceMismatch, f.at(16, 1), {"$1", "item 1"}).active());
  EXPECT_EQ(aside.errorCount(), 4u);
  ASSERT_EQ(aside.diagnostics().size(), 5u);
  EXPECT_EQ(aside.diagnostics()[0].severity, Severity::Error);
  // Appended after what `e` has, under its error limit of 3: two of the
  // four errors, then the one TooManyErrors; the warning is kept.
  e.append(std::move(aside));
  ASSERT_EQ(e.diagnostics().size(), 5u);
  EXPECT_EQ(e.diagnostics()[0].id, DiagId::UndefinedStep);
  EXPECT_EQ(e.diagnostics()[1].id, DiagId::UnreachableStep);
  EXPECT_EQ(e.diagnostics()[2].id, DiagId::UnreachableStep);
  EXPECT_EQ(e.diagnostics()[3].id, DiagId::TooManyErrors);
  EXPECT_EQ(e.diagnostics()[4].id, DiagId::PriceMismatch);
  EXPECT_EQ(e.errorCount(), 4u);
  EXPECT_EQ(e.warningCount(), 1u);
}

TEST(Engine, SortsByPositionAndRendersClangStyle) {
  Fixture f("step A {\n  goto Б\n}\n");
  DiagnosticEngine e(f.sm);
  e.report(DiagId::UndefinedStep, f.at(16, 2), {"Б"}).note(f.at(5, 1), "in step 'A'");
  e.report(DiagId::FallsOffEnd, f.at(5, 1), {"A"});
  auto sorted = e.sortedDiagnostics();
  ASSERT_EQ(sorted.size(), 2u);
  EXPECT_EQ(sorted[0].id, DiagId::FallsOffEnd);
  std::string out;
  llvm::raw_string_ostream os(out);
  renderText(f.sm, sorted[1], os);
  EXPECT_NE(out.find("t.flow:2:8: error: step 'Б' is not defined [E0102]"), std::string::npos) << out;
  EXPECT_NE(out.find("t.flow:1:6: note: in step 'A'"), std::string::npos) << out;
  EXPECT_NE(out.find("^"), std::string::npos);
}

TEST(Engine, ColumnsCountCodePoints) {
  Fixture f("say \"Привет\" x\n");
  LineCol lc = lineColumn(f.sm, f.at(19, 1).Start); // 'x' after 6 two-byte letters
  EXPECT_EQ(lc.line, 1u);
  EXPECT_EQ(lc.column, 14u);
}

/// renderText of one diagnostic at bytes [off, off + len) of `src`, with a
/// fix-it over the same bytes when `fix` is not empty.
std::string renderAt(const char *src, size_t off, size_t len, const std::string &fix = "") {
  Fixture f(src);
  DiagnosticEngine e(f.sm);
  auto b = e.report(DiagId::UndefinedStep, f.at(off, len), {"x"});
  if (!fix.empty())
    b.fixit(f.at(off, len), fix);
  std::string out;
  llvm::raw_string_ostream os(out);
  renderText(f.sm, e.diagnostics()[0], os);
  return os.str();
}

TEST(Engine, CaretsOnNonAsciiLines) {
  // LLVM's SMDiagnostic::print dropped the caret and fix-it lines of any
  // line with a non-ASCII byte; columns were bytes. Cyrillic: two bytes,
  // one column.
  EXPECT_EQ(renderAt("step B { say \"Привет\" goto Я }\n", 35, 2, "B"),
            "t.flow:1:29: error: step 'x' is not defined [E0102]\n"
            "step B { say \"Привет\" goto Я }\n"
            "                            ^~\n"
            "                            B\n");
  // CJK: two columns each; a tab: to the next multiple of eight.
  EXPECT_EQ(renderAt("\tsay \"日本\" goto X\n", 19, 1),
            "t.flow:1:16: error: step 'x' is not defined [E0102]\n"
            "        say \"日本\" goto X\n"
            "                        ^\n");
  // A combining accent takes no column on screen (it is a code point of
  // the location's column).
  EXPECT_EQ(renderAt("say \"e\xCC\x81\" X\n", 10, 1),
            "t.flow:1:10: error: step 'x' is not defined [E0102]\n"
            "say \"e\xCC\x81\" X\n"
            "        ^\n");
}

TEST(Engine, CaretLinesMatchClangOnAscii) {
  // A range running onto the next line is underlined to the end of its
  // first line; the caret line has no trailing blanks.
  EXPECT_EQ(renderAt("step A { create T {\n  }\n", 9, 14),
            "t.flow:1:10: error: step 'x' is not defined [E0102]\n"
            "step A { create T {\n"
            "         ^~~~~~~~~~\n");
  // A location at the end of the line.
  EXPECT_EQ(renderAt("goto\n", 4, 0),
            "t.flow:1:5: error: step 'x' is not defined [E0102]\n"
            "goto\n"
            "    ^\n");
}

TEST(Engine, SummaryWording) {
  EXPECT_EQ(summarize(0, 0), "no problems");
  EXPECT_EQ(summarize(1, 0), "1 error");
  EXPECT_EQ(summarize(3, 5), "3 errors, 5 warnings");
}
