// Diagnostics: the registry (kinds.def) turned into ids and metadata, the
// Diagnostic record, warning options, and the DiagnosticEngine every phase
// reports through.
//
// The engine only collects. It never prints, exits or keeps global state;
// renderers (render.h) turn the collected diagnostics into text, JSON or
// SARIF, and the verifier (verify.h) checks them against expectations.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

namespace llvm {
class SourceMgr;
}

namespace callflow::diag {

enum class DiagId : uint16_t {
#define CALLFLOW_DIAG(Name, Code, Severity, Flag, Message) Name,
#include "kinds.def"
};

enum class Severity : uint8_t { Error, Warning, Note };

/// "error", "warning" or "note": the word every output format uses.
constexpr const char *severityName(Severity s) {
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Note: return "note";
  }
  return "error";
}

/// One registry entry, as written in kinds.def.
struct DiagInfo {
  DiagId id;
  const char *name;    // "UndefinedStep"
  const char *code;    // "E0102"
  Severity severity;   // default severity
  const char *flag;    // warning flag, "" for errors
  const char *message; // format with {0}, {1}, ...
};

const DiagInfo &info(DiagId id);
llvm::ArrayRef<DiagInfo> allDiagInfos();
/// Looks up a registry entry by code ("E0102") or name; nullptr if none.
const DiagInfo *findDiag(llvm::StringRef codeOrName);
/// True if some warning uses this flag name.
bool isWarningFlag(llvm::StringRef flag);

/// Substitutes {0}..{9} in `format`; any other brace is kept as written.
std::string formatMessage(llvm::StringRef format, llvm::ArrayRef<std::string> args);

/// A choice that took a counterexample path out of a step, where it was
/// made: `option "No"` at the option's label, `if` / `else` at the branch
/// taken, `payment declined` at the `take payment`.
struct PathChoice {
  std::string what;
  llvm::SMRange range;
};

/// One step of a counterexample path: the step, where it is declared (its
/// name in `step X`), and the choices that led out of it, in order.
struct PathHop {
  std::string step;
  llvm::SMRange range;
  std::vector<PathChoice> choices;
};

/// The one-line text of a path: `path: A (option "No") → C → B`.
std::string pathText(llvm::ArrayRef<PathHop> hops);
/// One hop as text: `A (option "No")`.
std::string hopText(const PathHop &hop);

struct Note {
  llvm::SMRange range; // may be invalid: a note without a location
  std::string message;
  /// A counterexample path (`message` is its pathText): the hops keep the
  /// locations the text leaves out, for SARIF code flows and JSON.
  std::vector<PathHop> path;
};

struct FixIt {
  llvm::SMRange range;
  std::string replacement;
};

struct Diagnostic {
  DiagId id;
  Severity severity; // effective severity, after -Werror
  llvm::SMRange range;
  std::string message; // formatted, without the [CODE] suffix
  std::vector<Note> notes;
  std::vector<FixIt> fixits;

  const DiagInfo &info() const { return diag::info(id); }
  /// "message [E0102]": what is printed and what expectations match.
  std::string messageWithCode() const;
};

/// -W<flag>, -Wno-<flag>, -Werror, -Werror=<flag>.
struct WarningOptions {
  bool allAsErrors = false;       // -Werror
  std::set<std::string> disabled; // -Wno-<flag>
  std::set<std::string> asErrors; // -Werror=<flag>

  /// Applies one command-line word such as "no-unreachable-step" (the text
  /// after -W). Returns false if it names no known flag.
  bool apply(llvm::StringRef word);
};

class DiagnosticEngine;

/// Returned by DiagnosticEngine::report: attaches notes and fix-its to the
/// diagnostic just reported. Inert when that diagnostic was suppressed.
class DiagBuilder {
public:
  DiagBuilder &note(llvm::SMRange range, std::string message);
  DiagBuilder &note(std::string message) { return note({}, std::move(message)); }
  /// A counterexample path: a note without a location whose message is
  /// pathText(hops) and which keeps the hops.
  DiagBuilder &note(std::vector<PathHop> hops);
  DiagBuilder &fixit(llvm::SMRange range, std::string replacement);
  bool active() const { return engine_ != nullptr; }

private:
  friend class DiagnosticEngine;
  DiagBuilder(DiagnosticEngine *engine, size_t index) : engine_(engine), index_(index) {}
  DiagnosticEngine *engine_;
  size_t index_;
};

class DiagnosticEngine {
public:
  explicit DiagnosticEngine(const llvm::SourceMgr &sm, WarningOptions options = {});

  /// Reports `id` at `range` with message arguments. Warnings that are
  /// disabled, or suppressed by an `@allow` region covering `range`, are
  /// dropped. After the error limit, further errors are dropped and one
  /// TooManyErrors is reported; after the warning limit, likewise for
  /// warnings (one TooManyWarnings).
  DiagBuilder report(DiagId id, llvm::SMRange range, std::vector<std::string> args = {});
  DiagBuilder report(DiagId id, llvm::SMLoc loc, std::vector<std::string> args = {}) {
    return report(id, llvm::SMRange(loc, loc), std::move(args));
  }

  /// Warnings with `flag` are not reported inside `region` (`@allow`).
  void addSuppression(std::string flag, llvm::SMRange region);

  /// An engine for work done aside (on another thread): the same options
  /// and suppressions, no limits, its own diagnostics. append() brings what
  /// it reported back, as if reported here at that moment.
  DiagnosticEngine fork() const;
  /// Adds `other`'s diagnostics after this engine's, in order, under this
  /// engine's limits (as report() applies them).
  void append(DiagnosticEngine &&other);

  /// 0 means no limit.
  void setErrorLimit(unsigned limit) { errorLimit_ = limit; }
  unsigned errorLimit() const { return errorLimit_; }
  /// 0 means no limit. Counts warnings that stay warnings (not -Werror ones).
  void setWarningLimit(unsigned limit) { warningLimit_ = limit; }

  const llvm::SourceMgr &sourceMgr() const { return sm_; }
  const WarningOptions &options() const { return options_; }
  const std::vector<Diagnostic> &diagnostics() const { return diags_; }
  /// Sorted by file, position, then code; stable for equal keys.
  std::vector<Diagnostic> sortedDiagnostics() const;
  unsigned errorCount() const { return errors_; }
  unsigned warningCount() const { return warnings_; }
  bool hasErrors() const { return errors_ != 0; }

private:
  friend class DiagBuilder;
  struct Suppression {
    std::string flag;
    llvm::SMRange region;
  };
  bool suppressed(const DiagInfo &info, llvm::SMRange range) const;
  /// Counts a diagnostic of severity `sev` about to be added, or refuses
  /// it past its limit (adding the one TooManyErrors / TooManyWarnings).
  bool admit(Severity sev, llvm::SMRange range);

  const llvm::SourceMgr &sm_;
  WarningOptions options_;
  std::vector<Diagnostic> diags_;
  std::vector<Suppression> suppressions_;
  unsigned errors_ = 0;
  unsigned warnings_ = 0;
  unsigned errorLimit_ = 0;
  unsigned warningLimit_ = 0;
  bool limitReported_ = false;
  bool warningLimitReported_ = false;
};

} // namespace callflow::diag
