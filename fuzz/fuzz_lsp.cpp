// The language server fed arbitrary message sequences (fuzzLsp).
#include "fuzz_targets.h"

#include <cstdlib>
#include <string>

#include "lsp/server.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::fuzz {

int fuzzLsp(const uint8_t *data, size_t size) {
  // The input is a transcript (messages separated by `---` lines, as
  // `flowc lsp --lit-test` reads them); a shutdown request follows it, so
  // every input ends with the server answering a request.
  std::string input(reinterpret_cast<const char *>(data), size);
  input += "\n---\n{\"jsonrpc\":\"2.0\",\"id\":\"fuzz-end\",\"method\":\"shutdown\"}\n";
  lsp::StringSource in(std::move(input));
  std::string out;
  llvm::raw_string_ostream os(out);
  lsp::Transport t(in, os, lsp::Framing::Delimited, /*pretty=*/false);
  t.maxMessageBytes = 1 << 20;
  lsp::ServerOptions so;
  so.immediate = true;
  so.maxDocumentBytes = 256 << 10;
  so.compile.threads = 1;
  lsp::Server server(t, so);
  server.run();
  os.flush();
  // Every message the server wrote is one line of valid JSON-RPC.
  llvm::StringRef rest(out);
  while (!rest.empty()) {
    auto [line, tail] = rest.split('\n');
    rest = tail;
    llvm::Expected<llvm::json::Value> v = llvm::json::parse(line);
    if (!v) {
      llvm::consumeError(v.takeError());
      std::abort();
    }
    const llvm::json::Object *o = v->getAsObject();
    if (!o || o->getString("jsonrpc") != llvm::StringRef("2.0"))
      std::abort();
  }
  return 0;
}

} // namespace callflow::fuzz
