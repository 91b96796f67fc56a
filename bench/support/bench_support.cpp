// The timed compile pipeline and the walk replay used by the benchmarks and
// by `flowbench` (the comparison tool's callflow side).
#include "bench_support.h"

#include <chrono>

#include "check/check.h"
#include "check/sema.h"
#include "codegen/codegen.h"
#include "codegen/compile_file.h"
#include "driver/compilation.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::bench {

namespace {
double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
} // namespace

bool readWalk(const std::string &file, Walk &walk, std::string &error) {
  auto buf = llvm::MemoryBuffer::getFile(file);
  if (!buf) {
    error = file + ": " + buf.getError().message();
    return false;
  }
  llvm::Expected<llvm::json::Value> v = llvm::json::parse((*buf)->getBuffer());
  if (!v) {
    error = file + ": " + llvm::toString(v.takeError());
    return false;
  }
  const llvm::json::Object *o = v->getAsObject();
  const llvm::json::Array *path = o ? o->getArray("path") : nullptr;
  const llvm::json::Array *pick = o ? o->getArray("pick") : nullptr;
  const llvm::json::Array *label = o ? o->getArray("label") : nullptr;
  if (!path || !pick || !label || path->size() != pick->size() || path->size() != label->size()) {
    error = file + ": expected arrays path, pick and label of equal length";
    return false;
  }
  walk = Walk{};
  walk.path.reserve(path->size());
  for (size_t i = 0; i < path->size(); ++i) {
    auto p = (*path)[i].getAsInteger();
    auto k = (*pick)[i].getAsInteger();
    if (!p || !k || *p < 0) {
      error = file + ": bad entry " + std::to_string(i);
      return false;
    }
    walk.path.push_back(uint32_t(*p));
    walk.pick.push_back(int32_t(*k));
    auto l = (*label)[i].getAsString();
    walk.label.push_back(l ? l->str() : std::string());
  }
  return true;
}

CompileTimes compileFile(const std::string &path, bool codegen, unsigned threads, bool overlap) {
  CompileTimes t;
  driver::CompileOptions options;
  options.threads = threads;
  driver::Compilation comp(options);
  auto t0 = std::chrono::steady_clock::now();
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/true);
  t.read = secondsSince(t0);
  if (!buf) {
    t.errors = 1;
    t.firstError = path + ": " + buf.getError().message();
    return t;
  }
  t.sourceBytes = (*buf)->getBufferSize();
  t0 = std::chrono::steady_clock::now();
  comp.loadBuffer(std::move(*buf));
  t.parse = secondsSince(t0);
  const sema::Program *program = nullptr;
  codegen::Checked checked;
  if (codegen) {
    // As flowc build does it: codegen overlaps the checker's last passes.
    checked = codegen::checkAndGenerate(comp, codegen::Options(), overlap);
    program = checked.program;
    t.check = checked.checkSeconds;
    t.codegen = checked.codegenSeconds;
    t.checkPhases = checked.checkPhases;
  } else {
    check::CheckOptions checkOptions;
    checkOptions.phaseTimes = &t.checkPhases;
    t0 = std::chrono::steady_clock::now();
    program = comp.check(checkOptions);
    t.check = secondsSince(t0);
  }
  t.errors = comp.diags().errorCount();
  t.warnings = comp.diags().warningCount();
  if (t.errors) {
    for (const diag::Diagnostic &d : comp.diags().diagnostics()) {
      if (d.severity == diag::Severity::Error) {
        t.firstError = d.message;
        break;
      }
    }
    return t;
  }
  if (codegen && program) {
    if (!checked.code) {
      t.errors = 1;
      t.firstError = "codegen: " + checked.code.error;
      return t;
    }
    t.bytecode = std::move(checked.code.bytes);
  }
  return t;
}

bool mapSteps(const Program &program, const Walk &walk, std::vector<uint32_t> &graphIdOfStep,
              std::string &error) {
  graphIdOfStep.assign(program.steps().size(), kNone);
  for (size_t i = 0; i < program.steps().size(); ++i) {
    std::string_view id = program.string(program.steps()[i].id);
    if (id.size() < 2 || id[0] != 's')
      continue;
    uint32_t k = 0;
    bool digits = true;
    for (char c : id.substr(1)) {
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
      k = k * 10 + uint32_t(c - '0');
    }
    if (digits)
      graphIdOfStep[i] = k;
  }
  std::vector<bool> present;
  for (uint32_t k : graphIdOfStep)
    if (k != kNone) {
      if (present.size() <= k)
        present.resize(k + 1);
      present[k] = true;
    }
  for (uint32_t k : walk.path)
    if (k >= present.size() || !present[k]) {
      error = "the walk visits graph step " + std::to_string(k) + ", which the program lacks";
      return false;
    }
  return true;
}

ReplayStats replayWalk(const Program &program, const Walk &walk,
                       const std::vector<uint32_t> &graphIdOfStep, bool verify) {
  ReplayStats st;
  const int64_t n = int64_t(walk.path.size());
  Session s(program);
  int64_t visit = -1;       // index of the visit whose events are arriving
  uint32_t cur = kNone;     // its step
  bool boundary = true;     // the next event begins a new visit
  auto fail = [&](std::string why) {
    st.mismatch = "visit " + std::to_string(visit) + ": " + std::move(why);
  };
  while (st.mismatch.empty()) {
    const Event &e = s.next();
    if (boundary || e.step != cur) {
      if (verify && !boundary && visit >= 0 && walk.pick[size_t(visit)] != -1) {
        fail("left the step without the walk's choice or end");
        break;
      }
      if (visit + 1 == n)
        break; // every visit of the walk has been made
      ++visit;
      cur = e.step;
      boundary = false;
      if (verify && graphIdOfStep[e.step] != walk.path[size_t(visit)]) {
        fail("at graph step " + std::to_string(graphIdOfStep[e.step]) + ", the walk expects " +
             std::to_string(walk.path[size_t(visit)]));
        break;
      }
    }
    if (e.kind == EventKind::Say || e.kind == EventKind::Ask) {
      ++st.lines;
      st.bytes += e.text.size();
    }
    if (e.kind == EventKind::Ask) {
      int32_t p = walk.pick[size_t(visit)];
      if (p < 0 || size_t(p) >= e.options.size()) {
        fail("a choice where the walk has pick " + std::to_string(p));
        break;
      }
      if (verify && e.options[size_t(p)] != walk.label[size_t(visit)]) {
        fail("option '" + e.options[size_t(p)] + "', the walk expects '" +
             walk.label[size_t(visit)] + "'");
        break;
      }
      if (Answer a = s.choose(size_t(p)); !a) {
        fail("choose refused: " + a.error);
        break;
      }
      boundary = true;
    } else if (s.ended()) {
      if (verify && walk.pick[size_t(visit)] != -2) {
        fail("the session ended where the walk does not");
        break;
      }
      s = Session(program);
      ++st.restarts;
      boundary = true;
    } else if (e.waiting) {
      fail(std::string("unexpected waiting event ") + eventKindName(e.kind));
      break;
    }
  }
  st.visits = uint64_t(visit + 1);
  return st;
}

} // namespace callflow::bench
