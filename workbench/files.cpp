// The workbench's files: the project's flows listed, read and written,
// every path kept inside the project directory (impl.h).
#include "workbench/impl.h"

#include "driver/files.h"
#include "format/formatter.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace callflow::workbench {

namespace {

/// The largest file GET /api/files/PATH sends (the server's body limit is 32 MiB).
constexpr uint64_t kMaxFileBytes = uint64_t(16) << 20;

} // namespace

bool resolveInside(const std::string &dir, const std::string &rel, std::string &abs, std::string &why) {
  if (rel.empty()) {
    why = "the path is empty";
    return false;
  }
  if (rel.size() > 4096) {
    why = "the path is too long";
    return false;
  }
  if (rel.front() == '/') {
    why = "the path '" + rel + "' is absolute; paths are relative to the project directory";
    return false;
  }
  if (rel.find('\\') != std::string::npos || rel.find('\0') != std::string::npos) {
    why = "the path holds a backslash or a NUL byte";
    return false;
  }
  for (llvm::StringRef rest = rel; !rest.empty();) {
    auto [seg, tail] = rest.split('/');
    if (seg.empty() || seg == "." || seg == "..") {
      why = "the path '" + rel + "' has an empty, '.' or '..' part";
      return false;
    }
    if (tail.empty() && rest.endswith("/")) {
      why = "the path '" + rel + "' ends with '/'";
      return false;
    }
    rest = tail;
  }
  llvm::SmallString<256> joined(dir);
  llvm::sys::path::append(joined, rel);
  // Follow symlinks as far as the path exists: the real place must stay in.
  llvm::SmallString<256> probe(joined), real;
  while (true) {
    fs::file_status st;
    if (!fs::status(probe, st, /*follow=*/false)) {
      if (std::error_code ec = fs::real_path(probe, real)) {
        why = "the path '" + rel + "' is a link to nowhere";
        return false;
      }
      if (!inside(dir, real)) {
        why = "the path '" + rel + "' leads outside the project directory";
        return false;
      }
      break;
    }
    llvm::StringRef parent = llvm::sys::path::parent_path(probe);
    if (parent.empty() || parent.size() < dir.size()) break;
    probe = parent;
  }
  abs = std::string(joined);
  return true;
}

Response Workbench::Impl::files(Request &) {
  std::vector<std::pair<std::string, uint64_t>> list;
  std::error_code ec;
  size_t seen = 0;
  bool truncated = false;
  for (fs::recursive_directory_iterator it(dir, ec, /*follow_symlinks=*/false), end; it != end && !ec;
       it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (++seen > 100000 || list.size() >= 5000) {
      truncated = true;
      break;
    }
    if (name.startswith(".") || name == "node_modules" || name == "build") {
      if (it->type() == fs::file_type::directory_file) it.no_push();
      continue;
    }
    if (!name.endswith(".flow")) continue;
    const std::string rel = it->path().substr(dir.size() + 1);
    std::string abs, why;
    if (!resolveInside(dir, rel, abs, why)) continue; // a link leaving the directory is not listed
    fs::file_status st;
    if (fs::status(abs, st) || st.type() != fs::file_type::regular_file) continue;
    list.emplace_back(rel, st.getSize());
  }
  std::sort(list.begin(), list.end());
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("dir", dir);
      j.attribute("truncated", truncated);
      j.attributeArray("files", [&] {
        for (const auto &file : list) // (clang 14 cannot capture a structured binding)
          j.object([&] {
            j.attribute("path", file.first);
            j.attribute("size", int64_t(file.second));
          });
      });
    });
  });
}

namespace {
/// The file part of /api/files/PATH, as the request wrote it.
std::string filePathOf(const Request &req) {
  constexpr llvm::StringLiteral prefix("/api/files/");
  llvm::StringRef p(req.path);
  return p.startswith(prefix) ? p.substr(prefix.size()).str() : std::string();
}
} // namespace

Response Workbench::Impl::getFile(Request &req) {
  const std::string rel = filePathOf(req);
  std::string abs, why;
  if (!resolveInside(dir, rel, abs, why)) return http::error(403, why);
  if (!llvm::StringRef(rel).endswith(".flow")) return http::error(403, "only .flow files are served");
  fs::file_status st;
  if (fs::status(abs, st) || st.type() != fs::file_type::regular_file)
    return http::error(404, "no file '" + rel + "'");
  if (st.getSize() > kMaxFileBytes)
    return http::error(413, "'" + rel + "' has " + std::to_string(st.getSize()) + " bytes, more than the page edits (" +
                                std::to_string(kMaxFileBytes) + ")");
  auto buf = llvm::MemoryBuffer::getFile(abs, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buf) return http::error(500, "cannot read '" + rel + "': " + buf.getError().message());
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("path", rel);
      j.attribute("text", lsp::jsonString((*buf)->getBuffer().str()));
    });
  });
}

Response Workbench::Impl::putFile(Request &req) {
  const std::string rel = filePathOf(req);
  std::string abs, why;
  if (!resolveInside(dir, rel, abs, why)) return http::error(403, why);
  if (!llvm::StringRef(rel).endswith(".flow")) return http::error(403, "only .flow files are written");
  Response bad;
  std::optional<llvm::json::Object> body = http::parseObject(req, bad);
  if (!body) return bad;
  std::optional<std::string> text = needString(*body, "text", bad);
  if (!text) return bad;
  const bool format = body->getBoolean("format").getValueOr(false);
  std::string written = *text, formatNote;
  bool formatted = false;
  if (format) {
    format::FormatResult f = format::formatSource(*text, rel);
    if (f.ok) {
      written = std::move(f.text);
      formatted = true;
    } else {
      formatNote = "not formatted: the flow has errors";
    }
  }
  if (!llvm::sys::fs::is_directory(llvm::sys::path::parent_path(abs)))
    return http::error(404, "the folder of '" + rel + "' does not exist");
  std::string error = driver::writeOutputFile(abs, written);
  if (!error.empty()) return http::error(422, error);
  {
    std::lock_guard<std::mutex> lock(mutex);
    analyses.clear(); // the file may be imported by others
    scanned = {};
  }
  return http::json(200, [&](OStream &j) {
    j.object([&] {
      j.attribute("path", rel);
      j.attribute("saved", true);
      j.attribute("formatted", formatted);
      if (!formatNote.empty()) j.attribute("note", formatNote);
      j.attribute("text", lsp::jsonString(written));
    });
  });
}

} // namespace callflow::workbench
