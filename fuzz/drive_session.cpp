// Answers a session's waiting events from fuzzer bytes (see drive_session.h).
#include "drive_session.h"

#include <string_view>

namespace callflow::fuzz {

namespace {
// Typed values an agent might enter; each byte picks one.
constexpr std::string_view kValues[] = {"",        "1",       "0",      "123456", "35.00",
                                        "-1",      "true",    "false",  "yes",    "9999999999999999999999",
                                        "Привет",  "СС № 12", "a\nb",   "{x}",    "1e309"};
} // namespace

size_t driveSession(const Program &program, std::span<const uint8_t> answers, size_t maxEvents) {
  Session s(program);
  size_t pos = 0;
  auto nextByte = [&]() -> uint8_t { return pos < answers.size() ? answers[pos++] : uint8_t(pos++ & 0xff); };
  size_t events = 0;
  for (; events < maxEvents && !s.ended(); ++events) {
    const Event &e = s.next();
    if (!e.waiting)
      continue;
    uint8_t b = nextByte();
    Answer a;
    switch (e.kind) {
    case EventKind::Ask:
      if (!e.optionKeys.empty() && (b & 0x80)) // a keyed ask: answer with a key
        a = s.chooseKey(e.optionKeys[b % e.optionKeys.size()]);
      else
        a = s.choose(e.options.empty() ? b : b % e.options.size());
      break;
    case EventKind::TakePayment:
      a = (b & 1) ? s.acceptPayment() : s.declinePayment();
      break;
    case EventKind::Create:
      a = (b & 1) ? s.acknowledge() : s.provide(kValues[b % std::size(kValues)]);
      break;
    default:
      if (!e.options.empty() && (b & 1))
        a = s.choose(b % e.options.size());
      else if (e.optional && (b & 2))
        a = s.skip();
      else
        a = s.provide(kValues[b % std::size(kValues)]);
    }
    if (!a) {
      // A refused answer leaves the same event current: try one that every
      // type accepts, else give up (a real host would ask again).
      if (!s.provide("1") && !s.choose(0) && !s.skip() && !s.acknowledge())
        break;
    }
  }
  return events;
}

} // namespace callflow::fuzz
