// flowrun's answer directives: the line format of --answers files (and of
// standard input under --json), and how a directive becomes an answer to
// the session's current event. docs/flowrun.md documents the format.
//
//   # a comment (also after a directive)
//   choose 2            an option (1-based) of an ask, or an enum value of an input
//   choose "Yes"        the same, by its label (or enum value name)
//   key 92              the option of an ask whose key is 92 (`key *`; `key "#"`,
//                       since a bare # starts a comment)
//   provide "text"      a value for an input or a lookup (`do ... -> x`)
//   number 1234         the record number the host gives a created form
//   ack                 a created form without a number
//   accept / decline    the payment went through / did not
//   skip                skip an optional action
//   set agent "Ann"     supply a variable or field (auto ones, from the host)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "callflow/journal.h"
#include "callflow/session.h"

namespace flowrun {

struct Directive {
  enum class Kind { Choose, Provide, Number, Ack, Accept, Decline, Skip, Set, Key };
  Kind kind = Kind::Ack;
  bool byLabel = false; // choose "label"
  long index = 0;       // choose N (1-based)
  std::string text;     // label, value, record number, key
  std::string name;     // set: the variable or Form.field
  unsigned line = 0;    // in its file (1-based); 0 when not from a file
  std::string source;   // the directive as written, for messages
};

/// Parses one line. nullopt with `error` empty for a blank or comment
/// line; nullopt with `error` set for a malformed one.
std::optional<Directive> parseDirective(const std::string &line, std::string &error);

/// Parses one directive given on its own, not as a line of a file (the
/// `"answer"` of the server's POST /api/sessions/{id}/answers): exactly one
/// directive, on one line. A blank text, a comment alone, a second line, a
/// NUL byte or a text over kMaxDirectiveBytes is an error; nullopt then
/// always comes with `error` set.
inline constexpr size_t kMaxDirectiveBytes = size_t(1) << 20;
std::optional<Directive> parseOneDirective(std::string_view text, std::string &error);

/// Turns a directive into the answer it gives to `event`, or says why it
/// does not fit the event. `set` directives are resolved against the
/// program's slots.
bool toAnswer(const Directive &d, const callflow::Event &event, const callflow::Program &program,
              callflow::JournalAnswer &out, std::string &error);

/// The directive that would give `answer` (for echoing terminal answers).
std::string describeAnswer(const callflow::JournalAnswer &answer, const callflow::Program &program);

} // namespace flowrun
