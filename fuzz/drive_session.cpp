// Answers a session's waiting events from fuzzer bytes (see drive_session.h).
#include "drive_session.h"

#include <string_view>

namespace callflow::fuzz {

namespace {
// Typed values an agent might enter; each byte picks one.
constexpr std::string_view kValues[] = {"",        "1",       "0",      "123456", "35.00",
                                        "-1",      "true",    "false",  "yes",    "9999999999999999999999",
                                        "Привет",  "СС № 12", "a\nb",   "{x}",    "1e309"};
// For a date or time input (none of the values above is one): ISO, the
// English and Russian forms, the ends of the calendar, 29 February, and
// values that are refused.
constexpr std::string_view kDates[] = {"2008-03-14", "03/14/1961", "14.03.1961", "0001-01-01",
                                       "9999-12-31", "02/29/2008", "2025-02-29", "12/31/2029"};
constexpr std::string_view kTimes[] = {"00:00", "23:59", "9:05", "14:30", "24:00", "12:60"};
} // namespace

size_t driveSession(const Program &program, std::span<const uint8_t> answers, size_t maxEvents) {
  // A fixed clock (the host's today and now), so TODAY and NOW run too.
  SessionOptions clock;
  clock.today = 20790; // 2026-12-03
  clock.now = 14 * 60 + 30;
  Session s(program, clock);
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
      if (e.kind == EventKind::Input && e.type.tag == bc::TypeTag::Date)
        a = s.provide(kDates[b % std::size(kDates)]);
      else if (e.kind == EventKind::Input && e.type.tag == bc::TypeTag::Time)
        a = s.provide(kTimes[b % std::size(kTimes)]);
      else if (!e.options.empty() && (b & 1))
        a = s.choose(b % e.options.size());
      else if (e.optional && (b & 2))
        a = s.skip();
      else
        a = s.provide(kValues[b % std::size(kValues)]);
    }
    if (!a) {
      // A refused answer leaves the same event current: try one that every
      // type accepts, else give up (a real host would ask again).
      if (!s.provide("1") && !s.provide("2026-12-03") && !s.provide("14:30") && !s.choose(0) && !s.skip() &&
          !s.acknowledge())
        break;
    }
  }
  return events;
}

} // namespace callflow::fuzz
