// `flowc script FILE`: the printable call script of a flow, as one
// self-contained HTML file (default), Markdown (--format=md) or a PDF
// printed by headless Chromium (--format=pdf). A flow with errors prints no
// script (it would not match the flow); warnings are shown and allowed.
// Page numbers (links "…, p. 4", the contents) come from laying the script
// out with Chromium and pdfinfo (print/external.h), which takes seconds: a
// PDF gets them when both are installed, HTML only when asked for
// (--page-numbers=on), so printing HTML never starts a browser by default.
#include "commands.h"
#include "common.h"

#include "print/external.h"
#include "print/print.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
enum class ScriptFormat { Html, Md, Pdf };
enum class PageNumbers { Auto, On, Off };

cl::SubCommand Cmd("script", "Print the call script of a flow (HTML, Markdown or PDF)");
cl::opt<std::string> Input(cl::Positional, cl::sub(Cmd), cl::desc("<file.flow>"), cl::Required);
cl::opt<std::string> Output("o", cl::sub(Cmd), cl::value_desc("file"),
                            cl::desc("Write the script here ('-' or none: standard output; "
                                     "PDF default: the flow's name with .pdf)"));
cl::opt<ScriptFormat> Format("format", cl::sub(Cmd), cl::desc("Output format"),
                             cl::init(ScriptFormat::Html),
                             cl::values(clEnumValN(ScriptFormat::Html, "html",
                                                   "one self-contained HTML file for print"),
                                        clEnumValN(ScriptFormat::Md, "md", "Markdown for wikis"),
                                        clEnumValN(ScriptFormat::Pdf, "pdf",
                                                   "PDF via headless Chromium")));
cl::opt<callflow::print::Paper> PaperSize(
    "paper", cl::sub(Cmd), cl::desc("Paper size of the printed pages"),
    cl::init(callflow::print::Paper::Auto),
    cl::values(clEnumValN(callflow::print::Paper::Auto, "auto", "the printer's (fits A4 and Letter)"),
               clEnumValN(callflow::print::Paper::A4, "a4", "A4"),
               clEnumValN(callflow::print::Paper::Letter, "letter", "US Letter")));
cl::opt<std::string> Lang("lang", cl::sub(Cmd), cl::value_desc("tag"),
                          cl::desc("Language of the script (HTML lang and the script's own words: "
                                   "ru is Russian, any other tag English), e.g. en, ru "
                                   "(default: ru when most letters are Cyrillic, else en)"));
cl::opt<PageNumbers> PageNums(
    "page-numbers", cl::sub(Cmd),
    cl::desc("Page numbers in the links and the contents (HTML and PDF), counted by printing "
             "the script with headless Chromium and reading the pages with pdfinfo "
             "(poppler-utils). They hold for the paper of --paper; with --paper=auto they are "
             "counted on Letter and the script asks for Letter"),
    cl::init(PageNumbers::Auto),
    cl::values(clEnumValN(PageNumbers::Auto, "auto",
                          "PDF: when Chromium and pdfinfo are installed; HTML: none (no browser "
                          "is started)"),
               clEnumValN(PageNumbers::On, "on", "always (an error when they are not)"),
               clEnumValN(PageNumbers::Off, "off", "never")));

} // namespace

cl::SubCommand &scriptCommand() { return Cmd; }

namespace {
void fail(llvm::StringRef msg) { llvm::WithColor::error(llvm::errs(), "flowc") << msg << "\n"; }

/// The PDF's path: -o, or the flow's name with .pdf.
std::string pdfPath() {
  if (!Output.empty() && Output != "-")
    return Output;
  llvm::SmallString<256> def(llvm::sys::path::stem(Input));
  def += ".pdf";
  return std::string(def);
}

/// Whether to lay the script out for page numbers; an error (false in
/// `ok`) when they are asked for and cannot be had.
bool wantPages(bool &ok) {
  ok = true;
  if (PageNums == PageNumbers::Off)
    return false;
  // HTML gets page numbers only when asked for: counting them means
  // printing the script with Chromium (seconds), which a script read on
  // screen or printed from a browser does not need.
  if (Format == ScriptFormat::Html && PageNums == PageNumbers::Auto)
    return false;
  if (Format == ScriptFormat::Md) {
    if (PageNums == PageNumbers::On) {
      fail("--page-numbers=on needs --format=html or --format=pdf (Markdown has no pages)");
      ok = false;
    }
    return false;
  }
  bool tools = !callflow::print::findPdfinfo().empty() &&
               !callflow::print::findChromium().empty();
  if (!tools && PageNums == PageNumbers::On) {
    fail("page numbers need headless Chromium and pdfinfo (install the 'chromium' and "
         "'poppler-utils' packages)");
    ok = false;
  }
  return tools;
}

/// The script with page numbers, as HTML (`html`) or printed to `pdf`.
bool pagedScript(const callflow::sema::Program &p, const callflow::print::ScriptOptions &so,
                 llvm::StringRef pdf, std::string &html, std::string &error) {
  callflow::print::PagedScript out;
  if (!callflow::print::printPagedScript(p, so, pdf, out, error))
    return false;
  if (!out.settled)
    llvm::WithColor::warning(llvm::errs(), "flowc")
        << "the page numbers still moved after " << out.passes
        << " layouts; some may be off by a page\n";
  html = std::move(out.html);
  return true;
}
} // namespace

int runScript() {
  CheckedFlow in = loadAndCheck(Input);
  if (!in.program)
    return in.exitCode;
  const callflow::sema::Program *p = in.program;
  if (in.hasErrors()) {
    fail("no call script printed: the flow has errors");
    return kExitFindings;
  }
  callflow::print::ScriptOptions so;
  so.paper = PaperSize;
  so.lang = Lang;
  bool ok = true;
  bool pages = wantPages(ok);
  if (!ok)
    return kExitUsage;

  const std::vector<std::string> inputs = inputFiles(in);
  // A PDF is printed by Chromium into a temporary file, then written to
  // its place like every output (driver/files.h).
  std::string drawn;
  if (Format == ScriptFormat::Pdf && !makeTemporaryOutput("pdf", drawn))
    return kExitUsage;
  if (pages) {
    std::string html, error;
    if (pagedScript(*p, so, drawn, html, error)) {
      if (Format == ScriptFormat::Pdf)
        return writeOutputFrom(drawn, pdfPath(), inputs) ? kExitClean : kExitUsage;
      return writeOutput(Output, html, inputs) ? kExitClean : kExitUsage;
    }
    if (PageNums == PageNumbers::On || Format == ScriptFormat::Pdf) {
      if (!drawn.empty())
        llvm::sys::fs::remove(drawn);
      fail(error);
      return kExitUsage;
    }
    // auto: the layout failed (Chromium could not run); the HTML script
    // still prints, without page numbers.
    llvm::WithColor::warning(llvm::errs(), "flowc")
        << error << "; the script is printed without page numbers\n";
  }

  std::string text;
  llvm::raw_string_ostream os(text);
  if (Format == ScriptFormat::Md)
    callflow::print::printScriptMarkdown(*p, os, so);
  else
    callflow::print::printScriptHtml(*p, os, so);
  os.flush();
  if (Format != ScriptFormat::Pdf)
    return writeOutput(Output, text, inputs) ? kExitClean : kExitUsage;

  llvm::SmallString<256> html;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("callflow-script", "html", html)) {
    llvm::sys::fs::remove(drawn);
    fail("cannot create a temporary file: " + ec.message());
    return kExitUsage;
  }
  bool written = writeOutput(html, text);
  std::string error;
  bool printed = written && callflow::print::printHtmlToPdf(html, drawn, error);
  llvm::sys::fs::remove(html);
  if (!printed) {
    llvm::sys::fs::remove(drawn);
    if (!error.empty())
      fail(error);
    return kExitUsage;
  }
  return writeOutputFrom(drawn, pdfPath(), inputs) ? kExitClean : kExitUsage;
}

} // namespace flowc
