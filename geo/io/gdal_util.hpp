// Internal to geo/io: small GDAL helpers shared by the event loader and the map-layer loader.
// Not a public header (it exposes OGR types); include it only from geo/io/*.cpp.
#pragma once
#include "geo/pg_source.hpp"
#include <cmath>
#include <memory>
#include <string>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

namespace geo::gdalutil {

// The whole file through VSI (so /vsimem/ and /vsizip/ paths work). False when it is missing, not a
// regular file (a folder, pipe or device) or over `limit` bytes, with the reason in *why.
bool readWholeFile(const std::string& path, std::string& text, size_t limit, std::string* why = nullptr);

// Collects GDAL's messages during one job (error handlers are per thread). Push with
// CPLPushErrorHandlerEx(ErrorCapture::handler, &capture), pop with CPLPopErrorHandler().
struct ErrorCapture {
  std::string last;
  static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum, const char* msg) {
    if (cls < CE_Warning) return;
    auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
    if (self && msg) self->last = msg;
  }
};

// "path: cannot open (GDAL's reason)".
// (A PG: source is named by host/dbname/table only: its connection string may hold a password.)
inline std::string openErrorText(const std::string& path, const ErrorCapture& cap) {
  return sourceLabel(path) + ": cannot open (" + (cap.last.empty() ? "not a vector data source GDAL can read" : cap.last) + ")";
}

// The field's text; empty when the index is -1 or the field is unset or null.
inline std::string getString(OGRFeature& f, int idx) {
  if (idx < 0 || !f.IsFieldSetAndNotNull(idx)) return {};
  return f.GetFieldAsString(idx);
}

inline bool getDouble(OGRFeature& f, int idx, double& v) {
  if (idx < 0 || !f.IsFieldSetAndNotNull(idx)) return false;
  v = f.GetFieldAsDouble(idx);
  return std::isfinite(v);
}

// Transformation from the layer's CRS to WGS84 lon/lat (traditional GIS axis order on both sides);
// null when the layer has no CRS (taken as lon/lat) or is already WGS84.
inline std::unique_ptr<OGRCoordinateTransformation> toWgs84(OGRLayer* layer) {
  const OGRSpatialReference* src = layer->GetSpatialRef();
  if (!src) return nullptr;
  OGRSpatialReference wgs;
  wgs.SetWellKnownGeogCS("WGS84");
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference s(*src);
  s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (s.IsSame(&wgs)) return nullptr;
  return std::unique_ptr<OGRCoordinateTransformation>(OGRCreateCoordinateTransformation(&s, &wgs));
}

}  // namespace geo::gdalutil
