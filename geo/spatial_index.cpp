#include "geo/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace geo {

namespace {
// Keeps the grid's cell count bounded (memory) whatever the spread of the points.
constexpr double kMaxCells = 1 << 20;
}  // namespace

void GridIndex::clear() {
  cellStart_.clear();
  xs_.clear();
  ys_.clear();
  ids_.clear();
  nx_ = ny_ = 0;
}

void GridIndex::cellOf(double x, double y, int& cx, int& cy) const {
  cx = std::clamp(int(std::floor((x - x0_) / cell_)), 0, nx_ - 1);
  cy = std::clamp(int(std::floor((y - y0_) / cell_)), 0, ny_ - 1);
}

void GridIndex::build(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<uint32_t>& ids,
                      double cell) {
  clear();
  const size_t n = std::min({xs.size(), ys.size(), ids.size()});
  if (n == 0) return;
  double minX = xs[0], maxX = xs[0], minY = ys[0], maxY = ys[0];
  for (size_t i = 1; i < n; ++i) {
    minX = std::min(minX, xs[i]);
    maxX = std::max(maxX, xs[i]);
    minY = std::min(minY, ys[i]);
    maxY = std::max(maxY, ys[i]);
  }
  cell_ = cell > 0 ? cell : 1;
  // Grow cells until the grid is small enough (very spread-out points with a small cell).
  while (((maxX - minX) / cell_ + 1) * ((maxY - minY) / cell_ + 1) > kMaxCells) cell_ *= 2;
  x0_ = minX;
  y0_ = minY;
  nx_ = int((maxX - minX) / cell_) + 1;
  ny_ = int((maxY - minY) / cell_) + 1;
  std::vector<uint32_t> cellOfPt(n);
  cellStart_.assign(size_t(nx_) * size_t(ny_) + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    int cx, cy;
    cellOf(xs[i], ys[i], cx, cy);
    cellOfPt[i] = uint32_t(cy) * uint32_t(nx_) + uint32_t(cx);
    ++cellStart_[cellOfPt[i] + 1];
  }
  for (size_t c = 1; c < cellStart_.size(); ++c) cellStart_[c] += cellStart_[c - 1];
  std::vector<uint32_t> fill(cellStart_.begin(), cellStart_.end() - 1);
  xs_.resize(n);
  ys_.resize(n);
  ids_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t k = fill[cellOfPt[i]]++;
    xs_[k] = xs[i];
    ys_[k] = ys[i];
    ids_[k] = ids[i];
  }
}

int64_t GridIndex::nearest(double x, double y, double radius) const {
  int64_t best = -1;
  double bestD = radius * radius;
  forEachWithin(x, y, radius, [&](uint32_t id, double px, double py) {
    const double d = (px - x) * (px - x) + (py - y) * (py - y);
    if (d < bestD || (d == bestD && (best < 0 || id < uint64_t(best)))) {
      bestD = d;
      best = id;
    }
  });
  return best;
}

std::vector<Cluster> clusterPoints(const std::vector<double>& xs, const std::vector<double>& ys,
                                   const std::vector<uint32_t>& ids, const std::vector<double>& priority,
                                   double radius) {
  const size_t n = std::min({xs.size(), ys.size(), ids.size()});
  std::vector<Cluster> out;
  if (n == 0) return out;
  // The grid returns positions in the input arrays (so that `taken` can be indexed).
  std::vector<uint32_t> pos(n);
  std::iota(pos.begin(), pos.end(), 0u);
  GridIndex grid;
  grid.build(xs, ys, pos, radius);
  std::vector<uint32_t> order(pos);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const double pa = a < priority.size() ? priority[a] : 0, pb = b < priority.size() ? priority[b] : 0;
    return pa > pb;
  });
  std::vector<uint8_t> taken(n, 0);
  for (uint32_t p : order) {
    if (taken[p]) continue;
    Cluster c;
    c.seed = ids[p];
    taken[p] = 1;
    std::vector<uint32_t> mem{p};
    grid.forEachWithin(xs[p], ys[p], radius, [&](uint32_t q, double, double) {
      if (taken[q]) return;
      taken[q] = 1;
      mem.push_back(q);
    });
    std::stable_sort(mem.begin() + 1, mem.end(), [&](uint32_t a, uint32_t b) {
      const double pa = a < priority.size() ? priority[a] : 0, pb = b < priority.size() ? priority[b] : 0;
      return pa > pb;
    });
    double sx = 0, sy = 0;
    for (uint32_t q : mem) {
      sx += xs[q];
      sy += ys[q];
      c.members.push_back(ids[q]);
    }
    c.x = sx / double(mem.size());
    c.y = sy / double(mem.size());
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace geo
