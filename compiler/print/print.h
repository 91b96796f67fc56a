// The printers' public API: call scripts (HTML for print, Markdown for
// wikis) and flowcharts (Graphviz DOT), each printed from a checked flow.
//
// The printers read the checker's resolved model (sema::Program) and walk
// each step's statements in the AST it points to; the AST must be alive.
// A Program with errors still prints (names that did not resolve show as
// written). All flow text is escaped for its output (see escape.h).
#pragma once

#include <string>
#include <vector>

#include "check/sema.h"
#include "llvm/Support/raw_ostream.h"

namespace callflow::print {

enum class Paper { Auto, A4, Letter };

struct ScriptOptions {
  /// `@page { size }`. Auto leaves the size to the printer; the layout fits
  /// both A4 and Letter.
  Paper paper = Paper::Auto;
  /// Optional page number of each step in the printed PDF (indexed like
  /// Program::steps; 0 = unknown). When given, links read "…, p. 4" and the
  /// contents list the page. Filled by laying the script out (pages.h).
  std::vector<int> stepPages;
  /// Optional page of each section heading, in the order the script prints
  /// the sections (its anchor `section-1` is [0]); 0 = unknown.
  std::vector<int> sectionPages;
  /// Steps (indexed like Program::steps) that may break across pages: those
  /// that did not fit in the page space they must start in (taller than a
  /// page, or than a page under their section's heading). Every other step
  /// block stays whole on one page.
  std::vector<bool> splitSteps;
  /// The script's language tag: `<html lang>`, and the language of the
  /// script's own words (Say, Contents, Page 2 of 9…): Russian for "ru"
  /// (and "ru-RU"…), English for any other tag. Empty: guessed from the
  /// flow's text ("ru" when most letters are Cyrillic, else "en").
  std::string lang;
};

/// One self-contained HTML file: no external assets, no JavaScript, a CSP
/// that forbids scripts and network access, print CSS (running header with
/// the flow title, page numbers in the footer).
void printScriptHtml(const sema::Program &p, llvm::raw_ostream &os,
                     const ScriptOptions &opts = {});

/// The same script as Markdown (CommonMark + GitHub tables), with explicit
/// anchors for the step links.
void printScriptMarkdown(const sema::Program &p, llvm::raw_ostream &os,
                         const ScriptOptions &opts = {});

struct GraphOptions {
  /// Group steps of a section into a cluster.
  bool clusters = true;
  /// The language of the chart's own words (end markers, "if …",
  /// "(unreachable)"), as for ScriptOptions::lang.
  std::string lang;
};

/// The step graph as Graphviz DOT: sections as clusters, steps as nodes
/// (ID + title), options as labelled edges (an option whose block lets the
/// step go on leads to where the step goes next; paths meet in junction
/// points, and options that end the call lead to an end marker), gotos
/// plain, terminal steps styled, unreachable steps and trap loops
/// highlighted.
void printGraphDot(const sema::Program &p, llvm::raw_ostream &os, const GraphOptions &opts = {});

/// The embedded print style sheet (style.css).
llvm::StringRef scriptStyleSheet();

} // namespace callflow::print
