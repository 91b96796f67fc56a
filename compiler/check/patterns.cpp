// `matches` patterns at compile time: their syntax (E0309), their size
// (E0315) and literals checked against them (E0310, E0316), through the runtime's linear-time engine
// (runtime/include/callflow/pattern.h; the dialect is in docs/patterns.md).
#include "check/checker.h"

using callflow::diag::DiagId;

namespace callflow::check {

/// True if `value` matches the pattern of `f`. When the pattern itself is
/// invalid, returns false and sets `*err` to the engine's message.
bool Checker::patternMatches(const sema::FieldInfo &f, llvm::StringRef value, std::string *err) {
  auto it = patterns.find(f.pattern);
  if (it == patterns.end())
    it = patterns.try_emplace(f.pattern, Pattern::compile(f.pattern)).first;
  if (const auto *e = std::get_if<PatternError>(&it->second)) {
    if (err)
      *err = e->message;
    return false;
  }
  return std::get<Pattern>(it->second).matches(std::string_view(value.data(), value.size()));
}

void Checker::checkPatternLiteral(const sema::FieldInfo &f, const std::string &lit,
                                  llvm::SMRange at, const std::string &target) {
  if (lit.size() > kPatternMaxInput) { // the engine would not read it: say why
    diags.report(DiagId::PatternValueTooLong, at,
                 {std::to_string(lit.size()), target, std::to_string(kPatternMaxInput)});
    return;
  }
  std::string err;
  if (!patternMatches(f, lit, &err) && err.empty())
    diags.report(DiagId::PatternMismatch, at, {lit, f.pattern, target});
}

} // namespace callflow::check
