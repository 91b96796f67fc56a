// One analysis of an open document: the document compiled with the files
// it imports (open documents' unsaved text taking the place of the files on
// disk), the checked Program, and an index of every symbol occurrence (a
// declaration or a use of a step, section, form, field, enum, enum value,
// variable, catalog item or import) for navigation, rename, hover and
// highlighting.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "driver/compilation.h"
#include "lsp/protocol.h"

namespace callflow::lsp {

/// A catalog item's price as hovers, inlay hints and completions show it:
/// "USD 29.99", "USD 14.99 / month", "4% of charges".
std::string itemPrice(const sema::CatalogItemInfo &c);

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
  /// With `previous`, an analysis of an earlier text of the same document
  /// whose root parsed without a diagnostic, the declarations the edit did
  /// not touch are taken from it instead of parsed again (only the
  /// top-level steps and sections around the change are), which leaves
  /// `previous` unusable: the caller drops it. The result is the same AST,
  /// hence the same diagnostics, as parsing the whole text.
  Analysis(const std::string &path, const std::string &text, int version,
           driver::CompileOptions options, Analysis *previous = nullptr);

  int version() const { return version_; }
  driver::Compilation &compilation() { return comp_; }
  const sema::Program *program() const { return program_; }
  const std::vector<AnalyzedFile> &files() const { return files_; }
  /// Built on first use (publishing diagnostics needs none).
  const std::vector<Occurrence> &occurrences() const {
    index();
    return occs_;
  }
  /// The `{...}` of every placeholder the checker resolved, braces included.
  const std::vector<llvm::SMRange> &placeholders() const {
    index();
    return placeholders_;
  }
  /// Bytes of the root text parsed for this analysis (all of it, or the
  /// part around an edit) and the top-level declarations taken from the
  /// previous analysis: what an edit cost (tests bound it).
  size_t parsedBytes() const { return parsedBytes_; }
  size_t reusedDecls() const { return reusedDecls_; }

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
  void index() const;
  void add(llvm::SMRange r, std::string key, bool decl) const;
  std::unique_ptr<ast::File> reparse(Analysis &previous, const llvm::SourceMgr &sm,
                                     unsigned bufferId);

  driver::Compilation comp_;
  const sema::Program *program_ = nullptr;
  int version_;
  std::vector<AnalyzedFile> files_;
  mutable std::vector<Occurrence> occs_; // sorted by file, then begin
  mutable std::vector<llvm::SMRange> placeholders_;
  mutable bool indexed_ = false;
  size_t parsedBytes_ = 0, reusedDecls_ = 0;
};

/// What hovering at byte `off` of file `file` (0: the root) shows (Markdown: the
/// symbol's declaration and facts, an option's key, the diagnostic there
/// explained), as `textDocument/hover` answers it and the designer's
/// workbench shows it; "" for nothing. [rangeBegin, rangeEnd): the bytes it
/// is about.
std::string hoverMarkdown(Analysis &a, size_t off, size_t &rangeBegin, size_t &rangeEnd,
                          unsigned file = 0);

/// Every option of every `ask` of a file, nested ones included, in source
/// order.
void forEachOption(const ast::File &file, const std::function<void(const ast::AskOption &)> &f);

} // namespace callflow::lsp
