// The HTML call script of the samples: structure (CSP, no scripts, title,
// contents, sections, one block per step), links that resolve, and the
// content a Team Director reads (roles, quotes, blanks, prices, forms).
#include "print_fixture.h"

#include <gtest/gtest.h>

using namespace printtest;

namespace {

class SeedScript : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    compiled = new Compiled(compileFile(sample("anything_computers/anything_computers.flow")));
    if (compiled->p)
      text = new std::string(html(*compiled->p));
  }
  static void TearDownTestSuite() {
    delete text;
    delete compiled;
  }
  void SetUp() override {
    ASSERT_NE(compiled->p, nullptr);
    ASSERT_FALSE(compiled->c->diags().hasErrors());
  }
  static Compiled *compiled;
  static std::string *text;
};
Compiled *SeedScript::compiled = nullptr;
std::string *SeedScript::text = nullptr;

size_t count(const std::string &s, const std::string &what) {
  size_t n = 0;
  for (size_t i = s.find(what); i != std::string::npos; i = s.find(what, i + 1))
    ++n;
  return n;
}

} // namespace

TEST_F(SeedScript, IsSelfContainedAndForbidsScripts) {
  EXPECT_EQ(text->rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(text->find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                       "'none'; style-src 'unsafe-inline'; img-src data:\">"),
            std::string::npos);
  for (const std::string &t : tags(*text)) {
    EXPECT_EQ(t.find("<script"), std::string::npos) << t;
    EXPECT_EQ(t.find("<img"), std::string::npos) << t;
    EXPECT_EQ(t.find("<link"), std::string::npos) << t;
    EXPECT_EQ(t.find(" on"), std::string::npos) << t;
    EXPECT_EQ(t.find(" src="), std::string::npos) << t;
  }
  EXPECT_EQ(text->find("url("), std::string::npos);
  EXPECT_EQ(text->find("@import"), std::string::npos);
}

TEST_F(SeedScript, EveryStepHasABlockAndEveryLinkResolves) {
  const auto &p = *compiled->p;
  ASSERT_EQ(p.steps.size(), 32u);
  std::vector<std::string> ids = attrValues(*text, "id");
  std::set<std::string> idSet(ids.begin(), ids.end());
  EXPECT_EQ(idSet.size(), ids.size()) << "duplicate ids";
  for (const auto &s : p.steps)
    EXPECT_TRUE(idSet.count("step-" + s.id)) << s.id;
  EXPECT_EQ(count(*text, "<article class=\"step\""), 32u);
  EXPECT_FALSE(idSet.count("step-D-2-2")); // the seed has no D-2-2
  std::vector<std::string> hrefs = attrValues(*text, "href");
  EXPECT_GT(hrefs.size(), 64u);
  for (const std::string &h : hrefs) {
    ASSERT_FALSE(h.empty());
    EXPECT_EQ(h[0], '#') << h;
    EXPECT_TRUE(idSet.count(h.substr(1))) << "dangling link " << h;
  }
}

TEST_F(SeedScript, ContentsAndSectionsStartPages) {
  const auto &p = *compiled->p;
  EXPECT_NE(text->find("<nav class=\"toc\""), std::string::npos);
  for (const auto &sec : p.sections)
    EXPECT_GE(count(*text, sec.title.substr(0, sec.title.find('&'))), 2u) << sec.title;
  EXPECT_EQ(count(*text, "<section class=\"section\""), p.sections.size());
  EXPECT_NE(text->find("section.section { break-before: page; }"), std::string::npos);
  EXPECT_NE(text->find("article.step { break-inside: avoid;"), std::string::npos);
  EXPECT_NE(text->find("@top-left { content: \"Anything Computers"), std::string::npos);
  EXPECT_NE(text->find("counter(page)"), std::string::npos);
}

TEST_F(SeedScript, ReadsLikeTheSeedScript) {
  EXPECT_NE(text->find("To be completed by Team Director"), std::string::npos);
  // Lines to say are quotations; the agent's name is a labelled blank.
  EXPECT_NE(text->find("<blockquote class=\"say\">"), std::string::npos);
  EXPECT_NE(text->find("<span class=\"label\">Agent name:</span>"), std::string::npos);
  // Prices from the catalog, charges with code, name and price.
  EXPECT_NE(text->find("<span class=\"value\">$20.00</span>"), std::string::npos);
  EXPECT_NE(text->find("320 – PAY AS YOU GO REMOTE SESSION <span class=\"value\">$20.00</span>"),
            std::string::npos);
  EXPECT_NE(text->find("310 – ONE-TIME REMOTE SESSION <span class=\"value\">$35.00</span>"),
            std::string::npos);
  // Forms list every field, required ones marked, defaults shown.
  EXPECT_NE(text->find("<table class=\"form\"><tbody>"), std::string::npos);
  EXPECT_NE(text->find("Issue Type <span class=\"req\">required</span>"), std::string::npos);
  // A branch reads on paper: option, arrow, step ID and title.
  EXPECT_NE(text->find("<span class=\"option-label\">Yes</span> <a class=\"jump\" "
                       "href=\"#step-D-2-8\"><span class=\"arrow\">→</span>D-2-8 Yes – Remote "
                       "Support Session</a>"),
            std::string::npos);
}

TEST(ScriptHtml, PaperSizeAndLang) {
  Compiled c = compileFile(sample("contract/pay_as_you_go.flow"));
  ASSERT_NE(c.p, nullptr);
  callflow::print::ScriptOptions o;
  o.paper = callflow::print::Paper::A4;
  o.lang = "ru";
  std::string s;
  llvm::raw_string_ostream os(s);
  callflow::print::printScriptHtml(*c.p, os, o);
  EXPECT_NE(s.find("@page { size: A4;"), std::string::npos);
  EXPECT_NE(s.find("<html lang=\"ru\">"), std::string::npos);
}
