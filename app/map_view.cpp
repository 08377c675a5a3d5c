#include "app/map_view.hpp"

#include <algorithm>
#include <cmath>

namespace app {

void zoomAt(Camera& c, const Rect& r, double sx, double sy, double factor) {
  double wx, wy;
  screenToWorld(c, r, sx, sy, wx, wy);
  c.upp = std::clamp(c.upp * factor, c.minUpp, c.maxUpp);
  // Keep (wx, wy) under the cursor: solve screenToWorld(sx, sy) == (wx, wy) for the centre.
  c.cx = wx - (sx - r.x - r.w * 0.5) * c.upp;
  c.cy = wy + (sy - r.y - r.h * 0.5) * c.upp;
}

double haversineM(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kR = 6371008.8, kDeg = 3.14159265358979323846 / 180.0;
  const double dl = (lat2 - lat1) * kDeg, dn = (lon2 - lon1) * kDeg;
  const double a = std::sin(dl / 2) * std::sin(dl / 2) +
                   std::cos(lat1 * kDeg) * std::cos(lat2 * kDeg) * std::sin(dn / 2) * std::sin(dn / 2);
  return 2 * kR * std::asin(std::min(1.0, std::sqrt(a)));
}

double metresPerUnit(const geo::Projection& p, double x, double y) {
  // Along x, over a small step: projections that are not conformal differ a little by direction,
  // which is far below what a zoom limit or a scale bar needs.
  const double step = std::max(1e-6, std::fabs(x) * 1e-6 + 1e-3);
  double lon1, lat1, lon2, lat2;
  if (!p.inverse(x, y, lon1, lat1) || !p.inverse(x + step, y, lon2, lat2)) return 0;
  return haversineM(lon1, lat1, lon2, lat2) / step;
}

void fitWgs84(Camera& c, const Rect& r, const geo::Projection& p, const geo::BBox& wgs84) {
  const geo::BBox b = p.forwardBox(wgs84);
  if (!b.valid() || r.w < 1 || r.h < 1) return;
  c.cx = (b.minX + b.maxX) * 0.5;
  c.cy = (b.minY + b.maxY) * 0.5;
  // The limits are in metres of ground; the camera works in map units.
  const double mpu = metresPerUnit(p, c.cx, c.cy);
  if (mpu > 0) {
    c.minUpp = kMinUpp / mpu;
    c.maxUpp = kMaxUpp / mpu;
  }
  c.upp = std::clamp(std::max(b.width() / r.w, b.height() / r.h), c.minUpp, c.maxUpp);
}

void fitMapBox(Camera& c, const Rect& r, const geo::BBox& b, double marginPx) {
  if (!b.valid() || r.w <= 2 * marginPx || r.h <= 2 * marginPx) return;
  c.cx = (b.minX + b.maxX) * 0.5;
  c.cy = (b.minY + b.maxY) * 0.5;
  c.upp = std::clamp(std::max(b.width() / (r.w - 2 * marginPx), b.height() / (r.h - 2 * marginPx)), c.minUpp, c.maxUpp);
}

geo::BBox visibleWgs84(const Camera& c, const Rect& r, const geo::Projection& p) {
  geo::BBox m{c.cx - r.w * 0.5 * c.upp, c.cy - r.h * 0.5 * c.upp, c.cx + r.w * 0.5 * c.upp, c.cy + r.h * 0.5 * c.upp};
  return p.inverseBox(m);
}

double niceLength(double maxMetres) {
  if (maxMetres <= 0) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(maxMetres)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= maxMetres) return m * p;
  return p;
}

}  // namespace app
