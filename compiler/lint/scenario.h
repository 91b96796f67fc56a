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
#include <string>
#include <vector>

#include "answers.h" // tools/flowrun: the answers-file directives
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

/// What running exercised, accumulated over runs of the same program.
struct Exercised {
  std::set<uint32_t> steps;                          // step indexes visited
  std::set<std::pair<uint32_t, uint32_t>> options;   // (ASK code offset, option)
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
std::string renderEvent(const Program &program, const Event &event);

/// True when expectation `what`/`text` matches the rendered event.
bool matches(const std::string &what, const std::string &text, const Program &program, const Event &event);

/// The steps and ask options of a program (statically, from its code).
struct AskSite {
  uint32_t offset; // code offset of the ASK
  uint32_t step;   // the step it is in
  std::string question;
  std::vector<std::string> options;
};
struct CoverageReport {
  std::string flow; // the flow's path
  std::vector<std::string> stepIds;
  std::vector<AskSite> asks;
  /// Steps the checker proved unreachable: no run can visit them, so they
  /// (and their options) are not counted.
  std::vector<std::string> unreachableSteps;
  std::vector<std::string> missedSteps;
  std::vector<std::string> missedOptions; // "D-2-7: \"Question\" -> \"Label\""
  unsigned coveredSteps = 0, totalSteps = 0;
  unsigned coveredOptions = 0, totalOptions = 0;
  unsigned covered() const { return coveredSteps + coveredOptions; }
  unsigned total() const { return totalSteps + totalOptions; }
  double percent() const { return total() ? 100.0 * covered() / total() : 100.0; }
};
/// `unreachable`: the IDs of steps the checker proved unreachable.
CoverageReport coverage(const std::string &flow, const Program &program, const Exercised &exercised,
                        const std::vector<std::string> &unreachable = {});

} // namespace callflow::scenario
