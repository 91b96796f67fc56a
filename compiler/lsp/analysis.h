// One analysis of an open document: the document compiled with the files
// it imports (open documents' unsaved text taking the place of the files on
// disk), the checked Program, and an index of every symbol occurrence (a
// declaration or a use of a step, section, form, field, enum, enum value,
// variable, catalog item or import) for navigation, rename, hover and
// highlighting.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "driver/compilation.h"
#include "lsp/protocol.h"

namespace callflow::lsp {

/// What an occurrence names, as a key equal across analyses: `step:D-2-7`,
/// `section:Title`, `form:Ticket`, `field:Ticket.title`, `enum:Plan`,
/// `enumval:Plan.payg`, `var:agent`, `catalog:320`, `import:/real/path`.
struct Occurrence {
  unsigned file = 0;          // index in Analysis::files
  size_t begin = 0, end = 0;  // byte offsets in that file
  std::string key;
  bool decl = false;
};

struct AnalyzedFile {
  std::string path;
  std::string uri;
  llvm::StringRef text; // owned by the Compilation's SourceMgr
  LineIndex lines;
  const ast::File *ast = nullptr;
  unsigned bufferId = 0;
};

class Analysis {
public:
  /// Compiles `text` as the file `path` (its imports found from there).
  Analysis(const std::string &path, const std::string &text, int version,
           driver::CompileOptions options);

  int version() const { return version_; }
  driver::Compilation &compilation() { return comp_; }
  const sema::Program *program() const { return program_; }
  const std::vector<AnalyzedFile> &files() const { return files_; }
  const std::vector<Occurrence> &occurrences() const { return occs_; }

  /// The file index of a buffer, or -1.
  int fileOfBuffer(unsigned bufferId) const;
  /// Resolves a source range to a file and byte offsets; false if invalid.
  bool locate(llvm::SMRange r, unsigned &file, size_t &begin, size_t &end) const;
  Range range(unsigned file, size_t begin, size_t end) const;
  /// The occurrence covering offset `off` of `file` (its end included).
  const Occurrence *at(unsigned file, size_t off) const;
  /// The declaration of `key`, or nullptr.
  const Occurrence *declOf(const std::string &key) const;
  /// The kind of a key (`step`, `field`, ...).
  static llvm::StringRef kindOf(llvm::StringRef key) { return key.split(':').first; }
  static llvm::StringRef nameOf(llvm::StringRef key) { return key.split(':').second; }

private:
  void index();
  void add(llvm::SMRange r, std::string key, bool decl);

  driver::Compilation comp_;
  const sema::Program *program_ = nullptr;
  int version_;
  std::vector<AnalyzedFile> files_;
  std::vector<Occurrence> occs_; // sorted by file, then begin
};

} // namespace callflow::lsp
