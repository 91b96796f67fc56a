#include "parse/predict_cache.h"

namespace callflow::parse {

namespace {

// The read side of the lock ANTLR takes around every look at a DFA
// state's edges (static in ATNSimulator, hence this accessor class).
struct EdgeLock : antlr4::atn::ParserATNSimulator {
  static antlrcpp::SingleWriteMultipleReadLock &get() { return _edgeLock; }
};

antlr4::dfa::DFAState *edge(antlr4::dfa::DFAState *from, size_t t) {
  antlrcpp::SingleWriteMultipleReadLock &lock = EdgeLock::get();
  lock.readLock();
  auto it = from->edges.find(t);
  antlr4::dfa::DFAState *to = it == from->edges.end() ? nullptr : it->second;
  lock.readUnlock();
  return to;
}

} // namespace

PredictCache::PredictCache(antlr4::Parser *parser, antlr4::atn::ParserATNSimulator &base)
    : antlr4::atn::ParserATNSimulator(parser, base.atn, base.decisionToDFA,
                                      base.getSharedContextCache()),
      tokenTypes_(static_cast<size_t>(base.atn.maxTokenType) + 1),
      tables_(tablesFor(base.decisionToDFA.size(), tokenTypes_)) {
  setPredictionMode(base.getPredictionMode());
}

PredictCache::Tables &PredictCache::tablesFor(size_t decisions, size_t tokenTypes) {
  thread_local Tables tables;
  if (tables.first.size() != decisions * tokenTypes) { // first use (one grammar)
    tables.first.assign(decisions * tokenTypes, kUnknown);
    tables.second.clear();
  }
  return tables;
}

void PredictCache::install(antlr4::Parser &parser) {
  auto *base = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  parser.setInterpreter(new PredictCache(&parser, *base)); // deletes `base`
}

size_t PredictCache::adaptivePredict(antlr4::TokenStream *input, size_t decision,
                                     antlr4::ParserRuleContext *outerContext) {
  size_t t1 = input->LA(1);
  if (t1 >= tokenTypes_ || decision >= decisionToDFA.size()) // EOF among them
    return ParserATNSimulator::adaptivePredict(input, decision, outerContext);
  uint16_t &slot = tables_.first[decision * tokenTypes_ + t1];
  if (slot == kUnsettled)
    return ParserATNSimulator::adaptivePredict(input, decision, outerContext);
  if (slot != kUnknown && slot < kFirstSpecial)
    return slot;
  if (slot >= kSecondTable) { // settled by the second token, or not at all
    size_t t2 = input->LA(2);
    if (t2 >= tokenTypes_)
      return ParserATNSimulator::adaptivePredict(input, decision, outerContext);
    uint16_t &second = tables_.second[slot - kSecondTable][t2];
    if (second != kUnknown && second != kUnsettled)
      return second;
    size_t alt = ParserATNSimulator::adaptivePredict(input, decision, outerContext);
    if (second == kUnknown)
      second = settled(decision, t1, t2);
    return alt;
  }
  size_t alt = ParserATNSimulator::adaptivePredict(input, decision, outerContext);
  if (slot == kUnknown)
    slot = settled(decision, t1, std::nullopt);
  return alt;
}

uint16_t PredictCache::settled(size_t decision, size_t t1, std::optional<size_t> t2) {
  antlr4::dfa::DFA &dfa = decisionToDFA[decision];
  if (dfa.isPrecedenceDfa() || !dfa.s0)
    return kUnsettled;
  // The states themselves never change once they are in the DFA; only
  // the edge maps grow, under the lock.
  auto usable = [](antlr4::dfa::DFAState *d) {
    return d && d != ERROR.get() && !d->requiresFullContext;
  };
  auto answer = [](antlr4::dfa::DFAState *d) -> std::optional<uint16_t> {
    if (d->isAcceptState && d->predicates.empty() && d->prediction > 0 &&
        d->prediction < kFirstSpecial)
      return static_cast<uint16_t>(d->prediction);
    return std::nullopt;
  };
  antlr4::dfa::DFAState *d1 = edge(dfa.s0, t1);
  if (!usable(d1))
    return kUnsettled;
  if (!t2) {
    if (std::optional<uint16_t> alt = answer(d1))
      return *alt;
    if (d1->isAcceptState || tables_.second.size() >= kMaxSecondTables)
      return kUnsettled;
    // Not settled by one token: the next one may settle it.
    tables_.second.emplace_back(tokenTypes_, kUnknown);
    return static_cast<uint16_t>(kSecondTable + tables_.second.size() - 1);
  }
  antlr4::dfa::DFAState *d2 = edge(d1, *t2);
  if (!usable(d2))
    return kUnsettled;
  return answer(d2).value_or(kUnsettled);
}

} // namespace callflow::parse
