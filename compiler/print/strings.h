// `flowc strings`: every text an agent says or reads, with a stable ID and
// its placeholders, for translation and voice recording.
//
// Step text: the step's title, `say`, `note`, `ask` questions and option
// labels, `do` texts, `input` prompts (statements and `input "..."`
// values), `transfer` and `end` reasons, in source order within each
// step. Text outside steps: the flow's title, section titles, form titles,
// field labels and rule messages, enum value labels, catalog item names
// and var labels; its `step` is what it belongs to (the form or enum name,
// or `flow`, `section`, `catalog`, `vars`) and its kind says what it is
// (title, section, form, field, rule, value, item, var, flow).
//
// IDs are `<flow>.<step>.<kind>.<hash>`, e.g.
// `anything_computers.D-2-7.say.3f9a12bc`, where hash is the first 8 hex
// digits of xxHash64 of the line's text (placeholders written as `{...}`).
// A second identical text of the same kind in the same step gets `.2`,
// a third `.3`. The ID therefore depends only on where the line is (flow,
// step, kind) and what it says: inserting, deleting or reordering other
// lines never changes it, and editing the line changes it (the old
// recording or translation no longer fits). A per-step ordinal inside the
// ID would renumber every later line of the step on an insertion, so the
// ordinal is exported as its own `index` column instead, for ordering and
// for people. Placeholders are listed once each, in order of first use.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "llvm/ADT/StringRef.h"

namespace llvm {
class SourceMgr;
class raw_ostream;
} // namespace llvm

namespace callflow::print {

struct StringEntry {
  std::string id;
  std::string flow;
  std::string step;
  std::string kind;  // say, note, ask, option, do, input, transfer, end, title;
                     // flow, section, form, field, rule, value, item, var
  unsigned index = 0; // 1-based ordinal of this kind within the step
  std::string text;   // placeholders written as {...}
  std::vector<std::string> placeholders; // "{agent}", "{price 320}", in order
  std::string file;   // as the SourceMgr names it
  unsigned line = 0;
};

/// The ordinals and IDs given so far, shared by the files of one export so
/// that IDs stay unique when two files have the same text in one scope.
struct StringIds {
  std::map<std::string, unsigned> ordinals; // "<flow>.<scope>.<kind>" -> last index
  std::map<std::string, unsigned> seen;     // ID -> times given
};

/// The text of `file` agents read: each step's title and lines, and the
/// titles and labels of its flow, sections, forms, enums, catalog and
/// vars. `flowName` is the flow they belong to (the root file's `flow`
/// name for imported files).
std::vector<StringEntry> extractStrings(const ast::File &file, llvm::StringRef flowName,
                                        const llvm::SourceMgr &sm, StringIds &ids);
std::vector<StringEntry> extractStrings(const ast::File &file, llvm::StringRef flowName,
                                        const llvm::SourceMgr &sm);

/// The `flow NAME` of `file`, or "" if it has none.
std::string flowNameOf(const ast::File &file);

/// CSV per RFC 4180 (CRLF line ends, fields with `"`, `,`, CR or LF quoted
/// and `"` doubled; a field starting with =, +, -, @, tab or CR, which a
/// spreadsheet would run as a formula, is prefixed with ' and quoted, as
/// OWASP advises against CSV injection), with a header line:
/// id,flow,step,kind,index,text,placeholders,file,line
/// (placeholders separated by spaces).
void writeStringsCsv(const std::vector<StringEntry> &entries, llvm::raw_ostream &os);

/// JSON: {"version": 1, "strings": [{id, flow, step, kind, index, text,
/// placeholders: [...], file, line}, ...]}.
void writeStringsJson(const std::vector<StringEntry> &entries, llvm::raw_ostream &os);

/// One CSV field, quoted when RFC 4180 requires it.
std::string csvField(llvm::StringRef s);

} // namespace callflow::print
