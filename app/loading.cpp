#include "app/loading.hpp"

#include <algorithm>

#include <malloc.h>
#include <optional>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sys/stat.h>
#include <thread>

#include "app/filters.hpp"
#include "app/jobs.hpp"
#include "app/panels.hpp"
#include "app/map_view.hpp"
#include "app/pg_view.hpp"
#include "geo/gazetteer.hpp"
#include "geo/io.hpp"

#ifndef CHRONOMAP_ASSETS_DIR
#define CHRONOMAP_ASSETS_DIR "assets"
#endif

namespace app {

namespace {
// CHRONOMAP_LOAD_PHASES=1: how long each step of the initial load took (as geo's loader prints its own).
void phaseMark(const char* what, std::chrono::steady_clock::time_point& t) {
  static const bool on = std::getenv("CHRONOMAP_LOAD_PHASES") != nullptr;
  const auto now = std::chrono::steady_clock::now();
  if (on) std::fprintf(stderr, "chronomap: load phase %-28s %7.1f ms\n", what, std::chrono::duration<double, std::milli>(now - t).count());
  t = now;
}

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
bool exists(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}
}  // namespace

std::string defaultAssetsDir() {
  if (const char* env = std::getenv("CHRONOMAP_ASSETS")) return env;
  return CHRONOMAP_ASSETS_DIR;
}

LoadReport loadInitialData(AppState& s, const Options& o, geo::LoadProgress* progress, bool deferRelief) {
  LoadReport rep;
  const std::string assets = o.assetsDir.empty() ? defaultAssetsDir() : o.assetsDir;
  const std::string basemapPath = assets + "/map/basemap.gpkg";
  auto t0 = std::chrono::steady_clock::now();

  // 0. The basemap's vector layers are read in lon/lat on a second thread while the events load (the
  // map CRS depends on the events' extent); they are projected once the CRS is known.
  const bool withBasemap = !o.noBasemap && exists(basemapPath);
  std::vector<geo::MapLayer> basemap;
  std::vector<geo::Problem> basemapProblems;
  std::string basemapError;
  bool basemapOk = false;
  std::thread basemapThread;
  if (withBasemap) {
    basemapThread = std::thread([&] {
      std::string e;
      auto lonlat = geo::Projection::create("+proj=longlat +datum=WGS84 +no_defs", &e);
      const std::vector<std::string> order = {"land", "countries", "provinces", "disputed", "lakes",
                                              "rivers", "coastline", "places"};
      basemapOk = lonlat && geo::loadMapLayers(basemapPath, *lonlat, order, basemap, basemapProblems, &basemapError);
    });
  }
  struct Joiner {
    std::thread& t;
    ~Joiner() {
      if (t.joinable()) t.join();
    }
  } joiner{basemapThread};

  // 1. Events (WGS84), merged from every source.
  std::vector<std::string> sources = o.events;
  if (sources.empty()) sources.push_back(assets + "/events/karabakh-csto.geojson");
  geo::LoadOptions lo;
  lo.schema = o.schema;
  lo.fields = o.fields;
  lo.dateFormat = o.dateFormat;
  s.loadOptions = lo;
  auto tp = std::chrono::steady_clock::now();
  s.pgLiveAbove = o.pgLiveAbove;
  std::optional<PgProbe> live;  // the PG: source queried live, if any (the last one wins)
  for (const std::string& path : sources) {
    geo::Dataset d;
    std::string err;
    // A large PG: table is not loaded: the map and the timeline query it live (app/pg_view.hpp).
    if (geo::isPgConnection(path) && o.pgLiveAbove != kPgNeverLive) {
      PgProbe probe;
      std::string why;
      if (!geo::checkSource(path, &why, nullptr)) {  // no network unless the user named it
        const std::string label = geo::pgDisplayName(path);
        const std::string reason = why.rfind(path + ": ", 0) == 0 ? why.substr(path.size() + 2) : why;
        rep.unopenable.push_back(label + ": " + reason);
        s.problems.push_back({label, 0, "", reason});
        continue;
      }
      if (!probePg(path, o.pgLiveAbove, probe, &err)) {
        rep.unopenable.push_back(err);
        const std::string label = geo::pgDisplayName(path);
        s.problems.push_back({label, 0, "", err.rfind(label + ": ", 0) == 0 ? err.substr(label.size() + 2) : err});
        continue;
      }
      if (probe.live) {
        s.data.name = probe.display;
        startPgView(s, probe);
        live = std::move(probe);
        continue;
      }
    }
    if (!geo::loadEvents(path, lo, d, &err, progress)) {
      rep.unopenable.push_back(err);
      const std::string label = geo::sourceLabel(path);
      s.problems.push_back({label, 0, "", err.rfind(label + ": ", 0) == 0 ? err.substr(label.size() + 2) : err});
      continue;
    }
    if (s.data.name.empty()) s.data.name = d.name;
    if (s.data.schema.empty()) s.data.schema = d.schema;
    const size_t slash = path.find_last_of('/');
    for (const auto& n : d.notes)
      s.data.notes.push_back(sources.size() > 1 ? path.substr(slash == std::string::npos ? 0 : slash + 1) + ": " + n : n);
    if (!s.data.hasDefaultView && d.hasDefaultView) {
      s.data.hasDefaultView = true;
      s.data.defaultView = d.defaultView;
    }
    phaseMark("app: loadEvents", tp);
    s.data.events.append(std::move(d.events));
    for (auto& e : d.eras) s.data.eras.push_back(std::move(e));
    for (auto& p : d.problems) s.problems.push_back(std::move(p));
  }
  if (sources.size() > 1 && !s.data.events.empty()) s.data.name = std::to_string(sources.size()) + " sources";
  phaseMark("app: merge sources", tp);
  s.data.sortByTime();
  phaseMark("app: sort merged", tp);
  // What the readers freed (the file's text, their own parts) goes back to the system now, not when
  // glibc's per-thread arenas happen to shrink.
  malloc_trim(0);
  phaseMark("app: malloc_trim", tp);
  rep.eventsMs = msSince(t0);

  // 2. The view: the dataset's default_view, else its events inside the basemap's extent + 10%.
  geo::BBox view{43.3, 38.3, 50.5, 42.0};
  if (s.data.hasDefaultView) {
    view = s.data.defaultView;
  } else if (live && s.data.events.empty() && live->extent.valid()) {
    const geo::BBox& b = live->extent;  // a live source: where its table's events are
    const double mx = std::max(b.width() * 0.05, 0.25), my = std::max(b.height() * 0.05, 0.25);
    view = {std::max(-180.0, b.minX - mx), std::max(-89.0, b.minY - my), std::min(180.0, b.maxX + mx), std::min(89.0, b.maxY + my)};
  } else {
    geo::BBox extent{-180, -90, 180, 90};
    if (basemapThread.joinable()) basemapThread.join();
    if (!basemap.empty()) {
      extent = geo::BBox::empty();
      for (const auto& l : basemap) {
        extent.add(l.bounds.minX, l.bounds.minY);
        extent.add(l.bounds.maxX, l.bounds.maxY);
      }
    }
    geo::BBox b = geo::BBox::empty();
    const geo::EventStore& ev = s.data.events;
    for (size_t i = 0; i < ev.size(); ++i)
      if (ev.hasLocation(i) && extent.contains(ev.lon(i), ev.lat(i))) b.add(ev.lon(i), ev.lat(i));
    if (b.valid()) {
      const double mx = std::max(b.width() * 0.1, 0.25), my = std::max(b.height() * 0.1, 0.25);
      view = {std::max(-180.0, b.minX - mx), std::max(-89.0, b.minY - my), std::min(180.0, b.maxX + mx),
              std::min(89.0, b.maxY + my)};
    }
  }
  s.fitBox = o.hasBbox ? o.bbox : view;
  s.camPendingFit = true;
  std::string err;
  s.proj = geo::Projection::create(o.crs.empty() ? geo::Projection::defaultCrsFor(view) : o.crs, &err);
  if (!s.proj) {
    rep.badArgument = "--crs: " + err;
    return rep;
  }
  // Events that name a place but carry no coordinates (TimelineJS "Location"): the basemap's places.
  if (basemapThread.joinable()) basemapThread.join();
  for (const auto& l : basemap)
    if (l.name == "places") s.placesLonLat = std::make_shared<const geo::MapLayer>(l);
  if (s.placesLonLat) {
    geo::placeByName(s.data, *s.placesLonLat);
    for (auto& p : s.data.problems) s.problems.push_back(std::move(p));
    s.data.problems.clear();
  }
  phaseMark("app: view, CRS, basemap join", tp);
  geo::projectEvents(s.data, *s.proj);
  phaseMark("app: project events", tp);

  // 3. Basemap and --map layers, projected at load.
  t0 = std::chrono::steady_clock::now();
  if (!o.noBasemap && !withBasemap)
    s.problems.push_back({basemapPath, 0, "", "the bundled basemap is missing; the map shows events only"});
  if (withBasemap) {
    if (basemapThread.joinable()) basemapThread.join();
    if (!basemapOk) s.problems.push_back({basemapPath, 0, "", basemapError});
    for (auto& p : basemapProblems) s.problems.push_back(std::move(p));
    for (auto& l : basemap) {
      geo::densify(l, 0.5);  // degrees: the basemap box's edges follow their parallels
      s.proj->forwardInPlace(l.coords);
      l.bounds = geo::BBox::empty();
      for (const auto& c : l.coords) l.bounds.add(c.x, c.y);
      s.layerInfo.push_back({l.name, true, true});
      s.layers.push_back(std::move(l));
    }
    // The relief raster: a shade over the land (the basemap's raster table).
    if (deferRelief) {
      rep.deferredRelief = basemapPath;
    } else {
      geo::RasterImage relief;
      if (geo::loadRaster(basemapPath, *s.proj, 2048, relief, &err)) {
        relief.name = "relief";
        geo::featherAlpha(relief, kReliefFeatherPx);
        s.rasters.push_back(std::move(relief));
        s.rasterInfo.push_back({"relief", true, 0.35f, true});
      }
    }
    s.attributions.push_back("Basemap: Natural Earth (public domain)");
    s.attributions.push_back("Contains data from GeoNames (CC BY)");
    s.attributions.push_back("Rivers: GSHHG/WDBII (LGPL-3)");
  }
  for (const std::string& m : o.maps) {
    std::vector<geo::MapLayer> layers;
    if (!geo::loadMapLayers(m, *s.proj, {}, layers, s.problems, &err)) {
      rep.unopenable.push_back(err);
      s.problems.push_back({m, 0, "", err.substr(std::min(err.size(), m.size() + 2))});
      continue;
    }
    for (auto& l : layers) {
      s.layerInfo.push_back({l.name, true, false});
      s.layers.push_back(std::move(l));
    }
  }
  for (const std::string& r : o.rasters) {
    geo::RasterImage img;
    if (!geo::loadRaster(r, *s.proj, 4096, img, &err)) {
      rep.unopenable.push_back(err);
      s.problems.push_back({r, 0, "", err.substr(std::min(err.size(), r.size() + 2))});
      continue;
    }
    s.rasterInfo.push_back({img.name, true, 0.8f, false});
    s.rasters.push_back(std::move(img));
  }
  for (size_t i = 0; i < s.layers.size(); ++i) {
    if (!s.layerInfo[i].bundled) continue;
    if (s.layers[i].name == "places") s.placesLayer = int(i);
    if (s.layers[i].name == "countries") s.countriesLayer = int(i);
  }
  s.hiddenLayers = o.hideLayers;
  for (const std::string& h : o.hideLayers) {
    bool found = false;
    for (auto& li : s.layerInfo)
      if (li.label == h) li.visible = false, found = true;
    for (auto& ri : s.rasterInfo)
      if (ri.label == h) ri.visible = false, found = true;
    if (h == "relief" && !rep.deferredRelief.empty()) found = true;  // hidden when it arrives
    if (!found) s.problems.push_back({"--hide-layer", 0, "", "no map layer is called '" + h + "'"});
  }
  phaseMark("app: basemap layers", tp);
  rep.basemapMs = msSince(t0);

  // 4. Time: the timeline spans all events; the playhead starts at the last event.
  geo::Seconds first = 0, last = 0;
  const bool pgTime = live && s.data.events.empty() && live->hasTime;  // a live source's time range
  if (pgTime || s.data.timeRange(first, last)) {
    if (pgTime) first = live->first, last = live->last;
    const geo::Seconds pad = std::max<geo::Seconds>((last - first) / 50, 86400);
    s.tl.start = first - pad;
    s.tl.end = last + pad;
  } else {
    s.tl.start = geo::makeTime(2020, 1, 1);
    s.tl.end = geo::makeTime(2023, 1, 1);
  }
  s.playhead = s.tl.end;
  if (!s.data.events.empty()) s.playhead = s.data.events.first(s.data.events.size() - 1);  // sorted by first
  else if (pgTime) s.playhead = last;
  if (o.hasTime) s.playhead = o.time.t;
  if (o.window == "all") s.mode = TimeMode::All;
  else if (o.windowSeconds > 0) {
    s.mode = TimeMode::Window;
    s.windowS = o.windowSeconds;
  }
  if (!o.select.empty()) s.selected = s.data.findEvent(o.select);
  s.screen.clear();
  size_t skipped = 0;
  for (const auto& p : s.problems)
    if (p.row > 0 && p.message.find("skipped") != std::string::npos) ++skipped;
  s.statusMessage = withThousands(int64_t(s.data.events.size())) + " events loaded";
  if (live)
    s.statusMessage = live->display + ": " + (live->rowsExact ? "" : "about ") + withThousands(live->rows) +
                      " rows, queried live" + (s.data.events.empty() ? std::string() : "; " + s.statusMessage);
  if (skipped) s.statusMessage += ", " + withThousands(int64_t(skipped)) + " rows skipped: see Problems";
  s.filters.text = o.filterText;  // --filter: the search box's text filter
  // The filters' mask, the map's and the timeline's indexes, built here on the loader's thread rather
  // than in the first frame (a million events: about half a second).
  auto tp2 = std::chrono::steady_clock::now();
  updateFilters(s);
  phaseMark("app: filters", tp2);
  {
    // The two indexes read the same data and write apart (the map's state, the timeline's): at once.
    std::thread map([&s] { prepareMapIndex(s); });
    prepareTimeline(s);
    map.join();
  }
  phaseMark("app: map and timeline indexes", tp2);
  return rep;
}

std::string withThousands(int64_t n) {
  std::string d = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) out += ',';
    out += d[i];
  }
  return n < 0 ? "-" + out : out;
}

bool mergeLoadResult(AppState& s, LoadResult& r) {
  const size_t slash = r.path.find_last_of('/');
  const std::string label = geo::sourceLabel(r.path);  // a PG: source by host/dbname/table (no password)
  const std::string name = geo::isPgConnection(r.path) ? label : slash == std::string::npos ? r.path : r.path.substr(slash + 1);
  if (!r.opened) {
    s.problems.push_back({label, 0, "", r.error.rfind(label + ": ", 0) == 0 ? r.error.substr(label.size() + 2) : r.error});
    s.statusMessage = name + " could not be opened: see Problems";
    return false;
  }
  if (r.pg) {  // a large PG: table: shown live, nothing loaded
    startPgView(s, *r.pg);
    if (s.data.events.empty()) s.data.name = r.pg->display;
    if (r.pg->extent.valid() && s.proj) fitWgs84(s.cam, s.mapRect, *s.proj, r.pg->extent);
    if (r.pg->hasTime && s.data.events.empty()) {
      const geo::Seconds pad = std::max<geo::Seconds>((r.pg->last - r.pg->first) / 50, 86400);
      s.tl.start = r.pg->first - pad;
      s.tl.end = r.pg->last + pad;
      s.playhead = r.pg->last;
    }
    s.statusMessage = r.pg->display + ": " + (r.pg->rowsExact ? "" : "about ") + withThousands(r.pg->rows) + " rows, queried live";
    return true;
  }
  size_t skipped = 0;
  for (const auto& p : r.data.problems)
    if (p.row > 0) ++skipped;
  for (auto& p : r.data.problems) s.problems.push_back(std::move(p));
  for (auto& p : r.problems) s.problems.push_back(std::move(p));
  if (!r.rasters.empty()) {
    for (auto& img : r.rasters) {
      const bool relief = img.name == "relief";
      const bool hidden = std::find(s.hiddenLayers.begin(), s.hiddenLayers.end(), img.name) != s.hiddenLayers.end();
      s.rasterInfo.push_back({img.name, !hidden, relief ? 0.35f : 0.8f, relief});
      s.rasters.push_back(std::move(img));
    }
    return true;
  }
  if (!r.layers.empty()) {
    for (auto& l : r.layers) {
      s.layerInfo.push_back({name + ": " + l.name, true, false});
      s.layers.push_back(std::move(l));
    }
    s.statusMessage = name + ": " + std::to_string(r.layers.size()) + " map layer(s) added";
    return true;
  }
  // Keep the selection and hover by id across the re-sort.
  const std::string selId = s.selected >= 0 ? std::string(s.data.events.id(size_t(s.selected))) : std::string();
  const size_t added = r.data.events.size();
  geo::BBox newBox = r.data.eventsBounds();
  s.data.events.append(std::move(r.data.events));
  for (auto& e : r.data.eras) s.data.eras.push_back(std::move(e));
  s.data.sortByTime();
  s.selected = selId.empty() ? -1 : s.data.findEvent(selId);
  s.hovered = -1;
  s.screen.clear();
  // Show what was opened: the timeline spans all events, the map fits the new ones.
  geo::Seconds first = 0, last = 0;
  if (s.data.timeRange(first, last)) {
    const geo::Seconds pad = std::max<geo::Seconds>((last - first) / 50, 86400);
    s.tl.start = first - pad;
    s.tl.end = last + pad;
    if (s.playhead < first || s.playhead > last) s.playhead = last;
  }
  if (newBox.valid() && s.proj) {
    const double mx = std::max(newBox.width() * 0.1, 0.25), my = std::max(newBox.height() * 0.1, 0.25);
    fitWgs84(s.cam, s.mapRect, *s.proj, {newBox.minX - mx, newBox.minY - my, newBox.maxX + mx, newBox.maxY + my});
  }
  s.statusMessage = withThousands(int64_t(added)) + " events loaded from " + name;
  if (!r.data.schema.empty()) s.statusMessage += " (" + r.data.schema + ")";
  if (skipped) s.statusMessage += ", " + withThousands(int64_t(skipped)) + " rows skipped: see Problems";
  return true;
}

}  // namespace app
