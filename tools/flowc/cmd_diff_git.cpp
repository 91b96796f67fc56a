// `flowc diff`'s loading: the root flows of a path, each loaded, checked
// and compiled (both sides on their own threads), and the flows of a git
// revision read with `git show REV:path` into a temporary tree.
#include "diff_load.h"

#include <thread>

#include "codegen/compile_file.h"
#include "lint/runner.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

namespace fs = llvm::sys::fs;

namespace flowc::diffload {

std::vector<std::string> rootsUnder(const std::string &path, std::vector<std::string> &errors) {
  if (!fs::is_directory(path)) {
    if (!fs::exists(path))
      errors.push_back(path + ": no such file or directory");
    return fs::exists(path) ? std::vector<std::string>{path} : std::vector<std::string>{};
  }
  std::vector<std::string> roots;
  for (const std::string &f : callflow::lint::findFlowFiles({path}, {}, errors)) {
    auto buf = llvm::MemoryBuffer::getFile(f);
    if (!buf) {
      errors.push_back(f + ": cannot read");
      continue;
    }
    if (callflow::lint::outlineFlow((*buf)->getBuffer()).hasFlow)
      roots.push_back(f);
  }
  return roots;
}

void loadRoots(const std::vector<std::string> &roots, const callflow::driver::CompileOptions &opts,
               const std::function<std::string(const std::string &)> &labelOf, LoadedSide &side) {
  for (const std::string &r : roots) {
    LoadedFlow f;
    f.compilation = std::make_unique<callflow::driver::Compilation>(opts);
    f.label = labelOf(r);
    if (!f.compilation->load(r) || f.compilation->ioFailed()) {
      side.errors.push_back(r + ": cannot read");
      continue;
    }
    callflow::codegen::Options co;
    co.pathBase = f.compilation->projectRoot();
    callflow::codegen::Checked checked = callflow::codegen::checkAndGenerate(*f.compilation, co);
    f.program = checked.program;
    if (checked.clean && checked.code)
      f.bytecode = std::move(checked.code.bytes);
    if (f.program)
      side.flows.push_back(std::move(f));
  }
}

int runCapture(const std::vector<std::string> &args, std::string &out, std::string &error) {
  auto prog = llvm::sys::findProgramByName(args.at(0));
  if (!prog) {
    error = args[0] + ": not found on PATH";
    return -1;
  }
  llvm::SmallString<128> outFile, errFile;
  if (fs::createTemporaryFile("flowc-diff", "out", outFile) ||
      fs::createTemporaryFile("flowc-diff", "err", errFile)) {
    error = "cannot create a temporary file";
    return -1;
  }
  std::vector<llvm::StringRef> argv(args.begin(), args.end());
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(outFile),
                                                 llvm::StringRef(errFile)};
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(*prog, argv, llvm::None, redirects, /*SecondsToWait=*/120, 0,
                                     &msg);
  auto buf = llvm::MemoryBuffer::getFile(outFile);
  auto ebuf = llvm::MemoryBuffer::getFile(errFile);
  fs::remove(outFile);
  fs::remove(errFile);
  if (buf)
    out = (*buf)->getBuffer().str();
  if (rc != 0) {
    error = args[0] + " " + (args.size() > 1 ? args[1] : "") + " failed (exit " + std::to_string(rc) + ")";
    if (!msg.empty())
      error += ": " + msg;
    if (ebuf && !(*ebuf)->getBuffer().trim().empty())
      error += ": " + (*ebuf)->getBuffer().trim().str();
  }
  return rc;
}

std::string gitTopLevel(std::string &error) {
  std::string out;
  if (runCapture({"git", "rev-parse", "--show-toplevel"}, out, error) != 0)
    return "";
  return llvm::StringRef(out).trim().str();
}

bool materializeRevision(const std::string &rev, const std::vector<std::string> &pathspecs,
                         const std::string &dir, std::vector<std::string> &files, std::string &error) {
  std::string commit;
  if (runCapture({"git", "rev-parse", "--verify", "--quiet", rev + "^{commit}"}, commit, error) != 0) {
    error = "'" + rev + "' is not a git revision" + (error.empty() ? "" : " (" + error + ")");
    return false;
  }
  std::vector<std::string> ls{"git", "ls-tree", "-r", "-z", "--full-name", "--name-only", rev};
  if (!pathspecs.empty()) {
    ls.push_back("--");
    ls.insert(ls.end(), pathspecs.begin(), pathspecs.end());
  }
  std::string listing;
  if (runCapture(ls, listing, error) != 0)
    return false;
  llvm::SmallVector<llvm::StringRef, 64> names;
  llvm::StringRef(listing).split(names, '\0', -1, false);
  // The project files sit at the top or above the flows: take them all.
  std::string configs;
  runCapture({"git", "ls-tree", "-r", "-z", "--full-name", "--name-only", rev}, configs, error);
  llvm::SmallVector<llvm::StringRef, 64> all;
  llvm::StringRef(configs).split(all, '\0', -1, false);
  for (llvm::StringRef n : all)
    if (llvm::sys::path::filename(n) == ".flowconfig")
      names.push_back(n);
  error.clear();
  for (llvm::StringRef n : names) {
    if (!n.endswith(".flow") && llvm::sys::path::filename(n) != ".flowconfig")
      continue;
    std::string text;
    if (runCapture({"git", "show", rev + ":" + n.str()}, text, error) != 0)
      return false;
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, n);
    if (fs::create_directories(llvm::sys::path::parent_path(path))) {
      error = "cannot create " + llvm::sys::path::parent_path(path).str();
      return false;
    }
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec) {
      error = "cannot write " + path.str().str() + ": " + ec.message();
      return false;
    }
    os << text;
    if (n.endswith(".flow"))
      files.push_back(path.str().str());
  }
  return true;
}

} // namespace flowc::diffload
