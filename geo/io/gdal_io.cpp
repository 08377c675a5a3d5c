// Loading events and map layers through GDAL.
// Sections: GDAL setup and error capture; field access; events; map layers; extents.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include "geo/io.hpp"
#include "geo/io/projection_impl.hpp"

namespace geo {

// --- GDAL setup and error capture ------------------------------------------------------------------
namespace {
void CPL_STDCALL quietHandler(CPLErr, CPLErrorNum, const char*) {}

// Collects GDAL's messages during one job (error handlers are per thread).
struct ErrorCapture {
  std::string last;
  static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum, const char* msg) {
    if (cls < CE_Warning) return;
    auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
    if (self && msg) self->last = msg;
  }
};
}  // namespace

void initGdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetErrorHandler(quietHandler);
  });
}

// --- field access ----------------------------------------------------------------------------------
namespace {
struct Fields {
  OGRFeatureDefn* defn;
  int index(const char* name) const { return defn->GetFieldIndex(name); }
};

std::string getString(OGRFeature& f, int idx) {
  if (idx < 0 || !f.IsFieldSetAndNotNull(idx)) return {};
  return f.GetFieldAsString(idx);
}

std::vector<std::string> getList(OGRFeature& f, int idx) {
  std::vector<std::string> out;
  if (idx < 0 || !f.IsFieldSetAndNotNull(idx)) return out;
  if (f.GetFieldDefnRef(idx)->GetType() == OFTStringList) {
    if (char** list = f.GetFieldAsStringList(idx))
      for (char** p = list; *p; ++p) out.emplace_back(*p);
    return out;
  }
  // A JSON array written as text, or a ';' or ',' separated list.
  const std::string s = f.GetFieldAsString(idx);
  auto j = nlohmann::json::parse(s, nullptr, false);
  if (j.is_array()) {
    for (auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
  }
  const char sep = s.find(';') != std::string::npos ? ';' : ',';
  size_t a = 0;
  while (a <= s.size()) {
    size_t b = s.find(sep, a);
    if (b == std::string::npos) b = s.size();
    std::string item = s.substr(a, b - a);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
    a = b + 1;
  }
  return out;
}

bool getInt(OGRFeature& f, int idx, int64_t& v) {
  if (idx < 0 || !f.IsFieldSetAndNotNull(idx)) return false;
  v = f.GetFieldAsInteger64(idx);
  return true;
}

bool getDouble(OGRFeature& f, int idx, double& v) {
  if (idx < 0 || !f.IsFieldSetAndNotNull(idx)) return false;
  v = f.GetFieldAsDouble(idx);
  return std::isfinite(v);
}

// The collection's top-level "name" and "default_view" members, which GDAL does not expose. They must
// come before "features" (assets/events/README.md), so only the head of the file is read.
bool readCollectionHead(const std::string& path, BBox& out, std::string& name) {
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return false;
  std::string head(65536, '\0');
  head.resize(VSIFReadL(head.data(), 1, head.size(), fp));
  VSIFCloseL(fp);
  if (const size_t nk = head.find("\"name\""); nk != std::string::npos && nk < head.find("\"features\"")) {
    const size_t colon = head.find(':', nk), q0 = head.find('"', colon + 1);
    if (colon != std::string::npos && q0 != std::string::npos) {
      auto j = nlohmann::json::parse(head.substr(q0, head.find('\n', q0) - q0), nullptr, false);
      if (!j.is_string()) {
        // The value may be followed by a comma on the same line.
        const size_t q1 = head.find("\",", q0 + 1);
        if (q1 != std::string::npos) j = nlohmann::json::parse(head.substr(q0, q1 - q0 + 1), nullptr, false);
      }
      if (j.is_string()) name = j.get<std::string>();
    }
  }
  const size_t key = head.find("\"default_view\"");
  if (key == std::string::npos) return false;
  const size_t open = head.find('[', key), close = head.find(']', key);
  if (open == std::string::npos || close == std::string::npos || close < open) return false;
  auto j = nlohmann::json::parse(head.substr(open, close - open + 1), nullptr, false);
  if (!j.is_array() || j.size() != 4) return false;
  for (auto& v : j)
    if (!v.is_number()) return false;
  out = {j[0].get<double>(), j[1].get<double>(), j[2].get<double>(), j[3].get<double>()};
  return out.valid();
}

std::unique_ptr<OGRCoordinateTransformation> toWgs84(OGRLayer* layer) {
  const OGRSpatialReference* src = layer->GetSpatialRef();
  if (!src) return nullptr;  // assume lon/lat
  OGRSpatialReference wgs;
  wgs.SetWellKnownGeogCS("WGS84");
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference s(*src);
  s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (s.IsSame(&wgs)) return nullptr;
  return std::unique_ptr<OGRCoordinateTransformation>(OGRCreateCoordinateTransformation(&s, &wgs));
}
}  // namespace

// --- events ----------------------------------------------------------------------------------------
bool loadEvents(const std::string& path, Dataset& out, std::string* openError) {
  return loadEvents(path, LoadOptions{}, out, openError, nullptr);
}

bool loadEvents(const std::string& path, const LoadOptions& options, Dataset& out, std::string* openError,
                LoadProgress* progress) {
  (void)options;
  (void)progress;
  initGdal();
  ErrorCapture cap;
  CPLPushErrorHandlerEx(ErrorCapture::handler, &cap);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR));
  CPLPopErrorHandler();
  if (!ds) {
    if (openError)
      *openError = path + ": cannot open (" + (cap.last.empty() ? "not a vector data source GDAL can read" : cap.last) + ")";
    return false;
  }
  out.path = path;
  if (out.name.empty()) {
    const char* base = CPLGetBasename(path.c_str());
    out.name = base ? base : path;
  }
  std::string title;
  out.hasDefaultView = readCollectionHead(path, out.defaultView, title);
  if (!title.empty()) out.name = title;
  auto problem = [&](int64_t row, const char* field, std::string msg) {
    out.problems.push_back({path, row, field, std::move(msg)});
  };

  for (OGRLayer* layer : ds->GetLayers()) {
    Fields fl{layer->GetLayerDefn()};
    const int iId = fl.index("id"), iTitle = fl.index("title"), iStart = fl.index("start"), iEnd = fl.index("end"),
              iPrec = fl.index("precision"), iPlace = fl.index("place"), iPlaceAlt = fl.index("place_alt"),
              iCat = fl.index("category"), iActors = fl.index("actors"), iCountries = fl.index("countries"),
              iLow = fl.index("fatalities_low"), iBest = fl.index("fatalities_best"),
              iHigh = fl.index("fatalities_high"), iBy = fl.index("fatalities_by"),
              iDesc = fl.index("description"), iSources = fl.index("sources"), iEra = fl.index("era"),
              iLon = fl.index("lon"), iLat = fl.index("lat");
    if (iStart < 0) {
      std::string cols;
      for (int i = 0; i < fl.defn->GetFieldCount(); ++i)
        cols += std::string(i ? ", " : "") + fl.defn->GetFieldDefn(i)->GetNameRef();
      problem(0, "start", "layer '" + std::string(layer->GetName()) + "' has no 'start' column (columns: " + cols +
                              "); map one with --field start=COLUMN");
      continue;
    }
    auto transform = toWgs84(layer);
    int64_t row = 0;
    for (auto& feat : *layer) {
      ++row;
      Event e;
      e.id = getString(*feat, iId);
      if (e.id.empty()) {
        e.id = std::string(CPLGetBasename(path.c_str())) + "-" + std::to_string(row);
        problem(row, "id", "missing; using '" + e.id + "'");
      }
      e.title = getString(*feat, iTitle);
      const std::string startText = getString(*feat, iStart);
      std::string err;
      if (!parseIso8601(startText, e.start, &err)) {
        problem(row, "start", startText.empty() ? "missing date; row skipped" : err + "; row skipped");
        continue;
      }
      const std::string endText = getString(*feat, iEnd);
      if (!endText.empty()) {
        if (!parseIso8601(endText, e.end, &err)) {
          problem(row, "end", err + "; end ignored");
        } else if (e.end.latest < e.start.earliest) {
          problem(row, "end", "'" + endText + "' is before the start '" + startText + "'; end ignored");
        } else {
          e.hasEnd = true;
        }
      }
      const std::string precText = getString(*feat, iPrec);
      if (!precText.empty()) {
        Precision p;
        if (!precisionFromName(precText, p))
          problem(row, "precision", "'" + precText + "' is not one of year, month, week, day, hour, minute, second; using the date's own");
        else if (p != e.start.precision)
          e.start = withPrecision(e.start, p);
      }
      e.place = getString(*feat, iPlace);
      e.placeAlt = getString(*feat, iPlaceAlt);
      e.category = getString(*feat, iCat);
      e.actors = getList(*feat, iActors);
      e.countries = getList(*feat, iCountries);
      getInt(*feat, iLow, e.fatalitiesLow);
      getInt(*feat, iBest, e.fatalitiesBest);
      getInt(*feat, iHigh, e.fatalitiesHigh);
      e.fatalitiesBy = getString(*feat, iBy);
      e.description = getString(*feat, iDesc);
      if (iEra >= 0 && feat->IsFieldSetAndNotNull(iEra)) {
        const std::string v = getString(*feat, iEra);
        e.era = v == "1" || v == "true" || v == "True";
      }
      const std::string src = getString(*feat, iSources);
      if (!src.empty()) {
        auto j = nlohmann::json::parse(src, nullptr, false);
        if (j.is_array()) {
          for (auto& s : j) {
            Source so;
            if (s.is_object()) {
              so.url = s.value("url", "");
              so.publisher = s.value("publisher", "");
            } else if (s.is_string()) {
              so.url = s.get<std::string>();
            }
            if (!so.url.empty() || !so.publisher.empty()) e.sources.push_back(so);
          }
        } else {
          e.sources.push_back({src, ""});
        }
      }
      // Where the symbol sits: lon/lat properties first (areas, lines), else the geometry.
      double lon = 0, lat = 0;
      if (getDouble(*feat, iLon, lon) && getDouble(*feat, iLat, lat)) {
        e.hasLocation = true;
      } else if (const OGRGeometry* g = feat->GetGeometryRef(); g && !g->IsEmpty()) {
        OGRPoint pt;
        if (wkbFlatten(g->getGeometryType()) == wkbPoint) pt = *g->toPoint();
        else if (g->Centroid(&pt) != OGRERR_NONE) pt.empty();
        if (!pt.IsEmpty()) {
          lon = pt.getX();
          lat = pt.getY();
          e.hasLocation = true;
          if (transform && !transform->Transform(1, &lon, &lat)) {
            e.hasLocation = false;
            problem(row, "geometry", "cannot be transformed to WGS84; event kept on the timeline only");
          }
        }
      }
      if (e.hasLocation && (lon < -180 || lon > 180 || lat < -90 || lat > 90)) {
        problem(row, "geometry", "position outside -180..180 / -90..90; event kept on the timeline only");
        e.hasLocation = false;
      }
      e.lon = lon;
      e.lat = lat;
      if (e.era) out.eras.push_back(std::move(e));
      else out.events.push_back(std::move(e));
    }
  }
  out.sortByTime();
  return true;
}

void projectEvents(Dataset& ds, const Projection& proj) {
  for (Event& e : ds.events)
    if (e.hasLocation && !proj.forward(e.lon, e.lat, e.x, e.y)) e.hasLocation = false;
}

// --- map layers ------------------------------------------------------------------------------------
namespace {
void appendRing(MapLayer& ml, const OGRLineString& ls, OGRCoordinateTransformation* ct) {
  const int n = ls.getNumPoints();
  if (n < 2) return;
  std::vector<double> xs(n), ys(n);
  std::vector<int> ok(n, 1);
  for (int i = 0; i < n; ++i) {
    xs[i] = ls.getX(i);
    ys[i] = ls.getY(i);
  }
  if (ct) ct->Transform(n, xs.data(), ys.data(), nullptr, ok.data());
  size_t added = 0;
  for (int i = 0; i < n; ++i) {
    if (!ok[i] || !std::isfinite(xs[i]) || !std::isfinite(ys[i])) continue;
    ml.coords.push_back({xs[i], ys[i]});
    ml.bounds.add(xs[i], ys[i]);
    ++added;
  }
  if (added >= 2) ml.ringStart.push_back(uint32_t(ml.coords.size()));
  else ml.coords.resize(ml.ringStart.back());
}

void appendGeometry(MapLayer& ml, const OGRGeometry* g, OGRCoordinateTransformation* ct) {
  if (!g) return;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPoint: {
      double x = g->toPoint()->getX(), y = g->toPoint()->getY();
      if (ct && !ct->Transform(1, &x, &y)) return;
      ml.coords.push_back({x, y});
      ml.bounds.add(x, y);
      ml.ringStart.push_back(uint32_t(ml.coords.size()));
      return;
    }
    case wkbLineString: appendRing(ml, *g->toLineString(), ct); return;
    case wkbPolygon:
      for (const OGRLinearRing* r : *g->toPolygon()) appendRing(ml, *r, ct);
      return;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g->toGeometryCollection()) appendGeometry(ml, part, ct);
      return;
    default: {
      std::unique_ptr<OGRGeometry> lin(g->getLinearGeometry());
      if (lin && wkbFlatten(lin->getGeometryType()) != wkbFlatten(g->getGeometryType())) appendGeometry(ml, lin.get(), ct);
      return;
    }
  }
}

GeomKind kindOf(OGRwkbGeometryType t) {
  switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint: return GeomKind::Point;
    case wkbLineString:
    case wkbMultiLineString: return GeomKind::Line;
    default: return GeomKind::Polygon;
  }
}
}  // namespace

bool loadMapLayers(const std::string& path, const Projection& proj, const std::vector<std::string>& only,
                   std::vector<MapLayer>& out, std::vector<Problem>& problems, std::string* openError) {
  initGdal();
  ErrorCapture cap;
  CPLPushErrorHandlerEx(ErrorCapture::handler, &cap);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR));
  CPLPopErrorHandler();
  if (!ds) {
    if (openError)
      *openError = path + ": cannot open (" + (cap.last.empty() ? "not a vector data source GDAL can read" : cap.last) + ")";
    return false;
  }
  std::vector<OGRLayer*> layers;
  if (only.empty()) {
    for (OGRLayer* l : ds->GetLayers()) layers.push_back(l);
  } else {
    for (const std::string& name : only)
      if (OGRLayer* l = ds->GetLayerByName(name.c_str())) layers.push_back(l);
  }
  const OGRSpatialReference& target = mapSrs(proj);
  for (OGRLayer* layer : layers) {
    MapLayer ml;
    ml.name = layer->GetName();
    ml.source = path;
    std::unique_ptr<OGRCoordinateTransformation> ct;
    OGRSpatialReference src;
    if (const OGRSpatialReference* s = layer->GetSpatialRef()) src = *s;
    else src.SetWellKnownGeogCS("WGS84");
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    ct.reset(OGRCreateCoordinateTransformation(&src, &target));
    if (!ct) {
      problems.push_back({path, 0, "", "layer '" + ml.name + "': no transformation to the map CRS; layer skipped"});
      continue;
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int iName = defn->GetFieldIndex("name"), iAlt = defn->GetFieldIndex("name_alt");
    int iCode = defn->GetFieldIndex("iso_a3");
    if (iCode < 0) iCode = defn->GetFieldIndex("kind");
    const int iRank = defn->GetFieldIndex("population");
    bool kindSet = false;
    for (auto& feat : *layer) {
      const OGRGeometry* g = feat->GetGeometryRef();
      if (!g || g->IsEmpty()) continue;
      if (!kindSet) {
        ml.kind = kindOf(g->getGeometryType());
        kindSet = true;
      }
      const size_t ringsBefore = ml.ringCount();
      appendGeometry(ml, g, ct.get());
      if (ml.ringCount() == ringsBefore) continue;
      ml.featureRingStart.push_back(uint32_t(ml.ringCount()));
      ml.featureName.push_back(iName >= 0 ? getString(*feat, iName) : std::string());
      ml.featureNameAlt.push_back(iAlt >= 0 ? getString(*feat, iAlt) : std::string());
      ml.featureCode.push_back(iCode >= 0 ? getString(*feat, iCode) : std::string());
      double r = 0;
      if (iRank >= 0) getDouble(*feat, iRank, r);
      ml.featureRank.push_back(r);
    }
    if (!kindSet) ml.kind = kindOf(layer->GetGeomType());
    out.push_back(std::move(ml));
  }
  return true;
}

bool sourceExtent(const std::string& path, BBox& wgs84) {
  initGdal();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  if (!ds) return false;
  wgs84 = BBox::empty();
  for (OGRLayer* layer : ds->GetLayers()) {
    OGREnvelope env;
    if (layer->GetExtent(&env, TRUE) != OGRERR_NONE) continue;
    auto ct = toWgs84(layer);
    double xs[2] = {env.MinX, env.MaxX}, ys[2] = {env.MinY, env.MaxY};
    if (ct && !ct->Transform(2, xs, ys)) continue;
    wgs84.add(xs[0], ys[0]);
    wgs84.add(xs[1], ys[1]);
  }
  return wgs84.valid();
}

}  // namespace geo
