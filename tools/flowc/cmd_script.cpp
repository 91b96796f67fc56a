// `flowc script FILE`: the printable call script of a flow, as one
// self-contained HTML file (default), Markdown (--format=md) or a PDF
// printed by headless Chromium (--format=pdf). A flow with errors prints no
// script (it would not match the flow); warnings are shown and allowed.
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
                          cl::desc("Language of the script's text (HTML lang), e.g. en, ru "
                                   "(default: ru when most letters are Cyrillic, else en)"));

} // namespace

cl::SubCommand &scriptCommand() { return Cmd; }

int runScript() {
  CheckedFlow in = loadAndCheck(Input);
  if (!in.program)
    return in.exitCode;
  const callflow::sema::Program *p = in.program;
  if (in.hasErrors()) {
    llvm::WithColor::error(llvm::errs(), "flowc")
        << "no call script printed: the flow has errors\n";
    return kExitFindings;
  }
  callflow::print::ScriptOptions so;
  so.paper = PaperSize;
  so.lang = Lang;
  std::string text;
  llvm::raw_string_ostream os(text);
  if (Format == ScriptFormat::Md)
    callflow::print::printScriptMarkdown(*p, os, so);
  else
    callflow::print::printScriptHtml(*p, os, so);
  os.flush();

  if (Format != ScriptFormat::Pdf) {
    return writeOutput(Output, text) ? kExitClean : kExitUsage;
  }
  std::string pdf = Output;
  if (pdf.empty() || pdf == "-") {
    llvm::SmallString<256> def(llvm::sys::path::stem(Input));
    def += ".pdf";
    pdf = std::string(def);
  }
  llvm::SmallString<256> html;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("callflow-script", "html", html)) {
    llvm::WithColor::error(llvm::errs(), "flowc") << "cannot create a temporary file: "
                                                  << ec.message() << "\n";
    return kExitUsage;
  }
  bool written = writeOutput(html, text);
  std::string error;
  bool printed = written && callflow::print::printHtmlToPdf(html, pdf, error);
  llvm::sys::fs::remove(html);
  if (!printed) {
    if (!error.empty())
      llvm::WithColor::error(llvm::errs(), "flowc") << error << "\n";
    return kExitUsage;
  }
  return kExitClean;
}

} // namespace flowc
