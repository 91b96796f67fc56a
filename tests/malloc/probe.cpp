// Linked with callflow_malloc like every executable: prints what the
// process started with, for tuned_malloc_test, and whether the tunables took:
// a 1 MiB block is mapped by itself under glibc's default threshold
// (128 KiB), from the heap under ours (8 MiB). Also what the C library
// took from the start block: the auxiliary vector (AT_EXECFN names the file
// the last exec ran: /proc/self/exe after a restart) and the environment.
#include <malloc.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

extern char **environ;

int main(int argc, char **argv) {
  const char *t = std::getenv("GLIBC_TUNABLES");
  const char *m = std::getenv("CALLFLOW_MALLOC");
  std::printf("pid=%d\ntunables=%s\nmalloc=%s\nargc=%d\n", int(getpid()), t ? t : "(unset)",
              m ? m : "(unset)", argc);
  for (int i = 1; i < argc; ++i)
    std::printf("arg=%s\n", argv[i]);
  char comm[64] = "";
  if (FILE *f = std::fopen("/proc/self/comm", "r")) {
    if (std::fgets(comm, sizeof comm, f))
      comm[std::strcspn(comm, "\n")] = 0;
    std::fclose(f);
  }
  std::printf("comm=%s\n", comm);
  const auto *execfn = reinterpret_cast<const char *>(getauxval(AT_EXECFN));
  std::printf("execfn=%s\n", execfn ? execfn : "(none)");
  std::printf("auxv=%s\n", getauxval(AT_PAGESZ) == static_cast<unsigned long>(sysconf(_SC_PAGESIZE)) &&
                                   getauxval(AT_RANDOM) && getauxval(AT_PHDR)
                               ? "ok"
                               : "broken");
  size_t count = 0;
  for (char **e = environ; *e; ++e)
    ++count;
  const char *last = std::getenv("PROBE_LAST");
  std::printf("env=%zu\nlast=%s\n", count, last ? last : "(unset)");
  void *volatile block = std::malloc(1 << 20);
  std::printf("mapped_blocks=%zu\n", mallinfo2().hblks);
  std::free(block);
  return 0;
}
