// tools/malloc/tuned_malloc.cpp: an executable restarts itself once with
// glibc's malloc tunables set, keeps its pid and arguments, and leaves the
// environment alone when the user chose (CALLFLOW_MALLOC, their own malloc
// tunables); other tunables the user set are kept after ours. Each test runs
// a dynamically linked probe and, where flowc is linked statically, a static
// one.
#include <gtest/gtest.h>

#include <sched.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

extern char **environ;

namespace {

struct Probe {
  pid_t spawned = 0;
  std::string out;
};

/// Runs the probe at `exe` with `env` (NAME=value entries added to, or replacing,
/// this process's environment; a value-less "NAME" removes it).
Probe run(const std::string &exe, std::vector<std::string> env) {
  std::vector<std::string> entries;
  for (char **e = environ; *e; ++e) {
    std::string s = *e;
    bool replaced = false;
    for (const std::string &x : env) {
      const std::string name = x.substr(0, x.find('='));
      replaced |= s.rfind(name + "=", 0) == 0;
    }
    if (!replaced)
      entries.push_back(s);
  }
  for (const std::string &x : env)
    if (x.find('=') != std::string::npos)
      entries.push_back(x);
  std::vector<char *> envp;
  for (std::string &s : entries)
    envp.push_back(s.data());
  envp.push_back(nullptr);
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  std::string path = exe;
  std::string a1 = "first arg", a2 = "--x=2";
  char *argv[] = {path.data(), a1.data(), a2.data(), nullptr};
  Probe p;
  EXPECT_EQ(posix_spawn(&p.spawned, path.c_str(), &fa, nullptr, argv, envp.data()), 0);
  close(fds[1]);
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    p.out.append(buf, size_t(n));
  close(fds[0]);
  int status = 0;
  waitpid(p.spawned, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << p.out;
  posix_spawn_file_actions_destroy(&fa);
  return p;
}

std::string line(const std::string &out, const std::string &key) {
  size_t at = out.find(key + "=");
  if (at == std::string::npos)
    return "";
  at += key.size() + 1;
  return out.substr(at, out.find('\n', at) - at);
}

/// The tunables a probe spawned now gets: arenas as many as the CPUs it
/// may run on (it inherits this process's affinity), at least 2.
std::string ours() {
  cpu_set_t set;
  CPU_ZERO(&set);
  EXPECT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
  return std::string("glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864:"
                     "glibc.malloc.mmap_threshold=8388608:"
                     "glibc.malloc.trim_threshold=1073741824:"
                     "glibc.malloc.tcache_count=1000:glibc.malloc.arena_max=") +
         std::to_string(std::max(2, CPU_COUNT(&set)));
}

class TunedMalloc : public testing::TestWithParam<const char *> {
protected:
  static bool isStatic() {
#ifdef CALLFLOW_PROBE_STATIC
    return std::string(GetParam()) == CALLFLOW_PROBE_STATIC;
#else
    return false;
#endif
  }
};

INSTANTIATE_TEST_SUITE_P(Probes, TunedMalloc,
                         testing::Values(CALLFLOW_PROBE
#ifdef CALLFLOW_PROBE_STATIC
                                         ,
                                         CALLFLOW_PROBE_STATIC
#endif
                                         ),
                         [](const testing::TestParamInfo<const char *> &info) {
                           return std::string(info.index ? "Static" : "Dynamic");
                         });

TEST_P(TunedMalloc, TunedOnceSamePidAndArguments) {
  Probe p = run(GetParam(), {"CALLFLOW_MALLOC", "GLIBC_TUNABLES", "LD_PRELOAD"});
  EXPECT_EQ(line(p.out, "tunables"), ours()) << p.out;
  EXPECT_EQ(line(p.out, "malloc"), "tuned"); // what stops a second restart
  EXPECT_EQ(line(p.out, "pid"), std::to_string(p.spawned));
  EXPECT_EQ(line(p.out, "argc"), "3");
  EXPECT_NE(p.out.find("arg=first arg\narg=--x=2\n"), std::string::npos) << p.out;
  // Named as started, not "exe" after the exec of /proc/self/exe.
  std::string name = GetParam();
  name = name.substr(name.rfind('/') + 1).substr(0, 15);
  EXPECT_EQ(line(p.out, "comm"), name);
  EXPECT_EQ(line(p.out, "mapped_blocks"), "0"); // the threshold took
  EXPECT_EQ(line(p.out, "auxv"), "ok");
  // A static executable gives the C library its tunables at its start,
  // without a second exec; a dynamic one starts again.
  EXPECT_EQ(line(p.out, "execfn"), isStatic() ? std::string(GetParam()) : "/proc/self/exe");
}

TEST_P(TunedMalloc, KeepsALargeEnvironmentWhole) {
  // More entries than the restart's fixed room (4,096): a dynamic probe
  // runs on untuned, a static one is tuned all the same; both see them all.
  std::vector<std::string> env = {"CALLFLOW_MALLOC", "GLIBC_TUNABLES", "LD_PRELOAD"};
  for (int i = 0; i < 5000; ++i)
    env.push_back("PROBE_" + std::to_string(i) + "=" + std::to_string(i));
  env.push_back("PROBE_LAST=still here");
  Probe p = run(GetParam(), env);
  EXPECT_EQ(line(p.out, "last"), "still here");
  const size_t seen = std::stoul(line(p.out, "env"));
  EXPECT_GE(seen, 5001u);
  EXPECT_EQ(line(p.out, "tunables"), isStatic() ? ours() : "(unset)");
  EXPECT_EQ(line(p.out, "auxv"), "ok");
}

TEST_P(TunedMalloc, KeepsOtherTunablesAfterOurs) {
  Probe p = run(GetParam(), {"CALLFLOW_MALLOC", "LD_PRELOAD", "GLIBC_TUNABLES=glibc.cpu.x86_ibt=on"});
  EXPECT_EQ(line(p.out, "tunables"), ours() + ":glibc.cpu.x86_ibt=on");
}

TEST_P(TunedMalloc, ArenasFollowTheCpusItMayRunOn) {
  cpu_set_t saved, one;
  ASSERT_EQ(sched_getaffinity(0, sizeof saved, &saved), 0);
  CPU_ZERO(&one);
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &saved)) {
      CPU_SET(c, &one);
      break;
    }
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  Probe p = run(GetParam(), {"CALLFLOW_MALLOC", "GLIBC_TUNABLES", "LD_PRELOAD"});
  ASSERT_EQ(sched_setaffinity(0, sizeof saved, &saved), 0);
  const std::string t = line(p.out, "tunables");
  EXPECT_EQ(t.substr(t.rfind(':') + 1), "glibc.malloc.arena_max=2") << t; // never fewer than 2
}

TEST_P(TunedMalloc, LeavesTheUsersChoiceAlone) {
  Probe system = run(GetParam(), {"CALLFLOW_MALLOC=system", "GLIBC_TUNABLES", "LD_PRELOAD"});
  EXPECT_EQ(line(system.out, "tunables"), "(unset)");
  EXPECT_EQ(line(system.out, "malloc"), "system");
  EXPECT_EQ(line(system.out, "mapped_blocks"), "1"); // glibc's defaults
  Probe own = run(GetParam(), {"CALLFLOW_MALLOC", "LD_PRELOAD", "GLIBC_TUNABLES=glibc.malloc.top_pad=0"});
  EXPECT_EQ(line(own.out, "tunables"), "glibc.malloc.top_pad=0");
}

} // namespace
