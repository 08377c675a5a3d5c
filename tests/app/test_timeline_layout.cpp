#include <catch2/catch.hpp>

#include <set>

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
  CHECK(t.minorLevel.unit == TickUnit::Minute);  // 5-minute ticks, "05:05", under the day
  CHECK(t.majorLevel.unit == TickUnit::Day);
  CHECK(t.major.front().label == "13 Sep 2022");
}

TEST_CASE("Ticks at every zoom level from 50 years to 1 hour are calendar-aligned and never crowded", "[timeline]") {
  const geo::Seconds mid = makeTime(1988, 2, 20, 12, 0, 0);  // 1988: before 1970, a leap year
  for (double span = 50 * 365.25 * 86400; span >= 3600; span /= 1.37) {
    const geo::Seconds a = mid - geo::Seconds(span / 2), b = a + geo::Seconds(span);
    const auto t = computeTicks(a, b, 0, 1600, 58);
    REQUIRE(t.minor.size() >= 2);
    for (size_t i = 0; i < t.minor.size(); ++i) {
      const geo::Seconds tt = t.minor[i].t;
      CHECK(tt >= a);
      CHECK(tt <= b);
      int64_t y;
      unsigned m, d;
      geo::civilFromDays(tt >= 0 ? tt / 86400 : -((-tt + 86399) / 86400), y, m, d);
      if (t.minorLevel.unit == TickUnit::Month || t.minorLevel.unit == TickUnit::Year) CHECK(d == 1);
      if (t.minorLevel.unit == TickUnit::Year) CHECK(m == 1);
      if (t.minorLevel.unit >= TickUnit::Day) CHECK(((tt % 86400) + 86400) % 86400 == 0);
      if (i > 0) CHECK(t.minor[i].x - t.minor[i - 1].x >= 58 - 1e-6);
    }
    CHECK(!t.major.empty());
  }
}

TEST_CASE("Day ticks in February 1988 count 29 days, in 1989 28", "[timeline]") {
  const auto leap = tickTimes({TickUnit::Day, 1, 86400}, makeTime(1988, 2, 1), makeTime(1988, 3, 1) - 1);
  CHECK(leap.size() == 29);
  const auto common = tickTimes({TickUnit::Day, 1, 86400}, makeTime(1989, 2, 1), makeTime(1989, 3, 1) - 1);
  CHECK(common.size() == 28);
  CHECK(tickLabel({TickUnit::Month, 1, 30.44 * 86400}, makeTime(1988, 2, 1), true) == "Feb 1988");
}

namespace {
geo::EventColumns dailyInstants(geo::Seconds start, int n, geo::Seconds step) {
  geo::EventColumns c;
  for (int i = 0; i < n; ++i) c.push(start + i * step, start + i * step + 86399, geo::Precision::Day, false);
  return c;
}
}  // namespace

TEST_CASE("Items narrower than 3 px fold into counted clusters that account for every event", "[timeline]") {
  // 365 daily events over a 30-year view at 1600 px: a day is 0.15 px.
  const geo::Seconds s0 = makeTime(2020, 1, 1);
  geo::EventColumns c = dailyInstants(s0, 365, 86400);
  geo::LaneIndex idx;
  idx.build(c, std::vector<int>(365, 0), 1);
  TimelineView v{makeTime(1995, 1, 1), makeTime(2025, 1, 1), 0, 1600};
  TimelineLayout out;
  layoutTimeline(c, idx, v, LayoutParams{}, {}, out);
  uint32_t total = 0;
  for (const LayoutItem& it : out.items) {
    total += it.count;
    if (it.kind == ItemKind::Cluster) {
      CHECK(it.count > 1);
      CHECK(it.x1 - it.x0 <= LayoutParams{}.maxClusterPx + 3 + 1);
    }
  }
  CHECK(total == 365);
  CHECK(out.eventsInView == 365);
  CHECK(out.items.size() < 20);
  // Zoomed to a month, each day is 50 px: no folding, one marker per day.
  TimelineView m{makeTime(2020, 3, 1), makeTime(2020, 3, 31), 0, 1500};
  layoutTimeline(c, idx, m, LayoutParams{}, {}, out);
  size_t markers = 0;
  for (const LayoutItem& it : out.items) markers += it.kind == ItemKind::Marker && it.count == 1;
  CHECK(markers == 31);  // 1..31 March (the 31st starts at the view's end)
}

TEST_CASE("Overlapping spans stack into sub-rows, then overflow into a count", "[timeline]") {
  geo::EventColumns c;
  const geo::Seconds s0 = makeTime(2020, 1, 1);
  for (int i = 0; i < 6; ++i) c.push(s0 + i * 86400, s0 + (30 + i) * 86400, geo::Precision::Day, true);
  geo::LaneIndex idx;
  idx.build(c, std::vector<int>(6, 0), 1);
  TimelineView v{s0 - 5 * 86400, s0 + 60 * 86400, 0, 1300};
  TimelineLayout out;
  layoutTimeline(c, idx, v, LayoutParams{}, {}, out);
  int bars = 0, over = 0;
  std::set<int> rows;
  for (const LayoutItem& it : out.items) {
    if (it.kind == ItemKind::Bar) { ++bars; rows.insert(it.row); }
    if (it.kind == ItemKind::Overflow) over += int(it.count);
  }
  CHECK(bars == 4);
  CHECK(rows.size() == 4);
  CHECK(over == 2);
  CHECK(out.rows[0] == 4);
}

TEST_CASE("Uncertain instants cover their whole possible interval at each precision", "[timeline]") {
  struct Case { const char* iso; geo::Seconds first, last; };
  const Case cases[] = {{"2020", makeTime(2020, 1, 1), makeTime(2021, 1, 1) - 1},
                        {"2020-02", makeTime(2020, 2, 1), makeTime(2020, 3, 1) - 1},
                        {"2020-W40", makeTime(2020, 9, 28), makeTime(2020, 10, 5) - 1},
                        {"2020-10-03", makeTime(2020, 10, 3), makeTime(2020, 10, 4) - 1}};
  for (const Case& k : cases) {
    geo::TimeValue tv;
    REQUIRE(geo::parseIso8601(k.iso, tv));
    geo::EventColumns c;
    c.push(tv.earliest, tv.latest, tv.precision, false);
    geo::LaneIndex idx;
    idx.build(c, {0}, 1);
    TimelineView v{makeTime(2019, 12, 1), makeTime(2021, 2, 1), 0, 1600};
    TimelineLayout out;
    layoutTimeline(c, idx, v, LayoutParams{}, {}, out);
    REQUIRE(out.items.size() == 1);
    const LayoutItem& it = out.items[0];
    CHECK(it.first == k.first);
    CHECK(it.last == k.last);
    if (tv.precision < geo::Precision::Day) {
      CHECK(it.kind == ItemKind::Interval);  // faded over the interval, never a sharp tick
      CHECK(it.x0 == Approx(v.x(k.first)).margin(1e-3));
      CHECK(it.x1 == Approx(std::max(v.x(k.last + 1), v.x(k.first) + 3)).margin(1e-3));
    } else {
      CHECK(it.kind == ItemKind::Marker);
    }
  }
}

TEST_CASE("Wheel zoom keeps the time under the pointer within a second, at a 1-hour view of 50 years", "[timeline]") {
  geo::Seconds a = makeTime(1975, 1, 1), b = makeTime(2025, 1, 1);
  const double px = 100 + 1600 * 0.37;
  const double before = double(a) + (px - 100) / 1600 * double(b - a);
  for (int i = 0; i < 80; ++i) zoomAround(a, b, px, 100, 1600, 1 / 1.25);
  CHECK(b - a == kMinSpan);
  const double after = double(a) + (px - 100) / 1600 * double(b - a);
  CHECK(after == Approx(before).margin(1.0));
}

TEST_CASE("Go-to parses ISO dates, month names and years", "[timeline]") {
  geo::TimeValue v;
  REQUIRE(parseGoToDate("2022-09-13", v));
  CHECK(v.earliest == makeTime(2022, 9, 13));
  REQUIRE(parseGoToDate("Sep 2022", v));
  CHECK(v.earliest == makeTime(2022, 9, 1));
  CHECK(v.precision == geo::Precision::Month);
  REQUIRE(parseGoToDate("september 2022", v));
  CHECK(v.earliest == makeTime(2022, 9, 1));
  REQUIRE(parseGoToDate("13 Sep 2022", v));
  CHECK(v.earliest == makeTime(2022, 9, 13));
  REQUIRE(parseGoToDate("Sep 13, 2022", v));
  CHECK(v.earliest == makeTime(2022, 9, 13));
  REQUIRE(parseGoToDate("1994", v));
  CHECK(v.earliest == makeTime(1994, 1, 1));
  CHECK(v.precision == geo::Precision::Year);
  CHECK_FALSE(parseGoToDate("soon", v));
  CHECK_FALSE(parseGoToDate("Sep", v));
}

TEST_CASE("Density counts every event in calendar bins, by lane", "[timeline]") {
  const geo::Seconds s0 = makeTime(2020, 1, 1);
  geo::EventColumns c = dailyInstants(s0, 366, 86400);
  std::vector<int> lanes(366);
  for (int i = 0; i < 366; ++i) lanes[size_t(i)] = i % 2;
  geo::LaneIndex idx;
  idx.build(c, lanes, 2);
  Density d;
  computeDensity(idx, TimelineView{s0, makeTime(2021, 1, 1), 0, 1200}, 60, d);
  CHECK(d.level.unit == TickUnit::Month);
  REQUIRE(d.edges.size() == 13);
  CHECK(d.totals[1] == 29);  // February 2020
  CHECK(d.counts[1 * 2 + 0] + d.counts[1 * 2 + 1] == 29);
  uint32_t sum = 0;
  for (uint32_t t : d.totals) sum += t;
  CHECK(sum == 366);
}

TEST_CASE("Time-mode fading: older events fade in cumulative mode as on the map, uncertain ones until their latest", "[timeline]") {
  FadeRule r;
  r.mode = 0;  // cumulative
  r.playhead = makeTime(2020, 10, 15);
  r.viewSpan = 100 * 86400;
  const geo::Seconds day = 86400;
  // Not begun yet: greyed.
  CHECK(itemAlpha(r, r.playhead + 1, r.playhead + day, r.playhead + 1) == Approx(kHiddenAlpha));
  // Under way and certain: full.
  CHECK(itemAlpha(r, r.playhead - day, r.playhead + day, r.playhead - day) == Approx(1.0f));
  // Over: 1 - 0.55 * age / span, never under 0.45 (app/map_panel.cpp fadeOf).
  CHECK(itemAlpha(r, r.playhead - 20 * day, r.playhead - 10 * day, r.playhead - 20 * day) == Approx(1.0 - 0.55 * 0.1));
  CHECK(itemAlpha(r, r.playhead - 400 * day, r.playhead - 300 * day, r.playhead - 400 * day) == Approx(0.45f));
  // Older is never more opaque than newer.
  float prev = 1.0f;
  for (int age = 0; age < 200; age += 5) {
    const float a = itemAlpha(r, r.playhead - (age + 1) * day, r.playhead - age * day - 1, r.playhead - (age + 1) * day);
    CHECK(a <= prev + 1e-6f);
    prev = a;
  }
  // An event known to the month: appears from its earliest time, faded until its latest.
  geo::Seconds a, b;
  geo::intervalOf(makeTime(2020, 10, 1), geo::Precision::Month, a, b);
  CHECK(latestStart(a, geo::Precision::Month) == b);
  CHECK(latestStart(a, geo::Precision::Day) == a);
  CHECK(itemAlpha(r, a, b, latestStart(a, geo::Precision::Month)) == Approx(kUncertainAlpha));
  r.playhead = b;
  CHECK(itemAlpha(r, a, b, b) == Approx(1.0f));
  r.playhead = a - 1;
  CHECK(itemAlpha(r, a, b, b) == Approx(kHiddenAlpha));
  // Window mode: outside the window greyed; uncertain faded the same way.
  r.mode = 1;
  r.windowS = 30 * day;
  r.playhead = makeTime(2020, 10, 15);
  CHECK(itemAlpha(r, r.playhead - 40 * day, r.playhead - 31 * day, r.playhead - 40 * day) == Approx(kHiddenAlpha));
  CHECK(itemAlpha(r, r.playhead - 40 * day, r.playhead - 29 * day, r.playhead - 40 * day) == Approx(1.0f));
  CHECK(itemAlpha(r, a, b, b) == Approx(kUncertainAlpha));
  // All mode: everything at full; the range brush still greys what it leaves out.
  r.mode = 2;
  CHECK(itemAlpha(r, r.playhead + 100 * day, r.playhead + 101 * day, r.playhead + 100 * day) == Approx(1.0f));
  r.hasRange = true;
  r.rangeStart = r.playhead;
  r.rangeEnd = r.playhead + day;
  CHECK(itemAlpha(r, r.playhead + 100 * day, r.playhead + 101 * day, r.playhead + 100 * day) == Approx(kHiddenAlpha));
}

TEST_CASE("Smooth zoom path: exact ends, a pure zoom keeps its fixed point, a far jump zooms out on the way", "[timeline]") {
  const geo::Seconds a0 = makeTime(1988, 1, 1), a1 = makeTime(2025, 1, 1);
  const geo::Seconds b0 = makeTime(2022, 9, 12), b1 = makeTime(2022, 9, 15);
  geo::Seconds s, e;
  zoomPath(a0, a1, b0, b1, 0.0, s, e);
  CHECK((s == a0 && e == a1));
  zoomPath(a0, a1, b0, b1, 1.0, s, e);
  CHECK((s == b0 && e == b1));
  // Zooming in: the span shrinks monotonically and the target stays in view all the way.
  geo::Seconds prevSpan = a1 - a0;
  for (int k = 1; k < 20; ++k) {
    zoomPath(a0, a1, b0, b1, k / 20.0, s, e);
    CHECK(e - s <= prevSpan + 2);
    CHECK(s <= b1);
    CHECK(e >= b0);
    prevSpan = e - s;
  }
  // A pure zoom about the same centre: the centre does not move.
  zoomPath(0, 1000000, 400000, 600000, 0.5, s, e);
  CHECK(std::llabs((s + e) / 2 - 500000) <= 1);
  CHECK(e - s < 1000000);
  CHECK(e - s > 200000);
  // A far pan at a month's span: the middle of the path shows more than either end.
  const geo::Seconds m0 = makeTime(1994, 5, 1), m1 = makeTime(1994, 6, 1);
  const geo::Seconds n0 = makeTime(2020, 10, 1), n1 = makeTime(2020, 11, 1);
  zoomPath(m0, m1, n0, n1, 0.5, s, e);
  CHECK(e - s > 10 * (m1 - m0));
  CHECK(easeInOutCubic(0) == 0.0);
  CHECK(easeInOutCubic(1) == 1.0);
  CHECK(easeInOutCubic(0.5) == Approx(0.5));
}

// Deep time (issue 12): a cosmological TimelineJS file spans 13.8 billion years. The year levels
// used to stop at 100 years, so the axis asked for 138 million ticks (minutes, then out of memory).
TEST_CASE("A 13.8-billion-year view has a few labelled ticks in billions of years", "[timeline]") {
  const geo::Seconds start = makeTime(-13800000000LL, 1, 1), end = makeTime(2025, 1, 1);
  const auto t = computeTicks(start, end, 0, 1600, 58);
  CHECK(t.minorLevel.unit == TickUnit::Year);
  CHECK(t.minorLevel.step >= 100000000LL);
  CHECK(t.minor.size() >= 3);
  CHECK(t.minor.size() <= 40);
  CHECK(t.fine.size() < 4000);
  bool billions = false;
  for (const Tick& k : t.minor) billions = billions || k.label.find(" bn") != std::string::npos;
  for (const Tick& k : t.major) billions = billions || k.label.find(" bn") != std::string::npos;
  CHECK(billions);
  // The labelled ticks are at least the label spacing apart.
  for (size_t i = 1; i < t.minor.size(); ++i) CHECK(t.minor[i].x - t.minor[i - 1].x >= 58);
  // A level far too fine for a span gives no ticks rather than millions.
  const TickLevel year{TickUnit::Year, 1, 365.25 * 86400};
  CHECK(tickTimes(year, start, end).empty());
  // The density strip over the same view has a bounded number of bins.
  geo::LaneIndex idx;
  Density d;
  TimelineView v;
  v.t0 = start;
  v.t1 = end;
  v.width = 1600;
  computeDensity(idx, v, 6, d);
  CHECK(d.edges.size() >= 2);
  CHECK(d.edges.size() <= 400);
}

TEST_CASE("Deep-time tick labels read in millions and billions of years", "[timeline]") {
  const TickLevel l{TickUnit::Year, 1000000000LL, 1e9 * 365.25 * 86400};
  CHECK(tickLabel(l, makeTime(-13000000000LL, 1, 1), false) == "-13 bn");
  const TickLevel m{TickUnit::Year, 1000000LL, 1e6 * 365.25 * 86400};
  CHECK(tickLabel(m, makeTime(-66000000LL, 1, 1), false) == "-66 m");
  CHECK(tickLabel(m, makeTime(1994, 1, 1), false) == "1994");
}
