// The resolved model (sema::Program) that codegen and the printers use.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "check_support.h"

using namespace callflow;

namespace {
const char *kFlow = R"(flow demo "Demo"
start A
catalog USD { 320 "PAY AS YOU GO" 20.00 }
enum Plan { one "One"  two "Two" }
form Ticket "Ticket" {
  title "Title" : text required
  plan "Plan" : Plan = two
}
var agent "Agent" : text auto
section "Main" by "Team Director" {
  step A "Start" {
    say "Hi, I am {agent}. It costs {price 320}."
    ask "Go?" { "Yes" -> B  "No" -> C }
  }
}
step B {
  create Ticket { title = input "Title" plan = one }
  charge 320
  invoice
  take payment else -> C
  end
}
step C "Bye" by "Desk" { transfer "Desk" }
step D { end }
)";
} // namespace

TEST(CheckApi, ProgramModel) {
  auto c = checktest::checkText(kFlow);
  const sema::Program &p = *c->program;
  ASSERT_EQ(c->diags->errorCount(), 0u) << c->dump();
  EXPECT_TRUE(p.clean);
  EXPECT_EQ(p.flowName, "demo");
  EXPECT_EQ(p.flowTitle, "Demo");
  ASSERT_EQ(p.steps.size(), 4u);
  EXPECT_EQ(p.startStep, 0);
  EXPECT_EQ(p.steps[0].role, "Team Director");
  EXPECT_EQ(p.steps[0].section, 0);
  EXPECT_EQ(p.steps[1].section, -1);
  EXPECT_EQ(p.steps[2].role, "Desk");
  EXPECT_EQ(p.sections[0].title, "Main");
  ASSERT_EQ(p.forms.size(), 1u);
  EXPECT_EQ(p.forms[0].fields[1].type, sema::Type::enumType(0));
  EXPECT_EQ(p.forms[0].fields[1].defaultValue.kind, sema::Constant::Kind::EnumValue);
  EXPECT_EQ(p.forms[0].fields[1].defaultValue.number, 1);
  ASSERT_EQ(p.catalog.size(), 1u);
  EXPECT_EQ(p.catalog[0].cents, 2000);
  EXPECT_EQ(p.catalog[0].currency, "USD");
  EXPECT_EQ(p.slots.size(), 3u);
  EXPECT_EQ(p.slotName(p.vars[0].slot), "agent");
  // Reachability: D is unreachable (a warning), the rest reachable.
  EXPECT_TRUE(p.reachable[0] && p.reachable[1] && p.reachable[2]);
  EXPECT_FALSE(p.reachable[3]);
  EXPECT_EQ(c->diags->warningCount(), 1u) << c->dump();
  // Step edges: A->B, A->C (options), B->C (declined).
  int options = 0, declined = 0;
  for (const sema::StepEdge &e : p.edges) {
    options += e.kind == sema::StepEdge::Kind::Option;
    declined += e.kind == sema::StepEdge::Kind::PaymentDeclined && e.from == 1 && e.to == 2;
  }
  EXPECT_EQ(options, 2);
  EXPECT_EQ(declined, 1);
  // Placeholders resolve: {agent} to the variable, {price 320} to the item.
  int vars = 0, prices = 0;
  const auto &say = llvm::cast<ast::SayStmt>(*p.steps[0].decl->body.stmts[0]);
  for (const ast::Placeholder &ph : say.text.placeholders()) {
    const sema::Symbol sym = sema::Program::placeholderOf(ph);
    vars += sym.kind == sema::Symbol::Kind::Var && sym.index == 0;
    prices += sym.kind == sema::Symbol::Kind::CatalogItem && sym.index == 0;
  }
  EXPECT_EQ(vars, 1);
  EXPECT_EQ(prices, 1);
  // The enum value `one` in the create init resolves from the field's type.
  int enumRefs = 0;
  const auto &create = llvm::cast<ast::CreateStmt>(*p.steps[1].decl->body.stmts[0]);
  for (const ast::FieldInit &init : create.inits) {
    const sema::Symbol sym = sema::Program::refOf(init.value.get());
    enumRefs += sym.kind == sema::Symbol::Kind::EnumValue && sym.index == 0 && sym.sub == 0;
  }
  EXPECT_EQ(enumRefs, 1);
}

TEST(CheckApi, ProgramIsReturnedWithErrors) {
  auto c = checktest::checkText("flow f\nstart A\nstep A { goto B }\n");
  EXPECT_FALSE(c->program->clean);
  EXPECT_EQ(c->program->steps.size(), 1u);
}

namespace {
TEST(CheckApi, ControlCharactersAreFoundAtEveryPlaceOfALongString) {
  // The scanner and the control-character check read a string's text eight
  // bytes at a time: a control character (C0, DEL, or a C1 such as U+0085,
  // two bytes) at any offset, across an eight-byte boundary too, is still
  // reported once, at its column; a tab and plain text are not.
  const std::string controls[] = {"\x1b", "\x7f", "\xc2\x85"};
  for (const std::string &c : controls)
    for (size_t at = 0; at < 20; ++at) {
      std::string text(24, 'x');
      text.insert(at, c);
      auto r = checktest::checkText("flow f \"x\"\nstart s\nstep s {\n  say \"" + text + "\"\n  say \"" +
                                    std::string(17, 'y') + "\tz\"\n  end\n}\n");
      const auto &d = r->diags->diagnostics();
      ASSERT_EQ(d.size(), 1u) << "offset " << at << ":\n" << r->dump();
      EXPECT_NE(d[0].messageWithCode().find("W0020"), std::string::npos) << r->dump();
      auto [line, col] = r->sm.getLineAndColumn(d[0].range.Start);
      EXPECT_EQ(line, 4u);
      EXPECT_EQ(col, 8u + at) << "offset " << at;
    }
}
/// `text` checked as big.flow, `configure` setting the engine's limits and
/// the options: every diagnostic with its notes and fix-its, one a line,
/// then `summary` of the program; the counts; the passes that ran.
struct Rendered {
  std::string out;
  unsigned errors = 0, warnings = 0;
  std::vector<std::string> phases;
  bool ran(const std::string &phase) const {
    return std::find(phases.begin(), phases.end(), phase) != phases.end();
  }
};
Rendered checkRendered(const std::string &text,
                       const std::function<void(diag::DiagnosticEngine &, check::CheckOptions &)> &configure,
                       const std::function<std::string(const sema::Program &)> &summary = {}) {
  llvm::SourceMgr sm;
  const unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "big.flow"), llvm::SMLoc());
  diag::DiagnosticEngine diags(sm);
  check::CheckOptions opts;
  std::vector<std::pair<std::string, double>> phases;
  opts.phaseTimes = &phases;
  configure(diags, opts);
  auto file = parse::parseBuffer(sm, id, diags);
  const ast::File *files[] = {file.get()};
  auto program = check::checkProgram(files, sm, diags, opts);
  Rendered r;
  for (const diag::Diagnostic &d : diags.diagnostics()) {
    r.out += std::to_string(sm.getLineAndColumn(d.range.Start, id).first) + ": " + d.messageWithCode() + "\n";
    for (const diag::Note &n : d.notes)
      r.out += "  note: " + n.message + "\n";
    for (const diag::FixIt &f : d.fixits)
      r.out += "  fix: " + f.replacement + "\n";
  }
  if (summary)
    r.out += summary(*program);
  r.errors = diags.errorCount();
  r.warnings = diags.warningCount();
  for (const auto &[name, seconds] : phases)
    r.phases.push_back(name);
  return r;
}
} // namespace

// A large flow's prices in lines are checked on a thread of their own beside
// the path searches (kPriceLinesAsideNodes): the diagnostics come out the
// same, in the same order and under the same limits, as with no thread.
TEST(CheckApi, PricesInLinesAsideReportAsOneThreadDoes) {
  std::string text = "flow big \"Big\"\nstart S0\ncatalog USD { 320 \"PAY AS YOU GO\" 20.00 }\n";
  const int steps = 5000; // 4 statement-graph nodes a step, or 5
  for (int i = 0; i < steps; ++i) {
    text += "step S" + std::to_string(i) + " {\n";
    text += "  say \"That is $" + std::to_string(21 + i % 7) + " for {price 320}.\"\n";
    text += "  note \"Quote $20, never $19.\"\n";
    if (i % 1000 == 0)
      text += "  charge 320\n"; // charged again on the one path: a double charge
    text += i + 1 < steps ? "  goto S" + std::to_string(i + 1) + "\n}\n" : "  invoice\n  end\n}\n";
  }
  text += "step Lost { say \"Never $5.\" end }\n"; // unreachable, and a price
  auto run = [&](bool threads, unsigned warningLimit) {
    Rendered r = checkRendered(text, [&](diag::DiagnosticEngine &diags, check::CheckOptions &opts) {
      diags.setWarningLimit(warningLimit);
      opts.threads = threads;
    });
    const bool aside = r.ran("prices in lines (aside)");
    EXPECT_EQ(aside, threads) << "the prices in lines ran " << (aside ? "aside" : "in line");
    return std::make_pair(r.out, r.warnings);
  };
  for (unsigned limit : {0u, 100u}) {
    auto [one, oneWarnings] = run(false, limit);
    auto [two, twoWarnings] = run(true, limit);
    EXPECT_EQ(one, two);
    EXPECT_EQ(oneWarnings, twoWarnings);
    EXPECT_NE(one.find("[W0407]"), std::string::npos); // prices in lines
    if (limit) {
      EXPECT_NE(one.find("too many warnings"), std::string::npos);
    } else {
      EXPECT_NE(one.find("[W0406]"), std::string::npos); // money on paths, after them
      EXPECT_GT(oneWarnings, unsigned(2 * steps));        // two prices a step, and the rest
    }
  }
}

// A large flow's names and types are resolved on two threads, half of the
// steps each (kNamesAsideSteps): the diagnostics (every kind the walk
// reports, in both halves), their order and limits, and what the program
// records (types, charges, the slots' roles, the statement graph sized from
// the walk's counts) come out as with one thread.
TEST(CheckApi, NamesAsideReportAsOneThreadDoes) {
  std::string text = "flow big \"Big\"\nstart S0\ncatalog USD { 320 \"PAY AS YOU GO\" 20.00 }\n"
                     "enum Plan { one \"One\" two \"Two\" }\n"
                     "form Ticket \"Ticket\" {\n  title \"Title\" : text required\n  plan \"Plan\" : Plan\n}\n"
                     "var agent \"Agent\" : text auto\nvar tries : number = 0\nvar pin : text sensitive\n"
                     "var spare : text\n";
  const int steps = 6000;
  for (int i = 0; i < steps; ++i) {
    const std::string next = "S" + std::to_string(i + 1);
    text += "step S" + std::to_string(i) + " \"Step {agent} " + std::to_string(i) + "\" {\n";
    text += "  say \"Hello, I am {agent}; that is {price 320}.\"\n";
    if (i % 500 == 7)
      text += "  say \"Your PIN is {pin}.\"\n"; // a sensitive value in a line
    if (i % 700 == 11)
      text += "  set tries = tries + \"one\"\n"; // a type mismatch
    if (i % 900 == 13)
      text += "  say \"Hi {agnet}\"\n"; // undefined, did you mean 'agent'
    if (i % 1100 == 17)
      text += "  goto S" + std::to_string(i) + "x\n"; // an undefined step
    if (i % 1300 == 19)
      text += "  charge 999\n"; // not in the catalog
    if (i % 250 == 3)
      text += "  create Ticket { title = \"T\" plan = one }\n  charge 320\n  invoice\n";
    text += "  ask \"Go on?\" {\n    \"Yes\" key 1 -> " + (i + 1 < steps ? next : std::string("End")) +
            "\n    \"No\" -> End\n  }\n}\n";
  }
  text += "step End { if tries > 2 { say \"Bye {spare}\" } end }\n";
  auto run = [&](bool aside, unsigned errorLimit) {
    Rendered r = checkRendered(
        text,
        [&](diag::DiagnosticEngine &diags, check::CheckOptions &opts) {
          diags.setErrorLimit(errorLimit);
          opts.namesAside = aside;
        },
        [](const sema::Program &p) {
          return "types " + std::to_string(p.exprTypes.size()) + ", charges " + std::to_string(p.charges.size()) +
                 ", reachable " + std::to_string(std::count(p.reachable.begin(), p.reachable.end(), true)) + "\n";
        });
    EXPECT_EQ(r.ran("names and types (last half, aside)"), aside);
    return std::make_pair(r.out, r.errors);
  };
  for (unsigned limit : {0u, 20u}) {
    auto [one, oneErrors] = run(false, limit);
    auto [two, twoErrors] = run(true, limit);
    EXPECT_EQ(one, two);
    EXPECT_EQ(oneErrors, twoErrors);
    for (const char *code : {"[E0102]", "[E0108]", "[E0119]", "[E0307]", "[E0330]", "[W0208]"})
      EXPECT_NE(one.find(code), std::string::npos) << code;
    if (!limit) {
      EXPECT_GT(oneErrors, 20u);
      // Reported in both halves: the first after the split is past line
      // half of the file.
      EXPECT_NE(one.find("'S5517x'"), std::string::npos);
    }
  }
}
