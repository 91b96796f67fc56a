// The verifier, part 2: EXPRS, CODE and DEBUG. One linear pass over each,
// driven by the opcode table: operand kinds say which index each operand is,
// the stack signature says which types it pops and pushes.
#include <algorithm>
#include <array>

#include "loader.h"

namespace callflow {

using bc::OperandKind;
using bc::SectionKind;
using bc::Type;
using bc::TypeTag;

namespace {
const char *decodeMessage(bc::DecodeError e) {
  switch (e) {
  case bc::DecodeError::BadOpcode: return "unknown opcode";
  case bc::DecodeError::Truncated: return "instruction cut off by the end of the section";
  case bc::DecodeError::BadVarint: return "malformed operand varint";
  case bc::DecodeError::OutOfRange: return "operand out of range";
  case bc::DecodeError::None: break;
  }
  return "?";
}
std::string typeName(Type t) {
  static const char *const names[] = {"text", "money", "number", "bool", "enum", "date", "time"};
  if (t.tag == TypeTag::Enum) return "enum " + std::to_string(t.enumIndex);
  return names[unsigned(t.tag)];
}
} // namespace

namespace {
/// What the verifier checks of an opcode, worked out once at compile time
/// from the opcode table: its stack signature ("pops>pushes") split, each
/// popped value's allowed types as a mask of TypeTag bits, and where the
/// operands it looks at again sit.
struct Plan {
  uint8_t pops = 0, pushes = 0;
  char chars[8] = {};    // the signature's letters: the pops, then the pushes
  uint8_t tags[8] = {};  // by pop: the TypeTags allowed, a bit each
  uint8_t sameAsFirst = 0; // by pop, a bit each: must equal the first popped
  uint8_t slotTyped = 0;   // by pop, a bit each: must be the Slot operand's type
  bool firstIsStep = false; // operand 0 is a Step (STEP marks its entry)
  int8_t countAt = -1;      // the Count or Count0 operand a list's length is, if any
};
constexpr uint8_t tagBit(TypeTag t) { return uint8_t(1u << unsigned(t)); }
constexpr uint8_t kAnyTag = 0x7f;
constexpr std::array<Plan, bc::kOpCount> makePlans() {
  std::array<Plan, bc::kOpCount> out{};
  for (unsigned op = 0; op < bc::kOpCount; ++op) {
    Plan &s = out[op];
    const bc::OpInfo &info = bc::kOpInfo[op];
    bool pushing = false;
    unsigned n = 0;
    for (const char *c = info.stack; *c; ++c) {
      if (*c == '>') {
        pushing = true;
        continue;
      }
      s.chars[n++] = *c;
      if (pushing) {
        ++s.pushes;
        continue;
      }
      const unsigned i = s.pops++;
      switch (*c) {
      case 'b': s.tags[i] = tagBit(TypeTag::Bool); break;
      case 't': s.tags[i] = tagBit(TypeTag::Text); break;
      case 'm': s.tags[i] = tagBit(TypeTag::Money); break;
      case 'n': s.tags[i] = tagBit(TypeTag::Number); break;
      case 'd': s.tags[i] = tagBit(TypeTag::Date); break;
      case 'c': s.tags[i] = tagBit(TypeTag::Time); break;
      case 's':
        s.tags[i] = kAnyTag;
        s.slotTyped |= uint8_t(1u << i);
        break;
      case 'o':
        s.tags[i] = tagBit(TypeTag::Number) | tagBit(TypeTag::Money);
        s.sameAsFirst |= uint8_t(1u << i);
        break;
      case 'q':
        s.tags[i] = tagBit(TypeTag::Number) | tagBit(TypeTag::Money) | tagBit(TypeTag::Date) |
                    tagBit(TypeTag::Time);
        s.sameAsFirst |= uint8_t(1u << i);
        break;
      case '=':
        s.tags[i] = kAnyTag;
        s.sameAsFirst |= uint8_t(1u << i);
        break;
      default: s.tags[i] = kAnyTag; break; // 'v': any
      }
    }
    s.firstIsStep = info.numOperands > 0 && info.operands[0] == OperandKind::Step;
    for (unsigned k = 0; k < info.numOperands; ++k)
      if (info.operands[k] == OperandKind::Count || info.operands[k] == OperandKind::Count0) s.countAt = int8_t(k);
  }
  return out;
}
constexpr std::array<Plan, bc::kOpCount> kPlans = makePlans();
static_assert(kPlans[unsigned(bc::Op::EQ)].pops == 2 && kPlans[unsigned(bc::Op::EQ)].pushes == 1);
static_assert(kPlans[unsigned(bc::Op::EQ)].sameAsFirst == 3);
/// Every opcode that pops or pushes a slot's type has a Slot operand, and
/// every one that pushes an enum an Enum operand: stackEffect reads them.
constexpr bool hasOperand(const bc::OpInfo &info, OperandKind kind) {
  for (unsigned k = 0; k < info.numOperands; ++k)
    if (info.operands[k] == kind) return true;
  return false;
}
constexpr bool operandsCoverSignatures() {
  for (unsigned op = 0; op < bc::kOpCount; ++op) {
    const Plan &p = kPlans[op];
    for (unsigned i = 0; i < unsigned(p.pops + p.pushes); ++i) {
      if (p.chars[i] == 's' && !hasOperand(bc::kOpInfo[op], OperandKind::Slot)) return false;
      if (i >= p.pops && p.chars[i] == 'e' && !hasOperand(bc::kOpInfo[op], OperandKind::Enum)) return false;
    }
  }
  return true;
}
static_assert(operandsCoverSignatures());
} // namespace

bool Loader::outOfRange(uint64_t fileAt, const char *op, const char *what, int64_t v, uint64_t limit) {
  return failAt(fileAt, std::string(op) + ": " + what + " " + std::to_string(v) + " out of range (" +
                            std::to_string(limit) + ")");
}

uint64_t Loader::instrFileAt(bool inCode, uint64_t at) const {
  return sec_[uint32_t(inCode ? SectionKind::Code : SectionKind::Exprs)].begin + at;
}

bool Loader::badInstr(bool inCode, uint64_t at, const char *op, const std::string &msg) {
  return failAt(instrFileAt(inCode, at), std::string(op) + ": " + msg);
}

[[gnu::always_inline]] inline bool Loader::checkInstr(const bc::Instr &in, uint64_t at, bool inCode,
                                                     std::vector<Type> &stack) {
  const bc::OpInfo &info = bc::opInfo(in.op);
  const uint64_t codeSize = P.codeSize_;
  // Where the instruction is in the file is worked out only for a message.
  auto bad = [&](std::string msg) { return badInstr(inCode, at, info.name, msg); };
  int64_t enumIdx = -1, slot = -1, listCount = 0;
  for (unsigned k = 0; k < info.numOperands; ++k) {
    const int64_t v = in.a[k];
    auto below = [&](uint64_t limit, const char *what) {
      return uint64_t(v) < limit || outOfRange(instrFileAt(inCode, at), info.name, what, v, limit);
    };
    switch (info.operands[k]) {
    case OperandKind::None: break;
    case OperandKind::Str: if (!below(nStrings_, "string")) return false; break;
    case OperandKind::Text: if (!below(nTexts_, "text")) return false; break;
    case OperandKind::OptText: if (!below(nTexts_ + 1, "optional text")) return false; break;
    case OperandKind::Step:
      if (!below(nSteps_, "step")) return false;
      if (P.steps_[v].entry != at)
        return bad("marks step " + std::to_string(v) + ", whose entry is at code offset " +
                   std::to_string(P.steps_[v].entry));
      break;
    case OperandKind::Slot:
      if (!below(nSlots_, "slot")) return false;
      slot = v;
      break;
    case OperandKind::Form: if (!below(nForms_, "form")) return false; break;
    case OperandKind::Item: if (!below(nItems_, "catalog item")) return false; break;
    case OperandKind::Enum:
      if (!below(nEnums_, "enum")) return false;
      enumIdx = v;
      break;
    case OperandKind::EnumValue:
      if (enumIdx < 0) return bad("enum value without an enum");
      if (!below(P.enums_[enumIdx].numValues, "enum value")) return false;
      break;
    case OperandKind::EnumValueOfSlot: {
      const Type t = P.slots_[inputSlot_].type;
      if (t.tag != TypeTag::Enum) return bad("allowed value for slot of type " + typeName(t));
      if (!below(P.enums_[t.enumIndex].numValues, "enum value")) return false;
      break;
    }
    case OperandKind::Flag: if (!below(2, "flag")) return false; break;
    case OperandKind::Count:
      listCount = v;
      if (v < 1 || uint64_t(v) > bc::kMaxListItems) return bad("count " + std::to_string(v) + " outside 1..255");
      break;
    case OperandKind::Count0:
      listCount = v;
      if (!below(bc::kMaxListItems + 1, "count")) return false;
      break;
    case OperandKind::Int:
      if (v < -bc::kMaxMoney || v > bc::kMaxMoney) return bad("constant out of range");
      break;
    case OperandKind::Label: {
      if (v < -int64_t(at) || (v >= 0 && uint64_t(v) >= codeSize - at))
        return bad("jump target " + std::to_string(int64_t(at) + v) + " outside the code");
      setBit(targets_, uint64_t(int64_t(at) + v));
      break;
    }
    case OperandKind::Day:
      if (v < bc::kMinDay || v > bc::kMaxDay) return bad("date " + std::to_string(v) + " outside 0001-01-01..9999-12-31");
      break;
    case OperandKind::Minute:
      if (!below(bc::kMinutesPerDay, "time (minutes)")) return false;
      break;
    case OperandKind::Key: {
      if (v == 0) break;
      if (!below(nStrings_ + 1, "key string")) return false;
      const std::string_view key = P.string(uint32_t(v - 1));
      if (!bc::isPhoneKey(key)) return bad("key \"" + std::string(key.substr(0, 32)) + "\" is not 1 to 16 phone keys (0-9 * #)");
      // Unique within its list: a list holds at most 255 options.
      if (std::find(listKeys_.begin(), listKeys_.end(), uint32_t(v)) != listKeys_.end())
        return bad("key " + std::string(key) + " is given to two options of one list");
      listKeys_.push_back(uint32_t(v));
      break;
    }
    }
  }
  if (info.follow >= 0) {
    if (slot >= 0) inputSlot_ = uint32_t(slot);
    if (slot >= 0 && listCount > 0 && P.slots_[slot].type.tag != TypeTag::Enum)
      return bad("allowed values for a slot that is not an enum");
  }
  if (kPlans[unsigned(in.op)].pops == 0 && kPlans[unsigned(in.op)].pushes == 0) {
    lastPopped_ = Type{}; // a statement: lastPopped_ is an expression's
    return true;
  }
  return stackEffect(in, at, inCode, stack, slot, enumIdx);
}

bool Loader::stackEffect(const bc::Instr &in, uint64_t at, bool inCode, std::vector<Type> &stack, int64_t slot,
                         int64_t enumIdx) {
  // Pops (top of stack last), then pushes.
  const bc::OpInfo &info = bc::opInfo(in.op);
  auto bad = [&](std::string msg) { return badInstr(inCode, at, info.name, msg); };
  const Plan &sg = kPlans[unsigned(in.op)];
  const std::string_view pops(sg.chars, sg.pops), pushes(sg.chars + sg.pops, sg.pushes);
  if (stack.size() < pops.size())
    return bad("needs " + std::to_string(pops.size()) + " values, the stack holds " +
               std::to_string(stack.size()));
  const Type *args = stack.data() + stack.size() - pops.size();
  for (size_t i = 0; i < pops.size(); ++i) {
    const Type t = args[i];
    if (((sg.tags[i] >> unsigned(t.tag)) & 1) && (!((sg.sameAsFirst >> i) & 1) || t == args[0]) &&
        (!((sg.slotTyped >> i) & 1) || t == P.slots_[slot].type))
      continue;
    // 'o', 'q' and '=' (the pops bound to the first) compare two values.
    return bad("operand " + std::to_string(i + 1) + " has type " + typeName(t) +
               ((sg.sameAsFirst >> i) & 1 ? ", the types differ or cannot be ordered" : ", the wrong type"));
  }
  const Type firstPopped = pops.empty() ? Type{} : args[0]; // an 'o' push is its type
  lastPopped_ = pops.empty() ? Type{} : args[pops.size() - 1];
  stack.resize(stack.size() - pops.size());
  for (char c : pushes) {
    Type t;
    switch (c) {
    case 'b': t = {TypeTag::Bool, 0}; break;
    case 't': t = {TypeTag::Text, 0}; break;
    case 'm': t = {TypeTag::Money, 0}; break;
    case 'n': t = {TypeTag::Number, 0}; break;
    case 's': t = P.slots_[slot].type; break;
    case 'e': t = {TypeTag::Enum, uint32_t(enumIdx)}; break;
    case 'd': t = {TypeTag::Date, 0}; break;
    case 'c': t = {TypeTag::Time, 0}; break;
    case 'o': t = firstPopped; break;
    default: break;
    }
    stack.push_back(t);
  }
  if (stack.size() > bc::kMaxStack) return bad("expression stack deeper than 32");
  return true;
}

unsigned Loader::opsOfVersion() const {
  if (version_ < 4) return bc::kOpCountFormat3;
  if (version_ < bc::kDateFormat) return bc::kOpCountFormat5;
  return bc::kOpCount;
}

bool Loader::newerOpcode(uint64_t fileAt, const char *op) {
  const unsigned needs = version_ < 4 ? 4 : bc::kDateFormat;
  return failAt(fileAt, std::string(op) + " needs format version " + std::to_string(needs) + " (the file says " +
                            std::to_string(version_) + ")");
}

bool Loader::exprs() {
  enter(SectionKind::Exprs);
  const uint8_t *c = p_;
  const uint32_t size = uint32_t(end_ - p_);
  P.exprsBegin_ = uint32_t(p_ - base_);
  P.exprsSize_ = size;
  std::vector<Type> stack;
  stack.reserve(bc::kMaxStack + 1);
  const unsigned opLimit = opsOfVersion();
  uint32_t pc = 0, entry = 0;
  while (pc < size) {
    bc::Instr in;
    if (auto e = bc::decode(c, size, pc, in); e != bc::DecodeError::None)
      return failAt(P.exprsBegin_ + pc, decodeMessage(e));
    const bc::OpInfo &info = bc::opInfo(in.op);
    if (unsigned(in.op) >= opLimit) return newerOpcode(P.exprsBegin_ + pc, info.name);
    if (info.cls != bc::OpClass::Expr && info.cls != bc::OpClass::Ret)
      return failAt(P.exprsBegin_ + pc, std::string(info.name) + " is not an expression instruction");
    if (info.cls == bc::OpClass::Ret && stack.size() != 1)
      return failAt(P.exprsBegin_ + pc, "RET with " + std::to_string(stack.size()) +
                                            " values on the stack (expected 1)");
    if (!checkInstr(in, pc, false, stack)) return false;
    pc += in.size;
    if (info.cls == bc::OpClass::Ret) {
      exprEntries_.emplace_back(entry, lastPopped_);
      entry = pc;
    }
  }
  if (entry != size) return failAt(P.exprsBegin_ + entry, "expression entry without RET");
  for (const ExprUse &u : exprUses_) {
    auto it = std::lower_bound(exprEntries_.begin(), exprEntries_.end(),
                               std::make_pair(u.offset, Type{}),
                               [](auto &a, auto &b) { return a.first < b.first; });
    secName_ = "EXPRS";
    if (it == exprEntries_.end() || it->first != u.offset)
      return failAt(u.fileAt, std::string(u.what) + " names EXPRS offset " +
                                  std::to_string(u.offset) + ", not the start of an entry");
    Type want = u.wantBool ? Type{TypeTag::Bool, 0} : u.type;
    if (it->second != want)
      return failAt(u.fileAt, std::string(u.what) + " has type " + typeName(it->second) +
                                  ", expected " + typeName(want));
  }
  return true;
}

bool Loader::code() {
  enter(SectionKind::Code);
  const uint32_t size = uint32_t(end_ - p_);
  P.codeBegin_ = uint32_t(p_ - base_);
  P.codeSize_ = size;
  if (size == 0) return fail("CODE is empty");
  if (*both_ && size >= halvesFrom_ && nSteps_ >= 2) {
    CodePass s = newPass(0);
    if (codeInHalves(s)) return codeEnd(s);
  }
  // One pass from the start: the usual way, and the way a file the halves
  // did not prove is verified again, so that a rejection names the first
  // fault in code order, as always.
  clearCodeBits();
  CodePass s = newPass(0);
  return codePass(size, s) && codeEnd(s);
}

Loader::CodePass Loader::newPass(uint32_t pc) const {
  CodePass s;
  s.pc = pc;
  s.stack.reserve(bc::kMaxStack + 1);
  s.stepSeen.assign(nSteps_, 0);
  return s;
}

void Loader::clearCodeBits() {
  const size_t words = (size_t(P.codeSize_) + 63) / 64;
  starts_.assign(words, 0);
  landings_.assign(words, 0);
  targets_.assign(words, 0);
}

bool Loader::codeInHalves(CodePass &s) {
  // A valid file's step entries are statement starts with nothing open:
  // the middle step's is where one pass would be in the same state as a
  // pass starting there. Whether it is, the first half's pass tells.
  const uint32_t size = P.codeSize_, split = P.steps_[nSteps_ / 2].entry;
  if (split == 0 || split >= size) return false;
  Loader second(*this); // the same tables; its own bits, messages and lists
  CodePass t = newPass(split);
  bool firstOk = false, secondOk = false;
  (*both_)(
      [&] {
        clearCodeBits();
        firstOk = codePass(split, s);
      },
      [&] {
        second.clearCodeBits();
        secondOk = second.codePass(size, t);
      });
  if (!firstOk || !secondOk || s.pc != split || !s.stack.empty() || s.pendingItems != 0) return false;
  for (size_t w = 0; w < starts_.size(); ++w) {
    starts_[w] |= second.starts_[w];
    landings_[w] |= second.landings_[w];
    targets_[w] |= second.targets_[w];
  }
  for (size_t k = 0; k < t.stepSeen.size(); ++k) t.stepSeen[k] |= s.stepSeen[k];
  s = std::move(t); // the state at the end of CODE
  return true;
}

bool Loader::codePass(uint32_t to, CodePass &s) {
  const uint8_t *c = base_ + P.codeBegin_;
  const uint32_t size = P.codeSize_;
  const unsigned opLimit = opsOfVersion();
  while (s.pc < to) {
    const uint32_t pc = s.pc;
    bc::Instr in;
    if (auto e = bc::decode(c, size, pc, in); e != bc::DecodeError::None)
      return failAt(P.codeBegin_ + pc, decodeMessage(e));
    const bc::OpInfo &info = bc::opInfo(in.op);
    if (unsigned(in.op) >= opLimit) return newerOpcode(P.codeBegin_ + pc, info.name);
    const uint64_t at = P.codeBegin_ + pc;
    if (s.pendingItems > 0 && int16_t(in.op) != s.itemOp)
      return failAt(at, std::to_string(s.pendingItems) + " more " + bc::kOpInfo[s.itemOp].name +
                            " expected here, found " + info.name);
    if (s.pendingItems == 0 && info.cls == bc::OpClass::Item)
      return failAt(at, std::string(info.name) + " outside of its list");
    if (info.cls == bc::OpClass::Ret) return failAt(at, "RET outside EXPRS");
    setBit(starts_, pc);
    if (info.cls != bc::OpClass::Item && s.stack.empty()) setBit(landings_, pc);
    if (!checkInstr(in, pc, true, s.stack)) return false;
    if (info.cls != bc::OpClass::Expr && !s.stack.empty())
      return failAt(at, std::string(info.name) + " leaves " + std::to_string(s.stack.size()) +
                            " values on the stack");
    const Plan &plan = kPlans[unsigned(in.op)];
    if (plan.firstIsStep) s.stepSeen[in.a[0]] = 1;
    if (info.cls == bc::OpClass::Item) {
      --s.pendingItems;
    } else {
      s.lastStops = info.stops;
    }
    if (info.follow >= 0) {
      listKeys_.clear();
      if (plan.countAt >= 0) s.pendingItems = uint64_t(in.a[plan.countAt]);
      s.itemOp = info.follow;
    }
    s.pc = pc + in.size;
  }
  return true;
}

bool Loader::codeEnd(CodePass &s) {
  const uint32_t size = P.codeSize_;
  if (s.pendingItems > 0) return failAt(P.codeBegin_ + size, "list cut off by the end of CODE");
  if (!s.stack.empty()) return failAt(P.codeBegin_ + size, "CODE ends inside an expression");
  if (!s.lastStops) return failAt(P.codeBegin_ + size, "execution can run off the end of CODE");
  for (size_t w = 0; w < targets_.size(); ++w)
    if (targets_[w] & ~landings_[w]) return badJump();
  for (uint32_t st = 0; st < nSteps_; ++st)
    if (!s.stepSeen[st])
      return failAt(P.codeBegin_ + P.steps_[st].entry,
                    "step " + std::to_string(st) + "'s entry is not its STEP instruction");
  return true;
}

bool Loader::badJump() {
  // The code's shape is verified by now: decode it again to name the jump.
  const uint8_t *c = base_ + P.codeBegin_;
  for (uint32_t pc = 0; pc < P.codeSize_;) {
    const bc::Instr in = bc::decodeVerified(c, pc);
    const bc::OpInfo &info = bc::opInfo(in.op);
    for (unsigned k = 0; k < info.numOperands; ++k) {
      if (info.operands[k] != OperandKind::Label) continue;
      const uint32_t to = uint32_t(int64_t(pc) + in.a[k]);
      if (!bit(landings_, to))
        return failAt(P.codeBegin_ + pc,
                      std::string(info.name) + ": jump target " + std::to_string(to) +
                          (bit(starts_, to) ? " is inside an expression or a list"
                                            : " is not an instruction start"));
    }
    pc += in.size;
  }
  return fail("a jump lands outside a statement"); // not reached
}

bool Loader::debug() {
  enter(SectionKind::Debug);
  uint64_t n;
  if (!count(n, P.codeSize_, "debug entry count")) return false;
  const Range &dbg = sec_[uint32_t(SectionKind::Debug)];
  P.debugBegin_ = dbg.absent ? 0 : dbg.begin; // 0: none (format 5 may leave it out)
  uint64_t off = 0;
  int64_t line = 0;
  uint32_t file = kNone;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t delta, zl;
    const uint8_t *at = p_;
    if (!num(delta, "debug offset delta")) return false;
    if ((i > 0 && delta == 0) || delta >= P.codeSize_ - off) {
      p_ = at;
      return fail("debug entry " + std::to_string(i) + " has a bad code offset");
    }
    off += delta;
    if (!bit(starts_, off)) {
      p_ = at;
      return fail("debug entry " + std::to_string(i) + " points inside an instruction");
    }
    uint32_t f;
    if (!optIndex(f, nStrings_, "debug file string")) return false;
    if (f != kNone) file = f;
    if (file == kNone) return fail("the first debug entry names no file");
    at = p_;
    if (!num(zl, "debug line delta")) return false;
    const int64_t d = bc::unzigzag(zl);
    if (d < -int64_t(INT32_MAX) || d > int64_t(INT32_MAX) || line + d < 1 || line + d > INT32_MAX) {
      p_ = at;
      return fail("debug entry " + std::to_string(i) + " has a line out of range");
    }
    line += d; // Program::debug() decodes the entries when asked
  }
  return finishSection();
}

} // namespace callflow
