// The step graph of a checked flow as Graphviz DOT: sections as clusters,
// steps as nodes (ID + title), options as labelled edges, gotos plain,
// terminal steps and the start styled, unreachable steps and trap loops
// highlighted. Node names are generated (`s0`, `s1`, …); every flow text
// is a dotString.
#include "print/escape.h"
#include "print/print.h"
#include "print/script_model.h"

namespace callflow::print {
namespace {

const char *kFont = "\"Noto Sans,DejaVu Sans,Liberation Sans,sans-serif\"";

void node(const sema::Program &p, llvm::raw_ostream &os, int i, llvm::StringRef indent) {
  const sema::StepInfo &s = p.steps[i];
  bool unreachable = i < (int)p.reachable.size() && !p.reachable[i];
  bool trap = i < (int)p.inTrapLoop.size() && p.inTrapLoop[i];
  bool terminal = i < (int)p.canEnd.size() && p.canEnd[i];
  std::string label = s.title.empty() ? s.id : s.id + "\n" + s.title;
  if (unreachable)
    label += "\n(unreachable)";
  if (trap)
    label += "\n(loop with no way out)";
  os << indent << "s" << i << " [label=" << dotString(label) << ", tooltip=" << dotString(s.id);
  if (trap)
    os << ", color=\"#b00020\", fontcolor=\"#b00020\", penwidth=2.5, fillcolor=\"#fde7ea\"";
  else if (unreachable)
    os << ", style=\"rounded,filled,dashed\", color=\"#8c8c8c\", fontcolor=\"#6b6b6b\","
          " fillcolor=\"#f2f2f2\"";
  else if (terminal)
    os << ", peripheries=2, fillcolor=\"#f6e6d8\"";
  if (i == p.startStep)
    os << ", penwidth=2.5, fillcolor=\"#dff0e3\"";
  os << "];\n";
}

} // namespace

void printGraphDot(const sema::Program &p, llvm::raw_ostream &os, const GraphOptions &opts) {
  std::string title = p.flowTitle.empty() ? p.flowName : p.flowTitle;
  os << "// Flowchart of flow " << dotString(p.flowName) << ", printed by flowc graph.\n";
  os << "digraph " << dotString(p.flowName.empty() ? "flow" : p.flowName) << " {\n"
     << "  graph [charset=\"UTF-8\", label=" << dotString(title)
     << ", labelloc=t, fontsize=20, fontname=" << kFont
     << ", rankdir=TB, nodesep=0.35, ranksep=0.45, newrank=true];\n"
     << "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef1f5\", color=\"#1d3f6e\","
        " fontname=" << kFont << ", fontsize=11];\n"
     << "  edge [fontname=" << kFont << ", fontsize=9, color=\"#4a4a4a\"];\n";
  if (p.startStep >= 0)
    os << "  start [shape=circle, label=\"\", width=0.2, style=filled, fillcolor=\"#1d5e3a\","
          " color=\"#1d5e3a\", tooltip=\"start\"];\n";

  std::vector<bool> placed(p.steps.size(), false);
  if (opts.clusters)
    for (size_t sec = 0; sec < p.sections.size(); ++sec) {
      os << "  subgraph cluster_" << sec << " {\n    label=" << dotString(p.sections[sec].title)
         << "; style=\"rounded\"; color=\"#9fb3cc\"; fontsize=13;\n";
      for (size_t i = 0; i < p.steps.size(); ++i)
        if (p.steps[i].section == (int)sec) {
          node(p, os, (int)i, "    ");
          placed[i] = true;
        }
      os << "  }\n";
    }
  for (size_t i = 0; i < p.steps.size(); ++i)
    if (!placed[i])
      node(p, os, (int)i, "  ");

  if (p.startStep >= 0)
    os << "  start -> s" << p.startStep << ";\n";
  for (const sema::StepEdge &e : p.edges) {
    if (e.from < 0 || e.to < 0 || e.from >= (int)p.steps.size() || e.to >= (int)p.steps.size())
      continue;
    os << "  s" << e.from << " -> s" << e.to;
    std::vector<std::string> attrs;
    switch (e.kind) {
    case sema::StepEdge::Kind::Option:
      attrs.push_back("label=" + dotString(e.label));
      break;
    case sema::StepEdge::Kind::Goto:
      break;
    case sema::StepEdge::Kind::IfThen:
    case sema::StepEdge::Kind::IfElse: {
      std::string cond;
      if (const auto *ij = llvm::dyn_cast_or_null<ast::IfJumpStmt>(e.stmt))
        cond = exprWords(p, ij->cond.get());
      std::string label = e.kind == sema::StepEdge::Kind::IfThen ? "if " + cond
                                                                 : "otherwise";
      attrs.push_back("label=" + dotString(label));
      attrs.push_back("style=dashed");
      break;
    }
    case sema::StepEdge::Kind::PaymentDeclined:
      attrs.push_back("label=\"payment declined\"");
      attrs.push_back("style=dashed");
      attrs.push_back("color=\"#7a1d1d\"");
      break;
    }
    bool trapEdge = e.from < (int)p.inTrapLoop.size() && e.to < (int)p.inTrapLoop.size() &&
                    p.inTrapLoop[e.from] && p.inTrapLoop[e.to];
    if (trapEdge)
      attrs.push_back("color=\"#b00020\", penwidth=2");
    if (!attrs.empty()) {
      os << " [";
      for (size_t k = 0; k < attrs.size(); ++k)
        os << (k ? ", " : "") << attrs[k];
      os << "]";
    }
    os << ";\n";
  }
  os << "}\n";
}

} // namespace callflow::print
