// `flowc fmt` over every .flow file of the repository (samples/ and
// tests/): the formatter's promise holds (format::checkFormatProperty: the
// AST and every comment kept, formatting twice changes nothing), and no
// line passes the 100-column limit because of alignment.
// Files that do not parse cleanly (syntax-error tests) are skipped, and
// counted, so the test fails if the glob finds nothing to format.
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "format/formatter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "parse/parse.h"

namespace callflow::format {
namespace {

/// Whether `text` parses without an error (a syntax-error test is not
/// formatted).
bool parsesCleanly(llvm::StringRef text, llvm::StringRef name) {
  llvm::SourceMgr sm;
  unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, name), {});
  diag::DiagnosticEngine diags(sm);
  std::unique_ptr<ast::File> file = parse::parseBuffer(sm, id, diags);
  return file && !diags.hasErrors();
}

std::vector<std::string> repositoryFlows() {
  std::vector<std::string> out;
  for (const char *dir : {"samples", "tests"}) {
    std::string root = std::string(CALLFLOW_SOURCE_DIR) + "/" + dir;
    std::error_code ec;
    for (llvm::sys::fs::recursive_directory_iterator it(root, ec), end; it != end && !ec;
         it.increment(ec))
      if (llvm::StringRef(it->path()).endswith(".flow"))
        out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(FmtRoundTrip, EveryRepositoryFlowKeepsItsAstAndIsIdempotent) {
  std::vector<std::string> files = repositoryFlows();
  ASSERT_FALSE(files.empty());
  unsigned formatted = 0;
  for (const std::string &path : files) {
    SCOPED_TRACE(path);
    auto buf = llvm::MemoryBuffer::getFile(path);
    ASSERT_TRUE(bool(buf));
    llvm::StringRef src = (*buf)->getBuffer();
    if (!parsesCleanly(src, path))
      continue; // a test of syntax errors: nothing to format
    // The formatter's promise (same AST, same comments, idempotent).
    EXPECT_EQ(checkFormatProperty(src), "");
    FormatResult once = formatSource(src, path);
    ASSERT_TRUE(once.ok);
    // Alignment never pushes a line past the limit: code past it is long
    // without its padding (runs of spaces after the indentation), a long
    // string or name the formatter cannot break; a line past it only
    // through its end-of-line comment has that comment two spaces after
    // the code (comments do not count in the layout of the code).
    static const std::regex kPadding("  +"), kTrailingComment(R"(\s+//[^"]*$)");
    llvm::StringRef rest(once.text);
    while (!rest.empty()) {
      auto [line, next] = rest.split('\n');
      rest = next;
      if (displayWidth(line) <= 100)
        continue;
      size_t indent = line.find_first_not_of(' ');
      std::string full = line.substr(indent).str();
      std::string code = std::regex_replace(full, kTrailingComment, "");
      std::string comment = llvm::StringRef(full).drop_front(code.size()).ltrim().str();
      if (indent + displayWidth(code) > 100) {
        EXPECT_GT(indent + displayWidth(std::regex_replace(code, kPadding, " ")), 100u)
            << "alignment passes the limit: " << line.str();
      } else {
        EXPECT_GT(indent + displayWidth(code) + 2 + displayWidth(comment), 100u)
            << "comment alignment passes the limit: " << line.str();
      }
    }
    ++formatted;
  }
  EXPECT_GE(formatted, 5u) << "expected the samples to be formatted";
}

// Comments in every awkward place: after a `//` comment inside an item
// (which cannot stay on that line), between a header and its `{`, inside
// expressions and declarations. Formatting keeps them all, in order, and a
// second run changes nothing (issue 22: `step //C0X ... { goto //C3X`
// moved a comment on the second run).
TEST(FmtRoundTrip, CommentPlacementIsStable) {
  const char *cases[] = {
      // The issue's shape.
      "flow t \"T\"\nstart A\nstep //C0X\nA {\n  goto //C3X\n  B\n}\nstep B { end }\n",
      // A block comment after a line comment, both before the `{`.
      "flow t /*C0X*/ \"T\"\nstart A\nstep //C1X\n A \"Title\" /*C2X*/ {\n  say \"hi\"\n  end\n}\n",
      // Inside a var declaration, then after it.
      "flow t \"T\"\nstart A\nvar x \"X\" /*C0X*/ : //C1X\n text //C2X\n\nstep A {\n  goto //C3X\n B\n}\n"
      "step B { end }\n",
      // Between an `if` and its block, and right after the `{`.
      "flow t \"T\"\nstart A\nvar x \"X\" : text\nstep A /*C1X*/ \"Title\" {\n  if x == \"a\" //C2X\n"
      " { /*C3X*/\n    goto B\n  } else {\n    ask \"Q?\" {\n      \"Yes\" -> B\n      \"No\" { end \"no\" }\n"
      "    }\n  }\n}\nstep B { end }\n",
      // Line comments one after another inside an ask option.
      "flow t \"T\"\nstart A\nstep A {\n  ask \"Q?\" { //a\n //b\n \"Yes\" //c\n -> //d\n B\n"
      "  \"No\" -> B }\n}\nstep B { end }\n",
      // In a form: a field split by comments, a rule.
      "flow t \"T\"\nstart A\nform F \"F\" { //a\n  n //b\n \"N\" /*c*/ : //d\n text required //e\n"
      "  rule \"r\" : //f\n n is set }\nstep A { create F { n = //g\n input } end }\n",
  };
  for (const char *src : cases) {
    SCOPED_TRACE(src);
    ASSERT_TRUE(parsesCleanly(src, "case.flow")) << "a case must parse";
    EXPECT_EQ(checkFormatProperty(src), "");
  }
}

TEST(FmtRoundTrip, ThePropertyCatchesABrokenFormat) {
  // checkFormatProperty itself: a source with errors is not checked, and a
  // clean one passes; it is what the source fuzz target runs on every input.
  EXPECT_EQ(checkFormatProperty("flow t \"T\"\nstart A\nstep A { end }\n"), "");
  EXPECT_EQ(checkFormatProperty("flow t \"T\" start"), "");
}

} // namespace
} // namespace callflow::format
