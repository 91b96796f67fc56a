// Finding flow files, choosing the roots, and checking them on an LLVM
// ThreadPool. Each root gets its own Compilation (SourceMgr and
// DiagnosticEngine); results land in per-root slots and are merged and
// sorted at the end, so the output is the same for any thread count.
#include "lint/runner.h"
#include "driver/files.h"

#include "ast/ast.h"
#include "check/check.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

namespace callflow::lint {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {
std::string absolute(llvm::StringRef p) {
  llvm::SmallString<256> s(p);
  fs::make_absolute(s);
  path::remove_dots(s, true);
  return std::string(s);
}

bool excluded(llvm::StringRef abs, const std::vector<std::string> &exclude) {
  for (const std::string &e : exclude) {
    llvm::StringRef r = abs;
    if (r.consume_front(e) && (r.empty() || path::is_separator(r.front())))
      return true;
  }
  return false;
}

bool hidden(llvm::StringRef p) {
  llvm::StringRef name = path::filename(p);
  return name.startswith(".") && name != "." && name != "..";
}
} // namespace

std::vector<std::string> findFlowFiles(const std::vector<std::string> &inputs,
                                       const std::vector<std::string> &exclude,
                                       std::vector<std::string> &errors,
                                       std::vector<std::string> *notes) {
  return findFiles(inputs, exclude, ".flow", errors, notes);
}

std::vector<std::string> findFiles(const std::vector<std::string> &inputs,
                                   const std::vector<std::string> &exclude,
                                   llvm::StringRef extension, std::vector<std::string> &errors,
                                   std::vector<std::string> *notes) {
  std::vector<std::string> excludeAbs;
  for (const std::string &e : exclude)
    excludeAbs.push_back(absolute(e));
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::set<fs::UniqueID> seenFiles, seenDirs; // device and inode
  auto add = [&](const std::string &p) {
    fs::UniqueID id;
    if (!fs::getUniqueID(p, id) && !seenFiles.insert(id).second)
      return; // the same file by another path (a symlink, a hard link)
    if (seen.insert(absolute(p)).second)
      out.push_back(p);
  };
  auto note = [&](std::string text) {
    if (notes)
      notes->push_back(std::move(text));
  };
  std::vector<std::string> ins = inputs.empty() ? std::vector<std::string>{"."} : inputs;
  for (const std::string &in : ins) {
    fs::file_status st;
    if (std::error_code ec = fs::status(in, st)) {
      errors.push_back("cannot read '" + in + "': " + ec.message());
      continue;
    }
    if (!fs::is_directory(st)) {
      add(in); // named explicitly: checked whatever its extension or kind
      continue;
    }
    // Excludes that contain the input itself do not apply to its search.
    std::vector<std::string> excl;
    std::string inAbs = absolute(in);
    for (const std::string &e : excludeAbs)
      if (!excluded(inAbs, {e}))
        excl.push_back(e);
    // Depth first, in the order the directories list; each directory is
    // read once (by device and inode), so a symlink back to an ancestor
    // or two links to one directory neither loop nor repeat files.
    std::vector<std::string> stack{in};
    while (!stack.empty()) {
      std::string dir = std::move(stack.back());
      stack.pop_back();
      fs::UniqueID dirId;
      if (std::error_code ec = fs::getUniqueID(dir, dirId)) {
        errors.push_back("cannot read '" + dir + "': " + ec.message());
        continue;
      }
      if (!seenDirs.insert(dirId).second)
        continue;
      std::error_code ec;
      std::vector<std::string> subdirs;
      for (fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
        const std::string &p = it->path();
        if (hidden(p) || excluded(absolute(p), excl))
          continue;
        fs::file_status est;
        std::error_code sec = fs::status(p, est); // follows symlinks
        if (!sec && fs::is_directory(est)) {
          subdirs.push_back(p);
          continue;
        }
        if (!llvm::StringRef(p).endswith(extension))
          continue;
        if (sec) { // a dangling symlink, a file that went away, no permission
          errors.push_back("cannot read '" + p + "': " + sec.message());
          continue;
        }
        if (!fs::is_regular_file(est)) { // a FIFO, a device, a socket
          note("skipped '" + p + "': not a regular file");
          continue;
        }
        add(p);
      }
      if (ec)
        errors.push_back("cannot read '" + dir + "': " + ec.message());
      // Pushed in reverse so they are walked in listing order.
      for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it)
        stack.push_back(std::move(*it));
    }
  }
  // Sorted by display form, without a leading "./".
  for (std::string &p : out)
    while (llvm::StringRef(p).startswith("./"))
      p = p.substr(2);
  std::sort(out.begin(), out.end());
  return out;
}

FileOutline outlineFlow(llvm::StringRef t) {
  FileOutline o;
  int depth = 0;
  bool afterImport = false;
  size_t i = 0, n = t.size();
  while (i < n) {
    char c = t[i];
    if (c == '/' && i + 1 < n && t[i + 1] == '/') {
      while (i < n && t[i] != '\n')
        ++i;
    } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      size_t close = t.find("*/", i + 2);
      i = close == llvm::StringRef::npos ? n : close + 2;
    } else if (c == '"') {
      std::string value;
      for (++i; i < n && t[i] != '"'; ++i) {
        if (t[i] == '\\' && i + 1 < n)
          ++i;
        value += t[i];
      }
      ++i;
      if (afterImport)
        o.imports.push_back(value);
      afterImport = false;
    } else if (llvm::isAlpha(c) || c == '_') {
      size_t s = i;
      while (i < n && (llvm::isAlnum(t[i]) || t[i] == '_' || t[i] == '-'))
        ++i;
      llvm::StringRef word = t.slice(s, i);
      afterImport = depth == 0 && word == "import";
      if (depth == 0 && word == "flow")
        o.hasFlow = true;
    } else {
      if (c == '{')
        ++depth;
      else if (c == '}' && depth > 0)
        --depth;
      if (!llvm::isSpace(c))
        afterImport = false;
      ++i;
    }
  }
  return o;
}

LintResult runLint(const LintOptions &opts) {
  LintResult result;
  std::vector<std::string> files =
      findFlowFiles(opts.inputs, opts.exclude, result.ioErrors, &result.notes);
  result.fileCount = static_cast<unsigned>(files.size());
  result.files = files;

  // Roots: files with `flow`, and files no other found file imports. A
  // file that cannot be read (or is over the size limit) is an I/O error,
  // not a flow: it is not checked.
  std::vector<FileOutline> outlines(files.size());
  std::vector<bool> unreadable(files.size(), false);
  llvm::StringSet<> imported;
  for (size_t i = 0; i < files.size(); ++i) {
    driver::ReadResult buf = driver::readFileBounded(files[i], opts.compile.maxFileSize);
    if (!buf) {
      unreadable[i] = true;
      result.ioErrors.push_back(
          buf.tooLarge ? "cannot read '" + files[i] + "': more than " +
                             std::to_string(opts.compile.maxFileSize) + " bytes (the limit)"
                       : "cannot read '" + files[i] + "': " + buf.error.message());
      continue;
    }
    outlines[i] = outlineFlow(buf.buffer->getBuffer());
    llvm::SmallString<256> dir(files[i]);
    path::remove_filename(dir);
    for (const std::string &imp : outlines[i].imports) {
      llvm::SmallVector<std::string, 4> cands{std::string(dir)};
      cands.append(opts.compile.includePaths.begin(), opts.compile.includePaths.end());
      for (const std::string &d : cands) {
        llvm::SmallString<256> p(d);
        path::append(p, imp);
        if (fs::exists(p))
          imported.insert(absolute(p));
      }
    }
  }
  std::vector<std::string> roots;
  std::vector<bool> library; // per root: no `flow`, imported by no file found
  for (size_t i = 0; i < files.size(); ++i) {
    if (unreadable[i])
      continue;
    bool isImported = imported.contains(absolute(files[i]));
    if (outlines[i].hasFlow || !isImported) {
      roots.push_back(files[i]);
      library.push_back(!outlines[i].hasFlow);
    }
  }
  result.rootCount = static_cast<unsigned>(roots.size());

  // Per root: its findings, the display paths of the files it imported,
  // and the note that names it on a finding in one of those files.
  struct Slot {
    std::vector<Finding> findings;
    std::string file;
    std::set<std::string> imports;
    LateNote importer;
  };
  std::vector<Slot> slots(roots.size());
  std::atomic<unsigned> done{0};
  std::mutex progressLock;
  // Files already run side by side: one thread each. A lone file may be
  // parsed and checked on the threads -j allows.
  driver::CompileOptions compile = opts.compile;
  if (compile.threads == 0)
    compile.threads = roots.size() > 1 ? 1 : opts.threads;
  auto checkOne = [&](size_t i) {
    driver::Compilation c(compile);
    // A file of shared declarations that nothing given imports cannot be
    // checked as a flow (it has no start, and its names may refer to an
    // importer's): only its syntax and imports are checked.
    if (c.load(roots[i]) && !library[i])
      c.check();
    ResolveOptions ro = opts.resolve;
    ro.fallbackFile = roots[i];
    Slot &s = slots[i];
    s.findings = resolveAll(c.diags(), ro);
    s.file = displayPath(roots[i], ro.paths);
    llvm::SMRange flowName;
    if (const ast::File *root = c.root())
      for (const ast::DeclPtr &d : root->decls)
        if (const auto *f = llvm::dyn_cast<ast::FlowDecl>(d.get()))
          flowName = f->name.range;
    for (const ast::File *f : c.files())
      if (f != c.root())
        s.imports.insert(displayPath(f->path, ro.paths));
    if (!s.imports.empty())
      s.importer = resolveNote(c.sourceMgr(), flowName,
                               "in the flow of '" + s.file +
                                   "' (not in every flow that imports this file)",
                               ro);
    // Counted under the lock that calls back, so the counts arrive in
    // order (1, 2, 3 ...) whichever thread finishes first.
    std::lock_guard<std::mutex> g(progressLock);
    const unsigned d = ++done;
    if (opts.progress)
      opts.progress(d, static_cast<unsigned>(roots.size()));
  };
  unsigned threads = opts.threads ? opts.threads : llvm::hardware_concurrency().compute_thread_count();
  if (threads <= 1 || roots.size() <= 1) {
    for (size_t i = 0; i < roots.size(); ++i)
      checkOne(i);
  } else {
    llvm::ThreadPool pool(llvm::hardware_concurrency(threads));
    for (size_t i = 0; i < roots.size(); ++i)
      pool.async([&checkOne, i] { checkOne(i); });
    pool.wait();
  }
  for (size_t i = 0; i < roots.size(); ++i)
    if (library[i])
      result.libraries.push_back(slots[i].file);

  // A finding in an imported file that only some of its importers produce
  // depends on the importing flow (a step only one of them leaves
  // unreachable): it names the flow. One that all produce is the file's
  // own and is reported once.
  std::map<std::string, unsigned> importers; // imported file -> roots importing it
  std::map<std::string, std::set<size_t>> producers;
  auto key = [](const Finding &f) {
    std::string k = std::string(f.info().code) + "\x1F" + f.loc.file + "\x1F" +
                    std::to_string(f.loc.line) + ":" + std::to_string(f.loc.column) + "\x1F" +
                    f.message;
    for (const FindingNote &n : f.notes)
      k += "\x1F" + n.message;
    return k;
  };
  for (size_t i = 0; i < roots.size(); ++i) {
    for (const std::string &f : slots[i].imports)
      ++importers[f];
    for (const Finding &f : slots[i].findings)
      if (slots[i].imports.count(f.loc.file))
        producers[key(f)].insert(i);
  }
  for (size_t i = 0; i < roots.size(); ++i)
    for (Finding &f : slots[i].findings) {
      if (!slots[i].imports.count(f.loc.file) ||
          producers[key(f)].size() >= importers[f.loc.file])
        continue;
      f.notes.push_back(slots[i].importer.note);
      f.rendered += slots[i].importer.rendered;
    }
  for (Slot &s : slots)
    for (Finding &f : s.findings)
      result.findings.push_back(std::move(f));
  sortAndDedupe(result.findings);
  return result;
}

} // namespace callflow::lint
