// Google Benchmark microbenchmarks of every phase on the peers' generated
// flows (bench/graph_to_flow.py of shared/peers graph-N.json):
//   LexParse   parse::parseBuffer (ANTLR lexer + parser + AST building)
//   Check      check::checkProgram over the parsed file
//   Codegen    codegen::generate over the checked program
//   Compile    the three together, as `flowc compile` runs them
//   LoadVerify Program::load (the verifier) over the bytecode
//   Walk       the replay of walk-N.json: steps/s with every line rendered
//
//   phases_bench --flows=DIR [--sizes=1000,10000,100000] [benchmark flags]
//
// DIR holds flow-N.flow and walk-N.json (bench/compare prepares it). The
// walk is verified against the program once, untimed, before it is timed.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench_support.h"
#include "check/check.h"
#include "codegen/codegen.h"
#include "diag/diagnostic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "parse/parse.h"

namespace {

using namespace callflow;

struct Sized {
  std::string dir;
  unsigned n = 0;
  std::string source;
  // Built lazily, each from the previous.
  std::unique_ptr<llvm::SourceMgr> sm;
  std::unique_ptr<diag::DiagnosticEngine> diags;
  std::unique_ptr<ast::File> file;
  std::unique_ptr<sema::Program> program;
  std::vector<uint8_t> bytecode;
  std::shared_ptr<const Program> loaded;
  bench::Walk walk;
  std::vector<uint32_t> graphIds;
  bool walkChecked = false;

  std::string flowPath() const { return dir + "/flow-" + std::to_string(n) + ".flow"; }
  std::string walkPath() const { return dir + "/walk-" + std::to_string(n) + ".json"; }

  bool parsed(benchmark::State &state) {
    if (file)
      return true;
    sm = std::make_unique<llvm::SourceMgr>();
    unsigned id = sm->AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(source, flowPath()), {});
    diags = std::make_unique<diag::DiagnosticEngine>(*sm);
    file = parse::parseBuffer(*sm, id, *diags);
    file->bufferId = id;
    file->path = flowPath();
    return ok(state, "parse");
  }
  bool checked(benchmark::State &state) {
    if (program)
      return true;
    if (!parsed(state))
      return false;
    const ast::File *f = file.get();
    program = check::checkProgram(llvm::ArrayRef<const ast::File *>(&f, 1), *sm, *diags);
    return ok(state, "check");
  }
  bool compiled(benchmark::State &state) {
    if (!bytecode.empty())
      return true;
    if (!checked(state))
      return false;
    codegen::Result r = codegen::generate(*program, *sm);
    if (!r) {
      state.SkipWithError(("codegen: " + r.error).c_str());
      return false;
    }
    bytecode = std::move(r.bytes);
    return true;
  }
  bool walkReady(benchmark::State &state) {
    if (walkChecked)
      return true;
    if (!compiled(state))
      return false;
    Loaded l = Program::load(bytecode);
    if (!l) {
      state.SkipWithError(("load: " + l.error.str()).c_str());
      return false;
    }
    loaded = l.program;
    std::string error;
    if (!bench::readWalk(walkPath(), walk, error) || !bench::mapSteps(*loaded, walk, graphIds, error)) {
      state.SkipWithError(error.c_str());
      return false;
    }
    bench::ReplayStats st = bench::replayWalk(*loaded, walk, graphIds, /*verify=*/true);
    if (!st.mismatch.empty() || st.visits != walk.path.size()) {
      state.SkipWithError(("walk mismatch: " + st.mismatch).c_str());
      return false;
    }
    walkChecked = true;
    return true;
  }
  bool ok(benchmark::State &state, const char *phase) {
    if (!diags->hasErrors())
      return true;
    std::string msg = std::string(phase) + ": " + diags->diagnostics().front().message;
    state.SkipWithError(msg.c_str());
    return false;
  }
};

void setSourceCounters(benchmark::State &state, const Sized &s) {
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(s.source.size()));
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(s.n));
  state.counters["source_bytes"] = double(s.source.size());
}

void BM_LexParse(benchmark::State &state, Sized *s) {
  for (auto _ : state) {
    llvm::SourceMgr sm;
    unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(s->source, "bench.flow"), {});
    diag::DiagnosticEngine diags(sm);
    std::unique_ptr<ast::File> f = parse::parseBuffer(sm, id, diags);
    if (diags.hasErrors()) {
      state.SkipWithError(diags.diagnostics().front().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(f.get());
  }
  setSourceCounters(state, *s);
}

void BM_Check(benchmark::State &state, Sized *s) {
  if (!s->parsed(state))
    return;
  const ast::File *f = s->file.get();
  for (auto _ : state) {
    diag::DiagnosticEngine diags(*s->sm);
    auto p = check::checkProgram(llvm::ArrayRef<const ast::File *>(&f, 1), *s->sm, diags);
    if (diags.hasErrors()) {
      state.SkipWithError(diags.diagnostics().front().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(p.get());
  }
  setSourceCounters(state, *s);
}

void BM_Codegen(benchmark::State &state, Sized *s) {
  if (!s->checked(state))
    return;
  size_t size = 0;
  for (auto _ : state) {
    codegen::Result r = codegen::generate(*s->program, *s->sm);
    if (!r) {
      state.SkipWithError(r.error.c_str());
      break;
    }
    size = r.bytes.size();
  }
  setSourceCounters(state, *s);
  state.counters["bytecode_bytes"] = double(size);
  state.counters["bytecode/source"] = double(size) / double(s->source.size());
}

void BM_Compile(benchmark::State &state, Sized *s) {
  for (auto _ : state) {
    llvm::SourceMgr sm;
    unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(s->source, "bench.flow"), {});
    diag::DiagnosticEngine diags(sm);
    std::unique_ptr<ast::File> f = parse::parseBuffer(sm, id, diags);
    f->bufferId = id;
    const ast::File *fp = f.get();
    auto p = check::checkProgram(llvm::ArrayRef<const ast::File *>(&fp, 1), sm, diags);
    if (diags.hasErrors()) {
      state.SkipWithError(diags.diagnostics().front().message.c_str());
      break;
    }
    codegen::Result r = codegen::generate(*p, sm);
    if (!r) {
      state.SkipWithError(r.error.c_str());
      break;
    }
    benchmark::DoNotOptimize(r.bytes.data());
  }
  setSourceCounters(state, *s);
}

void BM_LoadVerify(benchmark::State &state, Sized *s) {
  if (!s->compiled(state))
    return;
  for (auto _ : state) {
    Loaded l = Program::load(s->bytecode);
    if (!l) {
      state.SkipWithError(l.error.str().c_str());
      break;
    }
    benchmark::DoNotOptimize(l.program.get());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(s->bytecode.size()));
  state.counters["bytecode_bytes"] = double(s->bytecode.size());
}

void BM_Walk(benchmark::State &state, Sized *s) {
  if (!s->walkReady(state))
    return;
  uint64_t visits = 0, lines = 0;
  for (auto _ : state) {
    bench::ReplayStats st = bench::replayWalk(*s->loaded, s->walk, s->graphIds, /*verify=*/false);
    visits += st.visits;
    lines += st.lines;
    benchmark::DoNotOptimize(st.bytes);
  }
  state.counters["steps/s"] = benchmark::Counter(double(visits), benchmark::Counter::kIsRate);
  state.counters["lines/s"] = benchmark::Counter(double(lines), benchmark::Counter::kIsRate);
}

bool readFile(const std::string &path, std::string &out) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf)
    return false;
  out = (*buf)->getBuffer().str();
  return true;
}

} // namespace

int main(int argc, char **argv) {
  std::string dir;
  std::vector<unsigned> sizes = {1000, 10000, 100000};
  std::vector<char *> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--flows=", 8) == 0) {
      dir = argv[i] + 8;
    } else if (std::strncmp(argv[i], "--sizes=", 8) == 0) {
      sizes.clear();
      for (const char *p = argv[i] + 8; *p;) {
        char *end;
        sizes.push_back(unsigned(std::strtoul(p, &end, 10)));
        p = *end ? end + 1 : end;
      }
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (dir.empty()) {
    std::fprintf(stderr, "usage: %s --flows=DIR [--sizes=N,...] [benchmark flags]\n"
                         "  DIR holds flow-N.flow and walk-N.json (see bench/compare)\n", argv[0]);
    return 2;
  }
  std::vector<std::unique_ptr<Sized>> inputs; // outlive the benchmarks
  for (unsigned n : sizes) {
    auto s = std::make_unique<Sized>();
    s->dir = dir;
    s->n = n;
    if (!readFile(s->flowPath(), s->source)) {
      std::fprintf(stderr, "skipping N=%u: cannot read %s\n", n, s->flowPath().c_str());
      continue;
    }
    Sized *p = s.get();
    inputs.push_back(std::move(s));
    std::string suffix = "/" + std::to_string(n);
    auto unit = benchmark::kMillisecond;
    benchmark::RegisterBenchmark(("LexParse" + suffix).c_str(), BM_LexParse, p)->Unit(unit);
    benchmark::RegisterBenchmark(("Check" + suffix).c_str(), BM_Check, p)->Unit(unit);
    benchmark::RegisterBenchmark(("Codegen" + suffix).c_str(), BM_Codegen, p)->Unit(unit);
    benchmark::RegisterBenchmark(("Compile" + suffix).c_str(), BM_Compile, p)->Unit(unit);
    benchmark::RegisterBenchmark(("LoadVerify" + suffix).c_str(), BM_LoadVerify, p)->Unit(unit);
    benchmark::RegisterBenchmark(("Walk" + suffix).c_str(), BM_Walk, p)->Unit(unit);
  }
  int rc = int(rest.size());
  benchmark::Initialize(&rc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
