// The step graph: edges between steps, reachability from `start` (W0201),
// trap loops (E0203: strongly connected steps from which no `end` or
// `transfer` is reachable, found with an iterative Tarjan, linear; then
// again over the edges the known values let a call take), and suspicious
// `ask`s (one option, duplicate options).
#include <algorithm>

#include "check/checker.h"
#include "llvm/ADT/StringSet.h"

namespace callflow::check {

using diag::DiagId;

namespace {
sema::StepEdge::Kind stepEdgeKind(Edge::Kind k) {
  switch (k) {
  case Edge::Kind::Option:
    return sema::StepEdge::Kind::Option;
  case Edge::Kind::IfThen:
    return sema::StepEdge::Kind::IfThen;
  case Edge::Kind::IfElse:
    return sema::StepEdge::Kind::IfElse;
  case Edge::Kind::Declined:
    return sema::StepEdge::Kind::PaymentDeclined;
  default:
    return sema::StepEdge::Kind::Goto;
  }
}

/// Whether two texts read the same (without allocating for plain ones).
bool sameText(const ast::Text &a, const ast::Text &b) {
  if (!a.hasPlaceholders() && !b.hasPlaceholders())
    return a.literal() == b.literal();
  return a.str() == b.str();
}

/// A graph in CSR form: the successors of v are to[begin[v], begin[v+1]).
struct Csr {
  std::vector<uint32_t> begin;
  std::vector<int> to;
  size_t degree(int v) const { return begin[v + 1] - begin[v]; }
  int at(int v, size_t i) const { return to[begin[v] + i]; }
};

/// Marks what the vertices `seen` already holds lead to over `g`.
void reach(const Csr &g, std::vector<bool> &seen) {
  std::vector<int> queue;
  for (size_t v = 0; v < seen.size(); ++v)
    if (seen[v])
      queue.push_back((int)v);
  for (size_t qi = 0; qi < queue.size(); ++qi)
    for (uint32_t i = g.begin[queue[qi]]; i < g.begin[queue[qi] + 1]; ++i)
      if (!seen[g.to[i]]) {
        seen[g.to[i]] = true;
        queue.push_back(g.to[i]);
      }
}

/// Tarjan's SCC over `adj` restricted to nodes with `in[v]`; iterative.
/// Only components that are cycles are returned (a single step counts when
/// it jumps to itself).
std::vector<std::vector<int>> sccs(const Csr &adj, const std::vector<bool> &in) {
  int n = (int)adj.begin.size() - 1;
  std::vector<int> index(n, -1), low(n, 0), stack;
  std::vector<bool> onStack(n, false);
  std::vector<std::vector<int>> out;
  std::vector<std::pair<int, size_t>> work;
  int counter = 0;
  for (int root = 0; root < n; ++root) {
    if (!in[root] || index[root] >= 0)
      continue;
    work.push_back({root, 0});
    while (!work.empty()) {
      auto &[v, i] = work.back();
      if (i == 0 && index[v] < 0) {
        index[v] = low[v] = counter++;
        stack.push_back(v);
        onStack[v] = true;
      }
      if (i < adj.degree(v)) {
        int w = adj.at(v, i++);
        if (!in[w])
          continue;
        if (index[w] < 0)
          work.push_back({w, 0});
        else if (onStack[w])
          low[v] = std::min(low[v], index[w]);
        continue;
      }
      if (low[v] == index[v]) {
        bool cycle = stack.back() != v;
        for (size_t k = 0; !cycle && k < adj.degree(v); ++k)
          cycle = adj.at(v, k) == v;
        if (cycle) {
          std::vector<int> comp;
          int w;
          do {
            w = stack.back();
            stack.pop_back();
            onStack[w] = false;
            comp.push_back(w);
          } while (w != v);
          out.push_back(std::move(comp));
        } else {
          stack.pop_back();
          onStack[v] = false;
        }
      }
      int done = v;
      work.pop_back();
      if (!work.empty())
        low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  return out;
}
/// Marks the nodes a call can reach and the edges it can take, given the
/// known values (FactSpace): an edge whose guard fails in every tuple that
/// reaches its source is never taken.
struct LiveQuery : FactQuery {
  std::vector<bool> &nodeLive, &edgeLive;
  const Edge *edges;
  LiveQuery(const FactSpace &fs, const Cfg &cfg, std::vector<bool> &nodeLive,
            std::vector<bool> &edgeLive)
      : FactQuery(fs, 1, {0}), nodeLive(nodeLive), edgeLive(edgeLive), edges(cfg.edges.data()) {}
  void visit(int node, int state, llvm::SmallVectorImpl<int> &after) override {
    nodeLive[node] = true;
    applyFacts(node, 0, facts(state), after);
  }
  int crossOwn(const Edge &e, int q) const override {
    edgeLive[size_t(&e - edges)] = true; // only called when the guard lets it through
    return q;
  }
};

/// "steps 'C' and 'D' form a loop", "step 'F' is a loop"; marks the steps.
std::string loopNames(const sema::Program &p, std::vector<int> &comp) {
  std::sort(comp.begin(), comp.end());
  std::string names;
  for (size_t i = 0; i < comp.size(); ++i) {
    if (i)
      names += i + 1 == comp.size() ? " and " : ", ";
    names += "'" + std::string(p.steps[comp[i]].id) + "'";
  }
  return comp.size() == 1 ? "step " + names + " is a loop" : "steps " + names + " form a loop";
}
} // namespace

void Checker::checkLiveTrapLoops() {
  // Without an `if` every edge can be taken: analyseGraph found them all.
  if (p.startStep < 0 || cfg.guards.empty())
    return;
  const size_t numNodes = cfg.nodes.size(), numSteps = p.steps.size();
  std::vector<bool> nodeLive(numNodes, false), edgeLive(cfg.edges.size(), false);
  LiveQuery q(*flowFacts, cfg, nodeLive, edgeLive);
  if (!search->run(q, cfg.stepEntry[p.startStep]))
    return; // past the analysis limit (reported by setUpPathSearch)
  // Backward from the live terminals over live edges.
  Csr preds;
  preds.begin.assign(numNodes + 1, 0);
  for (size_t e = 0; e < cfg.edges.size(); ++e)
    if (edgeLive[e])
      ++preds.begin[cfg.edges[e].to + 1];
  for (size_t n = 0; n < numNodes; ++n)
    preds.begin[n + 1] += preds.begin[n];
  preds.to.resize(preds.begin[numNodes]);
  {
    std::vector<uint32_t> fill(preds.begin.begin(), preds.begin.end() - 1);
    for (size_t e = 0; e < cfg.edges.size(); ++e)
      if (edgeLive[e])
        preds.to[fill[cfg.edges[e].to]++] = (int)cfg.edges[e].from;
  }
  std::vector<bool> canEnd(numNodes, false);
  for (size_t n = 0; n < numNodes; ++n)
    canEnd[n] = nodeLive[n] && cfg.nodes[n].terminal;
  reach(preds, canEnd);
  std::vector<bool> trapped(numSteps, false);
  bool any = false;
  for (size_t s = 0; s < numSteps; ++s) {
    const int entry = cfg.stepEntry[s];
    trapped[s] = nodeLive[entry] && !canEnd[entry] && !p.inTrapLoop[s];
    any |= trapped[s];
  }
  if (!any)
    return;
  // The live step graph (grouped by source step: nodes are numbered step
  // by step).
  Csr adj;
  adj.begin.assign(numSteps + 1, 0);
  for (size_t n = 0; n < numNodes; ++n) {
    const Node &node = cfg.nodes[n];
    for (uint32_t e = node.firstEdge; e < node.firstEdge + node.numEdges; ++e)
      if (edgeLive[e] && cfg.edges[e].toStep) {
        adj.to.push_back(cfg.nodes[cfg.edges[e].to].step);
        ++adj.begin[node.step + 1];
      }
  }
  for (size_t s = 0; s < numSteps; ++s)
    adj.begin[s + 1] += adj.begin[s];
  for (std::vector<int> &comp : sccs(adj, trapped)) {
    std::string names = loopNames(p, comp);
    for (int s : comp)
      p.inTrapLoop[s] = true;
    auto b = diags.report(DiagId::TrapLoop, p.steps[comp[0]].decl->id.range, {names});
    // Point at the ways out that are never taken.
    int shown = 0;
    for (int s : comp) {
      const size_t first = (size_t)cfg.stepEntry[s];
      const size_t last = (size_t)s + 1 < numSteps ? (size_t)cfg.stepEntry[s + 1] : numNodes;
      for (size_t n = first; n < last && shown < 3; ++n) {
        if (!nodeLive[n])
          continue;
        const Node &node = cfg.nodes[n];
        for (uint32_t e = node.firstEdge; e < node.firstEdge + node.numEdges && shown < 3; ++e)
          if (!edgeLive[e] && cfg.edges[e].guardId >= 0) {
            b.note(choiceRange(cfg.edges[e], (int)n),
                   "this way out is never taken: its condition does not hold on any path that "
                   "reaches it");
            ++shown;
          }
      }
    }
    p.trapLoops.push_back(std::move(comp));
  }
}

void Checker::analyseGraph() {
  size_t numSteps = p.steps.size(), numNodes = cfg.nodes.size();
  // Reachability needs only the step graph. Every node of a step is
  // reached from the step's entry (buildCfg lowers a statement only when
  // something flows into it, from an earlier node of the step), and the
  // only edges between steps are jumps to entries. So a step is reached
  // when a jump from a reached step (or the start) leads to it, and its
  // entry can reach the end of the call when one of its own nodes ends it
  // (or is poisoned: it may do anything, ending the call included, so no
  // trap loop is reported through it) or a jump from it leads to a step
  // whose entry can. One pass over the statement graph makes the step
  // graph (both ways), the steps that end the call, and the asks.
  Csr adj, back;
  adj.begin.assign(numSteps + 1, 0);
  back.begin.assign(numSteps + 1, 0);
  p.canEnd.assign(numSteps, false);
  // Forward from the start step; backward from the steps that end (marked
  // in the pass below).
  std::vector<bool> fwd(numSteps, false), bwd(numSteps, false);
  p.edges.reserve(p.edges.size() + cfg.jumps);
  adj.to.reserve(cfg.jumps);
  std::vector<const ast::AskStmt *> asks;
  // Nodes are numbered step by step, so the step edges come out grouped by
  // their source step, as CSR wants.
  for (size_t n = 0; n < numNodes; ++n) {
    const Node &node = cfg.nodes[n];
    if (node.terminal)
      p.canEnd[node.step] = true;
    if (node.terminal || node.poisoned)
      bwd[node.step] = true;
    if (node.stmt && node.stmtKind == ast::Stmt::Kind::Ask)
      asks.push_back(llvm::cast<ast::AskStmt>(node.stmt));
    for (uint32_t e = node.firstEdge; e < node.firstEdge + node.numEdges; ++e) {
      const Edge &edge = cfg.edges[e];
      if (!edge.toStep)
        continue;
      const int toStep = cfg.nodes[edge.to].step;
      sema::StepEdge se;
      se.from = node.step;
      se.to = toStep;
      se.kind = stepEdgeKind(edge.kind);
      se.label = edge.label;
      se.stmt = node.stmt;
      p.edges.push_back(se);
      adj.to.push_back(toStep);
      ++adj.begin[node.step + 1];
      ++back.begin[toStep + 1];
    }
  }
  for (size_t s = 0; s < numSteps; ++s) {
    adj.begin[s + 1] += adj.begin[s];
    back.begin[s + 1] += back.begin[s];
  }
  back.to.resize(adj.to.size());
  {
    std::vector<uint32_t> fill(back.begin.begin(), back.begin.end() - 1);
    for (size_t s = 0; s < numSteps; ++s)
      for (uint32_t i = adj.begin[s]; i < adj.begin[s + 1]; ++i)
        back.to[fill[adj.to[i]]++] = (int)s;
  }
  if (p.startStep >= 0) {
    fwd[p.startStep] = true;
    reach(adj, fwd);
  }
  reach(back, bwd);

  p.reachable = fwd;
  // A step that a jump to an undefined name was probably meant for (the
  // suggestion of its E0102: `goto initelig` for INITELIG) is not
  // reported unreachable; nor is any step when a reachable step's body was
  // cut short by a syntax error (the jumps in the lost text are unknown).
  bool cutShort = false;
  for (size_t s = 0; s < numSteps && !cutShort; ++s)
    cutShort = fwd[s] && p.steps[s].decl->syntaxErrors;
  if (p.startStep >= 0 && !cutShort)
    for (size_t s = 0; s < numSteps; ++s)
      if (!p.reachable[s] && !suggestedSteps.count((int)s))
        diags.report(DiagId::UnreachableStep, p.steps[s].decl->id.range,
                     {std::string(p.steps[s].id), std::string(p.steps[p.startStep].id)});

  // Trap loops: reachable steps that cannot reach an end, in a cycle.
  std::vector<bool> trapped(numSteps, false);
  for (size_t s = 0; s < numSteps; ++s)
    trapped[s] = p.reachable[s] && !bwd[s];
  p.inTrapLoop.assign(numSteps, false);
  for (std::vector<int> &comp : sccs(adj, trapped)) {
    std::string names = loopNames(p, comp);
    for (int s : comp)
      p.inTrapLoop[s] = true;
    diags.report(DiagId::TrapLoop, p.steps[comp[0]].decl->id.range, {names});
    p.trapLoops.push_back(std::move(comp));
  }

  // Suspicious asks.
  for (const ast::AskStmt *ask : asks) {
    if (ask->options.size() == 1)
      diags.report(DiagId::SingleOptionAsk, ask->range);
    if (ask->options.size() <= 8) { // the usual case: compare pairwise, no allocation
      for (size_t i = 1; i < ask->options.size(); ++i)
        for (size_t j = 0; j < i; ++j)
          if (sameText(ask->options[i].label, ask->options[j].label)) {
            diags.report(DiagId::DuplicateOption, ask->options[i].label.range,
                         {ask->options[i].label.str()});
            break;
          }
      continue;
    }
    llvm::StringSet<> seen;
    for (const ast::AskOption &o : ask->options)
      if (!seen.insert(o.label.str()).second)
        diags.report(DiagId::DuplicateOption, o.label.range, {o.label.str()});
  }
}

} // namespace callflow::check
