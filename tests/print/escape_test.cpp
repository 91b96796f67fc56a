// Unit tests of compiler/print/escape.h: sanitizing, HTML, ids, CSS,
// Markdown and DOT escaping of hostile text.
#include "print/escape.h"

#include <gtest/gtest.h>

#include "llvm/ADT/StringExtras.h"

using namespace callflow::print;

TEST(Sanitize, KeepsTextTabsNewlinesAndScripts) {
  EXPECT_EQ(sanitizeText("Привет, мир\tß 🚀\n"), "Привет, мир\tß 🚀\n");
  EXPECT_EQ(sanitizeText("a\u200Bb\u200Dc"), "a\u200Bb\u200Dc"); // zero-width kept
  EXPECT_EQ(sanitizeText("\xEF\xBF\xBD"), "\xEF\xBF\xBD");          // U+FFFD kept
}

TEST(Sanitize, DropsControlsAndRepairsUtf8) {
  EXPECT_EQ(sanitizeText(llvm::StringRef("a\0b\x01\r\x7f", 6)), "ab");
  EXPECT_EQ(sanitizeText("a\xC2\x85z"), "az");             // C1 control NEL
  EXPECT_EQ(sanitizeText("\xFF"), "\xEF\xBF\xBD");          // invalid byte
  EXPECT_EQ(sanitizeText("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
  EXPECT_EQ(sanitizeText("\xC0\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD"); // overlong '<'
  EXPECT_EQ(sanitizeText("\xEF\xBF\xBE"), "\xEF\xBF\xBD");  // noncharacter U+FFFE
  EXPECT_EQ(sanitizeText("a\u2028b"), "a\nb");
}

TEST(Sanitize, ClosesBidiEmbeddingsAndIsolates) {
  EXPECT_EQ(sanitizeText("\u202Eevil"), "\u202Eevil\u202C");
  EXPECT_EQ(sanitizeText("\u2067x\u202Ay"), "\u2067x\u202Ay\u202C\u2069");
  EXPECT_EQ(sanitizeText("x\u202C\u2069y"), "xy"); // stray closers dropped
  EXPECT_EQ(sanitizeText("\u202Bab\u202C"), "\u202Bab\u202C");
  EXPECT_EQ(sanitizeText("\u200Fmark"), "\u200Fmark"); // marks are harmless
}

TEST(Html, EscapesMarkupCharacters) {
  EXPECT_EQ(htmlEscape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(htmlEscape("\"><img src=x onerror=alert(1)>"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(htmlEscape("&amp; </style>"), "&amp;amp; &lt;/style&gt;");
  std::string out;
  llvm::raw_string_ostream os(out);
  writeHtmlLines(os, "one\ntwo<");
  EXPECT_EQ(os.str(), "one<br>\ntwo&lt;");
}

TEST(AnchorId, IsInjectiveAndPlainAscii) {
  EXPECT_EQ(anchorId("step-", "D-2-7"), "step-D-2-7");
  EXPECT_EQ(anchorId("step-", "a_b"), "step-a_5Fb");
  EXPECT_NE(anchorId("step-", "a_5Fb"), anchorId("step-", "a_b"));
  EXPECT_EQ(anchorId("step-", "javascript:alert(1)"), "step-javascript_3Aalert_281_29");
  EXPECT_EQ(anchorId("step-", "\"><x"), "step-_22_3E_3Cx");
  EXPECT_EQ(anchorId("s-", "Шаг"), "s-_D0_A8_D0_B0_D0_B3");
  for (char c : anchorId("", "<>\"' \n\t:/#?&%\xD0\xA8"))
    EXPECT_TRUE(llvm::isAlnum(c) || c == '-' || c == '_') << c;
}

TEST(Css, StringCannotCloseStyleOrString) {
  std::string s = cssString("</style><script>\"x\" \\ Заголовок\n");
  EXPECT_EQ(s.find('<'), std::string::npos);
  EXPECT_EQ(s.find('>'), std::string::npos);
  EXPECT_EQ(s.find('"', 1), s.size() - 1); // only the closing quote
  EXPECT_EQ(s, "\"\\3c \\2f style\\3e \\3c script\\3e \\22 x\\22  \\5c  Заголовок\\a \"");
}

TEST(Markdown, NoMarkupFromText) {
  EXPECT_EQ(markdownEscape("<b>x</b> & y"), "&lt;b&gt;x&lt;/b&gt; &amp; y");
  EXPECT_EQ(markdownEscape("[a](javascript:alert(1))"), "\\[a\\](javascript\\:alert(1))");
  EXPECT_EQ(markdownEscape("*em* _u_ `c` | ~s~ $m$"),
            "\\*em\\* \\_u\\_ \\`c\\` \\| \\~s\\~ \\$m\\$");
  EXPECT_EQ(markdownEscape("# h"), "\\# h");
  EXPECT_EQ(markdownEscape("- item"), "\\- item");
  EXPECT_EQ(markdownEscape("1. one"), "1\\. one");
  EXPECT_EQ(markdownEscape("D-2-7 costs 20.00"), "D-2-7 costs 20.00");
  EXPECT_EQ(markdownEscape("see www.evil.example or a@b.c"), "see www\\.evil.example or a\\@b.c");
  EXPECT_EQ(markdownEscape("https://x"), "https\\://x");
}

TEST(Markdown, LinesStayInTheirBlock) {
  EXPECT_EQ(markdownEscape("one\n\n    # two\n- three", "> "),
            "one\\\n> \\# two\\\n> \\- three");
  EXPECT_EQ(markdownEscape("end\n"), "end");
  EXPECT_EQ(markdownEscape(" – runs keep their spaces "), " – runs keep their spaces ");
}

TEST(Dot, QuotedStringsStayClosed) {
  EXPECT_EQ(dotString("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
  EXPECT_EQ(dotString("\"]; x [label=<b>"), "\"\\\"]; x [label=<b>\"");
  EXPECT_EQ(dotString("Шаг 🚀"), "\"Шаг 🚀\"");
}
