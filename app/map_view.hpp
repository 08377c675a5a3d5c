// Map camera math (pure): map CRS metres <-> window pixels inside the map panel.
#pragma once
#include "app/app_state.hpp"

namespace app {

inline void worldToScreen(const Camera& c, const Rect& r, double x, double y, double& sx, double& sy) {
  sx = r.x + r.w * 0.5 + (x - c.cx) / c.upp;
  sy = r.y + r.h * 0.5 - (y - c.cy) / c.upp;
}
inline void screenToWorld(const Camera& c, const Rect& r, double sx, double sy, double& x, double& y) {
  x = c.cx + (sx - r.x - r.w * 0.5) * c.upp;
  y = c.cy - (sy - r.y - r.h * 0.5) * c.upp;
}
// Zooms by `factor` (>1 = out) keeping the map point under (sx, sy) where it is.
void zoomAt(Camera& c, const Rect& r, double sx, double sy, double factor);
// Fits a WGS84 box into the panel.
void fitWgs84(Camera& c, const Rect& r, const geo::Projection& p, const geo::BBox& wgs84);
// The WGS84 box of what the panel shows.
geo::BBox visibleWgs84(const Camera& c, const Rect& r, const geo::Projection& p);

constexpr double kMinUpp = 5.0;      // metres per px: street scale
constexpr double kMaxUpp = 20000.0;  // continent scale

}  // namespace app
