// Helpers shared by the pattern engine tests: compile-or-fail and compile-error.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>

#include "callflow/pattern.h"

namespace callflow::test {

// Compiles `src`, recording a test failure (and returning the empty pattern)
// if it does not compile.
inline Pattern compiled(std::string_view src) {
  auto r = Pattern::compile(src);
  if (auto *e = std::get_if<PatternError>(&r)) {
    ADD_FAILURE() << "pattern '" << src << "' failed to compile: " << e->message;
    return Pattern();
  }
  return std::get<Pattern>(std::move(r));
}

// The error compiling `src` produces; a test failure if it compiles.
inline PatternError compileError(std::string_view src) {
  auto r = Pattern::compile(src);
  if (auto *e = std::get_if<PatternError>(&r)) return *e;
  ADD_FAILURE() << "pattern '" << src << "' compiled but should not";
  return PatternError{"<compiled>", static_cast<size_t>(-1)};
}

}  // namespace callflow::test
