#include "diag/source_path.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace callflow::diag {

namespace path = llvm::sys::path;

std::string normalizedAbsolute(llvm::StringRef p) {
  llvm::SmallString<256> s(p);
  llvm::sys::fs::make_absolute(s);
  path::remove_dots(s, /*remove_dot_dot=*/true);
  return std::string(s);
}

std::string relativeSourcePath(llvm::StringRef p, llvm::StringRef baseDir) {
  std::string out;
  if (!baseDir.empty() && p != "<stdin>") {
    std::string abs = normalizedAbsolute(p);
    std::string base = normalizedAbsolute(baseDir);
    llvm::StringRef rel(abs);
    if (rel.consume_front(base) &&
        (rel.empty() || path::is_separator(rel.front()) || path::is_separator(base.back()))) {
      while (!rel.empty() && path::is_separator(rel.front()))
        rel = rel.drop_front();
      out = rel.str();
    } else {
      out = abs;
    }
  } else {
    out = p.str();
  }
  llvm::StringRef r(out);
  while (r.startswith("./"))
    r = r.drop_front(2);
  return path::convert_to_slash(r);
}

} // namespace callflow::diag
