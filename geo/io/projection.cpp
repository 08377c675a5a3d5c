// Projection through OGR (PROJ). Every OGRSpatialReference uses the traditional GIS axis order
// (lon, lat / x, y) so that EPSG:4326 is not read lat-first.
#include "geo/projection.hpp"

#include <cmath>
#include <cstdio>

#include "geo/io/projection_impl.hpp"

namespace geo {

Projection::~Projection() = default;

const OGRSpatialReference& mapSrs(const Projection& p) { return p.impl().map; }

std::string Projection::defaultCrsFor(const BBox& b) {
  const double lat0 = std::round((b.minY + b.maxY) * 0.5 * 10.0) / 10.0;
  const double lon0 = std::round((b.minX + b.maxX) * 0.5 * 10.0) / 10.0;
  char buf[160];
  std::snprintf(buf, sizeof buf, "+proj=laea +lat_0=%g +lon_0=%g +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
                lat0, lon0);
  return buf;
}

std::unique_ptr<Projection> Projection::create(const std::string& crs, std::string* error) {
  std::unique_ptr<Projection> p(new Projection());
  p->definition_ = crs;
  p->impl_ = std::make_unique<Impl>();
  p->impl_->wgs84.SetWellKnownGeogCS("WGS84");
  p->impl_->wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (p->impl_->map.SetFromUserInput(crs.c_str()) != OGRERR_NONE) {
    if (error) *error = "cannot understand the CRS '" + crs + "' (expected EPSG:code, a PROJ string or WKT)";
    return nullptr;
  }
  p->impl_->map.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  p->impl_->fwd.reset(OGRCreateCoordinateTransformation(&p->impl_->wgs84, &p->impl_->map));
  p->impl_->inv.reset(OGRCreateCoordinateTransformation(&p->impl_->map, &p->impl_->wgs84));
  if (!p->impl_->fwd || !p->impl_->inv) {
    if (error) *error = "no transformation between WGS84 and '" + crs + "'";
    return nullptr;
  }
  return p;
}

bool Projection::forward(double lon, double lat, double& x, double& y) const {
  x = lon;
  y = lat;
  return impl_->fwd->Transform(1, &x, &y) && std::isfinite(x) && std::isfinite(y);
}

bool Projection::inverse(double x, double y, double& lon, double& lat) const {
  lon = x;
  lat = y;
  return impl_->inv->Transform(1, &lon, &lat) && std::isfinite(lon) && std::isfinite(lat);
}

void Projection::forwardMany(std::vector<double>& xs, std::vector<double>& ys, std::vector<int>& ok) const {
  const size_t n = std::min(xs.size(), ys.size());
  ok.assign(n, 1);
  if (n) impl_->fwd->Transform(n, xs.data(), ys.data(), nullptr, ok.data());
  for (size_t i = 0; i < n; ++i)
    if (ok[i] && (!std::isfinite(xs[i]) || !std::isfinite(ys[i]))) ok[i] = 0;
}

size_t Projection::forwardInPlace(std::vector<Vec2d>& pts) const {
  const size_t n = pts.size();
  std::vector<double> xs(n), ys(n);
  std::vector<int> ok(n, 1);
  for (size_t i = 0; i < n; ++i) {
    xs[i] = pts[i].x;
    ys[i] = pts[i].y;
  }
  if (n) impl_->fwd->Transform(n, xs.data(), ys.data(), nullptr, ok.data());
  size_t failed = 0;
  Vec2d last{0, 0};
  for (size_t i = 0; i < n; ++i) {
    if (ok[i] && std::isfinite(xs[i]) && std::isfinite(ys[i])) {
      last = {xs[i], ys[i]};
    } else {
      ++failed;
    }
    pts[i] = last;
  }
  return failed;
}

namespace {
template <class F>
BBox sampleBox(const BBox& in, F&& transform) {
  BBox out = BBox::empty();
  const int n = 32;
  for (int i = 0; i <= n; ++i) {
    const double fx = in.minX + in.width() * i / n;
    const double fy = in.minY + in.height() * i / n;
    const double pts[4][2] = {{fx, in.minY}, {fx, in.maxY}, {in.minX, fy}, {in.maxX, fy}};
    for (auto& p : pts) {
      double x, y;
      if (transform(p[0], p[1], x, y)) out.add(x, y);
    }
  }
  return out;
}
}  // namespace

BBox Projection::forwardBox(const BBox& wgs84) const {
  return sampleBox(wgs84, [this](double a, double b, double& x, double& y) { return forward(a, b, x, y); });
}

BBox Projection::inverseBox(const BBox& map) const {
  return sampleBox(map, [this](double a, double b, double& x, double& y) { return inverse(a, b, x, y); });
}

}  // namespace geo
