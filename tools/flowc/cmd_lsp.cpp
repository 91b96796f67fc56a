// `flowc lsp`: the language server on standard input and output (LSP 3.17,
// Content-Length framing). `--lit-test` reads transcript messages
// separated by `---` lines instead, answers pretty-printed, and publishes
// diagnostics right after each change (the tests under tests/lsp/). The
// server itself is compiler/lsp/.
#include "commands.h"
#include "common.h"

#include <unistd.h>

#include "lsp/server.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
cl::SubCommand Cmd("lsp", "Run the language server on standard input/output (LSP 3.17)");
cl::opt<bool> LitTest("lit-test", cl::sub(Cmd),
                      cl::desc("Read messages separated by '---' lines (no Content-Length), "
                               "pretty-print answers, publish diagnostics after each change"));
cl::opt<unsigned> DebounceMs("debounce-ms", cl::sub(Cmd), cl::init(50),
                             cl::desc("Wait this long without input before checking a changed "
                                      "document (default 50)"));
cl::opt<std::string> DocsUrl(
    "docs-url", cl::sub(Cmd),
    cl::init("https://github.com/callflow/callflow/blob/main/docs/diagnostics.md"),
    cl::desc("Where diagnostic codes link to (the code is appended as #fragment)"));
} // namespace

cl::SubCommand &lspCommand() { return Cmd; }

int runLsp() {
  bool ok = true;
  callflow::driver::CompileOptions opts = compileOptions(ok);
  if (!ok)
    return kExitUsage;
  callflow::lsp::ServerOptions so;
  so.compile = std::move(opts);
  so.immediate = LitTest;
  so.debounceMs = static_cast<int>(DebounceMs);
  so.docsUrl = DocsUrl;
  callflow::lsp::FdSource in(STDIN_FILENO);
  llvm::raw_fd_ostream out(STDOUT_FILENO, /*shouldClose=*/false, /*unbuffered=*/false);
  callflow::lsp::Transport t(in, out,
                             LitTest ? callflow::lsp::Framing::Delimited
                                     : callflow::lsp::Framing::ContentLength,
                             /*pretty=*/LitTest);
  t.log = &llvm::errs();
  callflow::lsp::Server server(t, std::move(so));
  return server.run();
}

} // namespace flowc
