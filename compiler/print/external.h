// Running the external programs the printers hand off to: headless
// Chromium (HTML -> PDF) and Graphviz `dot` (DOT -> SVG). Each returns
// false with a message in `error` when the program is missing or fails.
#pragma once

#include <string>

#include "llvm/ADT/StringRef.h"

namespace callflow::print {

/// The Chromium binary (`chromium`, `chromium-browser`, `google-chrome` on
/// PATH, or /usr/bin/chromium), or "" when none is installed.
std::string findChromium();

/// Prints the HTML file `htmlPath` to `pdfPath` with headless Chromium, in
/// a fresh throw-away profile, with no network and no browser-added header
/// or footer (the script's own @page boxes print instead).
bool printHtmlToPdf(llvm::StringRef htmlPath, llvm::StringRef pdfPath, std::string &error);

/// Runs `dot -T<format>` on `dotText`, writing `outPath`.
bool runGraphviz(llvm::StringRef dotText, llvm::StringRef format, llvm::StringRef outPath,
                 std::string &error);

} // namespace callflow::print
