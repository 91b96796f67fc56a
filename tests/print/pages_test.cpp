// Page numbers of the printed script without a browser: parsing pdfinfo's
// output, turning a PDF's layout into ScriptOptions (pages, steps allowed
// to split, whether another rendering is needed), and how the HTML shows
// them. The layout with real Chromium is checked by browser_test.py.
#include "print/pages.h"
#include "print_fixture.h"

#include <gtest/gtest.h>

using namespace printtest;
using callflow::print::PdfDest;
using callflow::print::PdfLayout;
using callflow::print::ScriptOptions;

namespace {

// Real output of poppler's `pdfinfo -dests` on a script (abridged).
const char *kDests = "Page  Destination                 Name\n"
                     "   1 [ XYZ    0  664 null      ] \"toc\"\n"
                     "   2 [ XYZ    0  792 null      ] \"section-1\"\n"
                     "   2 [ XYZ    0  756 null      ] \"step-D-2-1\"\n"
                     "  12 [ XYZ    0  531 null      ] \"step-D-2-17\"\n";

std::string render(const callflow::sema::Program &p, const ScriptOptions &o) {
  std::string s;
  llvm::raw_string_ostream os(s);
  callflow::print::printScriptHtml(p, os, o);
  return os.str();
}

size_t count(const std::string &s, const std::string &what) {
  size_t n = 0;
  for (size_t i = s.find(what); i != std::string::npos; i = s.find(what, i + 1))
    ++n;
  return n;
}

} // namespace

TEST(PdfDests, ParsesPdfinfoLines) {
  llvm::StringMap<PdfDest> d;
  EXPECT_EQ(callflow::print::parsePdfDests(kDests, d), 4u);
  ASSERT_TRUE(d.count("step-D-2-17"));
  EXPECT_EQ(d["step-D-2-17"].page, 12);
  EXPECT_DOUBLE_EQ(d["step-D-2-17"].top, 531);
  EXPECT_EQ(d["toc"].page, 1);
  EXPECT_EQ(d["section-1"].page, 2);
  EXPECT_FALSE(d.count("Name")); // the header is not a destination
}

TEST(PdfDests, ViewKindsAndLineEnds) {
  llvm::StringMap<PdfDest> d;
  EXPECT_EQ(callflow::print::parsePdfDests("   3 [ FitH 700 ] \"a\"\r\n"
                                           "   4 [ XYZ null null null ] \"b\"\r\n"
                                           "   5 [ Fit ] \"c\"\r\n"
                                           "   6 [ XYZ 0 1e+03 null ] \"d\"",
                                           d),
            4u);
  EXPECT_DOUBLE_EQ(d["a"].top, 700);
  EXPECT_EQ(d["b"].page, 4);
  EXPECT_DOUBLE_EQ(d["b"].top, -1);
  EXPECT_DOUBLE_EQ(d["c"].top, -1);
  EXPECT_DOUBLE_EQ(d["d"].top, 1000);
}

TEST(PdfDests, SkipsMalformedLinesAndKeepsTheFirstOfTwins) {
  llvm::StringMap<PdfDest> d;
  EXPECT_EQ(callflow::print::parsePdfDests("\n"
                                           "x [ XYZ 0 1 null ] \"nopage\"\n"
                                           "   0 [ XYZ 0 1 null ] \"zero\"\n"
                                           "  -2 [ XYZ 0 1 null ] \"negative\"\n"
                                           "   99999999999 [ XYZ 0 1 null ] \"huge\"\n"
                                           "   2 XYZ 0 1 null \"nobracket\"\n"
                                           "   2 [ XYZ 0 1 null \"unclosed\"\n"
                                           "   2 [ XYZ 0 1 null ] unquoted\n"
                                           "   2 [ XYZ 0 1 null ] \"\"\n"
                                           "   2 [ XYZ 0 1 null ] \"half\n"
                                           "   7 [ XYZ 0 9 null ] \"twin\"\n"
                                           "   8 [ XYZ 0 9 null ] \"twin\"\n"
                                           "   9 [ XYZ 0 9 null ] \"with \"quotes\" inside\"\n",
                                           d),
            2u);
  EXPECT_EQ(d.size(), 2u);
  EXPECT_EQ(d["twin"].page, 7);
  EXPECT_EQ(d["with \"quotes\" inside"].page, 9);
}

TEST(PdfDests, PageCount) {
  EXPECT_EQ(callflow::print::parsePdfPageCount("Title:  x\nPages:           24\nEncrypted: no\n"),
            24);
  EXPECT_EQ(callflow::print::parsePdfPageCount("Pages: 3\r\n"), 3);
  EXPECT_EQ(callflow::print::parsePdfPageCount("Title: Pages: 5\n"), 0);
  EXPECT_EQ(callflow::print::parsePdfPageCount("Pages: many\n"), 0);
  EXPECT_EQ(callflow::print::parsePdfPageCount(""), 0);
}

class Layout : public ::testing::Test {
protected:
  void SetUp() override {
    c = compileFile(sample("contract/pay_as_you_go.flow"));
    ASSERT_NE(c.p, nullptr);
    // The contract sample prints one section (D-2-7, D-2-8), then the steps
    // outside any section (D-2-1, D-2-9, D-2-10).
    ASSERT_EQ(c.p->steps.size(), 5u);
    for (int i = 0; i < 5; ++i)
      index[std::string(c.p->steps[i].id)] = i;
  }
  void at(const std::string &name, int page, double top = 500) {
    layout.dests[name] = PdfDest{page, top};
  }
  Compiled c;
  PdfLayout layout;
  std::map<std::string, int> index;
};

TEST_F(Layout, PagesFromDestinationsAndSettlesWhenTheyRepeat) {
  layout.pages = 4;
  at("section-1", 2, 792);
  at("step-D-2-7", 2, 756);
  at("step-D-2-8", 2, 400);
  at("section-2", 3, 792);
  at("step-D-2-1", 3, 756);
  at("step-D-2-9", 3, 300);
  at("step-D-2-10", 4, 792);
  ScriptOptions o;
  callflow::print::reservePageNumbers(*c.p, o);
  EXPECT_EQ(o.stepPages, std::vector<int>(5, 88));
  EXPECT_EQ(o.sectionPages, std::vector<int>(2, 88));
  EXPECT_TRUE(callflow::print::applyLayout(*c.p, layout, o));
  EXPECT_EQ(o.stepPages[index["D-2-7"]], 2);
  EXPECT_EQ(o.stepPages[index["D-2-9"]], 3);
  EXPECT_EQ(o.stepPages[index["D-2-10"]], 4);
  EXPECT_EQ(o.sectionPages, (std::vector<int>{2, 3}));
  EXPECT_EQ(o.splitSteps, std::vector<bool>(5, false));
  // The same layout again: the numbers printed are the pages; done.
  EXPECT_FALSE(callflow::print::applyLayout(*c.p, layout, o));
  // A page that moves needs another rendering.
  at("step-D-2-9", 4, 792);
  at("step-D-2-10", 4, 500);
  EXPECT_TRUE(callflow::print::applyLayout(*c.p, layout, o));
  EXPECT_EQ(o.stepPages[index["D-2-9"]], 4);
}

TEST_F(Layout, StepsThatSpanPagesMaySplitNextTime) {
  layout.pages = 9;
  at("section-1", 2, 792);
  at("step-D-2-7", 2, 756);   // ends on page 3 (D-2-8 starts below its top)
  at("step-D-2-8", 3, 400);   // fits: the next section starts on the next page
  at("section-2", 4, 792);
  at("step-D-2-1", 4, 756);   // pushed D-2-9 to the top of the next page: fits
  at("step-D-2-9", 5, 792);   // two pages on: spans
  at("step-D-2-10", 7, 792);  // the last: the PDF goes on after its page
  ScriptOptions o;
  EXPECT_TRUE(callflow::print::applyLayout(*c.p, layout, o));
  std::vector<bool> want(5, false);
  want[index["D-2-7"]] = want[index["D-2-9"]] = want[index["D-2-10"]] = true;
  EXPECT_EQ(o.splitSteps, want);
  // Once allowed to split, a step stays so (the set only grows, so the
  // renderings converge), even where it now looks as if it fits.
  at("step-D-2-8", 2, 100);
  at("section-2", 3, 792);
  at("step-D-2-1", 3, 756);
  at("step-D-2-9", 4, 792);
  EXPECT_TRUE(callflow::print::applyLayout(*c.p, layout, o));
  EXPECT_EQ(o.splitSteps, want);
  // A section whose last step spans pages starts two pages on.
  layout.dests.clear();
  at("section-1", 2, 792);
  at("step-D-2-7", 2, 756);
  at("step-D-2-8", 2, 300);
  at("section-2", 4, 792);
  ScriptOptions o2;
  callflow::print::applyLayout(*c.p, layout, o2);
  EXPECT_TRUE(o2.splitSteps[index["D-2-8"]]);
  EXPECT_FALSE(o2.splitSteps[index["D-2-7"]]);
  // Destinations missing from the PDF leave pages unknown (0), not wrong.
  EXPECT_EQ(o2.stepPages[index["D-2-9"]], 0);
}

TEST_F(Layout, HtmlShowsPagesInLinksContentsAndBackLinks) {
  ScriptOptions o;
  o.stepPages.assign(5, 0);
  o.stepPages[index["D-2-8"]] = 4;
  o.stepPages[index["D-2-7"]] = 3;
  o.sectionPages = {3, 5};
  o.splitSteps.assign(5, false);
  o.splitSteps[index["D-2-8"]] = true;
  std::string s = render(*c.p, o);
  EXPECT_NE(s.find("→</span>D-2-8 Yes – Remote Support Session<span class=\"page\">, "
                   "p.&nbsp;4</span></a>"),
            std::string::npos);
  EXPECT_NE(s.find("<span class=\"sid\">D-2-8</span> <span class=\"ttl\">Yes – Remote Support "
                   "Session</span><span class=\"lead\"></span><span class=\"pg\">4</span></a>"),
            std::string::npos);
  EXPECT_NE(s.find("<span class=\"ttl\">Pay As You Go Member</span><span class=\"lead\"></span>"
                   "<span class=\"pg\">3</span>"),
            std::string::npos);
  EXPECT_NE(s.find(">D-2-7</a> (“Yes”, p.&nbsp;3)"), std::string::npos);
  EXPECT_NE(s.find("<article class=\"step split\" id=\"step-D-2-8\">"), std::string::npos);
  EXPECT_NE(s.find("<article class=\"step\" id=\"step-D-2-7\">"), std::string::npos);
  // Unknown pages print nothing.
  EXPECT_NE(s.find("→</span>D-2-10 No – Remote Support Session</a>"), std::string::npos);
  EXPECT_EQ(count(s, "class=\"pg\""), 4u);
  // Without layout, no numbers at all.
  std::string plain = render(*c.p, {});
  EXPECT_EQ(plain.find("p.&nbsp;"), std::string::npos);
  EXPECT_EQ(plain.find("class=\"pg\""), std::string::npos);
  EXPECT_EQ(plain.find("step split"), std::string::npos);
}
