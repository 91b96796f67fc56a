#include "supplies_json.h"

namespace callflow::host {

std::optional<SuppliesError> suppliesFromJson(const llvm::json::Value *set, const Program &p,
                                              std::vector<JournalAnswer> &out) {
  if (!set || set->kind() == llvm::json::Value::Null) return std::nullopt;
  const llvm::json::Object *o = set->getAsObject();
  if (!o) return SuppliesError{SuppliesError::Malformed, "\"set\" must be an object of NAME: VALUE"};
  std::vector<JournalAnswer> answers;
  for (const auto &[key, value] : *o) {
    JournalAnswer a;
    a.kind = JournalAnswer::Kind::Supply;
    a.index = p.findSlot(key.str());
    if (a.index == kNone)
      return SuppliesError{SuppliesError::Unknown, "set: there is no variable or field '" + key.str() + "'"};
    if (llvm::Optional<llvm::StringRef> s = value.getAsString()) a.text = s->str();
    else if (llvm::Optional<int64_t> n = value.getAsInteger()) a.text = std::to_string(*n);
    else if (llvm::Optional<bool> b = value.getAsBoolean()) a.text = *b ? "true" : "false";
    else
      return SuppliesError{SuppliesError::Malformed,
                           "set: the value of '" + key.str() + "' must be a string, an integer or a boolean"};
    answers.push_back(std::move(a));
  }
  out.insert(out.end(), std::make_move_iterator(answers.begin()), std::make_move_iterator(answers.end()));
  return std::nullopt;
}

} // namespace callflow::host
