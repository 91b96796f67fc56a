// The diagnostic registry (kinds.def): well-formed entries, and every code
// exercised by an example file test, tests/diagnostics/<CODE>.flow, that
// expects that code. docs/diagnostics.md is checked by a separate ctest.
#include "diag/diagnostic.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

using namespace callflow::diag;

namespace {
// Codes that cannot be produced by a single .flow file given to
// `flowc check`, each with the reason. Keep this list short; a code listed
// here that gains an example file fails the test.
const std::set<std::string> kNoExampleFile = {
    "E0001", // a file that cannot be read: tests/parse and the lit driver tests
    "E0002", // a directory given as the file: same
    "E0003", // invalid UTF-8 cannot sit in a text example: parse_test
    "E0004", // a NUL byte, likewise: parse_test
    "E0008", // 257 nested braces make no readable example: parse_test
    "E0010", // a file over the size limit: tests/driver/bad_inputs.test (sparse)
    "W0011", // the same file named twice on the command line: lit driver test
    "E0015", // the error limit, reached only by many errors: engine_test
    "W0018", // the warning limit, reached only by many warnings: engine_test, tests/driver
    "E0017", // a 1,001-operator expression makes no readable example: parse_test
};

/// The test sources under tests/ (C++ and .flow), without this file.
std::vector<std::string> testSources() {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(
           std::string(CALLFLOW_SOURCE_DIR) + "/tests", ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec)
      break;
    std::string ext = it->path().extension().string();
    if (it->is_regular_file() && it->path().filename() != "registry_test.cpp" &&
        (ext == ".cpp" || ext == ".flow" || ext == ".test"))
      out.push_back(it->path().string());
  }
  return out;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return in ? ss.str() : std::string();
}
} // namespace

TEST(Registry, EntriesAreWellFormed) {
  std::set<std::string> codes, names;
  for (const DiagInfo &d : allDiagInfos()) {
    std::string code = d.code;
    EXPECT_TRUE(codes.insert(code).second) << "duplicate code " << code;
    EXPECT_TRUE(names.insert(d.name).second) << "duplicate name " << d.name;
    ASSERT_EQ(code.size(), 5u) << code;
    EXPECT_EQ(code[0], d.severity == Severity::Error ? 'E' : 'W') << code;
    EXPECT_EQ(std::string(d.flag).empty(), d.severity == Severity::Error)
        << code << ": warnings have a flag, errors none";
    std::string msg = d.message;
    ASSERT_FALSE(msg.empty());
    EXPECT_FALSE(std::isupper(static_cast<unsigned char>(msg[0]))) << code << ": lower-case";
    EXPECT_NE(msg.back(), '.') << code << ": no final period";
    EXPECT_EQ(findDiag(code), &d);
  }
}

TEST(Registry, EveryCodeHasAnExampleThatExpectsIt) {
  for (const DiagInfo &d : allDiagInfos()) {
    std::string path = std::string(CALLFLOW_SOURCE_DIR) + "/tests/diagnostics/" + d.code + ".flow";
    std::string text = readFile(path);
    bool listed = kNoExampleFile.count(d.code) != 0;
    if (listed) {
      EXPECT_TRUE(text.empty()) << d.code << " has an example now: remove it from kNoExampleFile";
      continue;
    }
    EXPECT_FALSE(text.empty()) << "no example tests/diagnostics/" << d.code << ".flow for "
                               << d.name;
    if (!text.empty()) {
      EXPECT_NE(text.find(std::string("[") + d.code + "]"), std::string::npos)
          << "tests/diagnostics/" << d.code << ".flow does not expect " << d.code;
    }
  }
}

// A code without an example file must still be produced and checked by some
// test: one that names it by code ("E0010") or by DiagId name.
TEST(Registry, EveryCodeWithoutAnExampleIsTestedElsewhere) {
  std::vector<std::string> texts;
  for (const std::string &path : testSources())
    texts.push_back(readFile(path));
  for (const DiagInfo &d : allDiagInfos()) {
    if (!kNoExampleFile.count(d.code))
      continue;
    std::string byName = std::string("DiagId::") + d.name;
    bool found = false;
    for (const std::string &t : texts)
      found = found || t.find(d.code) != std::string::npos || t.find(byName) != std::string::npos;
    EXPECT_TRUE(found) << d.code << " (" << d.name
                       << ") has no example file and no test under tests/ names it";
  }
}
