// Generated flows for the checker's scale tests: chains of diamonds whose
// paths double at every diamond.
#pragma once

#include <string>

namespace callflow::checktest {

/// A flow of `diamonds` diamonds (3 steps each) and a final step that
/// creates a Case; 3 * diamonds + 1 steps, 2^diamonds paths. With
/// `violation`, the right arm of the last diamond sets the interaction to
/// internal_employee without the alias that is then required. With
/// `guards`, every diamond after the first starts with
/// `if Case.interaction == internal_employee { say "{Case.alias}" }`: the
/// alias is set on every path on which that branch can be taken (a
/// correlation the path searches must track to raise no alarm).
std::string genDiamonds(int diamonds, bool violation, bool guards = false);

} // namespace callflow::checktest
