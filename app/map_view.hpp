// Map camera math (pure): map CRS units <-> window pixels inside the map panel, zoom around a point,
// fitting boxes, the fly-to easing and the ground scale (for the scale bar).
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
// Zooms by `factor` (>1 = out) keeping the map point under (sx, sy) where it is (within the camera's
// zoom limits).
void zoomAt(Camera& c, const Rect& r, double sx, double sy, double factor);
// Fits a WGS84 box into the panel; also sets the camera's zoom limits for the projection's units.
void fitWgs84(Camera& c, const Rect& r, const geo::Projection& p, const geo::BBox& wgs84);
// Fits a map-CRS box into the panel (with `marginPx` around it), within the zoom limits.
void fitMapBox(Camera& c, const Rect& r, const geo::BBox& box, double marginPx);
// The WGS84 box of what the panel shows.
geo::BBox visibleWgs84(const Camera& c, const Rect& r, const geo::Projection& p);
// Ground metres per map unit near a map point (1 for metric CRSs, ~111 km for EPSG:4326 at the
// equator in x); 0 when the projection fails there.
double metresPerUnit(const geo::Projection& p, double x, double y);
// Great-circle distance in metres between two WGS84 points.
double haversineM(double lon1, double lat1, double lon2, double lat2);
// Smooth ease (0..1 -> 0..1), for the fly-to.
inline double easeInOut(double t) { return t < 0 ? 0 : t > 1 ? 1 : t * t * (3 - 2 * t); }
// A "nice" scale-bar length (1, 2 or 5 times a power of ten) not above maxMetres.
double niceLength(double maxMetres);

constexpr double kMinUpp = 5.0;      // metres per px: street scale
constexpr double kMaxUpp = 20000.0;  // continent scale

}  // namespace app
