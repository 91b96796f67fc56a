// ContextArena (grammar/FlowParserBase.h): the rule contexts of the parse
// tree, placed in blocks that are reused once the tree is freed.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "FlowParserBase.h"

namespace {

using callflow_antlr::ContextArena;

/// A rule context that counts how many of its kind are alive.
struct Counted : antlr4::ParserRuleContext {
  static inline int alive = 0;
  Counted(antlr4::ParserRuleContext *parent, size_t state) : ParserRuleContext(parent, state) {
    ++alive;
  }
  ~Counted() override { --alive; }
  char payload[40] = {};
};

/// Larger than one of the arena's blocks.
struct Huge : antlr4::ParserRuleContext {
  static inline int alive = 0;
  Huge(antlr4::ParserRuleContext *parent, size_t state) : ParserRuleContext(parent, state) {
    ++alive;
  }
  ~Huge() override { --alive; }
  char payload[200 << 10] = {};
};

bool aligned(const void *p) {
  return reinterpret_cast<uintptr_t>(p) % alignof(std::max_align_t) == 0;
}

TEST(ContextArena, ResetDestroysEveryContextAndReusesTheirMemory) {
  ContextArena arena;
  std::vector<Counted *> made;
  // Enough to fill several blocks.
  for (size_t i = 0; i < 5000; ++i)
    made.push_back(arena.createInstance<Counted>(nullptr, i));
  EXPECT_EQ(Counted::alive, 5000);
  for (size_t i = 0; i < made.size(); ++i) {
    EXPECT_EQ(made[i]->invokingState, i);
    EXPECT_TRUE(aligned(made[i]));
    if (i > 0) {
      EXPECT_NE(made[i], made[i - 1]);
    }
  }
  arena.reset();
  EXPECT_EQ(Counted::alive, 0);
  // The next tree is placed where the last one was.
  Counted *again = arena.createInstance<Counted>(nullptr, 7);
  EXPECT_EQ(static_cast<void *>(again), static_cast<void *>(made.front()));
  EXPECT_EQ(again->invokingState, 7u);
  arena.reset();
  EXPECT_EQ(Counted::alive, 0);
}

TEST(ContextArena, AContextLargerThanABlockGetsOneOfItsOwn) {
  ContextArena arena;
  Counted *small = arena.createInstance<Counted>(nullptr, 1);
  Huge *huge = arena.createInstance<Huge>(small, 2);
  Counted *after = arena.createInstance<Counted>(huge, 3);
  EXPECT_EQ(Huge::alive, 1);
  EXPECT_TRUE(aligned(huge));
  EXPECT_EQ(huge->parent, small);
  EXPECT_EQ(after->parent, huge);
  // The huge one's bytes do not overlap the others'.
  const auto *h = reinterpret_cast<const char *>(huge);
  const auto *s = reinterpret_cast<const char *>(small), *a = reinterpret_cast<const char *>(after);
  EXPECT_TRUE(s + sizeof(Counted) <= h || h + sizeof(Huge) <= s);
  EXPECT_TRUE(a + sizeof(Counted) <= h || h + sizeof(Huge) <= a);
  arena.reset();
  EXPECT_EQ(Huge::alive, 0);
  EXPECT_EQ(Counted::alive, 0);
}

TEST(ContextArena, ListsOfChildrenAreKeptForTheNextTree) {
  ContextArena arena;
  Counted *parent = arena.createInstance<Counted>(nullptr, 1);
  Counted *child = arena.createInstance<Counted>(parent, 2);
  // Nothing to reuse before a tree was freed.
  EXPECT_FALSE(arena.reuseChildren(*parent));
  parent->children.reserve(8);
  parent->addChild(child);
  const size_t capacity = parent->children.capacity();
  antlr4::tree::ParseTree *const *storage = parent->children.data();
  arena.reset();
  Counted *next = arena.createInstance<Counted>(nullptr, 3);
  ASSERT_TRUE(arena.reuseChildren(*next));
  EXPECT_TRUE(next->children.empty());
  EXPECT_EQ(next->children.capacity(), capacity);
  EXPECT_EQ(next->children.data(), storage);
  // One list was kept, and a context that has storage keeps its own.
  Counted *other = arena.createInstance<Counted>(nullptr, 4);
  EXPECT_FALSE(arena.reuseChildren(*other));
  EXPECT_FALSE(arena.reuseChildren(*next));
}

TEST(ContextArena, WhatIsLeftIsDestroyedWithTheArena) {
  {
    ContextArena arena;
    for (size_t i = 0; i < 100; ++i)
      arena.createInstance<Counted>(nullptr, i);
    EXPECT_EQ(Counted::alive, 100);
  }
  EXPECT_EQ(Counted::alive, 0);
}

#if defined(__SANITIZE_ADDRESS__)
// A context used after its tree was freed is reported under ASan, as when
// each context was deleted on its own.
TEST(ContextArena, FreedContextsArePoisonedUnderAddressSanitizer) {
  ContextArena arena;
  Counted *c = arena.createInstance<Counted>(nullptr, 1);
  EXPECT_EQ(__asan_region_is_poisoned(c, sizeof *c), nullptr);
  // Past the last context, nothing is unpoisoned.
  EXPECT_TRUE(__asan_address_is_poisoned(reinterpret_cast<char *>(c) + sizeof *c + 64));
  arena.reset();
  EXPECT_TRUE(__asan_address_is_poisoned(c));
  EXPECT_TRUE(__asan_address_is_poisoned(&c->payload[39]));
  Counted *again = arena.createInstance<Counted>(nullptr, 2);
  EXPECT_EQ(static_cast<void *>(again), static_cast<void *>(c));
  EXPECT_EQ(__asan_region_is_poisoned(again, sizeof *again), nullptr);
}
#endif

} // namespace
