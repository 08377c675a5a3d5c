// The grid index answers radius queries like a brute-force scan, and clustering merges exactly the
// points that lie within the radius of a higher-priority seed.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <set>

#include "geo/spatial_index.hpp"

using namespace geo;

TEST_CASE("Grid radius queries find the same points as a brute-force scan", "[spatial]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-5000, 5000);
  std::vector<double> xs, ys;
  std::vector<uint32_t> ids;
  for (uint32_t i = 0; i < 3000; ++i) {
    xs.push_back(u(rng));
    ys.push_back(u(rng) * 0.3);
    ids.push_back(i * 2);  // ids need not be positions
  }
  GridIndex g;
  g.build(xs, ys, ids, 150);
  CHECK(g.size() == 3000);
  for (int q = 0; q < 50; ++q) {
    const double x = u(rng), y = u(rng) * 0.3, r = 20 + q * 9;
    std::set<uint32_t> want, got;
    for (size_t i = 0; i < xs.size(); ++i)
      if (std::hypot(xs[i] - x, ys[i] - y) <= r) want.insert(ids[i]);
    g.forEachWithin(x, y, r, [&](uint32_t id, double, double) { got.insert(id); });
    REQUIRE(got == want);
    const int64_t n = g.nearest(x, y, r);
    if (want.empty()) CHECK(n == -1);
    else CHECK(want.count(uint32_t(n)) == 1);
  }
}

TEST_CASE("Empty and degenerate grids answer nothing and do not crash", "[spatial]") {
  GridIndex g;
  g.build({}, {}, {}, 10);
  CHECK(g.nearest(0, 0, 100) == -1);
  g.build({1, 1, 1}, {2, 2, 2}, {5, 6, 7}, 0);  // all at one spot, no cell size
  int n = 0;
  g.forEachWithin(1, 2, 0.5, [&](uint32_t, double, double) { ++n; });
  CHECK(n == 3);
  // Very spread out with a tiny cell: the grid coarsens instead of allocating billions of cells.
  g.build({-1e7, 1e7}, {-1e7, 1e7}, {0, 1}, 1);
  CHECK(g.nearest(1e7, 1e7, 10) == 1);
}

TEST_CASE("Clusters: points within the radius of a seed join it - far points stay alone", "[spatial]") {
  // Two tight groups and a loner; priority picks the seed.
  const std::vector<double> xs = {0, 3, -2, 100, 104, 500};
  const std::vector<double> ys = {0, 1, 2, 0, 3, 500};
  const std::vector<uint32_t> ids = {10, 11, 12, 13, 14, 15};
  const std::vector<double> prio = {1, 5, 0, 0, 2, 0};
  const auto cl = clusterPoints(xs, ys, ids, prio, 10);
  REQUIRE(cl.size() == 3);
  size_t total = 0;
  for (const auto& c : cl) total += c.members.size();
  CHECK(total == 6);
  CHECK(cl[0].seed == 11);  // the highest priority goes first
  CHECK(cl[0].members.size() == 3);
  CHECK(cl[0].x == Approx(1.0/ 3.0));
  CHECK(cl[1].seed == 14);
  CHECK(cl[1].members.size() == 2);
  CHECK(cl[2].members.size() == 1);
  // A smaller radius than any distance: every point alone.
  CHECK(clusterPoints(xs, ys, ids, prio, 0.5).size() == 6);
}

TEST_CASE("Clustering 100,000 points is linear enough for a frame", "[spatial]") {
  std::mt19937 rng(3);
  std::normal_distribution<double> n(0, 50000);
  std::vector<double> xs, ys, prio;
  std::vector<uint32_t> ids;
  for (uint32_t i = 0; i < 100000; ++i) {
    xs.push_back(n(rng));
    ys.push_back(n(rng));
    ids.push_back(i);
    prio.push_back(double(i % 97));
  }
  const auto cl = clusterPoints(xs, ys, ids, prio, 2000);
  size_t total = 0, tooFar = 0;
  for (const auto& c : cl) {
    total += c.members.size();
    for (uint32_t m : c.members)
      if (std::hypot(xs[m] - xs[c.seed], ys[m] - ys[c.seed]) > 2000 + 1e-6) ++tooFar;
  }
  CHECK(total == 100000);
  CHECK(tooFar == 0);
  CHECK(cl.size() < 100000);
}
