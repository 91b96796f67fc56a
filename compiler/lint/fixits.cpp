// Fix-its applied to source text (see fixits.h).
#include "lint/fixits.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "llvm/ADT/STLExtras.h"

namespace callflow::lint {

std::vector<FixedFile> applyFixIts(const llvm::SourceMgr &sm,
                                   llvm::ArrayRef<diag::Diagnostic> diags,
                                   unsigned *unfixedErrors) {
  struct Edit {
    size_t begin, end;
    std::string text;
    size_t diag; // index in `diags`
    bool operator<(const Edit &o) const {
      return std::tie(begin, end, text, diag) < std::tie(o.begin, o.end, o.text, o.diag);
    }
    bool operator==(const Edit &o) const {
      return begin == o.begin && end == o.end && text == o.text;
    }
  };
  std::map<unsigned, std::vector<Edit>> edits; // by buffer id: ordered
  std::map<unsigned, unsigned> badRanges;
  // After a syntax error, what the parser skipped is unknown: a name's
  // suggestion may then replace a correct name (the step it names was in
  // the skipped text). Only the syntax errors' own fix-its apply; the
  // names are fixed by a run after them.
  bool syntax = llvm::any_of(diags, [](const diag::Diagnostic &d) {
    return d.id == diag::DiagId::SyntaxError && !d.fixits.empty();
  });
  std::vector<bool> fixed(diags.size(), false);
  for (size_t di = 0; di < diags.size(); ++di)
    for (const diag::FixIt &f : diags[di].fixits) {
      if (syntax && diags[di].id != diag::DiagId::SyntaxError)
        continue;
      if (!f.range.Start.isValid())
        continue;
      unsigned buf = sm.FindBufferContainingLoc(f.range.Start);
      if (!buf)
        continue;
      llvm::SMLoc endLoc = f.range.End.isValid() ? f.range.End : f.range.Start;
      const llvm::MemoryBuffer *mb = sm.getMemoryBuffer(buf);
      const char *start = mb->getBufferStart();
      // An end one past the buffer's last byte is still inside it.
      if (endLoc.getPointer() < f.range.Start.getPointer() ||
          endLoc.getPointer() > mb->getBufferEnd()) {
        ++badRanges[buf];
        continue;
      }
      edits[buf].push_back({size_t(f.range.Start.getPointer() - start),
                            size_t(endLoc.getPointer() - start), f.replacement, di});
    }
  std::vector<FixedFile> out;
  for (auto &[buf, list] : edits) {
    std::sort(list.begin(), list.end());
    FixedFile file;
    const llvm::MemoryBuffer *mb = sm.getMemoryBuffer(buf);
    file.path = mb->getBufferIdentifier().str();
    file.before = mb->getBuffer().str();
    file.skipped = badRanges[buf];
    size_t copied = 0;
    bool any = false;
    const Edit *last = nullptr;
    for (const Edit &e : list) {
      if (last && *last == e) { // the same edit again (one suggestion, twice)
        fixed[e.diag] = true;
        continue;
      }
      // Overlaps the last one applied (or inserts at the same place).
      if (any && (e.begin < copied || (e.begin == copied && e.begin == e.end))) {
        ++file.skipped;
        continue;
      }
      file.after.append(file.before, copied, e.begin - copied);
      file.after += e.text;
      copied = e.end;
      any = true;
      last = &e;
      fixed[e.diag] = true;
      ++file.applied;
    }
    file.after.append(file.before, copied, std::string::npos);
    out.push_back(std::move(file));
  }
  if (unfixedErrors) {
    *unfixedErrors = 0;
    for (size_t di = 0; di < diags.size(); ++di)
      *unfixedErrors += diags[di].severity == diag::Severity::Error && !fixed[di];
  }
  return out;
}

} // namespace callflow::lint
