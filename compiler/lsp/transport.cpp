// Reading and writing framed JSON-RPC messages (transport.h).
#include "lsp/transport.h"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"

namespace callflow::lsp {

long FdSource::read(char *buf, size_t n) {
  for (;;) {
    ssize_t r = ::read(fd_, buf, n);
    if (r < 0 && errno == EINTR)
      continue;
    return static_cast<long>(r);
  }
}

bool FdSource::ready(int timeoutMs) {
  pollfd p{fd_, POLLIN, 0};
  int r = ::poll(&p, 1, timeoutMs);
  return r > 0;
}

long StringSource::read(char *buf, size_t n) {
  size_t k = std::min(n, data_.size() - pos_);
  std::copy(data_.data() + pos_, data_.data() + pos_ + k, buf);
  pos_ += k;
  return static_cast<long>(k);
}

bool Transport::fill() {
  if (eof_)
    return false;
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  } else if (pos_ > (1u << 20)) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  char chunk[65536];
  long r = in_.read(chunk, sizeof chunk);
  if (r <= 0) {
    eof_ = true;
    return false;
  }
  buf_.append(chunk, static_cast<size_t>(r));
  return true;
}

bool Transport::ready(int timeoutMs) {
  if (pos_ < buf_.size() || eof_)
    return true;
  return in_.ready(timeoutMs);
}

std::optional<std::string> Transport::readLine() {
  for (;;) {
    size_t nl = buf_.find('\n', pos_);
    if (nl != std::string::npos) {
      std::string line = buf_.substr(pos_, nl - pos_);
      pos_ = nl + 1;
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      return line;
    }
    if (buf_.size() - pos_ > maxMessageBytes) { // a "line" without end: drop it
      pos_ = buf_.size();
      return std::string();
    }
    if (!fill()) {
      if (pos_ < buf_.size()) { // last line without a newline
        std::string line = buf_.substr(pos_);
        pos_ = buf_.size();
        return line;
      }
      return std::nullopt;
    }
  }
}

std::optional<RawMessage> Transport::read() {
  return framing_ == Framing::ContentLength ? readFramed() : readDelimited();
}

std::optional<RawMessage> Transport::readFramed() {
  for (;;) {
    // The header: lines up to an empty one. Only Content-Length matters.
    std::optional<size_t> length;
    bool sawHeader = false;
    for (;;) {
      std::optional<std::string> line = readLine();
      if (!line)
        return std::nullopt;
      if (line->empty()) {
        if (sawHeader)
          break;
        continue; // stray blank lines between messages
      }
      sawHeader = true;
      llvm::StringRef l(*line);
      if (l.consume_front_insensitive("content-length:")) {
        unsigned long long n = 0;
        if (!l.trim().getAsInteger(10, n))
          length = static_cast<size_t>(n);
      }
    }
    if (!length) {
      if (log)
        *log << "lsp: message header without a valid Content-Length; skipped\n";
      continue;
    }
    bool tooBig = *length > maxMessageBytes;
    std::string body;
    size_t want = *length;
    while (want > 0) {
      if (pos_ == buf_.size() && !fill())
        return std::nullopt; // truncated message at end of input
      size_t k = std::min(want, buf_.size() - pos_);
      if (!tooBig)
        body.append(buf_, pos_, k);
      pos_ += k;
      want -= k;
    }
    if (tooBig) {
      if (log)
        *log << "lsp: message of " << *length << " bytes is over the limit; dropped\n";
      continue;
    }
    return RawMessage{std::move(body)};
  }
}

std::optional<RawMessage> Transport::readDelimited() {
  std::string body;
  bool any = false;
  for (;;) {
    std::optional<std::string> line = readLine();
    if (!line)
      break;
    llvm::StringRef l(*line);
    if (l.trim() == "---") {
      if (!llvm::StringRef(body).trim().empty())
        return RawMessage{std::move(body)};
      body.clear();
      continue;
    }
    if (l.ltrim().startswith("#"))
      continue;
    body += *line;
    body += '\n';
    any = true;
  }
  if (any && !llvm::StringRef(body).trim().empty())
    return RawMessage{std::move(body)};
  return std::nullopt;
}

void Transport::send(const llvm::json::Value &message) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (pretty_)
    os << llvm::formatv("{0:2}", message);
  else
    os << message;
  os.flush();
  if (framing_ == Framing::ContentLength)
    out_ << "Content-Length: " << text.size() << "\r\n\r\n" << text;
  else
    out_ << text << "\n";
  out_.flush();
}

} // namespace callflow::lsp
