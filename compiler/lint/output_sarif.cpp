// The sarif output format: SARIF 2.1.0 as GitHub code scanning reads it.
//
// runs[0].tool.driver lists every registry entry (kinds.def) as a rule, so
// ruleIndex is the DiagId. Each result has one physical location (a path
// relative to the repository root, with uriBaseId %SRCROOT%) and a region
// in code-point columns (columnKind unicodeCodePoints, end exclusive); the
// notes that have locations (first definitions) become relatedLocations,
// the others are appended to the message. A counterexample path becomes a
// codeFlow (one threadFlow location per step and per choice taken, in
// order) and one relatedLocation per step, so code scanning can walk it.
#include "lint/output.h"

#include <map>

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace callflow::lint {

namespace json = llvm::json;

std::string pathToUri(llvm::StringRef p) {
  std::string out;
  for (unsigned char c : p) {
    if (llvm::isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
      continue;
    }
    out += '%';
    out += llvm::hexdigit(c >> 4, /*LowerCase=*/false);
    out += llvm::hexdigit(c & 15, false);
  }
  return out;
}

std::string headingAnchor(llvm::StringRef heading) {
  std::string out;
  for (unsigned char c : heading) {
    if (c == ' ')
      out += '-';
    else if (llvm::isAlnum(c) || c == '-' || c == '_' || c >= 0x80)
      out += static_cast<char>(llvm::toLower(c));
  }
  return out;
}

std::string diagnosticHeading(const diag::DiagInfo &d) {
  return std::string(d.code) + " " + d.name;
}

namespace {
/// The registry message with its {0}, {1} placeholders shown as "…".
std::string describe(llvm::StringRef format) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{' && i + 2 < format.size() && format[i + 2] == '}' &&
        llvm::isDigit(format[i + 1])) {
      out += "\xE2\x80\xA6"; // …
      i += 2;
      continue;
    }
    out += format[i];
  }
  return out;
}

/// The rule's help, shown by code scanning beside an alert.
json::Value help(const diag::DiagInfo &d) {
  std::string text = std::string(d.code) + " " + d.name + ": " + describe(d.message) + "\n";
  std::string md = "**" + std::string(d.code) + " " + d.name + "**: `" + d.message + "`";
  if (*d.flag) {
    text += "A warning: -Wno-" + std::string(d.flag) + " or @allow(" + d.flag + ") turns it off.\n";
    md += "\n\nA warning: `-Wno-" + std::string(d.flag) + "` or `@allow(" + d.flag +
          ")` turns it off; `-Werror=" + d.flag + "` makes it an error.";
  }
  text += "flowc explain " + std::string(d.code) + " shows an example.";
  md += "\n\n`flowc explain " + std::string(d.code) + "` shows an example.";
  return json::Object{{"text", text}, {"markdown", md}};
}

json::Value rules(const ReportInfo &info) {
  json::Array out;
  for (const diag::DiagInfo &d : diag::allDiagInfos()) {
    json::Object props{{"problem.severity", diag::severityName(d.severity)},
                       {"precision", "very-high"},
                       {"tags", json::Array{"callflow", "correctness"}}};
    json::Object rule{{"id", d.code},
                      {"name", d.name},
                      {"shortDescription", json::Object{{"text", describe(d.message)}}},
                      {"help", help(d)},
                      {"defaultConfiguration", json::Object{{"level", diag::severityName(d.severity)}}},
                      {"properties", std::move(props)}};
    if (!info.helpBaseUri.empty())
      rule["helpUri"] = info.helpBaseUri + "#" + headingAnchor(diagnosticHeading(d));
    if (*d.flag)
      rule["fullDescription"] = json::Object{
          {"text", describe(d.message) + " (warning flag -W" + d.flag + ")"}};
    out.push_back(std::move(rule));
  }
  return out;
}

/// "path step 2 of 5: ", the prefix of a path step's related location.
std::string stepOf(size_t i, size_t n) {
  return "path step " + std::to_string(i + 1) + " of " + std::to_string(n) + ": ";
}

json::Value physical(const Location &l) {
  json::Object region;
  if (l.valid())
    region = json::Object{{"startLine", l.line},
                          {"startColumn", l.column},
                          {"endLine", l.endLine},
                          {"endColumn", l.endColumn}};
  else
    region = json::Object{{"startLine", 1}}; // the file as a whole
  return json::Object{
      {"artifactLocation", json::Object{{"uri", pathToUri(l.file)}, {"uriBaseId", "%SRCROOT%"}}},
      {"region", std::move(region)}};
}
} // namespace

void writeSarif(const std::vector<Finding> &findings, const ReportInfo &info,
                llvm::raw_ostream &os) {
  json::Array results;
  std::map<uint64_t, unsigned> seen; // fingerprint -> occurrences so far
  for (const Finding &f : findings) {
    std::string text = f.message;
    json::Array related, flows;
    for (const FindingNote &n : f.notes) {
      if (!n.path.empty()) {
        json::Array steps;
        auto step = [&](const Location &l, const std::string &message) {
          if (!l.valid() || l.file.empty())
            return;
          json::Object loc{{"physicalLocation", physical(l)},
                           {"message", json::Object{{"text", message}}}};
          steps.push_back(json::Object{{"location", std::move(loc)},
                                       {"executionOrder", static_cast<int64_t>(steps.size() + 1)}});
        };
        for (size_t i = 0; i < n.path.size(); ++i) {
          const FindingPathHop &h = n.path[i];
          step(h.loc, "step " + h.step);
          for (const FindingPathChoice &c : h.choices)
            step(c.loc, c.what);
          if (h.loc.valid() && !h.loc.file.empty()) {
            std::string text = h.step;
            for (const FindingPathChoice &c : h.choices)
              text += " (" + c.what + ")";
            related.push_back(json::Object{{"id", static_cast<int64_t>(related.size())},
                                           {"physicalLocation", physical(h.loc)},
                                           {"message", json::Object{{"text", stepOf(i, n.path.size()) + text}}}});
          }
        }
        if (!steps.empty())
          flows.push_back(json::Object{
              {"message", json::Object{{"text", n.message}}},
              {"threadFlows", json::Array{json::Object{{"locations", std::move(steps)}}}}});
        text += "\n" + n.message; // the one-line path stays readable in the message
        continue;
      }
      if (n.loc.valid() && !n.loc.file.empty()) {
        related.push_back(json::Object{{"id", static_cast<int64_t>(related.size())},
                                       {"physicalLocation", physical(n.loc)},
                                       {"message", json::Object{{"text", n.message}}}});
        continue;
      }
      text += "\n" + n.message;
    }
    json::Object result{{"ruleId", f.info().code},
                        {"ruleIndex", static_cast<int64_t>(f.id)},
                        {"level", diag::severityName(f.severity)},
                        {"message", json::Object{{"text", text}}}};
    if (!f.loc.file.empty())
      result["locations"] = json::Array{json::Object{{"physicalLocation", physical(f.loc)}}};
    if (!related.empty())
      result["relatedLocations"] = std::move(related);
    if (!flows.empty())
      result["codeFlows"] = std::move(flows);
    // Stable across edits that only move the line: the code, file, message
    // and the trimmed source line, plus an occurrence count for repeats.
    uint64_t h = llvm::xxHash64(std::string(f.info().code) + "\x1F" + f.loc.file + "\x1F" +
                                f.message + "\x1F" + f.lineText);
    unsigned n = seen[h]++;
    result["partialFingerprints"] = json::Object{
        {"callflowFingerprint/v1", llvm::utohexstr(h, /*LowerCase=*/true) + ":" +
                                       std::to_string(n + 1)}};
    results.push_back(std::move(result));
  }
  json::Object driver{{"name", info.toolName},
                      {"version", info.toolVersion},
                      {"semanticVersion", info.toolVersion},
                      {"rules", rules(info)}};
  if (!info.informationUri.empty())
    driver["informationUri"] = info.informationUri;
  json::Value root = json::Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::Array{json::Object{{"tool", json::Object{{"driver", std::move(driver)}}},
                                        {"columnKind", "unicodeCodePoints"},
                                        {"results", std::move(results)}}}}};
  os << llvm::formatv("{0:2}", root) << "\n";
}

} // namespace callflow::lint
