// Headless Chromium (PDF) and Graphviz (SVG) invocations. See external.h.
#include "print/external.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
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

bool runGraphviz(llvm::StringRef dotText, llvm::StringRef format, llvm::StringRef outPath,
                 std::string &error) {
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
  int rc = llvm::sys::ExecuteAndWait(*dot, argv, llvm::None, {}, 120, 0, &msg);
  llvm::sys::fs::remove(in);
  if (rc != 0) {
    error = "dot failed" + (msg.empty() ? "" : ": " + msg) + " (exit " + std::to_string(rc) + ")";
    return false;
  }
  return true;
}

} // namespace callflow::print
