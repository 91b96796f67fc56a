// Dates and times in the runtime (format 7): the calendar arithmetic
// (leap years, month ends, whole years across 29 February), what agents
// may type, the opcodes run by a session with the host's today and now,
// the verifier's checks of every new operand and type, and bit flips and
// truncations of a program that uses them.
#include <gtest/gtest.h>

#include "callflow/runtime.h"
#include "sample_programs.h"

namespace callflow {
namespace {

using bc::Op;
using bc::TypeTag;
using testing::Bytes;

int64_t day(const char *iso) {
  std::optional<int64_t> d = parseIsoDate(iso);
  EXPECT_TRUE(d.has_value()) << iso;
  return d.value_or(0);
}

TEST(Dates, DayNumbersRoundTripOverTheWholeRange) {
  EXPECT_EQ(day("1970-01-01"), 0);
  EXPECT_EQ(day("0001-01-01"), bc::kMinDay);
  EXPECT_EQ(day("9999-12-31"), bc::kMaxDay);
  EXPECT_EQ(day("2000-03-01") - day("2000-02-28"), 2); // 2000 is a leap year
  EXPECT_EQ(day("1900-03-01") - day("1900-02-28"), 1); // 1900 is not
  int64_t prevY = 0;
  unsigned prevM = 12, prevD = 31;
  for (int64_t d = bc::kMinDay; d <= bc::kMaxDay; ++d) {
    const CivilDate c = civilFromDays(d);
    ASSERT_TRUE(isValidDate(c.year, c.month, c.day)) << d;
    ASSERT_EQ(daysFromCivil(c.year, c.month, c.day), d);
    // Each day follows the one before it in the calendar.
    const bool next = (c.year == prevY && c.month == prevM && c.day == prevD + 1) ||
                      (c.year == prevY && c.month == prevM + 1 && c.day == 1 && prevD == daysInMonth(prevY, prevM)) ||
                      (c.year == prevY + 1 && c.month == 1 && c.day == 1 && prevM == 12 && prevD == 31);
    ASSERT_TRUE(next) << formatIsoDate(d);
    prevY = c.year;
    prevM = c.month;
    prevD = c.day;
  }
}

TEST(Dates, LeapYearsAndMonthEnds) {
  EXPECT_TRUE(isLeapYear(2000));
  EXPECT_TRUE(isLeapYear(2024));
  EXPECT_FALSE(isLeapYear(1900));
  EXPECT_FALSE(isLeapYear(2026));
  EXPECT_EQ(daysInMonth(2024, 2), 29u);
  EXPECT_EQ(daysInMonth(2026, 2), 28u);
  EXPECT_EQ(daysInMonth(2026, 4), 30u);
  EXPECT_FALSE(isValidDate(2026, 2, 29));
  EXPECT_FALSE(isValidDate(2026, 4, 31));
  EXPECT_FALSE(isValidDate(0, 1, 1));
  EXPECT_FALSE(isValidDate(10000, 1, 1));
}

TEST(Dates, AddingMonthsClampsToTheMonthsEnd) {
  int64_t out = 0;
  ASSERT_TRUE(addMonthsToDate(day("2026-01-31"), 1, out));
  EXPECT_EQ(formatIsoDate(out), "2026-02-28");
  ASSERT_TRUE(addMonthsToDate(day("2024-01-31"), 1, out));
  EXPECT_EQ(formatIsoDate(out), "2024-02-29");
  ASSERT_TRUE(addMonthsToDate(day("2024-02-29"), 12, out)); // + 1 year
  EXPECT_EQ(formatIsoDate(out), "2025-02-28");
  ASSERT_TRUE(addMonthsToDate(day("2026-03-31"), -1, out));
  EXPECT_EQ(formatIsoDate(out), "2026-02-28");
  ASSERT_TRUE(addMonthsToDate(day("2026-12-15"), 1, out));
  EXPECT_EQ(formatIsoDate(out), "2027-01-15");
  ASSERT_TRUE(addMonthsToDate(day("2026-01-15"), -13, out));
  EXPECT_EQ(formatIsoDate(out), "2024-12-15");
  EXPECT_FALSE(addMonthsToDate(day("9999-12-01"), 1, out));
  EXPECT_FALSE(addMonthsToDate(day("0001-01-31"), -1, out));
  EXPECT_FALSE(addMonthsToDate(0, int64_t(1) << 40, out));
}

TEST(Dates, WholeYearsCountABirthdayOnceReached) {
  const int64_t leap = day("2008-02-29");
  EXPECT_EQ(wholeYearsBetween(leap, day("2026-02-28")), 17); // a common year: 1 March
  EXPECT_EQ(wholeYearsBetween(leap, day("2026-03-01")), 18);
  EXPECT_EQ(wholeYearsBetween(leap, day("2028-02-28")), 19);
  EXPECT_EQ(wholeYearsBetween(leap, day("2028-02-29")), 20); // a leap year: the day itself
  EXPECT_EQ(wholeYearsBetween(day("2008-03-14"), day("2026-03-13")), 17);
  EXPECT_EQ(wholeYearsBetween(day("2008-03-14"), day("2026-03-14")), 18);
  EXPECT_EQ(wholeYearsBetween(day("2026-03-14"), day("2008-03-14")), -18);
  EXPECT_EQ(wholeYearsBetween(day("2026-03-14"), day("2026-03-14")), 0);
  EXPECT_EQ(wholeMonthsBetween(day("2026-01-31"), day("2026-02-28")), 0);
  EXPECT_EQ(wholeMonthsBetween(day("2026-01-31"), day("2026-03-01")), 1);
  EXPECT_EQ(wholeMonthsBetween(day("2026-01-31"), day("2026-03-31")), 2);
  EXPECT_EQ(wholeMonthsBetween(day("2026-03-31"), day("2026-01-31")), -2);
  EXPECT_EQ(wholeYearsBetween(bc::kMinDay, bc::kMaxDay), 9998);
}

TEST(Dates, WhatAgentsMayType) {
  const uint16_t en = 0, ru = 1;
  EXPECT_EQ(parseDate("03/14/1961", en), day("1961-03-14"));
  EXPECT_EQ(parseDate(" 3/4/1961 ", en), day("1961-03-04"));
  EXPECT_EQ(parseDate("1961-03-14", en), day("1961-03-14"));
  EXPECT_EQ(parseDate("14.03.1961", ru), day("1961-03-14"));
  EXPECT_EQ(parseDate("1961-03-14", ru), day("1961-03-14"));
  EXPECT_FALSE(parseDate("14.03.1961", en));
  EXPECT_FALSE(parseDate("03/14/1961", ru));
  EXPECT_FALSE(parseDate("02/29/1961", en));
  EXPECT_FALSE(parseDate("13/01/1961", en));
  EXPECT_FALSE(parseDate("1961-3-14", en));
  EXPECT_FALSE(parseDate("03/14/61", en));
  EXPECT_FALSE(parseDate("03/14/1961/", en));
  EXPECT_FALSE(parseDate("", en));
  EXPECT_FALSE(parseDate("0000-01-01", en));
  EXPECT_EQ(parseTime("14:30"), 14 * 60 + 30);
  EXPECT_EQ(parseTime("9:05"), 9 * 60 + 5);
  EXPECT_EQ(parseTime("00:00"), 0);
  EXPECT_EQ(parseTime("23:59"), 1439);
  EXPECT_FALSE(parseTime("24:00"));
  EXPECT_FALSE(parseTime("14:60"));
  EXPECT_FALSE(parseTime("1430"));
  EXPECT_FALSE(parseTime("14:3"));
  EXPECT_FALSE(parseTime("-1:30"));
  EXPECT_EQ(formatDate(0, en), "01/01/1970");
  EXPECT_EQ(formatDate(0, ru), "01.01.1970");
  EXPECT_EQ(formatIsoDate(bc::kMinDay), "0001-01-01");
  EXPECT_EQ(formatTime(545), "09:05");
}

constexpr uint32_t kD = 0, kT = 1, kN = 2, kB = 3;

/// A format-7 program: slots d (date), t (time), n (number), b (bool);
/// `body` runs in its one step, then END.
Bytes build(const std::function<void(ProgramBuilder &)> &body) {
  ProgramBuilder b;
  b.addVariable({"d", "", {TypeTag::Date, 0}});
  b.addVariable({"t", "", {TypeTag::Time, 0}});
  b.addVariable({"n", "", {TypeTag::Number, 0}});
  b.addVariable({"b", "", {TypeTag::Bool, 0}});
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  body(b);
  b.emitEND(0);
  BuildResult r = b.serialize();
  EXPECT_TRUE(r) << r.error;
  return r.bytes;
}

void expectRejected(const Bytes &file, const std::string &what) {
  std::optional<LoadError> err = verifyBytecode(file);
  ASSERT_TRUE(err.has_value()) << "accepted, expected: " << what;
  EXPECT_NE(err->message.find(what), std::string::npos) << err->str();
}

TEST(Dates, SessionsTakeTodayAndNowFromTheHost) {
  const Bytes bytes = build([](ProgramBuilder &b) {
    b.emitTODAY();
    b.emitPUSH_NUMBER(30);
    b.emitADD_DAYS();
    b.emitSET(kD); // d = today + 30 days
    b.emitTODAY();
    b.emitPUSH_DATE(day("2008-02-29"));
    b.emitYEARS_BETWEEN();
    b.emitSET(kN); // n = years(today - 2008-02-29)
    b.emitNOW();
    b.emitPUSH_TIME(17 * 60);
    b.emitGE();
    b.emitSET(kB); // b = now >= 17:00
    b.emitNOW();
    b.emitSET(kT);
  });
  EXPECT_EQ(bytes[4], bc::kDateFormat);
  Loaded l = Program::load(bytes);
  ASSERT_TRUE(l) << l.error.str();
  EXPECT_TRUE(l.program->readsClock());
  SessionOptions o;
  o.today = day("2026-02-28");
  o.now = 17 * 60;
  Session s(*l.program, o);
  EXPECT_EQ(s.next().kind, EventKind::End);
  EXPECT_EQ(s.valueText(kD), "03/30/2026");
  EXPECT_EQ(s.valueText(kN), "17");
  EXPECT_EQ(s.valueText(kB), "yes");
  EXPECT_EQ(s.valueText(kT), "17:00");
  // Without the host's clock, today and now are unset, and so is what is
  // computed from them; a comparison with them is false.
  Session none(*l.program);
  EXPECT_EQ(none.next().kind, EventKind::End);
  EXPECT_FALSE(none.value(kD).isSet());
  EXPECT_FALSE(none.value(kN).isSet());
  EXPECT_EQ(none.valueText(kB), "no");
  // A clock out of range counts as not given.
  o.today = bc::kMaxDay + 1;
  o.now = 1440;
  Session bad(*l.program, o);
  bad.next();
  EXPECT_FALSE(bad.value(kD).isSet());
  EXPECT_FALSE(bad.value(kT).isSet());
}

TEST(Dates, ADateOutOfTheCalendarStopsTheCall) {
  const Bytes bytes = build([](ProgramBuilder &b) {
    b.emitPUSH_DATE(bc::kMaxDay);
    b.emitPUSH_NUMBER(1);
    b.emitADD_DAYS();
    b.emitSET(kD);
  });
  Loaded l = Program::load(bytes);
  ASSERT_TRUE(l) << l.error.str();
  Session s(*l.program);
  const Event &e = s.next();
  EXPECT_TRUE(e.failed);
  EXPECT_EQ(e.stopped, StopReason::Arithmetic);
  EXPECT_EQ(e.text, "stopped: a date computed by the flow (9999-12-31 + 1 days) is outside 0001-01-01..9999-12-31");
}

TEST(Dates, InputTakesIsoAndTheFlowsLanguage) {
  ProgramBuilder b;
  b.addVariable({"d", "", {TypeTag::Date, 0}});
  b.addVariable({"t", "", {TypeTag::Time, 0}});
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  b.emitINPUT(kD, 0, 0);
  b.emitINPUT(kT, 0, 0);
  b.emitEND(0);
  BuildResult r = b.serialize();
  ASSERT_TRUE(r) << r.error;
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  Session s(*l.program);
  ASSERT_EQ(s.next().kind, EventKind::Input);
  EXPECT_EQ(s.current().type.tag, TypeTag::Date);
  EXPECT_EQ(s.provide("14.03.1961").error,
            "'14.03.1961' is not a date (MM/DD/YYYY or YYYY-MM-DD, a day of the calendar)");
  EXPECT_EQ(s.provide("02/30/1961").error,
            "'02/30/1961' is not a date (MM/DD/YYYY or YYYY-MM-DD, a day of the calendar)");
  EXPECT_TRUE(s.provide("03/14/1961"));
  ASSERT_EQ(s.next().kind, EventKind::Input);
  EXPECT_EQ(s.provide("25:00").error, "'25:00' is not a time of day (HH:MM, 00:00 to 23:59)");
  EXPECT_TRUE(s.provide("9:05"));
  EXPECT_EQ(s.valueText(kD), "03/14/1961");
  EXPECT_EQ(s.valueText(kT), "09:05");
}

TEST(Dates, TheVerifierChecksEveryNewOperandAndType) {
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_DATE(bc::kMaxDay + 1);
                   b.emitSET(kD);
                 }),
                 "PUSH_DATE: date 2932897 outside 0001-01-01..9999-12-31");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_DATE(bc::kMinDay - 1);
                   b.emitSET(kD);
                 }),
                 "outside 0001-01-01..9999-12-31");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_TIME(1440);
                   b.emitSET(kT);
                 }),
                 "PUSH_TIME: time (minutes) 1440 out of range (1440)");
  // Dates order with dates only; ADD_DAYS takes a date and a number.
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitTODAY();
                   b.emitPUSH_NUMBER(5);
                   b.emitLT();
                   b.emitSET(kB);
                 }),
                 "LT: operand 2 has type number, the types differ or cannot be ordered");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitPUSH_NUMBER(5);
                   b.emitPUSH_NUMBER(5);
                   b.emitADD_DAYS();
                   b.emitSET(kD);
                 }),
                 "ADD_DAYS: operand 1 has type number, the wrong type");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitTODAY();
                   b.emitNOW();
                   b.emitYEARS_BETWEEN();
                   b.emitSET(kN);
                 }),
                 "YEARS_BETWEEN: operand 2 has type time, the wrong type");
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitTODAY();
                   b.emitSET(kT);
                 }),
                 "SET: operand 1 has type date, the wrong type");
  // ADD of two dates is not arithmetic on numbers or money.
  expectRejected(build([](ProgramBuilder &b) {
                   b.emitTODAY();
                   b.emitTODAY();
                   b.emitADD();
                   b.emitSET(kD);
                 }),
                 "ADD: operand 1 has type date");
  // The same bytes saying format 5 are refused: the date slot type first.
  Bytes ok = build([](ProgramBuilder &b) {
    b.emitTODAY();
    b.emitSET(kD);
  });
  ASSERT_FALSE(verifyBytecode(ok).has_value());
  for (uint8_t older : {5, 6}) { // 6: catalog item kinds, no dates yet
    Bytes f = ok;
    f[4] = older;
    testing::fixCrc(f);
    expectRejected(f, "type names enum 65535, out of range (0)");
  }
  // A program with no date slot but a date opcode, said to be format 5.
  ProgramBuilder b;
  b.addVariable({"b", "", {TypeTag::Bool, 0}});
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  b.emitTODAY();
  b.emitTODAY();
  b.emitGE();
  b.emitSET(0);
  b.emitEND(0);
  BuildResult r = b.serialize();
  ASSERT_TRUE(r) << r.error;
  ASSERT_EQ(r.bytes[4], 7);
  for (uint8_t older : {5, 6}) {
    Bytes f = r.bytes;
    f[4] = older;
    testing::fixCrc(f);
    expectRejected(f, "TODAY needs format version 7 (the file says " + std::to_string(older) + ")");
  }
  // Format 7 is compact only.
  ProgramBuilder legacy;
  legacy.setCompact(false);
  legacy.addVariable({"d", "", {TypeTag::Date, 0}});
  EXPECT_TRUE(legacy.beginStep(legacy.addStep("S")));
  legacy.emitEND(0);
  EXPECT_FALSE(legacy.serialize());
}

TEST(Dates, CatalogKindsAndDatesTogetherAreFormat7) {
  // A monthly and a percentage item (format 6) with a date (format 7): the
  // file is format 7 and keeps the item kinds.
  ProgramBuilder b;
  b.addVariable({"d", "", {TypeTag::Date, 0}});
  const uint32_t once = b.addItem(401, "BASIC PLAN", 2999);
  const uint32_t monthly = b.addItem(610, "ID THEFT PROTECTION", 1499, bc::ItemKind::Monthly);
  const uint32_t percent = b.addItem(611, "CARD SURCHARGE", 400, bc::ItemKind::Percent);
  EXPECT_TRUE(b.beginStep(b.addStep("S")));
  b.emitTODAY();
  b.emitPUSH_NUMBER(1);
  b.emitADD_MONTHS();
  b.emitSET(0); // d = today + 1 month: the next charge of the monthly item
  b.emitCHARGE_ITEM(once);
  b.emitCHARGE_ITEM(monthly);
  b.emitCHARGE_ITEM(percent);
  b.emitINVOICE();
  b.emitEND(0);
  BuildResult r = b.serialize();
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(bc::readU16(r.bytes.data() + 4), bc::kDateFormat);
  Loaded l = Program::load(r.bytes);
  ASSERT_TRUE(l) << l.error.str();
  ASSERT_EQ(l.program->items().size(), 3u);
  EXPECT_EQ(l.program->items()[1].kind, bc::ItemKind::Monthly);
  EXPECT_EQ(l.program->items()[2].kind, bc::ItemKind::Percent);
  EXPECT_EQ(l.program->items()[2].percent, 400);
  SessionOptions o;
  o.today = day("2026-01-31");
  Session s(*l.program, o);
  std::vector<int64_t> charged;
  int64_t total = -1;
  for (int i = 0; i < 16 && !s.ended(); ++i) {
    const Event &e = s.next();
    if (e.kind == EventKind::Charge) charged.push_back(e.amount);
    if (e.kind == EventKind::Invoice) total = e.amount;
    if (e.kind == EventKind::End) break;
  }
  EXPECT_EQ(s.valueText(0), "02/28/2026"); // a month from 31 January
  // 4% of $29.99 + $14.99 = $1.80 (rounded half up from 179.92 cents).
  EXPECT_EQ(charged, (std::vector<int64_t>{2999, 1499, 180}));
  EXPECT_EQ(total, 2999 + 1499 + 180);
}

TEST(Dates, BitFlipsAndTruncationsAreRejectedOrSafe) {
  const Bytes good = build([](ProgramBuilder &b) {
    b.emitINPUT(kD, 0, 0);
    b.emitTODAY();
    b.emitPUSH_NUMBER(3);
    b.emitADD_MONTHS();
    b.emitSET(kD);
    b.emitTODAY();
    b.emitPUSH_SLOT(kD);
    b.emitDAYS_BETWEEN();
    b.emitPUSH_DATE(day("2026-12-03"));
    b.emitPUSH_SLOT(kD);
    b.emitMONTHS_BETWEEN();
    b.emitADD();
    b.emitSET(kN);
    b.emitPUSH_TIME(870);
    b.emitNOW();
    b.emitLE();
    b.emitSET(kB);
  });
  ASSERT_TRUE(Program::load(good));
  SessionOptions o;
  o.today = day("2026-12-03");
  o.now = 600;
  size_t accepted = 0;
  for (size_t byte = 0; byte + 4 < good.size(); ++byte)
    for (int bit = 0; bit < 8; ++bit) {
      Bytes f = good;
      f[byte] ^= uint8_t(1u << bit);
      testing::fixCrc(f);
      Loaded l = Program::load(f);
      if (!l) continue;
      ++accepted;
      EXPECT_FALSE(disassemble(*l.program).empty());
      for (const char *answer : {"12/31/9999", "0001-01-01", "1", ""}) {
        Session s(*l.program, o);
        for (int i = 0; i < 8 && !s.ended(); ++i)
          if (s.next().waiting) (void)s.provide(answer);
      }
    }
  EXPECT_GT(accepted, 0u);
  for (size_t n = 0; n < good.size(); ++n) {
    Bytes f(good.begin(), good.begin() + n);
    if (n >= 4) testing::fixCrc(f);
    EXPECT_FALSE(Program::load(f)) << "accepted a truncation to " << n << " bytes";
  }
}

} // namespace
} // namespace callflow
