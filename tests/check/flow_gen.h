// Generated flows for the checker's scale tests: chains of diamonds whose
// paths double at every diamond.
#pragma once

#include <string>

namespace callflow::checktest {

/// A flow of `diamonds` diamonds (3 steps each) and a final step that
/// creates a Case; 3 * diamonds + 1 steps, 2^diamonds paths. With
/// `violation`, the right arm of the last diamond sets the interaction to
/// internal_employee without the alias that is then required.
std::string genDiamonds(int diamonds, bool violation);

} // namespace callflow::checktest
