// The flowchart shows every choice: each option of every `ask` in the
// samples is an edge labelled with it (also options whose block runs and
// lets the step go on), and every edge joins nodes the chart declares.
#include "print_fixture.h"

#include <poll.h>
#include <unistd.h>

#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "print/external.h"
#include "llvm/Support/Program.h"

using namespace printtest;

namespace {

/// The option labels of every ask in `b`, nested ones included.
void optionLabels(const callflow::ast::Block &b, std::vector<std::string> &out) {
  using K = callflow::ast::Stmt::Kind;
  for (const callflow::ast::StmtPtr &s : b.stmts) {
    if (s->kind == K::Ask) {
      for (const auto &o : llvm::cast<callflow::ast::AskStmt>(*s).options) {
        out.push_back(o.label.str());
        if (o.body)
          optionLabels(*o.body, out);
      }
    } else if (s->kind == K::IfBlock) {
      const auto &ib = llvm::cast<callflow::ast::IfBlockStmt>(*s);
      for (const auto &arm : ib.arms)
        optionLabels(arm.body, out);
      if (ib.otherwise)
        optionLabels(*ib.otherwise, out);
    } else if (s->kind == K::TakePayment) {
      const auto &tp = llvm::cast<callflow::ast::TakePaymentStmt>(*s);
      if (tp.elseBody)
        optionLabels(*tp.elseBody, out);
    }
  }
}

struct Chart {
  std::multiset<std::string> labels; // edge labels, wrapped lines joined again
  std::set<std::string> nodes;
  std::vector<std::pair<std::string, std::string>> edges;
};

Chart readDot(const std::string &dot) {
  Chart c;
  std::regex edge(R"re(^\s*(\w+) -> (\w+)(?: \[label="((?:[^"\\]|\\.)*)")?)re");
  std::regex node(R"re(^\s*(\w+) \[)re");
  std::istringstream in(dot);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, edge)) {
      c.edges.push_back({m[1], m[2]});
      std::string l = m[3];
      for (size_t i; (i = l.find("\\n")) != std::string::npos;)
        l.replace(i, 2, " ");
      if (m[3].matched)
        c.labels.insert(l);
    } else if (std::regex_search(line, m, node) && m[1] != "graph" && m[1] != "node" &&
               m[1] != "edge") {
      c.nodes.insert(m[1]);
    }
  }
  return c;
}

void expectEveryOptionDrawn(const std::string &path, size_t minOptions) {
  SCOPED_TRACE(path);
  Compiled c = compileFile(path);
  ASSERT_NE(c.p, nullptr);
  ASSERT_FALSE(c.c->diags().hasErrors());
  std::vector<std::string> labels;
  for (const auto &s : c.p->steps)
    if (s.decl)
      optionLabels(s.decl->body, labels);
  EXPECT_GE(labels.size(), minOptions);
  Chart chart = readDot(dot(*c.p));
  std::multiset<std::string> want(labels.begin(), labels.end());
  for (const std::string &l : want)
    EXPECT_GE(chart.labels.count(l), want.count(l)) << "option not drawn: " << l;
  for (const auto &[from, to] : chart.edges) {
    EXPECT_TRUE(chart.nodes.count(from)) << from;
    EXPECT_TRUE(chart.nodes.count(to)) << to;
  }
}

} // namespace

TEST(Graph, EveryOptionIsAnEdgeInCaseRegistration) {
  // 30 options, none of which jumps: each runs a block and the step goes on.
  expectEveryOptionDrawn(sample("case_registration/case_registration.flow"), 30);
}

TEST(Graph, EveryOptionIsAnEdgeInTheSeed) {
  expectEveryOptionDrawn(sample("anything_computers/anything_computers.flow"), 30);
}

TEST(Graph, EveryOptionIsAnEdgeInTheInlineSample) {
  expectEveryOptionDrawn(std::string(CALLFLOW_SOURCE_DIR) + "/tests/print/Inputs/inline_options.flow",
                         6);
}

TEST(Graph, OptionsThatEndTheCallLeadToAnEndMarker) {
  Compiled c = compileText(R"(flow f "F"
start A
step A "A" {
  ask "Go on?" {
    "Yes" -> B
    "No" { say "Goodbye." transfer "Remote Agent" }
  }
}
step B "B" { if true { set x = 1 } else { set x = 2 } end "done" }
var x "X" : number
)");
  ASSERT_NE(c.p, nullptr);
  ASSERT_FALSE(c.c->diags().hasErrors());
  std::string d = dot(*c.p);
  EXPECT_NE(d.find("e0_0 [label=\"Transfer: Remote Agent\""), std::string::npos) << d;
  EXPECT_NE(d.find("s0 -> e0_0 [label=\"No\"];"), std::string::npos) << d;
  EXPECT_NE(d.find("s0 -> s1 [label=\"Yes\"];"), std::string::npos) << d;
  // B ends by itself (drawn terminal); its `if` block only records: no
  // junction, no end marker, no edge.
  EXPECT_EQ(d.find("j1_"), std::string::npos) << d;
  EXPECT_EQ(d.find("e1_"), std::string::npos) << d;
  EXPECT_EQ(d.find("s1 ->"), std::string::npos) << d;
}

// ---- a dot kept running (print::GraphvizWorker, the workbench's) -----------

namespace {
bool haveDot() { return static_cast<bool>(llvm::sys::findProgramByName("dot")); }
} // namespace

TEST(GraphvizWorker, DrawsOneGraphAfterAnotherWithOneDot) {
  if (!haveDot()) GTEST_SKIP() << "Graphviz dot is not installed";
  callflow::print::GraphvizWorker worker;
  std::string svg, error;
  ASSERT_TRUE(worker.drawSvg("digraph { a -> b }", svg, error)) << error;
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("<title>a&#45;&gt;b</title>"), std::string::npos) << svg;
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  // The seed's own flowchart, then a third graph: the same process.
  Compiled seed = compileFile(sample("anything_computers/anything_computers.flow"));
  ASSERT_TRUE(seed.p);
  ASSERT_TRUE(worker.drawSvg(printtest::dot(*seed.p), svg, error)) << error;
  EXPECT_NE(svg.find("Verify the Caller"), std::string::npos);
  ASSERT_TRUE(worker.drawSvg("digraph { x -> y }", svg, error)) << error;
  EXPECT_NE(svg.find("<title>x&#45;&gt;y</title>"), std::string::npos);
  EXPECT_EQ(svg.find("Verify the Caller"), std::string::npos); // nothing of the drawing before
  EXPECT_EQ(worker.started(), 1u);
}

TEST(GraphvizWorker, TheKeptDotHoldsNoneOfOurFiles) {
  // A descriptor that is not close-on-exec (as cpp-httplib's accepted
  // sockets are not) must not go with dot: it would outlive its close.
  if (!haveDot()) GTEST_SKIP() << "Graphviz dot is not installed";
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  callflow::print::GraphvizWorker worker;
  std::string svg, error;
  ASSERT_TRUE(worker.drawSvg("digraph { a -> b }", svg, error)) << error;
  close(fds[1]); // ours was the only write end: the reader sees the end at once
  pollfd p{fds[0], POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 2000), 1) << "dot holds the pipe's write end";
  char c;
  EXPECT_EQ(read(fds[0], &c, 1), 0);
  close(fds[0]);
}

TEST(GraphvizWorker, ABadGraphOrATimeoutKillsItAndTheNextDrawingStartsAgain) {
  if (!haveDot()) GTEST_SKIP() << "Graphviz dot is not installed";
  callflow::print::GraphvizWorker worker;
  std::string svg, error;
  ASSERT_TRUE(worker.drawSvg("digraph { a -> b }", svg, error)) << error;
  EXPECT_FALSE(worker.drawSvg("digraph { a -> ; }", svg, error));
  EXPECT_NE(error.find("dot failed"), std::string::npos) << error;
  EXPECT_NE(error.find("syntax error"), std::string::npos) << error;
  EXPECT_TRUE(svg.empty());
  ASSERT_TRUE(worker.drawSvg("digraph { c -> d }", svg, error)) << error;
  EXPECT_NE(svg.find("<title>c&#45;&gt;d</title>"), std::string::npos);
  EXPECT_EQ(worker.started(), 2u);
  // No time at all: killed, reported, and the next one starts a new dot.
  EXPECT_FALSE(worker.drawSvg("digraph { e -> f }", svg, error, 0));
  EXPECT_NE(error.find("did not finish in 0 s"), std::string::npos) << error;
  ASSERT_TRUE(worker.drawSvg("digraph { g -> h }", svg, error)) << error;
  EXPECT_EQ(worker.started(), 3u);
}
