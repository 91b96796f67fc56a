// LSP types on llvm::json, URIs and UTF-16 positions (protocol.h).
#include "lsp/protocol.h"

#include <algorithm>

#include "llvm/ADT/StringExtras.h"

namespace callflow::lsp {

namespace json = llvm::json;

json::Value toJSON(const Position &p) {
  return json::Object{{"line", p.line}, {"character", p.character}};
}

json::Value toJSON(const Range &r) {
  return json::Object{{"start", toJSON(r.start)}, {"end", toJSON(r.end)}};
}

bool fromJSON(const json::Value *v, Position &p) {
  const json::Object *o = v ? v->getAsObject() : nullptr;
  if (!o)
    return false;
  llvm::Optional<int64_t> l = o->getInteger("line"), c = o->getInteger("character");
  if (!l || !c || *l < 0 || *c < 0 || *l > UINT32_MAX || *c > UINT32_MAX)
    return false;
  p.line = static_cast<unsigned>(*l);
  p.character = static_cast<unsigned>(*c);
  return true;
}

bool fromJSON(const json::Value *v, Range &r) {
  const json::Object *o = v ? v->getAsObject() : nullptr;
  return o && fromJSON(o->get("start"), r.start) && fromJSON(o->get("end"), r.end);
}

std::string jsonString(llvm::StringRef s) {
  if (json::isUTF8(s))
    return s.str();
  return json::fixUTF8(s);
}

std::string uriToPath(llvm::StringRef uri) {
  if (!uri.consume_front("file://"))
    return "";
  std::string out;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && llvm::isHexDigit(uri[i + 1]) &&
        llvm::isHexDigit(uri[i + 2])) {
      out += static_cast<char>(llvm::hexFromNibbles(uri[i + 1], uri[i + 2]));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

std::string pathToUri(llvm::StringRef path) {
  std::string out = "file://";
  for (unsigned char c : path) {
    if (llvm::isAlnum(c) || llvm::StringRef("/-_.~").contains(static_cast<char>(c)))
      out += static_cast<char>(c);
    else {
      out += '%';
      out += llvm::hexdigit(c >> 4);
      out += llvm::hexdigit(c & 15);
    }
  }
  return out;
}

LineIndex::LineIndex(llvm::StringRef text) : text_(text) {
  starts_.reserve(text.size() / 32 + 1);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n')
      starts_.push_back(static_cast<uint32_t>(i + 1));
}

// Bytes of one UTF-8 sequence starting with `c` (1 for a stray byte).
static unsigned seqLength(unsigned char c) {
  if (c < 0xC0)
    return 1;
  if (c < 0xE0)
    return 2;
  if (c < 0xF0)
    return 3;
  return 4;
}

unsigned utf16Length(llvm::StringRef s) {
  unsigned n = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned len = seqLength(static_cast<unsigned char>(s[i]));
    n += len == 4 ? 2 : 1;
    i += std::min<size_t>(len, s.size() - i);
  }
  return n;
}

Position LineIndex::position(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(starts_.begin(), starts_.end(), static_cast<uint32_t>(offset));
  unsigned line = static_cast<unsigned>(it - starts_.begin() - 1);
  size_t start = starts_[line];
  return {line, utf16Length(text_.slice(start, offset))};
}

size_t LineIndex::offset(const Position &p) const {
  if (p.line >= starts_.size())
    return text_.size();
  size_t i = starts_[p.line];
  size_t end = p.line + 1 < starts_.size() ? starts_[p.line + 1] - 1 : text_.size();
  unsigned units = 0;
  while (i < end && units < p.character) {
    unsigned len = seqLength(static_cast<unsigned char>(text_[i]));
    unsigned u = len == 4 ? 2 : 1;
    if (units + u > p.character)
      break; // inside a surrogate pair: stay before it
    units += u;
    i += std::min<size_t>(len, end - i);
  }
  if (i > end)
    i = end;
  return i;
}

} // namespace callflow::lsp
