// Session: one call running a Program. The host pulls events with next()
// and answers the ones that wait (Ask, Input, Do with a result, Create,
// TakePayment). Bad answers are refused with a reason; the same event stays
// current, so the host asks again.
//
// Sessions are deterministic (the same answers give the same events), cheap
// (values are 16 bytes, strings are shared with the Program) and copyable;
// a copy runs on independently. The Program must outlive its sessions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "callflow/program.h"
#include "callflow/value.h"

namespace callflow {

enum class EventKind : uint8_t {
  Say,         // text: a line to read aloud
  Note,        // text: an instruction to the agent
  Do,          // text: the action; optional; waits when it has a result slot
  Ask,         // text: the question; options: the labels. Waits: choose(i)
  Input,       // text: the prompt; slot, type, options (enum), pattern. Waits
  Create,      // form, fields, problems. Waits: provide(number) or acknowledge()
  Complete,    // form, fields, problems
  Update,      // form, slot, fields (the one field set after create)
  Charge,      // text: item name or label; itemCode (-1 for an amount); amount
  Invoice,     // lines, amount: the total
  TakePayment, // amount. Waits: acceptPayment() / declinePayment()
  Transfer,    // text: where to. The session has ended
  End,         // text: the reason (may be empty). The session has ended
};
const char *eventKindName(EventKind kind);

struct FieldValue {
  uint32_t slot;
  std::string value; // rendered
};
struct InvoiceLine {
  std::string label;
  int64_t itemCode; // -1 for an amount charged with a label
  int64_t amount;   // cents
};

/// The current event. Its storage is reused from event to event: read it
/// before calling next() or answering again.
struct Event {
  EventKind kind = EventKind::End;
  bool waiting = false;     // the host must answer before next() moves on
  bool optional = false;    // Do: the agent may skip it
  uint32_t step = 0;        // the step it belongs to
  uint32_t codeOffset = 0;  // of its instruction (Program::location)
  std::string text;
  std::vector<std::string> options; // Ask labels; Input: allowed enum labels
  std::vector<uint32_t> optionValues; // Input: the allowed enum value indexes
  uint32_t slot = kNone;    // Input, Do with a result, Update
  bc::Type type;            // of `slot`
  std::string_view pattern; // Input: the slot's pattern ("" for none)
  uint32_t form = kNone;    // Create, Complete, Update
  std::vector<FieldValue> fields;
  std::vector<std::string> problems; // Create/Complete: unmet requirements
  int64_t itemCode = -1;
  int64_t amount = 0;       // Charge, Invoice total, TakePayment
  std::vector<InvoiceLine> lines;
};

/// The result of an answer: empty error on success.
struct Answer {
  std::string error;
  explicit operator bool() const { return error.empty(); }
};

class Session {
public:
  /// Starts a call at the program's start step; defaults are applied.
  explicit Session(const Program &program);

  /// Runs to the next event and returns it. While the current event waits
  /// for an answer, or after the session ended, returns it again.
  const Event &next();
  const Event &current() const { return event_; }
  bool waiting() const { return started_ && event_.waiting; }
  bool ended() const { return ended_; }

  /// Ask: picks option i. Input of an enum: picks allowed value i.
  Answer choose(size_t i);
  /// Input, Do with a result: the value as typed. Create: the record number.
  Answer provide(std::string_view value);
  /// Create: no record number.
  Answer acknowledge();
  /// An optional Do with a result: skip it.
  Answer skip();
  Answer acceptPayment();
  Answer declinePayment();
  /// Sets a slot from outside the flow (auto variables and fields), at any
  /// time; validated like an input.
  Answer supply(uint32_t slot, std::string_view value);

  const Program &program() const { return *program_; }
  uint32_t currentStep() const { return step_; }
  bool visited(uint32_t step) const { return visited_[step >> 3] & (1u << (step & 7)); }
  const Value &value(uint32_t slot) const { return slots_[slot]; }
  /// A slot's value as shown in lines ("{name}" when unset).
  std::string valueText(uint32_t slot) const;
  /// Bytes of call state (values, texts, forms, charges, visits), not
  /// counting the current event's buffers.
  size_t stateBytes() const;

private:
  friend class Machine;
  struct FormState {
    uint32_t number = kNone; // text index
    bool created = false;
  };
  struct Charge {
    int64_t amount;
    uint32_t item;  // kNone for an amount
    uint32_t label; // text index, for an amount
  };
  Answer refuse(std::string why) const { return Answer{std::move(why)}; }
  Answer checkValue(uint32_t slot, std::string_view text, Value &out, uint32_t listPc);
  void store(uint32_t slot, const Value &v, std::string_view text);
  std::string_view textOf(const Value &v) const;
  void appendValue(std::string &out, uint32_t slot) const;
  void render(uint32_t text, std::string &out) const;
  int64_t openTotal() const;
  void markVisited(uint32_t step) { visited_[step >> 3] |= uint8_t(1u << (step & 7)); }
  void resume(); // leaves the waiting state: moves past the instruction

  const Program *program_;
  uint32_t pc_ = 0;
  uint32_t step_ = 0;
  bool started_ = false, ended_ = false;
  std::vector<Value> slots_;
  std::vector<std::string> texts_; // texts typed or rendered into slots
  std::vector<FormState> forms_;
  std::vector<Charge> charges_; // open (not yet paid)
  std::vector<uint8_t> visited_;
  Event event_;
};

} // namespace callflow
