// driver::writeOutputFile's beforeCommit: `flowc build` verifies the
// bytecode while it is written, and a refusal must leave the output as it
// was and no temporary file behind.
#include "driver/files.h"

#include <fstream>
#include <thread>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sstream>

#include "gtest/gtest.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace {
namespace fs = llvm::sys::fs;

std::string slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct TempDir {
  llvm::SmallString<128> path;
  TempDir() { EXPECT_FALSE(fs::createUniqueDirectory("callflow-files-test", path)); }
  ~TempDir() { fs::remove_directories(path); }
  std::string file(llvm::StringRef name) const {
    llvm::SmallString<128> p(path);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
  unsigned entries() const {
    std::error_code ec;
    unsigned n = 0;
    for (fs::directory_iterator it(path, ec), end; it != end && !ec; it.increment(ec))
      ++n;
    return n;
  }
};

TEST(WriteOutputFile, ARefusalBeforeCommitKeepsTheOldFileAndLeavesNoTemporary) {
  TempDir dir;
  const std::string out = dir.file("a.flowc");
  ASSERT_EQ(callflow::driver::writeOutputFile(out, "old"), "");
  bool ran = false;
  std::string error = callflow::driver::writeOutputFile(out, "new bytes", {}, [&] {
    ran = true;
    // The data is in the temporary file by now, the output untouched.
    EXPECT_EQ(slurp(out), "old");
    EXPECT_EQ(dir.entries(), 2u);
    return std::string("internal: the bytecode does not verify");
  });
  EXPECT_TRUE(ran);
  EXPECT_EQ(error, "internal: the bytecode does not verify");
  EXPECT_EQ(slurp(out), "old");
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(WriteOutputFile, AnAcceptedCommitReplacesTheFile) {
  TempDir dir;
  const std::string out = dir.file("b.flowc");
  unsigned calls = 0;
  EXPECT_EQ(callflow::driver::writeOutputFile(out, "bytes", {}, [&] {
              ++calls;
              return std::string();
            }),
            "");
  EXPECT_EQ(calls, 1u);
  EXPECT_EQ(slurp(out), "bytes");
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(WriteOutputFile, AnOutputThatIsTheInputIsRefusedBeforeTheHookRuns) {
  TempDir dir;
  const std::string in = dir.file("c.flow");
  ASSERT_EQ(callflow::driver::writeOutputFile(in, "flow text"), "");
  bool ran = false;
  std::string error = callflow::driver::writeOutputFile(in, "bytes", {in}, [&] {
    ran = true;
    return std::string();
  });
  EXPECT_FALSE(ran);
  EXPECT_NE(error.find("refusing to write"), std::string::npos) << error;
  EXPECT_EQ(slurp(in), "flow text");
}

} // namespace

namespace {
void spit(const std::string &path, const std::string &data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}
} // namespace

// A regular file is read straight into the buffer the compiler keeps: the
// bytes whole, a null after them, the path as the buffer's name.
TEST(ReadFileBounded, ARegularFileComesWholeAndNullTerminated) {
  TempDir dir;
  std::string data(200000, 'x');
  for (size_t i = 0; i < data.size(); i += 7)
    data[i] = char('a' + i % 26);
  const std::string p = dir.file("big.flow");
  spit(p, data);
  callflow::driver::ReadResult r = callflow::driver::readFileBounded(p, 1 << 20);
  ASSERT_TRUE(r) << r.error.message();
  EXPECT_EQ(r.size, data.size());
  EXPECT_EQ(r.buffer->getBuffer(), data);
  EXPECT_EQ(r.buffer->getBufferEnd()[0], '\0');
  EXPECT_EQ(r.buffer->getBufferIdentifier(), p);

  const std::string empty = dir.file("empty.flow");
  spit(empty, "");
  r = callflow::driver::readFileBounded(empty, 10);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.buffer->getBufferSize(), 0u);
  EXPECT_EQ(r.buffer->getBufferStart()[0], '\0');
}

// From 4 MiB on, with two threads allowed, a regular file is read in two
// halves at once: the same bytes, in the same places, as one read gives
// (every 4 KiB block of the file is numbered, so a half read into the
// wrong place or short shows), and an odd size splits unevenly.
TEST(ReadFileBounded, ALargeFileReadInTwoHalvesIsTheFileAsOneReadGivesIt) {
  TempDir dir;
  std::string data((size_t(9) << 20) + 4093, ' ');
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = char('a' + (i / 4096 + i) % 26);
  const std::string p = dir.file("large.flow");
  spit(p, data);
  for (unsigned threads : {1u, 2u, 8u}) {
    callflow::driver::ReadResult r = callflow::driver::readFileBounded(p, 64 << 20, threads);
    ASSERT_TRUE(r) << threads << ": " << r.error.message();
    EXPECT_EQ(r.size, data.size()) << threads;
    EXPECT_TRUE(r.buffer->getBuffer() == data) << threads;
    EXPECT_EQ(r.buffer->getBufferEnd()[0], '\0') << threads;
  }
  // Still refused before it is read when larger than the limit.
  callflow::driver::ReadResult r = callflow::driver::readFileBounded(p, 8 << 20, 2);
  EXPECT_FALSE(r);
  EXPECT_TRUE(r.tooLarge);
}

TEST(ReadFileBounded, ALargerFileIsRefusedAndAFifoIsReadAsAStream) {
  TempDir dir;
  const std::string p = dir.file("eleven.flow");
  spit(p, "01234567890");
  callflow::driver::ReadResult r = callflow::driver::readFileBounded(p, 10);
  EXPECT_FALSE(r);
  EXPECT_TRUE(r.tooLarge);
  EXPECT_EQ(r.size, 11u);

  const std::string fifo = dir.file("pipe.flow");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { spit(fifo, "flow f \"F\"\n"); });
  r = callflow::driver::readFileBounded(fifo, 100);
  writer.join();
  ASSERT_TRUE(r) << r.error.message();
  EXPECT_EQ(r.buffer->getBuffer(), "flow f \"F\"\n");
  EXPECT_EQ(r.buffer->getBufferEnd()[0], '\0');
}

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
// A file the process has no room for is an error to report, not a crash:
// in a child limited to 1 GiB of address space, a sparse 2 GiB file.
[[noreturn]] void readWithoutRoom(const std::string &p) {
  struct rlimit lim;
  lim.rlim_cur = lim.rlim_max = rlim_t(1) << 30;
  if (setrlimit(RLIMIT_AS, &lim) != 0)
    std::_Exit(3);
  callflow::driver::ReadResult r = callflow::driver::readFileBounded(p, uint64_t(4) << 30);
  std::_Exit(!r && r.error == std::errc::not_enough_memory ? 0 : 1);
}

TEST(ReadFileBounded, AFileThereIsNoRoomForIsAnError) {
  TempDir dir;
  const std::string p = dir.file("huge.flow");
  spit(p, "");
  ASSERT_EQ(::truncate(p.c_str(), off_t(2) << 30), 0);
  EXPECT_EXIT(readWithoutRoom(p), ::testing::ExitedWithCode(0), "");
}
#endif
