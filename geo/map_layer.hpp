// Vector map layers, already projected into the map CRS, as flat arrays ready for upload.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "geo/types.hpp"

namespace geo {

enum class GeomKind : uint8_t { Polygon, Line, Point };

struct MapLayer {
  std::string name;    // layer name in its source ("countries")
  std::string source;  // file it came from
  GeomKind kind = GeomKind::Polygon;
  // Every vertex, map CRS metres. Ring r spans coords[ringStart[r], ringStart[r+1]).
  std::vector<Vec2d> coords;
  std::vector<uint32_t> ringStart{0};
  // Feature f owns rings [featureRingStart[f], featureRingStart[f+1]).
  std::vector<uint32_t> featureRingStart{0};
  // Per feature: a few attributes views need (label, alternate label, code, rank for labels).
  std::vector<std::string> featureName, featureNameAlt, featureCode;
  std::vector<double> featureRank;  // population or 0
  std::vector<std::string> featureKind;  // "kind" attribute: capital/town (places), breakaway (disputed)
  std::vector<int> featureFlag;          // csto_member (countries): 1 a member, 0 not or unknown
  BBox bounds = BBox::empty();  // map CRS

  size_t featureCount() const { return featureRingStart.size() - 1; }
  size_t ringCount() const { return ringStart.size() - 1; }
  // Point-in-polygon (even-odd over the feature's rings), map CRS. -1 when outside every feature.
  int featureAt(double x, double y) const;
};

// Adds vertices to lines and rings (not points) so that no segment is longer than maxStep in either
// coordinate: in longitude and latitude before projecting, a long straight edge (a clip box, a
// meridian) then follows its parallel or meridian on the map instead of cutting across.
void densify(MapLayer& layer, double maxStep);
// The same for one path: appends pts[0, n) to out with the added vertices.
void densifyPath(const Vec2d* pts, size_t n, double maxStep, std::vector<Vec2d>& out);

}  // namespace geo
