// Output format selection, the text format and its summary line, and the
// GitHub Actions annotation format.
#include "lint/output.h"

#include "diag/render.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::lint {

bool parseOutputFormat(llvm::StringRef name, OutputFormat &out) {
  if (name == "text")
    out = OutputFormat::Text;
  else if (name == "json")
    out = OutputFormat::Json;
  else if (name == "sarif")
    out = OutputFormat::Sarif;
  else if (name == "github")
    out = OutputFormat::Github;
  else
    return false;
  return true;
}

void writeReport(OutputFormat format, const std::vector<Finding> &findings,
                 const ReportInfo &info, llvm::raw_ostream &os) {
  switch (format) {
  case OutputFormat::Text:
    return writeText(findings, info, os);
  case OutputFormat::Json:
    return writeJson(findings, info, os);
  case OutputFormat::Sarif:
    return writeSarif(findings, info, os);
  case OutputFormat::Github:
    return writeGithub(findings, info, os);
  }
}

std::string summaryLine(const std::vector<Finding> &findings, unsigned fileCount) {
  Counts c = count(findings);
  return diag::summarize(c.errors, c.warnings) + " in " + std::to_string(fileCount) +
         (fileCount == 1 ? " file" : " files");
}

namespace {
void writePlainLocation(const Location &l, llvm::raw_ostream &os) {
  if (!l.file.empty())
    os << l.file << ":";
  if (l.valid())
    os << l.line << ":" << l.column << ":";
  if (!l.file.empty() || l.valid())
    os << " ";
}
} // namespace

void writeText(const std::vector<Finding> &findings, const ReportInfo &info,
               llvm::raw_ostream &os) {
  for (const Finding &f : findings) {
    if (!f.rendered.empty()) {
      os << f.rendered;
      continue;
    }
    writePlainLocation(f.loc, os);
    os << diag::severityName(f.severity) << ": " << f.message << " [" << f.info().code << "]\n";
    for (const FindingNote &n : f.notes) {
      writePlainLocation(n.loc, os);
      os << "note: " << n.message << "\n";
    }
  }
  if (info.summary)
    os << summaryLine(findings, info.fileCount) << "\n";
}

// ---- github ---------------------------------------------------------------

std::string escapeGithubData(llvm::StringRef s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string escapeGithubProperty(llvm::StringRef s) {
  std::string out;
  for (char c : escapeGithubData(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

void writeGithub(const std::vector<Finding> &findings, const ReportInfo &,
                 llvm::raw_ostream &os) {
  for (const Finding &f : findings) {
    const char *cmd = f.severity == diag::Severity::Error     ? "error"
                      : f.severity == diag::Severity::Warning ? "warning"
                                                              : "notice";
    os << "::" << cmd << " ";
    bool first = true;
    auto prop = [&](const char *key, const std::string &value) {
      os << (first ? "" : ",") << key << "=" << escapeGithubProperty(value);
      first = false;
    };
    if (!f.loc.file.empty())
      prop("file", f.loc.file);
    if (f.loc.valid()) {
      prop("line", std::to_string(f.loc.line));
      prop("col", std::to_string(f.loc.column));
      prop("endLine", std::to_string(f.loc.endLine));
      // GitHub's endColumn is the last column covered (one less than the
      // exclusive end kept in Location), and annotations take columns only
      // within one line.
      if (f.loc.endLine == f.loc.line)
        prop("endColumn", std::to_string(f.loc.endColumn > f.loc.column ? f.loc.endColumn - 1
                                                                          : f.loc.column));
    }
    prop("title", f.info().code);
    std::string message = f.message + " [" + f.info().code + "]";
    for (const FindingNote &n : f.notes) {
      message += "\nnote: ";
      if (n.loc.valid())
        message += n.loc.file + ":" + std::to_string(n.loc.line) + ":" +
                   std::to_string(n.loc.column) + ": ";
      message += n.message;
    }
    os << "::" << escapeGithubData(message) << "\n";
  }
}

} // namespace callflow::lint
