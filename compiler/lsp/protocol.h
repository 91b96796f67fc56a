// The protocol layer: what the server needs of LSP 3.17's types, on
// llvm::json. Positions are zero-based lines and UTF-16 code units, as the
// protocol requires; the compiler works in byte offsets (and its columns
// count code points), so a LineIndex converts between them per document.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

namespace callflow::lsp {

/// JSON-RPC and LSP error codes.
enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestFailed = -32803,
  RequestCancelled = -32800,
  ContentModified = -32801,
};

struct Position {
  unsigned line = 0;
  unsigned character = 0; // UTF-16 code units
};

struct Range {
  Position start, end;
};

llvm::json::Value toJSON(const Position &p);
llvm::json::Value toJSON(const Range &r);
/// Reads `{"line":..,"character":..}`; false when malformed.
bool fromJSON(const llvm::json::Value *v, Position &p);
bool fromJSON(const llvm::json::Value *v, Range &r);

/// A string safe to put in JSON (invalid UTF-8 replaced).
std::string jsonString(llvm::StringRef s);

/// `file:///a%20b/c.flow` <-> `/a b/c.flow`. uriToPath returns "" for a
/// URI that is not a file URI.
std::string uriToPath(llvm::StringRef uri);
std::string pathToUri(llvm::StringRef path);

/// Line starts of a text, for byte offset <-> LSP position conversions.
class LineIndex {
public:
  LineIndex() = default;
  explicit LineIndex(llvm::StringRef text);
  Position position(size_t offset) const;
  /// The byte offset of a position, clamped to its line (and the text).
  size_t offset(const Position &p) const;
  unsigned lineCount() const { return static_cast<unsigned>(starts_.size()); }
  size_t lineStart(unsigned line) const { return starts_[line]; }

private:
  llvm::StringRef text_;
  std::vector<uint32_t> starts_{0};
};

/// UTF-16 code units of a UTF-8 string (invalid bytes count one each).
unsigned utf16Length(llvm::StringRef s);

} // namespace callflow::lsp
