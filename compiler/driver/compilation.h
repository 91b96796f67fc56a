// The compile pipeline for one flow: read the root file and, transitively,
// the files it imports (each once), parse them, and check the whole.
//
// A Compilation owns the SourceMgr and DiagnosticEngine of one flow; tools
// make one per root file (in parallel, for lint). It never prints: callers
// render the collected diagnostics.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "check/check.h"
#include "diag/diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/SourceMgr.h"

namespace callflow::sema {
struct Program;
}

namespace callflow::driver {

struct CompileOptions {
  /// Searched, in order, after the importing file's own directory. Each is
  /// also a root imports may resolve into.
  std::vector<std::string> includePaths;
  /// Imports may not resolve outside this directory and the include paths
  /// (symlinks followed).
  /// Empty: the nearest ancestor of the root file holding `.flowconfig` or
  /// `.git`, else the root file's directory.
  std::string projectRoot;
  diag::WarningOptions warnings;
  unsigned errorLimit = 200;                 // 0: no limit
  unsigned warningLimit = 1000;              // 0: no limit
  uint64_t maxFileSize = 512ull << 20;       // bytes
  unsigned maxNesting = 256;                 // `{` / `(` levels
  unsigned maxExprDepth = 1000;              // operators in one expression
  /// Threads this compilation may run on at once: a large file's parse in
  /// pieces (ParseOptions::threads), the checker's work aside
  /// (CheckOptions::threads) and codegen beside the check
  /// (codegen::checkAndGenerate). 0: one per core; 1: the parse, the check
  /// and then codegen on the calling thread (what lint gives each of the
  /// files it runs side by side). Codegen's string table coder, from 64 KB
  /// of strings, runs on threads of its own (ProgramBuilder::stringSection).
  unsigned threads = 0;
  /// When set, consulted before reading an imported file from disk (by the
  /// path found): a buffer returned is used instead of the file's contents
  /// (the language server's open, unsaved documents). nullptr: read the file.
  std::function<std::unique_ptr<llvm::MemoryBuffer>(llvm::StringRef path)> overlay;
};

class Compilation {
public:
  explicit Compilation(CompileOptions options = {});
  ~Compilation();
  Compilation(const Compilation &) = delete;
  Compilation &operator=(const Compilation &) = delete;

  /// Reads and parses `path` and everything it imports. Returns false when
  /// the root file itself could not be read (the reason is a diagnostic).
  bool load(llvm::StringRef path);
  /// Same, for a buffer already in memory (tests, standard input).
  bool loadBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer);
  /// Builds the root file's AST instead of parse::parseBuffer, given the
  /// SourceMgr and the root's buffer id (locations point into that
  /// buffer), or returns nullptr to have the buffer parsed. What it returns
  /// must be exactly what parseBuffer would build, with no diagnostic.
  using RootParser =
      std::function<std::unique_ptr<ast::File>(const llvm::SourceMgr &, unsigned bufferId)>;
  /// loadBuffer, with the root built by `reuse` when it can (the language
  /// server keeps the declarations an edit did not touch).
  bool loadBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer, const RootParser &reuse);
  /// Whether building the root's AST reported no diagnostic (false before
  /// a load).
  bool rootParsedClean() const { return rootClean_; }
  /// The root file, to move declarations out of into the Compilation of an
  /// edited text: this Compilation's files and program are not used after
  /// that. nullptr before a load.
  ast::File *rootForReuse() { return owned_.empty() ? nullptr : owned_.front().get(); }

  /// Runs the checker over the loaded files. Returns nullptr when nothing
  /// was loaded; otherwise the program, even when errors were reported.
  const sema::Program *check();
  /// Same, with checker options (the first call checks; later ones return
  /// the same program). The checker's work aside (CheckOptions::threads)
  /// runs only when threads() allows a second thread.
  const sema::Program *check(const check::CheckOptions &options);
  /// The thread budget: CompileOptions::threads, or the number of cores.
  unsigned threads() const;

  llvm::SourceMgr &sourceMgr() { return sm_; }
  const llvm::SourceMgr &sourceMgr() const { return sm_; }
  diag::DiagnosticEngine &diags() { return diags_; }
  const diag::DiagnosticEngine &diags() const { return diags_; }
  const CompileOptions &options() const { return options_; }
  /// The project root in use (a real path; empty before load()).
  const std::string &projectRoot() const { return root_; }

  /// The root file first, then imported files in the order first imported.
  llvm::ArrayRef<const ast::File *> files() const { return fileOrder_; }
  const ast::File *root() const { return fileOrder_.empty() ? nullptr : fileOrder_.front(); }
  /// Buffer ids of every loaded file (for diagnostic verification).
  std::vector<unsigned> bufferIds() const;
  /// True when reading the root failed (missing file, directory, ...).
  bool ioFailed() const { return ioFailed_; }

private:
  enum class Visit { InProgress, Done };
  const ast::File *parseNew(std::unique_ptr<llvm::MemoryBuffer> buffer, const std::string &key,
                            const RootParser *reuse = nullptr);
  void loadImports(const ast::File &file, std::vector<std::string> &stack);
  std::unique_ptr<llvm::MemoryBuffer> readFile(llvm::StringRef path, llvm::SMRange at);
  void setAllowedRoots();
  /// Whether a real path lies inside the project root or an -I directory.
  bool allowed(llvm::StringRef real) const;

  CompileOptions options_;
  llvm::SourceMgr sm_;
  diag::DiagnosticEngine diags_;
  std::string root_; // project root, real path
  std::vector<std::string> allowedRoots_; // root_ and the -I directories, real paths
  std::vector<std::unique_ptr<ast::File>> owned_;
  std::vector<const ast::File *> fileOrder_;
  llvm::StringMap<const ast::File *> byPath_; // real path -> file
  llvm::StringMap<Visit> visit_;
  std::unique_ptr<sema::Program> program_;
  bool ioFailed_ = false;
  bool rootClean_ = false;
};

/// The project root for a file, as CompileOptions::projectRoot describes.
std::string findProjectRoot(llvm::StringRef file);

} // namespace callflow::driver
