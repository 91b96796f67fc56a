// `flowc graph FILE`: the flowchart of a flow as Graphviz DOT (default) or,
// with --format=svg / png, drawn by Graphviz's `dot`. Unlike `script`, a flow
// with errors still draws (the flowchart helps find them); unreachable steps
// and trap loops the checker found are highlighted.
#include "commands.h"
#include "common.h"

#include "print/external.h"
#include "print/print.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

namespace flowc {
namespace {
enum class GraphFormat { Dot, Svg, Png };

cl::SubCommand Cmd("graph", "Print the flowchart of a flow (Graphviz DOT, SVG or PNG)");
cl::opt<std::string> Input(cl::Positional, cl::sub(Cmd), cl::desc("<file.flow>"), cl::Required);
cl::opt<std::string> Output("o", cl::sub(Cmd), cl::value_desc("file"),
                            cl::desc("Write the flowchart here ('-' or none: standard output)"));
cl::opt<GraphFormat> Format("format", cl::sub(Cmd), cl::desc("Output format"),
                            cl::init(GraphFormat::Dot),
                            cl::values(clEnumValN(GraphFormat::Dot, "dot", "Graphviz DOT source"),
                                       clEnumValN(GraphFormat::Svg, "svg", "SVG drawn by dot"),
                                       clEnumValN(GraphFormat::Png, "png", "PNG drawn by dot")));
cl::opt<bool> NoClusters("no-clusters", cl::sub(Cmd),
                         cl::desc("Do not group the steps of a section into a box"));
cl::opt<std::string> Lang("lang", cl::sub(Cmd), cl::value_desc("tag"),
                          cl::desc("Language of the chart's own words (end markers, conditions): "
                                   "ru is Russian, any other tag English (default: ru when most "
                                   "letters of the flow's text are Cyrillic, else en)"));
} // namespace

cl::SubCommand &graphCommand() { return Cmd; }

int runGraph() {
  CheckedFlow in = loadAndCheck(Input);
  if (!in.program)
    return in.exitCode;
  callflow::print::GraphOptions go;
  go.clusters = !NoClusters;
  go.lang = Lang;
  std::string text;
  llvm::raw_string_ostream os(text);
  callflow::print::printGraphDot(*in.program, os, go);
  os.flush();
  const int status = in.exitCode; // a flow with errors still draws, and says so

  if (Format == GraphFormat::Dot)
    return writeOutput(Output, text, inputFiles(in)) ? status : kExitUsage;
  if (Output.empty() || Output == "-") {
    llvm::WithColor::error(llvm::errs(), "flowc") << "--format=svg/png needs -o <file>\n";
    return kExitUsage;
  }
  // dot draws into a temporary file; the output is written from it like
  // every other (driver/files.h).
  const char *ext = Format == GraphFormat::Svg ? "svg" : "png";
  std::string error, drawn;
  if (!makeTemporaryOutput(ext, drawn))
    return kExitUsage;
  if (!callflow::print::runGraphviz(text, ext, drawn, error)) {
    llvm::sys::fs::remove(drawn);
    llvm::WithColor::error(llvm::errs(), "flowc") << error << "\n";
    return kExitUsage;
  }
  return writeOutputFrom(drawn, Output, inputFiles(in)) ? status : kExitUsage;
}

} // namespace flowc
