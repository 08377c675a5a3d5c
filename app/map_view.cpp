#include "app/map_view.hpp"

#include <algorithm>

namespace app {

void zoomAt(Camera& c, const Rect& r, double sx, double sy, double factor) {
  double wx, wy;
  screenToWorld(c, r, sx, sy, wx, wy);
  c.upp = std::clamp(c.upp * factor, kMinUpp, kMaxUpp);
  // Keep (wx, wy) under the cursor: solve screenToWorld(sx, sy) == (wx, wy) for the centre.
  c.cx = wx - (sx - r.x - r.w * 0.5) * c.upp;
  c.cy = wy + (sy - r.y - r.h * 0.5) * c.upp;
}

void fitWgs84(Camera& c, const Rect& r, const geo::Projection& p, const geo::BBox& wgs84) {
  const geo::BBox b = p.forwardBox(wgs84);
  if (!b.valid() || r.w < 1 || r.h < 1) return;
  c.cx = (b.minX + b.maxX) * 0.5;
  c.cy = (b.minY + b.maxY) * 0.5;
  c.upp = std::clamp(std::max(b.width() / r.w, b.height() / r.h), kMinUpp, kMaxUpp);
}

geo::BBox visibleWgs84(const Camera& c, const Rect& r, const geo::Projection& p) {
  geo::BBox m{c.cx - r.w * 0.5 * c.upp, c.cy - r.h * 0.5 * c.upp, c.cx + r.w * 0.5 * c.upp, c.cy + r.h * 0.5 * c.upp};
  return p.inverseBox(m);
}

}  // namespace app
