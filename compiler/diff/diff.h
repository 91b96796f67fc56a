// The semantic diff of two checked flows (`flowc diff`, docs/diff.md).
//
// Input: two checked programs (sema::Program over their AST, with the
// SourceMgr and the diagnostics of their check). Output: a structured list
// of changes. Everything is compared by name -- step IDs, form and field
// names, enum values, catalog codes -- never by line: a change of layout or
// comments only gives an empty list ("no semantic change").
//
// Inside a step the statements are flattened into "atoms" (a line said, an
// option, a jump, a charge...) aligned by a longest common subsequence; an
// atom removed and one added of the same kind at the same place are paired
// into one change (a reworded line, a retargeted option).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "check/sema.h"
#include "diag/diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::diff {

/// The JSON schema version of docs/diff.md.
inline constexpr int kJsonSchemaVersion = 1;

enum class Category : uint8_t { Flow, Steps, Text, Branches, Money, Forms, Consequences };
const char *categoryName(Category c); // "steps", ...
const char *categoryTitle(Category c); // "Steps", ...

#define CALLFLOW_DIFF_KINDS(X)                                                 \
  X(FlowAdded, "flow-added", Flow)                                             \
  X(FlowRemoved, "flow-removed", Flow)                                         \
  X(FlowRetitled, "flow-retitled", Flow)                                       \
  X(StartChanged, "start-changed", Flow)                                       \
  X(StepAdded, "step-added", Steps)                                            \
  X(StepRemoved, "step-removed", Steps)                                        \
  X(StepRetitled, "step-retitled", Steps)                                      \
  X(StepMoved, "step-moved", Steps)                                            \
  X(StepRoleChanged, "step-role-changed", Steps)                               \
  X(StatementAdded, "statement-added", Steps)                                  \
  X(StatementRemoved, "statement-removed", Steps)                              \
  X(StatementChanged, "statement-changed", Steps)                              \
  X(LineChanged, "line-changed", Text)                                         \
  X(LineAdded, "line-added", Text)                                             \
  X(LineRemoved, "line-removed", Text)                                         \
  X(OptionAdded, "option-added", Branches)                                     \
  X(OptionRemoved, "option-removed", Branches)                                 \
  X(OptionRelabelled, "option-relabelled", Branches)                           \
  X(OptionRetargeted, "option-retargeted", Branches)                           \
  X(OptionRekeyed, "option-rekeyed", Branches)                                 \
  X(JumpAdded, "jump-added", Branches)                                         \
  X(JumpRemoved, "jump-removed", Branches)                                     \
  X(JumpChanged, "jump-changed", Branches)                                     \
  X(ConditionChanged, "condition-changed", Branches)                           \
  X(CatalogItemAdded, "catalog-item-added", Money)                             \
  X(CatalogItemRemoved, "catalog-item-removed", Money)                         \
  X(CatalogItemRenamed, "catalog-item-renamed", Money)                         \
  X(PriceChanged, "price-changed", Money)                                      \
  X(MoneyAdded, "money-added", Money)                                          \
  X(MoneyRemoved, "money-removed", Money)                                      \
  X(QuotesChangedPrice, "quotes-changed-price", Money)                         \
  X(FormAdded, "form-added", Forms)                                            \
  X(FormRemoved, "form-removed", Forms)                                        \
  X(FieldAdded, "field-added", Forms)                                          \
  X(FieldRemoved, "field-removed", Forms)                                      \
  X(FieldNowRequired, "field-now-required", Forms)                             \
  X(FieldNowOptional, "field-now-optional", Forms)                             \
  X(RequiredWhenChanged, "required-when-changed", Forms)                       \
  X(PatternChanged, "pattern-changed", Forms)                                  \
  X(FieldChanged, "field-changed", Forms)                                      \
  X(EnumAdded, "enum-added", Forms)                                            \
  X(EnumRemoved, "enum-removed", Forms)                                        \
  X(EnumValueAdded, "enum-value-added", Forms)                                 \
  X(EnumValueRemoved, "enum-value-removed", Forms)                             \
  X(EnumValueRelabelled, "enum-value-relabelled", Forms)                       \
  X(RuleAdded, "rule-added", Forms)                                            \
  X(RuleRemoved, "rule-removed", Forms)                                        \
  X(RuleChanged, "rule-changed", Forms)                                        \
  X(BecameUnreachable, "became-unreachable", Consequences)                     \
  X(BecameReachable, "became-reachable", Consequences)                         \
  X(RequiredProofLost, "required-proof-lost", Consequences)                    \
  X(RequiredProofGained, "required-proof-gained", Consequences)                \
  X(FindingNew, "finding-new", Consequences)                                   \
  X(FindingGone, "finding-gone", Consequences)

enum class Kind : uint8_t {
#define X(Name, Str, Cat) Name,
  CALLFLOW_DIFF_KINDS(X)
#undef X
};
const char *kindName(Kind k); // "price-changed"
Category categoryOf(Kind k);

/// One piece of a word-level comparison of two texts.
struct WordSpan {
  enum class Op : uint8_t { Same, Removed, Added };
  Op op = Op::Same;
  std::string text; // words with the spaces between them
};
/// The word-level difference of two texts (words split at white space).
std::vector<WordSpan> wordDiff(llvm::StringRef oldText, llvm::StringRef newText);

struct Change {
  Kind kind;
  std::string subject;  // `D-2-7`, `Case.license`, `catalog 320`, a finding's code
  std::string context;  // where inside the subject: `say`, `ask "Remote Support?" > option "No"`
  std::string oldValue; // empty when not applicable
  std::string newValue;
  std::string detail;   // a sentence more, when useful
  std::vector<WordSpan> words; // LineChanged and the like: word-level highlight
};

/// Whether calls in progress on OLD could go on with NEW (docs/diff.md,
/// "Calls in progress"): a journal is bound to the exact bytecode (CRC32 and
/// size), so it resumes only on identical bytes.
struct ResumeVerdict {
  enum class Answer : uint8_t { Unknown, Yes, No };
  Answer answer = Answer::Unknown;
  std::string reason;
  uint32_t oldCrc = 0, oldSize = 0, newCrc = 0, newSize = 0;
};

/// One side of the comparison.
struct Side {
  const sema::Program *program = nullptr; // null: the flow is absent on this side
  const llvm::SourceMgr *sm = nullptr;
  llvm::ArrayRef<diag::Diagnostic> diagnostics;
  std::string label; // what to call it: a path, `REV:path`
  /// The compiled bytecode, when the flow compiled (for ResumeVerdict).
  std::optional<std::vector<uint8_t>> bytecode;
};

/// The changes of one flow.
struct FlowDiff {
  std::string flow;     // the flow name
  std::string oldLabel, newLabel;
  std::vector<Change> changes;
  ResumeVerdict resume;
  bool semantic() const { return !changes.empty(); }
  unsigned count(Kind k) const;
};

/// Compares two sides of one flow. A side without a program is an added or
/// removed flow.
FlowDiff diffFlows(const Side &oldSide, const Side &newSide);

/// The changes of every flow compared (directories give several).
struct Report {
  std::vector<FlowDiff> flows;
  bool semantic() const;
  /// Terraform-style: "2 steps changed, 1 price changed, 2 steps no longer
  /// reachable"; "no semantic change" when nothing changed.
  std::string summary() const;
};

struct RenderOptions {
  bool color = false;                 // text: ANSI colours
  size_t markdownLimit = 65000;       // markdown: characters at most
};
void renderText(const Report &r, llvm::raw_ostream &os, const RenderOptions &o = {});
void renderMarkdown(const Report &r, llvm::raw_ostream &os, const RenderOptions &o = {});
void renderJson(const Report &r, llvm::raw_ostream &os);

/// `--fail-on` words: unreachable, required, price. Returns false on an
/// unknown word (named in `bad`).
struct FailOn {
  bool unreachable = false, required = false, price = false;
  bool parse(llvm::StringRef list, std::string &bad);
  bool any() const { return unreachable || required || price; }
  /// Whether the report holds a change of a chosen kind.
  bool fails(const Report &r) const;
};

namespace internal {
/// Canonical text of an expression (parentheses only where needed).
std::string exprText(const ast::Expr &e);
/// The step-body changes of one step present on both sides.
void diffStepBodies(const sema::Program &a, const ast::StepDecl &oldStep,
                    const sema::Program &b, const ast::StepDecl &newStep,
                    std::vector<Change> &out);
/// Longest common subsequence of a[i]==b[j]: pairs (i, j) in order. Bounded:
/// past `maxCells` cells of the table only the common prefix and suffix are
/// matched.
std::vector<std::pair<size_t, size_t>>
lcs(size_t n, size_t m, const std::function<bool(size_t, size_t)> &eq, size_t maxCells = 4u << 20);
} // namespace internal

} // namespace callflow::diff
