// The formatter's layout (a golden file), its refusal of sources with
// errors, string re-escaping, and the unified diff `fmt --check` prints.
#include <string>

#include <gtest/gtest.h>

#include "format/formatter.h"
#include "format/unified_diff.h"
#include "golden_util.h"

namespace callflow::format {
namespace {

using golden::expectGolden;
using golden::readFileText;

TEST(Fmt, MessyInputGolden) {
  std::string path = std::string(CALLFLOW_SOURCE_DIR) + "/tests/lint/Inputs/fmt_messy.flow";
  std::string src = readFileText(path);
  ASSERT_FALSE(src.empty());
  FormatResult r = formatSource(src, path);
  ASSERT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors.front());
  expectGolden("fmt_messy.formatted", r.text);
  FormatResult again = formatSource(r.text, path);
  ASSERT_TRUE(again.ok);
  EXPECT_EQ(again.text, r.text);
}

// Aligned options, field tables, `=` signs and long `input`s give way to
// the unaligned or two-line layout where alignment would pass 100 columns.
TEST(Fmt, LongLinesGiveWayToUnalignedLayouts) {
  std::string path = std::string(CALLFLOW_SOURCE_DIR) + "/tests/lint/Inputs/fmt_long.flow";
  FormatResult r = formatSource(readFileText(path), path);
  ASSERT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors.front());
  expectGolden("fmt_long.formatted", r.text);
  llvm::StringRef rest(r.text);
  while (!rest.empty()) {
    auto [line, next] = rest.split('\n');
    rest = next;
    EXPECT_LE(displayWidth(line), 100u) << line.str();
  }
  // Not padded: the option whose padded line would not fit, and the `=`.
  EXPECT_NE(r.text.find("\n    \"Партнер\" { say "), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("\n    x = \"a long value"), std::string::npos) << r.text;
  // Two lines: a field's modifiers, an input's allowed values.
  EXPECT_NE(r.text.find("\n  notes   \"Contact Summary Notes\" : text\n    required when "),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("on the screen\"\n    in consumer, commercial\n"), std::string::npos)
      << r.text;
  FormatResult again = formatSource(r.text, path);
  ASSERT_TRUE(again.ok);
  EXPECT_EQ(again.text, r.text);
}

TEST(Fmt, RefusesSourceWithErrors) {
  FormatResult r = formatSource("flow f\nstep A { say }\n", "bad.flow");
  EXPECT_FALSE(r.ok);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors.front().find("bad.flow:2:"), std::string::npos) << r.errors.front();
}

TEST(Fmt, EmptyAndCommentOnlyFiles) {
  EXPECT_EQ(formatSource("", "e.flow").text, "");
  EXPECT_EQ(formatSource("\n\n// only\n\n\n/* two */\n", "c.flow").text, "// only\n\n/* two */\n");
}

TEST(Fmt, QuoteTextLiteralRoundTripsEscapes) {
  ast::Text t;
  t.appendLiteral("a \"b\" \\ {x} [0-9]{6} {2,} {,3}\n\tend}");
  ast::Placeholder ph;
  ph.kind = ast::Placeholder::Kind::Price;
  ph.priceCode = 320;
  t.appendPlaceholder(ph);
  EXPECT_EQ(quoteTextLiteral(t),
            "\"a \\\"b\\\" \\\\ \\{x\\} [0-9]{6} {2,} \\{,3\\}\\n\\tend\\}{price 320}\"");
}

TEST(UnifiedDiff, PrintsHunksWithContext) {
  EXPECT_EQ(unifiedDiff("a\nb\n", "a\nb\n", "x", "y"), "");
  std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
  std::string after = "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n";
  EXPECT_EQ(unifiedDiff(before, after, "a/f.flow", "b/f.flow"),
            "--- a/f.flow\n+++ b/f.flow\n"
            "@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
            "@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+13\n");
  EXPECT_EQ(unifiedDiff("x", "y\n", "a", "b"),
            "--- a\n+++ b\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+y\n");
}

} // namespace
} // namespace callflow::format
