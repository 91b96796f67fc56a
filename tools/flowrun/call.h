// One call run by flowrun: a Session driven by an answer source (a file,
// standard input or the agent at the terminal), shown by a presenter
// (terminal text or JSON lines), with every accepted answer journaled
// before the next event is shown.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "answers.h"
#include "callflow/journal.h"
#include "callflow/runtime.h"
#include "llvm/Support/raw_ostream.h"
#include "print/l10n.h"

namespace flowrun {

/// flowrun's exit codes (docs/flowrun.md).
enum ExitCode : int {
  kExitEnded = 0,        // the call ended (end or transfer)
  kExitLoadFailed = 1,   // the flow did not compile, or the bytecode was rejected
  kExitUsage = 2,        // bad command line, unreadable file, journal I/O or mismatch
  kExitNoAnswers = 3,    // the answers ran out (or the agent quit) before the call ended
  kExitStopped = 4,      // the session stopped on a runtime limit (a crafted or runaway program)
  kExitLeftOver = 5,     // the call ended, but answers of the --answers file were left over
};

/// Shows events and what happened to answers.
class Presenter {
public:
  virtual ~Presenter() = default;
  virtual void event(const callflow::Event &e, const callflow::Program &p) = 0;
  virtual void answered(const callflow::JournalAnswer &a, const callflow::Event &e,
                        const callflow::Program &p) = 0;
  virtual void refused(const std::string &answer, const std::string &why) = 0;
  virtual void resumed(size_t replayed, const std::string &dropped) = 0;
  virtual void warning(const std::string &message) = 0;
  virtual void finished(int code, const std::string &how, size_t stateBytes) = 0;
};

/// Where answers come from.
class AnswerSource {
public:
  enum class Got { Answer, End };
  virtual ~AnswerSource() = default;
  /// The next answer for the waiting event `e` (a refused one is reported
  /// by the caller and this is asked again).
  virtual Got get(const callflow::Event &e, const callflow::Program &p, callflow::JournalAnswer &out,
                  Presenter &presenter) = 0;
  /// An answer to give before the next event is shown (`set` lines at the
  /// head of an answers file); false when there is none.
  virtual bool eager(const callflow::Program &, callflow::JournalAnswer &, Presenter &) { return false; }
  /// Resuming: the journal already holds the answers up to this line.
  virtual void skipThrough(unsigned /*line*/) {}
  /// After the call ended: the answers not used ("line 12: choose 2"), from
  /// a source that has an end (an --answers file); none otherwise.
  virtual std::vector<std::string> leftOver() { return {}; }
};

/// Directives from a stream of lines (an --answers file, or stdin).
std::unique_ptr<AnswerSource> makeDirectiveSource(std::vector<std::string> lines, bool fromFile);
/// Reads directives from standard input as they come (--json without --answers).
std::unique_ptr<AnswerSource> makeStdinDirectiveSource();
/// The agent at a terminal (LineEditor history when stdin is a terminal),
/// prompted in `lang`.
std::unique_ptr<AnswerSource> makeTerminalSource(bool color, callflow::l10n::Lang lang);

/// `s` with its control characters made visible (visible.cpp): C0 but tab
/// and newline as the Unicode control pictures (ESC as U+241B), DEL as
/// U+2421, C1 as the text "\\u0085". For everything written for people.
std::string visible(std::string_view s);
/// Standard output and standard error through visible(): the terminal's
/// script, prompts and messages. (The JSON of --json does not use them.)
llvm::raw_ostream &screen();
llvm::raw_ostream &screenErr();

std::unique_ptr<Presenter> makeJsonPresenter();
/// The call as a script in `lang` (the words around the flow's text).
/// `echoAnswers`: show each answer after the prompt the agent would have
/// seen (answers from a file, which no one types).
std::unique_ptr<Presenter> makeTerminalPresenter(bool color, callflow::l10n::Lang lang, bool echoAnswers = false);
/// The terminal, before the call: asks the agent for each auto variable
/// (the host's values) that `sets` lacks, and adds the answers to `sets`.
/// Each value is checked as the call will check it: a bad one is explained
/// and asked again, `/help` says what to type, an empty line leaves the
/// variable unset. False when the input ended (or `/quit`).
bool askAutoValues(const callflow::Program &program, callflow::l10n::Lang lang,
                   std::vector<std::pair<std::string, std::string>> &sets);
/// The language of the program's text, as the compiler decided it (the
/// header's language field: Russian when Cyrillic letters outnumber Latin
/// ones in its titles and lines). Constant time.
callflow::l10n::Lang programLang(const callflow::Program &p);

struct CallOptions {
  std::string journal;     // --journal / --resume path ("" none)
  bool resume = false;
  bool force = false;      // --force: --journal may replace an existing journal
  std::vector<std::pair<std::string, std::string>> sets; // --set name=value
  bool askAuto = false;    // terminal: ask for auto variables at the start
  long killAfter = -1;     // testing: die at the write of record killAfter
  long tornBytes = 0;      //   after writing this many bytes of it
  /// today and now for the call (--today, --now, else the host's clock read
  /// once at the start); a resumed call takes the journal's instead.
  callflow::SessionOptions session;
};

/// Runs the call to its end (or until the answers run out); returns the exit code.
int runCall(const callflow::Program &program, std::span<const uint8_t> bytecode, AnswerSource &source,
            Presenter &presenter, const CallOptions &options);

/// "text", "money", "number", "bool" or the enum's name.
std::string typeName(const callflow::Program &p, callflow::bc::Type t);

} // namespace flowrun
