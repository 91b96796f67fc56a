// Which `if` branches a run took, inferred from the events it produced.
//
// The session reports events, not the instructions it ran. Between two
// events execution passes only through instructions that produce none
// (expressions, SET, JUMP, JUMP_IF_NOT, STEP), from where the first event
// left off (its successor, the option chosen, the payment declined) to the
// instruction of the next event. Walking that stretch from its start, a
// JUMP_IF_NOT of which only one side can still lead to the next event
// without passing another event must have gone that way: that branch is
// taken. When both sides can, the walk stops (the run cannot tell them
// apart). A SET may produce an Update event (a field of a created form) or
// none, so it is passed over but may also be the next event.
#include "scenario.h"

#include <algorithm>

#include "callflow/bytecode.h"

namespace callflow::scenario {

namespace {
constexpr uint32_t kNoPc = UINT32_MAX;
/// The most instructions one inference may visit (a bound for huge flows
/// whose steps route through long stretches without events).
constexpr size_t kMaxVisit = 1u << 20;

bool emitsEvent(bc::Op op) {
  switch (op) {
  case bc::Op::SAY: case bc::Op::NOTE: case bc::Op::DO: case bc::Op::DO_RESULT:
  case bc::Op::ASK: case bc::Op::INPUT: case bc::Op::CREATE: case bc::Op::COMPLETE:
  case bc::Op::CHARGE_ITEM: case bc::Op::CHARGE_AMOUNT: case bc::Op::INVOICE:
  case bc::Op::PAY: case bc::Op::TRANSFER: case bc::Op::END:
  case bc::Op::OPTION: case bc::Op::ALLOW: // items: never run on their own
  case bc::Op::ASK_KEYED: case bc::Op::OPTION_KEY:
    return true;
  default:
    return false;
  }
}
} // namespace

CodeGraph::CodeGraph(const Program &P) {
  const auto code = P.code();
  uint32_t step = P.startStep();
  for (size_t pc = 0; pc < code.size();) {
    const bc::Instr in = bc::decodeVerified(code.data(), pc);
    if (in.op == bc::Op::STEP) step = uint32_t(in.a[0]);
    Ins i;
    i.offset = uint32_t(pc);
    i.op = in.op;
    i.step = step;
    i.wall = emitsEvent(in.op);
    uint32_t next = uint32_t(pc + in.size);
    if (in.op == bc::Op::INPUT) // past its ALLOW items
      for (int64_t k = 0; k < in.a[2]; ++k) next += bc::decodeVerified(code.data(), next).size;
    switch (in.op) {
    case bc::Op::JUMP:
      i.target = uint32_t(int64_t(pc) + in.a[0]);
      break;
    case bc::Op::JUMP_IF_NOT: case bc::Op::PAY:
      i.next = next;
      i.target = uint32_t(int64_t(pc) + in.a[0]);
      break;
    case bc::Op::ASK: case bc::Op::TRANSFER: case bc::Op::END: case bc::Op::OPTION: case bc::Op::ALLOW:
    case bc::Op::ASK_KEYED: case bc::Op::OPTION_KEY:
      break;
    default:
      i.next = next;
    }
    if (in.op == bc::Op::OPTION || in.op == bc::Op::OPTION_KEY) i.target = uint32_t(int64_t(pc) + in.a[1]);
    ins_.push_back(i);
    pc += in.size;
  }
  // Predecessors along the edges that produce no event on the way.
  std::vector<uint32_t> count(ins_.size() + 1, 0);
  auto edges = [&](uint32_t from, auto &&f) {
    const Ins &i = ins_[from];
    if (i.wall) return;
    for (uint32_t to : {i.next, i.target})
      if (to != kNoPc)
        if (uint32_t t = indexOf(to); t != kNoPc) f(t);
  };
  for (uint32_t n = 0; n < ins_.size(); ++n) edges(n, [&](uint32_t t) { ++count[t + 1]; });
  for (size_t n = 0; n < ins_.size(); ++n) count[n + 1] += count[n];
  predBegin_ = count;
  preds_.resize(count.back());
  for (uint32_t n = 0; n < ins_.size(); ++n) edges(n, [&](uint32_t t) { preds_[count[t]++] = n; });
}

uint32_t CodeGraph::fresh() const {
  if (stamp_.size() != ins_.size()) {
    stamp_.assign(ins_.size(), 0);
    seen_.assign(ins_.size(), 0);
  }
  if (++epoch_ == 0) { // wrapped: start afresh
    std::fill(stamp_.begin(), stamp_.end(), 0);
    std::fill(seen_.begin(), seen_.end(), 0);
    epoch_ = 1;
  }
  return epoch_;
}

uint32_t CodeGraph::indexOf(uint32_t offset) const {
  auto it = std::lower_bound(ins_.begin(), ins_.end(), offset,
                             [](const Ins &i, uint32_t off) { return i.offset < off; });
  return it != ins_.end() && it->offset == offset ? uint32_t(it - ins_.begin()) : kNoPc;
}

uint32_t CodeGraph::resumeAfter(uint32_t offset, int choice) const {
  uint32_t n = indexOf(offset);
  if (n == kNoPc) return kNoPc;
  const Ins &i = ins_[n];
  if (i.op == bc::Op::ASK || i.op == bc::Op::ASK_KEYED) {
    if (choice < 0 || n + 1 + uint32_t(choice) >= ins_.size()) return kNoPc;
    return ins_[n + 1 + uint32_t(choice)].target; // the OPTION's target
  }
  if (i.op == bc::Op::PAY) return choice == 1 ? i.target : i.next;
  return i.next;
}

void CodeGraph::inferBranches(uint32_t from, uint32_t to,
                              std::set<std::pair<uint32_t, uint32_t>> &taken) const {
  const uint32_t start = indexOf(from), goal = indexOf(to);
  if (start == kNoPc || goal == kNoPc || start == goal) return;
  // Every instruction from which `goal` is reached without another event.
  const uint32_t canMark = fresh(), seenMark = fresh();
  auto can = [&](uint32_t n) { return stamp_[n] == canMark; };
  std::vector<uint32_t> reach{goal};
  stamp_[goal] = canMark;
  for (size_t q = 0; q < reach.size() && reach.size() < kMaxVisit; ++q)
    for (uint32_t p = predBegin_[reach[q]]; p < predBegin_[reach[q] + 1]; ++p)
      if (!can(preds_[p])) {
        stamp_[preds_[p]] = canMark;
        reach.push_back(preds_[p]);
      }
  if (reach.size() >= kMaxVisit) return;
  for (uint32_t cur = start; cur != goal && can(cur) && seen_[cur] != seenMark;) {
    seen_[cur] = seenMark;
    const Ins &i = ins_[cur];
    if (i.wall) return; // not consistent with the events: learn nothing
    uint32_t next = i.next == kNoPc ? kNoPc : indexOf(i.next);
    uint32_t target = i.target == kNoPc ? kNoPc : indexOf(i.target);
    if (i.op == bc::Op::JUMP_IF_NOT) {
      bool viaNext = next != kNoPc && can(next), viaTarget = target != kNoPc && can(target);
      if (viaNext == viaTarget) return; // either way (or neither): cannot tell
      taken.insert({i.offset, viaNext ? 0u : 1u});
      cur = viaNext ? next : target;
      continue;
    }
    cur = next != kNoPc ? next : target;
    if (cur == kNoPc) return;
  }
}

std::vector<bool> CodeGraph::distinguishable(uint32_t offset) const {
  std::vector<bool> out(2, false);
  uint32_t n = indexOf(offset);
  if (n == kNoPc || ins_[n].op != bc::Op::JUMP_IF_NOT) return out;
  // The events each side can produce first; an outcome can be seen when
  // some event may come first after it and not after the other.
  auto firsts = [&](uint32_t pc) {
    std::vector<uint32_t> found;
    uint32_t s = pc == kNoPc ? kNoPc : indexOf(pc);
    if (s == kNoPc) return found;
    const uint32_t mark = fresh();
    std::vector<uint32_t> q{s};
    seen_[s] = mark;
    for (size_t at = 0; at < q.size() && q.size() < kMaxVisit; ++at) {
      const Ins &i = ins_[q[at]];
      if (i.wall) { // an event that is certain; a SET's Update is not
        found.push_back(q[at]);
        continue;
      }
      for (uint32_t to : {i.next, i.target})
        if (uint32_t t = to == kNoPc ? kNoPc : indexOf(to); t != kNoPc && seen_[t] != mark) {
          seen_[t] = mark;
          q.push_back(t);
        }
    }
    std::sort(found.begin(), found.end());
    return found;
  };
  std::vector<uint32_t> a = firsts(ins_[n].next), b = firsts(ins_[n].target);
  auto hasOwn = [](const std::vector<uint32_t> &x, const std::vector<uint32_t> &y) {
    for (uint32_t v : x)
      if (!std::binary_search(y.begin(), y.end(), v)) return true;
    return false;
  };
  out[0] = hasOwn(a, b);
  out[1] = hasOwn(b, a);
  return out;
}

} // namespace callflow::scenario
