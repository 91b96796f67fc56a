// NodeLists: the statement graph's facts per node, in CSR form as added.
#include <gtest/gtest.h>

#include "check/checker.h"

using callflow::check::NodeLists;

namespace {

/// Node n's items, read back through the CSR arrays.
std::vector<int> itemsOf(const std::vector<int> &items, const std::vector<uint32_t> &begin, size_t n) {
  return {items.begin() + begin[n], items.begin() + begin[n + 1]};
}

TEST(NodeLists, ItemsAddedInNodeOrderAreAppended) {
  std::vector<int> items;
  std::vector<uint32_t> begin;
  NodeLists<int> lists(items, begin);
  lists.add(0, 10);
  lists.add(0, 11);
  lists.add(3, 30); // nodes 1 and 2 have none
  lists.add(4, 40);
  lists.finish(6);
  ASSERT_EQ(begin.size(), 7u);
  EXPECT_EQ(items, (std::vector<int>{10, 11, 30, 40}));
  EXPECT_EQ(itemsOf(items, begin, 0), (std::vector<int>{10, 11}));
  EXPECT_TRUE(itemsOf(items, begin, 1).empty());
  EXPECT_TRUE(itemsOf(items, begin, 2).empty());
  EXPECT_EQ(itemsOf(items, begin, 3), (std::vector<int>{30}));
  EXPECT_EQ(itemsOf(items, begin, 4), (std::vector<int>{40}));
  EXPECT_TRUE(itemsOf(items, begin, 5).empty());
}

TEST(NodeLists, AnItemForAnEarlierNodeGoesAfterThatNodesOwn) {
  std::vector<int> items;
  std::vector<uint32_t> begin;
  std::vector<char> extra;
  NodeLists<int, char> lists(items, begin, &extra);
  lists.add(1, 10, 'a');
  lists.add(2, 20, 'b');
  lists.add(4, 40, 'c');
  lists.add(1, 11, 'd'); // late: after 10, before 20
  lists.add(0, 1, 'e');  // late, for a node with none yet
  lists.add(4, 41, 'f');
  lists.finish(5);
  EXPECT_EQ(items, (std::vector<int>{1, 10, 11, 20, 40, 41}));
  EXPECT_EQ(extra, (std::vector<char>{'e', 'a', 'd', 'b', 'c', 'f'}));
  EXPECT_EQ(itemsOf(items, begin, 0), (std::vector<int>{1}));
  EXPECT_EQ(itemsOf(items, begin, 1), (std::vector<int>{10, 11}));
  EXPECT_EQ(itemsOf(items, begin, 2), (std::vector<int>{20}));
  EXPECT_TRUE(itemsOf(items, begin, 3).empty());
  EXPECT_EQ(itemsOf(items, begin, 4), (std::vector<int>{40, 41}));
}

} // namespace
