// `matches` patterns at compile time: their syntax (E0309) and literals
// checked against them (E0310), through the runtime's linear-time engine
// (runtime/include/callflow/pattern.h; the dialect is in docs/patterns.md).
#include "check/checker.h"

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

} // namespace callflow::check
