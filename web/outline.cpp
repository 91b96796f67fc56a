// flowOutlineJson (desktop.h): the step titles, sections and roles, the
// language, the forms and the enums of a program, for the page.
#include "callflow/program.h"
#include "callflow/web/desktop.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::web {
namespace {

std::string typeName(const Program &p, bc::Type t) {
  static const char *const names[] = {"text", "money", "number", "bool"};
  if (t.tag == bc::TypeTag::Enum) return std::string(p.string(p.enums()[t.enumIndex].name));
  return names[unsigned(t.tag)];
}

void optString(llvm::json::OStream &j, llvm::StringRef key, const Program &p, uint32_t index) {
  if (index != kNone) j.attribute(key, std::string(p.string(index)));
}

/// The slots some statement of the flow sets (`set X = ...`, a field's
/// value in a `create` block): the agent is never asked for them.
std::vector<bool> slotsSetByFlow(const Program &p) {
  std::vector<bool> set(p.slots().size(), false);
  const std::span<const uint8_t> code = p.code();
  for (size_t pc = 0; pc < code.size();) {
    const bc::Instr in = bc::decodeVerified(code.data(), pc);
    if (in.op == bc::Op::SET && uint64_t(in.a[0]) < set.size()) set[size_t(in.a[0])] = true;
    pc += in.size ? in.size : 1;
  }
  return set;
}

} // namespace

std::string flowOutlineJson(const Program &p) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream j(os);
  const std::vector<bool> setByFlow = slotsSetByFlow(p);
  j.object([&] {
    j.attribute("name", std::string(p.name()));
    j.attribute("title", std::string(p.title()));
    j.attribute("lang", p.language() == bc::Language::Ru ? "ru" : "en");
    j.attribute("currency", std::string(p.currency()));
    j.attribute("start", std::string(p.string(p.steps()[p.startStep()].id)));
    j.attributeObject("steps", [&] {
      for (const StepInfo &s : p.steps())
        j.attributeObject(std::string(p.string(s.id)), [&] {
          optString(j, "title", p, s.title);
          if (s.section != kNone) optString(j, "section", p, p.sections()[s.section].title);
          optString(j, "role", p, s.role);
        });
    });
    auto slot = [&](uint32_t i, bool field) {
      const SlotInfo &s = p.slots()[i];
      j.object([&] {
        j.attribute("name", field ? std::string(p.string(s.name)) : p.slotName(i));
        j.attribute("label", std::string(p.string(s.label)));
        j.attribute("type", typeName(p, s.type));
        if (field) {
          j.attribute("required", (s.flags & bc::kSlotRequired) && !(s.flags & bc::kSlotHasWhen));
          j.attribute("when", bool(s.flags & bc::kSlotHasWhen));
          j.attribute("set_by_flow", setByFlow[i] || (s.flags & bc::kSlotHasDefault));
        }
        j.attribute("auto", bool(s.flags & bc::kSlotAuto));
      });
    };
    j.attributeArray("forms", [&] {
      for (const FormInfo &f : p.forms())
        j.object([&] {
          j.attribute("name", std::string(p.string(f.name)));
          j.attribute("label", std::string(p.string(f.label)));
          j.attributeArray("fields", [&] {
            for (uint32_t k = 0; k < f.numFields; ++k) slot(f.firstSlot + k, true);
          });
        });
    });
    j.attributeArray("vars", [&] {
      for (uint32_t i = 0; i < p.slots().size(); ++i)
        if (!p.slots()[i].isField()) slot(i, false);
    });
    j.attributeObject("enums", [&] {
      for (const EnumInfo &e : p.enums())
        j.attributeArray(std::string(p.string(e.name)), [&] {
          for (uint32_t k = 0; k < e.numValues; ++k) {
            const EnumValueInfo &v = p.enumValues()[e.firstValue + k];
            j.object([&] {
              j.attribute("name", std::string(p.string(v.name)));
              j.attribute("label", std::string(p.string(v.label)));
            });
          }
        });
    });
  });
  os.flush();
  return text;
}

} // namespace callflow::web
