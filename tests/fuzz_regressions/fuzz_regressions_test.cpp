// Replays every fuzz finding (tests/fuzz_regressions/<target>/) and every
// seed (fuzz/corpus/<target>/) through the fuzz entry points. An entry
// aborts when a promise is broken (a clean program that does not compile or
// verify), and the sanitizer build turns memory errors into failures.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_targets.h"

namespace {

namespace fs = std::filesystem;
using Entry = int (*)(const uint8_t *, size_t);

std::vector<uint8_t> readAll(const fs::path &p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

/// Runs every regular file under `dir` (skipping README.md); returns how many.
size_t replayDir(const fs::path &dir, Entry entry) {
  size_t n = 0;
  if (!fs::exists(dir))
    return 0;
  for (const auto &e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().filename() == "README.md")
      continue;
    std::vector<uint8_t> data = readAll(e.path());
    SCOPED_TRACE(e.path().string());
    EXPECT_EQ(entry(data.data(), data.size()), 0);
    ++n;
  }
  return n;
}

const fs::path kSource = CALLFLOW_SOURCE_DIR;

TEST(FuzzRegressions, Source) {
  replayDir(kSource / "tests/fuzz_regressions/source", callflow::fuzz::fuzzSource);
  EXPECT_GT(replayDir(kSource / "fuzz/corpus/source", callflow::fuzz::fuzzSource), 10u);
}

TEST(FuzzRegressions, Bytecode) {
  replayDir(kSource / "tests/fuzz_regressions/bytecode", callflow::fuzz::fuzzBytecode);
  EXPECT_GT(replayDir(kSource / "fuzz/corpus/bytecode", callflow::fuzz::fuzzBytecode), 3u);
}

TEST(FuzzRegressions, Journal) {
  replayDir(kSource / "tests/fuzz_regressions/journal", callflow::fuzz::fuzzJournal);
  EXPECT_GE(replayDir(kSource / "fuzz/corpus/journal", callflow::fuzz::fuzzJournal), 4u);
}

TEST(FuzzRegressions, Scenario) {
  replayDir(kSource / "tests/fuzz_regressions/scenario", callflow::fuzz::fuzzScenario);
  EXPECT_GE(replayDir(kSource / "fuzz/corpus/scenario", callflow::fuzz::fuzzScenario), 8u);
}

TEST(FuzzRegressions, Lsp) {
  replayDir(kSource / "tests/fuzz_regressions/lsp", callflow::fuzz::fuzzLsp);
  EXPECT_GE(replayDir(kSource / "fuzz/corpus/lsp", callflow::fuzz::fuzzLsp), 5u);
}

TEST(FuzzRegressions, Workbench) {
  EXPECT_GE(replayDir(kSource / "fuzz/corpus/workbench", callflow::fuzz::fuzzWorkbench), 8u);
}

TEST(FuzzRegressions, Http) {
  replayDir(kSource / "tests/fuzz_regressions/http", callflow::fuzz::fuzzHttp);
  EXPECT_GE(replayDir(kSource / "fuzz/corpus/http", callflow::fuzz::fuzzHttp), 8u);
}

TEST(FuzzRegressions, EmptyAndTinyInputs) {
  const uint8_t bytes[] = {0, 0xff, '{', '"', '\\'};
  for (size_t n = 0; n <= sizeof bytes; ++n) {
    EXPECT_EQ(callflow::fuzz::fuzzSource(bytes, n), 0);
    EXPECT_EQ(callflow::fuzz::fuzzBytecode(bytes, n), 0);
    EXPECT_EQ(callflow::fuzz::fuzzJournal(bytes, n), 0);
    EXPECT_EQ(callflow::fuzz::fuzzScenario(bytes, n), 0);
    EXPECT_EQ(callflow::fuzz::fuzzLsp(bytes, n), 0);
    EXPECT_EQ(callflow::fuzz::fuzzWorkbench(bytes, n), 0);
    EXPECT_EQ(callflow::fuzz::fuzzHttp(bytes, n), 0);
  }
}

} // namespace
