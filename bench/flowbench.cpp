// flowbench: callflow's side of bench/compare. One phase per process, so
// that the parent can take each phase's peak RSS from the child:
//
//   flowbench compile FLOW [-o OUT.cfb]   read + parse + check + codegen
//   flowbench check FLOW                  read + parse + check (and the CPU
//                                         seconds of each of its phases)
//     --threads=N: the compilation's thread budget, CompileOptions::threads
//                  (default: one per core; 1: parse, check and codegen on
//                  one thread)
//     --no-overlap: codegen after the check, not overlapping its last passes
//   flowbench run BYTECODE WALK [--runs=K]  load+verify, verify the walk,
//                                           then K timed replays
//
// Prints one JSON object on stdout (seconds, bytes, counts). Exit status:
// 0 ok, 1 the flow or the walk failed, 2 usage or I/O.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace {

using namespace callflow;

int usage() {
  std::fprintf(stderr, "usage: flowbench compile FLOW [-o OUT] [--threads=N] [--no-overlap] | check FLOW [--threads=N] | run BYTECODE WALK [--runs=K]\n");
  return 2;
}

void print(llvm::json::Object o) {
  llvm::outs() << llvm::json::Value(std::move(o)) << "\n";
}

int compileOrCheck(const std::string &flow, bool codegen, const std::string &out,
                   unsigned threads, bool overlap) {
  bench::CompileTimes t = bench::compileFile(flow, codegen, threads, overlap);
  // "compile_seq": one thread (a parse in one piece, codegen after the
  // check: the phases' own costs, for their scaling); "compile": as flowc
  // build does it.
  const bool seq = threads == 1;
  llvm::json::Object o{{"phase", codegen ? (seq ? "compile_seq" : "compile") : "check"},
                       {"source_bytes", int64_t(t.sourceBytes)},
                       {"read_s", t.read},
                       {"parse_s", t.parse},
                       {"check_s", t.check},
                       {"codegen_s", t.codegen},
                       {"total_s", t.total()},
                       {"errors", int64_t(t.errors)},
                       {"warnings", int64_t(t.warnings)},
                       {"bytecode_bytes", int64_t(t.bytecode.size())}};
  if (t.errors)
    o["first_error"] = t.firstError;
  if (!t.checkPhases.empty()) { // in order: [["declarations", 0.03], ...]
    llvm::json::Array phases;
    for (const auto &[name, seconds] : t.checkPhases)
      phases.push_back(llvm::json::Array{name, seconds});
    o["check_phases_cpu_s"] = std::move(phases);
  }
  print(std::move(o));
  if (t.errors)
    return 1;
  if (!out.empty()) {
    std::ofstream f(out, std::ios::binary);
    f.write(reinterpret_cast<const char *>(t.bytecode.data()), std::streamsize(t.bytecode.size()));
    if (!f)
      return 2;
  }
  return 0;
}

int run(const std::string &bytecodeFile, const std::string &walkFile, int runs) {
  auto buf = llvm::MemoryBuffer::getFile(bytecodeFile);
  if (!buf) {
    std::fprintf(stderr, "%s: %s\n", bytecodeFile.c_str(), buf.getError().message().c_str());
    return 2;
  }
  // The file in memory, as a host holds it before loading (ink's load is
  // timed from the JSON text in memory too); Program::load adopts it.
  std::vector<uint8_t> bytes((*buf)->getBufferStart(), (*buf)->getBufferEnd());
  const size_t bytecodeBytes = bytes.size();
  auto t0 = std::chrono::steady_clock::now();
  Loaded l = Program::load(std::move(bytes));
  double load = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!l) {
    std::fprintf(stderr, "load: %s\n", l.error.str().c_str());
    return 1;
  }
  bench::Walk walk;
  std::vector<uint32_t> ids;
  std::string error;
  if (!bench::readWalk(walkFile, walk, error) || !bench::mapSteps(*l.program, walk, ids, error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 2;
  }
  bench::ReplayStats check = bench::replayWalk(*l.program, walk, ids, /*verify=*/true);
  bool verified = check.mismatch.empty() && check.visits == walk.path.size();
  if (!verified) {
    std::fprintf(stderr, "walk mismatch: %s\n", check.mismatch.c_str());
    return 1;
  }
  // The first replay warms caches, as the peers warm their JIT.
  bench::replayWalk(*l.program, walk, ids, false);
  std::vector<double> times;
  bench::ReplayStats st;
  for (int i = 0; i < runs; ++i) {
    t0 = std::chrono::steady_clock::now();
    st = bench::replayWalk(*l.program, walk, ids, false);
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  double median = times[times.size() / 2];
  print(llvm::json::Object{{"phase", "run"},
                           {"bytecode_bytes", int64_t(bytecodeBytes)},
                           {"load_verify_s", load},
                           {"verified", verified},
                           {"visits", int64_t(st.visits)},
                           {"lines", int64_t(st.lines)},
                           {"rendered_bytes", int64_t(st.bytes)},
                           {"restarts", int64_t(st.restarts)},
                           {"runs", runs},
                           {"walk_s", median},
                           {"steps_per_s", double(st.visits) / median},
                           {"lines_per_s", double(st.lines) / median}});
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3)
    return usage();
  std::string cmd = argv[1];
  if (cmd == "compile" || cmd == "check") {
    std::string out;
    unsigned threads = 0;
    bool overlap = true;
    for (int i = 3; i < argc; ++i) {
      if (std::strcmp(argv[i], "-o") == 0 && i + 1 < argc)
        out = argv[++i];
      else if (std::strncmp(argv[i], "--threads=", 10) == 0)
        threads = unsigned(std::max(1, std::atoi(argv[i] + 10)));
      else if (std::strcmp(argv[i], "--no-overlap") == 0)
        overlap = false;
      else
        return usage();
    }
    return compileOrCheck(argv[2], cmd == "compile", out, threads, overlap);
  }
  if (cmd == "run" && argc >= 4) {
    int runs = 5;
    if (argc == 5 && std::strncmp(argv[4], "--runs=", 7) == 0)
      runs = std::max(1, std::atoi(argv[4] + 7));
    return run(argv[2], argv[3], runs);
  }
  return usage();
}
