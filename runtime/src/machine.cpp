// The interpreter: dispatch generated from opcodes.def, one handler per
// opcode. Handlers return true when they produced an event (the loop stops).
// Code is verified before any of this runs, so operands are trusted here.
#include "machine.h"

#include <algorithm>
#include <string>
#include <utility>

namespace callflow {

using bc::Op;

Machine::Machine(Session &s) : S(s), P(*s.program_), code_(P.code().data()) {}

namespace {
// Operands of verified code: no bounds or shape checks. Most are one byte.
inline uint64_t readOperand(const uint8_t *&p) {
  uint64_t b = *p++;
  if (!(b & 0x80)) return b;
  uint64_t v = b & 0x7f;
  unsigned shift = 7;
  do {
    b = *p++;
    v |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return v;
}
template <bc::OperandKind K> inline int64_t operand(const uint8_t *&p) {
  const uint64_t v = readOperand(p);
  if constexpr (bc::isSignedOperand(K)) return bc::unzigzag(v);
  else return int64_t(v);
}
/// bc::decodeVerified with the opcode's operand kinds known at compile time.
template <Op O> inline void decodeAs(const uint8_t *code, uint32_t pc, bc::Instr &in) {
  constexpr bc::OpInfo info = bc::kOpInfo[unsigned(O)];
  const uint8_t *p = code + pc + 1;
  in.op = O;
  if constexpr (info.numOperands > 0) in.a[0] = operand<info.operands[0]>(p);
  if constexpr (info.numOperands > 1) in.a[1] = operand<info.operands[1]>(p);
  if constexpr (info.numOperands > 2) in.a[2] = operand<info.operands[2]>(p);
  in.size = uint32_t(p - (code + pc));
}
} // namespace

bool Machine::step(uint32_t pc, bc::Instr &in) {
  switch (Op(code_[pc])) {
#define CALLFLOW_OPCODE(NAME, CLASS, A, B, C, STACK, FOLLOW, FLOW)                \
  case Op::NAME:                                                               \
    decodeAs<Op::NAME>(code_, pc, in);                                         \
    next_ = pc + in.size;                                                      \
    return op##NAME(in);
#include "callflow/opcodes.def"
  }
  return true;
}

void Machine::run() {
  // A flow that checked clean always reaches an event; a crafted one might
  // loop silently. Stop it rather than hang the host. The budget is the
  // session's: expressions evaluated on the way (conditions of a record)
  // take from it too.
  uint64_t &budget = S.work_;
  // Where the current statement began: an `auto` value read unset asks for
  // it, and the statement runs again from there once it is given. Only the
  // last instruction of a statement (not an expression's) has effects.
  uint32_t statement = S.pc_;
  S.needHost_ = kNone;
  for (;;) {
    if (budget == 0) {
      halt(StopReason::Work, "stopped: the flow ran " + std::to_string(S.workBudget()) +
           " instructions without producing an event");
      return;
    }
    --budget;
    cur_ = S.pc_;
    const bool expr = bc::opInfo(bc::Op(code_[cur_])).cls == bc::OpClass::Expr;
    if (!expr && S.needHost_ != kNone) { // read by the expressions before it
      askHost(statement);
      return;
    }
    bc::Instr in;
    const bool yield = step(cur_, in); // sets next_ before the handler may jump
    S.pc_ = next_;
    if (S.needHost_ != kNone && !S.ended_) { // read by a text it rendered
      askHost(expr ? statement : cur_);
      return;
    }
    if (yield) return;
    if (!expr) statement = S.pc_;
  }
}

Value Machine::eval(uint32_t offset) {
  const uint8_t *saved = code_;
  code_ = P.exprs().data();
  sp_ = 0;
  returned_ = false;
  uint32_t pc = offset;
  while (!returned_) {
    if (S.work_ == 0) {
      halt(StopReason::Work, "stopped: the flow ran " + std::to_string(S.workBudget()) +
           " instructions without producing an event");
      break;
    }
    --S.work_;
    bc::Instr in;
    step(pc, in);
    pc = next_;
  }
  code_ = saved;
  if (halted_) return Value{};
  return stack_[0].v; // RET leaves the result in place
}

void Machine::askHost(uint32_t statement) {
  const uint32_t slot = std::exchange(S.needHost_, kNone);
  // A withheld sensitive value: askFor says why it is asked again.
  S.askFor(slot, statement, P.slots()[slot].flags & bc::kSlotAuto, {});
}

bool Machine::halt(StopReason reason, std::string why) {
  S.stop(reason, std::move(why));
  halted_ = returned_ = true;
  return false;
}

bool Machine::render(uint32_t text, std::string &out, bool mask) {
  const size_t before = out.size();
  const size_t room = std::min(kMaxTextBytes, kMaxEventBytes - made_);
  if (!S.render(text, out, before + room, mask)) {
    const bool line = out.size() - before > kMaxTextBytes || room == kMaxTextBytes;
    return halt(line ? StopReason::TextSize : StopReason::EventSize,
                line ? "stopped: text " + std::to_string(text) + " renders to more than " +
                           std::to_string(kMaxTextBytes) + " bytes"
                     : "stopped: the texts of one event pass " + std::to_string(kMaxEventBytes) +
                           " bytes");
  }
  made_ += out.size() - before;
  return true;
}

bool Machine::count(size_t n) {
  if (n <= kMaxEventBytes - made_) {
    made_ += n;
    return true;
  }
  return halt(StopReason::EventSize,
              "stopped: the texts of one event pass " + std::to_string(kMaxEventBytes) + " bytes");
}

std::string_view Machine::textOf(const Value &v) const {
  if (v.src == 2) return temps_[size_t(v.num)];
  return S.textOf(v);
}

Event &Machine::begin(EventKind kind, bool waiting) {
  Event &e = S.beginEvent(kind, waiting, cur_);
  if (waiting) next_ = cur_; // stay on the instruction until answered
  return e;
}

// ---- steps and lines ----------------------------------------------------------

bool Machine::opSTEP(const bc::Instr &in) {
  S.step_ = uint32_t(in.a[0]);
  S.markVisited(S.step_);
  return false;
}
// Handlers that make an event return true whether or not its texts fit: a
// text that does not (render() or count() false) has stopped the session,
// and the event is its End.
bool Machine::opSAY(const bc::Instr &in) {
  (void)render(uint32_t(in.a[0]), begin(EventKind::Say, false).text);
  return true;
}
bool Machine::opNOTE(const bc::Instr &in) {
  (void)render(uint32_t(in.a[0]), begin(EventKind::Note, false).text);
  return true;
}
bool Machine::opDO(const bc::Instr &in) {
  Event &e = begin(EventKind::Do, false);
  if (!render(uint32_t(in.a[0]), e.text)) return true;
  e.optional = in.a[1] != 0;
  return true;
}
bool Machine::opDO_RESULT(const bc::Instr &in) {
  Event &e = begin(EventKind::Do, true);
  if (!render(uint32_t(in.a[0]), e.text)) return true;
  e.optional = in.a[1] != 0;
  e.slot = uint32_t(in.a[2]);
  e.type = P.slots()[e.slot].type;
  return true;
}

// ---- questions and input ------------------------------------------------------

bool Machine::opASK(const bc::Instr &in) {
  Event &e = begin(EventKind::Ask, true);
  if (!render(uint32_t(in.a[0]), e.text)) return true;
  uint32_t pc = cur_ + in.size;
  e.options.resize(size_t(in.a[1]));
  for (auto &label : e.options) {
    const bc::Instr opt = bc::decodeVerified(code_, pc);
    if (!render(uint32_t(opt.a[0]), label)) return true;
    pc += opt.size;
  }
  return true;
}
bool Machine::opOPTION(const bc::Instr &) { return false; } // read by ASK
bool Machine::opASK_KEYED(const bc::Instr &in) {
  if (!opASK(in)) return false;
  if (halted_ || S.event_.kind != EventKind::Ask) return true;
  Event &e = S.event_;
  uint32_t pc = cur_ + in.size;
  e.optionKeys.resize(e.options.size());
  for (auto &key : e.optionKeys) {
    const bc::Instr opt = bc::decodeVerified(code_, pc);
    if (opt.a[2] > 0) {
      const std::string_view k = P.string(uint32_t(opt.a[2] - 1));
      if (!count(k.size())) return true;
      key = k;
    }
    pc += opt.size;
  }
  return true;
}
bool Machine::opOPTION_KEY(const bc::Instr &) { return false; } // read by ASK_KEYED
bool Machine::opALLOW(const bc::Instr &) { return false; }  // read by INPUT

bool Machine::opINPUT(const bc::Instr &in) {
  Event &e = begin(EventKind::Input, true);
  const uint32_t slot = uint32_t(in.a[0]);
  const SlotInfo &info = P.slots()[slot];
  e.slot = slot;
  e.type = info.type;
  if (in.a[1] > 0) {
    if (!render(uint32_t(in.a[1] - 1), e.text)) return true;
  } else {
    if (!count(P.string(info.label).size())) return true;
    e.text = P.string(info.label);
  }
  if (info.pattern != kNone) e.pattern = P.string(info.pattern);
  if (info.patternDescription != kNone) e.patternDescription = P.string(info.patternDescription);
  if (info.type.tag == bc::TypeTag::Enum) {
    const EnumInfo &en = P.enums()[info.type.enumIndex];
    if (in.a[2] == 0) {
      for (uint32_t v = 0; v < en.numValues; ++v) e.optionValues.push_back(v);
    } else {
      uint32_t pc = cur_ + in.size;
      for (int64_t k = 0; k < in.a[2]; ++k) {
        const bc::Instr allow = bc::decodeVerified(code_, pc);
        e.optionValues.push_back(uint32_t(allow.a[0]));
        pc += allow.size;
      }
    }
    for (uint32_t v : e.optionValues) {
      const std::string_view label = P.string(P.enumValues()[en.firstValue + v].label);
      if (!count(label.size())) return true;
      e.options.emplace_back(label);
    }
  } else {
    for (uint32_t k = 0; k < info.numSuggestions; ++k) {
      const std::string_view s = P.string(P.suggestions()[info.firstSuggestion + k]);
      if (!count(s.size())) return true;
      e.options.emplace_back(s);
    }
  }
  return true;
}

// ---- data -----------------------------------------------------------------------

bool Machine::opSET(const bc::Instr &in) {
  const uint32_t slot = uint32_t(in.a[0]);
  const Value v = pop();
  const std::string_view text = v.kind == ValueKind::Text ? textOf(v) : std::string_view();
  if (!S.store(slot, v, text))
    return !halt(StopReason::SessionText, "stopped: " + P.slotName(slot) + " cannot hold the value set: " +
                 S.room(S.heldBy(slot), text.size()));
  temps_.clear(); // the stack is empty after a statement: no temporary is used any more
  const SlotInfo &info = P.slots()[slot];
  if (!info.isField() || !S.forms_[info.form].created) return false;
  Event &e = begin(EventKind::Update, false);
  e.form = info.form;
  e.slot = slot;
  e.type = info.type;
  e.fields.push_back(FieldValue{slot, S.valueText(slot)});
  (void)count(e.fields.back().value.size());
  return true;
}
bool Machine::opJUMP(const bc::Instr &in) {
  next_ = uint32_t(int64_t(cur_) + in.a[0]);
  return false;
}
bool Machine::opJUMP_IF_NOT(const bc::Instr &in) {
  if (pop().num == 0) next_ = uint32_t(int64_t(cur_) + in.a[0]);
  temps_.clear(); // the stack is empty after a statement
  return false;
}

// ---- forms ------------------------------------------------------------------------

bool Machine::record(uint32_t form, EventKind kind) {
  Event &e = begin(kind, kind == EventKind::Create);
  e.form = form;
  const FormInfo &f = P.forms()[form];
  // A condition evaluated here may stop the session (Session::stop replaces
  // the event): `e` is not touched after that. One that reads an `auto`
  // value not supplied asks for it (run() sees needHost_).
  auto holds = [&](uint32_t expr) {
    Machine sub(S);
    const bool b = sub.evalBool(expr);
    return std::pair(b, !sub.halted_ && S.needHost_ == kNone);
  };
  // The first unmet requirement: the field to ask for, and why.
  uint32_t askSlot = kNone;
  std::string why;
  for (uint32_t s = f.firstSlot; s < f.firstSlot + f.numFields; ++s) {
    const SlotInfo &info = P.slots()[s];
    const Value &v = S.slots_[s];
    bool required = info.flags & bc::kSlotRequired;
    if (!required && info.when != kNone) {
      auto [b, ok] = holds(info.when);
      if (!ok) return false;
      required = b;
    }
    const bool empty = !S.counted(s) || (v.kind == ValueKind::Text && v.isSet() && S.textOf(v).empty());
    if (required && empty && askSlot == kNone) {
      askSlot = s;
      why = "required field '" + P.slotName(s) + "' (" + std::string(P.string(info.label)) + ") is not set";
    }
    if (v.isSet()) {
      e.fields.push_back(FieldValue{s, S.valueText(s)});
      if (!count(e.fields.back().value.size())) return false;
    }
  }
  for (uint32_t r = f.firstRule; r < f.firstRule + f.numRules && askSlot == kNone; ++r) {
    auto [b, ok] = holds(P.rules()[r].cond);
    if (!ok) return false;
    if (b) continue;
    // Ask again for the last field of this form the rule reads (else the
    // last value it reads): the agent corrects it, the record is tried again.
    std::vector<uint32_t> reads;
    S.slotsRead(P.rules()[r].cond, reads);
    for (uint32_t s : reads)
      if (askSlot == kNone || P.slots()[s].form == form || P.slots()[askSlot].form != form) askSlot = s;
    why = std::string(P.string(P.rules()[r].message));
    if (askSlot == kNone) return !halt(StopReason::BrokenRule, "stopped: the record breaks the rule '" + why + "', which reads no value");
  }
  if (askSlot != kNone) {
    // Never a record with an unmet requirement: ask for the value, then
    // run this `create` or `complete` again.
    S.askFor(askSlot, cur_,
             (P.slots()[askSlot].flags & bc::kSlotAuto) && !S.slots_[askSlot].isSet(), why);
    next_ = cur_;
    return false;
  }
  return true;
}
bool Machine::opCREATE(const bc::Instr &in) {
  if (record(uint32_t(in.a[0]), EventKind::Create)) S.forms_[size_t(in.a[0])].created = true;
  return true;
}
bool Machine::opCOMPLETE(const bc::Instr &in) {
  (void)record(uint32_t(in.a[0]), EventKind::Complete);
  return true;
}

// ---- money ----------------------------------------------------------------------------

// The one model of money (docs/language.md, "Money"): a charge stays open
// until a payment is accepted. Charging again what is still open (the same
// catalog item, or the amount of the same `charge` statement: a retry loop
// back to the charging step) bills nothing more; the Charge event says so.
// Every charge run counts against SessionOptions::maxCharges, and one that
// bills adds to the open total with checked arithmetic (bc::addMoney).
bool Machine::charge(bool again, const Session::Charge &c) {
  if (S.chargesMade_ >= S.options_.maxCharges)
    return halt(StopReason::Charges, "stopped: the flow ran more than " +
                                         std::to_string(S.options_.maxCharges) + " charges");
  ++S.chargesMade_;
  if (again) return true;
  int64_t total = 0;
  if (!S.openTotal(total) || !bc::addMoney(total, c.amount, total))
    return halt(StopReason::MoneyRange,
                "stopped: the total of the open charges would be out of the range of money (" +
                    formatMoney(-bc::kMaxMoney, P.currency()) + " to " +
                    formatMoney(bc::kMaxMoney, P.currency()) + ")");
  S.charges_.push_back(c);
  return true;
}

bool Machine::opCHARGE_ITEM(const bc::Instr &in) {
  const uint32_t index = uint32_t(in.a[0]);
  const ItemInfo &item = P.items()[index];
  const bool again = S.isOpen(index, kNone);
  Session::Charge c{item.price, index, kNone, kNone};
  if (again) {
    // Already open: the event shows what was charged then.
    for (const Session::Charge &o : S.charges_)
      if (o.item == index) c = o;
  } else if (item.kind == bc::ItemKind::Percent) {
    // A percentage of the open charges that are not percentages (0 when none
    // is open: the checker warns, W0409), rounded half up to cents.
    if (!S.percentBasis(c.basis) || !bc::percentOf(c.basis, item.percent, c.amount))
      return !halt(StopReason::MoneyRange,
                   "stopped: the open charges a percentage is computed over are out of the range of money (" +
                       formatMoney(-bc::kMaxMoney, P.currency()) + " to " +
                       formatMoney(bc::kMaxMoney, P.currency()) + ")");
  }
  if (!charge(again, c)) return true;
  Event &e = begin(EventKind::Charge, false);
  e.alreadyOpen = again;
  if (!count(P.string(item.name).size())) return true;
  e.text = P.string(item.name);
  e.itemCode = item.code;
  e.amount = c.amount;
  e.itemKind = item.kind;
  e.percent = item.percent;
  e.basis = c.basis;
  return true;
}
bool Machine::opCHARGE_AMOUNT(const bc::Instr &in) {
  const Value v = pop();
  const int64_t amount = v.kind == ValueKind::Money ? v.num : 0; // unset charges nothing
  const bool again = S.isOpen(kNone, cur_);
  temps_.clear(); // the stack is empty after a statement
  if (!charge(again, Session::Charge{amount, kNone, uint32_t(in.a[0]), cur_})) return true;
  Event &e = begin(EventKind::Charge, false);
  e.alreadyOpen = again;
  if (!render(uint32_t(in.a[0]), e.text)) return true;
  e.amount = amount;
  return true;
}
bool Machine::opINVOICE(const bc::Instr &) {
  Event &e = begin(EventKind::Invoice, false);
  for (const Session::Charge &c : S.charges_) {
    InvoiceLine line{{}, -1, c.amount};
    if (c.item != kNone) {
      const ItemInfo &item = P.items()[c.item];
      if (!count(P.string(item.name).size())) return true;
      line.label = P.string(item.name);
      line.itemCode = item.code;
      line.kind = item.kind;
      line.percent = item.percent;
      line.basis = c.basis;
    } else {
      if (!render(c.label, line.label)) return true;
    }
    e.lines.push_back(std::move(line));
  }
  if (!S.openTotal(e.amount)) // never: a charge past the range stopped the call
    return !halt(StopReason::MoneyRange, "stopped: the open charges total more than the range of money");
  return true;
}
bool Machine::opPAY(const bc::Instr &) {
  Event &e = begin(EventKind::TakePayment, true);
  if (!S.openTotal(e.amount)) // never, as for INVOICE
    return !halt(StopReason::MoneyRange, "stopped: the open charges total more than the range of money");
  return true;
}

// ---- terminals ---------------------------------------------------------------------------

bool Machine::opTRANSFER(const bc::Instr &in) {
  Event &e = begin(EventKind::Transfer, false);
  S.ended_ = true;
  next_ = cur_;
  (void)render(uint32_t(in.a[0]), e.text);
  return true;
}
bool Machine::opEND(const bc::Instr &in) {
  Event &e = begin(EventKind::End, false);
  S.ended_ = true;
  next_ = cur_;
  if (in.a[0] > 0) (void)render(uint32_t(in.a[0] - 1), e.text);
  return true;
}

// ---- expressions -------------------------------------------------------------------------------

bool Machine::opPUSH_SLOT(const bc::Instr &in) {
  const Value &v = S.slots_[size_t(in.a[0])];
  if (S.asksFor(uint32_t(in.a[0])) && S.needHost_ == kNone) S.needHost_ = uint32_t(in.a[0]);
  push(v);
  return false;
}
bool Machine::opPUSH_STR(const bc::Instr &in) {
  push(Value{ValueKind::Text, 0, in.a[0]});
  return false;
}
bool Machine::opPUSH_TEXT(const bc::Instr &in) {
  temps_.emplace_back();
  if (!render(uint32_t(in.a[0]), temps_.back(), false)) return true; // stopped: ends run() and eval()
  push(Value{ValueKind::Text, 2, int64_t(temps_.size() - 1)});
  return false;
}
bool Machine::opPUSH_NUMBER(const bc::Instr &in) {
  push(Value{ValueKind::Number, 0, in.a[0]});
  return false;
}
bool Machine::opPUSH_MONEY(const bc::Instr &in) {
  push(Value{ValueKind::Money, 0, in.a[0]});
  return false;
}
bool Machine::opPUSH_BOOL(const bc::Instr &in) {
  push(Value{ValueKind::Bool, 0, in.a[0]});
  return false;
}
bool Machine::opPUSH_ENUM(const bc::Instr &in) {
  push(Value{ValueKind::Enum, 0, in.a[1]});
  return false;
}
bool Machine::opIS_SET(const bc::Instr &in) {
  const bool set = S.counted(uint32_t(in.a[0]));
  if (!set && S.asksFor(uint32_t(in.a[0])) && S.needHost_ == kNone) S.needHost_ = uint32_t(in.a[0]);
  push(Value{ValueKind::Bool, 0, set});
  return false;
}
static Value boolean(bool b) { return Value{ValueKind::Bool, 0, b ? 1 : 0}; }
bool Machine::opNOT(const bc::Instr &) {
  push(boolean(pop().num == 0));
  return false;
}
bool Machine::opAND(const bc::Instr &) {
  const Value b = pop(), a = pop();
  push(boolean(a.num != 0 && b.num != 0));
  return false;
}
bool Machine::opOR(const bc::Instr &) {
  const Value b = pop(), a = pop();
  push(boolean(a.num != 0 || b.num != 0));
  return false;
}
bool Machine::equal(const Value &a, const Value &b) const {
  if (a.kind != b.kind) return false;
  if (a.kind == ValueKind::Text) return textOf(a) == textOf(b);
  return a.num == b.num;
}
bool Machine::opEQ(const bc::Instr &) {
  const Value b = pop(), a = pop();
  push(boolean(equal(a, b)));
  return false;
}
bool Machine::opNE(const bc::Instr &) {
  const Value b = pop(), a = pop();
  push(boolean(!equal(a, b)));
  return false;
}
#define CALLFLOW_ORDER(NAME, OP)                                                 \
  bool Machine::op##NAME(const bc::Instr &) {                                  \
    const Value b = pop(), a = pop();                                          \
    push(boolean(a.isSet() && b.isSet() && a.num OP b.num));                   \
    return false;                                                              \
  }
CALLFLOW_ORDER(LT, <)
CALLFLOW_ORDER(LE, <=)
CALLFLOW_ORDER(GT, >)
CALLFLOW_ORDER(GE, >=)
#undef CALLFLOW_ORDER
// Arithmetic: exact, or the session stops (never a wrapped or clipped value).
namespace {
/// a / b rounded half away from zero; b != 0, |a| <= 2^50.
int64_t divideRounded(int64_t a, int64_t b) {
  const bool negative = (a < 0) != (b < 0);
  const uint64_t ua = a < 0 ? uint64_t(0) - uint64_t(a) : uint64_t(a);
  const uint64_t ub = b < 0 ? uint64_t(0) - uint64_t(b) : uint64_t(b);
  uint64_t q = ua / ub;
  const uint64_t r = ua % ub;
  if (r >= ub - r) ++q; // r / b >= 1/2, without overflow
  return negative ? -int64_t(q) : int64_t(q);
}
} // namespace
bool Machine::arithmetic(Value a, Value b, char op) {
  if (!a.isSet() || !b.isSet()) {
    push(Value{}); // unset in, unset out (the checker warns on the read)
    return false;
  }
  const bool money = a.kind == ValueKind::Money;
  const char *what = money ? "an amount" : "a number";
  int64_t out = 0;
  bool ok = true;
  switch (op) {
  case '+': ok = bc::addMoney(a.num, b.num, out); break;
  case '-': ok = b.num >= -bc::kMaxMoney && bc::addMoney(a.num, -b.num, out); break;
  case '*': ok = bc::mulMoney(a.num, b.num, out); break;
  default:
    if (b.num == 0)
      return !halt(StopReason::Arithmetic, std::string("stopped: the flow divided ") + what + " by zero");
    ok = a.num >= -bc::kMaxMoney && a.num <= bc::kMaxMoney;
    if (ok) out = divideRounded(a.num, b.num);
  }
  if (!ok)
    return !halt(StopReason::Arithmetic, std::string("stopped: ") + what + " computed by the flow (" +
                                             (money ? formatMoney(a.num, P.currency()) : std::to_string(a.num)) + " " +
                                             op + " " + std::to_string(b.num) +
                                             ") is out of the range of numbers and money");
  push(Value{money ? ValueKind::Money : ValueKind::Number, 0, out});
  return false;
}
#define CALLFLOW_ARITH(NAME, OP)                                                 \
  bool Machine::op##NAME(const bc::Instr &) {                                  \
    const Value b = pop(), a = pop();                                          \
    return arithmetic(a, b, OP);                                               \
  }
CALLFLOW_ARITH(ADD, '+')
CALLFLOW_ARITH(SUB, '-')
CALLFLOW_ARITH(MUL, '*')
CALLFLOW_ARITH(MUL_MONEY, '*')
CALLFLOW_ARITH(DIV, '/')
CALLFLOW_ARITH(DIV_MONEY, '/')
#undef CALLFLOW_ARITH
bool Machine::opNEG(const bc::Instr &) {
  Value a = pop();
  a.num = -a.num; // |a| <= 2^50: every value is (verified constants, checked arithmetic)
  push(a);
  return false;
}
// ---- dates and times (format 7) --------------------------------------------------
bool Machine::opPUSH_DATE(const bc::Instr &in) {
  push(Value{ValueKind::Date, 0, in.a[0]});
  return false;
}
bool Machine::opPUSH_TIME(const bc::Instr &in) {
  push(Value{ValueKind::Time, 0, in.a[0]});
  return false;
}
bool Machine::opTODAY(const bc::Instr &) {
  push(S.options_.today ? Value{ValueKind::Date, 0, *S.options_.today} : Value{});
  return false;
}
bool Machine::opNOW(const bc::Instr &) {
  push(S.options_.now ? Value{ValueKind::Time, 0, *S.options_.now} : Value{});
  return false;
}
bool Machine::dateArithmetic(Value d, Value n, bool months) {
  if (!d.isSet() || !n.isSet()) {
    push(Value{});
    return false;
  }
  int64_t out = 0;
  bool ok;
  if (months) {
    ok = addMonthsToDate(d.num, n.num, out);
  } else {
    ok = n.num >= -(bc::kMaxDay - bc::kMinDay) && n.num <= bc::kMaxDay - bc::kMinDay;
    if (ok) out = d.num + n.num;
    ok = ok && out >= bc::kMinDay && out <= bc::kMaxDay;
  }
  if (!ok)
    return !halt(StopReason::Arithmetic, "stopped: a date computed by the flow (" + formatIsoDate(d.num) + " + " +
                                             std::to_string(n.num) + (months ? " months" : " days") +
                                             ") is outside 0001-01-01..9999-12-31");
  push(Value{ValueKind::Date, 0, out});
  return false;
}
bool Machine::opADD_DAYS(const bc::Instr &) {
  const Value n = pop(), d = pop();
  return dateArithmetic(d, n, false);
}
bool Machine::opADD_MONTHS(const bc::Instr &) {
  const Value n = pop(), d = pop();
  return dateArithmetic(d, n, true);
}
#define CALLFLOW_BETWEEN(NAME, EXPR)                                             \
  bool Machine::op##NAME(const bc::Instr &) {                                  \
    const Value from = pop(), to = pop();                                      \
    push(from.isSet() && to.isSet() ? Value{ValueKind::Number, 0, (EXPR)} : Value{}); \
    return false;                                                              \
  }
CALLFLOW_BETWEEN(DAYS_BETWEEN, to.num - from.num)
CALLFLOW_BETWEEN(MONTHS_BETWEEN, wholeMonthsBetween(from.num, to.num))
CALLFLOW_BETWEEN(YEARS_BETWEEN, wholeYearsBetween(from.num, to.num))
#undef CALLFLOW_BETWEEN
bool Machine::opRET(const bc::Instr &) {
  returned_ = true;
  return true;
}

} // namespace callflow
