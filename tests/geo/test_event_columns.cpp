#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "geo/event_columns.hpp"

using namespace geo;

TEST_CASE("Length classes grow by a factor of four from an hour", "[columns]") {
  CHECK(lengthClassOf(0) == 0);
  CHECK(lengthClassOf(3599) == 0);
  CHECK(lengthClassOf(3600) == 1);
  CHECK(lengthClassOf(4 * 3600 - 1) == 1);
  CHECK(lengthClassOf(4 * 3600) == 2);
  CHECK(lengthClassOf(Seconds(1) << 60) == kLengthClasses - 1);
}

TEST_CASE("Culling with the lane index finds exactly the overlapping events, long spans included", "[columns]") {
  std::mt19937_64 rng(7);
  const Seconds t0 = makeTime(1990, 1, 1), t1 = makeTime(2020, 1, 1);
  std::uniform_int_distribution<Seconds> when(t0, t1), len(0, 400 * 86400);
  EventColumns c;
  std::vector<Seconds> starts(5000);
  for (auto& s : starts) s = when(rng);
  std::sort(starts.begin(), starts.end());
  std::vector<int> laneOf;
  for (size_t i = 0; i < starts.size(); ++i) {
    const bool span = i % 5 == 0;
    c.push(starts[i], starts[i] + (span ? len(rng) : 86399), Precision::Day, span);
    laneOf.push_back(int(i % 3));
  }
  c.push(makeTime(1989, 1, 1), makeTime(2021, 1, 1), Precision::Year, true);  // one very long span
  laneOf.push_back(1);
  LaneIndex idx;
  idx.build(c, laneOf, 3);
  CHECK(idx.total == c.size());
  for (int q = 0; q < 50; ++q) {
    const Seconds a = when(rng), b = a + Seconds(q) * 86400 * 7;
    for (int lane = 0; lane < 3; ++lane) {
      std::set<uint32_t> got, want;
      idx.forEachOverlapping(lane, a, b, [&](uint32_t e) { got.insert(e); });
      for (size_t i = 0; i < c.size(); ++i)
        if (laneOf[i] == lane && c.first[i] <= b && c.last[i] >= a) want.insert(uint32_t(i));
      CHECK(got == want);
    }
  }
}

TEST_CASE("The precision filter leaves out events less precise than asked", "[columns]") {
  EventColumns c;
  c.push(makeTime(2020, 1, 1), makeTime(2021, 1, 1) - 1, Precision::Year, false);
  c.push(makeTime(2020, 3, 1), makeTime(2020, 4, 1) - 1, Precision::Month, false);
  c.push(makeTime(2020, 3, 2), makeTime(2020, 3, 9) - 1, Precision::Week, false);
  c.push(makeTime(2020, 3, 5), makeTime(2020, 3, 6) - 1, Precision::Day, false);
  LaneIndex idx;
  idx.build(c, {0, 0, 0, 0}, 1, Precision::Week);
  CHECK(idx.total == 2);
  CHECK(idx.countStarting(0, makeTime(2020, 1, 1), makeTime(2021, 1, 1)) == 2);
  idx.build(c, {0, 0, 0, 0}, 1);
  CHECK(idx.total == 4);
}

TEST_CASE("Stepping finds the next and previous start", "[columns]") {
  EventColumns c;
  c.push(100, 100, Precision::Second, false);
  c.push(200, 300, Precision::Second, true);
  c.push(200, 200, Precision::Second, false);
  c.push(500, 500, Precision::Second, false);
  CHECK(nextStartAfter(c, 50) == 0);
  CHECK(nextStartAfter(c, 100) == 1);
  CHECK(nextStartAfter(c, 200) == 3);
  CHECK(nextStartAfter(c, 500) == 4);
  CHECK(prevStartBefore(c, 500) == 2);
  CHECK(prevStartBefore(c, 100) == -1);
}

TEST_CASE("anyOverlapping agrees with forEachOverlapping, long spans that began earlier included", "[columns]") {
  std::mt19937_64 rng(11);
  const Seconds t0 = makeTime(2000, 1, 1), t1 = makeTime(2010, 1, 1);
  std::uniform_int_distribution<Seconds> when(t0, t1), len(0, 900 * 86400);
  EventColumns c;
  std::vector<Seconds> starts(60);
  for (auto& s : starts) s = when(rng);
  std::sort(starts.begin(), starts.end());
  std::vector<int> laneOf;
  for (size_t i = 0; i < starts.size(); ++i) {
    const bool span = i % 3 == 0;
    c.push(starts[i], starts[i] + (span ? len(rng) : 86399), Precision::Day, span);
    laneOf.push_back(int(i % 4));
  }
  LaneIndex idx;
  idx.build(c, laneOf, 4);
  std::uniform_int_distribution<Seconds> at(t0 - 400 * 86400, t1 + 400 * 86400), width(3600, 120 * 86400);
  for (int q = 0; q < 400; ++q) {
    const Seconds a = at(rng), b = a + width(rng);
    for (int l = 0; l < 4; ++l) {
      bool any = false;
      idx.forEachOverlapping(l, a, b, [&](uint32_t) { any = true; });
      CHECK(idx.anyOverlapping(l, a, b) == any);
    }
  }
  CHECK_FALSE(idx.anyOverlapping(7, t0, t1));  // no such lane
  // Only a long span that began before the view: found by the scan of earlier starts.
  EventColumns one;
  one.push(makeTime(2000, 1, 1), makeTime(2005, 1, 1), Precision::Day, true);
  LaneIndex i1;
  i1.build(one, {0}, 1);
  CHECK(i1.anyOverlapping(0, makeTime(2003, 1, 1), makeTime(2003, 2, 1)));
  CHECK_FALSE(i1.anyOverlapping(0, makeTime(2005, 1, 2), makeTime(2006, 1, 1)));
}
