// Session: construction, next(), rendering of texts with placeholders, and
// the host's answers with their validation.
#include "callflow/session.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "machine.h"

namespace callflow {

const char *eventKindName(EventKind kind) {
  static const char *const names[] = {"say",    "note",   "do",     "ask",     "input",
                                      "create", "complete", "update", "charge", "invoice",
                                      "take_payment", "transfer", "end"};
  return names[unsigned(kind)];
}

const char *stopReasonName(StopReason reason) {
  static const char *const names[] = {"",        "work",    "text_size",   "event_size",
                                      "session_text", "events_per_answer", "output_bytes",
                                      "charges", "money_range", "broken_rule", "arithmetic"};
  return names[unsigned(reason)];
}

Session::Session(const Program &program, const SessionOptions &options)
    : program_(&program), options_(options) {
  const Program &P = program;
  if (options_.today && (*options_.today < bc::kMinDay || *options_.today > bc::kMaxDay)) options_.today.reset();
  if (options_.now && (*options_.now < 0 || *options_.now >= bc::kMinutesPerDay)) options_.now.reset();
  slots_.resize(P.slots().size());
  forms_.resize(P.forms().size());
  visited_.assign((P.steps().size() + 7) / 8, 0);
  step_ = P.startStep();
  pc_ = P.steps()[step_].entry;
  work_ = workBudget();
  for (uint32_t s = 0; s < slots_.size(); ++s) {
    const uint32_t d = P.slots()[s].defaultExpr;
    if (d == kNone) continue;
    Machine m(*this);
    const Value v = m.eval(d);
    if (ended_) return; // stopped on a limit: next() shows why
    if (!store(s, v, v.kind == ValueKind::Text ? m.textOf(v) : std::string_view())) {
      stop(StopReason::SessionText, "stopped: the default of " + P.slotName(s) + " does not fit: " +
           room(heldBy(s), m.textOf(v).size()));
      return;
    }
  }
}

const Event &Session::next() {
  if (ended_ || (started_ && event_.waiting)) return event_;
  started_ = true;
  if (eventsSinceAnswer_ >= eventLimit()) {
    stop(StopReason::EventsPerAnswer, "stopped: the flow made " + std::to_string(eventLimit()) +
                                          " events without waiting for an answer");
    return event_;
  }
  if (updateSlot_ != kNone) {
    const uint32_t slot = std::exchange(updateSlot_, kNone);
    const SlotInfo &info = program_->slots()[slot];
    Event &e = beginEvent(EventKind::Update, false, event_.codeOffset); // the answered instruction
    e.form = info.form;
    e.slot = slot;
    e.type = info.type;
    e.fields.push_back(FieldValue{slot, valueText(slot)});
    countEvent();
    return event_;
  }
  work_ = workBudget();
  Machine(*this).run();
  countEvent();
  return event_;
}

uint64_t Session::eventLimit() const {
  return options_.maxEventsPerAnswer ? options_.maxEventsPerAnswer
                                     : uint64_t(program_->code().size()) + kEventSlack;
}

void Session::countEvent() {
  if (event_.failed) return; // a stop is the last event: nothing more to bound
  ++eventsSinceAnswer_;
  uint64_t bytes = event_.text.size();
  for (const std::string &o : event_.options) bytes += o.size();
  for (const FieldValue &f : event_.fields) bytes += f.value.size();
  for (const std::string &p : event_.problems) bytes += p.size();
  for (const InvoiceLine &l : event_.lines) bytes += l.label.size();
  if (bytes > options_.maxOutputBytes - std::min(outputBytes_, options_.maxOutputBytes)) {
    stop(StopReason::OutputBytes, "stopped: the events of the call pass " +
                                      std::to_string(options_.maxOutputBytes) + " bytes of text");
    return;
  }
  outputBytes_ += bytes;
}

void Session::noteUpdate(uint32_t slot) {
  const SlotInfo &info = program_->slots()[slot];
  if (info.isField() && forms_[info.form].created) updateSlot_ = slot;
}

uint64_t Session::workBudget() const {
  return uint64_t(program_->code().size()) + program_->exprs().size() + kWorkSlack;
}

Event &Session::beginEvent(EventKind kind, bool waiting, uint32_t codeOffset) {
  Event &e = event_;
  e.kind = kind;
  e.waiting = waiting;
  e.optional = false;
  e.failed = false;
  e.stopped = StopReason::None;
  e.step = step_;
  e.codeOffset = codeOffset;
  e.text.clear();
  e.options.clear();
  e.optionKeys.clear();
  e.optionValues.clear();
  e.slot = kNone;
  e.type = {};
  e.pattern = {};
  e.patternDescription = {};
  e.form = kNone;
  e.fields.clear();
  e.problems.clear();
  e.itemCode = -1;
  e.itemKind = bc::ItemKind::Once;
  e.percent = 0;
  e.basis = 0;
  e.amount = 0;
  e.alreadyOpen = false;
  e.hostValue = false;
  stay_ = false;
  e.lines.clear();
  return e;
}

void Session::stop(StopReason reason, std::string why) {
  // Whatever the event held may be huge: give its storage back.
  const uint32_t at = event_.codeOffset;
  event_ = Event{};
  Event &e = beginEvent(EventKind::End, false, at);
  e.failed = true;
  e.stopped = reason;
  e.text = std::move(why);
  started_ = true;
  ended_ = true;
}

std::string_view Session::textOf(const Value &v) const {
  if (v.src == 1) return texts_[size_t(v.num)];
  return program_->string(uint32_t(v.num));
}

std::string Session::room(size_t old, size_t size) {
  if (size > kMaxTextBytes)
    return "a text of " + std::to_string(size) + " bytes is longer than the limit of " +
           std::to_string(kMaxTextBytes);
  if (textBytes_ - old + size > kMaxSessionTextBytes) compactTexts();
  if (textBytes_ - old + size > kMaxSessionTextBytes)
    return "the call would hold more than " + std::to_string(kMaxSessionTextBytes) +
           " bytes of text";
  return {};
}

uint32_t Session::addText(std::string_view text) {
  // Every slot and form holds at most one text: past twice that many, some
  // are no longer used (a slot set to a program string or unset).
  if (texts_.size() >= 2 * (slots_.size() + forms_.size()) + 8) compactTexts();
  texts_.emplace_back(text);
  textBytes_ += text.size();
  return uint32_t(texts_.size() - 1);
}

void Session::compactTexts() {
  std::vector<std::string> kept;
  size_t bytes = 0;
  auto keep = [&](uint32_t &index) {
    kept.push_back(std::move(texts_[index]));
    bytes += kept.back().size();
    index = uint32_t(kept.size() - 1);
  };
  for (Value &v : slots_)
    if (v.kind == ValueKind::Text && v.src == 1) {
      uint32_t i = uint32_t(v.num);
      keep(i);
      v.num = i;
    }
  for (FormState &f : forms_)
    if (f.number != kNone) keep(f.number);
  texts_ = std::move(kept);
  textBytes_ = bytes;
}

bool Session::store(uint32_t slot, const Value &v, std::string_view text) {
  Value &dst = slots_[slot];
  if (v.kind != ValueKind::Text || v.src == 0) { // not a text, or a program string: share it
    dst = v;
    return true;
  }
  std::string copy(text); // `text` may live in texts_, which room() and addText() may move
  if (!room(heldBy(slot), copy.size()).empty()) return false;
  if (dst.kind == ValueKind::Text && dst.src == 1) { // its own text (room() may renumber it)
    std::string &held = texts_[size_t(dst.num)];
    textBytes_ = textBytes_ - held.size() + copy.size();
    held = std::move(copy);
    return true;
  }
  const uint32_t i = addText(copy);
  slots_[slot] = Value{ValueKind::Text, 1, int64_t(i)};
  return true;
}

void Session::appendValue(std::string &out, uint32_t slot) const {
  const Program &P = *program_;
  const Value &v = slots_[slot];
  switch (v.kind) {
  case ValueKind::Unset: out += '{'; out += P.slotName(slot); out += '}'; break;
  case ValueKind::Text: out += textOf(v); break;
  case ValueKind::Money: appendMoney(out, v.num, P.currency()); break;
  case ValueKind::Number: {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v.num);
    out.append(buf, r.ptr);
    break;
  }
  case ValueKind::Bool: out += v.num ? "yes" : "no"; break;
  case ValueKind::Date: out += formatDate(v.num, uint16_t(P.language())); break;
  case ValueKind::Time: out += formatTime(v.num); break;
  case ValueKind::Enum: {
    const EnumInfo &e = P.enums()[P.slots()[slot].type.enumIndex];
    out += P.string(P.enumValues()[e.firstValue + uint32_t(v.num)].label);
    break;
  }
  }
}

std::string Session::valueText(uint32_t slot) const {
  std::string s;
  appendValue(s, slot);
  return s;
}

bool Session::isOpen(uint32_t item, uint32_t at) const {
  for (const Charge &c : charges_)
    if (item != kNone ? c.item == item : c.item == kNone && c.at == at) return true;
  return false;
}

bool Session::percentBasis(int64_t &basis) const {
  int64_t sum = 0;
  for (const Charge &c : charges_)
    if ((c.item == kNone || program_->items()[c.item].kind != bc::ItemKind::Percent) &&
        !bc::addMoney(sum, c.amount, sum))
      return false;
  basis = sum;
  return true;
}

bool Session::openTotal(int64_t &total) const {
  int64_t sum = 0;
  for (const Charge &c : charges_)
    if (!bc::addMoney(sum, c.amount, sum)) return false;
  total = sum;
  return true;
}

bool Session::render(uint32_t text, std::string &out, size_t limit, bool mask) const {
  const Program &P = *program_;
  const uint32_t *op = P.textOps_.data() + P.textOpStart_[text];
  const uint32_t *end = P.textOps_.data() + P.textOpStart_[text + 1];
  const char *file = P.strBase_; // kOpString offsets are into the string storage
  for (; op < end; ++op) {
    const uint32_t x = *op >> 3;
    switch (*op & 7) {
    case Program::kOpString:
      if (x > limit - out.size()) return false;
      out.append(file + *++op, x);
      break;
    case Program::kOpJoined:
      if (x > limit - out.size()) return false;
      out.append(P.joined_.data() + *++op, x);
      break;
    case uint32_t(bc::PartTag::Slot):
      if (asksFor(x) && needHost_ == kNone) needHost_ = x;
      if (mask && (P.slots()[x].flags & bc::kSlotSensitive) && slots_[x].isSet()) out += bc::kSensitiveMask;
      else appendValue(out, x);
      break;
    case uint32_t(bc::PartTag::FormNumber): {
      const FormState &f = forms_[x];
      if (f.number != kNone) out += texts_[f.number];
      else out += "{" + std::string(P.string(P.forms()[x].name)) + ".number}";
      break;
    }
    case uint32_t(bc::PartTag::Price): {
      const ItemInfo &it = P.items()[x];
      appendItemPrice(out, it.kind, it.price, it.percent, P.currency(), P.language());
      break;
    }
    case uint32_t(bc::PartTag::InvoiceTotal): {
      int64_t total = 0;
      if (openTotal(total)) appendMoney(out, total, P.currency());
      else out += "{invoice.total}"; // never: a charge past the range stops the call
      break;
    }
    }
    // A value appended is at most kMaxTextBytes: the overshoot is bounded.
    if (out.size() > limit) return false;
  }
  return true;
}

size_t Session::stateBytes() const {
  size_t n = sizeof(*this) - sizeof(Event);
  n += slots_.capacity() * sizeof(Value) + forms_.capacity() * sizeof(FormState) +
       charges_.capacity() * sizeof(Charge) + visited_.capacity() +
       texts_.capacity() * sizeof(std::string);
  for (const std::string &t : texts_)
    if (t.capacity() > 15) n += t.capacity() + 1;
  return n;
}

// ---- answers -------------------------------------------------------------------

std::vector<uint32_t> Session::missingHostValues() const {
  std::vector<uint32_t> out;
  for (uint32_t s = 0; s < slots_.size(); ++s)
    if ((program_->slots()[s].flags & bc::kSlotAuto) && !slots_[s].isSet()) out.push_back(s);
  return out;
}

void Session::slotsRead(uint32_t expr, std::vector<uint32_t> &out) const {
  const uint8_t *code = program_->exprs().data();
  for (uint32_t pc = expr;;) {
    const bc::Instr in = bc::decodeVerified(code, pc);
    if (in.op == bc::Op::RET) return;
    if (in.op == bc::Op::PUSH_SLOT || in.op == bc::Op::IS_SET) out.push_back(uint32_t(in.a[0]));
    pc += in.size;
  }
}

void Session::askFor(uint32_t slot, uint32_t at, bool hostValue, std::string problem) {
  const Program &P = *program_;
  const SlotInfo &info = P.slots()[slot];
  Event &e = beginEvent(EventKind::Input, true, at);
  pc_ = at;
  stay_ = true;
  e.hostValue = hostValue;
  e.slot = slot;
  e.type = info.type;
  e.text = P.string(info.label);
  if (info.pattern != kNone) e.pattern = P.string(info.pattern);
  if (info.patternDescription != kNone) e.patternDescription = P.string(info.patternDescription);
  if (withheld(slot) && !slots_[slot].isSet())
    problem = "'" + P.slotName(slot) + "' (" + std::string(P.string(info.label)) +
              ") is sensitive: it was entered before the call was resumed, and the journal does not keep "
              "sensitive values; ask for it again";
  if (!problem.empty()) e.problems.push_back(std::move(problem));
  if (info.type.tag == bc::TypeTag::Enum) {
    const EnumInfo &en = P.enums()[info.type.enumIndex];
    for (uint32_t v = 0; v < en.numValues; ++v) {
      e.optionValues.push_back(v);
      e.options.emplace_back(P.string(P.enumValues()[en.firstValue + v].label));
    }
  } else {
    for (uint32_t k = 0; k < info.numSuggestions; ++k)
      e.options.emplace_back(P.string(P.suggestions()[info.firstSuggestion + k]));
  }
}

void Session::answered() {
  if (stay_) {
    stay_ = false;
    event_.waiting = false;
    answerTaken();
    return;
  }
  resume();
}

Answer Session::storeAnswer(uint32_t slot, const Value &v, std::string_view text) {
  const Program &P = *program_;
  const SlotInfo &info = P.slots()[slot];
  const Value old = slots_[slot];
  const std::string oldText(old.kind == ValueKind::Text ? textOf(old) : std::string_view());
  if (!store(slot, v, text)) return refuse("the value does not fit"); // checkValue made room
  if (!info.isField()) return {};
  const FormInfo &f = P.forms()[info.form];
  std::vector<uint32_t> reads;
  for (uint32_t r = f.firstRule; r < f.firstRule + f.numRules; ++r) {
    reads.clear();
    slotsRead(P.rules()[r].cond, reads);
    bool mine = false, decidable = true;
    for (uint32_t s : reads) {
      mine |= s == slot;
      decidable &= slots_[s].isSet();
    }
    if (!mine || !decidable) continue;
    const bool wasEnded = ended_;
    work_ = workBudget();
    const bool holds = Machine(*this).evalBool(P.rules()[r].cond);
    if (ended_ && !wasEnded) return refuse("the call was " + event_.text); // "stopped: ..." on a limit
    if (holds) continue;
    (void)store(slot, old, oldText); // it held before: it fits
    return refuse(std::string(P.string(P.rules()[r].message)));
  }
  return {};
}

void Session::resume() {
  const uint8_t *code = program_->code().data();
  const bc::Instr in = bc::decodeVerified(code, pc_);
  uint32_t pc = pc_ + in.size;
  const bc::OpInfo &info = bc::opInfo(in.op);
  if (info.follow >= 0) {
    int64_t items = 0;
    for (unsigned k = 0; k < info.numOperands; ++k)
      if (info.operands[k] == bc::OperandKind::Count || info.operands[k] == bc::OperandKind::Count0)
        items = in.a[k];
    for (int64_t k = 0; k < items; ++k) pc += bc::decodeVerified(code, pc).size;
  }
  pc_ = pc;
  event_.waiting = false;
  answerTaken();
}

Answer Session::choose(size_t i) {
  if (!waiting()) return refuse("nothing is waiting for an answer");
  if (event_.kind == EventKind::Ask) {
    if (i >= event_.options.size())
      return refuse("there is no option " + std::to_string(i + 1) + " (1.." +
                    std::to_string(event_.options.size()) + ")");
    const uint8_t *code = program_->code().data();
    uint32_t pc = pc_ + bc::decodeVerified(code, pc_).size;
    for (size_t k = 0; k < i; ++k) pc += bc::decodeVerified(code, pc).size;
    const bc::Instr opt = bc::decodeVerified(code, pc);
    pc_ = uint32_t(int64_t(pc) + opt.a[1]);
    event_.waiting = false;
    answerTaken();
    return {};
  }
  if (event_.kind == EventKind::Input && event_.type.tag == bc::TypeTag::Enum) {
    if (i >= event_.optionValues.size())
      return refuse("there is no value " + std::to_string(i + 1) + " (1.." +
                    std::to_string(event_.optionValues.size()) + ")");
    if (Answer a = storeAnswer(event_.slot, Value{ValueKind::Enum, 0, event_.optionValues[i]}, {}); !a)
      return a;
    noteUpdate(event_.slot);
    answered();
    return {};
  }
  return refuse("this question takes a typed value, not a choice");
}

Answer Session::chooseKey(std::string_view key) {
  if (!waiting()) return refuse("nothing is waiting for an answer");
  if (event_.kind != EventKind::Ask) return refuse("only a question's options have keys");
  for (size_t i = 0; i < event_.optionKeys.size(); ++i)
    if (!event_.optionKeys[i].empty() && event_.optionKeys[i] == key) return choose(i);
  return refuse("no option has the key '" + std::string(key) + "'");
}

Answer Session::provide(std::string_view text) {
  if (!waiting()) return refuse("nothing is waiting for an answer");
  switch (event_.kind) {
  case EventKind::Ask: {
    // An ask with keys: a key chooses its option first (`92` is the option
    // keyed 92, not the 92nd option), then a label; option numbers are not
    // taken, they would be mistaken for keys.
    const bool keyed = !event_.optionKeys.empty();
    if (keyed)
      for (size_t i = 0; i < event_.optionKeys.size(); ++i)
        if (!event_.optionKeys[i].empty() && event_.optionKeys[i] == text) return choose(i);
    for (size_t i = 0; i < event_.options.size(); ++i)
      if (event_.options[i] == text) return choose(i);
    // A label in another case ("yes" for "Yes", "да" for "Да"), as enum
    // labels are taken; only when one option alone matches so.
    size_t found = event_.options.size(), matches = 0;
    const std::string folded = foldCase(text);
    for (size_t i = 0; i < event_.options.size(); ++i)
      if (foldCase(event_.options[i]) == folded) found = i, ++matches;
    if (matches == 1) return choose(found);
    if (keyed) return refuse("'" + std::string(text) + "' is not a key or a label of the options");
    if (auto n = parseNumber(text); n && *n >= 1) return choose(size_t(*n - 1));
    return refuse("'" + std::string(text) + "' is not one of the options");
  }
  case EventKind::Input:
  case EventKind::Do: {
    Value v;
    if (Answer a = checkValue(event_.slot, text, v, stay_ ? kNone : pc_); !a) return a;
    if (Answer a = storeAnswer(event_.slot, v, text); !a) return a;
    noteUpdate(event_.slot);
    answered();
    return {};
  }
  case EventKind::Create: {
    if (!bc::isValidUtf8(text)) return refuse("the record number is not valid UTF-8");
    const uint32_t form = event_.form;
    if (std::string why = room(forms_[form].number == kNone ? 0 : texts_[forms_[form].number].size(),
                               text.size());
        !why.empty())
      return refuse("the record number does not fit: " + why);
    FormState &f = forms_[form];
    if (f.number == kNone) {
      f.number = addText(text);
    } else {
      textBytes_ = textBytes_ - texts_[f.number].size() + text.size();
      texts_[f.number] = std::string(text);
    }
    resume();
    return {};
  }
  default: return refuse("this event does not take a value");
  }
}

Answer Session::acknowledge() {
  if (!waiting() || event_.kind != EventKind::Create)
    return refuse("only a created record can be acknowledged");
  resume();
  return {};
}

Answer Session::skip() {
  if (!waiting() || event_.kind != EventKind::Do) return refuse("nothing to skip");
  if (!event_.optional) return refuse("this action is not optional");
  resume();
  return {};
}

Answer Session::acceptPayment() {
  if (!waiting() || event_.kind != EventKind::TakePayment) return refuse("no payment is being taken");
  charges_.clear();
  resume();
  return {};
}

Answer Session::declinePayment() {
  if (!waiting() || event_.kind != EventKind::TakePayment) return refuse("no payment is being taken");
  const bc::Instr in = bc::decodeVerified(program_->code().data(), pc_);
  pc_ = uint32_t(int64_t(pc_) + in.a[0]);
  event_.waiting = false;
  answerTaken();
  return {};
}

Answer Session::supply(uint32_t slot, std::string_view text) {
  if (slot >= slots_.size()) return refuse("no such variable or field");
  Value v;
  if (Answer a = checkValue(slot, text, v, kNone); !a) return a;
  if (Answer a = storeAnswer(slot, v, text); !a) return a;
  if (waiting() && stay_ && event_.kind == EventKind::Input && event_.slot == slot) answered();
  return {};
}

Answer Session::withhold(uint32_t slot, bool supplied) {
  if (slot >= slots_.size()) return refuse("no such variable or field");
  if (!(program_->slots()[slot].flags & bc::kSlotSensitive))
    return refuse("'" + program_->slotName(slot) + "' is not sensitive: its value is journaled");
  // What the answer withheld answered: provide()/choose() the waiting Input
  // or Do; supply() only an Input that asked for this value (as supply()).
  const bool answers = waiting() && event_.slot == slot &&
                       (supplied ? stay_ && event_.kind == EventKind::Input
                                 : event_.kind == EventKind::Input || event_.kind == EventKind::Do);
  if (withheld_.empty()) withheld_.assign(slots_.size(), 0);
  withheld_[slot] = 1;
  if (slots_[slot].isSet()) {
    slots_[slot] = Value{};
    compactTexts(); // its text is no longer held
  }
  if (answers) answered();
  return {};
}

} // namespace callflow
