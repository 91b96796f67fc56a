// The AST builder's two modes build the same AST: clean mode (after an
// error-free SLL parse: string literals read from the token buffer,
// statements dispatched on their first token) and tree mode (walking the
// parse tree as after a syntax error), on every .flow file of the
// repository and a generated flow; dumps and diagnostics must match.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "llvm/Support/MemoryBuffer.h"
#include "parse/parse_internal.h"
#include "parse_test_util.h"

using callflow::parse::internal::BuildMode;

namespace {

/// The AST dump, comments and diagnostics of `src` (internal::snapshot).
std::string parseIn(BuildMode mode, const std::string &src) {
  return callflow::parse::internal::snapshot(mode, src);
}

/// Every expression under a `var` default or a `set`, with the byte
/// offsets of its range and, for binaries, of its operator.
std::string exprRanges(BuildMode mode, const std::string &src) {
  using namespace callflow::ast;
  llvm::SourceMgr sm;
  unsigned id =
      sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(src, "t.flow"), llvm::SMLoc());
  callflow::diag::DiagnosticEngine diags(sm);
  auto file = callflow::parse::internal::parseBufferIn(mode, sm, id, diags);
  const char *base = sm.getMemoryBuffer(id)->getBufferStart();
  std::string out;
  auto offsets = [&](llvm::SMRange r) {
    return std::to_string(r.Start.getPointer() - base) + "-" +
           std::to_string(r.End.getPointer() - base) + " ";
  };
  std::function<void(const Expr *)> walk = [&](const Expr *e) {
    if (!e) {
      out += "null ";
      return;
    }
    out += std::to_string(static_cast<int>(e->kind)) + "@" + offsets(e->range);
    if (auto *b = llvm::dyn_cast<BinaryExpr>(e)) {
      out += "Binary op@" + offsets(b->opRange);
      walk(b->lhs.get());
      walk(b->rhs.get());
    } else if (auto *u = llvm::dyn_cast<UnaryExpr>(e)) {
      walk(u->operand.get());
    } else if (auto *i = llvm::dyn_cast<IsSetExpr>(e)) {
      walk(i->operand.get());
    } else if (auto *r = llvm::dyn_cast<RefExpr>(e)) {
      for (const Name &n : r->name.parts)
        out += n.text().str() + "@" + offsets(n.range);
    }
    out += "; ";
  };
  for (const DeclPtr &d : file->decls) {
    if (auto *v = llvm::dyn_cast<VarDecl>(d.get()))
      walk(v->spec.defaultValue.get());
    if (auto *st = llvm::dyn_cast<StepDecl>(d.get()))
      for (const StmtPtr &s : st->body.stmts)
        if (auto *set = llvm::dyn_cast<SetStmt>(s.get()))
          walk(set->value.get());
  }
  return out;
}

TEST(BuildModes, SameAstOnEveryFlowFile) {
  size_t files = callflow::testing::forEachFlowFile([](const std::string &path, const std::string &src) {
    EXPECT_EQ(parseIn(BuildMode::Auto, src), parseIn(BuildMode::TreeOnly, src)) << path;
  });
  EXPECT_GT(files, 20u);
}

TEST(BuildModes, SameAstOnAGeneratedFlow) {
  std::string src = callflow::testing::generatedFlow(600, "build_modes_gen.flow");
  ASSERT_FALSE(src.empty());
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

TEST(BuildModes, SameAstOnTrickyExpressions) {
  // Clean mode finds expression children by their place in each rule:
  // chains of or/and, stacked nots, comparisons, `is [not] set`, every
  // primary, parentheses, dotted names and an overflowing number.
  const char *src = R"(flow f
var a : bool = not not (x and y or not z is not set)
var b : number = 99999999999999999999
step s1 {
  set a = x or y or z and w and not v
  set b = (1) >= 2
  set c = "t {q}" != input "p {r}"
  set d = input
  set e = 35.00 < F.g.h
  set f = true and false or (a is set)
  set g = a + b * -c - d / e * (f - 1) + 30 days * 2
  set h = not a * 2 < b - 1 and c or not not d in {1, -2, x is set} and e not in {"q"}
  set i = -x is not set and today + n months > due or years(today - birth) >= 18
  if a.b == c -> s2 else -> s1
  if not (a < 1) { end } else if b { goto s2 } else { end "x" }
  end
}
step s2 { end }
)";
  std::string clean = parseIn(BuildMode::Auto, src);
  EXPECT_NE(clean.find("Not @2:"), std::string::npos) << clean;
  EXPECT_NE(clean.find("IsNotSet"), std::string::npos) << clean;
  EXPECT_NE(clean.find("Input"), std::string::npos) << clean;
  EXPECT_EQ(clean, parseIn(BuildMode::TreeOnly, src));
  // The dump shows where nodes start; their ends and operator ranges too.
  EXPECT_EQ(exprRanges(BuildMode::Auto, src), exprRanges(BuildMode::TreeOnly, src));
  EXPECT_NE(exprRanges(BuildMode::Auto, src).find("Binary"), std::string::npos);
}

TEST(BuildModes, SectionsTakenAStepAtATime) {
  // The clean parse takes a section's head, then its steps one by one, then
  // its '}'; a syntax error anywhere inside (a step, the head, a missing
  // '}') sends the whole section to the parse with recovery. Both must give
  // what the parse tree of the section gives.
  std::string steps;
  for (int i = 0; i < 50; ++i)
    steps += "  step s" + std::to_string(i) + " \"S\" {\n    say \"x\"\n    goto s" +
             std::to_string(i + 1) + "\n  }\n";
  const std::string head = "flow f\nstart s0\n";
  const std::string tail = "step s50 { end }\n";
  std::vector<std::string> sources = {
      head + "section \"A\" by \"R\" {\n" + steps + "}\n" + tail,
      head + "section \"Empty\" {}\nsection \"B\" {\n" + steps + "} // after\n" + tail,
      head + "section \"A\" {\n" + steps + "  say \"not a step\"\n}\n" + tail,
      head + "section \"A\" {\n" + steps.substr(0, steps.size() / 2) + "  step { end }\n" +
          steps.substr(steps.size() / 2) + "}\n" + tail,
      head + "section \"A\" \n" + steps + "}\n" + tail,
      head + "section \"A\" {\n" + steps + tail,
      head + "section \"A\" {\n" + steps,
  };
  for (const std::string &src : sources) {
    std::string clean = parseIn(BuildMode::Auto, src);
    EXPECT_NE(clean.find("SectionDecl"), std::string::npos) << clean;
    EXPECT_EQ(clean, parseIn(BuildMode::TreeOnly, src)) << src.substr(0, 80);
    EXPECT_EQ(callflow::testing::sectionRanges(src),
              callflow::testing::sectionRanges(src, 1, /*treeOnly=*/true))
        << src.substr(0, 80);
  }
  // The clean one ends at its '}' and holds its 50 steps.
  const std::string &first = sources[0];
  EXPECT_EQ(callflow::testing::sectionRanges(first),
            std::to_string(first.find("section")) + "-" + std::to_string(first.find("}\n" + tail) + 1) +
                ":50 ");
}

TEST(BuildModes, SameDepthLimitOnLongChains) {
  // At the limit (1,000 deep) and one past it, in every chain form.
  auto join = [](const std::string &operand, const std::string &op, int n) {
    std::string s = operand;
    for (int i = 1; i < n; ++i)
      s += op + operand;
    return s;
  };
  std::string nots999, nots1000;
  for (int i = 0; i < 999; ++i)
    nots999 += "not ";
  nots1000 = nots999 + "not ";
  for (const std::string &e :
       {join("a", " or ", 1000), join("a", " or ", 1001), join("a", " and ", 1001),
        join("(a == b)", " and ", 999), join("(a == b)", " or ", 1000), nots999 + "a",
        nots1000 + "a", "(" + join("a", " or ", 600) + ") and (" + join("b", " or ", 600) + ")",
        join("a", " or ", 500) + " or (" + join("b", " and ", 501) + ")"}) {
    std::string src = "flow f\nstep s1 {\n  set a = " + e + "\n  end\n}\n";
    std::string clean = parseIn(BuildMode::Auto, src);
    EXPECT_EQ(clean, parseIn(BuildMode::TreeOnly, src)) << e.substr(0, 40);
  }
}

} // namespace
