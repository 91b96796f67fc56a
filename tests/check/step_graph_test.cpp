// The invariants of the statement graph that the step graph's reachability
// rests on (Checker::analyseGraph works on steps alone): every node of a
// step is reached from the step's entry, and the only edges between steps
// are jumps (Edge::toStep) into an entry. Checked on random flows with every
// kind of branch, jumps, ends, and statements after an end (not lowered),
// against a search over the nodes themselves; and the steps it finds
// reachable and able to end are the ones such a search finds.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "check/checker.h"
#include "diag/diagnostic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "parse/parse.h"

namespace {

using namespace callflow;

struct RandomFlow {
  std::mt19937 rng;
  int steps;
  explicit RandomFlow(unsigned seed) : rng(seed), steps(2 + int(rng() % 12)) {}
  int pick(int n) { return int(rng() % unsigned(n)); }
  std::string target() { return "S" + std::to_string(pick(steps)); }
  /// A block of statements, `depth` levels of branches deep at most.
  std::string block(int depth) {
    std::string out;
    const int n = 1 + pick(4);
    for (int i = 0; i < n; ++i) {
      switch (pick(depth > 0 ? 10 : 5)) {
      case 0:
      case 1:
        out += "say \"line\"\n";
        break;
      case 2:
        out += "goto " + target() + "\n";
        break;
      case 3:
        out += pick(2) ? "end\n" : "transfer \"Desk\"\n";
        break;
      case 4:
        out += "if ok -> " + target() + (pick(2) ? " else -> " + target() : std::string()) + "\n";
        break;
      case 5:
      case 6:
        out += "ask \"Q?\" {\n";
        for (int o = 0, k = 1 + pick(3); o < k; ++o)
          out += "\"O" + std::to_string(o) + "\" " +
                 (pick(2) ? "-> " + target() + "\n" : "{\n" + block(depth - 1) + "}\n");
        out += "}\n";
        break;
      case 7:
        out += "if ok {\n" + block(depth - 1) + "}" +
               (pick(2) ? " else if plan == a {\n" + block(depth - 1) + "}" : std::string()) +
               (pick(2) ? " else {\n" + block(depth - 1) + "}" : std::string()) + "\n";
        break;
      case 8:
        out += pick(2) ? "take payment else -> " + target() + "\n"
                       : "take payment else {\n" + block(depth - 1) + "}\n";
        break;
      default:
        out += "set ok = true\n";
        break;
      }
    }
    return out;
  }
  std::string text() {
    std::string src = "flow r \"R\"\nstart S0\nenum Plan { a \"A\" b \"B\" }\nvar ok : bool = false\n"
                      "var plan : Plan\ncatalog USD { 1 \"One\" 1.00 }\n";
    for (int s = 0; s < steps; ++s)
      src += "step S" + std::to_string(s) + " {\ncharge 1\ninvoice\n" + block(2) + "}\n";
    return src;
  }
};

TEST(StepGraph, EveryNodeIsReachedFromItsStepsEntryAndOnlyJumpsLeaveAStep) {
  int checked = 0;
  for (unsigned seed = 1; seed <= 300; ++seed) {
    RandomFlow gen(seed);
    const std::string src = gen.text();
    llvm::SourceMgr sm;
    const unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "r.flow"), llvm::SMLoc());
    diag::DiagnosticEngine diags(sm);
    auto file = parse::parseBuffer(sm, id, diags);
    ASSERT_EQ(diags.errorCount(), 0u) << "seed " << seed << ":\n" << src;
    const ast::File *files[] = {file.get()};
    sema::Program p;
    check::CheckOptions opts;
    // No known values tracked: the second trap-loop search (over the jumps
    // the known values allow) then finds no loop the first did not.
    opts.maxConditionStates = 1;
    check::Checker c(files, sm, diags, opts, p);
    c.run();
    const check::Cfg &g = c.cfg;
    const size_t numSteps = p.steps.size();
    ASSERT_EQ(g.stepEntry.size(), numSteps);
    size_t jumps = 0;
    for (const check::Edge &e : g.edges)
      jumps += e.toStep;
    EXPECT_EQ(g.jumps, jumps) << "seed " << seed;
    // Over the nodes: each step's nodes from its entry, not crossing jumps.
    for (size_t s = 0; s < numSteps; ++s) {
      const size_t first = size_t(g.stepEntry[s]);
      const size_t last = s + 1 < numSteps ? size_t(g.stepEntry[s + 1]) : g.nodes.size();
      std::vector<bool> seen(g.nodes.size(), false);
      std::vector<size_t> queue{first};
      seen[first] = true;
      for (size_t qi = 0; qi < queue.size(); ++qi) {
        const check::Node &n = g.nodes[queue[qi]];
        EXPECT_EQ(n.step, int(s)) << "seed " << seed;
        for (uint32_t e = n.firstEdge; e < n.firstEdge + n.numEdges; ++e) {
          const check::Edge &edge = g.edges[e];
          const bool intoEntry = g.nodes[edge.to].kind == check::Node::Kind::StepEntry;
          EXPECT_EQ(edge.toStep, intoEntry) << "seed " << seed << ", edge " << e;
          if (edge.toStep)
            continue;
          EXPECT_GE(size_t(edge.to), first) << "seed " << seed;
          EXPECT_LT(size_t(edge.to), last) << "seed " << seed;
          if (!seen[edge.to]) {
            seen[edge.to] = true;
            queue.push_back(size_t(edge.to));
          }
        }
      }
      for (size_t n = first; n < last; ++n)
        EXPECT_TRUE(seen[n]) << "seed " << seed << ": node " << n << " of step " << s
                             << " is not reached from its entry\n" << src;
    }
    // The steps reached and able to end, by a search over the nodes.
    std::vector<bool> fwd(g.nodes.size(), false), bwd(g.nodes.size(), false);
    std::vector<size_t> queue{size_t(g.stepEntry[size_t(p.startStep)])};
    fwd[queue[0]] = true;
    for (size_t qi = 0; qi < queue.size(); ++qi) {
      const check::Node &n = g.nodes[queue[qi]];
      for (uint32_t e = n.firstEdge; e < n.firstEdge + n.numEdges; ++e)
        if (!fwd[g.edges[e].to]) {
          fwd[g.edges[e].to] = true;
          queue.push_back(size_t(g.edges[e].to));
        }
    }
    for (bool grew = true; grew;) { // backward, to a fixed point
      grew = false;
      for (size_t n = g.nodes.size(); n-- > 0;) {
        bool b = g.nodes[n].terminal || g.nodes[n].poisoned;
        for (uint32_t e = g.nodes[n].firstEdge; !b && e < g.nodes[n].firstEdge + g.nodes[n].numEdges; ++e)
          b = bwd[g.edges[e].to];
        if (b && !bwd[n])
          bwd[n] = grew = true;
      }
    }
    // A trap loop: reached steps that cannot end, on a cycle among them.
    auto trapped = [&](size_t s) { return fwd[size_t(g.stepEntry[s])] && !bwd[size_t(g.stepEntry[s])]; };
    auto onTrappedCycle = [&](size_t s) {
      std::vector<bool> seen(numSteps, false);
      std::vector<size_t> todo{s};
      for (size_t qi = 0; qi < todo.size(); ++qi)
        for (const sema::StepEdge &e : p.edges)
          if (size_t(e.from) == todo[qi] && trapped(size_t(e.to))) {
            if (size_t(e.to) == s)
              return true;
            if (!seen[size_t(e.to)]) {
              seen[size_t(e.to)] = true;
              todo.push_back(size_t(e.to));
            }
          }
      return false;
    };
    for (size_t s = 0; s < numSteps; ++s) {
      const size_t entry = size_t(g.stepEntry[s]);
      EXPECT_EQ(p.reachable[s], fwd[entry]) << "seed " << seed << ", step " << s << "\n" << src;
      EXPECT_EQ(p.inTrapLoop[s], trapped(s) && onTrappedCycle(s)) << "seed " << seed << ", step " << s << "\n"
                                                                   << src;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 300);
}

} // namespace
