// support/prefault.h: pages made present ahead of their writer, with what
// they hold unchanged.
#include "support/prefault.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace {

using callflow::prefault;
using callflow::PrefaultRange;
using callflow::prefaultTogether;

constexpr size_t kPage = 4096;

/// Fresh anonymous memory: no page present until one is touched.
struct Fresh {
  explicit Fresh(size_t pages) : bytes(pages * kPage) {
    void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    base = p == MAP_FAILED ? nullptr : static_cast<char *>(p);
    // Small pages, so that each one's presence is its own.
    if (base)
      madvise(base, bytes, MADV_NOHUGEPAGE);
  }
  ~Fresh() {
    if (base)
      munmap(base, bytes);
  }
  /// Which pages are present (mincore).
  std::vector<bool> present() const {
    std::vector<unsigned char> v(bytes / kPage);
    EXPECT_EQ(mincore(base, bytes, v.data()), 0);
    std::vector<bool> out(v.size());
    for (size_t i = 0; i < v.size(); ++i)
      out[i] = v[i] & 1;
    return out;
  }
  char *base = nullptr;
  size_t bytes;
};

TEST(Prefault, MakesTheWholePagesInsideTheRangePresentAndKeepsWhatTheyHold) {
  ASSERT_EQ(sysconf(_SC_PAGESIZE), long(kPage));
  Fresh m(64);
  ASSERT_NE(m.base, nullptr);
  for (size_t i = 0; i < 4 * kPage; ++i) // pages 0-3 written
    m.base[i] = char('a' + i % 26);
  std::vector<bool> before = m.present();
  for (size_t p = 4; p < 64; ++p)
    ASSERT_FALSE(before[p]) << "page " << p << " present before";

  // From byte 100 of page 2 to byte 100 of page 42: the whole pages are
  // 3 to 41; page 42 is only begun.
  ASSERT_TRUE(prefault(m.base + 2 * kPage + 100, 40 * kPage));
  std::vector<bool> after = m.present();
  for (size_t p = 0; p < 64; ++p)
    EXPECT_EQ(after[p], p <= 41) << "page " << p;
  for (size_t i = 0; i < 4 * kPage; ++i)
    ASSERT_EQ(m.base[i], char('a' + i % 26)) << "byte " << i;
  for (size_t i = 4 * kPage; i < m.bytes; ++i)
    ASSERT_EQ(m.base[i], 0) << "byte " << i;

  EXPECT_FALSE(prefault(nullptr, 1 << 20));
  EXPECT_FALSE(prefault(m.base + 100, kPage)); // no whole page inside
}

// Buffers of different sizes at odd offsets, prefaulted a slice of each in
// turn: every whole page of each is made (none falls between two slices),
// and nothing outside them.
TEST(Prefault, TogetherMakesEveryWholePageOfEachBuffer) {
  Fresh m(3000); // ~12 MB: slices of 2 MiB in the largest buffer
  ASSERT_NE(m.base, nullptr);
  const PrefaultRange ranges[] = {
      {m.base + 10, 1700 * kPage + 123},          // pages 1-1699 (1700 begun)
      {m.base + 1800 * kPage + 4000, 600 * kPage}, // pages 1801-2399
      {m.base + 2500 * kPage, 3 * kPage},         // pages 2500-2502
  };
  prefaultTogether(ranges);
  std::vector<bool> present = m.present();
  for (size_t p = 0; p < 3000; ++p) {
    const bool inside = (p >= 1 && p <= 1699) || (p >= 1801 && p <= 2399) || (p >= 2500 && p <= 2502);
    ASSERT_EQ(present[p], inside) << "page " << p;
  }
}

// A thread fills a buffer while another prefaults it: the writer's bytes
// are all there afterwards.
TEST(Prefault, BesideAWriterChangesNothing) {
  Fresh m(4096); // 16 MB
  ASSERT_NE(m.base, nullptr);
  std::thread ahead([&] { prefaultTogether(std::vector<PrefaultRange>{{m.base, m.bytes}}); });
  for (size_t i = 0; i < m.bytes; i += 61)
    m.base[i] = char(1 + i % 251);
  ahead.join();
  for (size_t i = 0; i < m.bytes; ++i)
    ASSERT_EQ(m.base[i], i % 61 ? 0 : char(1 + i % 251)) << "byte " << i;
}

} // namespace
