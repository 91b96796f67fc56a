// The bytecode's format limits as a property of the whole compiler: for
// each limit, a flow at the limit and one past it, and "checks clean" must
// be exactly "builds (and the bytecode verifies)". Past the limit the
// checker's error names the construct and the limit (E0019, or E0013 for a
// constant), so `flowc check` and `flowc lint` never pass what `flowc
// build` refuses (docs/language.md, Limits).
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "callflow/runtime.h"
#include "codegen/codegen.h"
#include "diag/diagnostic.h"
#include "driver/compilation.h"
#include "llvm/Support/MemoryBuffer.h"

namespace callflow {
namespace {

struct Outcome {
  bool clean = false;   // no error from the checker
  bool built = false;   // codegen succeeded and the bytecode verified
  std::string messages; // the checker's errors, or the build's
};

Outcome compile(const std::string &source) {
  Outcome o;
  driver::Compilation c;
  EXPECT_TRUE(c.loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, "limit.flow")));
  const sema::Program *p = c.check();
  if (!p) return o;
  o.clean = c.diags().errorCount() == 0 && p->clean;
  for (const diag::Diagnostic &d : c.diags().diagnostics())
    if (d.severity == diag::Severity::Error) o.messages += d.message + "\n";
  codegen::Options opts;
  opts.requireClean = false; // build what the checker passed or not
  codegen::Result r = codegen::generate(*p, c.sourceMgr(), opts);
  if (!r) {
    o.messages += "build: " + r.error + "\n";
    return o;
  }
  Loaded l = Program::load(r.bytes);
  o.built = bool(l);
  if (!l) o.messages += "verify: " + l.error.str() + "\n";
  return o;
}

std::string numbered(const char *prefix, size_t n, const char *sep) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? sep : "") + std::string(prefix) + std::to_string(i);
  return out;
}

struct Limit {
  const char *name;
  uint64_t limit;
  std::function<std::string(uint64_t)> flow; // a flow with n of the thing
  const char *message;                       // in the error past the limit
};

const std::string kHead = "flow f \"F\"\nstart A\n";

std::vector<Limit> limits() {
  return {
      {"ask options", bc::kMaxListItems,
       [](uint64_t n) {
         std::string s = kHead + "step A {\n  ask \"Which?\" {\n";
         for (uint64_t i = 0; i < n; ++i) s += "    \"o" + std::to_string(i) + "\" -> B\n";
         return s + "  }\n}\nstep B { end }\n";
       },
       "'ask' has 256 options; the limit is 255"},
      {"input in values", bc::kMaxListItems,
       [](uint64_t n) {
         return kHead + "enum E { " + numbered("v", n, " ") + " }\nvar e \"E\" : E\nstep A {\n  input e in " +
                numbered("v", n, ", ") + "\n  end\n}\n";
       },
       "'input e in' has 256 values; the limit is 255"},
      {"suggestions", bc::kMaxSuggestions,
       [](uint64_t n) {
         std::string sug;
         for (uint64_t i = 0; i < n; ++i) sug += " \"s" + std::to_string(i) + "\"";
         return kHead + "var x \"X\" : text suggest" + sug + "\nstep A {\n  input x\n  end\n}\n";
       },
       "variable 'x' has 256 suggestions; the limit is 255"},
      {"rules", bc::kMaxRules,
       [](uint64_t n) {
         std::string s = kHead + "form F \"F\" {\n  n \"N\" : text required\n";
         for (uint64_t i = 0; i < n; ++i) s += "  rule \"r" + std::to_string(i) + "\" : n is set\n";
         return s + "}\nstep A {\n  create F { n = input }\n  end\n}\n";
       },
       "form 'F' has 256 rules; the limit is 255"},
      {"enum values", bc::kMaxEnumValues,
       [](uint64_t n) {
         return kHead + "enum E { " + numbered("v", n, " ") + " }\nvar e \"E\" : E\nstep A {\n  input e\n  end\n}\n";
       },
       "enum 'E' has 65536 values; the limit is 65535"},
      {"enums", bc::kMaxEnums,
       [](uint64_t n) {
         std::string s = kHead;
         for (uint64_t i = 0; i < n; ++i) s += "enum E" + std::to_string(i) + " { a }\n";
         return s + "step A { end }\n";
       },
       "the flow has 65536 enums; the limit is 65535"},
      {"slots", bc::kMaxSlots,
       [](uint64_t n) {
         std::string s = kHead;
         for (uint64_t i = 0; i < n; ++i) s += "var v" + std::to_string(i) + " \"V\" : text\n";
         return s + "step A { end }\n";
       },
       "the flow has 65536 variables and form fields; the limit is 65535"},
      {"catalog items", bc::kMaxItems,
       [](uint64_t n) {
         std::string s = kHead + "catalog USD {\n";
         for (uint64_t i = 0; i < n; ++i) s += "  " + std::to_string(i + 1) + " \"I\" 1.00\n";
         return s + "}\nstep A { end }\n";
       },
       "the catalog has 65536 items; the limit is 65535"},
      {"words and placeholders of a text", bc::kMaxTextParts,
       [](uint64_t n) {
         // Half words, half placeholders (each placeholder a part).
         std::string line;
         for (uint64_t i = 0; i < n; ++i) line += i % 2 ? "{x}" : "w ";
         return kHead + "var x \"X\" : text = \"a\"\nstep A {\n  say \"" + line + "\"\n  end\n}\n";
       },
       "this text has 4097 words and placeholders; the limit is 4096"},
      {"bytes in a word", bc::kMaxStringLength,
       [](uint64_t n) { return kHead + "step A {\n  say \"" + std::string(n, 'w') + "\"\n  end\n}\n"; },
       "a word of this text has 1048577 bytes; the limit is 1048576"},
      {"values held by an expression", bc::kMaxStack,
       [](uint64_t n) {
         // `b and (b and (b and ...))`: n values held at once.
         std::string e = "b";
         for (uint64_t i = 1; i < n; ++i) e = "b and (" + e + ")";
         return kHead + "var b \"B\" : bool = true\nstep A {\n  if " + e + " -> B\n  goto B\n}\nstep B { end }\n";
       },
       "this expression has 33 values to hold at once"},
      {"number constants", uint64_t(bc::kMaxMoney),
       [](uint64_t n) {
         return kHead + "var x \"X\" : number\nstep A {\n  set x = " + std::to_string(n) + "\n  end\n}\n";
       },
       "number '1125899906842625' is out of range"},
  };
}

TEST(FormatLimits, ChecksCleanExactlyWhenItBuilds) {
  for (const Limit &l : limits()) {
    SCOPED_TRACE(l.name);
    for (uint64_t n : {l.limit, l.limit + 1}) {
      const Outcome o = compile(l.flow(n));
      EXPECT_EQ(o.clean, o.built) << l.name << " at " << n << ":\n" << o.messages;
      EXPECT_EQ(o.clean, n <= l.limit) << l.name << " at " << n << ":\n" << o.messages;
      if (n > l.limit) {
        EXPECT_NE(o.messages.find(l.message), std::string::npos) << l.name << ":\n" << o.messages;
      }
    }
  }
}

} // namespace
} // namespace callflow
