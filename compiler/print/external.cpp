// Headless Chromium (PDF), pdfinfo (page layout) and Graphviz (SVG)
// invocations. See external.h.
#include "print/external.h"

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

} // namespace callflow::print
