// Internal: the interpreter loop of a Session. A Machine lives for one call
// of Session::next() (or one expression evaluation) and holds only the
// transient expression stack; all call state stays in the Session.
#pragma once

#include <string>
#include <vector>

#include "callflow/session.h"

namespace callflow {

class Machine {
public:
  explicit Machine(Session &s);
  /// Runs from the session's pc until an instruction produces an event.
  void run();
  /// Evaluates the EXPRS entry at `offset` and returns its value.
  Value eval(uint32_t offset);
  bool evalBool(uint32_t offset) {
    Value v = eval(offset);
    return v.kind == ValueKind::Bool && v.num != 0;
  }
  /// The text of a Text value (any source).
  std::string_view textOf(const Value &v) const;

private:
  /// Decodes the instruction at code_[pc] into `in` and runs it.
  bool step(uint32_t pc, bc::Instr &in);
#define CALLFLOW_OPCODE(NAME, CLASS, A, B, C, STACK, FOLLOW, FLOW) bool op##NAME(const bc::Instr &in);
#include "callflow/opcodes.def"

  Event &begin(EventKind kind, bool waiting);
  /// Renders text `text` into `out` within kMaxTextBytes and what is left of
  /// kMaxEventBytes. False when it does not fit: the session has stopped.
  bool render(uint32_t text, std::string &out, bool mask = true);
  /// Counts `n` more bytes of text copied into the event. False past
  /// kMaxEventBytes: the session has stopped.
  bool count(size_t n);
  /// Asks for the `auto` value S.needHost_ and stays at `statement`.
  void askHost(uint32_t statement);
  /// Stops the session on a limit (Session::stop) and this machine with it.
  /// Returns false, for the failing helper to return.
  bool halt(StopReason reason, std::string why);
  /// Runs a charge: counts it against SessionOptions::maxCharges and, unless
  /// it is `again` (already open), adds it to the open ones within the range
  /// of money. False when it does not fit: the session has stopped.
  bool charge(bool again, const Session::Charge &c);
  Value pop() { return stack_[--sp_].v; }
  void push(Value v) { stack_[sp_++].v = v; }
  /// + - * / of two values of the stack; false, or true when it stopped the session.
  bool arithmetic(Value a, Value b, char op);
  /// A date plus a number of days or months (ADD_DAYS, ADD_MONTHS).
  bool dateArithmetic(Value date, Value count, bool months);
  bool equal(const Value &a, const Value &b) const;
  /// Fills a Create or Complete event. False when the session stopped.
  bool record(uint32_t form, EventKind kind);

  Session &S;
  const Program &P;
  const uint8_t *code_;
  uint32_t cur_ = 0, next_ = 0; // this instruction, the one to run after it
  bool returned_ = false;       // RET ran (expression evaluation)
  bool halted_ = false;         // the session stopped on a limit
  size_t made_ = 0;             // bytes of text made for this event (kMaxEventBytes)
  unsigned sp_ = 0;
  // Left uninitialised: a Machine is built for every next() and every
  // expression, and the verifier guarantees no read below the top.
  union Cell {
    Value v;
    Cell() {}
  };
  Cell stack_[bc::kMaxStack];
  std::vector<std::string> temps_; // texts rendered by PUSH_TEXT
};

} // namespace callflow
