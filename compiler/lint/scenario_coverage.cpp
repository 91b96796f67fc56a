// Coverage of a flow by its scenarios: every step and every option of every
// `ask`, found statically in the program's code, against what runs visited.
#include "scenario.h"

#include <algorithm>

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
  for (size_t pc = 0; pc < code.size();) {
    const bc::Instr in = bc::decodeVerified(code.data(), pc);
    if (in.op == bc::Op::STEP) step = uint32_t(in.a[0]);
    if (in.op == bc::Op::ASK) {
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
