// Parsing scenario files (the format is in scenario.h and docs/scenarios.md).
#include "scenario.h"

#include <algorithm>

#include "callflow/value.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

namespace callflow::scenario {

const std::vector<std::string> &expectationKinds() {
  static const std::vector<std::string> kinds = {
      "step", "say", "note", "do", "ask", "input", "create", "complete", "update",
      "charge", "invoice", "take payment", "transfer", "end"};
  return kinds;
}

ScenarioFile parseScenario(const std::string &path, const std::string &text, std::vector<ParseError> &errors) {
  ScenarioFile file;
  file.path = path;
  Run current;
  current.line = 1;
  llvm::StringRef rest(text);
  unsigned lineNo = 0;
  while (!rest.empty()) {
    auto [raw, tail] = rest.split('\n');
    rest = tail;
    ++lineNo;
    llvm::StringRef line = raw.trim();
    if (line.empty() || line.startswith("#"))
      continue;
    if (line == "---") {
      Run next;
      next.today = current.today; // the clock holds for the runs after it
      next.now = current.now;
      file.runs.push_back(std::move(current));
      current = std::move(next);
      current.line = lineNo + 1;
      continue;
    }
    if (line.startswith("today ") || line.startswith("now ")) {
      const bool isToday = line.startswith("today ");
      const llvm::StringRef v = line.drop_front(isToday ? 6 : 4).trim();
      std::optional<int64_t> value = isToday ? callflow::parseIsoDate(v) : callflow::parseTime(v);
      if (!value) {
        errors.push_back({lineNo, isToday ? "'today' takes a date YYYY-MM-DD, not '" + v.str() + "'"
                                          : "'now' takes a time HH:MM (00:00 to 23:59), not '" + v.str() + "'"});
        continue;
      }
      (isToday ? current.today : current.now) = value;
      continue;
    }
    if (line.startswith("flow:")) {
      if (!file.flowPath.empty()) {
        errors.push_back({lineNo, "a scenario file names its flow once"});
        continue;
      }
      llvm::StringRef rel = line.drop_front(5).trim();
      if (rel.empty()) {
        errors.push_back({lineNo, "'flow:' needs the path of the flow"});
        continue;
      }
      llvm::SmallString<256> full;
      if (llvm::sys::path::is_absolute(rel)) {
        full = rel;
      } else {
        full = llvm::sys::path::parent_path(path);
        llvm::sys::path::append(full, rel);
      }
      llvm::sys::path::remove_dots(full, true);
      file.flowPath = std::string(full);
      file.flowLine = lineNo;
      continue;
    }
    Line l;
    l.line = lineNo;
    l.source = line.str();
    if (line.startswith("expect ") || line == "expect") {
      llvm::StringRef body = line.drop_front(6).trim();
      auto [kind, value] = body.split(':');
      kind = kind.trim();
      const auto &kinds = expectationKinds();
      if (std::find(kinds.begin(), kinds.end(), kind.str()) == kinds.end()) {
        std::string known;
        for (const std::string &k : kinds)
          known += (known.empty() ? "" : ", ") + k;
        errors.push_back({lineNo, "unknown expectation '" + kind.str() + "' (" + known + ")"});
        continue;
      }
      l.kind = Line::Kind::Expect;
      l.what = kind.str();
      l.text = value.trim().str();
      if (l.text.empty() && l.what != "end") {
        errors.push_back({lineNo, "'expect " + l.what + ":' needs the text to match"});
        continue;
      }
      current.lines.push_back(std::move(l));
      continue;
    }
    std::string error;
    std::optional<flowrun::Directive> d = flowrun::parseDirective(line.str(), error);
    if (!d) {
      errors.push_back({lineNo, error.empty() ? "unreadable line" : error});
      continue;
    }
    d->line = lineNo;
    l.kind = Line::Kind::Answer;
    l.answer = std::move(*d);
    current.lines.push_back(std::move(l));
  }
  file.runs.push_back(std::move(current));
  // A trailing `---` leaves an empty run; so would a file of comments.
  file.runs.erase(std::remove_if(file.runs.begin(), file.runs.end(),
                                 [](const Run &r) { return r.lines.empty(); }),
                  file.runs.end());
  if (file.flowPath.empty())
    errors.push_back({1, "the scenario does not name its flow ('flow: PATH')"});
  if (file.runs.empty())
    errors.push_back({1, "the scenario has no answers or expectations"});
  return file;
}

} // namespace callflow::scenario
