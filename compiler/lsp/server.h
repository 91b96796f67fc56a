// The callflow language server: LSP 3.17 over a Transport, answering from
// Analyses of the open documents (analysis.h).
//
// Single-threaded and deterministic: messages are handled in order. Input
// that is already waiting is read ahead, so a `$/cancelRequest` for a
// request still queued answers it with RequestCancelled, and consecutive
// changes of a document are analysed once (debounce: diagnostics are
// published when no input arrives for `debounceMs`, for the newest version
// only). In transcript mode (--lit-test) diagnostics are published right
// after each change.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "lsp/analysis.h"
#include "lsp/transport.h"

namespace callflow::lsp {

struct ServerOptions {
  /// Publish diagnostics after each change instead of debouncing.
  bool immediate = false;
  int debounceMs = 50;
  /// Where `codeDescription` links point: the code, lower-cased, is
  /// appended as a fragment (`...diagnostics.md#e0102`).
  std::string docsUrl;
  driver::CompileOptions compile;
  /// Largest document accepted (bytes); a bigger one gets one diagnostic.
  size_t maxDocumentBytes = 64u << 20;
};

struct Reply {
  Reply() = default;
  Reply(llvm::json::Value v) : result(std::move(v)) {}
  llvm::json::Value result = nullptr;
  bool failed = false;
  ErrorCode code = ErrorCode::InternalError;
  std::string message;
  static Reply error(ErrorCode c, std::string m) {
    Reply r;
    r.failed = true;
    r.code = c;
    r.message = std::move(m);
    return r;
  }
};

class Server {
public:
  Server(Transport &transport, ServerOptions options);
  ~Server();
  /// Serves until `exit` or end of input. Returns the process exit code:
  /// 0 after shutdown + exit, 1 otherwise.
  int run();

  /// Handles one raw message (the fuzz target drives this directly).
  void handle(const std::string &text);
  /// Publishes pending diagnostics now.
  void flush();
  bool exited() const { return exited_; }

  // ---- used by the feature handlers (features*.cpp) ----------------------
  struct Document {
    std::string uri, path, text;
    int version = 0;
    std::unique_ptr<Analysis> analysis;
    bool dirty = true; // diagnostics not yet published for this text
    bool stale = true; // text changed since `analysis` was built
  };
  /// The document's current analysis (built if the text changed), or
  /// nullptr when the URI is not open.
  Analysis *analysis(llvm::StringRef uri);
  Document *document(llvm::StringRef uri);
  std::map<std::string, Document> &documents() { return docs_; }
  const ServerOptions &options() const { return options_; }

private:
  using Handler = Reply (Server::*)(const llvm::json::Value &params);
  void enqueue(std::string text);
  void dispatch(const std::string &text);
  void reply(const llvm::json::Value &id, Reply r);
  void notify(llvm::StringRef method, llvm::json::Value params);
  void publish(Document &doc);

  Reply onInitialize(const llvm::json::Value &);
  Reply onShutdown(const llvm::json::Value &);
  Reply onDidOpen(const llvm::json::Value &);
  Reply onDidChange(const llvm::json::Value &);
  Reply onDidClose(const llvm::json::Value &);
  Reply onIgnored(const llvm::json::Value &) { return {}; }
  // features.cpp, features_nav.cpp
  Reply onFormatting(const llvm::json::Value &);
  Reply onRangeFormatting(const llvm::json::Value &);
  Reply onDefinition(const llvm::json::Value &);
  Reply onReferences(const llvm::json::Value &);
  Reply onPrepareRename(const llvm::json::Value &);
  Reply onRename(const llvm::json::Value &);
  Reply onHover(const llvm::json::Value &);
  Reply onDocumentSymbol(const llvm::json::Value &);
  Reply onWorkspaceSymbol(const llvm::json::Value &);
  Reply onCompletion(const llvm::json::Value &);
  Reply onFoldingRange(const llvm::json::Value &);
  Reply onDocumentLink(const llvm::json::Value &);
  Reply onInlayHint(const llvm::json::Value &);
  Reply onCodeAction(const llvm::json::Value &);
  Reply onSemanticTokens(const llvm::json::Value &);

  Transport &transport_;
  ServerOptions options_;
  std::map<std::string, Handler> handlers_;
  std::map<std::string, Document> docs_;
  std::deque<std::string> queue_;
  std::set<std::string> cancelled_; // request ids (as JSON text)
  bool initialized_ = false, shutdown_ = false, exited_ = false;
};

/// The text position a request names (`textDocument.uri`, `position`).
struct TextPosition {
  std::string uri;
  Position pos;
};
bool readTextPosition(const llvm::json::Value &params, TextPosition &out);
std::string readUri(const llvm::json::Value &params);

} // namespace callflow::lsp
