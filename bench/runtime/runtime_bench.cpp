// Runtime benchmarks on large generated flows: interpreter steps per second
// with every line rendered, load + verify time, bytecode size against the
// `.flow` source it stands for, bytes of state per session, and the worst
// pattern match the pattern limits allow.
//
// The generator follows the shape of ../shared/peers/gen.mjs (1-3 lines of
// about 60 characters a step, ~20% with a placeholder, ~47% choices of 2-3
// options, ~47% gotos, ~5% ends, ~10% setting a variable), seeded, and writes
// the same flow twice: as `.flow` source text and through the ProgramBuilder.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "callflow/builder.h"
#include "callflow/runtime.h"

namespace {

using namespace callflow;

struct Rng {
  uint32_t s;
  uint32_t next() { // mulberry32
    uint32_t t = s += 0x6D2B79F5u;
    t = (t ^ (t >> 15)) * (t | 1);
    t ^= t + (t ^ (t >> 7)) * (t | 61);
    return t ^ (t >> 14);
  }
  double real() { return next() / 4294967296.0; }
  size_t pick(size_t n) { return size_t(real() * double(n)); }
};

const char *const kVars[] = {"caller_name", "account_id", "phone_number", "issue_type",
                             "zip_code", "order_id", "plan_name", "device_model"};
const char *const kPhrases[] = {
    "thank you for calling our support line", "I can help you with that today",
    "let me check the status of your account", "I will update your contact details",
    "we need to run a quick line test", "the technician can visit this week",
    "your ticket has been escalated", "the device needs a restart",
    "I have added a note to your file", "please hold while I look this up"};
const char *const kFillers[] = {"today", "right away", "for you", "as agreed", "if possible",
                                "on our side", "this time", "again"};
const char *const kIntros[] = {"Thanks", "Okay", "Alright", "Good news"};
struct Question {
  const char *text;
  std::vector<const char *> labels;
};
const Question kQuestions[] = {{"Is the device still online?", {"Yes", "No"}},
                               {"Does the caller accept the offer?", {"Accept", "Decline"}},
                               {"How should we contact you?", {"Email", "Text message", "Phone"}},
                               {"What should we do with the ticket?", {"Retry", "Escalate", "Close ticket"}}};

struct Generated {
  std::string source;
  std::vector<uint8_t> bytes;
};

Generated generate(uint32_t n, uint32_t seed = 42) {
  Rng rng{seed};
  Generated g;
  ProgramBuilder b;
  b.setFlow("gen", "Generated flow");
  g.source = "flow gen \"Generated flow\"\nstart s0\n\n";
  std::vector<uint32_t> vars;
  for (const char *v : kVars) {
    vars.push_back(b.addVariable(SlotSpec(v, v, bc::Type{bc::TypeTag::Text, 0})));
    g.source += "var " + std::string(v) + " \"" + v + "\" : text\n";
  }
  std::vector<uint32_t> steps;
  for (uint32_t i = 0; i < n; ++i) steps.push_back(b.addStep("s" + std::to_string(i)));
  for (uint32_t i = 0; i < n; ++i) {
    if (!b.beginStep(steps[i])) std::abort();
    g.source += "\nstep s" + std::to_string(i) + " {\n";
    const double kind = rng.real();
    const bool last = i + 1 == n;
    const bool isEnd = last || kind < 0.05;
    const bool isChoice = !isEnd && kind < 0.53 && i + 3 < n;
    const size_t lines = 1 + rng.pick(3);
    for (size_t l = 0; l < lines; ++l) {
      if (isChoice && l + 1 == lines) break; // the question is the last line
      std::vector<TextPiece> pieces;
      std::string src;
      std::string s;
      if (rng.real() < 0.2) {
        size_t v = rng.pick(std::size(kVars));
        std::string intro = std::string(kIntros[rng.pick(std::size(kIntros))]) + " ";
        std::string rest = std::string(", ") + kPhrases[rng.pick(std::size(kPhrases))];
        while (intro.size() + rest.size() + 12 < 52) rest += std::string(" ") + kFillers[rng.pick(std::size(kFillers))];
        rest += ".";
        pieces = {TextPiece::lit(intro), TextPiece::slot(vars[v]), TextPiece::lit(rest)};
        src = intro + "{" + kVars[v] + "}" + rest;
      } else {
        s = kPhrases[rng.pick(std::size(kPhrases))];
        s[0] = char(s[0] - 'a' + 'A');
        while (s.size() < 52) s += std::string(" ") + kFillers[rng.pick(std::size(kFillers))];
        s += ".";
        pieces = {TextPiece::lit(s)};
        src = s;
      }
      b.emitSAY(b.addText(pieces));
      g.source += "  say \"" + src + "\"\n";
    }
    if (rng.real() < 0.1) {
      size_t v = rng.pick(std::size(kVars));
      b.emitPUSH_STR(b.addString("value"));
      b.emitSET(vars[v]);
      g.source += "  set " + std::string(kVars[v]) + " = \"value\"\n";
    }
    auto forward = [&] { return std::min<uint32_t>(n - 1, i + 1 + uint32_t(rng.pick(8))); };
    if (isEnd) {
      b.emitEND(0);
      g.source += "  end\n";
    } else if (isChoice) {
      const Question &q = kQuestions[rng.pick(std::size(kQuestions))];
      b.emitASK(b.addPlainText(q.text), q.labels.size());
      g.source += "  ask \"" + std::string(q.text) + "\" {\n";
      for (size_t k = 0; k < q.labels.size(); ++k) {
        uint32_t to = k == 0 ? i + 1 : (rng.real() < 0.15 && i > 0 ? i - 1 - uint32_t(rng.pick(std::min<uint32_t>(i, 30))) : forward());
        b.emitOPTION(b.addPlainText(q.labels[k]), b.stepLabel(steps[to]));
        g.source += "    \"" + std::string(q.labels[k]) + "\" -> s" + std::to_string(to) + "\n";
      }
      g.source += "  }\n";
    } else {
      uint32_t to = i + 1;
      b.emitJUMP(b.stepLabel(steps[to]));
      g.source += "  goto s" + std::to_string(to) + "\n";
    }
    g.source += "}\n";
  }
  BuildResult r = b.serialize();
  if (!r) std::abort();
  g.bytes = std::move(r.bytes);
  return g;
}

const Generated &flow100k() {
  static const Generated g = generate(100000);
  return g;
}

/// Walks 100,000 step visits, answering choices with a seeded RNG and
/// restarting after an end; every line and question is rendered.
void BM_Walk100kVisits(benchmark::State &state) {
  Loaded l = Program::load(flow100k().bytes);
  if (!l) std::abort();
  const Program &P = *l.program;
  uint64_t visits = 0, lines = 0;
  for (auto _ : state) {
    Rng rng{7};
    Session s(P);
    uint32_t lastStep = kNone;
    uint64_t v = 0;
    while (v < 100000) {
      const Event &e = s.next();
      if (e.step != lastStep) {
        ++v;
        lastStep = e.step;
      }
      lines += e.text.size();
      if (e.kind == EventKind::Ask) {
        (void)s.choose(rng.pick(e.options.size()));
        lastStep = kNone; // the next event is a new visit even on a back edge
      } else if (s.ended()) {
        s = Session(P);
        lastStep = kNone;
      }
    }
    visits += v;
    benchmark::DoNotOptimize(lines);
  }
  state.SetItemsProcessed(int64_t(visits));
  state.counters["steps/s"] = benchmark::Counter(double(visits), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Walk100kVisits)->Unit(benchmark::kMillisecond);

void BM_LoadVerify100kSteps(benchmark::State &state) {
  const Generated &g = flow100k();
  for (auto _ : state) {
    Loaded l = Program::load(g.bytes);
    if (!l) std::abort();
    benchmark::DoNotOptimize(l.program.get());
  }
  state.counters["bytecode_bytes"] = double(g.bytes.size());
  state.counters["source_bytes"] = double(g.source.size());
  state.counters["bytecode/source"] = double(g.bytes.size()) / double(g.source.size());
}
BENCHMARK(BM_LoadVerify100kSteps)->Unit(benchmark::kMillisecond);

void BM_SessionState(benchmark::State &state) {
  const Generated g = generate(32, 3);
  Loaded l = Program::load(g.bytes);
  if (!l) std::abort();
  size_t bytes = 0;
  for (auto _ : state) {
    Session s(*l.program);
    s.next();
    Session copy = s;
    bytes = copy.stateBytes();
    benchmark::DoNotOptimize(copy);
  }
  state.counters["state_bytes_32_steps"] = double(bytes);
  state.counters["bytecode/source_32_steps"] = double(g.bytes.size()) / double(g.source.size());
}
BENCHMARK(BM_SessionState);

// The worst match the pattern limits allow: the largest program whose states
// are nearly all live at once (.*(a|aa){399}b, 2,000 instructions) against
// the longest value a pattern takes (4,096 bytes). Before the limits,
// .*(a|aa){1000}b against a 1 MB answer took 82 s.
void BM_PatternWorstCase(benchmark::State &state) {
  auto compiled = Pattern::compile(".*(a|aa){399}b");
  const Pattern &p = std::get<Pattern>(compiled);
  const std::string value(kPatternMaxInput, 'a');
  MatchStats stats;
  for (auto _ : state) benchmark::DoNotOptimize(p.matches(value, stats));
  state.counters["program"] = double(p.programSize());
  state.counters["input_bytes"] = double(value.size());
  state.counters["steps"] = double(stats.steps);
  state.counters["steps/s"] = benchmark::Counter(double(stats.steps), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_PatternWorstCase)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
