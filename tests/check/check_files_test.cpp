// Runs every tests/check/*.flow and the checker's tests/diagnostics
// examples (codes E01xx-E04xx, W02xx-W04xx, W0016; not the driver's import
// codes E0114-E0116) through parse + check and
// verifies their inline `expected-*` comments.
#include <algorithm>
#include <regex>

#include <gtest/gtest.h>

#include "check_support.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace callflow;

namespace {
std::vector<std::string> listFlows(const std::string &dir, bool checkerCodesOnly) {
  std::vector<std::string> out;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (!name.endswith(".flow"))
      continue;
    // E0114-E0116 are the driver's (imports): lit runs them through flowc.
    if (checkerCodesOnly &&
        (!std::regex_match(name.str(), std::regex("([EW]0[1-4][0-9][0-9]|W0016)\\.flow")) ||
         std::regex_match(name.str(), std::regex("E011[456]\\.flow"))))
      continue;
    out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void verifyFile(const std::string &path) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(buf)) << path;
  std::string text = (*buf)->getBuffer().str();
  auto checked = checktest::checkBuffer(std::move(*buf));
  diag::VerifyResult r = checked->verify();
  std::string problems;
  for (const std::string &p : r.problems)
    problems += p + "\n";
  EXPECT_TRUE(r.ok) << path << ":\n" << problems << "got:\n" << checked->dump();
}
} // namespace

TEST(CheckFiles, EveryCheckFlowMeetsItsExpectations) {
  auto files = listFlows(std::string(CALLFLOW_SOURCE_DIR) + "/tests/check", false);
  ASSERT_GE(files.size(), 10u);
  for (const std::string &f : files) {
    SCOPED_TRACE(f);
    verifyFile(f);
  }
}

TEST(CheckFiles, EveryDiagnosticExampleProducesItsCode) {
  auto files = listFlows(std::string(CALLFLOW_SOURCE_DIR) + "/tests/diagnostics", true);
  ASSERT_GE(files.size(), 20u);
  for (const std::string &f : files) {
    SCOPED_TRACE(f);
    verifyFile(f);
    auto buf = llvm::MemoryBuffer::getFile(f);
    llvm::StringRef text = (*buf)->getBuffer();
    std::string code = llvm::sys::path::stem(f).str();
    EXPECT_TRUE(text.startswith("// ")) << "first line must describe the example";
    EXPECT_NE(text.find("[" + code + "]"), std::string_view::npos)
        << "the example must expect its own code";
  }
}
