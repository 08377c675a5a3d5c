// Internal to geo/io: the OGR objects behind geo::Projection.
#pragma once
#include <memory>

#include <ogr_spatialref.h>

#include "geo/projection.hpp"

namespace geo {
struct Projection::Impl {
  OGRSpatialReference wgs84;
  OGRSpatialReference map;
  std::unique_ptr<OGRCoordinateTransformation> fwd, inv;
};
// The map CRS of a projection (for transforming whole geometries in loaders).
const OGRSpatialReference& mapSrs(const Projection& p);
}  // namespace geo
