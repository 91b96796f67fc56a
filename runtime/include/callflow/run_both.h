// RunBoth: how a host lends the runtime a second thread. The runtime starts
// no thread of its own; where a large input splits into two independent
// halves (format 5's string coder learning its two budgets, the verifier's
// pass over a large CODE section), it hands both halves to the host's
// RunBoth, which runs them on two threads or one after the other.
#pragma once

#include <functional>

namespace callflow {

/// Runs both functions and returns when both have returned, on two threads
/// or one after the other; an exception from either propagates.
using RunBoth = std::function<void(const std::function<void()> &, const std::function<void()> &)>;

} // namespace callflow
