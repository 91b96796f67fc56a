// Running the external programs the printers hand off to: headless
// Chromium (HTML -> PDF), poppler's `pdfinfo` (the pages of a PDF) and
// Graphviz `dot` (DOT -> SVG). Each returns false with a message in
// `error` when the program is missing or fails. This is the only place in
// the libraries that starts processes.
#pragma once

#include <string>
#include <sys/types.h>

#include "check/sema.h"
#include "print/pages.h"
#include "print/print.h"
#include "llvm/ADT/StringRef.h"

namespace callflow::print {

/// The Chromium binary (`chromium`, `chromium-browser`, `google-chrome` on
/// PATH, or /usr/bin/chromium), or "" when none is installed.
std::string findChromium();

/// Prints the HTML file `htmlPath` to `pdfPath` with headless Chromium, in
/// a fresh throw-away profile, with no network and no browser-added header
/// or footer (the script's own @page boxes print instead).
bool printHtmlToPdf(llvm::StringRef htmlPath, llvm::StringRef pdfPath, std::string &error);

/// `pdfinfo` (poppler-utils) on PATH, or "" when it is not installed.
std::string findPdfinfo();

/// The page count and the named destinations of the PDF `pdfPath`
/// (`pdfinfo` and `pdfinfo -dests`).
bool readPdfLayout(llvm::StringRef pdfPath, PdfLayout &layout, std::string &error);

struct PagedScript {
  std::string html;     // the script whose page numbers are those of the PDF
  int passes = 0;       // PDFs printed
  bool settled = false; // false: the numbers still moved at the last pass
};

/// Lays the call script out with page numbers: renders it with `opts`,
/// prints it with Chromium, reads each step's and section's page and the
/// steps that did not fit where they start from the PDF (applyLayout), and
/// renders again, until the PDF's numbers are its pages (usually 2 or 3
/// passes, at most `maxPasses`). The last PDF is written to `pdfPath`
/// unless it is empty. With Paper::Auto the pages are counted on Letter
/// (Chromium's default) and the script asks for Letter, so that it prints
/// on the pages the numbers are for.
bool printPagedScript(const sema::Program &p, const ScriptOptions &opts, llvm::StringRef pdfPath,
                      PagedScript &out, std::string &error, int maxPasses = 5);

/// Runs `dot -T<format>` on `dotText`, writing `outPath`; a `dot` still
/// running after `timeoutSeconds` is killed and reported.
bool runGraphviz(llvm::StringRef dotText, llvm::StringRef format, llvm::StringRef outPath,
                 std::string &error, unsigned timeoutSeconds = 120);

/// A Graphviz `dot -Tsvg` kept running between drawings, for a caller that
/// draws again and again (the workbench redraws the flowchart on every edit
/// that changes it). dot's start-up (its plugins, fontconfig and Pango) is
/// most of a small drawing: ~40 ms of ~50 ms for the seed-000 flow, which a
/// running dot lays out and draws in ~5 ms. Graphs go to its standard input
/// one after another; a drawing ends at its `</svg>`. A dot that writes an
/// error, exits, or has not finished after the timeout is killed, and the
/// next drawing starts a new one. Not thread-safe: one drawing at a time.
class GraphvizWorker {
public:
  GraphvizWorker() = default;
  ~GraphvizWorker();
  GraphvizWorker(const GraphvizWorker &) = delete;
  GraphvizWorker &operator=(const GraphvizWorker &) = delete;

  /// The SVG of `dotText` (one graph) in `svg`, or false with `error`.
  bool drawSvg(llvm::StringRef dotText, std::string &svg, std::string &error, unsigned timeoutSeconds = 10);
  /// How many dot processes this worker has started (tests, the benchmark).
  unsigned started() const { return started_; }

private:
  bool start(std::string &error);
  void stop();
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1; // our ends of dot's stdin, stdout, stderr
  unsigned started_ = 0;
};

} // namespace callflow::print
