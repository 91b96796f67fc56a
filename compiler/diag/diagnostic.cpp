// The diagnostic registry expanded from kinds.def, and the engine that
// collects diagnostics.
#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "llvm/Support/SourceMgr.h"

namespace callflow::diag {

namespace {
constexpr DiagInfo kInfos[] = {
#define CALLFLOW_DIAG(Name, Code, Sev, Flag, Message)                           \
  {DiagId::Name, #Name, Code, Severity::Sev, Flag, Message},
#include "kinds.def"
};
} // namespace

const DiagInfo &info(DiagId id) { return kInfos[static_cast<size_t>(id)]; }

llvm::ArrayRef<DiagInfo> allDiagInfos() { return kInfos; }

const DiagInfo *findDiag(llvm::StringRef codeOrName) {
  for (const DiagInfo &d : kInfos)
    if (codeOrName.equals_insensitive(d.code) || codeOrName == d.name)
      return &d;
  return nullptr;
}

bool isWarningFlag(llvm::StringRef flag) {
  if (flag.empty())
    return false;
  return std::any_of(std::begin(kInfos), std::end(kInfos),
                     [&](const DiagInfo &d) { return flag == d.flag; });
}

std::string formatMessage(llvm::StringRef format, llvm::ArrayRef<std::string> args) {
  std::string out;
  out.reserve(format.size() + 16);
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{' && i + 2 < format.size() && format[i + 2] == '}' &&
        format[i + 1] >= '0' && format[i + 1] <= '9') {
      size_t n = static_cast<size_t>(format[i + 1] - '0');
      if (n < args.size())
        out += args[n];
      i += 2;
      continue;
    }
    out += format[i];
  }
  return out;
}

std::string Diagnostic::messageWithCode() const {
  return message + " [" + info().code + "]";
}

std::string hopText(const PathHop &hop) {
  std::string out = hop.step;
  for (const PathChoice &c : hop.choices)
    out += " (" + c.what + ")";
  return out;
}

std::string pathText(llvm::ArrayRef<PathHop> hops) {
  std::string out = "path:";
  for (size_t i = 0; i < hops.size(); ++i)
    out += (i ? " → " : " ") + hopText(hops[i]);
  return out;
}

bool WarningOptions::apply(llvm::StringRef word) {
  if (word == "error") {
    allAsErrors = true;
    return true;
  }
  if (word.consume_front("error=")) {
    if (!isWarningFlag(word))
      return false;
    asErrors.insert(word.str());
    return true;
  }
  if (word.consume_front("no-")) {
    if (word == "error") {
      allAsErrors = false;
      return true;
    }
    if (!isWarningFlag(word))
      return false;
    disabled.insert(word.str());
    return true;
  }
  if (!isWarningFlag(word))
    return false;
  disabled.erase(word.str());
  return true;
}

DiagBuilder &DiagBuilder::note(llvm::SMRange range, std::string message) {
  if (engine_)
    engine_->diags_[index_].notes.push_back({range, std::move(message), {}});
  return *this;
}

DiagBuilder &DiagBuilder::note(std::vector<PathHop> hops) {
  if (engine_) {
    std::string text = pathText(hops);
    engine_->diags_[index_].notes.push_back({{}, std::move(text), std::move(hops)});
  }
  return *this;
}

DiagBuilder &DiagBuilder::fixit(llvm::SMRange range, std::string replacement) {
  if (engine_)
    engine_->diags_[index_].fixits.push_back({range, std::move(replacement)});
  return *this;
}

DiagnosticEngine::DiagnosticEngine(const llvm::SourceMgr &sm, WarningOptions options)
    : sm_(sm), options_(std::move(options)) {}

void DiagnosticEngine::addSuppression(std::string flag, llvm::SMRange region) {
  suppressions_.push_back({std::move(flag), region});
}

bool DiagnosticEngine::suppressed(const DiagInfo &d, llvm::SMRange range) const {
  if (d.severity != Severity::Warning)
    return false;
  if (options_.disabled.count(d.flag))
    return true;
  const char *at = range.Start.getPointer();
  if (!at)
    return false;
  for (const Suppression &s : suppressions_)
    if (s.flag == d.flag && s.region.Start.getPointer() <= at &&
        at <= s.region.End.getPointer())
      return true;
  return false;
}

DiagBuilder DiagnosticEngine::report(DiagId id, llvm::SMRange range,
                                     std::vector<std::string> args) {
  const DiagInfo &d = info(id);
  if (suppressed(d, range))
    return DiagBuilder(nullptr, 0);
  Severity sev = d.severity;
  if (sev == Severity::Warning &&
      (options_.allAsErrors || options_.asErrors.count(d.flag)))
    sev = Severity::Error;
  if (!admit(sev, range))
    return DiagBuilder(nullptr, 0);
  diags_.push_back({id, sev, range, formatMessage(d.message, args), {}, {}});
  return DiagBuilder(this, diags_.size() - 1);
}

bool DiagnosticEngine::admit(Severity sev, llvm::SMRange range) {
  if (sev == Severity::Error && errorLimit_ && errors_ >= errorLimit_) {
    if (limitReported_)
      return false;
    limitReported_ = true;
    diags_.push_back({DiagId::TooManyErrors, Severity::Error, range,
                      formatMessage(info(DiagId::TooManyErrors).message,
                                    {std::to_string(errorLimit_)}),
                      {}, {}});
    ++errors_;
    return false;
  }
  if (sev == Severity::Warning && warningLimit_ && warnings_ >= warningLimit_) {
    if (warningLimitReported_)
      return false;
    warningLimitReported_ = true;
    if (suppressed(info(DiagId::TooManyWarnings), range))
      return false;
    diags_.push_back({DiagId::TooManyWarnings, Severity::Warning, range,
                      formatMessage(info(DiagId::TooManyWarnings).message,
                                    {std::to_string(warningLimit_)}),
                      {}, {}});
    ++warnings_;
    return false;
  }
  if (sev == Severity::Error)
    ++errors_;
  else
    ++warnings_;
  return true;
}

DiagnosticEngine DiagnosticEngine::fork() const {
  DiagnosticEngine e(sm_, options_);
  e.suppressions_ = suppressions_;
  return e;
}

void DiagnosticEngine::append(DiagnosticEngine &&other) {
  for (Diagnostic &d : other.diags_)
    if (admit(d.severity, d.range))
      diags_.push_back(std::move(d));
  other.diags_.clear();
}

std::vector<Diagnostic> DiagnosticEngine::sortedDiagnostics() const {
  std::vector<Diagnostic> out = diags_;
  auto key = [&](const Diagnostic &d) {
    const char *p = d.range.Start.getPointer();
    unsigned buf = p ? sm_.FindBufferContainingLoc(d.range.Start) : 0;
    return std::make_tuple(buf, p, std::string_view(d.info().code));
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Diagnostic &a, const Diagnostic &b) { return key(a) < key(b); });
  return out;
}

} // namespace callflow::diag
