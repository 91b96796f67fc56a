// Moving parsed declarations to another buffer holding the same text at
// another place: the language server keeps the declarations an edit did
// not touch and moves them into the buffer of the edited text, where they
// start `by` bytes further (by may be negative, and the new buffer is
// another allocation).
#pragma once

#include <cstddef>

#include "ast/ast.h"

namespace callflow::ast {

/// Moves every location in `d` (every node's range, every name's, every
/// placeholder's) by `by` bytes, and clears what the checker wrote on it
/// (Name::resolved), so that `d` is what parsing its text in the new buffer
/// builds.
void shiftLocations(Decl &d, std::ptrdiff_t by);
/// Same, for one range (a comment's, a control character's).
void shiftLocations(SMRange &r, std::ptrdiff_t by);

} // namespace callflow::ast
