// The server's message loop, lifecycle, document sync and diagnostics
// (server.h). The other requests are answered in features*.cpp.
#include "lsp/server.h"

#include <algorithm>

#include "check/sema.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace callflow::lsp {

namespace json = llvm::json;

std::string readUri(const json::Value &params) {
  const json::Object *o = params.getAsObject();
  const json::Object *td = o ? o->getObject("textDocument") : nullptr;
  llvm::Optional<llvm::StringRef> uri = td ? td->getString("uri") : llvm::None;
  return uri ? uri->str() : "";
}

bool readTextPosition(const json::Value &params, TextPosition &out) {
  out.uri = readUri(params);
  const json::Object *o = params.getAsObject();
  return !out.uri.empty() && o && fromJSON(o->get("position"), out.pos);
}

namespace {
// llvm::json::parse recurses once per nesting level: text nested deeper
// than any LSP message is refused before parsing (no stack overflow).
constexpr unsigned kMaxJsonDepth = 256;

bool tooDeep(llvm::StringRef text) {
  unsigned depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

llvm::Expected<json::Value> parseMessage(llvm::StringRef text) {
  if (tooDeep(text))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "nested more than " + std::to_string(kMaxJsonDepth) +
                                       " levels deep");
  return json::parse(text);
}
} // namespace

Server::Server(Transport &transport, ServerOptions options)
    : transport_(transport), options_(std::move(options)) {
  handlers_ = {
      {"initialize", &Server::onInitialize},
      {"initialized", &Server::onIgnored},
      {"shutdown", &Server::onShutdown},
      {"textDocument/didOpen", &Server::onDidOpen},
      {"textDocument/didChange", &Server::onDidChange},
      {"textDocument/didClose", &Server::onDidClose},
      {"textDocument/didSave", &Server::onIgnored},
      {"workspace/didChangeConfiguration", &Server::onIgnored},
      {"workspace/didChangeWatchedFiles", &Server::onIgnored},
      {"$/setTrace", &Server::onIgnored},
      {"textDocument/formatting", &Server::onFormatting},
      {"textDocument/rangeFormatting", &Server::onRangeFormatting},
      {"textDocument/definition", &Server::onDefinition},
      {"textDocument/references", &Server::onReferences},
      {"textDocument/prepareRename", &Server::onPrepareRename},
      {"textDocument/rename", &Server::onRename},
      {"textDocument/hover", &Server::onHover},
      {"textDocument/documentSymbol", &Server::onDocumentSymbol},
      {"workspace/symbol", &Server::onWorkspaceSymbol},
      {"textDocument/completion", &Server::onCompletion},
      {"textDocument/foldingRange", &Server::onFoldingRange},
      {"textDocument/documentLink", &Server::onDocumentLink},
      {"textDocument/inlayHint", &Server::onInlayHint},
      {"textDocument/codeAction", &Server::onCodeAction},
      {"textDocument/semanticTokens/full", &Server::onSemanticTokens},
  };
}

Server::~Server() = default;

int Server::run() {
  bool eof = false;
  while (!exited_) {
    if (queue_.empty()) {
      bool dirty = std::any_of(docs_.begin(), docs_.end(),
                               [](const auto &d) { return d.second.dirty; });
      if (dirty && (options_.immediate || !transport_.ready(options_.debounceMs))) {
        flush();
        continue;
      }
      if (eof)
        break;
      std::optional<RawMessage> m = transport_.read();
      if (!m) {
        eof = true;
        continue;
      }
      enqueue(std::move(m->text));
    }
    // Read ahead what is already waiting, so that a cancellation is seen
    // before the request it cancels is handled.
    while (!eof && queue_.size() < 256 && transport_.ready(0)) {
      std::optional<RawMessage> m = transport_.read();
      if (!m) {
        eof = true;
        break;
      }
      enqueue(std::move(m->text));
    }
    std::string next = std::move(queue_.front());
    queue_.pop_front();
    dispatch(next);
    if (options_.immediate)
      flush();
  }
  return shutdown_ && exited_ ? 0 : 1;
}

void Server::handle(const std::string &text) {
  enqueue(text);
  while (!queue_.empty() && !exited_) {
    std::string next = std::move(queue_.front());
    queue_.pop_front();
    dispatch(next);
  }
}

// Notes the ids of cancellations as they arrive; the message itself is
// queued like any other.
void Server::enqueue(std::string text) {
  llvm::Expected<json::Value> v = parseMessage(text);
  if (v) {
    if (const json::Object *o = v->getAsObject())
      if (o->getString("method") == llvm::StringRef("$/cancelRequest"))
        if (const json::Object *p = o->getObject("params"))
          if (const json::Value *id = p->get("id")) {
            std::string key;
            llvm::raw_string_ostream(key) << *id;
            cancelled_.insert(key);
          }
  } else {
    llvm::consumeError(v.takeError());
  }
  queue_.push_back(std::move(text));
}

void Server::dispatch(const std::string &text) {
  llvm::Expected<json::Value> parsed = parseMessage(text);
  if (!parsed) {
    std::string msg = llvm::toString(parsed.takeError());
    reply(nullptr, Reply::error(ErrorCode::ParseError, "invalid JSON: " + msg));
    return;
  }
  const json::Object *o = parsed->getAsObject();
  if (!o) {
    reply(nullptr, Reply::error(ErrorCode::InvalidRequest, "a message must be a JSON object"));
    return;
  }
  const json::Value *id = o->get("id");
  llvm::Optional<llvm::StringRef> method = o->getString("method");
  bool idOk = id && (id->getAsInteger() || id->getAsString());
  if (id && !idOk && !method) // a response with a strange id: not ours
    return;
  if (!method) {
    if (id && (o->get("result") || o->get("error")))
      return; // a response to a request of ours (we send none)
    reply(idOk ? *id : json::Value(nullptr),
          Reply::error(ErrorCode::InvalidRequest, "a message needs a method"));
    return;
  }
  if (o->getString("jsonrpc") != llvm::StringRef("2.0")) {
    if (id)
      reply(idOk ? *id : json::Value(nullptr),
            Reply::error(ErrorCode::InvalidRequest, "jsonrpc must be \"2.0\""));
    return;
  }
  if (id && !idOk) {
    reply(nullptr, Reply::error(ErrorCode::InvalidRequest, "an id must be a number or a string"));
    return;
  }
  static const json::Value kNoParams = json::Object{};
  const json::Value *params = o->get("params");
  if (!params)
    params = &kNoParams;
  if (*method == "exit") {
    exited_ = true;
    return;
  }
  if (id) {
    std::string key;
    llvm::raw_string_ostream(key) << *id;
    if (cancelled_.erase(key)) {
      reply(*id, Reply::error(ErrorCode::RequestCancelled, "request cancelled"));
      return;
    }
  }
  if (*method == "$/cancelRequest")
    return;
  if (!initialized_ && *method != "initialize") {
    if (id)
      reply(*id, Reply::error(ErrorCode::ServerNotInitialized, "the server is not initialized"));
    return;
  }
  if (shutdown_) {
    if (id)
      reply(*id, Reply::error(ErrorCode::InvalidRequest, "the server is shutting down"));
    return;
  }
  auto h = handlers_.find(method->str());
  if (h == handlers_.end()) {
    // Unknown notifications (and `$/` ones) are ignored, per the spec.
    if (id)
      reply(*id, Reply::error(ErrorCode::MethodNotFound, "unknown method " + jsonString(*method)));
    return;
  }
  Reply r = (this->*(h->second))(*params);
  if (id)
    reply(*id, std::move(r));
}

void Server::reply(const json::Value &id, Reply r) {
  json::Object m{{"jsonrpc", "2.0"}, {"id", id}};
  if (r.failed)
    m["error"] = json::Object{{"code", static_cast<int>(r.code)},
                              {"message", jsonString(r.message)}};
  else
    m["result"] = std::move(r.result);
  transport_.send(json::Value(std::move(m)));
}

void Server::notify(llvm::StringRef method, json::Value params) {
  transport_.send(json::Object{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

Reply Server::onInitialize(const json::Value &) {
  if (initialized_)
    return Reply::error(ErrorCode::InvalidRequest, "initialize was already received");
  initialized_ = true;
  json::Array tokenTypes{"function", "namespace", "struct", "property", "enum", "enumMember",
                         "variable", "number", "macro", "keyword", "string"};
  json::Object caps{
      {"positionEncoding", "utf-16"},
      {"textDocumentSync", json::Object{{"openClose", true}, {"change", 2}}},
      {"documentFormattingProvider", true},
      {"documentRangeFormattingProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"renameProvider", json::Object{{"prepareProvider", true}}},
      {"hoverProvider", true},
      {"documentSymbolProvider", true},
      {"workspaceSymbolProvider", true},
      {"completionProvider",
       json::Object{{"triggerCharacters", json::Array{".", "{", ">", " "}}}},
      {"foldingRangeProvider", true},
      {"documentLinkProvider", json::Object{{"resolveProvider", false}}},
      {"inlayHintProvider", true},
      {"codeActionProvider", json::Object{{"codeActionKinds", json::Array{"quickfix"}}}},
      {"semanticTokensProvider",
       json::Object{{"legend", json::Object{{"tokenTypes", std::move(tokenTypes)},
                                            {"tokenModifiers", json::Array{"declaration"}}}},
                    {"full", true}}},
  };
  return {json::Object{{"capabilities", std::move(caps)},
                       {"serverInfo", json::Object{{"name", "flowc-lsp"}, {"version", "0.1.0"}}}}};
}

Reply Server::onShutdown(const json::Value &) {
  shutdown_ = true;
  return {};
}

Server::Document *Server::document(llvm::StringRef uri) {
  auto it = docs_.find(uri.str());
  return it == docs_.end() ? nullptr : &it->second;
}

Reply Server::onDidOpen(const json::Value &params) {
  const json::Object *o = params.getAsObject();
  const json::Object *td = o ? o->getObject("textDocument") : nullptr;
  llvm::Optional<llvm::StringRef> uri = td ? td->getString("uri") : llvm::None;
  llvm::Optional<llvm::StringRef> text = td ? td->getString("text") : llvm::None;
  if (!uri || !text)
    return Reply::error(ErrorCode::InvalidParams, "didOpen needs textDocument.uri and text");
  Document &d = docs_[uri->str()];
  d.uri = uri->str();
  d.path = uriToPath(*uri);
  if (d.path.empty())
    d.path = d.uri;
  d.text = text->str();
  d.version = static_cast<int>(td->getInteger("version").getValueOr(0));
  d.dirty = d.stale = true;
  return {};
}

Reply Server::onDidChange(const json::Value &params) {
  const json::Object *o = params.getAsObject();
  const json::Object *td = o ? o->getObject("textDocument") : nullptr;
  llvm::Optional<llvm::StringRef> uri = td ? td->getString("uri") : llvm::None;
  const json::Array *changes = o ? o->getArray("contentChanges") : nullptr;
  Document *d = uri ? document(*uri) : nullptr;
  if (!d || !changes)
    return Reply::error(ErrorCode::InvalidParams, "didChange of a document that is not open");
  for (const json::Value &c : *changes) {
    const json::Object *co = c.getAsObject();
    llvm::Optional<llvm::StringRef> text = co ? co->getString("text") : llvm::None;
    if (!text)
      continue;
    Range r;
    if (co->get("range") && fromJSON(co->get("range"), r)) {
      LineIndex li(d->text);
      size_t b = li.offset(r.start), e = li.offset(r.end);
      if (e < b)
        std::swap(b, e);
      d->text.replace(b, e - b, text->str());
    } else {
      d->text = text->str();
    }
  }
  if (llvm::Optional<int64_t> v = td->getInteger("version"))
    d->version = static_cast<int>(*v);
  d->dirty = d->stale = true;
  return {};
}

Reply Server::onDidClose(const json::Value &params) {
  std::string uri = readUri(params);
  auto it = docs_.find(uri);
  if (it == docs_.end())
    return {};
  std::string path = it->second.path;
  docs_.erase(it);
  notify("textDocument/publishDiagnostics",
         json::Object{{"uri", uri}, {"diagnostics", json::Array{}}});
  return {};
}

Analysis *Server::analysis(llvm::StringRef uri) {
  Document *d = document(uri);
  if (!d)
    return nullptr;
  if (!d->analysis || d->stale) {
    d->stale = false;
    driver::CompileOptions opts = options_.compile;
    if (opts.projectRoot.empty())
      opts.projectRoot = driver::findProjectRoot(d->path);
    // Open documents stand in for the files they are.
    opts.overlay = [this](llvm::StringRef p) -> std::unique_ptr<llvm::MemoryBuffer> {
      llvm::SmallString<256> real;
      if (llvm::sys::fs::real_path(p, real))
        real = p;
      for (const auto &[uri, doc] : docs_) {
        llvm::SmallString<256> dreal;
        if (llvm::sys::fs::real_path(doc.path, dreal))
          dreal = doc.path;
        if (dreal == real)
          return llvm::MemoryBuffer::getMemBufferCopy(doc.text, p);
      }
      return nullptr;
    };
    std::string text = d->text;
    if (text.size() > options_.maxDocumentBytes)
      text = "// the document is larger than the server's limit\n";
    // The previous analysis lends the declarations the edit left alone.
    d->analysis =
        std::make_unique<Analysis>(d->path, text, d->version, std::move(opts), d->analysis.get());
  }
  return d->analysis.get();
}

void Server::flush() {
  for (auto &[uri, d] : docs_)
    if (d.dirty) {
      analysis(uri);
      publish(d);
      d.dirty = false;
    }
}

} // namespace callflow::lsp
