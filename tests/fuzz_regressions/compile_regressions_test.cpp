// Replays every fuzz finding and seed of the compile pipeline
// (tests/fuzz_regressions/{source,bytecode}/, fuzz/corpus/{source,bytecode}/)
// through fuzzSource and fuzzBytecode. Kept apart from the other entries
// (fuzz_regressions_test.cpp) because it is the one the ThreadSanitizer
// stage runs (scripts/test-tsan.sh): fuzzSource parses every input in
// pieces on three threads and overlaps codegen with the check, and this
// program needs only the compiler and the runtime, not the language
// server, the workbench or the HTTP server.
#include <gtest/gtest.h>

#include "fuzz_targets.h"
#include "replay.h"

namespace {

using namespace callflow::fuzz::replay;

TEST(FuzzRegressions, Source) {
  EXPECT_GT(replayTarget("source", callflow::fuzz::fuzzSource), 10u);
}

TEST(FuzzRegressions, Bytecode) {
  EXPECT_GT(replayTarget("bytecode", callflow::fuzz::fuzzBytecode), 3u);
}

TEST(FuzzRegressions, EmptyAndTinyInputsCompile) {
  replayTinyInputs(callflow::fuzz::fuzzSource);
  replayTinyInputs(callflow::fuzz::fuzzBytecode);
}

} // namespace
