// The AST builder's two modes build the same AST: clean mode (after an
// error-free SLL parse: string literals read from the token buffer,
// statements dispatched on their first token) and tree mode (walking the
// parse tree as after a syntax error), on every .flow file of the
// repository and a generated flow; dumps and diagnostics must match.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "ast/dump.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "parse/parse_internal.h"
#include "parse_test_util.h"

using callflow::parse::internal::BuildMode;

namespace {

/// The AST dump and the diagnostics ("line:col code message") of `src`.
std::string parseIn(BuildMode mode, const std::string &src) {
  llvm::SourceMgr sm;
  unsigned id =
      sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "t.flow"), llvm::SMLoc());
  callflow::diag::DiagnosticEngine diags(sm);
  auto file = callflow::parse::internal::parseBufferIn(mode, sm, id, diags);
  std::string out;
  llvm::raw_string_ostream os(out);
  callflow::ast::dumpAst(*file, sm, os);
  for (const auto &d : diags.sortedDiagnostics()) {
    auto [line, col] = sm.getLineAndColumn(d.range.Start, id);
    os << line << ":" << col << " " << d.info().code << " " << d.message << "\n";
  }
  os.flush();
  return out;
}

TEST(BuildModes, SameAstOnEveryFlowFile) {
  namespace fs = std::filesystem;
  size_t files = 0;
  for (const char *dir : {"samples", "tests"}) {
    for (const auto &e : fs::recursive_directory_iterator(fs::path(CALLFLOW_SOURCE_DIR) / dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".flow")
        continue;
      std::string src = callflow::testing::readSourceFile(
          fs::relative(e.path(), CALLFLOW_SOURCE_DIR).string());
      std::string clean = parseIn(BuildMode::Auto, src);
      EXPECT_EQ(clean, parseIn(BuildMode::TreeOnly, src)) << e.path();
      ++files;
    }
  }
  EXPECT_GT(files, 20u);
}

TEST(BuildModes, SameAstOnAGeneratedFlow) {
  std::string out = std::string(CALLFLOW_BINARY_DIR) + "/tests/parse/build_modes_gen.flow";
  std::string cmd = "python3 " + std::string(CALLFLOW_SOURCE_DIR) + "/bench/gen_flow.py 600 > " + out;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string src = callflow::testing::readSourceFile(
      std::filesystem::relative(out, CALLFLOW_SOURCE_DIR).string());
  std::string clean = parseIn(BuildMode::Auto, src);
  EXPECT_GT(clean.size(), src.size());
  EXPECT_EQ(clean, parseIn(BuildMode::TreeOnly, src));
}

TEST(BuildModes, SameAstOnTrickyText) {
  // Escapes, bad escapes and braces, quantifiers, price and dotted
  // placeholders, Cyrillic, `note`/`say` texts, attributes, empty strings.
  const char *src = R"(flow f "Поток {x}"
@allow(unused) step s1 "T {a.b.c}" by "R" {
  say "a\n\t\"\\ \{ \} {price 320} {price} {price.x} {Ticket.title} [0-9]{6}{2,} } end"
  note "Привет, {name}! \q {bad brace"
  say ""
  ask "Q {x}?" { "Да" -> s2 "No" { say "{ y }" end } }
  end
}
step s2 { end "done {a}" }
)";
  std::string clean = parseIn(BuildMode::Auto, src);
  EXPECT_NE(clean.find("{price 320} {price} {price.x}"), std::string::npos) << clean;
  EXPECT_NE(clean.find("unknown escape"), std::string::npos) << clean;
  EXPECT_EQ(clean, parseIn(BuildMode::TreeOnly, src));
}

} // namespace
