// What flowrun writes for people (the terminal's script, its prompts and
// messages on stderr) shows control characters instead of sending them:
// a flow's text or a value (a typed answer, --set, a host's value) with an
// ESC sequence could otherwise set the window title, clear the screen or
// hide text, a BEL ring, a backspace or CR overwrite what the agent reads.
// C0 controls but tab and newline become the Unicode control pictures
// (ESC -> U+241B, BEL -> U+2407, CR -> U+240D), DEL U+2421, and the C1
// controls U+0080-U+009F the text "\u0085". docs/flowrun.md. The JSON of
// --json escapes them by itself and does not come through here.
#include "call.h"

namespace flowrun {

namespace {

/// Appends `s` to `out` with control characters made visible.
void appendVisible(std::string &out, std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
      const unsigned cp = c == 0x7F ? 0x2421 : 0x2400 + c; // control pictures: E2 90 80 + c
      out += char(0xE2);
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
      continue;
    }
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      static const char kHex[] = "0123456789abcdef";
      const unsigned char d = static_cast<unsigned char>(s[++i]);
      out += "\\u00";
      out += kHex[d >> 4];
      out += kHex[d & 15];
      continue;
    }
    out += char(c);
  }
}

/// A stream that passes everything to `out_` with control characters made
/// visible. Unbuffered, so that colours written to `out_` itself (paint)
/// stay in order with the text.
class VisibleStream final : public llvm::raw_ostream {
public:
  explicit VisibleStream(llvm::raw_ostream &out) : raw_ostream(/*unbuffered=*/true), out_(out) {}
  ~VisibleStream() override { flush(); }
  bool is_displayed() const override { return out_.is_displayed(); }
  bool has_colors() const override { return out_.has_colors(); }
  // Colours are the tool's own escape sequences: straight to the stream.
  raw_ostream &changeColor(enum Colors c, bool bold, bool bg) override {
    out_.changeColor(c, bold, bg);
    return *this;
  }
  raw_ostream &resetColor() override {
    out_.resetColor();
    return *this;
  }
  raw_ostream &reverseColor() override {
    out_.reverseColor();
    return *this;
  }

private:
  void write_impl(const char *p, size_t n) override {
    buf_.clear();
    appendVisible(buf_, std::string_view(p, n));
    out_ << buf_;
    pos_ += n;
  }
  uint64_t current_pos() const override { return pos_; }

  llvm::raw_ostream &out_;
  std::string buf_;
  uint64_t pos_ = 0;
};

} // namespace

std::string visible(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  appendVisible(out, s);
  return out;
}

llvm::raw_ostream &screen() {
  static VisibleStream s(llvm::outs());
  return s;
}

llvm::raw_ostream &screenErr() {
  static VisibleStream s(llvm::errs());
  return s;
}

} // namespace flowrun
