// check_scale: times parse + check of generated diamond flows at 10k, 100k
// and 1M steps (or the sizes given as arguments) and prints the ratios.
// Times are user CPU seconds (the machine may be shared and noisy).
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "check_support.h"
#include "flow_gen.h"

using namespace callflow;

namespace {
double userSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
}
} // namespace

int main(int argc, char **argv) {
  std::vector<long> sizes;
  bool guards = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--guards"))
      guards = true;
    else
      sizes.push_back(std::atol(argv[i]));
  }
  if (sizes.empty())
    sizes = {10000, 100000, 1000000};
  double prev = 0;
  for (long steps : sizes) {
    std::string text = checktest::genDiamonds((int)(steps / 3), true, guards);
    llvm::SourceMgr sm;
    unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "gen.flow"),
                                        llvm::SMLoc());
    diag::DiagnosticEngine diags(sm);
    double t0 = userSeconds();
    auto file = parse::parseBuffer(sm, id, diags);
    double t1 = userSeconds();
    const ast::File *files[] = {file.get()};
    std::vector<std::pair<std::string, double>> phases;
    check::CheckOptions opts;
    opts.phaseTimes = &phases;
    auto program = check::checkProgram(files, sm, diags, opts);
    double t2 = userSeconds();
    double parse = t1 - t0, check = t2 - t1;
    std::printf("%8ld steps: parse %.3fs, check %.3fs (user CPU), %zu diagnostics", steps, parse,
                check, diags.diagnostics().size());
    if (prev > 0)
      std::printf(", check ratio to previous size %.1fx", check / prev);
    std::printf("\n");
    for (const auto &[name, secs] : phases)
      std::printf("    %-28s %.3fs\n", name.c_str(), secs);
    prev = check;
  }
  return 0;
}
