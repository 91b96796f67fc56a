// Golden-file comparison for the lint tests: compares text with
// tests/lint/golden/<name>; with CALLFLOW_UPDATE_GOLDENS=1 in the
// environment it rewrites the file instead (then review the diff).
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace callflow::golden {

inline std::string goldenPath(const std::string &name) {
  return std::string(CALLFLOW_SOURCE_DIR) + "/tests/lint/golden/" + name;
}

inline std::string readFileText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void expectGolden(const std::string &name, const std::string &actual) {
  std::string path = goldenPath(name);
  if (const char *u = std::getenv("CALLFLOW_UPDATE_GOLDENS"); u && *u == '1') {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream probe(path);
  ASSERT_TRUE(probe.good()) << "missing golden file " << path
                            << " (run with CALLFLOW_UPDATE_GOLDENS=1 to create it)";
  EXPECT_EQ(readFileText(path), actual) << "golden file " << path << " differs";
}

} // namespace callflow::golden
