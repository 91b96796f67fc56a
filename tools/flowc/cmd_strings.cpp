// `flowc strings FILE...`: export every text an agent says or reads (step
// lines, titles, form and field labels, enum labels, catalog names), with
// stable IDs and placeholders, as CSV (default) or JSON, for translation
// and voice recording (compiler/print/strings.h). Imported files are
// included, each once, under the flow of the file that imports it.
// Exit 0, 1 when a flow does not parse, 2 usage or I/O error.
#include "commands.h"
#include "common.h"

#include <set>

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "print/strings.h"

namespace cl = llvm::cl;
using namespace callflow;

namespace flowc {
namespace {
enum class StringsFormat { Csv, Json };

cl::SubCommand Cmd("strings", "Export the lines agents say or read, with stable IDs, as CSV or "
                              "JSON");
cl::list<std::string> Inputs(cl::Positional, cl::sub(Cmd), cl::desc("<file.flow>..."),
                             cl::OneOrMore);
cl::opt<StringsFormat> Format("format", cl::sub(Cmd), cl::desc("Output format"),
                              cl::init(StringsFormat::Csv),
                              cl::values(clEnumValN(StringsFormat::Csv, "csv", "RFC 4180 CSV"),
                                         clEnumValN(StringsFormat::Json, "json", "JSON")));
cl::opt<std::string> Output("o", cl::sub(Cmd), cl::value_desc("file"),
                            cl::desc("Write to a file instead of standard output"));
} // namespace

cl::SubCommand &stringsCommand() { return Cmd; }

int runStrings() {
  bool ok = true;
  driver::CompileOptions opts = compileOptions(ok);
  if (!ok)
    return kExitUsage;
  std::vector<print::StringEntry> entries;
  print::StringIds ids;
  std::set<std::string> done; // real paths already exported
  bool ioFailed = false, invalid = false;
  for (const std::string &in : Inputs) {
    driver::Compilation c(opts);
    c.load(in);
    ioFailed |= c.ioFailed();
    if (c.diags().hasErrors()) {
      printDiagnostics(c);
      invalid = true;
      continue;
    }
    std::string flow = c.root() ? print::flowNameOf(*c.root()) : std::string();
    if (flow.empty())
      flow = llvm::sys::path::stem(in).str();
    for (const ast::File *f : c.files()) {
      llvm::SmallString<256> real;
      std::string key = llvm::sys::fs::real_path(f->path, real) ? f->path : std::string(real);
      if (!done.insert(key).second)
        continue;
      std::vector<print::StringEntry> es = print::extractStrings(*f, flow, c.sourceMgr(), ids);
      entries.insert(entries.end(), es.begin(), es.end());
    }
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  if (Format == StringsFormat::Json)
    print::writeStringsJson(entries, os);
  else
    print::writeStringsCsv(entries, os);
  os.flush();
  std::vector<std::string> read(Inputs.begin(), Inputs.end());
  read.insert(read.end(), done.begin(), done.end());
  if (!writeOutput(Output, text, read))
    return kExitUsage;
  if (ioFailed)
    return kExitUsage;
  return invalid ? kExitFindings : kExitClean;
}

} // namespace flowc
