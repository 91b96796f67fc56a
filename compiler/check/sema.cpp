// Helpers of the resolved model (sema.h).
#include "check/sema.h"

namespace callflow::sema {

int EnumInfo::findValue(llvm::StringRef n) const {
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i].name == n)
      return (int)i;
  return -1;
}

int FormInfo::findField(llvm::StringRef n) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == n)
      return (int)i;
  return -1;
}

const FieldInfo &Program::slotInfo(int slot) const {
  const Slot &s = slots[slot];
  return s.isVar ? vars[s.index] : forms[s.form].fields[s.index];
}

std::string Program::slotName(int slot) const {
  const Slot &s = slots[slot];
  return s.isVar ? vars[s.index].name : forms[s.form].name + "." + forms[s.form].fields[s.index].name;
}

int Program::slotOf(const Symbol &s) const {
  if (s.kind == Symbol::Kind::Var)
    return vars[s.index].slot;
  if (s.kind == Symbol::Kind::Field)
    return forms[s.index].fields[s.sub].slot;
  return -1;
}

std::string Program::typeName(const Type &t) const {
  switch (t.kind) {
  case Type::Kind::Text:
    return "text";
  case Type::Kind::Money:
    return "money";
  case Type::Kind::Number:
    return "number";
  case Type::Kind::Bool:
    return "bool";
  case Type::Kind::Enum:
    return "enum '" + enums[t.enumIndex].name + "'";
  case Type::Kind::Date:
    return "date";
  case Type::Kind::Time:
    return "time";
  case Type::Kind::Span:
    return "the span between two dates";
  case Type::Kind::Duration:
    return std::string("a count of ") + ast::spelling(ast::TimeUnit(t.enumIndex));
  case Type::Kind::Invalid:
    break;
  }
  return "an invalid type";
}

} // namespace callflow::sema
