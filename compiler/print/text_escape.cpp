// Escaping flow text for Markdown and for Graphviz DOT strings. See escape.h.
#include "print/escape.h"

#include "llvm/ADT/StringExtras.h"

namespace callflow::print {

std::string markdownEscape(llvm::StringRef s, llvm::StringRef contPrefix) {
  std::string clean = sanitizeText(s);
  std::string out;
  bool lineStart = true;   // only spaces seen on this line so far
  bool afterBreak = false; // on a continuation line (its indentation is dropped)
  bool leadDigits = false; // the line so far is digits (an ordered list?)
  for (size_t i = 0; i < clean.size(); ++i) {
    char c = clean[i];
    if (c == '\n') {
      while (i + 1 < clean.size() && (clean[i + 1] == '\n' || clean[i + 1] == ' ' ||
                                      clean[i + 1] == '\t'))
        ++i; // blank lines and indentation would end the paragraph or start code
      if (i + 1 < clean.size()) {
        out += "\\\n";
        out += contPrefix.str();
      }
      lineStart = afterBreak = true;
      leadDigits = false;
      continue;
    }
    if (c == '\t')
      c = ' ';
    if (afterBreak && lineStart && c == ' ')
      continue; // indentation could make a code block
    bool escape = false;
    switch (c) {
    case '&': out += "&amp;"; lineStart = leadDigits = false; continue;
    case '<': out += "&lt;"; lineStart = leadDigits = false; continue;
    case '>': out += "&gt;"; lineStart = leadDigits = false; continue;
    case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
    case '#': case '$': case ':': case '@': case '!': case '{': case '}':
      escape = true;
      break;
    case '-': case '+': case '=':
      escape = lineStart;
      break;
    case '.': case ')':
      escape = leadDigits ||
               (out.size() >= 3 && llvm::StringRef(out).take_back(3).equals_insensitive("www"));
      break;
    default:
      break;
    }
    if (escape)
      out += '\\';
    out += c;
    leadDigits = llvm::isDigit(c) && (lineStart || leadDigits);
    lineStart = false;
  }
  return out;
}

std::string dotString(llvm::StringRef s) {
  std::string clean = sanitizeText(s);
  std::string out = "\"";
  for (char c : clean) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c == '\t' ? ' ' : c;
  }
  out += '"';
  return out;
}

} // namespace callflow::print
