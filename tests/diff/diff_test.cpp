// compiler/diff on programs checked from buffers: keys by name, pairing of
// changed atoms, word diff, the bounded LCS, Markdown's cap and --fail-on.
#include "diff/diff.h"
#include "driver/compilation.h"

#include <gtest/gtest.h>

#include "llvm/Support/MemoryBuffer.h"

using namespace callflow;

namespace {

struct Checked {
  std::unique_ptr<driver::Compilation> c;
  const sema::Program *p = nullptr;
  diff::Side side(const char *label) const {
    diff::Side s;
    s.program = p;
    s.sm = &c->sourceMgr();
    s.diagnostics = c->diags().diagnostics();
    s.label = label;
    return s;
  }
};

Checked check(const std::string &text) {
  Checked r;
  r.c = std::make_unique<driver::Compilation>();
  r.c->loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "t.flow"));
  r.p = r.c->check();
  return r;
}

const char *kBase = R"(flow f
start A
catalog USD { 1 "ONE" 1.00 }
step A "A" {
  say "one two three"
  ask "Q?" { "Yes" -> B "No" -> C }
}
step B "B" { charge 1 invoice take payment else -> C end "b" }
step C "C" { end "c" }
)";

diff::FlowDiff run(const std::string &a, const std::string &b) {
  Checked x = check(a), y = check(b);
  return diff::diffFlows(x.side("old"), y.side("new"));
}

std::string replace(std::string s, const std::string &from, const std::string &to) {
  size_t i = s.find(from);
  EXPECT_NE(i, std::string::npos) << from;
  if (i != std::string::npos)
    s.replace(i, from.size(), to);
  return s;
}

TEST(Diff, IdenticalAndReformattedHaveNoChange) {
  EXPECT_FALSE(run(kBase, kBase).semantic());
  std::string spaced = replace(kBase, "step C \"C\" { end \"c\" }", "// c\nstep   C  \"C\"  {\n  end \"c\"\n}");
  EXPECT_FALSE(run(kBase, spaced).semantic());
}

TEST(Diff, RetargetIsOneChangeNotARemoveAndAdd) {
  diff::FlowDiff d = run(kBase, replace(kBase, "\"No\" -> C", "\"No\" -> B"));
  ASSERT_EQ(d.count(diff::Kind::OptionRetargeted), 1u);
  EXPECT_EQ(d.count(diff::Kind::OptionAdded) + d.count(diff::Kind::OptionRemoved), 0u);
  for (const diff::Change &c : d.changes)
    if (c.kind == diff::Kind::OptionRetargeted) {
      EXPECT_EQ(c.subject, "A");
      EXPECT_EQ(c.oldValue, "-> C");
      EXPECT_EQ(c.newValue, "-> B");
    }
}

TEST(Diff, StepsAreKeyedByIdNotPosition) {
  // C moved before B: nothing changed.
  std::string moved = replace(replace(kBase, "step C \"C\" { end \"c\" }\n", ""),
                              "step B", "step C \"C\" { end \"c\" }\nstep B");
  EXPECT_FALSE(run(kBase, moved).semantic());
}

TEST(Diff, PriceChangeFindsTheQuotingLines) {
  std::string a = replace(kBase, "say \"one two three\"", "say \"It is {price 1}.\"");
  diff::FlowDiff d = run(a, replace(a, "1 \"ONE\" 1.00", "1 \"ONE\" 2.00"));
  EXPECT_EQ(d.count(diff::Kind::PriceChanged), 1u);
  EXPECT_EQ(d.count(diff::Kind::QuotesChangedPrice), 1u);
  diff::Report r;
  r.flows.push_back(d);
  diff::FailOn f;
  std::string bad;
  ASSERT_TRUE(f.parse("price", bad));
  EXPECT_TRUE(f.fails(r));
  diff::FailOn g;
  ASSERT_TRUE(g.parse("unreachable,required", bad));
  EXPECT_FALSE(g.fails(r));
  EXPECT_FALSE(g.parse("unreachable,bogus", bad));
  EXPECT_EQ(bad, "bogus");
}

TEST(Diff, WordDiff) {
  auto w = diff::wordDiff("one two three", "one 2 three four");
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(w[0].op, diff::WordSpan::Op::Same);
  EXPECT_EQ(w[1].op, diff::WordSpan::Op::Removed);
  EXPECT_EQ(w[1].text, "two");
  EXPECT_EQ(w[2].op, diff::WordSpan::Op::Added);
  EXPECT_EQ(w[2].text, "2");
  EXPECT_EQ(w[4].text, "four");
}

TEST(Diff, LcsIsBoundedButStillMatchesPrefixAndSuffix) {
  std::vector<int> a{1, 2, 3, 4, 5}, b{1, 9, 3, 8, 5};
  auto eq = [&](size_t i, size_t j) { return a[i] == b[j]; };
  EXPECT_EQ(diff::internal::lcs(5, 5, eq).size(), 3u);
  // With no room for the table only the common ends are matched.
  EXPECT_EQ(diff::internal::lcs(5, 5, eq, 1).size(), 2u);
}

TEST(Diff, MarkdownIsCappedWithATruncatedLine) {
  diff::Report r;
  diff::FlowDiff f;
  f.flow = "big";
  for (int i = 0; i < 5000; ++i)
    f.changes.push_back({diff::Kind::StepAdded, "S-" + std::to_string(i), "", "", "a title", "", {}});
  r.flows.push_back(f);
  std::string out;
  llvm::raw_string_ostream os(out);
  diff::RenderOptions o;
  o.markdownLimit = 10000;
  diff::renderMarkdown(r, os, o);
  os.flush();
  EXPECT_LT(out.size(), 10000u);
  EXPECT_NE(out.find("**truncated**"), std::string::npos);
  EXPECT_NE(out.find("5000 steps added"), std::string::npos);
  EXPECT_NE(out.find("</details>"), std::string::npos);
}

} // namespace
