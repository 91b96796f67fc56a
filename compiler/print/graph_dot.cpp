// The step graph of a checked flow as Graphviz DOT: sections as clusters,
// steps as nodes (ID + title), options as labelled edges, gotos plain,
// terminal steps and the start styled, unreachable steps and trap loops
// highlighted. Node names are generated (`s0`, `s1`, …); every flow text
// is a dotString.
//
// Edges come from walking each step's statements, not from the checker's
// step-to-step edges, so that choices which do not jump still show: an
// option whose block runs and lets the step go on is an edge, labelled
// with the option, to where the step goes next; options that meet before
// a further choice or a condition meet in a small junction point; options
// that end the call lead to an end marker ("End: …", "Transfer: …"). An
// `if` block whose arms neither jump nor ask draws nothing (its arms do
// the same thing as far as the flowchart goes).
#include "print/escape.h"
#include "print/print.h"
#include "print/script_model.h"

namespace callflow::print {
namespace {

using Kind = ast::Stmt::Kind;

const char *kFont = "\"Noto Sans,DejaVu Sans,Liberation Sans,sans-serif\"";

void node(const sema::Program &p, const Words &w, llvm::raw_ostream &os, int i,
          llvm::StringRef indent) {
  const sema::StepInfo &s = p.steps[i];
  bool unreachable = i < (int)p.reachable.size() && !p.reachable[i];
  bool trap = i < (int)p.inTrapLoop.size() && p.inTrapLoop[i];
  bool terminal = i < (int)p.canEnd.size() && p.canEnd[i];
  std::string label(s.id);
  if (!s.title.empty())
    label += "\n" + std::string(s.title);
  if (unreachable)
    label += std::string("\n") + w(Msg::GraphUnreachable);
  if (trap)
    label += std::string("\n") + w(Msg::GraphTrapLoop);
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

/// Edge labels wrap at spaces after about 28 characters, so that long
/// option labels do not stretch the chart; a last word of a few
/// characters (a currency sign: "больше 0.00 ₽") stays on its line.
std::string wrapLabel(const std::string &s) {
  std::string out;
  size_t lineChars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c == ' ' && lineChars >= 28 && l10n::columns(llvm::StringRef(s).drop_front(i + 1)) > 3) {
      out += '\n';
      lineChars = 0;
      continue;
    }
    out += s[i];
    if ((c & 0xC0) != 0x80)
      ++lineChars;
  }
  return out;
}

/// Whether a block changes where the call goes: asks, jumps, terminal
/// statements, or a payment with an `else`.
bool routes(const ast::Block &b) {
  for (const ast::StmtPtr &s : b.stmts) {
    switch (s->kind) {
    case Kind::Ask:
    case Kind::IfJump:
    case Kind::Goto:
    case Kind::Transfer:
    case Kind::End:
      return true;
    case Kind::TakePayment: {
      const auto &tp = llvm::cast<ast::TakePaymentStmt>(*s);
      if (tp.elseTarget || (tp.elseBody && routes(*tp.elseBody)))
        return true;
      break;
    }
    case Kind::IfBlock: {
      const auto &ib = llvm::cast<ast::IfBlockStmt>(*s);
      for (const ast::IfBlockStmt::Arm &arm : ib.arms)
        if (routes(arm.body))
          return true;
      if (ib.otherwise && routes(*ib.otherwise))
        return true;
      break;
    }
    default:
      break;
    }
  }
  return false;
}

/// The nodes and edges one step adds to the chart.
class StepWalk {
public:
  StepWalk(const sema::Program &p, const Words &w, int step) : p(p), w(w), step(step) {}

  /// Walks the step; `nodes` gets its junction and end-marker nodes (to be
  /// placed in the step's cluster), `edges` its edges.
  void run(std::string &nodes, std::string &edges) {
    if (const ast::StepDecl *d = p.steps[step].decl)
      walk(d->body, {Src{"s" + std::to_string(step), "", Style::Plain}});
    nodes = std::move(nodeText);
    edges = std::move(edgeText);
  }

private:
  enum class Style { Plain, Option, Cond, Declined };
  /// Where the next edge starts: a node, and the label and style that edge
  /// gets (the option or condition that led here, not drawn yet).
  struct Src {
    std::string node;
    std::string label;
    Style style;
  };
  using Pending = std::vector<Src>;

  const sema::Program &p;
  const Words &w;
  const int step;
  int made = 0; // junctions and end markers of this step
  std::string nodeText, edgeText;

  bool inTrap(int s) const { return s >= 0 && s < (int)p.inTrapLoop.size() && p.inTrapLoop[s]; }

  int stepOf(const ast::Name &n) const {
    if (const sema::Symbol s = sema::Program::nameOf(n); s.kind == sema::Symbol::Kind::Step)
      return s.index;
    auto s = p.stepByName.find(n.text());
    return s == p.stepByName.end() ? -1 : s->second;
  }

  /// An edge from `from` to node `to`; `toStep` is the step `to` belongs to
  /// (-1 for an end marker), for the trap-loop colour.
  void edge(const Src &from, const std::string &to, int toStep) {
    llvm::raw_string_ostream os(edgeText);
    os << "  " << from.node << " -> " << to;
    std::vector<std::string> attrs;
    if (!from.label.empty())
      attrs.push_back("label=" + dotString(wrapLabel(from.label)));
    if (from.style == Style::Cond || from.style == Style::Declined)
      attrs.push_back("style=dashed");
    if (from.style == Style::Declined)
      attrs.push_back("color=\"#7a1d1d\"");
    if (toStep >= 0 && inTrap(step) && inTrap(toStep))
      attrs.push_back("color=\"#b00020\", penwidth=2");
    if (!attrs.empty()) {
      os << " [";
      for (size_t k = 0; k < attrs.size(); ++k)
        os << (k ? ", " : "") << attrs[k];
      os << "]";
    }
    os << ";\n";
  }

  void jump(const Pending &from, const ast::Name &target) {
    int t = stepOf(target);
    if (t < 0)
      return; // unresolved: the checker reported it
    for (const Src &f : from)
      edge(f, "s" + std::to_string(t), t);
  }

  /// One unlabelled start for the next edges: `cur` itself, or a junction
  /// where its paths meet (so two labels never share one edge).
  Src single(const Pending &cur) {
    if (cur.size() == 1 && cur[0].label.empty())
      return cur[0];
    std::string j = "j" + std::to_string(step) + "_" + std::to_string(made++);
    llvm::raw_string_ostream(nodeText)
        << "    " << j << " [shape=point, width=0.09, color=\"#4a4a4a\", tooltip="
        << dotString(p.steps[step].id) << "];\n";
    for (const Src &f : cur)
      edge(f, j, step);
    return {j, "", Style::Plain};
  }

  /// The call ends (`what`: "End: reason", "Transfer: Remote Agent"). A
  /// step that simply ends is drawn as terminal already; an end reached
  /// through an option or a condition gets a marker the edge leads to.
  void finish(const Pending &cur, const std::string &what) {
    if (cur.size() == 1 && cur[0].label.empty() && cur[0].node == "s" + std::to_string(step))
      return;
    std::string e = "e" + std::to_string(step) + "_" + std::to_string(made++);
    llvm::raw_string_ostream(nodeText)
        << "    " << e << " [label=" << dotString(wrapLabel(what))
        << ", shape=box, style=\"rounded,filled\", fillcolor=\"#f6e6d8\", color=\"#7a1d1d\","
           " fontsize=9, margin=\"0.08,0.03\"];\n";
    for (const Src &f : cur)
      edge(f, e, -1);
  }

  Pending walk(const ast::Block &b, Pending cur) {
    for (const ast::StmtPtr &sp : b.stmts) {
      if (cur.empty())
        break; // after a jump: nothing more runs
      const ast::Stmt &s = *sp;
      switch (s.kind) {
      case Kind::Goto:
        jump(cur, llvm::cast<ast::GotoStmt>(s).target);
        cur.clear();
        break;
      case Kind::IfJump: {
        const auto &ij = llvm::cast<ast::IfJumpStmt>(s);
        Src at = single(cur);
        jump({Src{at.node, w(Msg::GraphIf, {exprWords(p, ij.cond.get(), w)}), Style::Cond}}, ij.then);
        if (ij.otherwise) {
          jump({Src{at.node, w(Msg::GraphOtherwise), Style::Cond}}, *ij.otherwise);
          cur.clear();
        } else {
          cur = {at};
        }
        break;
      }
      case Kind::Ask: {
        const auto &a = llvm::cast<ast::AskStmt>(s);
        Src at = single(cur);
        Pending after;
        for (const ast::AskOption &o : a.options) {
          Src opt{at.node, (o.key ? "[" + o.key->literal().str() + "] " : std::string()) + o.label.str(), Style::Option};
          if (o.target) {
            jump({opt}, *o.target);
          } else if (o.body) {
            Pending r = walk(*o.body, {opt});
            after.insert(after.end(), r.begin(), r.end());
          }
        }
        cur = std::move(after);
        break;
      }
      case Kind::IfBlock: {
        const auto &ib = llvm::cast<ast::IfBlockStmt>(s);
        bool any = ib.otherwise && routes(*ib.otherwise);
        for (const ast::IfBlockStmt::Arm &arm : ib.arms)
          any |= routes(arm.body);
        if (!any)
          break; // the arms differ only in what they record
        Src at = single(cur);
        Pending after;
        bool first = true;
        for (const ast::IfBlockStmt::Arm &arm : ib.arms) {
          std::string cond =
              w(first ? Msg::GraphIf : Msg::GraphOtherwiseIf, {exprWords(p, arm.cond.get(), w)});
          Pending r = walk(arm.body, {Src{at.node, cond, Style::Cond}});
          after.insert(after.end(), r.begin(), r.end());
          first = false;
        }
        Src otherwise{at.node, w(Msg::GraphOtherwise), Style::Cond};
        Pending r = ib.otherwise ? walk(*ib.otherwise, {otherwise}) : Pending{otherwise};
        after.insert(after.end(), r.begin(), r.end());
        cur = std::move(after);
        break;
      }
      case Kind::TakePayment: {
        const auto &tp = llvm::cast<ast::TakePaymentStmt>(s);
        if (!tp.elseTarget && !(tp.elseBody && routes(*tp.elseBody)))
          break;
        Src at = single(cur);
        Src declined{at.node, w(Msg::GraphDeclined), Style::Declined};
        cur = {at};
        if (tp.elseTarget) {
          jump({declined}, *tp.elseTarget);
        } else {
          Pending r = walk(*tp.elseBody, {declined});
          cur.insert(cur.end(), r.begin(), r.end());
        }
        break;
      }
      case Kind::Transfer:
        finish(cur, w(Msg::GraphTransfer, {llvm::cast<ast::TransferStmt>(s).target.str()}));
        cur.clear();
        break;
      case Kind::End: {
        const auto &r = llvm::cast<ast::EndStmt>(s).reason;
        finish(cur, r ? w(Msg::GraphEndWhy, {r->str()}) : w(Msg::GraphEnd));
        cur.clear();
        break;
      }
      default:
        break;
      }
    }
    return cur;
  }
};

} // namespace

void printGraphDot(const sema::Program &p, llvm::raw_ostream &os, const GraphOptions &opts) {
  std::string title = p.flowTitle.empty() ? p.flowName : p.flowTitle;
  const Words w(l10n::fromTag(opts.lang.empty() ? guessLang(p) : opts.lang));
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
          " color=\"#1d5e3a\", tooltip="
       << dotString(w(Msg::GraphStart)) << "];\n";

  std::vector<std::string> extraNodes(p.steps.size()), edges(p.steps.size());
  for (size_t i = 0; i < p.steps.size(); ++i)
    StepWalk(p, w, (int)i).run(extraNodes[i], edges[i]);
  // A step's junctions and end markers sit with it (in its cluster).
  auto place = [&](size_t i, llvm::StringRef indent) {
    node(p, w, os, (int)i, indent);
    llvm::StringRef extra = extraNodes[i];
    while (!extra.empty()) {
      llvm::StringRef line;
      std::tie(line, extra) = extra.split('\n');
      os << indent << line.ltrim() << "\n";
    }
  };

  std::vector<bool> placed(p.steps.size(), false);
  if (opts.clusters)
    for (size_t sec = 0; sec < p.sections.size(); ++sec) {
      os << "  subgraph cluster_" << sec << " {\n    label=" << dotString(p.sections[sec].title)
         << "; style=\"rounded\"; color=\"#9fb3cc\"; fontsize=13;\n";
      for (size_t i = 0; i < p.steps.size(); ++i)
        if (p.steps[i].section == (int)sec) {
          place(i, "    ");
          placed[i] = true;
        }
      os << "  }\n";
    }
  for (size_t i = 0; i < p.steps.size(); ++i)
    if (!placed[i])
      place(i, "  ");

  if (p.startStep >= 0)
    os << "  start -> s" << p.startStep << ";\n";
  for (const std::string &e : edges)
    os << e;
  os << "}\n";
}

} // namespace callflow::print
