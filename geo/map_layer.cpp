#include "geo/map_layer.hpp"

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

}  // namespace geo
