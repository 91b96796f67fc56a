// Pages made ahead of the thread that fills them. A page of fresh memory
// costs its first writer a fault, and the kernel zeroes it there: on a
// virtual machine whose host took the memory back while it was idle, that
// is ~1.5 ms of CPU a megabyte (docs/performance.md, "The machine"). Where a
// serial pass fills a large buffer of a known size while the other core is
// idle, a thread beside it can take those faults first (the statement
// graph's arrays, check/cfg.cpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace callflow {

/// Makes the pages wholly inside [data, data + bytes) present and writable
/// without changing what they hold (Linux's MADV_POPULATE_WRITE, from 5.14):
/// the kernel zeroes a fresh page on the calling thread, not at the first
/// write of the thread that fills it. Safe beside a thread that writes the
/// same memory: the contents are never touched. Returns false when nothing
/// could be done (another system, an older kernel, memory not mapped);
/// that changes only the speed.
inline bool prefault(const void *data, size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  constexpr uintptr_t kPage = 4096;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kPage - 1) & ~(kPage - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kPage - 1);
  if (!data || end <= begin)
    return false;
  return madvise(reinterpret_cast<void *>(begin), end - begin, MADV_POPULATE_WRITE) == 0;
#else
  (void)data;
  (void)bytes;
  return false;
#endif
}

/// A buffer to prefault: its start and how many of its bytes will be
/// written.
struct PrefaultRange {
  const void *data = nullptr;
  size_t bytes = 0;
};

/// Prefaults several buffers that one pass fills side by side, a slice of
/// each in turn (the first 2 MiB of the largest and the same share of the
/// others, then the next), so that the pages come ahead of the writer in
/// every buffer, not in the first one only.
inline void prefaultTogether(std::span<const PrefaultRange> ranges) {
  constexpr size_t kSlice = size_t(2) << 20;
  size_t largest = 0;
  for (const PrefaultRange &r : ranges)
    largest = std::max(largest, r.bytes);
  const size_t slices = std::max<size_t>(1, (largest + kSlice - 1) / kSlice);
  // Slice k of a buffer: from its byte bytes * k / slices, down to a page
  // boundary (the last slice to its end), so no page falls between two.
  auto at = [&](const PrefaultRange &r, size_t k) {
    const uintptr_t start = reinterpret_cast<uintptr_t>(r.data);
    if (k == 0)
      return start;
    if (k == slices)
      return start + r.bytes;
    return std::max(start, (start + r.bytes * k / slices) & ~uintptr_t(4095));
  };
  for (size_t k = 0; k < slices; ++k)
    for (const PrefaultRange &r : ranges) {
      const uintptr_t from = at(r, k), to = at(r, k + 1);
      if (to > from)
        prefault(reinterpret_cast<const void *>(from), to - from);
    }
}

} // namespace callflow
