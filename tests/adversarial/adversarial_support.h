// Helpers for the adversarial-input tests: write a generated input into the
// build tree (never into the repository), compile it through the driver as
// `flowc` does, and run the bytecode when it compiles.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "callflow/runtime.h"
#include "driver/compilation.h"

namespace callflow::adversarial {

/// A fresh directory under the build tree for one test's files.
std::string scratchDir(const std::string &name);
void writeFile(const std::string &path, const std::string &text);

struct Outcome {
  std::unique_ptr<driver::Compilation> comp;
  bool checkedClean = false;
  std::string codegenError;          // when codegen ran and failed
  std::vector<uint8_t> bytecode;     // when it succeeded
  std::shared_ptr<const Program> program; // when the bytecode loaded
  std::string loadError;
  unsigned errors() const { return comp->diags().errorCount(); }
  /// Whether some diagnostic carries this code ("E0008").
  bool has(const char *code) const;
  std::string firstErrors(size_t n = 3) const;
};

/// Loads `path` (and its imports) like `flowc check`, then, when it checks
/// clean, compiles and loads the bytecode.
Outcome compileFile(const std::string &path, driver::CompileOptions opts = {});
Outcome compileText(const std::string &text, driver::CompileOptions opts = {});

/// Runs `flowc ARGS...` (the built tool) and returns its wait status.
int runFlowc(const std::vector<std::string> &args);

/// UTF-8 of one code point.
void appendUtf8(std::string &out, uint32_t cp);

} // namespace callflow::adversarial
