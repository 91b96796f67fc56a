// Compiled into every executable that links tcmalloc (callflow_malloc in
// the top-level CMakeLists.txt), never into a library.
//
// tcmalloc grows its page heap from the system in chunks; this system
// allocator hands it chunks of whole 2 MiB pages, aligned, and asks the
// kernel for transparent huge pages on them (MADV_HUGEPAGE, which works
// when /sys/kernel/mm/transparent_hugepage/enabled is `madvise` or
// `always`). A large compile touches hundreds of MB of fresh memory; one
// fault per 2 MiB instead of per 4 KiB is what that costs on a machine
// whose page faults are dear (docs/performance.md, "Allocator"). The first
// 4 MiB come from tcmalloc's own system allocator, so a small run is as it
// was. When the kernel has no huge page to give, the memory is ordinary
// pages; when mmap fails, tcmalloc's own system allocator is asked.
#include <gperftools/malloc_extension.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <new>

namespace {

constexpr size_t kHugePage = size_t(2) << 20;

size_t roundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

class HugePageAllocator final : public SysAllocator {
public:
  explicit HugePageAllocator(SysAllocator *fallback) : fallback_(fallback) {}

  void *Alloc(size_t size, size_t *actualSize, size_t alignment) override {
    // A small run (a check of a few files) stays on tcmalloc's own growth:
    // whole 2 MiB pages cost it ~400 more faults (+6 ms of a 36 ms check
    // of the samples, measured).
    if (fallback_ && given_ < kSmallHeap) {
      void *p = fallback_->Alloc(size, actualSize, alignment);
      given_ += actualSize && p ? *actualSize : size;
      if (p)
        return p;
    }
    size_t align = std::max(alignment, kHugePage);
    size_t len = roundUp(std::max<size_t>(size, 1), kHugePage);
    if (len < size || len + align < len) // overflow
      return fallback_ ? fallback_->Alloc(size, actualSize, alignment) : nullptr;
    void *raw = mmap(nullptr, len + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
      return fallback_ ? fallback_->Alloc(size, actualSize, alignment) : nullptr;
    auto base = reinterpret_cast<uintptr_t>(raw);
    uintptr_t start = roundUp(base, align);
    if (start > base)
      munmap(raw, start - base);
    if (uintptr_t end = base + len + align; end > start + len)
      munmap(reinterpret_cast<void *>(start + len), end - (start + len));
#ifdef MADV_HUGEPAGE
    madvise(reinterpret_cast<void *>(start), len, MADV_HUGEPAGE);
#endif
    if (actualSize)
      *actualSize = len;
    given_ += len;
    return reinterpret_cast<void *>(start);
  }

private:
  static constexpr size_t kSmallHeap = size_t(4) << 20;
  SysAllocator *fallback_;
  size_t given_ = 0; // tcmalloc calls Alloc under its own lock
};

// Before main, as tcmalloc asks (a global constructor). The allocator is
// never destroyed: tcmalloc may grow its heap during exit, after static
// destructors have run.
alignas(HugePageAllocator) unsigned char storage[sizeof(HugePageAllocator)];
[[maybe_unused]] const bool installed = [] {
  MallocExtension *ext = MallocExtension::instance();
  ext->SetSystemAllocator(new (storage) HugePageAllocator(ext->GetSystemAllocator()));
  return true;
}();

} // namespace
