// The differential check between the hand-written Scanner and the
// ANTLR-generated FlowLexer (the reference): both lex one buffer and must
// give the same tokens (type, channel, byte range, text).
#pragma once

#include <string>

#include "llvm/ADT/StringRef.h"

namespace callflow::testing {

struct LexComparison {
  size_t tokens = 0;  // tokens compared (EOF included)
  std::string error;  // the first difference, empty when the streams agree
};

/// `src` must be valid UTF-8 without NUL bytes (what the parser lexes).
LexComparison compareLexers(llvm::StringRef src);

} // namespace callflow::testing
