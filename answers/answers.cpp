// Parsing answer directives and matching them to the event that waits.
#include "answers.h"

#include <cctype>

namespace flowrun {

using callflow::EventKind;
using callflow::JournalAnswer;

namespace {

void skipSpace(const std::string &s, size_t &i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
}

/// A quoted string with \" \\ \n \t escapes, or a bare word.
bool readArg(const std::string &s, size_t &i, std::string &out, std::string &error) {
  skipSpace(s, i);
  out.clear();
  if (i >= s.size() || s[i] == '#') {
    error = "a value is missing";
    return false;
  }
  if (s[i] != '"') {
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '#') out += s[i++];
    return true;
  }
  for (++i; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      ++i;
      return true;
    }
    if (c == '\\' && i + 1 < s.size()) {
      char e = s[++i];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      continue;
    }
    out += c;
  }
  error = "the string has no closing quote";
  return false;
}

bool atEnd(const std::string &s, size_t &i) {
  skipSpace(s, i);
  return i >= s.size() || s[i] == '#';
}

} // namespace

std::optional<Directive> parseDirective(const std::string &line, std::string &error) {
  error.clear();
  size_t i = 0;
  if (atEnd(line, i)) return std::nullopt;
  std::string word;
  while (i < line.size() && std::isalpha(static_cast<unsigned char>(line[i]))) word += line[i++];
  Directive d;
  d.source = line;
  while (!d.source.empty() && (d.source.back() == '\r' || d.source.back() == ' ')) d.source.pop_back();
  using K = Directive::Kind;
  if (word == "choose") {
    d.kind = K::Choose;
    skipSpace(line, i);
    d.byLabel = i < line.size() && line[i] == '"';
    if (!readArg(line, i, d.text, error)) return std::nullopt;
    if (!d.byLabel) {
      bool digits = !d.text.empty() && d.text.size() < 9;
      for (char c : d.text) digits &= std::isdigit(static_cast<unsigned char>(c)) != 0;
      if (digits) d.index = std::stol(d.text);
      else d.byLabel = true;
    }
  } else if (word == "key") {
    d.kind = K::Key;
    if (!readArg(line, i, d.text, error)) return std::nullopt;
  } else if (word == "provide" || word == "number") {
    d.kind = word == "provide" ? K::Provide : K::Number;
    if (!readArg(line, i, d.text, error)) return std::nullopt;
  } else if (word == "set") {
    d.kind = K::Set;
    if (!readArg(line, i, d.name, error) || !readArg(line, i, d.text, error)) return std::nullopt;
  } else if (word == "ack") d.kind = K::Ack;
  else if (word == "accept") d.kind = K::Accept;
  else if (word == "decline") d.kind = K::Decline;
  else if (word == "skip") d.kind = K::Skip;
  else {
    error = word.empty() ? "a directive must start with a word"
                         : "unknown directive '" + word +
                               "' (choose, key, provide, number, ack, accept, decline, skip, set)";
    return std::nullopt;
  }
  if (!atEnd(line, i)) {
    error = "unexpected text after the directive";
    return std::nullopt;
  }
  return d;
}

std::optional<Directive> parseOneDirective(std::string_view text, std::string &error) {
  error.clear();
  if (text.size() > kMaxDirectiveBytes) {
    error = "the directive is longer than " + std::to_string(kMaxDirectiveBytes) + " bytes";
    return std::nullopt;
  }
  std::string line(text);
  if (!line.empty() && line.back() == '\n') line.pop_back(); // one trailing newline is harmless
  if (size_t at = line.find_first_of(std::string_view("\n\0", 2)); at != std::string::npos) {
    error = line[at] == '\n' ? "one directive only: the answer has more than one line"
                             : "the directive contains a NUL byte";
    return std::nullopt;
  }
  std::optional<Directive> d = parseDirective(line, error);
  if (!d && error.empty())
    error = "the answer is empty; give one directive (choose, key, provide, number, ack, accept, decline, skip, set)";
  return d;
}

bool toAnswer(const Directive &d, const callflow::Event &e, const callflow::Program &P, JournalAnswer &out,
              std::string &error) {
  using K = Directive::Kind;
  out = JournalAnswer{};
  out.origin = d.line;
  const bool enumInput = e.kind == EventKind::Input && e.type.tag == callflow::bc::TypeTag::Enum;
  switch (d.kind) {
  case K::Set: {
    const uint32_t slot = P.findSlot(d.name);
    if (slot == callflow::kNone) {
      error = "there is no variable or field '" + d.name + "'";
      return false;
    }
    out.kind = JournalAnswer::Kind::Supply;
    out.index = slot;
    out.text = d.text;
    return true;
  }
  case K::Choose:
    if (e.kind != EventKind::Ask && !enumInput) break;
    if (!d.byLabel) {
      if (d.index < 1) {
        error = "options count from 1";
        return false;
      }
      out.kind = JournalAnswer::Kind::Choose;
      out.index = uint32_t(d.index - 1);
      return true;
    }
    for (size_t k = 0; k < e.options.size(); ++k)
      if (e.options[k] == d.text) {
        out.kind = JournalAnswer::Kind::Choose;
        out.index = uint32_t(k);
        return true;
      }
    { // a label in another case, when only one option matches so
      size_t found = e.options.size(), matches = 0;
      for (size_t k = 0; k < e.options.size(); ++k)
        if (callflow::sameIgnoringCase(e.options[k], d.text)) found = k, ++matches;
      if (matches == 1) {
        out.kind = JournalAnswer::Kind::Choose;
        out.index = uint32_t(found);
        return true;
      }
    }
    if (enumInput) { // a value name: the session resolves it
      out.kind = JournalAnswer::Kind::Provide;
      out.text = d.text;
      return true;
    }
    error = "'" + d.text + "' is not one of the options";
    return false;
  case K::Key:
    if (e.kind != EventKind::Ask) break;
    for (size_t k = 0; k < e.optionKeys.size(); ++k)
      if (!e.optionKeys[k].empty() && e.optionKeys[k] == d.text) {
        out.kind = JournalAnswer::Kind::Choose;
        out.index = uint32_t(k);
        return true;
      }
    error = e.optionKeys.empty() ? "this question's options have no keys"
                                 : "no option has the key '" + d.text + "'";
    return false;
  case K::Provide:
    if (e.kind != EventKind::Input && e.kind != EventKind::Do && e.kind != EventKind::Create) break;
    out.kind = JournalAnswer::Kind::Provide;
    out.text = d.text;
    return true;
  case K::Number:
    if (e.kind != EventKind::Create) break;
    out.kind = JournalAnswer::Kind::Provide;
    out.text = d.text;
    return true;
  case K::Ack:
    if (e.kind != EventKind::Create) break;
    out.kind = JournalAnswer::Kind::Acknowledge;
    return true;
  case K::Accept:
  case K::Decline:
    if (e.kind != EventKind::TakePayment) break;
    out.kind = d.kind == K::Accept ? JournalAnswer::Kind::Accept : JournalAnswer::Kind::Decline;
    return true;
  case K::Skip:
    if (e.kind != EventKind::Do) break;
    out.kind = JournalAnswer::Kind::Skip;
    return true;
  }
  error = "'" + d.source + "' does not answer " + (e.waiting ? "this " : "an event that does not wait: ") +
          callflow::eventKindName(e.kind);
  return false;
}

std::string describeAnswer(const JournalAnswer &a, const callflow::Program &P) {
  auto quoted = [](const std::string &s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') out += "\\n";
      else out += c;
    }
    return out + "\"";
  };
  switch (a.kind) {
  case JournalAnswer::Kind::Choose: return "choose " + std::to_string(a.index + 1);
  case JournalAnswer::Kind::Provide: return "provide " + quoted(a.text);
  case JournalAnswer::Kind::Acknowledge: return "ack";
  case JournalAnswer::Kind::Skip: return "skip";
  case JournalAnswer::Kind::Accept: return "accept";
  case JournalAnswer::Kind::Decline: return "decline";
  case JournalAnswer::Kind::Supply:
    return "set " + (a.index < P.slots().size() ? P.slotName(a.index) : std::string("?")) + " " + quoted(a.text);
  // A sensitive value, masked (JournalAnswer::journaled()).
  case JournalAnswer::Kind::Withheld: return "provide " + quoted(callflow::bc::kSensitiveMask);
  case JournalAnswer::Kind::WithheldSupply:
    return "set " + (a.index < P.slots().size() ? P.slotName(a.index) : std::string("?")) + " " +
           quoted(callflow::bc::kSensitiveMask);
  case JournalAnswer::Kind::Clock: return "clock " + a.text; // the call's today and now (not an answer)
  }
  return "?";
}

} // namespace flowrun
