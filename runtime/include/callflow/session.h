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
#include <optional>
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
  Ask,         // text: the question; options: the labels. Waits: choose(i) or chooseKey(key)
  Input,       // text: the prompt; slot, type, options (enum), pattern. Waits.
               // hostValue: an auto value the host did not supply; problems
               // (one): why a record needs this field (asked again)
  Create,      // form, fields, problems. Waits: provide(number) or acknowledge()
  Complete,    // form, fields, problems
  Update,      // form, slot, fields (the one field set, typed or looked up after create)
  Charge,      // text: item name or label; itemCode (-1 for an amount); amount
  Invoice,     // lines, amount: the total
  TakePayment, // amount. Waits: acceptPayment() / declinePayment()
  Transfer,    // text: where to. The session has ended
  End,         // text: the reason (may be empty); failed: stopped on a limit.
               // The session has ended
};
const char *eventKindName(EventKind kind);

/// Limits of one session, which keep a program that passed the verifier
/// (a crafted one: flows that check clean stay far below them) from
/// exhausting the host. A session that would pass one stops: its current
/// event becomes an End with `failed` set and the reason as its text
/// ("stopped: ..."); it has ended. An answer that would pass one is refused.
/// docs/bytecode.md ("Runtime limits") lists them.
inline constexpr size_t kMaxTextBytes = size_t(1) << 20;         // one rendered text or value
inline constexpr size_t kMaxEventBytes = size_t(16) << 20;       // all the text made for one event
inline constexpr size_t kMaxSessionTextBytes = size_t(16) << 20; // all the texts a session holds
/// Instructions run for one event (expressions included) beyond the sizes
/// of CODE and EXPRS: a flow that checked clean always reaches an event
/// sooner; a crafted one may loop.
inline constexpr uint64_t kWorkSlack = 65536;

/// Why a session stopped on a limit (Event::stopped of its failed End).
enum class StopReason : uint8_t {
  None,            // it did not (any other event, or an End of the flow)
  Work,            // kWorkSlack: instructions run without an event
  TextSize,        // a rendered text over kMaxTextBytes
  EventSize,       // the texts of one event over kMaxEventBytes
  SessionText,     // a `set` or a default over kMaxTextBytes / kMaxSessionTextBytes
  EventsPerAnswer, // SessionOptions::maxEventsPerAnswer
  OutputBytes,     // SessionOptions::maxOutputBytes
  Charges,         // SessionOptions::maxCharges
  MoneyRange,      // the open charges would total outside +-bc::kMaxMoney
  BrokenRule,      // a record breaks a rule that reads no value to ask again
  Arithmetic,      // + - * / out of the range of numbers and money, or / 0
};
/// "work", "text_size", "event_size", "session_text", "events_per_answer",
/// "output_bytes", "charges", "money_range", "broken_rule", "arithmetic" ("" for
/// None).
const char *stopReasonName(StopReason reason);

/// Per-call limits a host may set (flows that check clean stay far below the
/// defaults; a crafted program that loops making events meets them). Each
/// one, passed, stops the session like the limits above.
struct SessionOptions {
  /// Events made between two answers (or from the start to the first one).
  /// 0, the default: the size of the program's CODE section in bytes plus
  /// kEventSlack (a flow that checked clean runs each instruction at most
  /// once between two answers, and an event takes an instruction).
  uint64_t maxEventsPerAnswer = 0;
  /// Bytes of text of all the events of the call together (lines, labels,
  /// options, field values, problems, invoice lines).
  uint64_t maxOutputBytes = uint64_t(256) << 20;
  /// `charge`s run in one call (paid or not).
  uint64_t maxCharges = 10000;
  /// `today` and `now` (docs/language.md "Dates and times"): the date (a
  /// day number, bc::kMinDay..kMaxDay) and the time of day (minutes since
  /// midnight, 0..1439) the host gives the call when it starts, read once.
  /// The runtime has no clock of its own: a run with the same values and
  /// answers is the same run. Not given (or out of range): `today` / `now`
  /// are unset (a comparison with them is false).
  std::optional<int64_t> today;
  std::optional<int64_t> now;
};
inline constexpr uint64_t kEventSlack = 65536;

struct FieldValue {
  uint32_t slot;
  std::string value; // rendered
};
struct InvoiceLine {
  std::string label;
  int64_t itemCode; // -1 for an amount charged with a label
  int64_t amount;   // cents
  /// The catalog item's kind (Once for an amount). Monthly: `amount` is the
  /// first period. Percent: `amount` is `percent` hundredths of a percent
  /// of `basis`, the open charges when it was charged.
  bc::ItemKind kind = bc::ItemKind::Once;
  int64_t percent = 0;
  int64_t basis = 0;
};

/// The current event. Its storage is reused from event to event: read it
/// before calling next() or answering again.
struct Event {
  EventKind kind = EventKind::End;
  bool waiting = false;     // the host must answer before next() moves on
  bool optional = false;    // Do: the agent may skip it
  bool failed = false;      // End: the session stopped on a limit (text says which)
  StopReason stopped = StopReason::None; // End with `failed`: which limit
  uint32_t step = 0;        // the step it belongs to
  uint32_t codeOffset = 0;  // of its instruction (Program::location)
  std::string text;
  std::vector<std::string> options; // Ask labels; Input: allowed enum labels
  /// Ask (ASK_KEYED, format 4): each option's key ("92", "*"; "" for an
  /// option without one), as many as `options`; empty for an ask without keys.
  std::vector<std::string> optionKeys;
  std::vector<uint32_t> optionValues; // Input: the allowed enum value indexes
  uint32_t slot = kNone;    // Input, Do with a result, Update
  bc::Type type;            // of `slot`
  std::string_view pattern; // Input: the slot's pattern ("" for none)
  /// Input: the pattern in the designer's words (`matches "re" as "..."`),
  /// what an agent is shown instead of the regex ("" when not given).
  std::string_view patternDescription;
  uint32_t form = kNone;    // Create, Complete, Update
  std::vector<FieldValue> fields;
  std::vector<std::string> problems; // Create/Complete: unmet requirements
  int64_t itemCode = -1;
  int64_t amount = 0;       // Charge, Invoice total, TakePayment
  /// Charge of a catalog item: its kind; for a percentage, the rate
  /// (hundredths of a percent) and the open charges it was computed over.
  bc::ItemKind itemKind = bc::ItemKind::Once;
  int64_t percent = 0;
  int64_t basis = 0;
  /// Charge: what it charges is still open (charged, not yet paid), so it
  /// is not billed again (docs/language.md, "Money"); the checker warned
  /// (W0406) wherever this can happen.
  bool alreadyOpen = false;
  /// Input: the value of an `auto` variable or field that the host did not
  /// supply, asked before the first event that needs it (docs/language.md,
  /// "What the runtime enforces"). Answered by provide()/choose() or supply().
  bool hostValue = false;
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
  explicit Session(const Program &program, const SessionOptions &options = {});

  /// Runs to the next event and returns it. While the current event waits
  /// for an answer, or after the session ended, returns it again.
  const Event &next();
  const Event &current() const { return event_; }
  bool waiting() const { return started_ && event_.waiting; }
  bool ended() const { return ended_; }
  /// The session stopped on a limit (its End event is `failed`).
  bool failed() const { return ended_ && event_.failed; }

  /// Ask: picks option i. Input of an enum: picks allowed value i.
  Answer choose(size_t i);
  /// Ask: picks the option whose key is `key` (Event::optionKeys).
  Answer chooseKey(std::string_view key);
  /// Input, Do with a result: the value as typed. Create: the record number.
  Answer provide(std::string_view value);
  /// Create: no record number.
  Answer acknowledge();
  /// An optional Do with a result: skip it.
  Answer skip();
  Answer acceptPayment();
  Answer declinePayment();
  /// Sets a slot from outside the flow (auto variables and fields), at any
  /// time; validated like an input (pattern and form rules). It answers an
  /// Input that asks for this slot's host value.
  Answer supply(uint32_t slot, std::string_view value);
  /// The journal's stand-in for the answer that set a `sensitive` slot
  /// (journal.h, JournalAnswer::Kind::Withheld): the slot is left unset and
  /// marked withheld; a waiting Input or Do for it is answered so. The
  /// session asks for the value again, with a problem saying why, before
  /// the first statement that reads it (as for an `auto` value). Refused
  /// for a slot that is not sensitive. `supplied`: it stands for a supply()
  /// (which answers only an Input asking for this slot's value).
  Answer withhold(uint32_t slot, bool supplied = false);
  /// Whether `slot` was withheld (and not given again since).
  bool withheld(uint32_t slot) const { return slot < withheld_.size() && withheld_[slot]; }
  /// Replaying a journal: the statements run again are ones the call
  /// already passed, when the withheld values were there. While on, a
  /// withheld slot counts as set for `is set` and for the requirements of a
  /// `create`/`complete` (that record was made before; it is not made
  /// again), so the replay does not ask for a value only to pass them; a
  /// statement that needs the value itself (a comparison, a line) still
  /// asks. Off (the default), every read of a withheld slot asks.
  void setReplaying(bool on) { replaying_ = on; }
  /// The `auto` variables and fields not supplied yet: a host may refuse to
  /// start a call without them (else the session asks for each before the
  /// first event that needs it).
  std::vector<uint32_t> missingHostValues() const;

  const Program &program() const { return *program_; }
  uint32_t currentStep() const { return step_; }
  bool visited(uint32_t step) const { return visited_[step >> 3] & (1u << (step & 7)); }
  const Value &value(uint32_t slot) const { return slots_[slot]; }
  /// A slot's value as text ("{name}" when unset), what the host reads: a
  /// sensitive value in full (a line shows it masked, bc::kSensitiveMask).
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
    uint32_t at;    // an amount: the CODE offset of its `charge` statement
    int64_t basis = 0; // a percentage item: the open charges it is a percentage of
  };
  /// The total of the open charges that are not percentage items (the basis
  /// of a percentage item charged now). False when out of the range of money.
  bool percentBasis(int64_t &basis) const;
  /// Whether a charge of `item` (or, for kNone, of the amount charged by
  /// the instruction at `at`) is open.
  bool isOpen(uint32_t item, uint32_t at) const;
  Answer refuse(std::string why) const { return Answer{std::move(why)}; }
  /// Stores an answer's value (checked by checkValue) and refuses it, keeping
  /// the slot's old value, when it breaks a rule of its form that the values
  /// now set decide (a rule reading an unset value waits for create/complete).
  Answer storeAnswer(uint32_t slot, const Value &v, std::string_view text);
  /// The slots the expression at EXPRS offset `expr` reads.
  void slotsRead(uint32_t expr, std::vector<uint32_t> &out) const;
  /// Makes the current event an Input for `slot` that waits at CODE offset
  /// `at`: answered, the call goes on from `at` again (the statement that
  /// needed the value runs with it).
  void askFor(uint32_t slot, uint32_t at, bool hostValue, std::string problem);
  /// Answered: moves past the waiting instruction, or stays on it for an
  /// askFor() Input.
  void answered();
  Answer checkValue(uint32_t slot, std::string_view text, Value &out, uint32_t listPc);
  /// Why a text of `size` bytes cannot replace one of `old` bytes: longer
  /// than kMaxTextBytes, or the session's texts would pass
  /// kMaxSessionTextBytes. Empty when it fits (texts no longer used are
  /// dropped first).
  std::string room(size_t old, size_t size);
  /// The size of the session-owned text `slot` holds (0 for none).
  size_t heldBy(uint32_t slot) const {
    const Value &v = slots_[slot];
    return v.kind == ValueKind::Text && v.src == 1 ? texts_[size_t(v.num)].size() : 0;
  }
  /// Stores a value (a text not from the program is copied in). False,
  /// storing nothing, when the text does not fit (room()).
  [[nodiscard]] bool store(uint32_t slot, const Value &v, std::string_view text);
  /// Drops the texts no slot or form uses any more (the rest are renumbered).
  void compactTexts();
  /// Adds a session-owned text, returns its index.
  uint32_t addText(std::string_view text);
  std::string_view textOf(const Value &v) const;
  void appendValue(std::string &out, uint32_t slot) const;
  /// Appends text `text` rendered to `out`. False when `out` would grow past
  /// `limit` bytes (then `out` holds a part of it).
  /// `mask`: a sensitive value is shown as bc::kSensitiveMask (a line for
  /// people); a text expression keeps it (it is stored, not shown).
  [[nodiscard]] bool render(uint32_t text, std::string &out, size_t limit, bool mask = true) const;
  /// An unset slot read that the session asks for before the statement
  /// goes on: an `auto` value not supplied, or a withheld sensitive one.
  bool asksFor(uint32_t slot) const {
    return !slots_[slot].isSet() &&
           ((program_->slots()[slot].flags & bc::kSlotAuto) || (slot < withheld_.size() && withheld_[slot]));
  }
  /// Ends the session on a limit: the current event becomes a failed End.
  void stop(StopReason reason, std::string why);
  /// The effective SessionOptions::maxEventsPerAnswer.
  uint64_t eventLimit() const;
  /// After next() made an event: counts it and its bytes against the
  /// per-call limits (SessionOptions); stops the session past one.
  void countEvent();
  /// An answer was taken: the events-per-answer count starts again.
  void answerTaken() { eventsSinceAnswer_ = 0; }
  /// Clears the current event for a new one (Machine::begin, stop()).
  Event &beginEvent(EventKind kind, bool waiting, uint32_t codeOffset);
  /// The instruction budget of one event (see kWorkSlack).
  uint64_t workBudget() const;
  /// The total of the open charges (bc::addMoney); false when it is out of
  /// the range of money, which a charge that would make it so prevents.
  [[nodiscard]] bool openTotal(int64_t &total) const;
  void markVisited(uint32_t step) { visited_[step >> 3] |= uint8_t(1u << (step & 7)); }
  void resume(); // leaves the waiting state: moves past the instruction
  /// After an answer stored in `slot`: a field of a record already created
  /// is reported by an Update event, the next one next() shows (as SET does).
  void noteUpdate(uint32_t slot);

  const Program *program_;
  uint32_t pc_ = 0;
  uint32_t step_ = 0;
  bool started_ = false, ended_ = false;
  uint32_t updateSlot_ = kNone; // noteUpdate(): the field next() reports first
  bool stay_ = false;            // the waiting Input came from askFor()
  /// An unset `auto` slot read since the current statement began (the
  /// machine asks for it before the statement goes on).
  mutable uint32_t needHost_ = kNone;
  std::vector<Value> slots_;
  std::vector<std::string> texts_; // texts typed or rendered into slots
  size_t textBytes_ = 0;           // their sizes, added up
  uint64_t work_ = 0;              // instructions left for the current event
  std::vector<FormState> forms_;
  std::vector<Charge> charges_; // open (not yet paid)
  std::vector<uint8_t> visited_;
  std::vector<uint8_t> withheld_; // per slot: withhold() left it unset (empty until then)
  bool replaying_ = false;        // setReplaying()
  /// Set, or withheld while replaying (setReplaying()).
  bool counted(uint32_t slot) const { return slots_[slot].isSet() || (replaying_ && withheld(slot)); }
  SessionOptions options_;
  uint64_t eventsSinceAnswer_ = 0; // events made since the last answer
  uint64_t outputBytes_ = 0;       // bytes of text of all the events made
  uint64_t chargesMade_ = 0;       // charges run in this call
  Event event_;
};

} // namespace callflow
