// codegen::checkAndGenerate with codegen overlapping the checker's last
// passes gives exactly what checking and then generating gives: the same
// diagnostics, the same verdict and the same bytes, on every .flow file of
// the repository (clean ones, and broken ones whose errors come from the
// passes codegen overlaps: unreachable steps, trap loops, required fields,
// money), and never bytes for a flow with errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "callflow/runtime.h"
#include "codegen/compile_file.h"
#include "diag/render.h"
#include "driver/compilation.h"
#include "llvm/Support/MemoryBuffer.h"
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

TEST(Overlap, ALargeStringTableIsCodedAsideToTheSameBytes) {
  // Past 64 KB of strings codegen codes the string table on a thread of
  // its own while serialize() lays out the code (ThreadSanitizer runs this
  // test): with and without the overlap, the same file, which loads.
  std::string src = "flow big \"Big\"\nstart s0\n";
  for (int i = 0; i < 1500; ++i)
    src += "step s" + std::to_string(i) + " \"Step " + std::to_string(i) + "\" {\n  say \"Line " +
           std::to_string(i) + ": the caller's ticket is still open, привет\"\n  " +
           (i + 1 < 1500 ? "goto s" + std::to_string(i + 1) : std::string("end")) + "\n}\n";
  ASSERT_GT(src.size(), 100000u);
  std::vector<uint8_t> bytes[2];
  for (bool overlap : {false, true}) {
    driver::CompileOptions options;
    options.projectRoot = CALLFLOW_SOURCE_DIR;
    driver::Compilation c(options);
    c.loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "big.flow"));
    codegen::Checked checked = codegen::checkAndGenerate(c, codegen::Options(), overlap);
    ASSERT_TRUE(checked.clean);
    ASSERT_TRUE(checked.code) << checked.code.error;
    bytes[overlap] = checked.code.bytes;
  }
  EXPECT_EQ(bytes[0], bytes[1]);
  Loaded l = Program::load(bytes[1]);
  ASSERT_TRUE(l) << l.error.str();
  EXPECT_EQ(l.program->steps().size(), 1500u);
}

TEST(Overlap, PricesInLinesAsideBesideCodegen) {
  // A large flow's prices in lines are checked on a thread of their own
  // beside the path searches when the compilation's thread budget allows:
  // two threads without the overlap, three with codegen beside the check
  // (checkAndGenerate); one thread runs everything in line.
  // ThreadSanitizer runs this test: on every budget, with and without the
  // overlap, the same warnings and the same bytes.
  std::string src = "flow priced \"Priced\"\nstart s0\ncatalog USD { 320 \"PAY AS YOU GO\" 20.00 }\n";
  const int steps = 5000; // past check::kPriceLinesAsideNodes
  for (int i = 0; i < steps; ++i)
    src += "step s" + std::to_string(i) + " {\n  say \"That is $2" + std::to_string(i % 10) +
           " for {price 320}.\"\n  note \"Never $19.\"\n  " +
           (i + 1 < steps ? "goto s" + std::to_string(i + 1) : std::string("charge 320\n  invoice\n  end")) +
           "\n}\n";
  std::string firstDiagnostics;
  std::vector<uint8_t> firstBytes;
  for (unsigned threads : {1u, 2u, 3u})
    for (bool overlap : {false, true}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, overlap " + (overlap ? "on" : "off"));
      driver::CompileOptions options;
      options.projectRoot = CALLFLOW_SOURCE_DIR;
      options.warningLimit = 0; // every one of them
      options.threads = threads;
      driver::Compilation c(options);
      c.loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "priced.flow"));
      codegen::Checked checked = codegen::checkAndGenerate(c, codegen::Options(), overlap);
      ASSERT_TRUE(checked.clean);
      ASSERT_TRUE(checked.code) << checked.code.error;
      EXPECT_EQ(c.diags().warningCount(), unsigned(2 * steps - steps / 10)); // not $20
      const bool besideCodegen = overlap && threads > 1;
      EXPECT_EQ(checked.overlapped, besideCodegen);
      bool aside = false;
      for (const auto &[name, seconds] : checked.checkPhases)
        aside |= name == "prices in lines (aside)";
      EXPECT_EQ(aside, besideCodegen ? threads > 2 : threads > 1);
      std::string diagnostics;
      llvm::raw_string_ostream os(diagnostics);
      diag::renderAllText(c.diags(), os, diag::RenderOptions());
      os.flush();
      if (firstBytes.empty()) {
        firstDiagnostics = diagnostics;
        firstBytes = checked.code.bytes;
      }
      EXPECT_EQ(diagnostics, firstDiagnostics);
      EXPECT_EQ(checked.code.bytes, firstBytes);
    }
}

} // namespace
