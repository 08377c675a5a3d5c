#include <catch2/catch.hpp>

#include "app/timeline_layout.hpp"

using namespace app;
using geo::makeTime;

TEST_CASE("A 37-year view shows years with month marks", "[timeline]") {
  const auto t = computeTicks(makeTime(1988, 1, 1), makeTime(2025, 12, 31), 0, 1200, 58);
  CHECK(t.minorLevel.unit == TickUnit::Year);
  REQUIRE(!t.minor.empty());
  for (const Tick& k : t.minor) {
    int64_t y;
    unsigned m, d;
    geo::civilFromDays(k.t / 86400, y, m, d);
    CHECK(m == 1);
    CHECK(d == 1);
  }
  CHECK(t.minorLevel.step == 2);  // 32 px a year: every other year is labelled
  CHECK(t.minor.front().label == "1988");
  CHECK(t.majorLevel.unit == TickUnit::Year);
  CHECK(t.major.front().label == "1980");  // the decade the view starts in
  CHECK(!t.fine.empty());                   // month marks under the years
  // Labelled ticks are at least the asked spacing apart.
  for (size_t i = 1; i < t.minor.size(); ++i) CHECK(t.minor[i].x - t.minor[i - 1].x >= 58 - 1e-9);
}

TEST_CASE("A two-month view shows days under months, with month lengths right", "[timeline]") {
  const auto t = computeTicks(makeTime(2020, 2, 1), makeTime(2020, 4, 1), 0, 1600, 24);
  CHECK(t.minorLevel.unit == TickUnit::Day);
  CHECK(t.majorLevel.unit == TickUnit::Month);
  CHECK(t.minor.size() == 29 + 31 + 1);  // leap February, March, and 1 April
  REQUIRE(t.major.size() >= 2);
  CHECK(t.major[0].label == "Feb 2020");
  CHECK(t.major[1].label == "Mar 2020");
}

TEST_CASE("Month ticks land on the first of each month, 1988 included", "[timeline]") {
  const auto times = tickTimes({TickUnit::Month, 1, 30.44 * 86400}, makeTime(1987, 12, 15), makeTime(1988, 4, 2));
  REQUIRE(times.size() == 4);
  CHECK(times[0] == makeTime(1988, 1, 1));
  CHECK(times[1] == makeTime(1988, 2, 1));
  CHECK(times[2] == makeTime(1988, 3, 1));
  CHECK(times[3] == makeTime(1988, 4, 1));
}

TEST_CASE("A one-hour view inside a 50-year dataset places pixels without jitter", "[timeline]") {
  const geo::Seconds start = makeTime(2022, 9, 13, 5, 0, 0), end = start + 3600;
  for (int s = 0; s <= 3600; s += 60) {
    const double x = timeToX(start + s, start, end, 100, 1600);
    CHECK(x == Approx(100 + s * 1600.0 / 3600).margin(1e-9));
    CHECK(xToTime(x, start, end, 100, 1600) == Approx(double(start + s)).margin(1));
  }
  const auto t = computeTicks(start, end, 0, 1600, 58);
  CHECK(t.minorLevel.unit == TickUnit::Hour);
  CHECK(t.majorLevel.unit == TickUnit::Day);
  CHECK(t.major.front().label == "13 Sep 2022");
}
