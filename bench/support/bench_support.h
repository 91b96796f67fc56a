// Shared by the benchmarks and the comparison tool: the compile pipeline
// timed phase by phase (read, lex+parse, check, codegen, load+verify), and
// the replay of the peer harness's walk-N.json through a runtime Session.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "callflow/runtime.h"

namespace callflow::bench {

/// The peers' deterministic walk (shared/peers/README.md): path[v] is the
/// graph step id of visit v, pick[v] the option index (-1 goto, -2 end),
/// label[v] the chosen option's label ("" for goto/end).
struct Walk {
  std::vector<uint32_t> path;
  std::vector<int32_t> pick;
  std::vector<std::string> label;
};

/// Reads walk-N.json; returns false and sets `error` when it cannot.
bool readWalk(const std::string &file, Walk &walk, std::string &error);

/// Seconds spent in each phase of one compile, and what came out.
struct CompileTimes {
  double read = 0, parse = 0, check = 0, codegen = 0;
  /// Without codegen: the checker's phases, in order, in CPU seconds of
  /// the thread that ran each (check::CheckOptions::phaseTimes).
  std::vector<std::pair<std::string, double>> checkPhases;
  size_t sourceBytes = 0;
  std::vector<uint8_t> bytecode;
  unsigned errors = 0, warnings = 0;
  std::string firstError; // rendered, when errors != 0
  double total() const { return read + parse + check + codegen; }
};

/// Compiles a .flow file (and its imports) through the driver and codegen,
/// timing each phase. `codegen` false stops after the checker.
/// `threads`: CompileOptions::threads (0: one per core).
/// `overlap`: codegen::checkAndGenerate's; `codegen` is then the time codegen
/// took after the check had ended.
CompileTimes compileFile(const std::string &path, bool codegen = true, unsigned threads = 0,
                         bool overlap = true);

/// Maps the program's steps to graph ids: steps named `sK` are graph step K.
/// Returns false when a step of the walk has no counterpart.
bool mapSteps(const Program &program, const Walk &walk, std::vector<uint32_t> &graphIdOfStep,
              std::string &error);

struct ReplayStats {
  uint64_t visits = 0;   // step visits (gotos count, as in the peers)
  uint64_t lines = 0;    // rendered lines (say + ask question)
  uint64_t bytes = 0;    // rendered bytes
  uint64_t restarts = 0; // sessions begun after an end
  std::string mismatch;  // empty when the run matched the walk
};

/// Replays `walk` through sessions of `program`: every event is rendered,
/// choices pick walk.pick[v], and an end starts a new session. When
/// `verify`, checks every visit's step, every option label and every end
/// against the walk (slower: for the correctness pass only).
ReplayStats replayWalk(const Program &program, const Walk &walk,
                       const std::vector<uint32_t> &graphIdOfStep, bool verify);

} // namespace callflow::bench
