// Path queries over the statement graph (0-1 BFS over node x state) and the
// counterexample paths they give, formatted as
// `path: D-2-1 → D-2-3 (option "No") → D-2-4`.
#include <algorithm>

#include "check/checker.h"

namespace callflow::check {

namespace {
constexpr uint32_t kUnseen = UINT32_MAX;
}

bool PathSearch::run(PathQuery &q, int startNode, size_t maxCells) {
  states = q.numStates;
  size_t cells = cfg.nodes.size() * (size_t)states;
  if (startNode < 0 || cells > maxCells)
    return false;
  dist.assign(cells, kUnseen);
  parentEdge.assign(cells, kUnseen);
  parentCell.assign(cells, kUnseen);
  std::vector<bool> settled(cells, false);
  // Two FIFO queues, this distance and the next: ties go to the edge
  // written first, so counterexamples prefer the first option.
  std::vector<uint32_t> layer, next;
  for (int s : q.initial) {
    uint32_t c = (uint32_t)((size_t)startNode * states + s);
    if (dist[c] != 0) {
      dist[c] = 0;
      layer.push_back(c);
    }
  }
  llvm::SmallVector<int, 8> after;
  while (!layer.empty()) {
    for (size_t i = 0; i < layer.size(); ++i) {
      uint32_t cell = layer[i];
      if (settled[cell])
        continue;
      settled[cell] = true;
      int node = (int)(cell / states), state = (int)(cell % states);
      after.clear();
      q.visit(node, state, after);
      const Node &n = cfg.nodes[node];
      for (uint32_t e = n.firstEdge; e < n.firstEdge + n.numEdges; ++e) {
        const Edge &edge = cfg.edges[e];
        uint32_t w = cfg.nodes[edge.to].kind == Node::Kind::StepEntry ? 1 : 0;
        for (int s : after) {
          int t = q.cross(edge, s);
          if (t < 0)
            continue;
          uint32_t to = (uint32_t)((size_t)edge.to * states + t);
          if (settled[to] || dist[to] <= dist[cell] + w)
            continue;
          dist[to] = dist[cell] + w;
          parentEdge[to] = e;
          parentCell[to] = cell;
          (w ? next : layer).push_back(to);
        }
      }
    }
    layer.swap(next);
    next.clear();
  }
  return true;
}

void PathSearch::path(int node, int state, std::vector<int> &nodes,
                      std::vector<const Edge *> &via) const {
  nodes.clear();
  via.clear();
  uint32_t cell = (uint32_t)((size_t)node * states + state);
  while (cell != kUnseen) {
    nodes.push_back((int)(cell / states));
    via.push_back(parentEdge[cell] == kUnseen ? nullptr : &cfg.edges[parentEdge[cell]]);
    cell = parentCell[cell];
  }
  std::reverse(nodes.begin(), nodes.end());
  std::reverse(via.begin(), via.end());
}

std::string Checker::formatPath(const std::vector<int> &nodes,
                                const std::vector<const Edge *> &via) const {
  std::string out = "path:";
  int step = -1;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (const Edge *e = via[i]) {
      switch (e->kind) {
      case Edge::Kind::Option:
        out += " (option \"" + e->label->str() + "\")";
        break;
      case Edge::Kind::IfThen:
        out += " (if)";
        break;
      case Edge::Kind::IfElse:
        out += " (else)";
        break;
      case Edge::Kind::Declined:
        out += " (payment declined)";
        break;
      default:
        break;
      }
    }
    const Node &n = cfg.nodes[nodes[i]];
    if (n.kind == Node::Kind::StepEntry || n.step != step) {
      out += step < 0 ? " " : " → ";
      out += p.steps[n.step].id;
      step = n.step;
    }
  }
  return out;
}

std::string Checker::factName(int fact) const {
  if (fact < (int)p.slots.size())
    return p.slotName(fact);
  if (fact < (int)(p.slots.size() + p.forms.size()))
    return p.forms[fact - p.slots.size()].name + ".number";
  return "invoice.total";
}

} // namespace callflow::check
