// Hostile strings in every text slot of a flow (Inputs/hostile.flow.in):
// the HTML script, the Markdown script and the DOT flowchart must have
// exactly the markup of the same flow with plain words in those slots, so
// no element, attribute, link, emphasis or graph syntax comes from flow text.
#include "print_fixture.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "print/escape.h"

using namespace printtest;

namespace {

// Flow-string escaped: `\"` is a quote, `\\` a backslash, `\{` a brace.
const char *kHostile =
    "<script>alert(1)</script> \\\"><img src=x onerror=alert(2)> '><svg onload=alert(3)> "
    "</style></title><!-- --> ]]> javascript:alert(4) [x](javascript:alert(5)) "
    "<a href=\\\"javascript:alert(6)\\\">a</a> **b** _i_ `c` | t | $m$ ~s~ # h &amp; &lt; "
    "\\\\ \\{agent\\} \\\"]; evil [label=\\\"x\\\"]; <b>dot</b> https://evil.example "
    "www.evil.example a@b.example "
    "\u202Eright-to-left override \u2067isolate \u200Fmark \u200Bzero\u200Cwidth\u200D "
    "\uFEFFbom \uFFFD replacement 🚀👩‍💻🇷🇺 Кириллица: «Здравствуйте»";
const char *kPlain = "Plain words";

std::string readTemplate() {
  std::ifstream in(std::string(CALLFLOW_SOURCE_DIR) + "/tests/print/Inputs/hostile.flow.in");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fill(std::string t, const std::string &with) {
  for (size_t i = t.find("@H@"); i != std::string::npos; i = t.find("@H@", i + with.size()))
    t.replace(i, 3, with);
  return t;
}

/// Unescaped Markdown syntax characters in order (backslash escapes and
/// entities skipped): the structure of a Markdown document.
std::string mdSyntax(const std::string &md) {
  std::string out;
  for (size_t i = 0; i < md.size(); ++i) {
    char c = md[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (std::string("<>[]*_`|$~!").find(c) != std::string::npos)
      out += c;
  }
  return out;
}

/// DOT without its quoted strings.
std::string dotSyntax(const std::string &dot) {
  std::string out;
  bool inString = false;
  for (size_t i = 0; i < dot.size(); ++i) {
    char c = dot[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
      out += "\"…\"";
      continue;
    }
    out += c;
  }
  return out;
}

class Hostile : public ::testing::Test {
protected:
  void SetUp() override {
    std::string t = readTemplate();
    ASSERT_NE(t.find("@H@"), std::string::npos);
    hostile = compileText(fill(t, kHostile), "hostile.flow");
    plain = compileText(fill(t, kPlain), "plain.flow");
    for (Compiled *c : {&hostile, &plain}) {
      ASSERT_NE(c->p, nullptr);
      std::string msgs;
      for (const auto &d : c->c->diags().diagnostics())
        msgs += d.message + "\n";
      ASSERT_FALSE(c->c->diags().hasErrors()) << msgs;
    }
  }
  Compiled hostile, plain;
};

} // namespace

TEST_F(Hostile, HtmlHasExactlyThePlainFlowsMarkup) {
  std::string h = html(*hostile.p), p = html(*plain.p);
  EXPECT_EQ(tags(h), tags(p));
  // The style sheet: only the running header's title differs, hex-escaped.
  size_t b = h.find("<style>"), e = h.find("</style>");
  ASSERT_NE(b, std::string::npos);
  EXPECT_EQ(h.find('<', b + 1), e);
  EXPECT_EQ(h.find("</style", e + 1), std::string::npos);
  // The hostile text is shown, as text.
  EXPECT_NE(h.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(h.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
  EXPECT_NE(h.find("Кириллица: «Здравствуйте»"), std::string::npos);
  EXPECT_NE(h.find("🚀👩‍💻🇷🇺"), std::string::npos);
  for (const std::string &href : attrValues(h, "href"))
    EXPECT_EQ(href.rfind("#", 0), 0u) << href;
  // Every bidi override opened in flow text is closed inside the same text.
  size_t opens = 0, closes = 0;
  for (size_t i = h.find("\u202E"); i != std::string::npos; i = h.find("\u202E", i + 1))
    ++opens;
  for (size_t i = h.find("\u202C"); i != std::string::npos; i = h.find("\u202C", i + 1))
    ++closes;
  EXPECT_GT(opens, 20u);
  EXPECT_EQ(opens, closes);
}

TEST_F(Hostile, MarkdownHasExactlyThePlainFlowsSyntax) {
  std::string h = markdown(*hostile.p), p = markdown(*plain.p);
  EXPECT_EQ(mdSyntax(h), mdSyntax(p));
  EXPECT_EQ(h.find("<script"), std::string::npos);
  for (size_t i = h.find("](javascript"); i != std::string::npos; i = h.find("](javascript", i + 1))
    EXPECT_EQ(h[i - 1], '\\') << "an unescaped link at " << i;
  EXPECT_NE(h.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(h.find("Кириллица"), std::string::npos);
}

TEST_F(Hostile, DotHasExactlyThePlainFlowsSyntax) {
  std::string h = dot(*hostile.p), p = dot(*plain.p);
  EXPECT_EQ(dotSyntax(h), dotSyntax(p));
  EXPECT_NE(h.find("\\\"]; evil [label=\\\"x\\\"]"), std::string::npos);
}
