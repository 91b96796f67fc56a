// Running the external programs the printers hand off to: headless
// Chromium (HTML -> PDF), poppler's `pdfinfo` (the pages of a PDF) and
// Graphviz `dot` (DOT -> SVG). Each returns false with a message in
// `error` when the program is missing or fails. This is the only place in
// the libraries that starts processes.
#pragma once

#include <string>

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

} // namespace callflow::print
