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
    EXPECT_TRUE(idSet.count("step-" + std::string(s.id))) << s.id;
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

TEST_F(SeedScript, RoleOncePerSectionAndExcerptsForUntitledSteps) {
  // Leads is "by Team Director" and so are all its steps: said once, in the
  // section's heading, not again on each of its 4 steps.
  EXPECT_EQ(count(*text, "To be completed by Team Director"), 1u);
  EXPECT_NE(text->find("<span class=\"section-role\">To be completed by Team Director</span>"),
            std::string::npos);
  // D-2-28 has no title: the contents show the start of its first line.
  EXPECT_NE(text->find("<span class=\"sid\">D-2-28</span> <span class=\"ttl\"><span "
                       "class=\"excerpt\">“Great. Here is your ticket #…”</span></span>"),
            std::string::npos);
  EXPECT_NE(text->find("<html lang=\"en\">"), std::string::npos);
}

TEST(ScriptHtml, RolesDifferingFromTheSectionsAreShownPerStep) {
  Compiled c = compileText(R"(flow f "F"
start A
section "One" by "Team Director" {
  step A "A" { goto B }
  step B "B" by "Team Leader" { goto C }
}
section "Two" {
  step C "C" by "Remote Agent" { goto D }
  step D "D" by "Remote Agent" { say "Один два три четыре пять." end }
}
)");
  ASSERT_NE(c.p, nullptr);
  ASSERT_FALSE(c.c->diags().hasErrors());
  std::string s = html(*c.p, "en");
  // Section One: its own role in the heading, B's differing one on B only.
  EXPECT_EQ(count(s, "To be completed by Team Director"), 1u);
  EXPECT_NE(s.find("<p class=\"role\">To be completed by Team Leader</p>"), std::string::npos);
  // Section Two has no role, but all its steps share one: shown once.
  EXPECT_EQ(count(s, "To be completed by Remote Agent"), 1u);
  EXPECT_NE(s.find("<span class=\"section-role\">To be completed by Remote Agent</span>"),
            std::string::npos);
  EXPECT_EQ(count(s, "<p class=\"role\">"), 1u);
  std::string md = markdown(*c.p, "en");
  EXPECT_EQ(count(md, "To be completed by Remote Agent"), 1u);
  EXPECT_EQ(count(md, "To be completed by Team Leader"), 1u);
  // Most of its text is Russian, so by default the roles are in Russian.
  std::string ru = html(*c.p);
  EXPECT_EQ(count(ru, "Заполняет: Remote Agent"), 1u);
  EXPECT_NE(ru.find("<p class=\"role\">Заполняет: Team Leader</p>"), std::string::npos);
  EXPECT_EQ(count(ru, "To be completed"), 0u);
}

TEST(ScriptHtml, LangFollowsTheTextUnlessGiven) {
  Compiled ru = compileFile(sample("case_registration/case_registration.flow"));
  ASSERT_NE(ru.p, nullptr);
  std::string guessed = html(*ru.p);
  EXPECT_NE(guessed.find("<html lang=\"ru\">"), std::string::npos);
  EXPECT_NE(guessed.find("<h2>Содержание</h2>"), std::string::npos);
  // A language the catalogue lacks: its tag, and the English words.
  std::string s = html(*ru.p, "uk");
  EXPECT_NE(s.find("<html lang=\"uk\">"), std::string::npos);
  EXPECT_NE(s.find("<h2>Contents</h2>"), std::string::npos);
  EXPECT_EQ(s.find("Содержание"), std::string::npos);
  // A regional tag of Russian is Russian.
  EXPECT_NE(html(*ru.p, "ru-RU").find("<h2>Содержание</h2>"), std::string::npos);
  // An English flow stays English.
  Compiled en = compileFile(sample("contract/pay_as_you_go.flow"));
  ASSERT_NE(en.p, nullptr);
  EXPECT_NE(markdown(*en.p).find("## Contents"), std::string::npos);
  EXPECT_NE(dot(*en.p).find("tooltip=\"start\""), std::string::npos);
}

TEST(ScriptHtml, ExcerptsAreShortAndCutBetweenCharacters) {
  Compiled c = compileText(R"(flow f "F"
start A
step A { say "Здравствуйте! Меня зовут {agent}, чем я могу вам помочь сегодня?" goto B }
step B { note "not this" do "Оченьдлинноесловобезпробеловкотороенепоместитсяникуда" end }
var agent "Agent name" : text auto
)");
  ASSERT_NE(c.p, nullptr);
  ASSERT_FALSE(c.c->diags().hasErrors());
  std::string s = html(*c.p);
  // Cut after a word, placeholders as blanks, notes skipped; in Russian
  // quotation marks, as the flow is in Russian.
  EXPECT_NE(s.find("<span class=\"excerpt\">«Здравствуйте! Меня зовут…»</span>"), std::string::npos);
  // One long word: cut at a character boundary, still valid UTF-8.
  EXPECT_NE(s.find("<span class=\"excerpt\">«Оченьдлинноесловобезпробелов…»</span>"), std::string::npos);
  EXPECT_EQ(s.find("not this</span>"), std::string::npos);
}
