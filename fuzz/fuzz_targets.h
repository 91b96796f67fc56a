// The fuzz entry points, callable from libFuzzer and from the regression
// tests (tests/fuzz_regressions) alike. Each aborts (a finding) only when a
// promise of the pipeline is broken; rejected input is not a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace callflow {
class Program;
}

namespace callflow::fuzz {

/// Source text -> parse -> check -> codegen -> load -> run, codegen
/// overlapping the checker's last passes (codegen::checkAndGenerate, so
/// it also runs on programs those passes reject). A program that
/// checks clean must compile, and its bytecode must pass the verifier. The
/// text is also parsed in pieces on three threads, cut wherever it allows
/// (ParseOptions::threads, minChunkBytes 1), which must give exactly the
/// AST, comments and diagnostics of the parse in one piece.
int fuzzSource(const uint8_t *data, size_t size);

/// Input: 32 bytes of answers, then bytecode. The bytecode's trailing CRC is
/// recomputed (unless the first byte is 0xff), so mutations reach the
/// verifier proper; then load -> verify -> disassemble -> run, answering
/// from the first 32 bytes.
int fuzzBytecode(const uint8_t *data, size_t size);

/// Journal bytes -> parseJournal -> every intact answer decoded, re-encoded
/// and replayed into a session of the fixture program (resume after a crash).
int fuzzJournal(const uint8_t *data, size_t size);

/// The same bytes as a scenario file (parsed, each run played against the
/// fixture program, coverage computed) and as an answers file (each line a
/// directive answering the fixture's session, as `flowrun --answers`
/// does). A failing run must say why; an answer's description (flowrun's
/// echo) must parse as a directive and give the same answer again.
int fuzzScenario(const uint8_t *data, size_t size);

/// A transcript of LSP messages (`---`-separated, as `flowc lsp
/// --lit-test` reads them) fed to the language server, then shutdown: no
/// crash, and every message it writes is valid JSON-RPC.
int fuzzLsp(const uint8_t *data, size_t size);

/// One request (`METHOD PATH`, header lines, a blank line, the body) to
/// the designer's workbench over a small project directory: every answer
/// is one of its documented statuses (never 500) and a JSON one parses.
int fuzzWorkbench(const uint8_t *data, size_t size);

/// A transcript of requests to the agent desktop's API (docs/server.md),
/// handled in-process by the server's router and handlers
/// (http::Server::dispatch) against a fresh in-memory SQLite store and two
/// flows (the seed-000 sample, a flow with sensitive fields). Requests are
/// separated by a line `---`; each is `METHOD TARGET`, header lines
/// (`Authorization: ...` is read) up to a blank line, then the body. In the
/// target, the Authorization value and the body, `$SAM`, `$ANN` (agents)
/// and `$BOSS` (a supervisor) become their tokens, `$S0`..`$S9` the IDs of
/// the sessions this transcript created, `$SEQ` the last seq returned.
/// Every response must have a documented status (never 500), a JSON body,
/// and an "error" string when it refuses.
int fuzzHttp(const uint8_t *data, size_t size);

/// The program journals, scenarios and answers files are played against
/// (the seed-000 sample).
struct JournalFixture {
  std::vector<uint8_t> bytecode;
  std::shared_ptr<const Program> program;
};
const JournalFixture &journalFixture();

} // namespace callflow::fuzz
