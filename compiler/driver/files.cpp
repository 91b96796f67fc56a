// Reading inputs with a size limit and writing outputs safely (files.h).
#include "driver/files.h"

#include <cerrno>
#include <cstring>
#include <optional>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Errc.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "support/aside.h"

namespace callflow::driver {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {
std::error_code lastError() { return std::error_code(errno, std::generic_category()); }

/// Writes all of `data` to `fd`. Empty on success, else why not.
std::error_code writeAll(int fd, llvm::StringRef data) {
  const char *p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return lastError();
    }
    if (n == 0)
      return std::make_error_code(std::errc::io_error);
    p += n;
    left -= size_t(n);
  }
  return {};
}

/// Reads into buf[0, size) until it is full or the file ends (`got`: how
/// much came). Empty on success, else why not. From byte `at` of the file
/// when given (pread: the file's own offset stays where it was), else from
/// its offset.
std::error_code readFull(int fd, char *buf, size_t size, size_t &got,
                         std::optional<uint64_t> at = std::nullopt) {
  got = 0;
  while (got < size) {
    ssize_t n = at ? ::pread(fd, buf + got, size - got, off_t(*at + got))
                   : ::read(fd, buf + got, size - got);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return lastError();
    }
    if (n == 0)
      break;
    got += size_t(n);
  }
  return {};
}

/// The first `size` bytes of regular file `fd` into `buf`, in two halves at
/// once from `kReadInHalves` bytes on (one thread each, when `threads`
/// allows two and a thread is to be had); `got` is how many were read
/// before the first short read (the file shrank). The buffer is fresh
/// memory, and on a host whose page faults are dear most of a large read's
/// time is spent faulting it in (docs/performance.md): two threads fault
/// their halves in at once. The file's offset is left after the bytes read.
constexpr size_t kReadInHalves = size_t(4) << 20;
std::error_code readStart(int fd, char *buf, size_t size, unsigned threads, size_t &got) {
  if (size < kReadInHalves || threads < 2)
    return readFull(fd, buf, size, got);
  const size_t half = size / 2;
  size_t gotFirst = 0, gotSecond = 0;
  std::error_code first, second;
  runBoth([&] { first = readFull(fd, buf, half, gotFirst, 0); },
          [&] { second = readFull(fd, buf + half, size - half, gotSecond, half); });
  if (first)
    return first;
  if (gotFirst == half && second)
    return second;
  got = gotFirst < half ? gotFirst : half + gotSecond;
  if (::lseek(fd, off_t(got), SEEK_SET) < 0)
    return lastError();
  return {};
}

/// `p` with every symlink along the final component followed, even when
/// the last target does not exist yet (a dangling link is written through:
/// its target is created). Relative link targets are relative to the
/// link's directory.
std::error_code resolveLinks(llvm::StringRef p, std::string &out) {
  std::string cur = p.str();
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st;
    if (::lstat(cur.c_str(), &st) != 0) {
      if (errno == ENOENT) { // a new file (or a link's missing target)
        out = cur;
        return {};
      }
      return lastError();
    }
    if (!S_ISLNK(st.st_mode)) {
      out = cur;
      return {};
    }
    char buf[4096];
    ssize_t n = ::readlink(cur.c_str(), buf, sizeof buf - 1);
    if (n < 0)
      return lastError();
    llvm::StringRef target(buf, size_t(n));
    if (path::is_absolute(target)) {
      cur = target.str();
    } else {
      llvm::SmallString<256> next(path::parent_path(cur));
      path::append(next, target);
      cur = std::string(next);
    }
  }
  return std::make_error_code(std::errc::too_many_symbolic_link_levels);
}

std::string cannotWrite(llvm::StringRef p, const std::string &why) {
  return "cannot write '" + p.str() + "': " + why;
}
} // namespace

ReadResult readFileBounded(llvm::StringRef p, uint64_t maxSize, unsigned threads) {
  ReadResult r;
  int fd = -1;
  if (std::error_code ec = fs::openFileForRead(p, fd)) {
    r.error = ec;
    return r;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    r.error = lastError();
    ::close(fd);
    return r;
  }
  if (S_ISDIR(st.st_mode)) {
    r.isDirectory = true;
    r.error = std::make_error_code(std::errc::is_a_directory);
    ::close(fd);
    return r;
  }
  if (S_ISREG(st.st_mode) && uint64_t(st.st_size) > maxSize) {
    r.tooLarge = true;
    r.size = uint64_t(st.st_size);
    ::close(fd);
    return r;
  }
  // A regular file is read once, straight into the buffer the compiler
  // keeps (a large flow's bytes are not copied twice nor held twice). If
  // it changed size while read, what was read goes on as a stream's would.
  auto fail = [&](std::error_code ec) {
    r.error = ec;
    ::close(fd);
    return std::move(r);
  };
  std::string data;
  if (S_ISREG(st.st_mode)) {
    const size_t size = size_t(st.st_size);
    std::unique_ptr<llvm::WritableMemoryBuffer> whole =
        llvm::WritableMemoryBuffer::getNewUninitMemBuffer(size, p);
    if (!whole) // LLVM allocates with nothrow: no room for the file
      return fail(std::make_error_code(std::errc::not_enough_memory));
    size_t got = 0, more = 0;
    char probe;
    if (std::error_code ec = readStart(fd, whole->getBufferStart(), size, threads, got))
      return fail(ec);
    if (got == size)
      if (std::error_code ec = readFull(fd, &probe, 1, more))
        return fail(ec);
    if (got == size && more == 0) {
      ::close(fd);
      r.size = size;
      r.buffer = std::move(whole);
      return r;
    }
    data.assign(whole->getBufferStart(), got);
    data.append(&probe, more);
  }
  // Read to the end, never past maxSize + 1 bytes (a FIFO or a device has
  // no size to check first; a regular file may grow while it is read).
  char chunk[65536];
  for (;;) {
    size_t want = sizeof chunk;
    if (data.size() + want > maxSize + 1)
      want = size_t(maxSize + 1 - data.size());
    if (want == 0)
      break;
    size_t n = 0;
    if (std::error_code ec = readFull(fd, chunk, want, n))
      return fail(ec);
    if (n == 0)
      break;
    data.append(chunk, n);
  }
  ::close(fd);
  if (data.size() > maxSize) {
    r.tooLarge = true;
    r.size = data.size();
    return r;
  }
  r.size = data.size();
  r.buffer = llvm::MemoryBuffer::getMemBufferCopy(data, p);
  return r;
}

bool sameFile(llvm::StringRef a, llvm::StringRef b) {
  fs::UniqueID ia, ib;
  if (fs::getUniqueID(a, ia) || fs::getUniqueID(b, ib))
    return false;
  return ia == ib;
}

std::string findSameFile(llvm::StringRef output, const std::vector<std::string> &inputs) {
  fs::UniqueID out;
  if (fs::getUniqueID(output, out))
    return ""; // no such file yet: it is none of the inputs
  for (const std::string &in : inputs) {
    fs::UniqueID id;
    if (!fs::getUniqueID(in, id) && id == out)
      return in;
  }
  return "";
}

std::string writeOutputFile(llvm::StringRef p, llvm::StringRef data,
                            const std::vector<std::string> &inputs,
                            const std::function<std::string()> &beforeCommit) {
  std::string same = findSameFile(p, inputs);
  if (!same.empty())
    return "refusing to write '" + p.str() + "': it is the input '" + same +
           "' (the same file); choose another output";

  const std::string given = p.str();
  struct stat st;
  const bool exists = ::stat(given.c_str(), &st) == 0; // through symlinks
  if (!exists && errno != ENOENT)
    return cannotWrite(p, lastError().message());

  if (exists && S_ISDIR(st.st_mode))
    return cannotWrite(p, std::make_error_code(std::errc::is_a_directory).message());

  // The file to replace: the end of the symlink chain (real_path for an
  // existing file; by hand for a dangling link, whose target is created).
  std::string target;
  if (exists && S_ISREG(st.st_mode)) {
    llvm::SmallString<256> real;
    if (std::error_code ec = fs::real_path(given, real))
      return cannotWrite(p, ec.message());
    target = std::string(real);
  } else if (!exists) {
    if (std::error_code ec = resolveLinks(given, target))
      return cannotWrite(p, ec.message());
  }

  if (exists && !S_ISREG(st.st_mode)) {
    // A device, FIFO or socket: written in place, never replaced. Opened
    // by the name given, so /dev/stdout and /proc/self/fd/N work. Nothing
    // can be taken back once written: beforeCommit runs first.
    if (beforeCommit)
      if (std::string refused = beforeCommit(); !refused.empty())
        return refused;
    int fd = ::open(given.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
      return cannotWrite(p, lastError().message());
    std::error_code ec = writeAll(fd, data);
    if (::close(fd) != 0 && !ec && errno != EINTR)
      ec = lastError();
    return ec ? cannotWrite(p, ec.message()) : "";
  }

  if (exists) {
    if ((st.st_mode & 0222) == 0) {
      std::string mode;
      llvm::raw_string_ostream os(mode);
      os << llvm::format("%04o", unsigned(st.st_mode & 07777));
      os.flush();
      return cannotWrite(p, "the file is read-only (mode " + mode +
                                "); make it writable to replace it");
    }
    if (::access(target.c_str(), W_OK) != 0)
      return cannotWrite(p, lastError().message());
  }

  // A regular file, or a new one: a temporary file beside the target,
  // renamed over it once complete. TempFile removes it if the process is
  // killed by a signal before then.
  const unsigned mode = exists ? unsigned(st.st_mode & 07777) : unsigned(fs::all_read | fs::all_write);
  llvm::Expected<fs::TempFile> tmp = fs::TempFile::create(target + ".tmp-%%%%%%", mode);
  if (!tmp) {
    std::string why = llvm::toString(tmp.takeError());
    return cannotWrite(p, why);
  }
  auto fail = [&](std::error_code ec) {
    llvm::consumeError(tmp->discard());
    return cannotWrite(p, ec.message());
  };
  if (exists) {
    // The umask applied at creation: the replacement gets the old mode
    // exactly, and its owner when we may give it (root).
    if (::fchmod(tmp->FD, mode_t(mode)) != 0)
      return fail(lastError());
    if (st.st_uid != ::geteuid() || st.st_gid != ::getegid())
      (void)!::fchown(tmp->FD, st.st_uid, st.st_gid);
  }
  if (std::error_code ec = writeAll(tmp->FD, data))
    return fail(ec);
  if (beforeCommit)
    if (std::string refused = beforeCommit(); !refused.empty()) {
      llvm::consumeError(tmp->discard());
      return refused;
    }
  if (llvm::Error e = tmp->keep(target)) {
    std::string why = llvm::toString(std::move(e));
    llvm::consumeError(tmp->discard());
    return cannotWrite(p, why);
  }
  return "";
}

std::string checkStandardOutput() {
  llvm::raw_fd_ostream &out = llvm::outs();
  out.flush();
  if (!out.has_error())
    return "";
  std::string why = out.error().message();
  out.clear_error();
  return "cannot write standard output: " + why;
}

void forgetStandardErrorFailure() {
  llvm::raw_fd_ostream &err = llvm::errs();
  err.flush();
  if (err.has_error())
    err.clear_error();
}

} // namespace callflow::driver
