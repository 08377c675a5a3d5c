// Date layouts from files in the wild: detection of a column's layout and parsing of one value.
#include <catch2/catch.hpp>

#include "geo/date_detect.hpp"

using namespace geo;

namespace {
TimeValue parse(const std::string& s, DateOrder o = DateOrder::DMY) {
  DateFormat f;
  f.order = o;
  TimeValue v;
  std::string err;
  INFO(s);
  REQUIRE(parseDate(s, f, v, &err));
  return v;
}
}  // namespace

TEST_CASE("Dates as ACLED, UCDP, spreadsheets and GDELT write them", "[dates]") {
  CHECK(parse("2020-12-05").t == makeTime(2020, 12, 5));
  CHECK(parse("03 December 2020").t == makeTime(2020, 12, 3));
  CHECK(parse("9-May-20").t == makeTime(2020, 5, 9));
  CHECK(parse("5-Aug-24").t == makeTime(2024, 8, 5));
  CHECK(parse("January 16, 1967").t == makeTime(1967, 1, 16));
  const TimeValue march = parse("March 1972");
  CHECK(march.precision == Precision::Month);
  CHECK(march.latest == makeTime(1972, 4, 1) - 1);
  CHECK(parse("20180312").t == makeTime(2018, 3, 12));
  CHECK(parse("26/10/25").t == makeTime(2025, 10, 26));
  CHECK(parse("3/3/2022", DateOrder::MDY).t == makeTime(2022, 3, 3));
  CHECK(parse("10/26/25", DateOrder::MDY).t == makeTime(2025, 10, 26));
  CHECK(parse("2020/09/27", DateOrder::DMY).t == makeTime(2020, 9, 27));  // 4-digit first field: year first
  CHECK(parse("27.09.2020").t == makeTime(2020, 9, 27));
  CHECK(parse("03/2022").precision == Precision::Month);
  const TimeValue ucdp = parse("2020-09-27 00:00:00.000");
  CHECK(ucdp.t == makeTime(2020, 9, 27));
  const TimeValue withTime = parse("3/4/2022 14:30");
  CHECK(withTime.t == makeTime(2022, 4, 3, 14, 30));
  CHECK(withTime.precision == Precision::Minute);
  CHECK(parse("3/4/2022 2:30 PM").t == makeTime(2022, 4, 3, 14, 30));
  const TimeValue zoned = parse("2020-09-27T05:00+04:00");
  CHECK(zoned.t == makeTime(2020, 9, 27, 1, 0));
  CHECK(parse("1994").precision == Precision::Year);
  CHECK(parse("2020-09").precision == Precision::Month);
}

TEST_CASE("Two-digit years: 00-69 are 20xx, 70-99 are 19xx", "[dates]") {
  CHECK(parse("01/02/69").t == makeTime(2069, 2, 1));
  CHECK(parse("01/02/70").t == makeTime(1970, 2, 1));
  CHECK(parse("01/02/99").t == makeTime(1999, 2, 1));
  CHECK(parse("1-Jan-00").t == makeTime(2000, 1, 1));
}

TEST_CASE("Invalid dates say what is wrong, quoting the text", "[dates]") {
  TimeValue v;
  std::string err;
  CHECK_FALSE(parseDate("2020-02-30", DateFormat{}, v, &err));
  CHECK(err.find("'2020-02-30'") != std::string::npos);
  CHECK_FALSE(parseDate("31/02/2021", DateFormat{}, v, &err));
  CHECK(err.find("February 2021 has 28 days") != std::string::npos);
  DateFormat mdy;
  mdy.order = DateOrder::MDY;
  CHECK_FALSE(parseDate("26/10/25", mdy, v, &err));
  CHECK(err.find("month 26") != std::string::npos);
  CHECK_FALSE(parseDate("soon", DateFormat{}, v, &err));
  CHECK_FALSE(parseDate("", DateFormat{}, v, &err));
  CHECK_FALSE(parseDate("#date+occurred", DateFormat{}, v, &err));
}

TEST_CASE("A column's layout is detected from all its values", "[dates]") {
  SECTION("a first field over 12 means day-first") {
    const auto d = detectDateFormat({"01/02/25", "26/10/25", "", "03/11/25"});
    CHECK(d.format.order == DateOrder::DMY);
    CHECK_FALSE(d.ambiguous);
    CHECK(d.twoDigitYears);
    CHECK(d.note("event_date").find("event_date: day-first (DD/MM/YY) assumed from values like 26/10/25") == 0);
    CHECK(d.note("event_date").find("two-digit years") != std::string::npos);
  }
  SECTION("a second field over 12 means month-first") {
    const auto d = detectDateFormat({"3/3/2022", "3/15/2022"});
    CHECK(d.format.order == DateOrder::MDY);
    CHECK_FALSE(d.ambiguous);
    CHECK_FALSE(d.twoDigitYears);
    CHECK(d.example == "3/15/2022");
  }
  SECTION("neither: day-first is assumed and the column is reported as ambiguous") {
    const auto d = detectDateFormat({"3/3/2022", "4/5/2022"});
    CHECK(d.format.order == DateOrder::DMY);
    CHECK(d.ambiguous);
    CHECK(d.note("date").find("--date-format mdy") != std::string::npos);
  }
  SECTION("both: the majority wins and the conflict is reported") {
    const auto d = detectDateFormat({"13/01/2020", "14/01/2020", "01/13/2020"});
    CHECK(d.format.order == DateOrder::DMY);
    CHECK(d.conflicting);
  }
  SECTION("ISO columns need no note") {
    const auto d = detectDateFormat({"2020-09-27", "2020-09", "1994", "2020-02-30"});
    CHECK(d.allIso);
    CHECK(d.note("start").empty());
  }
  SECTION("month names and yyyymmdd are described") {
    CHECK(detectDateFormat({"03 December 2020", "9-May-20"}).note("event_date").find("month names") != std::string::npos);
    CHECK(detectDateFormat({"20180312"}).layout == "yyyymmdd");
  }
  SECTION("--date-format decides") {
    DateFormat forced;
    REQUIRE(parseDateFormatOption("mdy", forced));
    const auto d = detectDateFormat({"3/4/2022"}, &forced);
    CHECK(d.format.order == DateOrder::MDY);
    CHECK_FALSE(d.ambiguous);
    CHECK(d.note("date").find("--date-format mdy") != std::string::npos);
  }
}

TEST_CASE("The --date-format option takes dmy, mdy, ymd or a strftime pattern", "[dates]") {
  DateFormat f;
  CHECK(parseDateFormatOption("DMY", f));
  CHECK(f.order == DateOrder::DMY);
  CHECK(parseDateFormatOption("%d.%m.%Y %H:%M", f));
  CHECK(f.pattern == "%d.%m.%Y %H:%M");
  std::string err;
  CHECK_FALSE(parseDateFormatOption("european", f, &err));
  CHECK(err.find("dmy, mdy, ymd") != std::string::npos);

  TimeValue v;
  REQUIRE(parseDatePattern("27.09.2020 05:30", "%d.%m.%Y %H:%M", v));
  CHECK(v.t == makeTime(2020, 9, 27, 5, 30));
  CHECK(v.precision == Precision::Minute);
  REQUIRE(parseDatePattern("2020-271", "%Y-%j", v));
  CHECK(v.t == makeTime(2020, 9, 27));
  // A day of year in a year past 10^11 is refused before any calendar arithmetic (found by fuzzing:
  // the count of 400-year eras overflowed).
  CHECK_FALSE(parseDatePattern("20200000037990000020-256", "%Y-%j", v, &err));
  CHECK(err.find("year out of range") != std::string::npos);
  REQUIRE(parseDatePattern("-100000000000-001", "%Y-%j", v));
  REQUIRE(parseDatePattern("Sep 2020", "%b %Y", v));
  CHECK(v.precision == Precision::Month);
  REQUIRE(parseDatePattern("20200927", "%Y%m%d", v));
  CHECK(v.t == makeTime(2020, 9, 27));
  REQUIRE(parseDatePattern("27 September 20", "%d %B %y", v));
  CHECK(v.t == makeTime(2020, 9, 27));
  CHECK_FALSE(parseDatePattern("2020-09-27", "%d/%m/%Y", v, &err));
  CHECK(err.find("does not match") != std::string::npos);
  CHECK_FALSE(parseDatePattern("31/02/2021", "%d/%m/%Y", v, &err));
}

TEST_CASE("Calendar parts with the precision they allow, negative and huge years included", "[dates]") {
  TimeValue v;
  REQUIRE(makeTimeValue(-500, 0, 0, -1, -1, -1, v));
  CHECK(v.precision == Precision::Year);
  CHECK(v.t == makeTime(-500, 1, 1));
  CHECK(v.latest == makeTime(-499, 1, 1) - 1);
  REQUIRE(makeTimeValue(-13800000000LL, 0, 0, -1, -1, -1, v));
  CHECK(v.t < makeTime(-13000000000LL, 1, 1));
  REQUIRE(makeTimeValue(1815, 11, 0, -1, -1, -1, v));
  CHECK(v.precision == Precision::Month);
  REQUIRE(makeTimeValue(1815, 11, 30, 10, -1, -1, v));
  CHECK(v.precision == Precision::Hour);
  CHECK_FALSE(makeTimeValue(2021, 2, 29, -1, -1, -1, v));
  CHECK_FALSE(makeTimeValue(2021, 13, 1, -1, -1, -1, v));
}
