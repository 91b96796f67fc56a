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
// glibc reads tunables only from the environment, at start-up. A static
// executable (flowc, flowrun; CALLFLOW_TUNED_START, callflow_static_executable() in
// the top-level CMakeLists.txt) starts here, at callflow_tuned_start, the
// ELF entry point: before the C library's own start (_start), it lays out
// the process's start block again below the kernel's, with GLIBC_TUNABLES
// and CALLFLOW_MALLOC=tuned among the environment, and enters _start with
// that: glibc takes its environment and its tunables from the block (the
// x86-64 System V ABI's: argc, argv, 0, envp, 0, the auxiliary vector), so
// the process starts once, tuned. A dynamic executable's C library has read
// the environment before any code of the executable runs, so it starts
// itself once more with the tunables set (execve of /proc/self/exe, same
// pid, arguments and descriptors), from .preinit_array: before any
// library's initialiser, so nothing runs twice but the loader (~2 ms).
// Neither happens when GLIBC_TUNABLES already names a glibc.malloc tunable
// (the user's own settings), when CALLFLOW_MALLOC is set (the second start
// has CALLFLOW_MALLOC=tuned, so it never loops, even where the loader drops
// GLIBC_TUNABLES; CALLFLOW_MALLOC=system keeps glibc's defaults), under
// valgrind (whose tools replace malloc and would not follow the exec), or
// when the exec fails; the process then runs on as it is. The second start
// names itself after argv[0] again (exec of /proc/self/exe would leave it
// "exe" in ps, top and pgrep).
//
// What runs before _start runs before the C library is set up: no thread
// pointer (errno), no resolved ifuncs (memcpy, strlen and the like), no
// stack protector's guard. So this file calls no C library function on
// that path, makes its one system call itself, and asks the compiler not
// to turn its loops into calls of memcpy or strlen.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#if defined(__clang__)
#define CALLFLOW_NO_LIBC __attribute__((no_builtin, no_stack_protector))
#else
#define CALLFLOW_NO_LIBC __attribute__((no_stack_protector))
#endif

namespace {

constexpr const char kTunables[] =
    "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864:"
    "glibc.malloc.mmap_threshold=8388608:glibc.malloc.trim_threshold=1073741824:"
    "glibc.malloc.tcache_count=1000";
constexpr const char kTuned[] = "CALLFLOW_MALLOC=tuned";

CALLFLOW_NO_LIBC size_t length(const char *s) {
  size_t n = 0;
  while (s[n])
    ++n;
  return n;
}

/// Whether s starts with `prefix`.
CALLFLOW_NO_LIBC bool startsWith(const char *s, const char *prefix) {
  for (; *prefix; ++s, ++prefix)
    if (*s != *prefix)
      return false;
  return true;
}

CALLFLOW_NO_LIBC bool contains(const char *s, const char *part) {
  if (!s)
    return false;
  for (; *s; ++s)
    if (startsWith(s, part))
      return true;
  return false;
}

CALLFLOW_NO_LIBC bool equal(const char *a, const char *b) {
  return startsWith(a, b) && a[length(b)] == 0;
}

/// The value of `name` (with its '=') in `envp`, or null.
CALLFLOW_NO_LIBC const char *findEnv(char **envp, const char *name) {
  for (; *envp; ++envp)
    if (startsWith(*envp, name))
      return *envp + length(name);
  return nullptr;
}

/// The CPUs this process may run on (its affinity mask), at least 2. The
/// system call made here: no errno, which needs the thread pointer.
CALLFLOW_NO_LIBC unsigned arenaCount() {
  uint64_t mask[16];
  for (uint64_t &word : mask) // not `= {}`: clang -O0 calls memset for that
    word = 0;
  long r = -1;
#if defined(__x86_64__)
  asm volatile("syscall"
               : "=a"(r)
               : "0"(long(SYS_sched_getaffinity)), "D"(0L), "S"(long(sizeof mask)), "d"(mask)
               : "rcx", "r11", "memory");
#else
  r = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
#endif
  if (r <= 0)
    return 2;
  unsigned n = 0;
  for (uint64_t word : mask)
    for (; word; word &= word - 1) // not __builtin_popcountll: a libgcc call
      ++n;
  return n > 2 ? n : 2u;
}

/// Appends `s` at `out` (room for it is the caller's); returns the end.
CALLFLOW_NO_LIBC char *append(char *out, const char *s) {
  while (*s)
    *out++ = *s++;
  *out = 0;
  return out;
}

/// Appends n in decimal at `out`; returns the end.
CALLFLOW_NO_LIBC char *appendNumber(char *out, unsigned n) {
  char digits[16];
  int k = 0;
  do
    digits[k++] = char('0' + n % 10);
  while ((n /= 10) && k < 15);
  while (k)
    *out++ = digits[--k];
  *out = 0;
  return out;
}

// Fixed room (no malloc this early), and no tuning when it is not enough.
char gTunables[4096];

/// Whether to tune a process started with `envp`; if so, gTunables is
/// the GLIBC_TUNABLES entry to give it, ours first, so that one the user
/// set (naming no malloc tunable) keeps its settings after them.
CALLFLOW_NO_LIBC bool tune(char **envp) {
  if (!envp || findEnv(envp, "CALLFLOW_MALLOC=") ||
      contains(findEnv(envp, "GLIBC_TUNABLES="), "glibc.malloc.") ||
      contains(findEnv(envp, "LD_PRELOAD="), "vgpreload"))
    return false;
  const char *other = findEnv(envp, "GLIBC_TUNABLES=");
  const size_t otherLen = other ? length(other) : 0;
  if (sizeof("GLIBC_TUNABLES=") + sizeof(kTunables) + sizeof(":glibc.malloc.arena_max=") + 16 +
          otherLen + 1 >
      sizeof(gTunables))
    return false;
  char *end = append(gTunables, "GLIBC_TUNABLES=");
  end = append(end, kTunables);
  end = append(end, ":glibc.malloc.arena_max=");
  end = appendNumber(end, arenaCount());
  if (otherLen) {
    end = append(end, ":");
    append(end, other);
  }
  return true;
}

/// Writes `envp` tuned at `out`: gTunables, CALLFLOW_MALLOC=tuned, then
/// every entry but GLIBC_TUNABLES, and the closing null. Returns the end.
CALLFLOW_NO_LIBC char **writeTunedEnv(char **envp, char **out) {
  *out++ = gTunables;
  *out++ = const_cast<char *>(kTuned);
  for (char **e = envp; *e; ++e)
    if (!startsWith(*e, "GLIBC_TUNABLES="))
      *out++ = *e;
  *out++ = nullptr;
  return out;
}

} // namespace

#if defined(CALLFLOW_TUNED_START) && defined(__x86_64__)

// The static executable's entry: the start block again, tuned.
namespace {
bool gStartedTuned = false; // then .preinit_array has nothing to do
} // namespace

/// The bytes the tuned start block needs below the kernel's at `sp`, or 0
/// to start with the kernel's as it is.
extern "C" CALLFLOW_NO_LIBC size_t callflow_tuned_start_size(uintptr_t *sp) {
  const uintptr_t argc = sp[0];
  char **envp = reinterpret_cast<char **>(sp + 1 + argc + 1);
  if (!tune(envp))
    return 0;
  size_t words = 1 + argc + 1 + 2; // argc, argv and its null, our two
  char **e = envp;
  for (; *e; ++e)
    ++words;
  ++words; // envp's null
  const uintptr_t *auxv = reinterpret_cast<uintptr_t *>(e + 1);
  size_t k = 0;
  while (auxv[k] != 0) // AT_NULL ends it
    k += 2;
  words += k + 2;
  return words * sizeof(uintptr_t);
}

/// Writes the tuned start block at `to`, from the kernel's at `sp`.
extern "C" CALLFLOW_NO_LIBC void callflow_tuned_start_fill(uintptr_t *sp, uintptr_t *to) {
  const uintptr_t argc = sp[0];
  *to++ = argc;
  for (uintptr_t i = 0; i <= argc; ++i) // argv and its null
    *to++ = sp[1 + i];
  char **envp = reinterpret_cast<char **>(sp + 1 + argc + 1);
  char **end = writeTunedEnv(envp, reinterpret_cast<char **>(to));
  char **e = envp;
  while (*e)
    ++e;
  const uintptr_t *auxv = reinterpret_cast<uintptr_t *>(e + 1);
  to = reinterpret_cast<uintptr_t *>(end);
  size_t k = 0;
  do {
    to[k] = auxv[k];
    to[k + 1] = auxv[k + 1];
    k += 2;
  } while (auxv[k - 2] != 0);
  gStartedTuned = true;
}

// rsp points at the kernel's block, 16-byte aligned; rdx holds what the
// C library's _start registers with atexit (0 from the kernel). r12-r14
// keep values across the calls (callee-saved); nothing needs their
// values from the kernel.
asm(R"(
  .text
  .globl callflow_tuned_start
  .type callflow_tuned_start, @function
callflow_tuned_start:
  mov %rsp, %r12
  mov %rdx, %r13
  mov %rsp, %rdi
  call callflow_tuned_start_size
  test %rax, %rax
  jz 1f
  sub %rax, %rsp
  and $-16, %rsp
  mov %rsp, %r14
  mov %r12, %rdi
  mov %rsp, %rsi
  call callflow_tuned_start_fill
  mov %r14, %rsp
1:
  mov %r13, %rdx
  xor %ebp, %ebp
  jmp _start
  .size callflow_tuned_start, .-callflow_tuned_start
)");

#else
namespace {
constexpr bool gStartedTuned = false;
} // namespace
#endif

namespace {

char *gEnv[4096];

/// The restarted process's name: argv[0]'s last component, as the first
/// start had it.
void takeBackName(char **argv) {
  if (!argv || !argv[0])
    return;
  const char *name = argv[0];
  for (const char *c = argv[0]; *c; ++c)
    if (*c == '/')
      name = c + 1;
  prctl(PR_SET_NAME, name, 0, 0, 0); // cut at 15 bytes
}

void restartWithTunedMalloc(int argc, char **argv, char **envp) {
  if (gStartedTuned || argc < 1 || !argv || !envp)
    return;
  if (const char *m = findEnv(envp, "CALLFLOW_MALLOC="); m && equal(m, "tuned"))
    takeBackName(argv);
  if (!tune(envp))
    return;
  size_t count = 2;
  for (char **e = envp; *e; ++e)
    ++count;
  if (count + 1 > sizeof gEnv / sizeof *gEnv)
    return;
  writeTunedEnv(envp, gEnv);
  execve("/proc/self/exe", argv, gEnv);
  // Still here: no /proc, or the executable is gone. Run on as we are.
}

// Run by the dynamic loader before the initialisers of any library
// (glibc passes argc, argv and envp to .preinit_array functions; the static
// C library runs them too, after its own set-up).
__attribute__((section(".preinit_array"), used)) void (*const kRestart)(int, char **, char **) =
    restartWithTunedMalloc;

} // namespace
