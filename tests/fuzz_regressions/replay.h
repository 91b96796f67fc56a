// Replays a folder of fuzz inputs through one fuzz entry point: the shared
// part of the fuzz regression tests (compile_regressions_test.cpp,
// fuzz_regressions_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace callflow::fuzz::replay {

namespace fs = std::filesystem;
using Entry = int (*)(const uint8_t *, size_t);

inline const fs::path kSource = CALLFLOW_SOURCE_DIR;

inline std::vector<uint8_t> readAll(const fs::path &p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

/// Runs every regular file under `dir` (skipping README.md); returns how many.
inline size_t replayDir(const fs::path &dir, Entry entry) {
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

/// Replays the findings of fuzz target `target` (tests/fuzz_regressions/
/// TARGET/, when there are any) and then its seeds (fuzz/corpus/TARGET/)
/// through `entry`; returns how many seeds there were.
inline size_t replayTarget(const char *target, Entry entry) {
  replayDir(kSource / "tests/fuzz_regressions" / target, entry);
  return replayDir(kSource / "fuzz/corpus" / target, entry);
}

/// Runs `entry` on the tiny inputs every entry must take: none, a NUL,
/// 0xff, an opening brace, a quote, a backslash, each prefix of them.
inline void replayTinyInputs(Entry entry) {
  static constexpr uint8_t kTinyBytes[] = {0, 0xff, '{', '"', '\\'};
  for (size_t n = 0; n <= sizeof kTinyBytes; ++n) {
    SCOPED_TRACE(n);
    EXPECT_EQ(entry(kTinyBytes, n), 0);
  }
}

} // namespace callflow::fuzz::replay
