// A function run on a thread of its own, for the work the compiler
// overlaps: the checker's prices in lines beside its path searches
// (check.cpp), codegen beside the checker's last passes, the string table
// beside serialize(), the coder's two budgets (codegen), the verifier's two
// halves of a large CODE section (flowc build, flowrun).
#pragma once

#include <exception>
#include <functional>
#include <system_error>
#include <thread>
#include <utility>

namespace callflow {

/// join() waits for the function and rethrows what it threw; the
/// destructor waits too (and drops an exception nobody asked for: the
/// caller is already failing or returning), so no way out leaves the
/// thread running.
class Aside {
public:
  Aside() = default;
  Aside(const Aside &) = delete;
  Aside &operator=(const Aside &) = delete;

  /// Starts `fn`; false (and nothing ran) when no thread is to be had.
  bool start(std::function<void()> fn) {
    try {
      thread_ = std::thread([this, fn = std::move(fn)] {
        try {
          fn();
        } catch (...) {
          failed_ = std::current_exception();
        }
      });
      return true;
    } catch (const std::system_error &) {
      return false;
    }
  }
  void join() {
    if (thread_.joinable())
      thread_.join();
    if (std::exception_ptr e = std::exchange(failed_, nullptr))
      std::rethrow_exception(e);
  }
  ~Aside() {
    if (thread_.joinable())
      thread_.join();
  }

private:
  std::thread thread_;
  std::exception_ptr failed_;
};

/// A runtime RunBoth (callflow/run_both.h) on two threads: `g` aside, `f`
/// here; one after the other when no thread is to be had.
inline void runBoth(const std::function<void()> &f, const std::function<void()> &g) {
  Aside other;
  if (!other.start(g)) {
    f();
    g();
    return;
  }
  f();
  other.join();
}

} // namespace callflow
