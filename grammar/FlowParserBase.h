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
// - every rule context was made with `new` and freed with `delete`
//   (antlr4::tree::ParseTreeTracker, the parser's `_tracker`): a malloc and
//   a free for each of the ~20 contexts of a step, the tree of which the
//   clean parse frees as soon as the step's AST is built. The generated
//   code calls `_tracker.createInstance<...>`; here `_tracker` names a
//   ContextArena, which places the contexts in blocks of its own and,
//   when the tree is freed (freeContexts), destroys them and reuses the
//   blocks, still warm in the cache, for the next step's tree. The
//   contexts' lists of children (a std::vector each, ANTLR's type) are
//   kept too and given to the next tree's contexts (reuseChildren), so a
//   step's tree is made without a malloc once the first steps are parsed.
//
// Nothing else differs: the same fields are set in the same order.
#pragma once

#include "antlr4-runtime.h"

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define CALLFLOW_ARENA_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define CALLFLOW_ARENA_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define CALLFLOW_ARENA_POISON(p, n) ((void)(p), (void)(n))
#define CALLFLOW_ARENA_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace callflow_antlr {

/// The parse tree's rule contexts, in blocks that are reused once the
/// contexts are destroyed (reset). Created with createInstance, as
/// antlr4::tree::ParseTreeTracker's; the terminal and error nodes the
/// runtime makes itself stay with that tracker. Under AddressSanitizer the
/// bytes no live context holds are poisoned, so a context used after its
/// tree was freed is reported as it was when each one was deleted.
class ContextArena {
public:
  ContextArena() = default;
  ContextArena(const ContextArena &) = delete;
  ContextArena &operator=(const ContextArena &) = delete;
  ~ContextArena() {
    reset();
    for (Block &b : blocks_)
      CALLFLOW_ARENA_UNPOISON(b.bytes.get(), b.size);
  }

  template <typename T, typename... Args> T *createInstance(Args &&...args) {
    static_assert(std::is_base_of_v<antlr4::tree::ParseTree, T>,
                  "Argument must be a parse tree type");
    static_assert(alignof(T) <= kAlign);
    T *made = new (allocate(sizeof(T))) T(std::forward<Args>(args)...);
    made_.push_back(made);
    return made;
  }

  /// Gives `t`, whose list of children has no storage yet, the storage of
  /// a list of a context destroyed before; false when there is none.
  bool reuseChildren(antlr4::tree::ParseTree &t) {
    if (spare_.empty() || t.children.capacity() != 0)
      return false;
    t.children = std::move(spare_.back());
    spare_.pop_back();
    return true;
  }

  /// Destroys every context made so far (ParseTree's destructor is
  /// virtual), keeping their blocks and their lists' storage for the next.
  void reset() {
    for (antlr4::tree::ParseTree *t : made_) {
      if (t->children.capacity() != 0 && spare_.size() < kMaxSpare) {
        spare_.push_back(std::move(t->children));
        spare_.back().clear();
      }
      t->~ParseTree();
    }
    made_.clear();
    for (size_t i = 0; i <= block_ && i < blocks_.size(); ++i)
      CALLFLOW_ARENA_POISON(blocks_[i].bytes.get(), blocks_[i].size);
    block_ = 0;
    next_ = nullptr;
    free_ = 0;
  }

private:
  static constexpr size_t kAlign = alignof(std::max_align_t);
  static constexpr size_t kBlockBytes = size_t(64) << 10;
  static constexpr size_t kMaxSpare = 4096; // lists kept for reuse
  struct Block {
    std::unique_ptr<std::byte[]> bytes;
    size_t size;
  };

  void *allocate(size_t n) {
    n = (n + kAlign - 1) & ~(kAlign - 1);
    if (n <= free_) { // the usual case: room left in the block being filled
      void *p = next_;
      next_ += n;
      free_ -= n;
      CALLFLOW_ARENA_UNPOISON(p, n);
      return p;
    }
    return allocateSlow(n);
  }

  /// Moves on to the next block that holds `n` bytes (the one being
  /// filled has fewer left), adding one when there is none.
  [[gnu::noinline]] void *allocateSlow(size_t n) {
    if (next_)
      ++block_;
    while (block_ < blocks_.size() && blocks_[block_].size < n)
      ++block_;
    if (block_ == blocks_.size()) {
      const size_t size = n > kBlockBytes ? n : kBlockBytes;
      // new std::byte[] is aligned for any fundamental type.
      blocks_.push_back(Block{std::unique_ptr<std::byte[]>(new std::byte[size]), size});
      CALLFLOW_ARENA_POISON(blocks_.back().bytes.get(), size);
    }
    std::byte *p = blocks_[block_].bytes.get();
    next_ = p + n;
    free_ = blocks_[block_].size - n;
    CALLFLOW_ARENA_UNPOISON(p, n);
    return p;
  }

  std::vector<antlr4::tree::ParseTree *> made_;
  std::vector<std::vector<antlr4::tree::ParseTree *>> spare_; // empty, with storage
  std::vector<Block> blocks_;
  size_t block_ = 0;          // the block being filled (when next_ is set)
  std::byte *next_ = nullptr; // where the next context goes in it
  size_t free_ = 0;           // bytes left after next_
};

class FlowParserBase : public antlr4::Parser {
public:
  using antlr4::Parser::Parser;

  void enterOuterAlt(antlr4::ParserRuleContext *localctx, size_t altNum) override {
    // As antlr4::Parser::enterOuterAlt: a labelled alternative's context
    // replaces the rule's in its parent's children.
    localctx->setAltNumber(altNum);
    if (_ctx != localctx)
      _tracker.reuseChildren(*localctx); // a labelled alternative's own context
    if (_buildParseTrees && _ctx != localctx && _ctx->parent) {
      auto *parent = static_cast<antlr4::ParserRuleContext *>(_ctx->parent);
      parent->removeLastChild();
      parent->addChild(localctx);
    }
    _ctx = localctx;
  }

  /// Destroys every rule context of the trees parsed so far (none may be
  /// used afterwards); their memory is reused for the next.
  void freeContexts() { _tracker.reset(); }
  /// See ContextArena::reuseChildren.
  bool reuseChildren(antlr4::tree::ParseTree &t) { return _tracker.reuseChildren(t); }

  template <typename T> T *getInterpreter() const {
    static_assert(std::is_same_v<T, antlr4::atn::ParserATNSimulator>,
                  "the only interpreter type a parser is sure to have");
    return static_cast<T *>(_interpreter);
  }

protected:
  /// Hides antlr4::Parser::_tracker from the generated rule functions.
  ContextArena _tracker;

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
