#include "geo/map_layer.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace geo {

int MapLayer::featureAt(double x, double y) const {
  if (kind != GeomKind::Polygon) return -1;
  for (size_t f = 0; f < featureCount(); ++f) {
    bool inside = false;
    for (uint32_t r = featureRingStart[f]; r < featureRingStart[f + 1]; ++r) {
      const uint32_t a = ringStart[r], b = ringStart[r + 1];
      for (uint32_t i = a, j = b - 1; i < b; j = i++) {
        const Vec2d& p = coords[i];
        const Vec2d& q = coords[j];
        if ((p.y > y) != (q.y > y) && x < (q.x - p.x) * (y - p.y) / (q.y - p.y) + p.x) inside = !inside;
      }
    }
    if (inside) return int(f);
  }
  return -1;
}

void densifyPath(const Vec2d* pts, size_t n, double maxStep, std::vector<Vec2d>& out) {
  for (size_t i = 0; i < n; ++i) {
    const Vec2d p = pts[i];
    if (i > 0 && maxStep > 0) {
      const Vec2d q = pts[i - 1];
      const double len = std::max(std::fabs(p.x - q.x), std::fabs(p.y - q.y));
      const int pieces = len > maxStep ? int(std::min(1000.0, std::ceil(len / maxStep))) : 1;
      for (int k = 1; k < pieces; ++k) out.push_back({q.x + (p.x - q.x) * k / pieces, q.y + (p.y - q.y) * k / pieces});
    }
    out.push_back(p);
  }
}

void densify(MapLayer& l, double maxStep) {
  if (maxStep <= 0 || l.kind == GeomKind::Point || l.ringCount() == 0) return;
  std::vector<Vec2d> out;
  std::vector<uint32_t> starts{0};
  out.reserve(l.coords.size());
  for (size_t r = 0; r < l.ringCount(); ++r) {
    densifyPath(l.coords.data() + l.ringStart[r], l.ringStart[r + 1] - l.ringStart[r], maxStep, out);
    starts.push_back(uint32_t(out.size()));
  }
  l.coords = std::move(out);
  l.ringStart = std::move(starts);
}

}  // namespace geo
