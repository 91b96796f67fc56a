// The LSP transport: JSON-RPC 2.0 messages over a byte stream pair.
//
// Two framings: the protocol's own (`Content-Length: N\r\n\r\n` then N
// bytes of JSON) and the transcript framing of `flowc lsp --lit-test`
// (messages separated by lines `---`, lines starting with `#` ignored, as
// clangd's -lit-test reads them). Input comes from a ByteSource (a file
// descriptor, or a string for tests and the fuzz target); output goes to
// an llvm::raw_ostream, one message at a time, flushed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::lsp {

/// Where the transport's bytes come from.
class ByteSource {
public:
  virtual ~ByteSource() = default;
  /// Reads up to `n` bytes; 0 at end of input, <0 on error.
  virtual long read(char *buf, size_t n) = 0;
  /// Whether a read would not block, waiting up to `timeoutMs`.
  virtual bool ready(int timeoutMs) = 0;
};

/// A file descriptor (standard input).
class FdSource : public ByteSource {
public:
  explicit FdSource(int fd) : fd_(fd) {}
  long read(char *buf, size_t n) override;
  bool ready(int timeoutMs) override;

private:
  int fd_;
};

/// Bytes held in memory.
class StringSource : public ByteSource {
public:
  explicit StringSource(std::string s) : data_(std::move(s)) {}
  long read(char *buf, size_t n) override;
  bool ready(int) override { return true; }

private:
  std::string data_;
  size_t pos_ = 0;
};

enum class Framing { ContentLength, Delimited };

/// One message as read: its JSON text (unparsed: the server answers a
/// parse error per JSON-RPC), or end of input.
struct RawMessage {
  std::string text;
};

class Transport {
public:
  Transport(ByteSource &in, llvm::raw_ostream &out, Framing framing, bool pretty)
      : in_(in), out_(out), framing_(framing), pretty_(pretty) {}

  /// The next message, or nullopt at end of input (or a broken stream).
  /// A header without a usable Content-Length is skipped with an error on
  /// `log`; a message larger than maxMessageBytes is read and dropped.
  std::optional<RawMessage> read();
  /// Whether a message (or end of input) can be read without blocking.
  bool ready(int timeoutMs);
  void send(const llvm::json::Value &message);

  size_t maxMessageBytes = 256u << 20;
  llvm::raw_ostream *log = nullptr;

private:
  bool fill();                                // appends input to buf_; false at end
  std::optional<std::string> readLine();      // without its line ending
  std::optional<RawMessage> readFramed();
  std::optional<RawMessage> readDelimited();

  ByteSource &in_;
  llvm::raw_ostream &out_;
  Framing framing_;
  bool pretty_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
};

} // namespace callflow::lsp
