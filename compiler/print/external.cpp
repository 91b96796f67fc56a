// Headless Chromium (PDF), pdfinfo (page layout) and Graphviz (SVG)
// invocations. See external.h.
#include "print/external.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::print {

std::string findChromium() {
  for (const char *name : {"chromium", "chromium-browser", "google-chrome"})
    if (auto p = llvm::sys::findProgramByName(name))
      return *p;
  if (llvm::sys::fs::can_execute("/usr/bin/chromium"))
    return "/usr/bin/chromium";
  return "";
}

namespace {
/// Removes a directory tree made for one run (the Chromium profile).
void removeTree(llvm::StringRef dir) {
  if (!dir.empty())
    llvm::sys::fs::remove_directories(dir);
}
} // namespace

bool printHtmlToPdf(llvm::StringRef htmlPath, llvm::StringRef pdfPath, std::string &error) {
  std::string chromium = findChromium();
  if (chromium.empty()) {
    error = "Chromium is not installed (needed for --format=pdf; install the 'chromium' package)";
    return false;
  }
  llvm::SmallString<256> profile, absHtml(htmlPath), absPdf(pdfPath);
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("callflow-chromium", profile)) {
    error = "cannot create a temporary profile directory: " + ec.message();
    return false;
  }
  llvm::sys::fs::make_absolute(absHtml);
  llvm::sys::fs::make_absolute(absPdf);
  std::string url = "file://" + std::string(absHtml);
  std::vector<std::string> args = {chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-extensions",
                                   "--user-data-dir=" + std::string(profile),
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + std::string(absPdf),
                                   url};
  std::vector<llvm::StringRef> argv(args.begin(), args.end());
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(""),
                                                 llvm::StringRef("")};
  std::string msg;
  llvm::sys::fs::remove(absPdf);
  int rc = llvm::sys::ExecuteAndWait(chromium, argv, llvm::None, redirects,
                                     /*SecondsToWait=*/120, 0, &msg);
  removeTree(profile);
  if (rc != 0 || !llvm::sys::fs::exists(absPdf)) {
    error = "Chromium failed to print the PDF" + (msg.empty() ? "" : ": " + msg) +
            " (exit " + std::to_string(rc) + ")";
    return false;
  }
  return true;
}

std::string findPdfinfo() {
  if (auto p = llvm::sys::findProgramByName("pdfinfo"))
    return *p;
  return "";
}

namespace {
/// Runs `args` (args[0] is the program) and returns its standard output.
bool runCapture(llvm::ArrayRef<std::string> args, std::string &out, std::string &error) {
  llvm::SmallString<256> outFile;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("callflow-out", "txt", outFile)) {
    error = "cannot create a temporary file: " + ec.message();
    return false;
  }
  std::vector<llvm::StringRef> argv(args.begin(), args.end());
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(outFile),
                                                 llvm::StringRef("")};
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(args[0], argv, llvm::None, redirects,
                                     /*SecondsToWait=*/60, 0, &msg);
  auto buf = llvm::MemoryBuffer::getFile(outFile);
  llvm::sys::fs::remove(outFile);
  if (rc != 0 || !buf) {
    error = llvm::sys::path::filename(args[0]).str() + " failed" + (msg.empty() ? "" : ": " + msg) +
            " (exit " + std::to_string(rc) + ")";
    return false;
  }
  out = (*buf)->getBuffer().str();
  return true;
}

bool writeFile(llvm::StringRef path, llvm::StringRef text, std::string &error) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (!ec) {
    os << text;
    os.close();
    ec = os.error();
  }
  if (ec)
    error = "cannot write " + path.str() + ": " + ec.message();
  return !ec;
}

/// Moves `from` to `to`, copying when they are on different file systems.
bool moveFile(llvm::StringRef from, llvm::StringRef to, std::string &error) {
  if (!llvm::sys::fs::rename(from, to))
    return true;
  if (std::error_code ec = llvm::sys::fs::copy_file(from, to)) {
    error = "cannot write " + to.str() + ": " + ec.message();
    return false;
  }
  llvm::sys::fs::remove(from);
  return true;
}
} // namespace

bool readPdfLayout(llvm::StringRef pdfPath, PdfLayout &layout, std::string &error) {
  std::string pdfinfo = findPdfinfo();
  if (pdfinfo.empty()) {
    error = "pdfinfo is not installed (needed for page numbers; install the 'poppler-utils' "
            "package)";
    return false;
  }
  std::string info, dests;
  if (!runCapture({pdfinfo, pdfPath.str()}, info, error) ||
      !runCapture({pdfinfo, "-dests", pdfPath.str()}, dests, error))
    return false;
  layout = PdfLayout();
  layout.pages = parsePdfPageCount(info);
  parsePdfDests(dests, layout.dests);
  if (layout.pages <= 0) {
    error = "pdfinfo found no pages in " + pdfPath.str();
    return false;
  }
  return true;
}

bool printPagedScript(const sema::Program &p, const ScriptOptions &opts, llvm::StringRef pdfPath,
                      PagedScript &out, std::string &error, int maxPasses) {
  ScriptOptions cur = opts;
  if (cur.paper == Paper::Auto)
    cur.paper = Paper::Letter;
  reservePageNumbers(p, cur);
  llvm::SmallString<256> html, pdf;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("callflow-script", "html", html)) {
    error = "cannot create a temporary file: " + ec.message();
    return false;
  }
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("callflow-script", "pdf", pdf)) {
    llvm::sys::fs::remove(html);
    error = "cannot create a temporary file: " + ec.message();
    return false;
  }
  out = PagedScript();
  bool ok = true;
  while (out.passes < maxPasses) {
    std::string text;
    llvm::raw_string_ostream os(text);
    printScriptHtml(p, os, cur);
    os.flush();
    PdfLayout layout;
    ok = writeFile(html, text, error) && printHtmlToPdf(html, pdf, error) &&
         readPdfLayout(pdf, layout, error);
    if (!ok)
      break;
    ++out.passes;
    out.html = std::move(text);
    if (!applyLayout(p, layout, cur)) {
      out.settled = true;
      break;
    }
  }
  llvm::sys::fs::remove(html);
  if (ok && !pdfPath.empty())
    ok = moveFile(pdf, pdfPath, error);
  llvm::sys::fs::remove(pdf);
  return ok;
}

bool runGraphviz(llvm::StringRef dotText, llvm::StringRef format, llvm::StringRef outPath,
                 std::string &error, unsigned timeoutSeconds) {
  auto dot = llvm::sys::findProgramByName("dot");
  if (!dot) {
    error = "Graphviz 'dot' is not installed (needed for --format=" + format.str() +
            "; install the 'graphviz' package)";
    return false;
  }
  llvm::SmallString<256> in;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("callflow-graph", "dot", in)) {
    error = "cannot create a temporary file: " + ec.message();
    return false;
  }
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(in, ec);
    if (ec) {
      error = "cannot write " + std::string(in) + ": " + ec.message();
      return false;
    }
    os << dotText;
  }
  std::string fmt = "-T" + format.str(), out = "-o" + outPath.str();
  llvm::StringRef argv[] = {*dot, fmt, out, in};
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(*dot, argv, llvm::None, {}, timeoutSeconds, 0, &msg);
  llvm::sys::fs::remove(in);
  if (rc != 0) {
    error = "dot failed" + (msg.empty() ? "" : ": " + msg) + " (exit " + std::to_string(rc) + ")";
    return false;
  }
  return true;
}

// ---- a dot kept running ---------------------------------------------------------

extern "C" char **environ;

GraphvizWorker::~GraphvizWorker() { stop(); }

void GraphvizWorker::stop() {
  for (int *fd : {&in_, &out_, &err_})
    if (*fd >= 0) {
      close(*fd);
      *fd = -1;
    }
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
}

bool GraphvizWorker::start(std::string &error) {
  auto dot = llvm::sys::findProgramByName("dot");
  if (!dot) {
    error = "Graphviz 'dot' is not installed (install the 'graphviz' package)";
    return false;
  }
  // Socket pairs, not pipes: a write to a dot that died is EPIPE with
  // MSG_NOSIGNAL instead of a SIGPIPE for the whole process. Our ends are
  // close-on-exec; dup2 in the child clears it on dot's 0, 1 and 2.
  int fds[3][2];
  int made = 0;
  for (; made < 3; ++made)
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds[made]) != 0) break;
  auto closeAll = [&] {
    for (int i = 0; i < made; ++i) close(fds[i][0]), close(fds[i][1]);
  };
  if (made < 3) {
    error = std::string("cannot start dot: ") + strerror(errno);
    closeAll();
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int i = 0; i < 3; ++i) posix_spawn_file_actions_adddup2(&actions, fds[i][1], i);
  // Nothing else of ours goes with it: this dot lives as long as the
  // workbench, and a client's socket it held (cpp-httplib's accepted
  // sockets are not close-on-exec) would never be seen to close.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  std::string path = *dot;
  char arg0[] = "dot", arg1[] = "-Tsvg";
  char *argv[] = {arg0, arg1, nullptr};
  pid_t pid = -1;
  int rc = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    error = "cannot start dot: " + std::string(strerror(rc));
    closeAll();
    return false;
  }
  for (int i = 0; i < 3; ++i) {
    close(fds[i][1]);
    fcntl(fds[i][0], F_SETFL, fcntl(fds[i][0], F_GETFL) | O_NONBLOCK);
  }
  pid_ = pid;
  in_ = fds[0][0];
  out_ = fds[1][0];
  err_ = fds[2][0];
  ++started_;
  return true;
}

bool GraphvizWorker::drawSvg(llvm::StringRef dotText, std::string &svg, std::string &error, unsigned timeoutSeconds) {
  svg.clear();
  if (pid_ < 0 && !start(error)) return false;
  const std::string input = dotText.str() + "\n";
  size_t sent = 0;
  std::string out, err;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  auto fail = [&](std::string why) {
    stop();
    error = std::move(why);
    return false;
  };
  for (;;) {
    // Done: the drawing is complete (an SVG ends with its closing tag and a
    // newline; text in labels is escaped, so "</svg>" is nowhere else).
    size_t end = out.find("</svg>");
    if (end != std::string::npos && out.find('\n', end) != std::string::npos) {
      svg = out.substr(0, out.find('\n', end) + 1);
      if (svg.size() != out.size()) return fail("dot wrote more than one drawing");
      return true;
    }
    // dot reports a bad graph on stderr and goes on to the next: it will
    // never draw this one (warnings, which it draws after, are no failure).
    // (The whole line of it: it may come in pieces.)
    if (size_t at = err.find("Error"); at != std::string::npos && err.find('\n', at) != std::string::npos) {
      std::string msg = llvm::StringRef(err).trim().str();
      return fail("dot failed: " + msg.substr(0, 2000));
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return fail("dot did not finish in " + std::to_string(timeoutSeconds) + " s (killed)");
    pollfd p[3] = {{sent < input.size() ? in_ : -1, POLLOUT, 0}, {out_, POLLIN, 0}, {err_, POLLIN, 0}};
    const int ms = int(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1;
    int n = poll(p, 3, ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(std::string("poll: ") + strerror(errno));
    if (p[0].revents & (POLLOUT | POLLERR | POLLHUP)) {
      ssize_t w = send(in_, input.data() + sent, input.size() - sent, MSG_NOSIGNAL);
      if (w < 0 && errno != EAGAIN && errno != EINTR) return fail("dot stopped reading: " + std::string(strerror(errno)));
      if (w > 0) sent += size_t(w);
    }
    for (int i : {2, 1}) { // stderr first: what dot said before it exited
      if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      ssize_t r = read(p[i].fd, buf, sizeof buf);
      if (r > 0) {
        (i == 1 ? out : err).append(buf, size_t(r));
        continue;
      }
      if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      // dot has gone: take the rest of what it wrote on stderr (its
      // error may still be on the way when its stdout closes) and say it.
      for (pollfd e{err_, POLLIN, 0}; poll(&e, 1, 200) > 0;) {
        ssize_t m = read(err_, buf, sizeof buf);
        if (m <= 0) break;
        err.append(buf, size_t(m));
      }
      const std::string said = llvm::StringRef(err).trim().str().substr(0, 2000);
      return fail(err.find("Error") != std::string::npos ? "dot failed: " + said
                                                         : "dot exited" + (said.empty() ? std::string() : ": " + said));
    }
    if (out.size() > (size_t(256) << 20)) return fail("dot's drawing is larger than 256 MiB");
  }
}

} // namespace callflow::print
