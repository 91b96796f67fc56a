// check_scale: times parse + check of generated diamond flows at 10k, 100k
// and 1M steps (or the sizes given as arguments) and prints the ratios.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "check_support.h"
#include "flow_gen.h"

using namespace callflow;
using Clock = std::chrono::steady_clock;

int main(int argc, char **argv) {
  std::vector<long> sizes = {10000, 100000, 1000000};
  if (argc > 1) {
    sizes.clear();
    for (int i = 1; i < argc; ++i)
      sizes.push_back(std::atol(argv[i]));
  }
  double prev = 0;
  for (long steps : sizes) {
    std::string text = checktest::genDiamonds((int)(steps / 3), true);
    llvm::SourceMgr sm;
    unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "gen.flow"),
                                        llvm::SMLoc());
    diag::DiagnosticEngine diags(sm);
    auto t0 = Clock::now();
    auto file = parse::parseBuffer(sm, id, diags);
    auto t1 = Clock::now();
    const ast::File *files[] = {file.get()};
    std::vector<std::pair<std::string, double>> phases;
    check::CheckOptions opts;
    opts.phaseTimes = &phases;
    auto program = check::checkProgram(files, sm, diags, opts);
    auto t2 = Clock::now();
    double parse = std::chrono::duration<double>(t1 - t0).count();
    double check = std::chrono::duration<double>(t2 - t1).count();
    std::printf("%8ld steps: parse %.3fs, check %.3fs, %zu diagnostics%s", steps, parse, check,
                diags.diagnostics().size(), prev > 0 ? "" : "\n");
    if (prev > 0)
      std::printf(", check ratio to previous size %.1fx\n", check / prev);
    for (const auto &[name, secs] : phases)
      std::printf("    %-28s %.3fs\n", name.c_str(), secs);
    prev = check;
  }
  return 0;
}
