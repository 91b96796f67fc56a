// Reading `.flowconfig` (see project_config.h).
#include "driver/project_config.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace callflow::driver {

namespace path = llvm::sys::path;

namespace {
std::vector<std::string> splitList(llvm::StringRef v) {
  llvm::SmallVector<llvm::StringRef, 8> parts;
  v.split(parts, ',', -1, /*KeepEmpty=*/false);
  std::vector<std::string> out;
  for (llvm::StringRef p : parts)
    if (!p.trim().empty())
      out.push_back(p.trim().str());
  return out;
}

std::string under(llvm::StringRef dir, llvm::StringRef p) {
  llvm::SmallString<256> s;
  if (path::is_absolute(p)) {
    s = p;
  } else {
    s = dir;
    path::append(s, p);
  }
  path::remove_dots(s, /*remove_dot_dot=*/true);
  return std::string(s);
}
} // namespace

bool parseProjectConfig(llvm::StringRef text, llvm::StringRef dir, ProjectConfig &out,
                        std::string &error) {
  out.dir = dir.str();
  unsigned lineNo = 0;
  while (!text.empty()) {
    auto [line, rest] = text.split('\n');
    text = rest;
    ++lineNo;
    line = line.split('#').first.trim();
    if (line.empty())
      continue;
    auto [key, value] = line.split('=');
    key = key.trim();
    value = value.trim();
    auto fail = [&](const std::string &what) {
      error = "line " + std::to_string(lineNo) + ": " + what;
      return false;
    };
    if (!line.contains('='))
      return fail("expected 'key = value'");
    if (key == "include") {
      for (const std::string &p : splitList(value))
        out.includePaths.push_back(under(dir, p));
    } else if (key == "warnings") {
      for (const std::string &w : splitList(value))
        out.warnings.push_back(llvm::StringRef(w).startswith("-W") ? w.substr(2) : w);
    } else if (key == "exclude") {
      for (const std::string &p : splitList(value))
        out.exclude.push_back(under(dir, p));
    } else if (key == "max-warnings") {
      unsigned n = 0;
      if (value.getAsInteger(10, n))
        return fail("max-warnings must be a number, not '" + value.str() + "'");
      out.maxWarnings = n;
    } else if (key == "help-uri") {
      if (!value.startswith("https://") && !value.startswith("http://"))
        return fail("help-uri must be an http(s) URL, not '" + value.str() + "'");
      out.helpUri = value.str();
    } else {
      return fail("unknown key '" + key.str() + "'");
    }
  }
  return true;
}

bool findProjectConfig(llvm::StringRef startDir, ProjectConfig &out, std::string &error) {
  llvm::SmallString<256> dir(startDir);
  llvm::sys::fs::make_absolute(dir);
  path::remove_dots(dir, true);
  for (llvm::StringRef d = dir; !d.empty(); d = path::parent_path(d)) {
    llvm::SmallString<256> probe(d);
    path::append(probe, kProjectFileName);
    if (!llvm::sys::fs::exists(probe))
      continue;
    auto buf = llvm::MemoryBuffer::getFile(probe);
    if (!buf) {
      error = std::string(probe) + ": " + buf.getError().message();
      return false;
    }
    out.path = std::string(probe);
    if (!parseProjectConfig((*buf)->getBuffer(), d, out, error)) {
      error = std::string(probe) + ": " + error;
      return false;
    }
    return true;
  }
  return true;
}

} // namespace callflow::driver
