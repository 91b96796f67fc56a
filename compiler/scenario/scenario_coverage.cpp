// Coverage of a flow by its scenarios: every step, every option of every
// `ask`, both sides of every `if`, both outcomes of every `take payment` and
// every value of every `input ... in`, found statically in the program's
// code, against what runs visited, chose, answered and (for `if`s) were
// seen to take (scenario_branches.cpp).
#include "scenario.h"

#include <algorithm>
#include <map>

#include "callflow/bytecode.h"

namespace callflow::scenario {

CoverageReport coverage(const std::string &flow, const Program &P, const Exercised &ex,
                        const std::vector<std::string> &unreachable) {
  CoverageReport r;
  r.flow = flow;
  auto isUnreachable = [&](uint32_t step) {
    return std::find(unreachable.begin(), unreachable.end(), r.stepIds[step]) != unreachable.end();
  };
  for (const StepInfo &s : P.steps()) r.stepIds.emplace_back(P.string(s.id));
  const auto code = P.code();
  uint32_t step = P.startStep();
  // "D-2-5: if on line 12", "#2" after it for a second one on that line.
  std::map<std::string, unsigned> sameLine;
  auto where = [&](uint32_t step, const char *what, uint32_t offset) {
    std::string w = r.stepIds[step] + ": " + what;
    if (const DebugEntry *d = P.location(offset)) w += " on line " + std::to_string(d->line);
    if (unsigned n = ++sameLine[w]; n > 1) w += " #" + std::to_string(n);
    return w;
  };
  std::shared_ptr<const CodeGraph> graph = ex.code ? ex.code : std::make_shared<CodeGraph>(P);
  for (size_t pc = 0; pc < code.size();) {
    const bc::Instr in = bc::decodeVerified(code.data(), pc);
    if (in.op == bc::Op::STEP) step = uint32_t(in.a[0]);
    const uint32_t off = uint32_t(pc);
    if (in.op == bc::Op::JUMP_IF_NOT && !isUnreachable(step)) {
      std::string w = where(step, "if", off);
      std::vector<bool> seen = graph->distinguishable(off);
      for (uint32_t side = 0; side < 2; ++side) {
        std::string what = w + (side ? " -> else" : " -> then");
        if (seen[side]) r.branches.add(ex.branches.count({off, side}) > 0, what);
        else r.unobservableBranches.push_back(what);
      }
    }
    if (in.op == bc::Op::PAY && !isUnreachable(step)) {
      std::string w = where(step, "take payment", off);
      r.payments.add(ex.payments.count({off, 0}) > 0, w + " -> accepted");
      r.payments.add(ex.payments.count({off, 1}) > 0, w + " -> declined");
    }
    if (in.op == bc::Op::INPUT && in.a[2] > 0 && !isUnreachable(step)) {
      const SlotInfo &slot = P.slots()[uint32_t(in.a[0])];
      std::string w = where(step, ("input " + P.slotName(uint32_t(in.a[0]))).c_str(), off);
      size_t ipc = pc + in.size;
      for (int64_t k = 0; k < in.a[2]; ++k) {
        const bc::Instr allow = bc::decodeVerified(code.data(), ipc);
        ipc += allow.size;
        std::string value = "?";
        if (slot.type.tag == bc::TypeTag::Enum) {
          const EnumInfo &en = P.enums()[slot.type.enumIndex];
          value = std::string(P.string(P.enumValues()[en.firstValue + uint32_t(allow.a[0])].name));
        }
        r.inputs.add(ex.inputs.count({off, uint32_t(k)}) > 0, w + " -> " + value);
      }
    }
    if (in.op == bc::Op::ASK || in.op == bc::Op::ASK_KEYED) {
      AskSite site{uint32_t(pc), step, P.textSource(uint32_t(in.a[0])), {}};
      size_t opc = pc + in.size;
      for (int64_t k = 0; k < in.a[1]; ++k) {
        const bc::Instr opt = bc::decodeVerified(code.data(), opc);
        site.options.push_back(P.textSource(uint32_t(opt.a[0])));
        opc += opt.size;
      }
      r.asks.push_back(std::move(site));
    }
    pc += in.size;
  }
  for (uint32_t i = 0; i < r.stepIds.size(); ++i) {
    if (isUnreachable(i)) {
      r.unreachableSteps.push_back(r.stepIds[i]);
      continue;
    }
    ++r.totalSteps;
    if (ex.steps.count(i)) ++r.coveredSteps;
    else r.missedSteps.push_back(r.stepIds[i]);
  }
  for (const AskSite &a : r.asks)
    for (uint32_t k = 0; k < a.options.size() && !isUnreachable(a.step); ++k) {
      ++r.totalOptions;
      if (ex.options.count({a.offset, k})) ++r.coveredOptions;
      else r.missedOptions.push_back(r.stepIds[a.step] + ": \"" + a.question + "\" -> \"" + a.options[k] + "\"");
    }
  return r;
}

} // namespace callflow::scenario
