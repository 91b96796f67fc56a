// Page numbers for the printed call script. Only a layout engine knows
// where pages break, so the script is printed to PDF (headless Chromium)
// and the PDF read back (poppler's pdfinfo), both in external.h; what is
// here parses pdfinfo's output and turns the layout into ScriptOptions for
// the next rendering. Chromium names a PDF destination after every element
// id that a link points to, so each step block (`step-…`) and section
// heading (`section-N`) can be found.
#pragma once

#include <string>

#include "check/sema.h"
#include "print/print.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

namespace callflow::print {

/// Where a named destination of a PDF points.
struct PdfDest {
  int page = 0;     // 1-based
  double top = -1;  // y of the destination's top in PDF points (0 at the
                    // bottom of the page); -1 when the destination has none
};

struct PdfLayout {
  int pages = 0; // page count
  llvm::StringMap<PdfDest> dests;
};

/// Parses the output of `pdfinfo -dests`: a header line, then one line per
/// destination with its page, its view in brackets and its quoted name,
/// e.g. `   4 [ XYZ    0  792 null      ] "step-D-2-8"`. Lines of another
/// shape are skipped; a name listed twice keeps its first entry. Returns
/// the number of destinations stored.
size_t parsePdfDests(llvm::StringRef text, llvm::StringMap<PdfDest> &out);

/// The page count in the output of plain `pdfinfo` ("Pages:  24"); 0 when
/// there is none.
int parsePdfPageCount(llvm::StringRef text);

/// Fills every page number of `opts` with a two-digit placeholder, so that
/// the first layout already leaves room for the numbers it will get.
void reservePageNumbers(const sema::Program &p, ScriptOptions &opts);

/// Takes the layout of a PDF printed from the script rendered with `opts`:
/// sets stepPages and sectionPages to the pages found, and allows to split
/// (splitSteps) each step that was not allowed to and still spanned pages
/// (it does not fit where it must start, so it was pushed to a new page
/// and broken there anyway). Returns true when `opts` changed, i.e. when
/// the PDF's own numbers or splits were not those of its layout and the
/// script must be rendered again.
bool applyLayout(const sema::Program &p, const PdfLayout &layout, ScriptOptions &opts);

} // namespace callflow::print
