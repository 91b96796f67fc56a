// Reading and writing the files the tools take and produce, in one place
// (docs/cli.md "Files, special files and write errors"):
//
// - readFileBounded: a file read whole, never more than a limit (a FIFO or
//   a symlink to /dev/zero cannot grow memory without bound).
// - writeOutputFile: every output a command writes (-o, `fmt` rewriting a
//   flow). A regular file (or a new one) is replaced atomically: written to
//   a temporary file beside it and renamed over it, keeping its mode and,
//   where allowed, its owner. A symlink is written through, to its target
//   (the link stays). A device, FIFO or socket is written in place (`-o
//   /dev/null` as root never replaces /dev/null). A read-only file (no
//   write bit) is refused, as is an output that is one of the inputs.
//   Write errors (a full disk, a file size limit) are reported and leave
//   no temporary file behind.
// - sameFile / findSameFile: whether two paths name one file (device and
//   inode, so symlinks and hard links are seen through).
// - checkStandardOutput: flushes standard output and says why it failed
//   (`> /dev/full`), so the tools exit 2 instead of LLVM aborting on an
//   unchecked stream error.
//
// Nothing here prints: errors are returned as text ("cannot write 'x': ...")
// for the tool to show.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

namespace callflow::driver {

struct ReadResult {
  std::unique_ptr<llvm::MemoryBuffer> buffer; // null on failure
  std::error_code error;                      // set when the file could not be read
  bool isDirectory = false;
  bool tooLarge = false; // more than maxSize bytes (size: what was seen, at least maxSize + 1)
  uint64_t size = 0;
  explicit operator bool() const { return buffer != nullptr; }
};

/// Reads `path` whole, with a null terminator after the data. A regular
/// file larger than `maxSize` is refused before it is read; anything else
/// (a FIFO, a character device) is read up to `maxSize` bytes and refused
/// when there is more. With `threads` of 2 or more a large regular file is
/// read in two halves at once (its fresh memory faulted in by two threads).
ReadResult readFileBounded(llvm::StringRef path, uint64_t maxSize, unsigned threads = 1);

/// True when `a` and `b` exist and are the same file (device and inode,
/// after following symlinks).
bool sameFile(llvm::StringRef a, llvm::StringRef b);

/// The first of `inputs` that is the same file as `output`, or "".
std::string findSameFile(llvm::StringRef output, const std::vector<std::string> &inputs);

/// Writes `data` to `path` as the header describes; `inputs` are the files
/// the command read (an output naming one of them is refused before
/// anything is written). Returns "" on success, else the message
/// ("cannot write 'PATH': why" or "refusing to write 'PATH': ...").
/// `beforeCommit`, when given, runs once the data is in the temporary file
/// and before it replaces PATH (before anything is written, for a device
/// or FIFO written in place); a non-empty result discards the temporary
/// file, leaves PATH as it was and is returned. `flowc build` verifies
/// the bytecode while it is written and joins the verifier there.
std::string writeOutputFile(llvm::StringRef path, llvm::StringRef data,
                            const std::vector<std::string> &inputs = {},
                            const std::function<std::string()> &beforeCommit = {});

/// Flushes llvm::outs(). On a write error returns the message ("cannot
/// write standard output: why") and clears the stream's error, so that
/// LLVM does not abort at exit; "" when all went out.
std::string checkStandardOutput();

/// Clears an error on llvm::errs() (a full or closed standard error): the
/// messages are lost, but the process does not abort at exit.
void forgetStandardErrorFailure();

} // namespace callflow::driver
