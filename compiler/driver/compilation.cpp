// Loading a flow: reading files safely, resolving imports (relative to the
// importing file, then -I paths, never outside the project root and the -I
// directories), parsing each file once, and reporting cycles.
#include "driver/compilation.h"
#include "driver/files.h"

#include "check/sema.h"
#include "parse/parse.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Threading.h"

namespace callflow::driver {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {
std::string realPath(llvm::StringRef p) {
  llvm::SmallString<256> out;
  if (fs::real_path(p, out))
    return p.str();
  return std::string(out);
}

bool isWithin(llvm::StringRef file, llvm::StringRef dir) {
  if (dir.empty())
    return true;
  if (!file.startswith(dir))
    return false;
  return file.size() == dir.size() || path::is_separator(file[dir.size()]) ||
         path::is_separator(dir.back());
}
} // namespace

std::string findProjectRoot(llvm::StringRef file) {
  llvm::SmallString<256> dir(realPath(file));
  path::remove_filename(dir);
  std::string fallback(dir);
  for (llvm::StringRef d = dir; !d.empty(); d = path::parent_path(d)) {
    llvm::SmallString<256> probe(d);
    path::append(probe, ".flowconfig");
    if (fs::exists(probe))
      return d.str();
    probe = d;
    path::append(probe, ".git");
    if (fs::exists(probe))
      return d.str();
  }
  return fallback;
}

Compilation::Compilation(CompileOptions options)
    : options_(std::move(options)), diags_(sm_, options_.warnings) {
  diags_.setErrorLimit(options_.errorLimit);
  diags_.setWarningLimit(options_.warningLimit);
  sm_.setIncludeDirs(options_.includePaths);
}

Compilation::~Compilation() = default;

std::vector<unsigned> Compilation::bufferIds() const {
  std::vector<unsigned> ids;
  for (const ast::File *f : fileOrder_)
    ids.push_back(f->bufferId);
  return ids;
}

std::unique_ptr<llvm::MemoryBuffer> Compilation::readFile(llvm::StringRef p, llvm::SMRange at) {
  if (options_.overlay)
    if (std::unique_ptr<llvm::MemoryBuffer> b = options_.overlay(p))
      return b;
  fs::file_status st;
  if (std::error_code ec = fs::status(p, st)) {
    diags_.report(diag::DiagId::FileNotReadable, at, {p.str(), ec.message()});
    return nullptr;
  }
  if (fs::is_directory(st)) {
    diags_.report(diag::DiagId::FileIsDirectory, at, {p.str()});
    return nullptr;
  }
  // Never more than maxFileSize bytes, whatever the file is (a FIFO or a
  // device has no size to check first).
  ReadResult r = readFileBounded(p, options_.maxFileSize, threads());
  if (r.tooLarge && fs::is_regular_file(st)) {
    diags_.report(diag::DiagId::FileTooLarge, at,
                  {p.str(), std::to_string(r.size), std::to_string(options_.maxFileSize)});
    return nullptr;
  }
  if (r.tooLarge) {
    diags_.report(diag::DiagId::FileNotReadable, at,
                  {p.str(), "it holds more than " + std::to_string(options_.maxFileSize) +
                                " bytes (the limit)"});
    return nullptr;
  }
  if (!r) {
    diags_.report(diag::DiagId::FileNotReadable, at, {p.str(), r.error.message()});
    return nullptr;
  }
  return std::move(r.buffer);
}

unsigned Compilation::threads() const {
  return options_.threads ? options_.threads : llvm::hardware_concurrency().compute_thread_count();
}

const ast::File *Compilation::parseNew(std::unique_ptr<llvm::MemoryBuffer> buffer,
                                       const std::string &key, const RootParser *reuse) {
  std::string name = buffer->getBufferIdentifier().str();
  unsigned id = sm_.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  parse::ParseOptions popts;
  popts.maxNesting = options_.maxNesting;
  popts.maxExprDepth = options_.maxExprDepth;
  popts.threads = threads();
  const size_t diagsBefore = diags_.diagnostics().size();
  std::unique_ptr<ast::File> file = reuse && *reuse ? (*reuse)(sm_, id) : nullptr;
  if (!file)
    file = parse::parseBuffer(sm_, id, diags_, popts);
  if (fileOrder_.empty())
    rootClean_ = diags_.diagnostics().size() == diagsBefore;
  file->bufferId = id;
  file->path = name;
  const ast::File *raw = file.get();
  owned_.push_back(std::move(file));
  fileOrder_.push_back(raw);
  byPath_[key] = raw;
  return raw;
}

bool Compilation::load(llvm::StringRef p) {
  auto buffer = readFile(p, {});
  if (!buffer) {
    ioFailed_ = true;
    return false;
  }
  root_ = options_.projectRoot.empty() ? findProjectRoot(p) : realPath(options_.projectRoot);
  setAllowedRoots();
  std::string key = realPath(p);
  const ast::File *file = parseNew(std::move(buffer), key);
  std::vector<std::string> stack{key};
  visit_[key] = Visit::InProgress;
  loadImports(*file, stack);
  visit_[key] = Visit::Done;
  return true;
}

bool Compilation::loadBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer) {
  return loadBuffer(std::move(buffer), RootParser());
}

bool Compilation::loadBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer, const RootParser &reuse) {
  std::string key = buffer->getBufferIdentifier().str();
  if (root_.empty())
    root_ = options_.projectRoot.empty() ? std::string() : realPath(options_.projectRoot);
  setAllowedRoots();
  const ast::File *file = parseNew(std::move(buffer), key, &reuse);
  std::vector<std::string> stack{key};
  visit_[key] = Visit::InProgress;
  loadImports(*file, stack);
  visit_[key] = Visit::Done;
  return true;
}

void Compilation::setAllowedRoots() {
  allowedRoots_.clear();
  if (root_.empty())
    return; // no root: imports are not confined
  allowedRoots_.push_back(root_);
  for (const std::string &dir : options_.includePaths)
    if (fs::is_directory(dir))
      allowedRoots_.push_back(realPath(dir));
}

bool Compilation::allowed(llvm::StringRef real) const {
  if (allowedRoots_.empty())
    return true;
  for (const std::string &r : allowedRoots_)
    if (isWithin(real, r))
      return true;
  return false;
}

void Compilation::loadImports(const ast::File &file, std::vector<std::string> &stack) {
  // Depth first with an explicit stack, not recursion: import chains may be
  // thousands of files deep. frames[i] is the file whose key is stack[i].
  struct Frame {
    const ast::File *file;
    size_t next; // index of the next declaration to look at
  };
  std::vector<Frame> frames{{&file, 0}};
  while (!frames.empty()) {
    Frame &top = frames.back();
    if (top.next == top.file->decls.size()) {
      if (frames.size() > 1) { // the root's state belongs to the caller
        visit_[stack.back()] = Visit::Done;
        stack.pop_back();
      }
      frames.pop_back();
      continue;
    }
    const auto *imp = llvm::dyn_cast<ast::ImportDecl>(top.file->decls[top.next++].get());
    if (!imp)
      continue;
    llvm::SmallString<256> baseDir(top.file->path);
    path::remove_filename(baseDir);
    std::string rel = imp->path.literal().str();
    llvm::SMRange at = imp->path.range;
    // Candidates: the importing file's directory, then each -I path. The
    // first that exists and lies inside an allowed root (the project root,
    // or an -I directory: the user who names one trusts it) is taken; one
    // that leaves them is skipped, and reported only if no other is found.
    std::string found, key, escaped;
    llvm::SmallVector<std::string, 4> dirs{std::string(baseDir)};
    dirs.append(options_.includePaths.begin(), options_.includePaths.end());
    for (const std::string &dir : dirs) {
      llvm::SmallString<256> cand;
      if (path::is_absolute(rel))
        cand = rel;
      else {
        cand = dir;
        path::append(cand, rel);
      }
      if (!fs::exists(cand) || fs::is_directory(cand))
        continue;
      std::string real = realPath(cand);
      if (!allowed(real)) {
        if (escaped.empty())
          escaped = real;
        continue;
      }
      found = std::string(cand);
      key = std::move(real);
      break;
    }
    if (found.empty() && !escaped.empty()) {
      diags_.report(diag::DiagId::ImportEscapesRoot, at, {rel, root_})
          .note("'" + rel + "' is '" + escaped +
                "'; imports must stay inside the project root or an -I directory (--root DIR "
                "sets the root, -I DIR adds a directory)");
      continue;
    }
    if (found.empty()) {
      diags_.report(diag::DiagId::ImportNotFound, at, {rel});
      continue;
    }
    auto it = visit_.find(key);
    if (it != visit_.end()) {
      if (it->second == Visit::InProgress) {
        std::string chain;
        auto start = std::find(stack.begin(), stack.end(), key);
        for (auto s = start; s != stack.end(); ++s)
          chain += path::filename(*s).str() + " -> ";
        chain += path::filename(key).str();
        diags_.report(diag::DiagId::ImportCycle, at, {chain});
      }
      continue; // already loaded: each file is parsed once
    }
    auto buffer = readFile(found, at);
    if (!buffer)
      continue;
    visit_[key] = Visit::InProgress;
    const ast::File *child = parseNew(std::move(buffer), key);
    stack.push_back(key);
    frames.push_back({child, 0}); // `top` is not used after this
  }
}

} // namespace callflow::driver
