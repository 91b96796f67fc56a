// The base class of the generated FlowParser (FlowParser.g4's option
// `superClass`). The generated rule functions call members of
// antlr4::Parser on every rule (exitRule, finally, enterOuterAlt) and
// before every prediction (getInterpreter); ANTLR 4.9's versions of these
// were the dearest part of a rule call after the prediction itself. Those
// that are not virtual are hidden here by equivalents the generated code
// finds first by name lookup; enterOuterAlt is overridden:
//
// - exitRule() reaches the parent context with a dynamic_cast (9% of a
//   whole `flowc check` of a 10k-step flow, callgrind). Every parent of a
//   parser rule context is a ParserRuleContext, so a static_cast is exact
//   (ANTLR 4.10 made the same change in its runtime). enterOuterAlt does
//   the same cast.
// - getInterpreter<ParserATNSimulator>(), called before every
//   adaptivePredict, is a dynamic_cast; the interpreter of this parser is
//   always a ParserATNSimulator (or derives from one), so a static_cast is
//   exact.
// - finally(lambda) wraps the rule's exit in a std::function (a heap
//   allocation when the lambda does not fit, and an indirect call); here
//   the lambda is held by value.
//
// Nothing else differs: the same fields are set in the same order.
#pragma once

#include "antlr4-runtime.h"

#include <type_traits>
#include <utility>

namespace callflow_antlr {

class FlowParserBase : public antlr4::Parser {
public:
  using antlr4::Parser::Parser;

  void enterOuterAlt(antlr4::ParserRuleContext *localctx, size_t altNum) override {
    // As antlr4::Parser::enterOuterAlt: a labelled alternative's context
    // replaces the rule's in its parent's children.
    localctx->setAltNumber(altNum);
    if (_buildParseTrees && _ctx != localctx && _ctx->parent) {
      auto *parent = static_cast<antlr4::ParserRuleContext *>(_ctx->parent);
      parent->removeLastChild();
      parent->addChild(localctx);
    }
    _ctx = localctx;
  }

  template <typename T> T *getInterpreter() const {
    static_assert(std::is_same_v<T, antlr4::atn::ParserATNSimulator>,
                  "the only interpreter type a parser is sure to have");
    return static_cast<T *>(_interpreter);
  }

protected:
  void exitRule() {
    // As antlr4::Parser::exitRule: at EOF the stop token is EOF itself.
    _ctx->stop = _matchedEOF ? _input->LT(1) : _input->LT(-1);
    if (!_parseListeners.empty())
      triggerExitRuleEvent();
    setState(_ctx->invokingState);
    _ctx = static_cast<antlr4::ParserRuleContext *>(_ctx->parent);
  }

  template <typename F> class OnExit {
  public:
    explicit OnExit(F f) : f_(std::move(f)) {}
    OnExit(const OnExit &) = delete;
    OnExit &operator=(const OnExit &) = delete;
    ~OnExit() { f_(); }

  private:
    F f_;
  };

  /// `auto onExit = finally([=] { exitRule(); });` in every generated rule.
  template <typename F> static OnExit<F> finally(F f) { return OnExit<F>(std::move(f)); }
};

} // namespace callflow_antlr
