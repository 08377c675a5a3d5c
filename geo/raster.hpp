// Rasters (a GeoTIFF hillshade, a georeferenced scan, the basemap's relief) warped into the map CRS
// as an RGBA image, behind a GDAL-free interface.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "geo/projection.hpp"
#include "geo/types.hpp"

namespace geo {

struct RasterImage {
  std::string name;    // shown in the layers list
  std::string source;
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // top row first; nodata is transparent
  BBox bounds;                // map CRS metres covered by the image
};

// Warps a raster source into the map CRS at most maxSide pixels on its longer side. Single-band
// rasters become grey (a palette is expanded), three or four bands RGB(A). False with *error (file
// and GDAL's reason) when it cannot be opened or warped.
bool loadRaster(const std::string& path, const Projection& proj, int maxSide, RasterImage& out, std::string* error);

// Fades the image out over `radius` px towards the edge of what it covers (its alpha), so that a
// shading raster ends softly instead of in a hard line where its data stops.
void featherAlpha(RasterImage& img, int radius);

}  // namespace geo
