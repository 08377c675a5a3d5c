// GDAL setup, map layers and extents (events are read in event_loader.cpp).
// Sections: GDAL setup; events (projection only); map layers; extents.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <thread>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "geo/io.hpp"
#include "geo/io/gdal_util.hpp"
#include "geo/io/projection_impl.hpp"

namespace geo {

using gdalutil::ErrorCapture;
using gdalutil::getDouble;
using gdalutil::getString;
using gdalutil::toWgs84;

// --- GDAL setup ------------------------------------------------------------------------------------
namespace {
void CPL_STDCALL quietHandler(CPLErr, CPLErrorNum, const char*) {}
}  // namespace

void initGdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetErrorHandler(quietHandler);
    installNetworkPolicy();
  });
}

// --- events: loading lives in event_loader.cpp ------------------------------------------------------
void projectEvents(Dataset& ds, const Projection& proj) {
  EventStore& ev = ds.events;
  // In batches: one call into PROJ for many points costs a fraction of one call a point. A large
  // store in contiguous parts on every core, each with a transformation of its own (PROJ's objects
  // are not shared between threads); the points that fail are cleared after.
  constexpr size_t kBatch = 1 << 16;
  const size_t n = ev.size();
  const size_t parts = n >= 200000 ? std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), 4) : 1;
  std::vector<std::vector<uint32_t>> failed(parts);
  auto projectPart = [&](size_t k, const Projection& pj) {
    std::vector<double> xs, ys;
    std::vector<int> ok;
    std::vector<uint32_t> which;
    const size_t end = n * (k + 1) / parts;
    for (size_t from = n * k / parts; from < end; from += kBatch) {
      const size_t to = std::min(end, from + kBatch);
      xs.clear();
      ys.clear();
      which.clear();
      for (size_t i = from; i < to; ++i)
        if (ev.hasLocation(i)) {
          xs.push_back(ev.lon(i));
          ys.push_back(ev.lat(i));
          which.push_back(uint32_t(i));
        }
      pj.forwardMany(xs, ys, ok);
      for (size_t j = 0; j < which.size(); ++j) {
        if (ok[j]) ev.setXY(which[j], xs[j], ys[j]);
        else failed[k].push_back(which[j]);
      }
    }
  };
  std::vector<std::unique_ptr<Projection>> own(parts);
  std::vector<std::thread> workers;
  for (size_t k = 1; k < parts; ++k) {
    own[k] = Projection::create(proj.definition(), nullptr);
    if (own[k]) workers.emplace_back(projectPart, k, std::cref(*own[k]));
  }
  projectPart(0, proj);
  for (std::thread& w : workers) w.join();
  for (size_t k = 1; k < parts; ++k)
    if (!own[k]) projectPart(k, proj);  // (the definition made a projection once: not expected)
  for (const auto& f : failed)
    for (uint32_t i : f) ev.clearLocation(i);
  for (size_t i = 0; i < ev.size(); ++i) {
    if (EventShape* sh = ev.shape(i)) {
      sh->xy = sh->lonlat;
      proj.forwardInPlace(sh->xy);
    }
  }
  ev.markChanged();
}

// --- map layers ------------------------------------------------------------------------------------
namespace {
// maxStep > 0: segments longer than this (source units) get intermediate vertices before the
// transformation, so that a long straight edge in longitude and latitude (a clip box, a meridian)
// follows its parallel or meridian in the map's projection instead of cutting across.
void appendRing(MapLayer& ml, const OGRLineString& ls, OGRCoordinateTransformation* ct, double maxStep) {
  const int count = ls.getNumPoints();
  if (count < 2) return;
  std::vector<Vec2d> pts(static_cast<size_t>(count)), dense;
  for (int i = 0; i < count; ++i) pts[size_t(i)] = {ls.getX(i), ls.getY(i)};
  dense.reserve(pts.size());
  densifyPath(pts.data(), pts.size(), maxStep, dense);
  std::vector<double> xs(dense.size()), ys(dense.size());
  for (size_t i = 0; i < dense.size(); ++i) xs[i] = dense[i].x, ys[i] = dense[i].y;
  const int n = int(xs.size());
  std::vector<int> ok(size_t(n), 1);
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

void appendGeometry(MapLayer& ml, const OGRGeometry* g, OGRCoordinateTransformation* ct, double maxStep) {
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
    case wkbLineString: appendRing(ml, *g->toLineString(), ct, maxStep); return;
    case wkbPolygon:
      for (const OGRLinearRing* r : *g->toPolygon()) appendRing(ml, *r, ct, maxStep);
      return;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g->toGeometryCollection()) appendGeometry(ml, part, ct, maxStep);
      return;
    default: {
      std::unique_ptr<OGRGeometry> lin(g->getLinearGeometry());
      if (lin && wkbFlatten(lin->getGeometryType()) != wkbFlatten(g->getGeometryType())) appendGeometry(ml, lin.get(), ct, maxStep);
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
  {
    std::string why, note;
    if (!checkSource(path, &why, &note)) {
      if (openError) *openError = why;
      return false;
    }
    if (!note.empty()) problems.push_back({path, 0, "", note});
  }
  ErrorCapture cap;
  CPLPushErrorHandlerEx(ErrorCapture::handler, &cap);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR));
  CPLPopErrorHandler();
  if (!ds) {
    if (openError) *openError = gdalutil::openErrorText(path, cap);
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
    // Geographic sources: no straight segment longer than half a degree reaches the projection.
    const double maxStep = src.IsGeographic() && !target.IsGeographic() ? 0.5 : 0.0;
    if (!ct) {
      problems.push_back({path, 0, "", "layer '" + ml.name + "': no transformation to the map CRS; layer skipped"});
      continue;
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int iName = defn->GetFieldIndex("name"), iAlt = defn->GetFieldIndex("name_alt");
    int iCode = defn->GetFieldIndex("iso_a3");
    if (iCode < 0) iCode = defn->GetFieldIndex("kind");
    const int iRank = defn->GetFieldIndex("population");
    const int iKind = defn->GetFieldIndex("kind"), iFlag = defn->GetFieldIndex("csto_member");
    bool kindSet = false;
    for (auto& feat : *layer) {
      const OGRGeometry* g = feat->GetGeometryRef();
      if (!g || g->IsEmpty()) continue;
      if (!kindSet) {
        ml.kind = kindOf(g->getGeometryType());
        kindSet = true;
      }
      const size_t ringsBefore = ml.ringCount();
      appendGeometry(ml, g, ct.get(), maxStep);
      if (ml.ringCount() == ringsBefore) continue;
      ml.featureRingStart.push_back(uint32_t(ml.ringCount()));
      ml.featureName.push_back(iName >= 0 ? getString(*feat, iName) : std::string());
      ml.featureNameAlt.push_back(iAlt >= 0 ? getString(*feat, iAlt) : std::string());
      ml.featureCode.push_back(iCode >= 0 ? getString(*feat, iCode) : std::string());
      double r = 0;
      if (iRank >= 0) getDouble(*feat, iRank, r);
      ml.featureRank.push_back(r);
      ml.featureKind.push_back(iKind >= 0 ? getString(*feat, iKind) : std::string());
      double flag = 0;
      if (iFlag >= 0) getDouble(*feat, iFlag, flag);
      ml.featureFlag.push_back(int(flag));
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
