// Internal to compiler/print: the call script as a small document tree,
// built once from the checked flow (script_model.cpp) and written out as
// HTML (script_html.cpp) or Markdown (script_md.cpp). All strings in it are
// raw flow text; the writers escape them.
#pragma once

#include <string>
#include <vector>

#include "check/sema.h"
#include "print/messages.h"

namespace callflow::print {

/// A run of inline content.
struct Inline {
  enum class Kind {
    Text,  // literal text
    Blank, // a value the agent fills in: `text` is its label ("Agent name")
    Value, // a value filled in from the flow (a price): shown emphasized
    Link,  // a jump to step `step`; `text` is an optional lead ("Yes")
  };
  Kind kind = Kind::Text;
  std::string text;
  int step = -1;
};
using Inlines = std::vector<Inline>;

/// One field of a form box.
struct FormRow {
  std::string label;
  std::string type;         // "text", "money", or the enum's name
  bool required = false;
  std::string requiredWhen; // the condition in words, "" when none
  Inlines value;            // set by the statement; empty when not
  std::vector<std::string> choices; // enum labels (all, or those allowed)
  std::string defaultText;  // "" when no default
  std::vector<std::string> suggestions;
  std::string pattern;       // the regex, or the designer's words for it
  bool patternIsWords = false; // `matches "re" as "words"`: pattern holds the words
  bool isAuto = false, unused = false;
  bool sensitive = false; // `sensitive`: entered, never read back
};

struct Block {
  enum class Kind {
    Say, Note, Do, Ask, Option, Input, Set, Branch, Goto, Form,
    Charge, Invoice, Payment, Transfer, End,
  };
  Kind kind;
  Inlines text;           // the main line (Say/Note/Do/Ask question/…)
  std::vector<Block> children; // option bodies, branch arms, declined arm
  std::vector<FormRow> rows;   // Form (and Input choices in rows[0])
  /// Form: the form's whole table prints once, at its first use in the
  /// script; a later use refers to that step (its index here, -1 on the
  /// use that holds the table) and `rows` holds only the fields this use
  /// sets (a create's initial values), or none.
  int tableAt = -1;
  bool optional = false;       // `do optional`
  explicit Block(Kind k) : kind(k) {}
};

struct StepDoc {
  int index = -1;
  std::string id, title;
  /// The step's role when it differs from its section's (SectionDoc::role),
  /// "" otherwise: "To be completed by …" prints once per section and again
  /// only on the steps that differ.
  std::string role;
  /// For an untitled step: the start of its first line to say (or ask, or
  /// do), for the table of contents; "" when titled or when it has none.
  std::string excerpt;
  std::vector<Block> body;
  std::vector<Inlines> reachedFrom; // links back ("D-2-7 (Yes)")
  bool isStart = false, unreachable = false, inTrapLoop = false;
};

struct SectionDoc {
  std::string title; // "" for steps outside any section
  /// The role every step of the section has, else the section's own `by`.
  std::string role;
  std::vector<StepDoc> steps;
};

struct ScriptDoc {
  std::string title, flowName;
  /// The HTML lang tag: the one asked for, else the language most of the
  /// flow's text is in ("ru" when Cyrillic letters outnumber Latin ones,
  /// else "en").
  std::string lang;
  /// The script's own words, in the language of `lang` (English for a
  /// language the catalogue does not have).
  Words words;
  std::vector<SectionDoc> sections;
};

/// Builds the document tree of the whole script, its words in the language
/// `langTag` names, or (when it is empty) in the flow's (guessLang).
ScriptDoc buildScript(const sema::Program &p, llvm::StringRef langTag = "");

/// The language of the text agents read (titles, lines, notes, questions,
/// options, prompts): "ru" when Cyrillic letters outnumber Latin ones, else
/// "en". Field and value labels, which often keep a system's English names,
/// are not counted, nor are the printers' own words.
std::string guessLang(const sema::Program &p);

/// "D-2-8 Remote Support Session" (the ID alone when untitled).
std::string stepRefText(const sema::Program &p, int step);
/// "$20.00" for USD, "35.00 EUR" otherwise; thousands separated.
std::string formatMoney(int64_t cents, llvm::StringRef currency);
/// A catalog item's price as printed: "$29.99", "$14.99 / month", "4% of
/// charges" (docs/language.md, "Catalog").
std::string formatItemPrice(const sema::CatalogItemInfo &item, const Words &w = Words());
/// A condition or value in words, with field and enum labels
/// ("Issue Type is 4 – Managed Services Plan").
std::string exprWords(const sema::Program &p, const ast::Expr *e, const Words &w = Words());
/// "To be completed by Team Director".
std::string roleLine(llvm::StringRef role, const Words &w = Words());

} // namespace callflow::print
