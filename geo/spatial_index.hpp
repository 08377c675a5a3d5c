// A uniform grid over points (pure: no GDAL, no GL): radius queries for picking and greedy clustering
// for the map's count bubbles. Coordinates are whatever the caller uses (the map uses map-CRS metres
// for clustering, so clusters do not jump while panning, and window px for picking).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace geo {

class GridIndex {
 public:
  // Indexes points (xs[i], ys[i]) in square cells of `cell` units. ids[i] is what queries return.
  void build(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<uint32_t>& ids, double cell);
  void clear();
  size_t size() const { return ids_.size(); }
  // Calls f(id, x, y) for every point within `radius` of (x, y).
  template <class F>
  void forEachWithin(double x, double y, double radius, F&& f) const;
  // The id of the nearest point within radius, or -1.
  int64_t nearest(double x, double y, double radius) const;

 private:
  double cell_ = 1, x0_ = 0, y0_ = 0;
  int nx_ = 0, ny_ = 0;
  std::vector<uint32_t> cellStart_;  // nx*ny + 1 offsets into the sorted arrays
  std::vector<double> xs_, ys_;      // sorted by cell
  std::vector<uint32_t> ids_;
  void cellOf(double x, double y, int& cx, int& cy) const;
};

// One cluster: the members (ids as given), where it sits (the weighted centre of its members) and its
// seed (the highest-priority member, whose id names the cluster).
struct Cluster {
  double x = 0, y = 0;
  uint32_t seed = 0;
  std::vector<uint32_t> members;  // seed first, then by priority
};

// Greedy clustering: points in priority order (highest first) each take every not-yet-taken point
// within `radius` of them. A point alone is a cluster of one. O(n) with the grid. Deterministic:
// ties in priority go to the lower index.
std::vector<Cluster> clusterPoints(const std::vector<double>& xs, const std::vector<double>& ys,
                                   const std::vector<uint32_t>& ids, const std::vector<double>& priority,
                                   double radius);

template <class F>
void GridIndex::forEachWithin(double x, double y, double radius, F&& f) const {
  if (ids_.empty()) return;
  int ax, ay, bx, by;
  cellOf(x - radius, y - radius, ax, ay);
  cellOf(x + radius, y + radius, bx, by);
  const double r2 = radius * radius;
  for (int cy = ay; cy <= by; ++cy)
    for (int cx = ax; cx <= bx; ++cx) {
      const size_t c = size_t(cy) * size_t(nx_) + size_t(cx);
      for (uint32_t k = cellStart_[c]; k < cellStart_[c + 1]; ++k) {
        const double dx = xs_[k] - x, dy = ys_[k] - y;
        if (dx * dx + dy * dy <= r2) f(ids_[k], xs_[k], ys_[k]);
      }
    }
}

}  // namespace geo
