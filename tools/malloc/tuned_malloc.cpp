// Compiled into every executable that links callflow_malloc (the top-level
// CMakeLists.txt), never into a library: a host embedding the runtime
// keeps its allocator and its settings.
//
// glibc's malloc, tuned for a compiler's heap: a large compile touches
// hundreds of MB of fresh memory, and on a machine whose page faults are
// dear that is most of what it costs (docs/performance.md, "Allocator").
// With these glibc tunables the heap grows in 64 MiB steps of transparent
// huge pages (one fault per 2 MiB, not per 4 KiB), large blocks come from
// the heap instead of fresh mappings, and freed memory is kept for reuse:
//
//   glibc.malloc.hugetlb=1             MADV_HUGEPAGE on what malloc maps
//   glibc.malloc.top_pad=64 MiB        grow the heap in large steps
//   glibc.malloc.mmap_threshold=8 MiB  blocks below it from the heap (the
//                                      default's dynamic threshold maps
//                                      most of a compile's vectors fresh)
//   glibc.malloc.trim_threshold=1 GiB  no giving back and faulting again
//   glibc.malloc.tcache_count=1000     the parse frees and makes again a
//                                      declaration's tree of ANTLR rule
//                                      contexts: kept in the thread's cache
//                                      (7 a size by default), not the bins
//   glibc.malloc.arena_max=N           N = the CPUs the process may run on
//                                      (at least 2): a compile starts more
//                                      threads than that (parse pieces,
//                                      codegen, the coder's two, serialize,
//                                      verify), and each new arena is fresh
//                                      memory touched in 2 MiB pages
//
// (The mmap threshold was chosen among 1, 8, 64, 256 MiB and 1 GiB: from
// 64 MiB up, freed large vectors stay in the heap and the peak RSS of a
// check of bench/gen_flow.py's 100k flow rose 431 -> 449 MB; 1 MiB was
// slower. The tcache count took a titled 100k build 462 -> 433 ms, 100k
// 334 -> 323 ms, at the same peak RSS. Arenas as many as CPUs, on 2:
// peak RSS of a titled 10k build 57.7 -> 50.4 MB, 100k 254 -> 244 MB, a
// titled 100k build 415 -> 399 ms, the rest within 1%; one arena was
// slower, 2x at titled 100k: the threads wait for its lock.)
//
// glibc reads tunables only from the environment, at start-up, so the
// process starts itself once more with them set (execve of /proc/self/exe,
// same pid, arguments and descriptors), from .preinit_array: before any
// library's initialiser, so nothing runs twice but the loader (~2 ms).
// It does not when GLIBC_TUNABLES already names a glibc.malloc tunable
// (the user's own settings), when CALLFLOW_MALLOC is set (the second start
// has CALLFLOW_MALLOC=tuned, so it never loops, even where the loader drops
// GLIBC_TUNABLES; CALLFLOW_MALLOC=system keeps glibc's defaults), under valgrind
// (whose tools replace malloc and would not follow the exec), or when the
// exec fails; the process then runs on as it is. The second start names
// itself after argv[0] again (exec of /proc/self/exe would leave it "exe"
// in ps, top and pgrep).
#include <sched.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstring>
#include <iterator>

namespace {

constexpr const char kTunables[] =
    "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864:"
    "glibc.malloc.mmap_threshold=8388608:glibc.malloc.trim_threshold=1073741824:"
    "glibc.malloc.tcache_count=1000";

/// The value of `name` (with its '=') in `envp`, or null. (Not getenv:
/// this runs before libc's own initialisation.)
const char *findEnv(char **envp, const char *name) {
  const size_t len = std::strlen(name);
  for (; *envp; ++envp)
    if (std::strncmp(*envp, name, len) == 0)
      return *envp + len;
  return nullptr;
}

bool contains(const char *s, const char *part) { return s && std::strstr(s, part); }

/// The CPUs this process may run on (its affinity mask), at least 2. A
/// system call, no malloc: this runs before libc's initialisation.
unsigned arenaCount() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0)
    return 2;
  const int n = CPU_COUNT(&set);
  return n > 2 ? unsigned(n) : 2u;
}

/// Appends n in decimal to the string at s (room for it is the caller's).
void appendNumber(char *s, unsigned n) {
  char digits[16];
  int k = 0;
  do
    digits[k++] = char('0' + n % 10);
  while ((n /= 10) && k < 15);
  s += std::strlen(s);
  while (k)
    *s++ = digits[--k];
  *s = 0;
}

// No malloc this early: fixed room, and no restart when it is not enough.
char gTunables[4096];
char *gEnv[4096];

/// The restarted process's name: argv[0]'s last component, as the first
/// start had it.
void takeBackName(char **argv) {
  if (!argv || !argv[0])
    return;
  const char *slash = std::strrchr(argv[0], '/');
  prctl(PR_SET_NAME, slash ? slash + 1 : argv[0], 0, 0, 0); // cut at 15 bytes
}

void restartWithTunedMalloc(int argc, char **argv, char **envp) {
  if (const char *m = envp ? findEnv(envp, "CALLFLOW_MALLOC=") : nullptr;
      m && std::strcmp(m, "tuned") == 0 && argc >= 1)
    takeBackName(argv);
  if (argc < 1 || !argv || !envp || findEnv(envp, "CALLFLOW_MALLOC=") ||
      contains(findEnv(envp, "GLIBC_TUNABLES="), "glibc.malloc.") ||
      contains(findEnv(envp, "LD_PRELOAD="), "vgpreload"))
    return;
  // GLIBC_TUNABLES with ours first, so that one the user set (naming no
  // malloc tunable) keeps its settings after them.
  const char *other = findEnv(envp, "GLIBC_TUNABLES=");
  const size_t otherLen = other ? std::strlen(other) : 0;
  if (sizeof("GLIBC_TUNABLES=") + sizeof(kTunables) + sizeof(":glibc.malloc.arena_max=") + 16 +
          otherLen + 1 >
      sizeof(gTunables))
    return;
  std::strcpy(gTunables, "GLIBC_TUNABLES=");
  std::strcat(gTunables, kTunables);
  std::strcat(gTunables, ":glibc.malloc.arena_max=");
  appendNumber(gTunables, arenaCount());
  if (otherLen) {
    std::strcat(gTunables, ":");
    std::strcat(gTunables, other);
  }
  size_t k = 0;
  gEnv[k++] = gTunables;
  gEnv[k++] = const_cast<char *>("CALLFLOW_MALLOC=tuned");
  for (char **e = envp; *e; ++e) {
    if (std::strncmp(*e, "GLIBC_TUNABLES=", 15) == 0)
      continue;
    if (k + 1 >= std::size(gEnv))
      return;
    gEnv[k++] = *e;
  }
  gEnv[k] = nullptr;
  execve("/proc/self/exe", argv, gEnv);
  // Still here: no /proc, or the executable is gone. Run on as we are.
}

// Run by the dynamic loader before the initialisers of any library
// (glibc passes argc, argv and envp to .preinit_array functions).
__attribute__((section(".preinit_array"), used)) void (*const kRestart)(int, char **, char **) =
    restartWithTunedMalloc;

} // namespace
