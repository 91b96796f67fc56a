// Adversarial inputs that must never crash the compiler or the runtime:
// 100,000-deep nesting, 100,000-operand `or` / `and` chains and runs of
// `not`, strings holding every code point, import chains of
// depth 10,000 and import cycles. Inputs are generated at test time into
// the build tree. (The heavy ones, 100 MB and a million steps or options,
// are in adversarial_heavy_test.cpp.)
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <string>

#include "adversarial_support.h"

namespace callflow::adversarial {
namespace {

constexpr int kDeep = 100000;

std::string wrapStep(const std::string &body) {
  return "flow deep \"Deep\"\nstart s0\nvar a \"A\" : bool = true\nstep s0 {\n" + body + "\n}\n";
}

TEST(Adversarial, ParenthesesNested100kDeep) {
  std::string cond(kDeep, '(');
  cond += "a";
  cond += std::string(kDeep, ')');
  Outcome o = compileText(wrapStep("  if " + cond + " -> s0 else -> s0\n  end"));
  EXPECT_TRUE(o.has("E0008")) << o.firstErrors();
  EXPECT_FALSE(o.checkedClean);
}

TEST(Adversarial, BlocksNested100kDeep) {
  std::string body;
  for (int i = 0; i < kDeep; ++i)
    body += "if a {\n";
  body += "say \"deep\"\n";
  for (int i = 0; i < kDeep; ++i)
    body += "}\n";
  Outcome o = compileText(wrapStep(body + "end"));
  EXPECT_TRUE(o.has("E0008")) << o.firstErrors();
}

TEST(Adversarial, UnclosedBraces100kDeep) {
  std::string body;
  for (int i = 0; i < kDeep; ++i)
    body += "ask \"q\" { \"o\" { ";
  Outcome o = compileText(wrapStep(body));
  EXPECT_GT(o.errors(), 0u);
  EXPECT_FALSE(o.checkedClean);
}

TEST(Adversarial, DeepNestingThroughFlowc) {
  std::string dir = scratchDir("deep_flowc");
  std::string body;
  for (int i = 0; i < kDeep; ++i)
    body += "if a { ";
  writeFile(dir + "/deep.flow", wrapStep(body));
  int status = runFlowc({"check", dir + "/deep.flow"});
  ASSERT_TRUE(WIFEXITED(status)) << "flowc died with signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 1); // errors found
}

/// `n` copies of `operand` joined by ` op `.
std::string chainOf(const std::string &operand, const std::string &op, int n) {
  std::string s = operand;
  for (int i = 1; i < n; ++i)
    s += " " + op + " " + operand;
  return s;
}

std::string repeat(const std::string &s, int n) {
  std::string out;
  out.reserve(s.size() * n);
  for (int i = 0; i < n; ++i)
    out += s;
  return out;
}

// Long `or` / `and` chains and runs of `not` are loops in the grammar but
// make trees as deep as they are long; the parse adapter refuses them past
// ParseOptions::maxExprDepth (1,000), before any phase recurses on them.
TEST(Adversarial, OrChainOf100kOperands) {
  Outcome o = compileText(wrapStep("  if " + chainOf("a", "or", kDeep) + " -> s0\n  end"));
  EXPECT_TRUE(o.has("E0017")) << o.firstErrors();
  EXPECT_EQ(o.errors(), 1u) << o.firstErrors();
}

TEST(Adversarial, AndChainOf100kComparisons) {
  Outcome o = compileText(wrapStep("  set a = " + chainOf("a == true", "and", kDeep) + "\n  end"));
  EXPECT_TRUE(o.has("E0017")) << o.firstErrors();
  EXPECT_EQ(o.errors(), 1u) << o.firstErrors();
}

TEST(Adversarial, RunOf100kNots) {
  Outcome o = compileText(wrapStep("  if " + repeat("not ", kDeep) + "a -> s0\n  end"));
  EXPECT_TRUE(o.has("E0017")) << o.firstErrors();
  EXPECT_EQ(o.errors(), 1u) << o.firstErrors();
}

TEST(Adversarial, LongChainsInEveryExpressionPlace) {
  // A form default, a `required when`, a rule and a create initialiser,
  // and a chain after a syntax error (built by the recovering builder).
  std::string chain = chainOf("a", "or", kDeep);
  std::string src = "flow deep \"Deep\"\nstart s0\nvar a \"A\" : bool = " + chain +
                    "\nform F {\n  x : bool = " + chain + "\n  y : text required when " + chain +
                    "\n  rule \"r\" : " + chain + "\n}\nstep s0 {\n  create F { x = " + chain +
                    " }\n  say\n  if " + repeat("not ", kDeep) + "a -> s0\n  end\n}\n";
  Outcome o = compileText(src);
  EXPECT_TRUE(o.has("E0017")) << o.firstErrors();
  EXPECT_TRUE(o.has("E0005")) << o.firstErrors();
  EXPECT_EQ(o.errors(), 7u) << o.firstErrors(8); // 6 chains, 1 syntax error
}

TEST(Adversarial, ChainsAtTheDepthLimitCompileAndRun) {
  // 999 nots and a name: 1,000 deep (and false, a being true). 1,000
  // operands joined by `or`: 1,000 deep too.
  std::string src =
      wrapStep("  if " + repeat("not ", 999) + "a { say \"true\" } else { say \"false\" }\n" +
               "  if " + chainOf("a", "or", 1000) + " { say \"yes\" }\n  end");
  Outcome o = compileText(src);
  ASSERT_TRUE(o.checkedClean) << o.firstErrors();
  ASSERT_TRUE(o.program) << o.codegenError << o.loadError;
  Session s(*o.program);
  std::vector<std::string> said;
  while (!s.ended()) {
    const Event &e = s.next();
    if (e.kind == EventKind::Say)
      said.push_back(e.text);
  }
  EXPECT_EQ(said, std::vector<std::string>({"false", "yes"}));
  Outcome over = compileText(wrapStep("  if " + repeat("not ", 1000) + "a -> s0\n  end"));
  EXPECT_TRUE(over.has("E0017")) << over.firstErrors();
}

TEST(Adversarial, LongChainsThroughEveryFlowcCommand) {
  std::string dir = scratchDir("long_chains");
  writeFile(dir + "/over.flow",
            wrapStep("  if " + chainOf("a", "or", kDeep) + " -> s0\n  if " +
                     repeat("not ", kDeep) + "a -> s0\n  end"));
  // 998 ands over comparisons: 1,000 deep.
  // `a` is true: the second `if` is always taken, so it leads out (to s1)
  // rather than back (a trap loop the value analysis would report).
  writeFile(dir + "/limit.flow", wrapStep("  if " + repeat("not ", 999) + "a -> s0\n  if " +
                                          chainOf("(a == true)", "and", 999) + " -> s1\n  end") +
                                     "step s1 { end }\n");
  for (const char *file : {"over.flow", "limit.flow"}) {
    std::string path = dir + "/" + file;
    bool over = std::string(file) == "over.flow";
    for (std::vector<std::string> args :
         {std::vector<std::string>{"check", path}, {"dump-ast", path}, {"fmt", path},
          {"lint", path}, {"strings", path}, {"graph", path}, {"script", path, "-o", path + ".html"},
          {"build", path, "-o", path + ".flowc"}, {"diff", path, path}}) {
      int status = runFlowc(args);
      ASSERT_TRUE(WIFEXITED(status)) << args[0] << " " << file << " died with signal "
                                     << WTERMSIG(status);
      if (args[0] == "check" || args[0] == "build" || args[0] == "dump-ast") {
        EXPECT_EQ(WEXITSTATUS(status), over ? 1 : 0) << args[0] << " " << file;
      }
      if (args[0] == "diff") { // a flow compared with itself: no semantic change
        EXPECT_EQ(WEXITSTATUS(status), 0) << args[0] << " " << file;
      }
    }
  }
}

TEST(Adversarial, OneUnsetVariableRead100kTimes) {
  // `if b { end } else if b { end } ...`: the k-th read's path crosses k-1
  // `else`s, so one warning per read was quadratic output (11.9 GB).
  std::string body = "  if b { end }";
  for (int i = 1; i < kDeep; ++i)
    body += " else if b { end }";
  std::string src = "flow deep \"Deep\"\nstart s0\nvar b \"B\" : bool\nstep s0 {\n" + body +
                    "\n  end\n}\n";
  Outcome o = compileText(src);
  const auto &all = o.comp->diags().diagnostics();
  ASSERT_EQ(all.size(), 1u) << o.firstErrors();
  EXPECT_EQ(all[0].id, diag::DiagId::ReadBeforeSet);
  size_t bytes = 0;
  for (const diag::Note &n : all[0].notes)
    bytes += n.message.size();
  EXPECT_LT(bytes, 1000u);
  ASSERT_EQ(all[0].notes.size(), 2u);
  EXPECT_EQ(all[0].notes[1].message, "and 99999 more reads where 'b' may be unset");
}

/// Every Unicode scalar value except NUL, escaped where the language needs
/// it, split into say lines of `perLine` code points; `expected` receives
/// the text each line must render as.
std::string everyCodePoint(size_t perLine, std::vector<std::string> &expected) {
  std::string src = "flow cps \"Every code point\"\nstart s0\nstep s0 {\n";
  std::string lit, plain;
  size_t n = 0;
  auto flush = [&] {
    src += "  say \"" + lit + "\"\n";
    expected.push_back(plain);
    lit.clear();
    plain.clear();
    n = 0;
  };
  for (uint32_t cp = 1; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF)
      continue; // surrogates are not scalar values
    if (cp == '"' || cp == '\\' || cp == '{' || cp == '}')
      lit += '\\';
    appendUtf8(lit, cp);
    appendUtf8(plain, cp);
    if (++n == perLine)
      flush();
  }
  if (n)
    flush();
  return src + "  end\n}\n";
}

TEST(Adversarial, EveryCodePointInOneString) {
  std::vector<std::string> expected;
  std::string src = everyCodePoint(0x110000, expected);
  ASSERT_EQ(expected.size(), 1u);
  EXPECT_GT(expected[0].size(), 4000000u);
  Outcome o = compileText(src);
  // A 4.3 MB line may be refused (by the checker or by codegen, whose
  // format caps strings at 1 MB), but what codegen emits must load.
  if (!o.bytecode.empty()) {
    EXPECT_TRUE(o.program) << o.loadError;
  }
  if (o.checkedClean && o.bytecode.empty()) {
    EXPECT_FALSE(o.codegenError.empty());
  }
}

TEST(Adversarial, EveryCodePointRoundTripsThroughTheRuntime) {
  std::vector<std::string> expected;
  std::string src = everyCodePoint(4096, expected);
  Outcome o = compileText(src);
  ASSERT_TRUE(o.checkedClean) << o.firstErrors();
  ASSERT_TRUE(o.program) << o.codegenError << o.loadError;
  Session s(*o.program);
  size_t line = 0;
  while (!s.ended()) {
    const Event &e = s.next();
    if (e.kind != EventKind::Say)
      continue;
    ASSERT_LT(line, expected.size());
    ASSERT_EQ(e.text, expected[line]) << "line " << line;
    ++line;
  }
  EXPECT_EQ(line, expected.size());
}

TEST(Adversarial, NulAndInvalidUtf8AreDiagnosed) {
  std::string src = wrapStep("  say \"ab\"\n  end");
  src.insert(src.find("\"ab\"") + 2, std::string(1, '\0'));
  Outcome nul = compileText(src);
  EXPECT_GT(nul.errors(), 0u);
  std::string bad = wrapStep("  say \"\xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80 \xFF\"\n  end");
  Outcome utf = compileText(bad);
  EXPECT_GT(utf.errors(), 0u);
}

TEST(Adversarial, ARefusedFileGivesOneErrorAndNoFollowOns) {
  // Refused before parsing, the file's declarations are unknown: no
  // "file has no 'flow' declaration", no undefined names.
  const std::string deep = std::string(300, '(') + "true" + std::string(300, ')');
  for (std::string bad : {std::string("say \"\xFF\""), std::string("say \"\0\"", 7),
                          "if " + deep + " -> s0"}) {
    Outcome o = compileText("flow t \"T\"\nstart s0\nstep s0 { " + bad + " end }\n");
    EXPECT_EQ(o.comp->diags().diagnostics().size(), 1u) << o.firstErrors();
    EXPECT_FALSE(o.has("E0101")) << o.firstErrors();
    EXPECT_TRUE(o.has("E0003") || o.has("E0004") || o.has("E0008")) << o.firstErrors();
  }
  std::string dir = scratchDir("refused_import");
  writeFile(dir + "/main.flow", "flow t \"T\"\nstart s0\nimport \"bad.flow\"\nstep s0 { goto s1 }\n");
  writeFile(dir + "/bad.flow", "step s1 { say \"\xC0\xAF\" end }\n");
  Outcome o = compileFile(dir + "/main.flow");
  EXPECT_EQ(o.comp->diags().diagnostics().size(), 1u) << o.firstErrors();
  EXPECT_TRUE(o.has("E0003")) << o.firstErrors();
  EXPECT_FALSE(o.checkedClean);
}

TEST(Adversarial, ImportChainOfDepth10000) {
  const int depth = 10000;
  std::string dir = scratchDir("import_chain");
  for (int i = 0; i < depth; ++i) {
    std::string text;
    if (i == 0)
      text = "flow chain \"Import chain\"\nstart s0\n";
    if (i + 1 < depth)
      text += "import \"f" + std::to_string(i + 1) + ".flow\"\n";
    text += "step s" + std::to_string(i) + " { say \"file " + std::to_string(i) + "\" ";
    text += i + 1 < depth ? "goto s" + std::to_string(i + 1) : std::string("end");
    text += " }\n";
    writeFile(dir + "/f" + std::to_string(i) + ".flow", text);
  }
  Outcome o = compileFile(dir + "/f0.flow");
  EXPECT_EQ(o.comp->files().size(), size_t(depth));
  EXPECT_TRUE(o.checkedClean) << o.firstErrors();
  ASSERT_TRUE(o.program) << o.codegenError << o.loadError;
  EXPECT_EQ(o.program->steps().size(), size_t(depth));
}

TEST(Adversarial, ImportCycles) {
  std::string dir = scratchDir("import_cycles");
  writeFile(dir + "/main.flow", "flow c \"Cycle\"\nstart s0\nimport \"a.flow\"\nimport \"main.flow\"\n"
                                "step s0 { goto s1 }\n");
  writeFile(dir + "/a.flow", "import \"b.flow\"\nstep s1 { goto s2 }\n");
  writeFile(dir + "/b.flow", "import \"a.flow\"\nimport \"main.flow\"\nstep s2 { end }\n");
  Outcome o = compileFile(dir + "/main.flow");
  EXPECT_TRUE(o.has("E0115")) << o.firstErrors();
  EXPECT_EQ(o.comp->files().size(), 3u); // each file loaded once
}

TEST(Adversarial, ImportCycleOfLength10000) {
  const int n = 10000;
  std::string dir = scratchDir("import_long_cycle");
  for (int i = 0; i < n; ++i) {
    std::string text = i == 0 ? "flow c \"Long cycle\"\nstart s0\n" : "";
    text += "import \"f" + std::to_string((i + 1) % n) + ".flow\"\n";
    text += "step s" + std::to_string(i) + " { end }\n";
    writeFile(dir + "/f" + std::to_string(i) + ".flow", text);
  }
  Outcome o = compileFile(dir + "/f0.flow");
  EXPECT_TRUE(o.has("E0115")) << o.firstErrors();
  EXPECT_EQ(o.comp->files().size(), size_t(n));
}

} // namespace
} // namespace callflow::adversarial
