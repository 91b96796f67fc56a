// The formatter's printer: output lines, comment placement, blank lines,
// string literals and expressions. Declarations and statements are in
// formatter_decls.cpp and formatter_stmts.cpp.
#include "format/formatter.h"

#include <algorithm>

#include "format/formatter_impl.h"
#include "llvm/ADT/StringExtras.h"

namespace callflow::format {

size_t displayWidth(llvm::StringRef s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++n;
  return n;
}


std::string formatFile(const ast::File &file, const llvm::SourceMgr &sm) {
  return detail::Printer(file, sm).run();
}

namespace detail {

Printer::Printer(const ast::File &file, const llvm::SourceMgr &sm)
    : file_(file), sm_(sm), buf_(sm.getMemoryBuffer(file.bufferId)->getBuffer()) {
  for (const ast::Comment &c : file.comments)
    comments_.push_back(&c);
  std::stable_sort(comments_.begin(), comments_.end(),
                   [](const ast::Comment *a, const ast::Comment *b) {
                     return a->range.Start.getPointer() < b->range.Start.getPointer();
                   });
}

std::string Printer::run() {
  decls();
  flushCommentsBefore(buf_.data() + buf_.size() + 1);
  alignTrailingComments();
  // Exactly one newline at the end; nothing for an empty file.
  while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' '))
    out_.pop_back();
  if (!out_.empty())
    out_ += '\n';
  return out_;
}

void Printer::alignTrailingComments() {
  // Runs of adjacent lines with comments after code get one comment column.
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < trailing_.size();) {
    size_t j = i + 1;
    auto indentOf = [&](size_t lineStart) {
      return out_.find_first_not_of(' ', lineStart) - lineStart;
    };
    while (j < trailing_.size() &&
           out_.find('\n', trailing_[j - 1].codeEnd) + 1 == trailing_[j].lineStart &&
           indentOf(trailing_[j].lineStart) == indentOf(trailing_[i].lineStart))
      ++j;
    auto codeWidth = [&](size_t k) {
      return displayWidth(llvm::StringRef(out_).slice(trailing_[k].lineStart, trailing_[k].codeEnd));
    };
    auto lineWidth = [&](size_t k) {
      size_t end = out_.find('\n', trailing_[k].codeEnd);
      return displayWidth(llvm::StringRef(out_).slice(trailing_[k].lineStart, end));
    };
    size_t width = 0;
    for (size_t k = i; k < j; ++k)
      width = std::max(width, codeWidth(k));
    // Not aligned when that would push a line that fits past the limit.
    for (size_t k = i; k < j; ++k)
      if (lineWidth(k) + (width - codeWidth(k)) > kLineLimit && lineWidth(k) <= kLineLimit)
        width = 0;
    for (size_t k = i; k < j; ++k) {
      out.append(out_, copied, trailing_[k].codeEnd - copied);
      out.append(width > codeWidth(k) ? width - codeWidth(k) : 0, ' ');
      copied = trailing_[k].codeEnd;
    }
    i = j;
  }
  out.append(out_, copied, std::string::npos);
  out_ = std::move(out);
}

bool Printer::blankLineBetween(const char *a, const char *b) const {
  if (!a || !b || b <= a)
    return false;
  unsigned newlines = 0;
  for (const char *p = a; p < b; ++p) {
    if (*p == '\n') {
      if (++newlines == 2)
        return true;
    } else if (*p != ' ' && *p != '\t' && *p != '\r') {
      newlines = 0;
    }
  }
  return false;
}

void Printer::writeWrapped(const std::string &head, const std::string &tail) {
  write(head);
  if (tail.empty() || indent_ * 2 + displayWidth(head) + displayWidth(tail) <= kLineLimit) {
    write(tail);
    return;
  }
  newline(); // also drops the padding at the end of `head`
  pad(indent_ * 2 + 2);
  write(llvm::StringRef(tail).ltrim(' '));
}

void Printer::newline() {
  while (!out_.empty() && out_.back() == ' ')
    out_.pop_back();
  out_ += '\n';
}

/// A blank line, unless at the top, right after `{`, or after another one.
static void blankLine(std::string &out, bool blockJustOpened) {
  if (out.empty() || blockJustOpened)
    return;
  if (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    return;
  out += '\n';
}

void Printer::emitOwnLineComment(const ast::Comment &c) {
  if (blankLineBetween(lastEnd_, c.range.Start.getPointer()))
    blankLine(out_, blockJustOpened_);
  pad(indent_ * 2);
  write(c.text);
  newline();
  lastEnd_ = c.range.End.getPointer();
  blockJustOpened_ = false;
}

bool Printer::hasCommentsBefore(const char *pos) const {
  return nextComment_ < comments_.size() &&
         comments_[nextComment_]->range.Start.getPointer() < pos;
}

void Printer::flushCommentsBefore(const char *pos) {
  while (hasCommentsBefore(pos))
    emitOwnLineComment(*comments_[nextComment_++]);
}

void Printer::beginItem(llvm::SMLoc start, bool forceBlank) {
  const char *at = start.getPointer();
  const char *first = hasCommentsBefore(at) ? comments_[nextComment_]->range.Start.getPointer() : at;
  if (forceBlank || blankLineBetween(lastEnd_, first))
    blankLine(out_, blockJustOpened_);
  flushCommentsBefore(at);
  if (blankLineBetween(lastEnd_, at))
    blankLine(out_, blockJustOpened_);
  pad(indent_ * 2);
  blockJustOpened_ = false;
}

void Printer::endItem(llvm::SMLoc end) {
  const char *e = end.getPointer();
  const char *last = e;
  bool first = true, afterLineComment = false;
  while (nextComment_ < comments_.size()) {
    const ast::Comment &c = *comments_[nextComment_];
    const char *cs = c.range.Start.getPointer();
    bool inside = cs < e;
    // After the item, only a comment with nothing but blanks before it on
    // the same line trails it.
    bool sameLine = !inside && cs >= last &&
                    llvm::StringRef(last, cs - last).find_first_not_of(" \t") ==
                        llvm::StringRef::npos;
    if (!inside && !sameLine)
      break;
    // Nothing may follow a `//` comment on its line: this comment and the
    // rest stay pending and go on their own lines before whatever is
    // printed next, at its indentation -- where a second run, reading them
    // on their own lines after the item, puts them too (fmt is idempotent).
    if (afterLineComment)
      break;
    while (!out_.empty() && out_.back() == ' ')
      out_.pop_back();
    // Two spaces before a comment after code, one between comments.
    if (first) {
      size_t lineStart = out_.rfind('\n');
      lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
      if (out_.size() > lineStart + indent_ * 2)
        trailing_.push_back({lineStart, out_.size()});
    }
    out_ += first ? "  " : " ";
    write(c.text);
    first = false;
    afterLineComment = llvm::StringRef(c.text).startswith("//");
    last = std::max(last, c.range.End.getPointer());
    ++nextComment_;
  }
  newline();
  lastEnd_ = last;
}

llvm::SMLoc Printer::afterOpenBrace(llvm::SMLoc from) const {
  const char *p = from.getPointer();
  const char *end = buf_.data() + buf_.size();
  while (p && p < end) {
    if (*p == '{')
      return llvm::SMLoc::getFromPointer(p + 1);
    if (p + 1 < end && p[0] == '/' && p[1] == '/') {
      while (p < end && *p != '\n')
        ++p;
      continue;
    }
    if (p + 1 < end && p[0] == '/' && p[1] == '*') {
      llvm::StringRef rest(p + 2, end - p - 2);
      size_t close = rest.find("*/");
      p = close == llvm::StringRef::npos ? end : p + 2 + close + 2;
      continue;
    }
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
      break;
    ++p;
  }
  return from;
}

llvm::SMLoc Printer::closingBrace(llvm::SMRange range) {
  const char *e = range.End.getPointer();
  return llvm::SMLoc::getFromPointer(e ? e - 1 : e);
}

// ---- texts and expressions -------------------------------------------------

std::string Printer::text(const ast::Text &t) const {
  const char *s = t.range.Start.getPointer();
  const char *e = t.range.End.getPointer();
  if (s && e && s >= buf_.data() && e <= buf_.data() + buf_.size() && e - s >= 2 && *s == '"' &&
      e[-1] == '"')
    return std::string(s, e);
  return ast::quoteTextLiteral(t);
}

std::string Printer::expr(const ast::Expr &e, int minPrec) const {
  ast::SourceStyle style;
  style.text = [this](const ast::Text &t) { return text(t); }; // the literal as written
  style.missing = "";
  return ast::exprSource(e, style, minPrec);
}

std::string Printer::fieldModifiers(const ast::FieldSpec &f) const {
  std::string s;
  if (f.defaultValue)
    s += " = " + expr(*f.defaultValue);
  if (f.required)
    s += " required";
  else if (f.requiredWhen)
    s += " required when " + expr(*f.requiredWhen);
  if (f.isAuto)
    s += " auto";
  if (f.unused)
    s += " unused";
  if (f.sensitive)
    s += " sensitive";
  if (f.pattern)
    s += " matches " + text(*f.pattern);
  if (f.pattern && f.patternDescription)
    s += " as " + text(*f.patternDescription);
  if (!f.suggestions.empty()) {
    s += " suggest";
    for (const ast::Text &t : f.suggestions)
      s += " " + text(t);
  }
  return s;
}

} // namespace detail
} // namespace callflow::format
