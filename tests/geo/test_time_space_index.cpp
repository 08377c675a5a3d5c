// The time cut, its counts and the density counts that follow a moving cut: checked against a count
// of every event, over random datasets and random moves of the playhead, window and brush.
#include <catch2/catch.hpp>

#include <random>

#include "geo/time_space_index.hpp"

using namespace geo;

namespace {
EventStore randomStore(std::mt19937& rng, size_t n) {
  EventStore st;
  std::uniform_real_distribution<double> pos(-50000, 50000);
  for (size_t i = 0; i < n; ++i) {
    Event e;
    e.id = "e" + std::to_string(i);
    e.start.earliest = e.start.t = Seconds(rng() % 1000) * 86400;
    e.start.latest = e.start.earliest + 86399;
    if (rng() % 5 == 0) {
      e.hasEnd = true;
      e.end.earliest = e.end.t = e.start.earliest + Seconds(rng() % 90) * 86400;
      e.end.latest = e.end.earliest + 86399;
    }
    e.hasLocation = rng() % 10 != 0;
    e.x = pos(rng);
    e.y = pos(rng) * 0.6;
    st.push(e);
  }
  st.sortByTime();
  return st;
}

size_t bruteCount(const EventStore& st, const std::vector<uint8_t>& pass, TimeCut c, const BBox* box = nullptr) {
  size_t n = 0;
  for (size_t i = 0; i < st.size(); ++i) {
    if (!st.hasLocation(i) || (!pass.empty() && !pass[i])) continue;
    if (st.first(i) > c.maxFirst || st.last(i) < c.minLast) continue;
    if (box && !box->contains(st.x(i), st.y(i))) continue;
    ++n;
  }
  return n;
}

TimeCut randomCut(std::mt19937& rng) {
  TimeCut c;
  const Seconds p = Seconds(rng() % 1100) * 86400 - 20 * 86400;
  switch (rng() % 4) {
    case 0: c = {p, INT64_MIN}; break;                           // cumulative
    case 1: c = {p, p - Seconds(1 + rng() % 60) * 86400}; break;  // a window
    case 2: c = {INT64_MAX, INT64_MIN}; break;                   // all
    default: c = {p, p + Seconds(rng() % 30) * 86400}; break;     // a brush after the playhead
  }
  return c;
}
}  // namespace

TEST_CASE("The time cut counts exactly the events a scan of every event finds", "[timespace]") {
  std::mt19937 rng(3);
  const EventStore st = randomStore(rng, 5000);
  std::vector<uint8_t> pass(st.size());
  for (auto& p : pass) p = rng() % 3 != 0;
  TimeSpaceIndex idx;
  idx.build(st, pass);
  for (int k = 0; k < 300; ++k) {
    const TimeCut c = randomCut(rng);
    INFO("cut " << c.maxFirst << " " << c.minLast);
    CHECK(idx.countShown(c) == bruteCount(st, pass, c));
    const double x0 = std::uniform_real_distribution<double>(-60000, 40000)(rng);
    const double y0 = std::uniform_real_distribution<double>(-40000, 20000)(rng);
    const BBox box{x0, y0, x0 + 20000, y0 + 15000};
    size_t inBox = 0;
    idx.forEachShownIn(box, c, [&](uint32_t i) {
      CHECK(idx.shown(i, c));
      CHECK(box.contains(st.x(i), st.y(i)));
      ++inBox;
    });
    CHECK(inBox == bruteCount(st, pass, c, &box));
  }
}

TEST_CASE("Density counts follow a moving cut exactly, touching only the events that cross it", "[timespace]") {
  std::mt19937 rng(5);
  const EventStore st = randomStore(rng, 8000);
  TimeSpaceIndex idx;
  idx.build(st, {});
  const BBox region{-30000, -20000, 30000, 20000};
  DensityCounts d, fresh;
  TimeCut c{Seconds(500) * 86400, INT64_MIN};
  d.rebuild(idx, c, region, 1000);
  size_t total = 0;
  for (uint32_t v : d.counts) total += v;
  CHECK(total == bruteCount(st, {}, c, &d.region));
  for (int k = 0; k < 400; ++k) {
    // Mostly small moves of a scrub, sometimes a jump or a change of mode.
    TimeCut next = c;
    if (rng() % 10 == 0) next = randomCut(rng);
    else {
      const Seconds step = (Seconds(rng() % 7) - 3) * 86400;
      next.maxFirst = c.maxFirst == INT64_MAX ? c.maxFirst : c.maxFirst + step;
      if (c.minLast != INT64_MIN) next.minLast = c.minLast + step;
    }
    const bool moved = d.advance(idx, next, 1u << 30);
    REQUIRE(moved);
    fresh.rebuild(idx, next, region, 1000);
    INFO("move " << k);
    REQUIRE(d.counts == fresh.counts);
    c = next;
  }
  // A small step looks at a few events, not at all of them.
  const TimeCut a{Seconds(400) * 86400, Seconds(370) * 86400}, b{Seconds(401) * 86400, Seconds(371) * 86400};
  d.rebuild(idx, a, region, 1000);
  REQUIRE(d.advance(idx, b, 1u << 30));
  CHECK(d.touched < st.size() / 50);
  CHECK_FALSE(d.advance(idx, TimeCut{INT64_MAX, INT64_MIN}, 100));  // too much work: the caller rebuilds
  CHECK(d.cut == b);
}

TEST_CASE("Density counts sum over a box by the cells whose centres lie in it", "[timespace]") {
  EventStore st;
  for (int i = 0; i < 10; ++i) {
    Event e;
    e.id = "p" + std::to_string(i);
    e.hasLocation = true;
    e.x = 500 + 1000 * i;  // cell centres of 1 km cells from 0
    e.y = -500;
    st.push(e);
  }
  st.sortByTime();
  TimeSpaceIndex idx;
  idx.build(st, {});
  DensityCounts d;
  d.rebuild(idx, TimeCut{}, BBox{0, -1000, 10000, 0}, 1000);
  CHECK(d.sumIn(BBox{0, -1000, 10000, 0}) == 10);
  CHECK(d.sumIn(BBox{2000, -1000, 5000, 0}) == 3);
  CHECK(d.sumIn(BBox{2600, -1000, 2700, 0}) == 0);
}
