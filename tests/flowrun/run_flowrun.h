// Runs the flowrun binary for the tests: arguments, standard input from a
// string, extra environment; collects the exit status, stdout lines and
// stderr. A scratch directory per test keeps the files apart.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace flowrun_test {

inline const std::string kSeed000 =
    std::string(CALLFLOW_SOURCE_DIR) + "/samples/anything_computers/anything_computers.flow";
inline const std::string kPaygAnswers =
    std::string(CALLFLOW_SOURCE_DIR) + "/samples/anything_computers/calls/payg_remote_session.answers";

struct ProcessRun {
  int status = 0;
  std::vector<std::string> lines; // stdout
  std::string err;                // stderr
  bool killed() const { return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL; }
  int code() const { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }
  std::string last() const { return lines.empty() ? std::string() : lines.back(); }
};

/// A fresh directory under /tmp, removed with everything in it at the end.
class ScratchDir {
public:
  ScratchDir() {
    char d[] = "/tmp/flowrun-test-XXXXXX";
    if (::mkdtemp(d)) path_ = d;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir &) = delete;
  ScratchDir &operator=(const ScratchDir &) = delete;
  bool ok() const { return !path_.empty(); }
  std::string operator/(const std::string &name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

inline void writeFile(const std::string &path, const std::string &text) {
  std::ofstream(path, std::ios::binary) << text;
}
inline void writeFile(const std::string &path, const std::vector<uint8_t> &bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(bytes.data()),
                                              std::streamsize(bytes.size()));
}
inline std::vector<uint8_t> fileBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

/// Runs `program` with `args`; stdin is `input`; stdout and stderr go
/// through files in `dir`.
inline ProcessRun run(const std::string &program, const ScratchDir &dir, std::vector<std::string> args,
                      const std::string &input = "",
                      const std::vector<std::pair<std::string, std::string>> &env = {}) {
  const std::string out = dir / "stdout", err = dir / "stderr", in = dir / "stdin";
  writeFile(in, input);
  args.insert(args.begin(), program);
  const pid_t pid = fork();
  if (pid == 0) {
    ::dup2(::open(in.c_str(), O_RDONLY), 0);
    ::dup2(::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 1);
    ::dup2(::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 2);
    for (const auto &[k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char *> argv;
    for (std::string &a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  ProcessRun r;
  ::waitpid(pid, &r.status, 0);
  std::ifstream o(out);
  for (std::string line; std::getline(o, line);) r.lines.push_back(line);
  std::ifstream e(err);
  r.err.assign(std::istreambuf_iterator<char>(e), {});
  return r;
}

inline ProcessRun flowrun(const ScratchDir &dir, std::vector<std::string> args, const std::string &input = "",
                          const std::vector<std::pair<std::string, std::string>> &env = {}) {
  return run(FLOWRUN_PATH, dir, std::move(args), input, env);
}

} // namespace flowrun_test
