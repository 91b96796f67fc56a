// Helpers for the adversarial-input tests (see adversarial_support.h).
#include "adversarial_support.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

#include "check/sema.h"
#include "codegen/codegen.h"
#include "llvm/Support/MemoryBuffer.h"

extern char **environ;

namespace callflow::adversarial {

namespace fs = std::filesystem;

std::string scratchDir(const std::string &name) {
  fs::path dir = fs::path(CALLFLOW_BINARY_DIR) / "tests" / "adversarial" / "inputs" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  // The project root for imports: nothing above it is reachable.
  std::ofstream(dir / ".flowconfig") << "";
  return dir.string();
}

void writeFile(const std::string &path, const std::string &text) {
  std::ofstream f(path, std::ios::binary);
  f.write(text.data(), std::streamsize(text.size()));
}

bool Outcome::has(const char *code) const {
  for (const diag::Diagnostic &d : comp->diags().diagnostics())
    if (d.info().code == std::string_view(code))
      return true;
  return false;
}

std::string Outcome::firstErrors(size_t n) const {
  std::string s;
  for (const diag::Diagnostic &d : comp->diags().diagnostics())
    if (d.severity == diag::Severity::Error && n-- > 0)
      s += d.messageWithCode() + "\n";
  return s;
}

static void finish(Outcome &o) {
  const sema::Program *p = o.comp->check();
  o.checkedClean = p && p->clean && !o.comp->diags().hasErrors();
  if (!o.checkedClean)
    return;
  codegen::Result r = codegen::generate(*p, o.comp->sourceMgr());
  if (!r) {
    o.codegenError = r.error;
    return;
  }
  o.bytecode = std::move(r.bytes);
  Loaded l = Program::load(o.bytecode);
  if (l)
    o.program = l.program;
  else
    o.loadError = l.error.str();
}

Outcome compileFile(const std::string &path, driver::CompileOptions opts) {
  Outcome o;
  o.comp = std::make_unique<driver::Compilation>(std::move(opts));
  o.comp->load(path);
  finish(o);
  return o;
}

Outcome compileText(const std::string &text, driver::CompileOptions opts) {
  Outcome o;
  o.comp = std::make_unique<driver::Compilation>(std::move(opts));
  o.comp->loadBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "adversarial.flow"));
  finish(o);
  return o;
}

int runFlowc(const std::vector<std::string> &args) {
  std::vector<std::string> all{CALLFLOW_FLOWC};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char *> argv;
  for (std::string &a : all)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

void appendUtf8(std::string &out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

} // namespace callflow::adversarial
