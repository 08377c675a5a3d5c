// Map projection: WGS84 lon/lat <-> the map CRS, behind a GDAL-free interface (OGR/PROJ inside).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "geo/types.hpp"

namespace geo {

class Projection {
 public:
  // crs: "EPSG:3857", a PROJ string, or WKT. On failure returns null and sets *error.
  static std::unique_ptr<Projection> create(const std::string& crs, std::string* error);
  // The default map CRS: Lambert azimuthal equal-area centred on the box (WGS84).
  static std::string defaultCrsFor(const BBox& wgs84);

  ~Projection();
  Projection(const Projection&) = delete;
  Projection& operator=(const Projection&) = delete;

  const std::string& definition() const { return definition_; }
  bool forward(double lon, double lat, double& x, double& y) const;  // degrees -> metres
  bool inverse(double x, double y, double& lon, double& lat) const;  // metres -> degrees
  // Many points in place, degrees -> metres; a point that cannot be projected keeps the last good
  // position before it (so rings stay closed). Returns how many failed.
  size_t forwardInPlace(std::vector<Vec2d>& points) const;
  // Many points at once (one call into PROJ): xs/ys hold degrees in, metres out; ok[i] says whether
  // point i could be transformed (to a finite position).
  void forwardMany(std::vector<double>& xs, std::vector<double>& ys, std::vector<int>& ok) const;
  // Map-CRS box that holds a WGS84 box (its edges sampled, as they curve when projected).
  BBox forwardBox(const BBox& wgs84) const;
  // WGS84 box of what a map-CRS box shows (its edges sampled).
  BBox inverseBox(const BBox& map) const;

  struct Impl;  // opaque outside geo/io
  const Impl& impl() const { return *impl_; }

 private:
  Projection() = default;
  std::string definition_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace geo
