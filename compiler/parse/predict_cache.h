// A parser simulator that remembers, per thread, the predictions the
// shared DFA already settles by the next one or two tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "antlr4-runtime.h"

namespace callflow::parse {

/// ANTLR's adaptivePredict, for a decision its DFA has already learnt,
/// still walks the DFA under a mutex-guarded lock per token and wraps its
/// clean-up in a heap-allocated std::function: ~800 instructions a call,
/// a tenth of a whole parse. Most decisions of this grammar are settled by
/// the next token (a name that is not followed by `is`, `days` or `(`),
/// the rest by the one after (`is set`, `today -`). Once the DFA has the
/// edges from its start state on those tokens to an accept state without
/// predicates, the answer for them never changes (ANTLR's DFA only grows).
/// This simulator keeps such answers in tables of its own (decision ×
/// first token, and for the decisions that need it × second token) and
/// calls the base for the rest, so it predicts exactly what the base
/// would. The tables belong to the thread (every parser of this grammar
/// shares the one DFA, so an answer holds for all of them), and are made
/// once per thread: a parser is made for every file and piece.
class PredictCache : public antlr4::atn::ParserATNSimulator {
public:
  /// Takes the place of `parser`'s own simulator (which
  /// Recognizer::setInterpreter deletes) and is deleted by the parser as
  /// its own would have been.
  static void install(antlr4::Parser &parser);

  size_t adaptivePredict(antlr4::TokenStream *input, size_t decision,
                         antlr4::ParserRuleContext *outerContext) override;

private:
  PredictCache(antlr4::Parser *parser, antlr4::atn::ParserATNSimulator &base);

  /// What the DFA gives after the token `t1` (and `t2` when given): an
  /// alternative, kUnsettled, or (for `t1` alone, when the DFA needs a
  /// second token) the index of a new second-token table.
  uint16_t settled(size_t decision, size_t t1, std::optional<size_t> t2);

  // An entry is an alternative (1 ...), or one of these.
  static constexpr uint16_t kUnknown = 0;            // not asked yet
  static constexpr uint16_t kFirstSpecial = 0x8000;  // alternatives are below
  static constexpr uint16_t kSecondTable = 0x8000;   // + index into Tables::second
  static constexpr size_t kMaxSecondTables = 0x7000;
  static constexpr uint16_t kUnsettled = 0xffff;     // needs the base every time
  struct Tables {
    std::vector<uint16_t> first; // decision * tokenTypes + first token type
    std::vector<std::vector<uint16_t>> second; // [table][second token type]
  };
  /// This thread's tables, made on first use.
  static Tables &tablesFor(size_t decisions, size_t tokenTypes);

  size_t tokenTypes_;
  Tables &tables_;
};

} // namespace callflow::parse
