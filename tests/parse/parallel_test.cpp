// The parallel parse of a large buffer (ParseOptions::threads) builds
// exactly the AST, comments and diagnostics of the parse in one piece:
// on every .flow file of the repository cut at every possible place
// (minChunkBytes = 1), on a generated flow, and on files whose likely cut
// points fall inside a comment, a string, a section or a broken
// declaration, where the pieces must be given up for the one-piece parse.
#include <gtest/gtest.h>

#include <string>

#include "parse/parse_internal.h"
#include "parse_test_util.h"

namespace {

struct Result {
  std::string text; // internal::snapshot
  unsigned pieces = 0;
};

Result parseWith(const std::string &src, unsigned threads, size_t minChunk) {
  callflow::parse::ParseOptions opts;
  opts.threads = threads;
  opts.minChunkBytes = minChunk;
  Result r;
  r.text = callflow::parse::internal::snapshot(callflow::parse::internal::BuildMode::Auto, src, opts,
                                               &r.pieces);
  return r;
}

/// `src` parsed on `threads` threads with pieces of any size gives what
/// the one-piece parse gives; returns the number of pieces kept.
unsigned expectSameAsOnePiece(const std::string &src, unsigned threads, const std::string &what) {
  Result one = parseWith(src, 1, 1);
  EXPECT_LE(one.pieces, 1u) << what; // 0: refused before parsing
  Result many = parseWith(src, threads, 1);
  EXPECT_EQ(one.text, many.text) << what << " on " << threads << " threads";
  return many.pieces;
}

std::string stepsText(int from, int to, const std::string &indent = "") {
  std::string s;
  for (int i = from; i < to; ++i) {
    s += indent + "step s" + std::to_string(i) + " \"Step " + std::to_string(i) + "\" {\n";
    s += indent + "  say \"Line {name} of step " + std::to_string(i) + "\" // said\n";
    s += indent + "  goto s" + std::to_string(i + 1) + "\n" + indent + "}\n";
  }
  return s;
}

const std::string kHead = "flow f \"F\"\nstart s0\nvar name : text = \"x\"\n/* head */\n";

TEST(ParallelParse, SameOnEveryFlowFileCutAnywhere) {
  size_t split = 0;
  size_t files = callflow::testing::forEachFlowFile([&](const std::string &path, const std::string &src) {
    for (unsigned threads : {2u, 3u, 8u})
      if (expectSameAsOnePiece(src, threads, path) > 1)
        ++split;
  });
  EXPECT_GT(files, 20u);
  // Most files either hold errors on purpose or are cut for real.
  EXPECT_GT(split, 10u);
}

TEST(ParallelParse, AGeneratedFlowIsCutAndTheSame) {
  std::string src = callflow::testing::generatedFlow(2000, "parallel_gen.flow");
  ASSERT_FALSE(src.empty());
  // Four pieces a thread, taken by the threads as they finish one.
  EXPECT_EQ(expectSameAsOnePiece(src, 2, "generated"), 8u);
  EXPECT_EQ(expectSameAsOnePiece(src, 4, "generated"), 16u);
  // Pieces are never smaller than minChunkBytes: too small a file is one,
  // and a thread gets fewer pieces when the buffer has room for fewer.
  EXPECT_EQ(parseWith(src, 4, src.size()).pieces, 1u);
  EXPECT_EQ(parseWith(src, 2, src.size() / 3).pieces, 2u);
  EXPECT_EQ(parseWith(src, 2, src.size() / 5).pieces, 4u);
}

TEST(ParallelParse, CleanTopLevelStepsAreCut) {
  std::string src = kHead + stepsText(0, 400) + "step s400 {\n  end\n}\n";
  EXPECT_EQ(expectSameAsOnePiece(src, 2, "clean"), 8u);
}

TEST(ParallelParse, ACutInsideABlockCommentIsGivenUp) {
  // The only line starts that look like declarations are inside a comment.
  std::string src = kHead + "step s0 {\n  end\n}\n/*\n" + stepsText(1, 400) + "*/\n";
  EXPECT_EQ(expectSameAsOnePiece(src, 2, "comment"), 1u);
}

TEST(ParallelParse, ACutInsideAStringIsGivenUp) {
  std::string src = kHead + "step s0 {\n  say \"a line\n" + stepsText(1, 400) + "\"\n  end\n}\n";
  EXPECT_EQ(expectSameAsOnePiece(src, 2, "string"), 1u);
}

TEST(ParallelParse, ACutInsideASectionIsGivenUp) {
  // Steps of a section written at column 0: a cut there is guessed to be at
  // the top level, but the piece before ends inside the section.
  std::string src = kHead + "section \"S\" {\n" + stepsText(0, 400) + "step s400 {\n  end\n}\n}\n";
  EXPECT_EQ(expectSameAsOnePiece(src, 2, "section"), 1u);
}

TEST(ParallelParse, SyntaxAndLexicalErrorsGiveTheOnePieceDiagnostics) {
  std::string tail = "step s400 {\n  end\n}\n";
  for (std::string bad : {"step s999 {\n  goto\n}\n", "step s999 {\n  say \"\\q\"\n  end\n}\n",
                          "step s999 {\n  say \"open\n", "step s999 {\n  end\n}\n/* open\n",
                          "step s999 {\n  set name = 99999999999999999999999\n  end\n}\n",
                          "step s999 { ~ end }\n"}) {
    // The broken step in the first half, then in the last.
    std::string first = kHead + bad + stepsText(0, 400) + tail;
    std::string last = kHead + stepsText(0, 400) + tail + bad;
    EXPECT_EQ(expectSameAsOnePiece(first, 2, bad), 1u);
    EXPECT_EQ(expectSameAsOnePiece(last, 2, bad), 1u);
    EXPECT_EQ(expectSameAsOnePiece(last, 4, bad), 1u);
  }
}

TEST(ParallelParse, BuffersRefusedBeforeParsingAreRefusedTheSame) {
  // Each piece is checked for UTF-8 and nesting on its own; a problem in
  // any of them gives the whole buffer's refusal, at the same offset.
  std::string deep = "step s999 {\n  set name = " + std::string(300, '(') + "1" +
                     std::string(300, ')') + "\n  end\n}\n";
  for (std::string bad : {std::string("step s999 {\n  say \"\xff\"\n  end\n}\n"),
                          std::string("step s999 {\n  say \"a\0b\"\n  end\n}\n", 31),
                          std::string("step s999 {\n  say \"\xd0\"\n  end\n}\n"), deep}) {
    std::string first = kHead + bad + stepsText(0, 400) + "step s400 {\n  end\n}\n";
    std::string last = kHead + stepsText(0, 400) + "step s400 {\n  end\n}\n" + bad;
    EXPECT_EQ(expectSameAsOnePiece(first, 2, "refused first"), 0u);
    EXPECT_EQ(expectSameAsOnePiece(last, 3, "refused last"), 0u);
  }
}

TEST(ParallelParse, AttributesAndSectionsStartPieces) {
  std::string src = kHead;
  for (int i = 0; i < 200; ++i)
    src += "@allow(unreachable)\n" + stepsText(i, i + 1);
  for (int k = 0; k < 5; ++k)
    src += "section \"S" + std::to_string(k) + "\" {\n" + stepsText(200 + 40 * k, 240 + 40 * k, "  ") + "}\n";
  src += "step s400 {\n  end\n}\n";
  EXPECT_GT(expectSameAsOnePiece(src, 8, "attributes and sections"), 2u);
}

TEST(ParallelParse, TheStepsOfALongSectionAreCut) {
  // Indented steps inside one section: each piece after the first starts
  // among them and the section is joined whole (its steps, its range).
  std::string body = stepsText(0, 400, "  ") + "  step s400 {\n    end\n  }\n";
  std::string src = kHead + "section \"S\" by \"R\" {\n" + body + "}\n";
  EXPECT_EQ(expectSameAsOnePiece(src, 2, "one section"), 8u);
  EXPECT_EQ(expectSameAsOnePiece(src, 4, "one section"), 16u);
  EXPECT_EQ(callflow::testing::sectionRanges(src, 4), std::to_string(kHead.size()) + "-" +
                                       std::to_string(src.size() - 1) + ":401 ");
  // Attribute lines inside it, and sections before and after it.
  std::string attributed;
  for (int i = 0; i < 300; ++i)
    attributed += "  @allow(unreachable)\n" + stepsText(i, i + 1, "  ");
  src = kHead + "section \"A\" {\n" + stepsText(1000, 1010, "  ") + "}\nsection \"B\" {\n" + attributed +
        "}\nstep s300 {\n  end\n}\nsection \"C\" {\n" + stepsText(2000, 2010, "  ") + "}\n";
  EXPECT_GT(expectSameAsOnePiece(src, 3, "attributes in a section"), 2u);
  EXPECT_GT(expectSameAsOnePiece(src, 8, "attributes in a section"), 2u);
  EXPECT_EQ(callflow::testing::sectionRanges(src, 8), callflow::testing::sectionRanges(src, 1));
  // Indented steps at the top level, after a section: cut as top-level
  // steps (the section's '}' in the first column ended it).
  src = kHead + "section \"A\" {\n" + stepsText(1000, 1010, "  ") + "}\n" + body;
  EXPECT_EQ(expectSameAsOnePiece(src, 4, "indented at the top level"), 16u);
}

TEST(ParallelParse, PiecesOfASectionThatDoNotJoinAreGivenUp) {
  std::string steps = stepsText(0, 400, "  ");
  std::string end = "step s400 {\n  end\n}\n";
  for (const std::string &src : {
           // The section's '}' missing, or an extra one.
           kHead + "section \"S\" {\n" + steps + end,
           kHead + "section \"S\" {\n" + steps + "}\n}\n" + end,
           // A broken step among the section's steps, early and late.
           kHead + "section \"S\" {\n  step s999 {\n    goto\n  }\n" + steps + "}\n" + end,
           kHead + "section \"S\" {\n" + steps + "  step s999 { ~ end }\n}\n" + end,
           // Something other than a step among them.
           kHead + "section \"S\" {\n" + steps + "  var x : text\n}\n" + end}) {
    EXPECT_EQ(expectSameAsOnePiece(src, 2, src.substr(kHead.size(), 40)), 1u);
    EXPECT_EQ(expectSameAsOnePiece(src, 4, src.substr(kHead.size(), 40)), 1u);
  }
}

TEST(ParallelParse, NestingInsideASectionCountsTheSection) {
  // A step inside a section nested to the limit (the section's brace is
  // one level): the pieces refuse or parse it exactly as one piece does.
  for (int depth : {253, 254, 255}) {
    std::string deep = "  step s999 {\n    set name = " + std::string(depth, '(') + "1" +
                       std::string(depth, ')') + "\n    end\n  }\n";
    std::string src = kHead + "section \"S\" {\n" + stepsText(0, 400, "  ") + deep + "}\n" +
                      "step s400 {\n  end\n}\n";
    expectSameAsOnePiece(src, 2, "depth " + std::to_string(depth));
    expectSameAsOnePiece(src, 4, "depth " + std::to_string(depth));
  }
}

} // namespace
