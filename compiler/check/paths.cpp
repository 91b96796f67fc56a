// Path queries over the statement graph (0-1 BFS over node x state) and the
// counterexample paths they give: the steps and the choices taken, with
// their locations, shown as `path: D-2-1 (option "No") → D-2-3 → D-2-4`.
#include <algorithm>

#include "check/checker.h"

namespace callflow::check {

namespace {
constexpr uint32_t kRoot = UINT32_MAX;
// A cell's status, in the low two bits of its stamp (the high bits are the
// run's epoch, so cells from earlier runs read as unseen).
constexpr uint32_t kQueuedEven = 1, kQueuedOdd = 2, kSettled = 3;
} // namespace

// 0-1 BFS by layers of equal distance. A cell queued in the current layer
// has the best distance; one queued for the next layer may still be
// reached by a 0-edge from the current layer, and is then moved (its stale
// entry in the next layer is skipped once it is settled). A cell is reached
// first by the edge written first among the shortest, so counterexamples
// prefer the first option.
PathSearch::Outcome PathSearch::runWithin(PathQuery &q, int startNode, size_t cap, size_t budget) {
  states = q.numStates;
  const size_t numNodes = cfg.nodes.size();
  size_t numCells = numNodes * (size_t)states;
  if (startNode < 0 || numCells > std::min(cap, kMaxWideCells))
    return Outcome::TooLarge;
  cells.grow(numCells);
  // Cells reached (each once a run: queued the first time), and the pages
  // this run may make.
  size_t reached = 0;
  const size_t pageBudget = budget == SIZE_MAX ? SIZE_MAX : cells.made() + budget / 256;
  if (++epoch >= (UINT32_MAX >> 2)) { // stamps would wrap: start afresh
    epoch = 1;
    cells.clearStamps();
  }
  const uint32_t base = epoch << 2;
  uint32_t parity = 0; // of the current layer
  auto queuedHere = [&] { return base | (parity ? kQueuedOdd : kQueuedEven); };
  auto queuedNext = [&] { return base | (parity ? kQueuedEven : kQueuedOdd); };
  layer.clear();
  next.clear();
  for (int s : q.initial) {
    uint32_t c = cellOf(startNode, s);
    if (cells.stamp(c) != queuedHere()) {
      cells.at(c) = {queuedHere(), kRoot, 0};
      layer.push_back(c);
      ++reached;
    }
  }
  llvm::SmallVector<int, 8> after;
  const Node *nodes = cfg.nodes.data();
  const Edge *edges = cfg.edges.data();
  while (!layer.empty()) {
    for (size_t i = 0; i < layer.size(); ++i) {
      uint32_t cell = layer[i];
      if (cells.stamp(cell) != queuedHere())
        continue; // settled already, or a stale entry
      cells.at(cell).stamp = base | kSettled;
      int node = (int)(cell % numNodes), state = (int)(cell / numNodes);
      // What a poisoned statement does is unknown (Node::poisoned): no
      // query looks at it or past it (its name error is the report).
      if (nodes[node].poisoned)
        continue;
      after.clear();
      q.visit(node, state, after);
      if (after.empty())
        continue;
      const Node &n = nodes[node];
      for (uint32_t e = n.firstEdge, end = n.firstEdge + n.numEdges; e < end; ++e) {
        const Edge &edge = edges[e];
        const bool step = edge.toStep;
        for (int s : after) {
          int t = q.cross(edge, s);
          if (t < 0)
            continue;
          uint32_t to = cellOf((int)edge.to, t);
          uint32_t st = cells.stamp(to);
          if (st == (base | kSettled) || st == queuedHere())
            continue;
          if (step && st == queuedNext())
            continue; // as short, and reached earlier
          if (st >> 2 != epoch && (++reached > budget || cells.made() > pageBudget))
            return Outcome::OverBudget; // (a cell moved up a layer counts once)
          cells.at(to) = {step ? queuedNext() : queuedHere(), e, (uint32_t)state};
          (step ? next : layer).push_back(to);
        }
      }
    }
    layer.swap(next);
    next.clear();
    parity ^= 1;
  }
  return Outcome::Done;
}

void PathSearch::path(int node, int state, std::vector<int> &nodes,
                      std::vector<const Edge *> &via) const {
  nodes.clear();
  via.clear();
  for (;;) {
    const Cell &c = cells.get(cellOf(node, state));
    nodes.push_back(node);
    if (c.parentEdge == kRoot) {
      via.push_back(nullptr);
      break;
    }
    via.push_back(&cfg.edges[c.parentEdge]);
    node = (int)cfg.edges[c.parentEdge].from;
    state = (int)c.parentState;
  }
  std::reverse(nodes.begin(), nodes.end());
  std::reverse(via.begin(), via.end());
}

namespace {
bool contains(llvm::SMRange outer, llvm::SMLoc at) {
  return outer.Start.getPointer() <= at.getPointer() && at.getPointer() <= outer.End.getPointer();
}
} // namespace

// Where a choice was made: an option at its label; a branch at the first
// statement it leads to when that lies inside the `if` (or `take payment`),
// else at the statement that branches.
llvm::SMRange Checker::choiceRange(const Edge &e, int from) const {
  if (e.kind == Edge::Kind::Option && e.label)
    return e.label->range;
  const Node &src = cfg.nodes[from], &dst = cfg.nodes[e.to];
  if (dst.stmt && dst.step == src.step &&
      (!src.stmt || contains(src.stmt->range, dst.stmt->range.Start)))
    return dst.stmt->range;
  if (src.stmt)
    return src.stmt->range;
  return p.steps[src.step].decl->id.range;
}

std::vector<diag::PathHop> Checker::formatPath(const std::vector<int> &nodes,
                                               const std::vector<const Edge *> &via) const {
  std::vector<diag::PathHop> hops;
  int step = -1;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (const Edge *e = via[i]; e && !hops.empty()) {
      const char *what = nullptr;
      std::string option;
      switch (e->kind) {
      case Edge::Kind::Option:
        option = "option \"" + e->label->str() + "\"";
        break;
      case Edge::Kind::IfThen:
        what = "if";
        break;
      case Edge::Kind::IfElse:
        what = "else";
        break;
      case Edge::Kind::Declined:
        what = "payment declined";
        break;
      default:
        break;
      }
      if (what || !option.empty())
        hops.back().choices.push_back(
            {what ? std::string(what) : option, choiceRange(*e, nodes[i - 1])});
    }
    const Node &n = cfg.nodes[nodes[i]];
    if (n.kind == Node::Kind::StepEntry || n.step != step) {
      hops.push_back({std::string(p.steps[n.step].id), p.steps[n.step].decl->id.range, {}});
      step = n.step;
    }
  }
  return hops;
}

std::string Checker::factName(int fact) const {
  if (fact < (int)p.slots.size())
    return p.slotName(fact);
  if (fact < (int)(p.slots.size() + p.forms.size()))
    return p.forms[fact - p.slots.size()].name + ".number";
  return "invoice.total";
}

} // namespace callflow::check
