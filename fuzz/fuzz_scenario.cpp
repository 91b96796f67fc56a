// Fuzz entry for scenario files and answers files (see fuzz_targets.h).
// The same bytes are read both ways, against the journal target's fixture
// program (the seed-000 sample):
//
// - as a scenario file: parseScenario, and when it parses, every run played
//   against the program (runScenario) and coverage computed. A run that
//   fails must say why.
// - as an answers file: each line a directive (parseDirective), given to
//   the session in order as `flowrun --answers` does (toAnswer, then the
//   runtime's applyTo). An answer a directive gave must be described
//   (describeAnswer, as flowrun echoes it) by a directive that parses
//   again and, when it fits the same event, gives the same answer.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "answers.h"
#include "callflow/journal.h"
#include "callflow/runtime.h"
#include "fuzz_targets.h"
#include "scenario/scenario.h"

namespace callflow::fuzz {

namespace {
[[noreturn]] void broken(const char *what) {
  std::fprintf(stderr, "fuzz_scenario: %s\n", what);
  std::abort();
}

void asScenario(const Program &program, const std::string &text) {
  std::vector<scenario::ParseError> errors;
  scenario::ScenarioFile sf = scenario::parseScenario("fuzz/input.scenario", text, errors);
  if (!errors.empty())
    return;
  scenario::Exercised exercised;
  for (const scenario::Run &run : sf.runs) {
    scenario::RunResult r = scenario::runScenario(program, run, exercised);
    if (!r.passed && r.message.empty())
      broken("a scenario run failed without saying why");
  }
  (void)scenario::coverage("fuzz.flow", program, exercised);
}

void asAnswers(const Program &program, const std::string &text) {
  Session s(program);
  size_t at = 0;
  while (at <= text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos)
      nl = text.size();
    std::string line = text.substr(at, nl - at);
    at = nl + 1;
    std::string error;
    std::optional<flowrun::Directive> d = flowrun::parseDirective(line, error);
    if (!d)
      continue; // blank, comment, or malformed (refused with `error`)
    for (int k = 0; k < 4096 && !s.ended() && !s.waiting(); ++k)
      s.next();
    if (s.ended())
      return;
    const Event event = s.current();
    JournalAnswer a;
    if (!flowrun::toAnswer(*d, event, program, a, error))
      continue;
    std::string echo = flowrun::describeAnswer(a, program);
    std::string echoError;
    std::optional<flowrun::Directive> again = flowrun::parseDirective(echo, echoError);
    if (!again)
      broken("an answer's description does not parse as a directive");
    JournalAnswer b;
    std::string why;
    if (a.kind != JournalAnswer::Kind::Supply && flowrun::toAnswer(*again, event, program, b, why) &&
        !(b == a))
      broken("an answer's description gives another answer");
    (void)a.applyTo(s); // a refused answer is asked again, as in flowrun
  }
}
} // namespace

int fuzzScenario(const uint8_t *data, size_t size) {
  const JournalFixture &fx = journalFixture();
  const std::string text(reinterpret_cast<const char *>(data), size);
  asScenario(*fx.program, text);
  asAnswers(*fx.program, text);
  return 0;
}

} // namespace callflow::fuzz
