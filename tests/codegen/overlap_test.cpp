// codegen::checkAndGenerate with codegen overlapping the checker's last
// passes gives exactly what checking and then generating gives: the same
// diagnostics, the same verdict and the same bytes, on every .flow file of
// the repository (clean ones, and broken ones whose errors come from the
// passes codegen overlaps: unreachable steps, trap loops, required fields,
// money), and never bytes for a flow with errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "codegen/compile_file.h"
#include "diag/render.h"
#include "driver/compilation.h"
#include "llvm/Support/raw_ostream.h"

namespace {

using namespace callflow;

struct Outcome {
  bool loaded = false, clean = false, overlapped = false;
  std::string diagnostics;
  std::vector<uint8_t> bytes;
  std::string codegenError;
};

Outcome build(const std::string &path, bool overlap) {
  driver::CompileOptions options;
  options.projectRoot = CALLFLOW_SOURCE_DIR;
  driver::Compilation c(options);
  Outcome o;
  o.loaded = c.load(path);
  if (!o.loaded)
    return o;
  codegen::Options co;
  co.pathBase = c.projectRoot();
  codegen::Checked checked = codegen::checkAndGenerate(c, co, overlap);
  o.clean = checked.clean;
  o.overlapped = checked.overlapped;
  llvm::raw_string_ostream os(o.diagnostics);
  diag::renderAllText(c.diags(), os, diag::RenderOptions());
  os.flush();
  o.bytes = checked.code.bytes;
  o.codegenError = checked.code.error;
  return o;
}

TEST(Overlap, SameOutcomeOnEveryFlowFile) {
  namespace fs = std::filesystem;
  size_t clean = 0, broken = 0, overlappedClean = 0, overlappedBroken = 0;
  for (const char *dir : {"samples", "tests"}) {
    for (const auto &e : fs::recursive_directory_iterator(fs::path(CALLFLOW_SOURCE_DIR) / dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".flow")
        continue;
      const std::string path = e.path().string();
      Outcome seq = build(path, false), ovl = build(path, true);
      ASSERT_EQ(seq.loaded, ovl.loaded) << path;
      EXPECT_EQ(seq.clean, ovl.clean) << path;
      EXPECT_EQ(seq.diagnostics, ovl.diagnostics) << path;
      EXPECT_EQ(seq.bytes, ovl.bytes) << path;
      EXPECT_EQ(seq.codegenError, ovl.codegenError) << path;
      if (!ovl.clean) {
        EXPECT_TRUE(ovl.bytes.empty()) << path;
      }
      EXPECT_FALSE(seq.overlapped) << path;
      (ovl.clean ? clean : broken)++;
      if (ovl.overlapped)
        (ovl.clean ? overlappedClean : overlappedBroken)++;
    }
  }
  EXPECT_GT(clean, 20u);
  EXPECT_GT(broken, 50u);
  // Every clean flow is generated early; so is a flow whose first error
  // comes after names and types (it is then thrown away).
  EXPECT_EQ(overlappedClean, clean);
  EXPECT_GT(overlappedBroken, 20u);
}

} // namespace
