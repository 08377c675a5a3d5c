#include <catch2/catch.hpp>

#include "geo/time.hpp"

using namespace geo;

TEST_CASE("ISO dates parse to calendar days at midnight UTC, never shifted", "[time]") {
  TimeValue v;
  REQUIRE(parseIso8601("2022-09-13", v));
  CHECK(v.t == 1663027200);
  CHECK(v.precision == Precision::Day);
  CHECK(v.earliest == v.t);
  CHECK(v.latest == v.t + 86399);
  CHECK(formatIso(v) == "2022-09-13");
  CHECK(formatHuman(v) == "13 Sep 2022");
}

TEST_CASE("Dates before 1970 and in 1988 work", "[time]") {
  TimeValue v;
  REQUIRE(parseIso8601("1965-04-24", v));
  CHECK(v.t == -148003200);
  CHECK(formatIso(v) == "1965-04-24");
  CHECK(formatHuman(v) == "24 Apr 1965");
  REQUIRE(parseIso8601("1988-02-20", v));
  CHECK(v.t == 572313600);
  CHECK(formatIso(v) == "1988-02-20");
  int64_t y;
  unsigned m, d;
  civilFromDays(v.t / 86400, y, m, d);
  CHECK(y == 1988);
  CHECK(m == 2);
  CHECK(d == 20);
}

TEST_CASE("Partial dates carry their precision and bounds", "[time]") {
  TimeValue y, m;
  REQUIRE(parseIso8601("1994", y));
  CHECK(y.precision == Precision::Year);
  CHECK(y.earliest == makeTime(1994, 1, 1));
  CHECK(y.latest == makeTime(1995, 1, 1) - 1);
  CHECK(formatHuman(y) == "1994");
  REQUIRE(parseIso8601("2020-02", m));
  CHECK(m.precision == Precision::Month);
  CHECK(m.latest - m.earliest + 1 == 29 * 86400);  // leap year
  CHECK(formatHuman(m) == "Feb 2020");
  REQUIRE(parseIso8601("2021-02", m));
  CHECK(m.latest - m.earliest + 1 == 28 * 86400);
}

TEST_CASE("Times with a zone are instants kept in UTC and shown in their zone", "[time]") {
  TimeValue v;
  REQUIRE(parseIso8601("2020-09-27T06:00+04:00", v));
  CHECK(v.t == makeTime(2020, 9, 27, 2, 0, 0));
  CHECK(v.tzOffsetMin == 240);
  CHECK(v.precision == Precision::Minute);
  CHECK(formatIso(v) == "2020-09-27T06:00+04:00");
  REQUIRE(parseIso8601("2020-09-27 00:00:00.000", v));  // UCDP style
  CHECK(v.t == makeTime(2020, 9, 27));
  REQUIRE(parseIso8601("2020-09-27T05:00:30Z", v));
  CHECK(v.precision == Precision::Second);
  CHECK(formatIso(v) == "2020-09-27T05:00:30Z");
}

TEST_CASE("Widening to week and month gives the possible interval", "[time]") {
  TimeValue v;
  REQUIRE(parseIso8601("2020-10-01", v));  // a Thursday
  const TimeValue w = withPrecision(v, Precision::Week);
  CHECK(w.earliest == makeTime(2020, 9, 28));  // Monday
  CHECK(w.latest == makeTime(2020, 10, 5) - 1);
  CHECK(formatHuman(w).find("(week)") != std::string::npos);
  const TimeValue mo = withPrecision(v, Precision::Month);
  CHECK(mo.earliest == makeTime(2020, 10, 1));
  CHECK(mo.latest == makeTime(2020, 11, 1) - 1);
  REQUIRE(parseIso8601("2020-W40", v));
  CHECK(v.earliest == makeTime(2020, 9, 28));
}

TEST_CASE("Bad dates are refused with a message that quotes them", "[time]") {
  TimeValue v;
  std::string err;
  CHECK_FALSE(parseIso8601("2021-02-29", v, &err));
  CHECK(err.find("2021-02-29") != std::string::npos);
  CHECK_FALSE(parseIso8601("", v, &err));
  CHECK_FALSE(parseIso8601("13/09/2022", v, &err));
  CHECK_FALSE(parseIso8601("2022-13", v, &err));
  CHECK_FALSE(parseIso8601("2022-09-13T25:00", v, &err));
  CHECK_FALSE(parseIso8601("2022-09-13 junk", v, &err));
}

TEST_CASE("Calendar round trip over four centuries", "[time]") {
  for (int64_t day = -200000; day <= 200000; day += 37) {
    int64_t y;
    unsigned m, d;
    civilFromDays(day, y, m, d);
    REQUIRE(daysFromCivil(y, m, d) == day);
    REQUIRE(d <= daysInMonth(y, m));
  }
  CHECK(daysInMonth(2000, 2) == 29);
  CHECK(daysInMonth(1900, 2) == 28);
  CHECK(formatIsoInstant(makeTime(2022, 9, 13, 5, 30, 0)) == "2022-09-13T05:30:00Z");
  CHECK(formatIsoInstant(makeTime(-44, 3, 15)) == "-0044-03-15");
}

// Regression (fuzz_date_parse, fuzz_date_detect): a year past the int64 range of seconds overflowed
// (undefined behaviour, a wrong date) instead of being refused.
TEST_CASE("Years beyond 100 billion are refused with a message, deep time still parses", "[time][fuzz]") {
  TimeValue v;
  std::string err;
  CHECK_FALSE(parseIso8601("-13001648000001", v, &err));
  CHECK(err.find("beyond") != std::string::npos);
  CHECK_FALSE(parseIso8601("99999999999999999999999999", v, &err));
  CHECK(err.find("beyond") != std::string::npos);
  REQUIRE(parseIso8601("-13648000000", v, &err));
  CHECK(v.precision == Precision::Year);
  CHECK(v.t < -13648000000LL * 365 * 86400 + 100LL * 365 * 86400);
  CHECK(v.earliest <= v.t);
  CHECK(v.t <= v.latest);
}
