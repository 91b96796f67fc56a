// The process becomes another executable of the same installation: `flowc
// serve` runs flowc-serve, `flowrun serve` runs flowrun-serve, found in the
// directory of the executable that runs (tools/flowc/cmd_serve.cpp,
// tools/flowrun/serve.cpp), so that the tool itself never links the
// server's libraries.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace callflow {

/// Replaces this process (execv: the same pid and descriptors) with
/// `sibling` in the directory of the running executable `tool`, its
/// arguments `args` (its argv[0] is the sibling's path). `addressInTool` is
/// any function of the tool (llvm::sys::fs::getMainExecutable's fallback).
/// Returns only when that failed: what to report. The caller flushes its
/// streams first.
inline std::string execBeside(const char *tool, void *addressInTool, llvm::StringRef sibling,
                              llvm::ArrayRef<std::string> args) {
  const std::string self = llvm::sys::fs::getMainExecutable(tool, addressInTool);
  if (self.empty())
    return "cannot find the " + std::string(tool) + " executable's directory to run " +
           sibling.str() + " from";
  llvm::SmallString<256> path(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(path, sibling);
  std::string target(path);
  // execv takes `char *const[]` and changes none of the strings (POSIX).
  std::vector<char *> argv{target.data()};
  for (const std::string &a : args)
    argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  return "cannot run " + target + ": " + std::strerror(errno) + " (it is built and installed with " +
         tool + ")";
}

} // namespace callflow
