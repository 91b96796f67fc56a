// Sanitizing flow text (UTF-8, controls, bidi) and escaping it for HTML
// text, attributes, fragment ids and CSS strings. See escape.h.
#include "print/escape.h"

#include <algorithm>
#include <vector>

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Format.h"

namespace callflow::print {
namespace {

void appendCodePoint(std::string &out, unsigned cp) {
  char buf[8];
  char *p = buf;
  if (!llvm::ConvertCodePointToUTF8(cp, p))
    return appendCodePoint(out, 0xFFFD);
  out.append(buf, p);
}

bool isNonCharacter(unsigned cp) {
  return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

} // namespace

std::string sanitizeText(llvm::StringRef s) {
  std::string out;
  out.reserve(s.size());
  std::vector<char> bidi; // 'E' embedding/override (closed by PDF), 'I' isolate (PDI)
  const auto *p = reinterpret_cast<const llvm::UTF8 *>(s.data());
  const auto *end = p + s.size();
  while (p < end) {
    llvm::UTF32 cp = 0;
    const llvm::UTF8 *start = p;
    if (llvm::convertUTF8Sequence(&p, end, &cp, llvm::strictConversion) != llvm::conversionOK) {
      p = start + 1; // one replacement per bad byte, then resynchronize
      appendCodePoint(out, 0xFFFD);
      continue;
    }
    if (cp == '\t' || cp == '\n') {
      out.push_back(char(cp));
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
      continue; // C0 / DEL / C1 controls (including CR) are dropped
    if (cp == 0x2028 || cp == 0x2029) {
      out.push_back('\n');
      continue;
    }
    if (isNonCharacter(cp)) {
      appendCodePoint(out, 0xFFFD);
      continue;
    }
    if (cp == 0x202A || cp == 0x202B || cp == 0x202D || cp == 0x202E)
      bidi.push_back('E');
    else if (cp >= 0x2066 && cp <= 0x2068)
      bidi.push_back('I');
    else if (cp == 0x202C) {
      if (bidi.empty() || bidi.back() != 'E')
        continue; // a stray PDF would close the printer's own context
      bidi.pop_back();
    } else if (cp == 0x2069) {
      if (std::find(bidi.begin(), bidi.end(), 'I') == bidi.end())
        continue;
      while (bidi.back() != 'I')
        bidi.pop_back(); // a PDI also closes embeddings opened inside the isolate
      bidi.pop_back();
    }
    out.append(reinterpret_cast<const char *>(start), reinterpret_cast<const char *>(p));
  }
  for (auto it = bidi.rbegin(); it != bidi.rend(); ++it)
    appendCodePoint(out, *it == 'E' ? 0x202C : 0x2069);
  return out;
}

static void escapeInto(llvm::raw_ostream &os, llvm::StringRef clean, bool lines) {
  for (char c : clean) {
    switch (c) {
    case '&': os << "&amp;"; break;
    case '<': os << "&lt;"; break;
    case '>': os << "&gt;"; break;
    case '"': os << "&quot;"; break;
    case '\'': os << "&#39;"; break;
    case '\n':
      if (lines) {
        os << "<br>\n";
        break;
      }
      [[fallthrough]];
    default: os << c;
    }
  }
}

std::string htmlEscape(llvm::StringRef s) {
  std::string out;
  llvm::raw_string_ostream os(out);
  writeHtml(os, s);
  return out;
}

void writeHtml(llvm::raw_ostream &os, llvm::StringRef s) {
  escapeInto(os, sanitizeText(s), false);
}

void writeHtmlLines(llvm::raw_ostream &os, llvm::StringRef s) {
  escapeInto(os, sanitizeText(s), true);
}

std::string anchorId(llvm::StringRef prefix, llvm::StringRef name) {
  std::string out;
  llvm::raw_string_ostream os(out);
  for (llvm::StringRef part : {prefix, name})
    for (unsigned char c : part) {
      if (llvm::isAlnum(c) || c == '-')
        os << char(c);
      else
        os << '_' << llvm::format_hex_no_prefix(c, 2, true);
    }
  return out;
}

std::string cssString(llvm::StringRef s) {
  std::string clean = sanitizeText(s);
  std::string out = "\"";
  llvm::raw_string_ostream os(out);
  for (unsigned char c : clean) {
    if (llvm::isAlnum(c) || c == ' ' || c >= 0x80)
      os << char(c);
    else if (c == '\n')
      os << "\\a ";
    else
      os << '\\' << llvm::format_hex_no_prefix(c, 1) << ' ';
  }
  os << '"';
  return out;
}

} // namespace callflow::print
