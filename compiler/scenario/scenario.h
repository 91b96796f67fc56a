// Scenario tests for flows (`flowc test`): the scenario file format, running
// a scenario's answers against a compiled flow while checking its
// expectations, and coverage (steps and ask options no scenario exercised).
// docs/scenarios.md documents the format.
//
//   # comment
//   flow: ../anything_computers.flow     the flow, relative to this file
//   expect step: D-2-7                   the call enters that step
//   expect say: Hello. My name is        a line (substring); also note, do,
//                                        ask, input, transfer, end
//   choose "Yes" / choose 2 / provide "x" / number 7 / ack / accept /
//   decline / skip / set agent "Ann"     answers: flowrun's directives
//   expect create: Ticket type=payg      a record, its fields (also complete,
//                                        update); charge, invoice, take payment
//   expect end                           the call ends here (any reason)
//   ---                                  starts the next run (same flow)
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "answers.h" // answers/: the answers-file directives
#include "callflow/bytecode.h"
#include "callflow/program.h"
#include "callflow/session.h"

namespace callflow::scenario {

/// One line of a scenario that does something.
struct Line {
  enum class Kind { Answer, Expect };
  Kind kind = Kind::Expect;
  unsigned line = 0;        // 1-based, in the scenario file
  std::string source;       // as written (trimmed)
  flowrun::Directive answer; // Kind::Answer
  std::string what;         // Kind::Expect: "step", "say", ..., "end"
  std::string text;         // Kind::Expect: what must match ("" for any)
};

/// One call: the lines between `---` separators.
struct Run {
  unsigned line = 0; // first line of the run
  std::vector<Line> lines;
  /// `today 2026-12-03`, `now 14:30`: the call's date and time (the host's,
  /// SessionOptions). A line holds for its run and the runs after it, until
  /// another; without one, `today` and `now` are unset.
  std::optional<int64_t> today, now;
};

struct ScenarioFile {
  std::string path;
  std::string flowPath; // as resolved against the scenario's directory
  unsigned flowLine = 0;
  std::vector<Run> runs;
};

struct ParseError {
  unsigned line = 0;
  std::string message;
};

/// Parses a scenario's text. `path` names it in messages and resolves
/// `flow:`. Errors are appended to `errors`; the result is usable only when
/// none were.
ScenarioFile parseScenario(const std::string &path, const std::string &text, std::vector<ParseError> &errors);

/// The expectation kinds `expect` accepts ("step", "say", ...).
const std::vector<std::string> &expectationKinds();

/// A program's code as a graph of instructions, for telling which `if`
/// branches a run took from the events it produced (scenario_branches.cpp).
/// Reuses scratch space between queries: not for concurrent use.
class CodeGraph {
public:
  explicit CodeGraph(const Program &program);
  /// Where execution goes on after the instruction at `offset` produced its
  /// event: an ASK's option `choice`, a PAY accepted (0) or declined (1),
  /// otherwise the next instruction. UINT32_MAX when nowhere.
  uint32_t resumeAfter(uint32_t offset, int choice = -1) const;
  /// Adds to `taken` the (JUMP_IF_NOT offset, 0 then / 1 else) branches
  /// execution must have taken going from `from` to the event produced at
  /// `to` without producing another on the way.
  void inferBranches(uint32_t from, uint32_t to, std::set<std::pair<uint32_t, uint32_t>> &taken) const;
  /// For the JUMP_IF_NOT at `offset`: whether taking its then (0) and else
  /// (1) side can be told from the events that follow (some event may come
  /// first after that side and not after the other).
  std::vector<bool> distinguishable(uint32_t offset) const;

private:
  struct Ins {
    uint32_t offset = 0;
    bc::Op op = bc::Op::END;
    uint32_t step = 0;
    bool wall = false;           // produces an event (or is an item)
    uint32_t next = UINT32_MAX;  // fall-through, when it may continue
    uint32_t target = UINT32_MAX; // jump / branch / declined / option target
  };
  uint32_t indexOf(uint32_t offset) const;
  uint32_t fresh() const;
  std::vector<Ins> ins_; // in code order
  std::vector<uint32_t> predBegin_, preds_;
  mutable std::vector<uint32_t> stamp_, seen_;
  mutable uint32_t epoch_ = 0;
};

/// What running exercised, accumulated over runs of the same program.
struct Exercised {
  std::set<uint32_t> steps;                          // step indexes visited
  std::set<std::pair<uint32_t, uint32_t>> options;   // (ASK code offset, option)
  std::set<std::pair<uint32_t, uint32_t>> branches;  // (JUMP_IF_NOT offset, 0 then / 1 else)
  std::set<std::pair<uint32_t, uint32_t>> payments;  // (PAY offset, 0 accepted / 1 declined)
  std::set<std::pair<uint32_t, uint32_t>> inputs;    // (INPUT offset, allowed value k)
  /// The program's code graph, built by the first run that needs it.
  std::shared_ptr<const CodeGraph> code;
};

/// The outcome of one run.
struct RunResult {
  bool passed = true;
  unsigned failLine = 0;   // the scenario line that failed
  std::string message;     // why, with the events around it (several lines)
};

/// Runs one run against `program`, checking its expectations; records what
/// it exercised into `exercised` (also when it fails).
RunResult runScenario(const Program &program, const Run &run, Exercised &exercised);

/// One event rendered as one line ("say: Hello.", "create: Ticket a=1").
/// `mask`: a sensitive field's value reads `****` (what a transcript
/// shows); matching an expectation renders it in full.
std::string renderEvent(const Program &program, const Event &event, bool mask = true);

/// True when expectation `what`/`text` matches the rendered event.
bool matches(const std::string &what, const std::string &text, const Program &program, const Event &event);

/// The steps and ask options of a program (statically, from its code).
struct AskSite {
  uint32_t offset; // code offset of the ASK
  uint32_t step;   // the step it is in
  std::string question;
  std::vector<std::string> options;
};
/// Covered / total of one kind of outcome, and the ones missed.
struct CoverageCount {
  unsigned covered = 0, total = 0;
  std::vector<std::string> missed;
  void add(bool hit, const std::string &what) {
    ++total;
    if (hit) ++covered;
    else missed.push_back(what);
  }
};
struct CoverageReport {
  std::string flow; // the flow's path
  std::vector<std::string> stepIds;
  std::vector<AskSite> asks;
  /// Steps the checker proved unreachable: no run can visit them, so they
  /// (and everything in them) are not counted.
  std::vector<std::string> unreachableSteps;
  std::vector<std::string> missedSteps;
  std::vector<std::string> missedOptions; // "D-2-7: \"Question\" -> \"Label\""
  unsigned coveredSteps = 0, totalSteps = 0;
  unsigned coveredOptions = 0, totalOptions = 0;
  /// Both sides of every `if` ("D-2-5: if on line 12 -> else"), both
  /// outcomes of every `take payment` ("... -> declined") and every value
  /// of every `input ... in v1, v2` ("... -> v2").
  CoverageCount branches, payments, inputs;
  /// `if` sides no run could be seen to take: the events after them are the
  /// same as after the other side, so they are not counted.
  std::vector<std::string> unobservableBranches;
  unsigned covered() const {
    return coveredSteps + coveredOptions + branches.covered + payments.covered + inputs.covered;
  }
  unsigned total() const {
    return totalSteps + totalOptions + branches.total + payments.total + inputs.total;
  }
  double percent() const { return total() ? 100.0 * covered() / total() : 100.0; }
};
/// `unreachable`: the IDs of steps the checker proved unreachable.
CoverageReport coverage(const std::string &flow, const Program &program, const Exercised &exercised,
                        const std::vector<std::string> &unreachable = {});

} // namespace callflow::scenario
