// applyFixIts (lint/fixits.h): the edits land where the diagnostics put
// them, identical ones once, overlapping ones the first only, and after a
// syntax error only the syntax errors' own.
#include <gtest/gtest.h>

#include "lint/fixits.h"
#include "llvm/Support/MemoryBuffer.h"

namespace callflow::lint {
namespace {

struct Source {
  llvm::SourceMgr sm;
  unsigned buf;
  explicit Source(llvm::StringRef text, llvm::StringRef name = "a.flow") {
    buf = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, name), llvm::SMLoc());
  }
  /// The range of the `n`th occurrence of `what`.
  llvm::SMRange at(llvm::StringRef what, unsigned n = 0) const {
    llvm::StringRef text = sm.getMemoryBuffer(buf)->getBuffer();
    size_t pos = text.find(what);
    while (n-- && pos != llvm::StringRef::npos)
      pos = text.find(what, pos + 1);
    const char *p = text.data() + pos;
    return {llvm::SMLoc::getFromPointer(p), llvm::SMLoc::getFromPointer(p + what.size())};
  }
};

diag::Diagnostic withFix(diag::DiagId id, llvm::SMRange r, std::string text) {
  diag::Diagnostic d;
  d.id = id;
  d.severity = diag::Severity::Error;
  d.range = r;
  d.fixits.push_back({r, std::move(text)});
  return d;
}

TEST(FixIts, AppliedInPlace) {
  Source s("step A { goto initelig }\nstep INITELIG { sya \"x\" end }\n");
  std::vector<diag::Diagnostic> ds = {
      withFix(diag::DiagId::UndefinedStep, s.at("initelig"), "INITELIG"),
      withFix(diag::DiagId::UndefinedStep, s.at("initelig"), "INITELIG"), // the same, once
  };
  unsigned unfixed = 9;
  std::vector<FixedFile> out = applyFixIts(s.sm, ds, &unfixed);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(unfixed, 0u);
  EXPECT_EQ(out[0].path, "a.flow");
  EXPECT_EQ(out[0].after, "step A { goto INITELIG }\nstep INITELIG { sya \"x\" end }\n");
  EXPECT_EQ(out[0].applied, 1u);
  EXPECT_EQ(out[0].skipped, 0u);
}

TEST(FixIts, OverlappingEditsKeepTheFirst) {
  Source s("say \"$20.00 and $20.00\"\n");
  std::vector<diag::Diagnostic> ds = {
      withFix(diag::DiagId::PriceMismatch, s.at("$20.00", 1), "{price 320}"),
      withFix(diag::DiagId::PriceMismatch, s.at("$20"), "{price 1}"),
      withFix(diag::DiagId::PriceMismatch, s.at("$20.00"), "{price 320}"),
  };
  std::vector<FixedFile> out = applyFixIts(s.sm, ds);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].after, "say \"{price 1}.00 and {price 320}\"\n");
  EXPECT_EQ(out[0].applied, 2u);
  EXPECT_EQ(out[0].skipped, 1u);
}

TEST(FixIts, AfterASyntaxErrorOnlyItsOwn) {
  // `stpe A` hides step A: the suggestion 'B' for `start A` is wrong.
  Source s("start A\nstpe A { end }\nstep B { end }\n");
  std::vector<diag::Diagnostic> ds = {
      withFix(diag::DiagId::UndefinedStep, s.at("A"), "B"),
      withFix(diag::DiagId::SyntaxError, s.at("stpe"), "step"),
  };
  unsigned unfixed = 9;
  std::vector<FixedFile> out = applyFixIts(s.sm, ds, &unfixed);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].after, "start A\nstep A { end }\nstep B { end }\n");
  EXPECT_EQ(unfixed, 1u); // the name's error: its fix-it was left out
}

TEST(FixIts, NoFixItsNoFiles) {
  Source s("step A { end }\n");
  diag::Diagnostic d;
  d.id = diag::DiagId::UnreachableStep;
  d.range = s.at("A");
  d.severity = diag::Severity::Warning;
  unsigned unfixed = 9;
  EXPECT_TRUE(applyFixIts(s.sm, {d}, &unfixed).empty());
  EXPECT_EQ(unfixed, 0u); // a warning is not an error left
}

} // namespace
} // namespace callflow::lint
