// The map panel: the map texture, navigation (wheel zoom around the cursor, drag pan, keys,
// double-click, zoom buttons, fly-to), symbols (shape by category, area by deaths, rings when deaths
// are unknown, halos for uncertain dates and places, province outlines), clusters and the density
// image for dense data, picking through a grid index, labels, legend, scale bar, the cursor's
// coordinates, the large date and the attributions.
// Sections: symbols; visibility, clusters and density (cached, rebuilt when their key changes);
// fly-to; map frame (what render/ draws); overlays (labels, legend, scale bar); the panel.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/filters.hpp"
#include "app/loading.hpp"
#include "app/map_view.hpp"
#include "app/panels.hpp"
#include "app/pg_view.hpp"
#include "app/presenter.hpp"
#include "app/theme.hpp"
#include "app/ui_util.hpp"

namespace app {

using namespace ui;

namespace {
// Beyond this many shown events in view, the map draws a density image instead of symbols: under
// software OpenGL each primitive costs about a microsecond.
constexpr size_t kDensityThreshold = 20000;
constexpr double kFlySeconds = 0.8;

float uiScaleOf(const AppState& s) { return s.uiScale * s.contentScale; }

// --- symbols ---------------------------------------------------------------------------------------
// Radius (px) of an event's symbol: its area grows linearly with the best estimate of deaths
// (pi r^2 = pi (r0^2 + k^2 n)), from the base size for none; capped so a war's toll does not cover
// the map.
float symbolRadius(int64_t deaths, float sc) {
  const float r0 = 6.5f * sc;
  if (deaths <= 0) return r0;
  const float k = 0.8f * sc;
  return std::min(std::sqrt(r0 * r0 + k * k * float(deaths)), 34.0f * sc);
}
float symbolRadius(geo::EventRef e, float sc) { return symbolRadius(e.fatalitiesBest(), sc); }
// Radius (px) of a count bubble.
float clusterRadius(size_t n, float sc) { return (9.0f + 3.2f * std::log2(float(std::max<size_t>(n, 2)))) * sc; }
// Ground radius (m) of the place uncertainty, from ACLED geo_precision / UCDP where_prec; 0 = exact
// or drawn as a province outline instead.
double placeUncertaintyM(int gp) {
  switch (gp) {
    case 2: return 25000;   // near the named place / within ~25 km
    case 5: return 50000;   // along a road, a border, a front
    case 6: return 150000;  // only the country
    case 7: return 100000;  // international waters or airspace
    default: return 0;
  }
}
bool provinceLevel(int gp) { return gp == 3 || gp == 4; }
// The date is less precise than a day.
bool vagueDate(geo::EventRef e) { return int(e.precision()) < int(geo::Precision::Day); }
bool activeSpan(const AppState& s, geo::EventRef e) {
  return e.isSpan() && e.first() <= s.playhead && e.last() >= s.playhead;
}
// Symbols fade in cumulative mode: the older an event is relative to the playhead, the lighter.
float fadeOf(const AppState& s, geo::EventRef e) {
  if (s.mode != TimeMode::Cumulative || e.last() >= s.playhead) return 1.0f;
  const double age = double(s.playhead - e.last());
  const double span = std::max(1.0, double(s.tl.end - s.tl.start));
  return float(std::clamp(1.0 - 0.55 * age / span, 0.45, 1.0));
}

// --- visibility, clusters and density --------------------------------------------------------------
// What the time mode, the playhead and the brushed range let through, as a cut of the events' times.
geo::TimeCut timeCutOf(const AppState& s) {
  geo::TimeCut c;
  switch (s.mode) {
    case TimeMode::All: break;
    case TimeMode::Cumulative: c.maxFirst = s.playhead; break;
    case TimeMode::Window:
      c.maxFirst = s.playhead;
      c.minLast = s.playhead - s.windowS;
      break;
  }
  if (s.hasRange) {
    c.maxFirst = std::min(c.maxFirst, s.rangeEnd);
    c.minLast = std::max(c.minLast, s.rangeStart);
  }
  return c;
}

// The index follows the data and the filters; the cut and the count follow the time (two binary
// searches a frame, whatever the number of events).
void updateShown(AppState& s) {
  updateFilters(s);
  MapUi& m = s.mapui;
  // An index built on the loader's thread for a state that was then moved into place points at the
  // store where it was (a crash in updateClusters after File > Open of a project, found by the soak
  // test): the same revision at a new address is only rebound.
  if (!m.index.empty() && &m.index.events() != &s.data.events && m.index.revision() == s.data.events.revision())
    m.index.rebind(s.data.events);
  if (m.index.empty() || m.index.revision() != s.data.events.revision() || m.indexFilterGen != s.filtered.generation) {
    m.index.build(s.data.events, s.filtered.pass);
    m.indexFilterGen = s.filtered.generation;
    ++m.indexVersion;
  }
  m.cut = timeCutOf(s);
  m.shownCount = m.index.countShown(m.cut);
}

// Whether event i is on the map at this frame's time (and passes the filters).
bool shownNow(const AppState& s, size_t i) {
  return i < s.data.events.size() && !s.mapui.index.empty() && s.mapui.index.shown(i, s.mapui.cut);
}

// The view in map metres.
geo::BBox viewBox(const AppState& s) {
  const double hw = s.mapRect.w * 0.5 * s.cam.upp, hh = s.mapRect.h * 0.5 * s.cam.upp;
  return {s.cam.cx - hw, s.cam.cy - hh, s.cam.cx + hw, s.cam.cy + hh};
}
geo::BBox grown(const geo::BBox& b, double f) {
  const double dx = b.width() * f, dy = b.height() * f;
  return {b.minX - dx, b.minY - dy, b.maxX + dx, b.maxY + dy};
}
bool within(const geo::BBox& inner, const geo::BBox& outer) {
  return inner.minX >= outer.minX && inner.maxX <= outer.maxX && inner.minY >= outer.minY && inner.maxY <= outer.maxY;
}

// Counts per density cell over the view and a margin around it, following the time by the events
// that cross it (a scrub), rebuilt when the view leaves the counted region, the cell size changes a
// power of two (zoom), or the data or filters change. Cells are powers of two metres, about 3 px.
void updateDensityCounts(AppState& s, float sc) {
  MapUi& m = s.mapui;
  geo::DensityCounts& d = m.densityCounts;
  const double cell = std::exp2(std::round(std::log2(std::max(1e-6, 3.0 * sc * s.cam.upp))));
  const geo::BBox view = viewBox(s);
  // While a zoom is under way the counted cells stay as they are (world-aligned, they are still right,
  // only coarser or finer than 3 px) unless they no longer cover the view, and even then for a fifth
  // of a second after the last recount: a fast zoom recounts a few times a second, not every frame.
  const double now = ImGui::GetTime();
  const bool zooming = m.flying || now - m.zoomedAt < 0.3;
  const bool stale = d.counts.empty() || m.densityIndexVersion != m.indexVersion;
  const bool covers = within(view, d.region);
  const double ratio = d.cell > 0 ? cell / d.cell : 1.0;
  const bool keepCells = zooming && !stale && ((covers && ratio >= 0.25 && ratio <= 4.0) || now - m.densityCountedAt < 0.2);
  const bool fresh = stale || (!keepCells && (d.cell != cell || !covers));
  if (fresh || !d.advance(m.index, m.cut, std::max<size_t>(200000, m.shownCount / 4))) {
    d.rebuild(m.index, m.cut, grown(view, 0.5), cell);
    m.densityIndexVersion = m.indexVersion;
    m.densityCountedAt = now;
  }
  if (d.cell != cell) s.redrawIn = std::max(s.redrawIn, 0.32);  // recount at the right cell size once the zoom rests
}

// The density image of the counted region, coloured on a log scale (light yellow to dark red),
// remade only when the counts changed.
void updateDensityImage(AppState& s) {
  MapUi& m = s.mapui;
  const geo::DensityCounts& d = m.densityCounts;
  if (m.densityImageVersion == d.version && m.densityImageIndex == m.densityIndexVersion && m.densityW == d.w &&
      m.densityH == d.h)
    return;
  m.densityImageVersion = d.version;
  m.densityImageIndex = m.densityIndexVersion;
  ++m.densityUpload;
  m.densityW = d.w;
  m.densityH = d.h;
  m.densityMinX = d.region.minX;
  m.densityMinY = d.region.minY;
  m.densityMaxX = d.region.maxX;
  m.densityMaxY = d.region.maxY;
  uint32_t mx = 0;
  for (uint32_t c : d.counts) mx = std::max(mx, c);
  m.densityRgba.assign(d.counts.size() * 4, 0);
  const double lmax = std::log1p(double(std::max<uint32_t>(mx, 1)));
  // YlOrRd-like ramp: readable on the light and the dark basemap.
  const float ramp[4][3] = {{255, 237, 160}, {254, 178, 76}, {240, 59, 32}, {128, 0, 38}};
  for (size_t k = 0; k < d.counts.size(); ++k) {
    const uint32_t c = d.counts[k];
    if (!c) continue;
    const float t = float(std::log1p(double(c)) / lmax) * 2.999f;
    const int a = int(t);
    const float f = t - float(a);
    uint8_t* px = &m.densityRgba[k * 4];
    for (int ch = 0; ch < 3; ++ch) px[ch] = uint8_t(ramp[a][ch] + (ramp[std::min(a + 1, 3)][ch] - ramp[a][ch]) * f);
    px[3] = uint8_t(150 + 100 * t / 3.0f);
  }
}

// Priority of an event as a cluster's seed: the deadliest, then the latest.
double seedPriority(geo::EventRef e) {
  return double(std::max<int64_t>(e.fatalitiesBest(), 0)) * 1e10 + double(e.first()) * 1e-9;
}

// A bubble grows with its count, so clusters formed a few pixels apart can still cover each other
// (at a continental view the Caucasus' bubbles pile up, their numbers unreadable). Clusters whose
// drawn circles overlap by more than a fifth of their radii merge, biggest first, until none do.
void mergeOverlapping(const AppState& s, std::vector<MapCluster>& cl, float sc) {
  auto radiusPx = [&](const MapCluster& c) {
    return c.members.size() == 1 ? symbolRadius(s.data.events[c.seed], sc) : clusterRadius(c.members.size(), sc);
  };
  const double upp = s.cam.upp;
  for (int pass = 0; pass < 8; ++pass) {
    float maxR = 0;
    std::vector<double> xs(cl.size()), ys(cl.size());
    std::vector<uint32_t> ids(cl.size());
    for (size_t i = 0; i < cl.size(); ++i) xs[i] = cl[i].x, ys[i] = cl[i].y, ids[i] = uint32_t(i), maxR = std::max(maxR, radiusPx(cl[i]));
    geo::GridIndex grid;
    grid.build(xs, ys, ids, 2.0 * maxR * upp);
    std::vector<size_t> order(cl.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return cl[a].members.size() > cl[b].members.size(); });
    std::vector<uint8_t> gone(cl.size(), 0);
    bool merged = false;
    for (size_t i : order) {
      if (gone[i]) continue;
      MapCluster& a = cl[i];
      grid.forEachWithin(xs[i], ys[i], 2.0 * maxR * upp, [&](uint32_t j, double, double) {
        if (j == i || gone[j]) return;
        MapCluster& b = cl[j];
        const double d = std::hypot(a.x - b.x, a.y - b.y) / upp;
        if (d >= 0.8 * double(radiusPx(a) + radiusPx(b))) return;
        const double na = double(a.members.size()), nb = double(b.members.size());
        a.x = (a.x * na + b.x * nb) / (na + nb);
        a.y = (a.y * na + b.y * nb) / (na + nb);
        a.members.insert(a.members.end(), b.members.begin(), b.members.end());
        b.members.clear();
        gone[j] = 1;
        merged = true;
      });
    }
    if (!merged) break;
    std::vector<MapCluster> kept;
    kept.reserve(cl.size());
    for (size_t i = 0; i < cl.size(); ++i) {
      if (gone[i]) continue;
      MapCluster& c = cl[i];
      std::stable_sort(c.members.begin(), c.members.end(), [&](uint32_t p, uint32_t q) {
        return seedPriority(s.data.events[p]) > seedPriority(s.data.events[q]);
      });
      c.seed = c.members.front();
      kept.push_back(std::move(c));
    }
    cl = std::move(kept);
  }
}

// Clusters of the events shown in the view and a margin around it (map metres, so that panning
// within the margin does not redo them), remade when the time, the filters, the zoom or that region
// change.
void updateClusters(AppState& s, float sc) {
  MapUi& m = s.mapui;
  const geo::BBox view = viewBox(s);
  const bool regionOk = m.clusterIndexVersion == m.indexVersion && within(view, m.clusterRegion);
  if (regionOk && m.clusterCut == m.cut && m.clusterUpp == s.cam.upp && m.clusterScale == sc && m.clusterMode == m.clustering)
    return;
  if (!regionOk) m.clusterRegion = grown(view, 0.25);
  m.clusterIndexVersion = m.indexVersion;
  m.clusterCut = m.cut;
  m.clusterUpp = s.cam.upp;
  m.clusterScale = sc;
  m.clusterMode = m.clustering;
  std::vector<double> xs, ys, prio;
  std::vector<uint32_t> ids;
  const geo::EventStore& ev = s.data.events;
  m.index.forEachShownIn(m.clusterRegion, m.cut, [&](uint32_t i) {
    xs.push_back(ev.x(i));
    ys.push_back(ev.y(i));
    ids.push_back(i);
    // The seed of a cluster is its deadliest, then latest event.
    prio.push_back(seedPriority(ev[i]));
  });
  m.clusters.clear();
  // Clusters form where symbols would overlap: within about two base radii.
  const double radius = m.clustering ? 13.0 * sc * s.cam.upp : 1e-9;
  for (geo::Cluster& c : geo::clusterPoints(xs, ys, ids, prio, radius)) {
    MapCluster mc;
    mc.x = c.x;
    mc.y = c.y;
    mc.seed = c.seed;
    mc.members = std::move(c.members);
    m.clusters.push_back(std::move(mc));
  }
  if (m.clustering) mergeOverlapping(s, m.clusters, sc);
  std::vector<double> cx(m.clusters.size()), cy(m.clusters.size());
  std::vector<uint32_t> cid(m.clusters.size());
  for (size_t i = 0; i < m.clusters.size(); ++i) {
    cx[i] = m.clusters[i].x;
    cy[i] = m.clusters[i].y;
    cid[i] = uint32_t(i);
  }
  m.clusterGrid.build(cx, cy, cid, 40.0 * sc * s.cam.upp);
}

// Label anchors: the centroid of each country's and disputed area's largest ring.
void updateAnchors(AppState& s) {
  MapUi& m = s.mapui;
  const void* key = s.layers.empty() ? nullptr : static_cast<const void*>(s.layers.data());
  if (m.anchorsFor == key && key) return;
  m.anchorsFor = key;
  auto anchors = [](const geo::MapLayer& L, std::vector<double>& xs, std::vector<double>& ys) {
    xs.assign(L.featureCount(), 0);
    ys.assign(L.featureCount(), 0);
    for (size_t f = 0; f < L.featureCount(); ++f) {
      double best = -1;
      for (uint32_t r = L.featureRingStart[f]; r < L.featureRingStart[f + 1]; ++r) {
        double a = 0, cx = 0, cy = 0;
        const uint32_t i0 = L.ringStart[r], i1 = L.ringStart[r + 1];
        for (uint32_t i = i0, j = i1 - 1; i < i1; j = i++) {
          const double c = L.coords[j].x * L.coords[i].y - L.coords[i].x * L.coords[j].y;
          a += c;
          cx += (L.coords[j].x + L.coords[i].x) * c;
          cy += (L.coords[j].y + L.coords[i].y) * c;
        }
        if (std::fabs(a) > best && std::fabs(a) > 0) {
          best = std::fabs(a);
          xs[f] = cx / (3 * a);
          ys[f] = cy / (3 * a);
        }
      }
    }
  };
  m.countryLabelX.clear();
  m.disputedLabelX.clear();
  for (size_t i = 0; i < s.layers.size(); ++i) {
    if (!s.layerInfo[i].bundled) continue;
    if (s.layers[i].name == "countries") anchors(s.layers[i], m.countryLabelX, m.countryLabelY);
    if (s.layers[i].name == "disputed") anchors(s.layers[i], m.disputedLabelX, m.disputedLabelY);
  }
}

int layerNamed(const AppState& s, const char* name) {
  for (size_t i = 0; i < s.layers.size(); ++i)
    if (s.layerInfo[i].bundled && s.layers[i].name == name) return int(i);
  return -1;
}

// The province an event lies in (looked up once per event, lazily: point-in-polygon is not cheap).
int provinceOf(AppState& s, size_t i, int provLayer, int& budget) {
  MapUi& m = s.mapui;
  if (m.provinceRev != s.data.events.revision()) {
    m.provinceRev = s.data.events.revision();
    m.provinceOf.assign(s.data.events.size(), -2);
  }
  if (m.provinceOf[i] == -2) {
    if (budget <= 0) return -1;
    --budget;
    const geo::EventRef e = s.data.events[i];
    m.provinceOf[i] = s.layers[size_t(provLayer)].featureAt(e.x(), e.y());
  }
  return m.provinceOf[i];
}

// --- fly-to ----------------------------------------------------------------------------------------
void startFly(AppState& s, double cx, double cy, double upp) {
  MapUi& m = s.mapui;
  m.fromCx = s.cam.cx;
  m.fromCy = s.cam.cy;
  m.fromUpp = s.cam.upp;
  m.toCx = cx;
  m.toCy = cy;
  m.toUpp = std::clamp(upp, s.cam.minUpp, s.cam.maxUpp);
  m.flyT = 0;
  m.flyDuration = kFlySeconds;
  m.flying = true;
  s.animating = true;
}

void stepFly(AppState& s) {
  MapUi& m = s.mapui;
  if (!m.flying) return;
  m.flyT += std::clamp(double(ImGui::GetIO().DeltaTime), 0.0, 0.1) / m.flyDuration;
  const double t = easeInOut(m.flyT);
  // Zoom in log space; far flights rise a little in the middle to keep the context in view.
  const double dist = std::hypot(m.toCx - m.fromCx, m.toCy - m.fromCy);
  const double rise = std::max(0.0, std::log(dist / (std::max(m.fromUpp, m.toUpp) * s.mapRect.w + 1e-9)));
  const double lu = std::log(m.fromUpp) + (std::log(m.toUpp) - std::log(m.fromUpp)) * t + rise * 4 * t * (1 - t);
  s.cam.upp = std::clamp(std::exp(lu), s.cam.minUpp, s.cam.maxUpp);
  s.cam.cx = m.fromCx + (m.toCx - m.fromCx) * t;
  s.cam.cy = m.fromCy + (m.toCy - m.fromCy) * t;
  if (m.flyT >= 1) {
    m.flying = false;
    s.cam.cx = m.toCx;
    s.cam.cy = m.toCy;
    s.cam.upp = m.toUpp;
    if (!s.playing) s.animating = false;
  }
}

// A selection made elsewhere (timeline, list, story) brings its event into view.
void followSelection(AppState& s) {
  MapUi& m = s.mapui;
  if (s.selected == m.lastSelected) return;
  m.lastSelected = s.selected;
  if (m.selectionFromMap) {
    m.selectionFromMap = false;
    return;
  }
  if (s.selected < 0 || size_t(s.selected) >= s.data.events.size() || s.mapRect.w < 10) return;
  const geo::EventRef e = s.data.events[size_t(s.selected)];
  if (!e.hasLocation()) return;
  double sx, sy;
  worldToScreen(s.cam, s.mapRect, e.x(), e.y(), sx, sy);
  const Rect& r = s.mapRect;
  const bool inside = sx > r.x + r.w * 0.1 && sx < r.x + r.w * 0.9 && sy > r.y + r.h * 0.1 && sy < r.y + r.h * 0.9;
  // Zoomed far out (a continent), come closer; otherwise keep the zoom the reader chose.
  const double upp = s.mapui.groundMpp > 4000 ? s.cam.upp * 4000 / s.mapui.groundMpp : s.cam.upp;
  if (!inside || upp < s.cam.upp) startFly(s, e.x(), e.y(), upp);
}
}  // namespace

// --- map frame -------------------------------------------------------------------------------------
void prepareMapIndex(AppState& s) { updateShown(s); }

render::MapFrame buildMapFrame(AppState& s) {
  const MapPalette& pal = mapPalette(s.dark);
  const float sc = uiScaleOf(s);
  MapUi& m = s.mapui;
  if (s.proj) {
    const double mpu = metresPerUnit(*s.proj, s.cam.cx, s.cam.cy);
    m.groundMpp = mpu > 0 ? s.cam.upp * mpu : s.cam.upp;
  }
  followSelection(s);
  stepFly(s);
  updateShown(s);
  updateAnchors(s);
  pgPrepareMap(s, sc);  // a live PG: source: the view's window asked for, the last result taken
  // Symbols, or the density image when the view holds more than the draw budget (counted in the
  // density cells, kept only while that many are shown at all).
  m.shownInView = m.shownCount;
  if (m.shownCount > kDensityThreshold) {
    updateDensityCounts(s, sc);
    m.shownInView = m.densityCounts.sumIn(viewBox(s));
  } else {
    m.densityCounts = geo::DensityCounts{};
  }
  m.density = m.shownInView > kDensityThreshold;
  if (m.density) {
    updateDensityImage(s);
    m.clusters.clear();
    m.clusterGrid.clear();
    m.clusterIndexVersion = 0;
  } else {
    updateClusters(s, sc);
  }

  render::MapFrame fr;
  fr.width = int(s.mapRect.w);
  fr.height = int(s.mapRect.h);
  fr.centerX = s.cam.cx;
  fr.centerY = s.cam.cy;
  fr.unitsPerPx = s.cam.upp;
  // A zoom under way: the basemap cache is shown scaled until the zoom rests for kZoomRestS, then
  // drawn sharp (a frame is asked for then).
  constexpr double kZoomRestS = 0.3;
  const double now = ImGui::GetTime();
  fr.zoomPreview = m.flying || s.transition.active || now - m.zoomedAt < kZoomRestS;
  if (now - m.zoomedAt < kZoomRestS) s.redrawIn = m.zoomedAt + kZoomRestS + 0.01 - now;
  fr.background = rcol(pal.sea);
  fr.hollow = s.dark ? render::rgb(0x202124, 0.6f) : render::rgb(0xFFFFFF, 0.6f);
  for (size_t i = 0; i < s.layers.size(); ++i) {
    const geo::MapLayer& l = s.layers[i];
    const LayerInfo& info = s.layerInfo[i];
    render::LayerStyle st;
    st.visible = info.visible && info.opacity > 0.0f;
    const std::string& n = l.name;
    if (!info.bundled) {
      st.fillColor = rcol(0x9C6ADE, 0.25f);
      st.lineColor = rcol(0x6A3DB8);
      st.lineWidth = 1.5f * sc;
    } else if (n == "land") {
      st.fillColor = rcol(pal.land);
      st.stroke = false;
      st.fillUnderRasters = true;
      st.clipsShading = true;
    } else if (n == "countries") {
      st.fillUnderRasters = true;
      for (size_t f = 0; f < l.featureCount(); ++f) {
        const bool member = f < l.featureFlag.size() && l.featureFlag[f] == 1;
        const uint32_t c = m.highlightCsto && member ? (s.dark ? 0x2F4A63 : 0xCFE1F2) : countryFill(l.featureCode[f], s.dark);
        st.featureFill.push_back(rcol(c));
      }
      // National borders: heavier and darker than the provincial ones.
      st.lineColor = rcol(pal.countryLine);
      st.lineWidth = 1.8f * sc;
    } else if (n == "provinces") {
      st.fill = false;
      st.lineColor = rcol(pal.provinceLine);
      st.lineWidth = 1.0f;
    } else if (n == "disputed") {
      st.fillColor = rcol(pal.disputedFill, 0.45f);
      st.hatch = std::round(7.0f * sc);
      st.lineColor = rcol(pal.disputedLine, 0.95f);
      st.lineWidth = 1.8f * sc;
    } else if (n == "lakes") {
      st.fillColor = rcol(pal.lake);
      st.lineColor = rcol(pal.coast);
    } else if (n == "rivers") {
      st.lineColor = rcol(pal.river);
      st.lineWidth = std::max(1.0f, 1.3f * sc);
    } else if (n == "coastline") {
      st.lineColor = rcol(pal.coast);
    } else {
      st.visible = st.visible && l.kind != geo::GeomKind::Point;
    }
    // Layer opacity multiplies every colour's alpha.
    st.fillColor.a *= info.opacity;
    st.lineColor.a *= info.opacity;
    for (auto& c : st.featureFill) c.a *= info.opacity;
    fr.styles.push_back(st);
  }
  // Provincial lines under the national borders: by default provinces are drawn before countries.
  if (s.layerOrder.size() != s.layers.size()) {
    s.layerOrder.clear();
    const int prov = layerNamed(s, "provinces"), ctry = layerNamed(s, "countries");
    for (size_t i = 0; i < s.layers.size(); ++i) {
      if (int(i) == prov) continue;
      if (int(i) == ctry && prov >= 0) s.layerOrder.push_back(prov);
      s.layerOrder.push_back(int(i));
    }
  }
  fr.order = s.layerOrder;
  for (const auto& ri : s.rasterInfo) fr.rasterStyles.push_back({ri.visible, ri.opacity, ri.multiply});

  const uint32_t outline = s.dark ? 0xF0F0F0 : 0x202020;
  const Rect& r = s.mapRect;
  const double margin = 60.0 * sc * s.cam.upp;
  const double hw = r.w * 0.5 * s.cam.upp + margin, hh = r.h * 0.5 * s.cam.upp + margin;
  auto inView = [&](double x, double y) { return std::fabs(x - s.cam.cx) <= hw && std::fabs(y - s.cam.cy) <= hh; };

  // Province outlines for events placed only to their province ("somewhere in Syunik").
  const int provLayer = layerNamed(s, "provinces");
  if (provLayer >= 0 && !m.density) {
    int budget = 400;
    std::vector<int> provs;
    for (const MapCluster& c : m.clusters) {
      if (provs.size() >= 64) break;
      if (c.members.size() != 1 || !provinceLevel(s.data.events[c.seed].geoPrecision())) continue;
      const size_t i = c.seed;
      const geo::EventRef e = s.data.events[i];
      if (!inView(e.x(), e.y())) continue;
      const int p = provinceOf(s, i, provLayer, budget);
      if (p >= 0 && std::find(provs.begin(), provs.end(), p) == provs.end()) provs.push_back(p);
    }
    for (int p : provs) fr.highlights.push_back({provLayer, p, rcol(0x7B5EA7, 0.10f), rcol(0x7B5EA7, 0.85f), 2.0f * sc});
  }

  if (m.density && m.densityW > 0) {
    fr.density = render::DensityImage{m.densityRgba.data(), m.densityW,    m.densityH,    m.densityMinX,
                                      m.densityMinY,        m.densityMaxX, m.densityMaxY, m.densityUpload};
  }

  auto eventMarker = [&](geo::EventRef e, float radius, uint32_t line, float outlineW, float alpha) {
    render::Marker mk;
    mk.x = e.x();
    mk.y = e.y();
    mk.radius = radius;
    mk.outline = outlineW;
    mk.fill = rcol(categoryColor(e.category()), alpha);
    mk.line = rcol(line, alpha);
    mk.shape = render::Shape(categoryShape(e.category()));
    // Deaths not reported: a hollow symbol (a band of the category colour around an empty middle).
    if (e.fatalitiesBest() < 0) mk.ring = std::max(2.5f * sc, radius * 0.38f);
    return mk;
  };
  auto halo = [&](geo::EventRef e, float radius, float alpha) {
    const uint32_t c = categoryColor(e.category());
    // Place uncertainty: a disc of the ground radius it stands for; date uncertainty: a soft rim.
    const double groundR = placeUncertaintyM(e.geoPrecision());
    float hr = radius + 7.0f * sc;
    if (groundR > 0) hr = std::max(hr, float(std::min(groundR / std::max(m.groundMpp, 1e-9), 400.0)));
    render::Marker h;
    h.x = e.x();
    h.y = e.y();
    h.radius = hr;
    h.outline = 1.2f * sc;
    h.fill = rcol(c, 0.22f * alpha);
    h.line = rcol(c, 0.55f * alpha);
    return h;
  };

  if (!m.density) {
    // Halos under every symbol, then symbols large to small (small ones stay visible on top), then
    // count bubbles.
    std::vector<std::pair<float, uint32_t>> singles;
    for (const MapCluster& c : m.clusters) {
      if (!inView(c.x, c.y) || c.members.size() != 1) continue;
      const uint32_t i = c.members[0];
      if (int(i) == s.hovered || int(i) == s.selected) continue;
      singles.push_back({symbolRadius(s.data.events[i], sc), i});
    }
    std::stable_sort(singles.begin(), singles.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [rad, i] : singles) {
      const geo::EventRef e = s.data.events[i];
      if (vagueDate(e) || placeUncertaintyM(e.geoPrecision()) > 0) fr.markers.push_back(halo(e, rad, fadeOf(s, e)));
    }
    for (const auto& [rad, i] : singles) {
      const geo::EventRef e = s.data.events[i];
      const float a = fadeOf(s, e);
      if (activeSpan(s, e)) {  // a span under way at the current time: an outer ring
        render::Marker ring = eventMarker(e, rad + 4.5f * sc, outline, 2.0f * sc, 1.0f);
        ring.shape = render::Shape::Circle;
        ring.fill = rcol(0, 0.0f);
        ring.line = rcol(categoryColor(e.category()));
        ring.ring = 0;
        fr.markers.push_back(ring);
      }
      fr.markers.push_back(eventMarker(e, rad, outline, 1.3f * sc, a));
    }
    for (const MapCluster& c : m.clusters) {
      if (!inView(c.x, c.y) || c.members.size() < 2) continue;
      render::Marker b;
      b.x = c.x;
      b.y = c.y;
      b.radius = clusterRadius(c.members.size(), sc);
      b.outline = 2.0f * sc;
      b.fill = s.dark ? rcol(0xE8E8E8, 0.92f) : rcol(0x2E3A46, 0.9f);
      b.line = rcol(categoryColor(s.data.events[c.seed].category()));
      fr.markers.push_back(b);
    }
  }
  for (int idx : {s.hovered, s.selected}) {
    if (idx < 0 || !shownNow(s, size_t(idx))) continue;
    const geo::EventRef e = s.data.events[size_t(idx)];
    const bool sel = idx == s.selected;
    const float rad = symbolRadius(e, sc) * (sel ? 1.35f : 1.2f);
    if (vagueDate(e) || placeUncertaintyM(e.geoPrecision()) > 0) fr.markers.push_back(halo(e, rad, 1.0f));
    fr.markers.push_back(eventMarker(e, rad, sel ? 0x0050A0 : outline, (sel ? 3.0f : 2.0f) * sc, 1.0f));
  }
  pgAddToMapFrame(s, fr, sc);  // a live PG: source's events or density cells
  // Events' areas and lines (districts handed over, a corridor): translucent fills in the category's
  // colour, outlines and lines drawn firmly; shown when the event itself is shown.
  if (m.shapesRev != s.data.events.revision()) {
    m.eventShapes = geo::MapLayer{};
    m.eventShapes.name = "event shapes";
    m.eventShapes.kind = geo::GeomKind::Polygon;
    m.shapeEvent.clear();
    for (size_t e = 0; e < s.data.events.size(); ++e) {
      const geo::EventShape* sh = s.data.events.shape(e);
      if (!sh || sh->xy.size() != sh->lonlat.size()) continue;
      for (size_t r = 0; r + 1 < sh->ringStart.size(); ++r) {
        for (uint32_t k = sh->ringStart[r]; k < sh->ringStart[r + 1]; ++k) {
          m.eventShapes.coords.push_back(sh->xy[k]);
          m.eventShapes.bounds.add(sh->xy[k].x, sh->xy[k].y);
        }
        m.eventShapes.ringStart.push_back(uint32_t(m.eventShapes.coords.size()));
      }
      m.eventShapes.featureRingStart.push_back(uint32_t(m.eventShapes.ringCount()));
      m.shapeEvent.push_back(uint32_t(e));
    }
    m.shapesRev = s.data.events.revision();
    ++m.shapesVersion;
  }
  if (!m.shapeEvent.empty()) {
    fr.shapes.layer = &m.eventShapes;
    fr.shapes.version = m.shapesVersion;
    fr.shapes.lineWidth = 2.5f * sc;
    for (uint32_t e : m.shapeEvent) {
      const geo::EventRef ev = s.data.events[e];
      const bool on = shownNow(s, e);
      const bool sel = int(e) == s.selected || int(e) == s.hovered;
      const uint32_t c = categoryColor(ev.category());
      fr.shapes.visible.push_back(on ? 1 : 0);
      fr.shapes.fill.push_back(ev.shape()->line ? render::Color{0, 0, 0, 0} : rcol(c, sel ? 0.35f : 0.2f));
      fr.shapes.line.push_back(rcol(c, sel ? 1.0f : 0.85f));
    }
  }
  return fr;
}

// --- overlays --------------------------------------------------------------------------------------
namespace {
struct LabelBoxes {
  std::vector<ImVec4> taken;
  bool fits(const ImVec4& b, const Rect& r) const {
    if (b.x < r.x || b.y < r.y || b.z > r.x + r.w || b.w > r.y + r.h) return false;
    for (const ImVec4& t : taken)
      if (!(b.z < t.x || b.x > t.z || b.w < t.y || b.y > t.w)) return false;
    return true;
  }
};

std::string bothNames(const std::string& a, const std::string& b, bool altFirst) {
  if (b.empty() || b == a) return a;
  return altFirst ? b + " / " + a : a + " / " + b;
}

void drawPlaceLabels(AppState& s, const UiFonts& f, ImDrawList* dl, LabelBoxes& boxes) {
  if (s.placesLayer < 0 || !s.layerInfo[size_t(s.placesLayer)].visible) return;
  const geo::MapLayer& L = s.layers[size_t(s.placesLayer)];
  const Rect& r = s.mapRect;
  const float size = std::round(ImGui::GetFontSize() * 0.95f);
  auto isCapital = [&](size_t i) { return i < L.featureKind.size() && L.featureKind[i] == "capital"; };
  // Capitals first, then by population: greedy placement without overlaps. Zoomed out, only the
  // larger towns compete (a projector shows fewer, larger labels).
  std::vector<size_t> order;
  const double minPop = s.mapui.groundMpp > 3000 ? 400000 : s.mapui.groundMpp > 1200 ? 50000 : 0;
  for (size_t i = 0; i < L.featureCount(); ++i)
    if (isCapital(i) || L.featureRank[i] >= minPop) order.push_back(i);
  // A town where a shown event sits is named first (after capitals), beside its symbol: the class
  // must read that the shelling hit Jermuk and Goris. Symbol radius per place, 0 when none is near.
  // (Only with symbols drawn one by one, at most a few thousand; the density image marks no place.)
  std::vector<float> symbolR(L.featureCount(), 0.0f);
  std::vector<EventScreenPos> symbols;
  if (!s.mapui.density && s.screen.size() <= 8000) {
    for (const auto& [i, e] : s.screen.sorted())
      if (e.onMap()) symbols.push_back(e);
    if (symbols.size() > 4000) symbols.clear();
  }
  for (size_t i : order) {
    if (symbols.empty()) break;
    const geo::Vec2d& p = L.coords[L.ringStart[L.featureRingStart[i]]];
    double sx, sy;
    worldToScreen(s.cam, r, p.x, p.y, sx, sy);
    if (sx < r.x || sy < r.y || sx > r.x + r.w || sy > r.y + r.h) continue;
    for (const EventScreenPos& e : symbols) {
      const float dx = e.mapX - float(sx), dy = e.mapY - float(sy);
      if (dx * dx + dy * dy <= 100.0f) symbolR[i] = std::max(symbolR[i], std::max(e.mapR, 4.0f));
    }
  }
  auto prio = [&](size_t i) { return (isCapital(i) ? 2e12 : 0.0) + (symbolR[i] > 0 ? 1e12 : 0.0) + L.featureRank[i]; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return prio(a) > prio(b); });
  const ImU32 text = s.dark ? IM_COL32(235, 235, 235, 255) : IM_COL32(25, 25, 25, 255);
  const ImU32 halo = s.dark ? IM_COL32(20, 20, 20, 230) : IM_COL32(255, 255, 255, 235);
  const float sc = scale();
  int placed = 0;
  for (size_t i : order) {
    if (placed >= 45) break;
    const geo::Vec2d& p = L.coords[L.ringStart[L.featureRingStart[i]]];
    double sx, sy;
    worldToScreen(s.cam, r, p.x, p.y, sx, sy);
    if (sx < r.x || sy < r.y || sx > r.x + r.w || sy > r.y + r.h) continue;
    const std::string label = bothNames(L.featureName[i], L.featureNameAlt[i], s.altNamesFirst);
    const bool capital = isCapital(i);
    const ImVec2 ts = f.regular->CalcTextSizeA(size, 1e9f, 0, label.c_str());
    // Right of the dot (or of the event's symbol there), else left, above, below.
    bool ok = false;
    ImVec2 pos;
    const float gap = std::max(6 * sc, symbolR[i] + 3 * sc);
    const ImVec2 tries[4] = {ImVec2(float(sx) + gap, float(sy) - ts.y * 0.5f), ImVec2(float(sx) - gap - ts.x, float(sy) - ts.y * 0.5f),
                             ImVec2(float(sx) - ts.x * 0.5f, float(sy) - gap - ts.y), ImVec2(float(sx) - ts.x * 0.5f, float(sy) + gap)};
    for (int side = 0; side < (symbolR[i] > 0 ? 4 : 2) && !ok; ++side) {
      pos = tries[side];
      const ImVec4 box(pos.x - 2, pos.y - 1, pos.x + ts.x + 2, pos.y + ts.y + 1);
      // The symbol at this very place may touch the label's inner edge: only other boxes count.
      if (boxes.fits(box, r)) {
        boxes.taken.push_back(box);
        ok = true;
      }
    }
    if (!ok) continue;
    ++placed;
    // An open ring with a light rim: the place's own pixel keeps the colour beneath it.
    const ImVec2 c{float(sx), float(sy)};
    const float rr = (capital ? 4.2f : 3.0f) * sc;
    if (symbolR[i] <= 0) {  // where an event's symbol sits, the symbol marks the place
      dl->AddCircle(c, rr + 1.2f * sc, halo, 16, 1.4f * sc);
      dl->AddCircle(c, rr, text, 16, (capital ? 2.0f : 1.4f) * sc);
    }
    boxes.taken.push_back(ImVec4(c.x - rr - 2, c.y - rr - 2, c.x + rr + 2, c.y + rr + 2));
    haloText(dl, f.regular, f.regularHalo, size, pos, text, halo, label.c_str());
  }
}

// Country names (zoomed out) and disputed areas' names, in their own colours.
void drawAreaLabels(AppState& s, const UiFonts& f, ImDrawList* dl, LabelBoxes& boxes) {
  const Rect& r = s.mapRect;
  const MapPalette& pal = mapPalette(s.dark);
  const ImU32 halo = s.dark ? IM_COL32(20, 20, 20, 220) : IM_COL32(255, 255, 255, 220);
  const int ctry = layerNamed(s, "countries"), disp = layerNamed(s, "disputed");
  const float fs = ImGui::GetFontSize();
  if (disp >= 0 && s.layerInfo[size_t(disp)].visible) {
    const geo::MapLayer& L = s.layers[size_t(disp)];
    for (size_t i = 0; i < L.featureCount() && i < s.mapui.disputedLabelX.size(); ++i) {
      std::string name = L.featureName[i];
      const size_t cut = name.find(" (");
      if (cut != std::string::npos) name = name.substr(0, cut);
      const size_t colon = name.find(':');
      if (colon != std::string::npos) name = name.substr(0, colon);
      const size_t comma = name.find(", approx");
      if (comma != std::string::npos) name = name.substr(0, comma);
      double sx, sy;
      worldToScreen(s.cam, r, s.mapui.disputedLabelX[i], s.mapui.disputedLabelY[i], sx, sy);
      const float size = std::round(fs * 0.85f);
      const ImVec2 ts = f.regular->CalcTextSizeA(size, std::max(120.0f, 14 * size), 14 * size, name.c_str());
      const ImVec2 pos(float(sx) - ts.x * 0.5f, float(sy) - ts.y * 0.5f);
      const ImVec4 box(pos.x, pos.y, pos.x + ts.x, pos.y + ts.y);
      // A label wider than the area itself says nothing: only where the area is big enough on screen.
      if (!boxes.fits(box, r)) continue;
      boxes.taken.push_back(box);
      haloText(dl, f.regular, f.regularHalo, size, pos, col(pal.disputedLine), halo, name.c_str(), 14 * size);
    }
  }
  if (ctry >= 0 && s.layerInfo[size_t(ctry)].visible && s.mapui.groundMpp > 1500) {
    const geo::MapLayer& L = s.layers[size_t(ctry)];
    const float size = std::round(fs * 1.05f);
    const ImU32 ink = s.dark ? IM_COL32(200, 200, 200, 255) : IM_COL32(85, 85, 95, 255);
    for (size_t i = 0; i < L.featureCount() && i < s.mapui.countryLabelX.size(); ++i) {
      std::string name = L.featureName[i];
      for (char& c : name)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
      double sx, sy;
      worldToScreen(s.cam, r, s.mapui.countryLabelX[i], s.mapui.countryLabelY[i], sx, sy);
      const ImVec2 ts = f.regular->CalcTextSizeA(size, 1e9f, 0, name.c_str());
      const ImVec2 pos(float(sx) - ts.x * 0.5f, float(sy) - ts.y * 0.5f);
      const ImVec4 box(pos.x - 4, pos.y - 2, pos.x + ts.x + 4, pos.y + ts.y + 2);
      if (!boxes.fits(box, r)) continue;
      boxes.taken.push_back(box);
      haloText(dl, f.regular, f.regularHalo, size, pos, ink, halo, name.c_str());
    }
  }
}

// One symbol shape in ImGui (legend, lists), matching the marker shader's shapes.
void drawShape(ImDrawList* dl, ImVec2 c, float r, int shape, ImU32 fill, ImU32 line, float lw, bool hollow) {
  std::vector<ImVec2> pts;
  auto ngon = [&](int n, float rot, float rr) {
    for (int k = 0; k < n; ++k) {
      const float a = rot + float(k) * 6.2831853f / float(n);
      pts.push_back(ImVec2(c.x + std::cos(a) * rr, c.y - std::sin(a) * rr));
    }
  };
  switch (shape) {
    case 1: ngon(4, 0.785398f, r * 1.2f); break;
    case 2: ngon(4, 0.0f, r * 1.18f); break;
    case 3: ngon(3, 1.5708f, r * 1.05f); break;
    case 4: ngon(3, -1.5708f, r * 1.05f); break;
    case 5: ngon(6, 0.0f, r * 1.02f); break;
    case 6:
      for (int k = 0; k < 10; ++k) {
        const float a = 1.5708f + float(k) * 0.6283185f, rr = (k % 2 ? 0.5f : 1.08f) * r;
        pts.push_back(ImVec2(c.x + std::cos(a) * rr, c.y - std::sin(a) * rr));
      }
      break;
    case 7: {
      const float a = r, b = r * 0.38f;
      const ImVec2 p[12] = {{-b, -a}, {b, -a}, {b, -b}, {a, -b}, {a, b}, {b, b}, {b, a}, {-b, a}, {-b, b}, {-a, b}, {-a, -b}, {-b, -b}};
      for (const ImVec2& q : p) pts.push_back(ImVec2(c.x + q.x, c.y + q.y));
      break;
    }
    default: ngon(24, 0.0f, r); break;
  }
  if (shape == 6 || shape == 7) {  // concave: fill as a fan from the centre
    for (size_t k = 0; k < pts.size(); ++k) dl->AddTriangleFilled(c, pts[k], pts[(k + 1) % pts.size()], fill);
  } else {
    dl->AddConvexPolyFilled(pts.data(), int(pts.size()), fill);
  }
  if (hollow) {
    std::vector<ImVec2> inner;
    for (const ImVec2& p : pts) inner.push_back(ImVec2(c.x + (p.x - c.x) * 0.5f, c.y + (p.y - c.y) * 0.5f));
    if (shape == 6 || shape == 7) {
      for (size_t k = 0; k < inner.size(); ++k) dl->AddTriangleFilled(c, inner[k], inner[(k + 1) % inner.size()], IM_COL32(255, 255, 255, 200));
    } else {
      dl->AddConvexPolyFilled(inner.data(), int(inner.size()), IM_COL32(255, 255, 255, 200));
    }
  }
  dl->AddPolyline(pts.data(), int(pts.size()), line, ImDrawFlags_Closed, lw);
}

// The current window's rectangle.
ScreenBox windowBox() {
  const ImVec2 p = ImGui::GetWindowPos(), z = ImGui::GetWindowSize();
  return {p.x, p.y, p.x + z.x, p.y + z.y};
}

// The legend: its own small window over the map's bottom-left corner (so that clicks on it do not
// reach the map), folded to its title by a click or from View > Legend.
void drawLegend(AppState& s, const UiFonts& f) {
  int n = 0;
  const CategoryStyle* cats = categories(n);
  std::vector<int> present;
  for (int i = 0; i < n; ++i)
    for (const auto& kv : s.filtered.categoryCounts)
      if (kv.first == cats[i].key) { present.push_back(i); break; }
  MapUi& m = s.mapui;
  m.legendBox = ScreenBox{};
  if (present.empty()) return;
  const float sc = scale(), fs = ImGui::GetFontSize(), line = fs * 1.4f;
  // Rows: the categories, then the keys (density scale; or ring, sizes, halo).
  const float h = line * float(present.size() + (m.density ? 1 : 3));
  // Until the user folds or unfolds it, the legend starts folded where it would cover more than
  // half the map's height (a small window, a laptop screen).
  if (!m.legendChosen) m.legendOpen = h + 8 * sc <= 0.5f * s.mapRect.h;
  const bool wasOpen = m.legendOpen;
  ImGui::SetNextWindowPos(ImVec2(s.mapRect.x + 10 * sc, s.mapRect.y + s.mapRect.h - 10 * sc), ImGuiCond_Always, ImVec2(0, 1));
  ImGui::SetNextWindowBgAlpha(0.88f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6 * sc, 4 * sc));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 4 * sc);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  ImGui::Begin("##legend", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove);
  ImGui::PopStyleVar(3);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 ink = s.dark ? IM_COL32(235, 235, 235, 255) : IM_COL32(25, 25, 25, 255);
  const ImU32 outline = s.dark ? IM_COL32(240, 240, 240, 255) : IM_COL32(32, 32, 32, 255);
  const ImU32 muted = s.dark ? IM_COL32(190, 190, 190, 255) : IM_COL32(70, 70, 70, 255);
  // Folded: its title, which unfolds it. Open: a fold mark in the top-right corner, beside the first
  // row (no row of its own: the legend covers no more of the map than its key needs).
  auto foldButton = [&](const char* text, const char* tip) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 ts = ImGui::CalcTextSize(text);
    if (ImGui::InvisibleButton("##legendfold", ImVec2(ts.x + 8 * sc, line))) {
      m.legendOpen = !wasOpen;
      m.legendChosen = true;
    }
    const bool hot = ImGui::IsItemHovered();
    if (hot) ImGui::SetTooltip("%s", tip);
    recordWidget(s, "map.legend.title");
    dl->AddText(f.regular, fs, ImVec2(p.x + 4 * sc, p.y + (line - fs) * 0.5f), hot ? ink : muted, text);
  };
  if (!m.legendOpen) {
    foldButton("Legend  \xe2\x96\xb8", "Show the legend (View > Legend)");
    m.legendBox = windowBox();
    recordWidgetRect(s, "map.legend", Rect{ImGui::GetWindowPos().x, ImGui::GetWindowPos().y, ImGui::GetWindowSize().x, ImGui::GetWindowSize().y});
    ImGui::End();
    return;
  }
  float wmax = ImGui::CalcTextSize("halo: date or place uncertain").x;
  for (int i : present) wmax = std::max(wmax, ImGui::CalcTextSize(cats[i].label).x);
  const float foldW = ImGui::CalcTextSize("\xe2\x96\xbe").x + 8 * sc;
  const float w = std::max(wmax, ImGui::CalcTextSize(cats[present.front()].label).x + foldW) + 34 * sc;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(w, h));
  ImGui::SetCursorScreenPos(ImVec2(p0.x + w - foldW, p0.y));
  foldButton("\xe2\x96\xbe", "Fold the legend (View > Legend)");
  float y = p0.y;
  const float tx = p0.x + 28 * sc, cx = p0.x + 10 * sc;
  for (int i : present) {
    const bool off = !s.filters.categories.empty() &&
                     std::find(s.filters.categories.begin(), s.filters.categories.end(), cats[i].key) == s.filters.categories.end();
    drawShape(dl, ImVec2(cx, y + line * 0.5f), 6.5f * sc, categoryShape(cats[i].key), col(cats[i].rgb, off ? 0.3f : 1.0f), outline, 1.2f * sc, false);
    dl->AddText(f.regular, fs, ImVec2(tx, y + (line - fs) * 0.5f), off ? IM_COL32(140, 140, 140, 255) : ink, cats[i].label);
    y += line;
  }
  if (m.density) {
    dl->AddRectFilledMultiColor(ImVec2(p0.x + 2 * sc, y + line * 0.3f), ImVec2(p0.x + 20 * sc, y + line * 0.7f), IM_COL32(255, 237, 160, 255),
                                IM_COL32(128, 0, 38, 255), IM_COL32(128, 0, 38, 255), IM_COL32(255, 237, 160, 255));
    dl->AddText(f.regular, fs, ImVec2(tx, y + (line - fs) * 0.5f), muted, "events per area (density)");
  } else {
    drawShape(dl, ImVec2(cx, y + line * 0.5f), 6.5f * sc, 0, col(0x8A8A8A), outline, 1.2f * sc, true);
    dl->AddText(f.regular, fs, ImVec2(tx, y + (line - fs) * 0.5f), muted, "ring: deaths not reported");
    y += line;
    // Size key: the area grows with deaths.
    float x = p0.x + 4 * sc;
    for (int deaths : {10, 100, 1000}) {
      const float rr = symbolRadius(deaths, sc) * 0.5f;
      dl->AddCircle(ImVec2(x + rr, y + line * 0.5f), rr, muted, 16, 1.2f * sc);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%d", deaths);
      dl->AddText(f.regular, fs * 0.8f, ImVec2(x + 2 * rr + 2 * sc, y + (line - fs * 0.8f) * 0.5f), muted, buf);
      x += 2 * rr + ImGui::CalcTextSize(buf).x * 0.8f + 8 * sc;
    }
    dl->AddText(f.regular, fs * 0.8f, ImVec2(x, y + (line - fs * 0.8f) * 0.5f), muted, "deaths (half size)");
    y += line;
    dl->AddCircleFilled(ImVec2(cx, y + line * 0.5f), 9 * sc, col(0x8A8A8A, 0.25f), 20);
    dl->AddCircle(ImVec2(cx, y + line * 0.5f), 9 * sc, col(0x8A8A8A, 0.6f), 20, 1.2f * sc);
    dl->AddCircleFilled(ImVec2(cx, y + line * 0.5f), 4 * sc, col(0x8A8A8A), 12);
    dl->AddText(f.regular, fs, ImVec2(tx, y + (line - fs) * 0.5f), muted, "halo: date or place uncertain");
  }
  m.legendBox = windowBox();
  recordWidgetRect(s, "map.legend", Rect{ImGui::GetWindowPos().x, ImGui::GetWindowPos().y, ImGui::GetWindowSize().x, ImGui::GetWindowSize().y});
  ImGui::End();
}

// Scale bar (km, measured on the ground at the bar's place) and the cursor's coordinates.
void drawScaleAndCursor(AppState& s, const UiFonts& f, ImDrawList* dl, float bottomY) {
  if (!s.proj) return;
  const Rect& r = s.mapRect;
  const float sc = scale(), fs = ImGui::GetFontSize();
  const ImU32 ink = s.dark ? IM_COL32(235, 235, 235, 255) : IM_COL32(25, 25, 25, 255);
  const ImU32 bg = s.dark ? IM_COL32(20, 20, 20, 190) : IM_COL32(255, 255, 255, 200);
  const float x1 = r.x + r.w - 14 * sc, y = bottomY - 8 * sc;
  const float maxPx = 160 * sc;
  double wx0, wy0, wx1, wy1, lon0, lat0, lon1, lat1;
  screenToWorld(s.cam, r, x1 - maxPx, y, wx0, wy0);
  screenToWorld(s.cam, r, x1, y, wx1, wy1);
  if (s.proj->inverse(wx0, wy0, lon0, lat0) && s.proj->inverse(wx1, wy1, lon1, lat1)) {
    const double metres = haversineM(lon0, lat0, lon1, lat1);
    const double len = niceLength(metres);
    if (len > 0) {
      const float px = float(maxPx * len / metres);
      char label[32];
      if (len >= 1000) std::snprintf(label, sizeof label, "%g km", len / 1000);
      else std::snprintf(label, sizeof label, "%g m", len);
      const ImVec2 ts = ImGui::CalcTextSize(label);
      dl->AddRectFilled(ImVec2(x1 - px - 6 * sc, y - ts.y - 8 * sc), ImVec2(x1 + 6 * sc, y + 4 * sc), bg, 3 * sc);
      dl->AddLine(ImVec2(x1 - px, y), ImVec2(x1, y), ink, 2.5f * sc);
      dl->AddLine(ImVec2(x1 - px, y - 6 * sc), ImVec2(x1 - px, y + 1), ink, 2.0f * sc);
      dl->AddLine(ImVec2(x1, y - 6 * sc), ImVec2(x1, y + 1), ink, 2.0f * sc);
      dl->AddText(f.regular, fs, ImVec2(x1 - px * 0.5f - ts.x * 0.5f, y - ts.y - 5 * sc), ink, label);
    }
  }
  if (s.mapui.cursorValid) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f\xc2\xb0 %s  %.4f\xc2\xb0 %s", std::fabs(s.mapui.cursorLat), s.mapui.cursorLat >= 0 ? "N" : "S",
                  std::fabs(s.mapui.cursorLon), s.mapui.cursorLon >= 0 ? "E" : "W");
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    const ImVec2 p(x1 - maxPx - 24 * sc - ts.x, y - ts.y - 3 * sc);
    dl->AddRectFilled(ImVec2(p.x - 5 * sc, p.y - 3 * sc), ImVec2(p.x + ts.x + 5 * sc, p.y + ts.y + 3 * sc), bg, 3 * sc);
    dl->AddText(f.regular, fs, p, ink, buf);
  }
}

std::string clusterTooltip(const AppState& s, const MapCluster& c) {
  std::string t = withThousands(int64_t(c.members.size())) + " events here";
  const size_t show = std::min<size_t>(c.members.size(), 6);
  for (size_t k = 0; k < show; ++k) {
    const geo::EventRef e = s.data.events[c.members[k]];
    t += "\n\xe2\x80\xa2 " + std::string(e.title()) + " (" + e.dateLabel() + ")";
  }
  if (c.members.size() > show) t += "\n... and " + withThousands(int64_t(c.members.size() - show)) + " more";
  t += "\nClick to zoom in or list them";
  return t;
}

std::string eventTooltipText(const AppState& s, geo::EventRef e) {
  std::string t = std::string(e.title()) + "\n" + e.dateLabel();
  const std::string place = e.placeLabel(s.altNamesFirst);
  if (!place.empty()) t += "\n" + place;
  if (e.fatalitiesBest() >= 0) t += "\n" + withThousands(e.fatalitiesBest()) + " deaths (best estimate)";
  return t;
}

// Box of a cluster's members, map metres.
geo::BBox membersBox(const AppState& s, const MapCluster& c) {
  geo::BBox b = geo::BBox::empty();
  for (uint32_t i : c.members) b.add(s.data.events[i].x(), s.data.events[i].y());
  return b;
}

struct Region {
  const char* label;
  geo::BBox box;  // WGS84
};
const Region kRegions[] = {
    {"South Caucasus", {39.5, 37.8, 51.0, 43.7}},
    {"Nagorno-Karabakh", {45.7, 39.3, 47.3, 40.4}},
    {"Syunik and Vayots Dzor", {44.9, 38.8, 46.8, 40.4}},
    {"CSTO members", {24, 36, 88, 58}},
    {"Central Asia", {50, 35, 88, 56}},
};

void flyToWgs84(AppState& s, const geo::BBox& box) {
  if (!s.proj) return;
  Camera c = s.cam;
  fitWgs84(c, s.mapRect, *s.proj, box);
  s.cam.minUpp = c.minUpp;
  s.cam.maxUpp = c.maxUpp;
  startFly(s, c.cx, c.cy, c.upp);
}

void flyToMapBox(AppState& s, const geo::BBox& b) {
  Camera c = s.cam;
  geo::BBox box = b;
  // A single point: a local view around it.
  const double minSpan = 40000.0 / std::max(1e-9, s.mapui.groundMpp / s.cam.upp);
  if (box.width() < minSpan) box.minX -= (minSpan - box.width()) / 2, box.maxX = box.minX + minSpan;
  if (box.height() < minSpan) box.minY -= (minSpan - box.height()) / 2, box.maxY = box.minY + minSpan;
  fitMapBox(c, s.mapRect, box, 60.0 * scale());
  startFly(s, c.cx, c.cy, c.upp);
}

void zoomToAllData(AppState& s) {
  geo::BBox b = geo::BBox::empty();
  for (size_t i = 0; i < s.data.events.size(); ++i)
    if (s.data.events[i].hasLocation() && passesFilters(s, i)) b.add(s.data.events[i].x(), s.data.events[i].y());
  if (b.valid()) flyToMapBox(s, b);
}

void drawToolbar(AppState& s) {
  const Rect& r = s.mapRect;
  const float sc = scale();
  ImGui::SetNextWindowPos(ImVec2(r.x + r.w - 8 * sc, r.y + 8 * sc), ImGuiCond_Always, ImVec2(1, 0));
  ImGui::SetNextWindowBgAlpha(0.85f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4 * sc, 4 * sc));
  ImGui::Begin("##maptools", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove);
  ImGui::PopStyleVar();
  if (ImGui::Button(" + ")) zoomAt(s.cam, r, r.x + r.w * 0.5, r.y + r.h * 0.5, 1 / 1.6);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom in (+ or the wheel, pointer over the map)");
  ImGui::SameLine(0, 2 * sc);
  if (ImGui::Button(" \xe2\x88\x92 ")) zoomAt(s.cam, r, r.x + r.w * 0.5, r.y + r.h * 0.5, 1.6);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom out (-)");
  ImGui::SameLine();
  const bool hasSel = s.selected >= 0 && size_t(s.selected) < s.data.events.size() && s.data.events[size_t(s.selected)].hasLocation();
  if (!hasSel) ImGui::BeginDisabled();
  if (ImGui::Button("Selection") && hasSel) {
    const geo::EventRef e = s.data.events[size_t(s.selected)];
    geo::BBox b = geo::BBox::empty();
    b.add(e.x(), e.y());
    flyToMapBox(s, b);
  }
  if (!hasSel) ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Zoom to the selected event");
  ImGui::SameLine(0, 2 * sc);
  if (ImGui::Button("All data")) zoomToAllData(s);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom to every event the filters show (Home)");
  ImGui::SameLine(0, 2 * sc);
  if (ImGui::Button("Region \xe2\x96\xbe")) ImGui::OpenPopup("regions");
  if (ImGui::BeginPopup("regions")) {
    for (const Region& g : kRegions)
      if (ImGui::Selectable(g.label)) flyToWgs84(s, g.box);
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  ImGui::Checkbox("Clusters", &s.mapui.clustering);
  recordWidget(s, "map.clusters");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Merge overlapping symbols into count bubbles");
  s.mapui.toolbarBox = windowBox();
  ImGui::End();
}
}  // namespace

// --- the panel -------------------------------------------------------------------------------------
void drawMapPanel(AppState& s, const UiFonts& f, const MapImage& map) {
  MapUi& m = s.mapui;
  const Rect& r = s.mapRect;
  placeWindow(r);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  // No window background: the map image covers the panel (one full-panel pass less under llvmpipe).
  ImGui::Begin("Map", nullptr, kPanelFlags | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
  ImGui::PopStyleVar(2);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0(r.x, r.y);
  ImGui::SetCursorScreenPos(p0);
  // GL textures are bottom-up: flip V.
  if (map.overlay) {
    // The basemap and the events, drawn here by render/ (under the labels and widgets drawn below).
    ImGui::GetWindowDrawList()->AddCallback(map.overlay, map.overlayData);
    ImGui::GetWindowDrawList()->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
    ImGui::Dummy(ImVec2(r.w, r.h));
  } else {
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(map.texture)), ImVec2(r.w, r.h),
                 ImVec2(map.u0, map.v0), ImVec2(map.u1, map.v1));
  }
  ImGui::SetCursorScreenPos(p0);
  ImGui::InvisibleButton("##mapinput", ImVec2(r.w, r.h));
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  const bool deactivated = ImGui::IsItemDeactivated();
  const ImGuiIO& io = ImGui::GetIO();
  const float sc = scale();
  const bool dragging = active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f);

  // Where each shown event is drawn this frame, in window px (its cluster's bubble when clustered),
  // with the camera the texture was drawn with. At most kMaxRecorded positions are kept (the state
  // lists 2,000); the density image draws no single event, its count is the cells' in view.
  constexpr size_t kMaxRecorded = 20000;
  s.onMap = 0;
  m.drawnClusters.clear();
  s.screen.clearMap();
  size_t recorded = 0;
  std::vector<float> clusterSx(m.clusters.size(), -1e30f), clusterSy(m.clusters.size(), 0);
  for (size_t ci = 0; ci < m.clusters.size(); ++ci) {
    const MapCluster& c = m.clusters[ci];
    double sx, sy;
    worldToScreen(s.cam, r, c.x, c.y, sx, sy);
    if (c.members.size() == 1) {
      const uint32_t i = c.seed;
      double ex, ey;
      worldToScreen(s.cam, r, s.data.events.x(i), s.data.events.y(i), ex, ey);
      if (ex >= r.x && ey >= r.y && ex < r.x + r.w && ey < r.y + r.h) {
        if (recorded++ < kMaxRecorded) s.screen.setMap(i, float(ex), float(ey), symbolRadius(s.data.events[i], sc));
        ++s.onMap;
      }
    } else if (sx >= r.x && sy >= r.y && sx < r.x + r.w && sy < r.y + r.h) {
      const float rad = clusterRadius(c.members.size(), sc);
      for (uint32_t i : c.members)
        if (recorded++ < kMaxRecorded) s.screen.setMap(i, float(sx), float(sy), rad);
      s.onMap += int(c.members.size());
      m.drawnClusters.push_back({uint32_t(c.members.size()), float(sx), float(sy)});
    }
    if (sx >= r.x - 50 && sy >= r.y - 50 && sx < r.x + r.w + 50 && sy < r.y + r.h + 50) {
      clusterSx[ci] = float(sx);
      clusterSy[ci] = float(sy);
    }
  }
  if (m.density) s.onMap = int(m.shownInView);
  s.onMap += pgOnMap(s);  // a live PG: source's events in view (or the count in its cells)

  // Hover through the grid index: the symbol or bubble under the pointer (its own radius + 3 px).
  m.tooltip.clear();
  m.hoveredCluster = -1;
  int hoverEvent = -1;
  double wx = 0, wy = 0;
  screenToWorld(s.cam, r, io.MousePos.x, io.MousePos.y, wx, wy);
  m.cursorValid = hovered && s.proj && s.proj->inverse(wx, wy, m.cursorLon, m.cursorLat);
  if (hovered && !dragging) {
    float best = 1e9f;
    m.clusterGrid.forEachWithin(wx, wy, 40.0 * sc * s.cam.upp, [&](uint32_t ci, double, double) {
      if (ci >= m.clusters.size() || clusterSx[ci] < -1e29f) return;
      const MapCluster& c = m.clusters[ci];
      const float rad = c.members.size() == 1 ? symbolRadius(s.data.events[c.seed], sc) : clusterRadius(c.members.size(), sc);
      const float d = std::hypot(clusterSx[ci] - io.MousePos.x, clusterSy[ci] - io.MousePos.y);
      if (d <= rad + 3.0f * sc && d - rad < best) {
        best = d - rad;
        m.hoveredCluster = int(ci);
      }
    });
    if (m.hoveredCluster >= 0 && m.clusters[size_t(m.hoveredCluster)].members.size() == 1)
      hoverEvent = int(m.clusters[size_t(m.hoveredCluster)].seed);
    s.hovered = hoverEvent;
    if (hoverEvent >= 0) {
      m.tooltip = eventTooltipText(s, s.data.events[size_t(hoverEvent)]);
      eventTooltip(s, size_t(hoverEvent));
    } else if (m.hoveredCluster >= 0) {
      const MapCluster& c = m.clusters[size_t(m.hoveredCluster)];
      m.tooltip = clusterTooltip(s, c);
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
      ImGui::TextUnformatted(m.tooltip.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
      if (!m.density) dl->AddCircle(ImVec2(clusterSx[size_t(m.hoveredCluster)], clusterSy[size_t(m.hoveredCluster)]),
                                    clusterRadius(c.members.size(), sc) + 3 * sc, IM_COL32(0, 80, 160, 255), 32, 2.5f * sc);
    }
  }

  // Over the density image: the events within a few pixels of the pointer, counted in its cells.
  const double pickR = 8.0 * sc * s.cam.upp;  // map metres
  const geo::BBox pickBox{wx - pickR, wy - pickR, wx + pickR, wy + pickR};
  size_t densityHere = 0;
  if (m.density && hovered && !dragging) {
    densityHere = m.densityCounts.sumIn(pickBox);
    if (densityHere) {
      m.tooltip = withThousands(int64_t(densityHere)) + (densityHere == 1 ? " event here" : " events here") +
                  "\nClick to list them, or zoom in to see each one";
      ImGui::SetTooltip("%s", m.tooltip.c_str());
    }
  }

  // A live PG: source's returned events under the pointer (when no loaded one is).
  const bool pgHover = pgMapHover(s, hovered && !dragging && hoverEvent < 0 && m.hoveredCluster < 0 && !densityHere);
  // A click (press and release without a drag): select an event; on a bubble, zoom in until it
  // splits, or list its events when they share one spot; on the density image, list those under
  // the pointer; on empty map, clear.
  if (deactivated && io.MouseDragMaxDistanceSqr[0] < 9.0f) {
    if (densityHere) {
      m.pickList.clear();
      m.pickTotal = 0;
      m.index.forEachShownIn(pickBox, m.cut, [&](uint32_t i) {
        if (m.pickList.size() < 2000) m.pickList.push_back(i);
        ++m.pickTotal;
      });
      m.pickX = io.MousePos.x;
      m.pickY = io.MousePos.y;
      if (!m.pickList.empty()) ImGui::OpenPopup("##picklist");
    } else if (hoverEvent >= 0) {
      s.commands.push_back({CommandKind::Select, hoverEvent});
      m.selectionFromMap = true;
    } else if (m.hoveredCluster >= 0) {
      const MapCluster& c = m.clusters[size_t(m.hoveredCluster)];
      const geo::BBox b = membersBox(s, c);
      const double spread = std::max(b.width(), b.height());
      if (spread < 20.0 * sc * s.cam.minUpp || s.cam.upp <= s.cam.minUpp * 1.01) {
        m.pickList = c.members;
        m.pickTotal = c.members.size();
        m.pickX = io.MousePos.x;
        m.pickY = io.MousePos.y;
        ImGui::OpenPopup("##picklist");
      } else {
        flyToMapBox(s, b);
      }
    } else if (pgHover) {
      pgSelectHovered(s);
    } else {
      s.commands.push_back({CommandKind::ClearSelection});
      pgClearSelection(s);
    }
  }
  if (ImGui::BeginPopup("##picklist")) {
    ImGui::TextDisabled("%s events at this spot", withThousands(int64_t(std::max(m.pickTotal, m.pickList.size()))).c_str());
    ImGui::Separator();
    const size_t show = std::min<size_t>(m.pickList.size(), 40);
    for (size_t k = 0; k < show; ++k) {
      const uint32_t i = m.pickList[k];
      if (i >= s.data.events.size()) continue;
      const geo::EventRef e = s.data.events[i];
      ImVec2 c = ImGui::GetCursorScreenPos();
      const float fh = ImGui::GetFontSize();
      drawShape(ImGui::GetWindowDrawList(), ImVec2(c.x + fh * 0.5f, c.y + fh * 0.55f), fh * 0.36f, categoryShape(e.category()),
                col(categoryColor(e.category())), IM_COL32(30, 30, 30, 255), 1.0f, e.fatalitiesBest() < 0);
      ImGui::SetCursorScreenPos(ImVec2(c.x + fh * 1.3f, c.y));
      const std::string label = e.dateLabel() + "  " + std::string(e.title()) + "##pick" + std::to_string(i);
      if (ImGui::Selectable(label.c_str(), int(i) == s.selected)) {
        s.commands.push_back({CommandKind::Select, int(i)});
        m.selectionFromMap = true;
      }
    }
    const size_t total = std::max(m.pickTotal, m.pickList.size());
    if (total > show) ImGui::TextDisabled("... and %s more: zoom in or filter", withThousands(int64_t(total - show)).c_str());
    ImGui::EndPopup();
  }

  // Count bubbles' numbers.
  if (!m.density) {
    const float fs = std::round(ImGui::GetFontSize() * 0.9f);
    for (const auto& dc : m.drawnClusters) {
      const std::string t = dc.count >= 10000 ? std::to_string(dc.count / 1000) + "k" : std::to_string(dc.count);
      const ImVec2 ts = f.regular->CalcTextSizeA(fs, 1e9f, 0, t.c_str());
      dl->AddText(f.regular, fs, ImVec2(dc.x - ts.x * 0.5f, dc.y - ts.y * 0.5f),
                  s.dark ? IM_COL32(20, 20, 20, 255) : IM_COL32(255, 255, 255, 255), t.c_str());
    }
  }

  LabelBoxes boxes;
  // Labels keep off the symbols and bubbles (when there are few enough to check against).
  if (!m.density && m.drawnClusters.size() + size_t(s.onMap) <= 600) {
    for (size_t ci = 0; ci < m.clusters.size(); ++ci) {
      if (clusterSx[ci] < -1e29f) continue;
      const MapCluster& c = m.clusters[ci];
      const float rad = c.members.size() == 1 ? symbolRadius(s.data.events[c.seed], sc) : clusterRadius(c.members.size(), sc);
      boxes.taken.push_back(ImVec4(clusterSx[ci] - rad, clusterSy[ci] - rad, clusterSx[ci] + rad, clusterSy[ci] + rad));
    }
  }
  // The current date, large, for presentations (the window's span in window mode).
  std::string date = geo::formatHumanDay(s.playhead);
  if (s.mode == TimeMode::Window) date = geo::formatHumanDay(s.playhead - s.windowS) + " \xe2\x80\x93 " + date;
  // Labels also keep clear of what is drawn over the map: the date, the toolbar and the legend (as
  // they were last frame), and the attributions, scale bar and coordinates in the bottom-right corner.
  {
    const ImVec2 ds = f.large->CalcTextSizeA(f.large->FontSize, 1e9f, 0, date.c_str());
    float dh = ds.y;
    if (filtersActive(s.filters) || s.hasRange) dh += ImGui::GetFontSize() + 4 * sc;
    boxes.taken.push_back(ImVec4(r.x, r.y, r.x + 14 * sc + ds.x + 6 * sc, r.y + 10 * sc + dh + 4 * sc));
    for (const ScreenBox& b : {m.toolbarBox, m.legendBox})
      if (b.x1 > b.x0) boxes.taken.push_back(ImVec4(b.x0, b.y0, b.x1, b.y1));
    boxes.taken.push_back(ImVec4(r.x + r.w - 360 * sc, r.y + r.h - 58 * sc, r.x + r.w, r.y + r.h));
  }
  drawPlaceLabels(s, f, dl, boxes);
  drawAreaLabels(s, f, dl, boxes);
  haloText(dl, f.large, f.largeHalo, f.large->FontSize, ImVec2(r.x + 14 * sc, r.y + 10 * sc),
           s.dark ? IM_COL32(240, 240, 240, 255) : IM_COL32(20, 20, 20, 255),
           s.dark ? IM_COL32(0, 0, 0, 200) : IM_COL32(255, 255, 255, 220), date.c_str());
  if (filtersActive(s.filters) || s.hasRange) {
    const std::string sub = filterSummary(s) + (s.hasRange ? "  (time range brushed)" : "");
    haloText(dl, f.regular, f.regularHalo, ImGui::GetFontSize(), ImVec2(r.x + 16 * sc, r.y + 14 * sc + f.large->FontSize),
             s.dark ? IM_COL32(220, 220, 220, 255) : IM_COL32(50, 50, 50, 255),
             s.dark ? IM_COL32(0, 0, 0, 200) : IM_COL32(255, 255, 255, 220), sub.c_str());
  }
  // Attributions the licences require, bottom-right; the scale bar and coordinates above them.
  std::string attr;
  for (const auto& a : s.attributions) attr += (attr.empty() ? "" : "  |  ") + a;
  float attrTop = r.y + r.h;
  if (!attr.empty()) {
    const float size = std::max(11.0f, ImGui::GetFontSize() * 0.75f);
    const ImVec2 ts = f.regular->CalcTextSizeA(size, 1e9f, 0, attr.c_str());
    const ImVec2 p(r.x + r.w - ts.x - 8, r.y + r.h - ts.y - 5);
    dl->AddRectFilled(ImVec2(p.x - 4, p.y - 2), ImVec2(p.x + ts.x + 4, p.y + ts.y + 2),
                      s.dark ? IM_COL32(0, 0, 0, 170) : IM_COL32(255, 255, 255, 200));
    dl->AddText(f.regular, size, p, s.dark ? IM_COL32(220, 220, 220, 255) : IM_COL32(50, 50, 50, 255), attr.c_str());
    attrTop = p.y - 2;
  }
  drawScaleAndCursor(s, f, dl, attrTop - 4 * sc);

  // Navigation, applied after drawing so that overlays match this frame's texture.
  if (hovered && io.MouseWheel != 0.0f) {
    m.flying = false;
    zoomAt(s.cam, r, io.MousePos.x, io.MousePos.y, std::pow(1.25, -double(io.MouseWheel)));
    m.zoomedAt = ImGui::GetTime();
  }
  if (dragging) {
    m.flying = false;
    s.cam.cx -= io.MouseDelta.x * s.cam.upp;
    s.cam.cy += io.MouseDelta.y * s.cam.upp;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    if (hoverEvent >= 0) {
      geo::BBox b = geo::BBox::empty();
      b.add(s.data.events[size_t(hoverEvent)].x(), s.data.events[size_t(hoverEvent)].y());
      flyToMapBox(s, b);
    } else if (m.hoveredCluster < 0) {
      double tx, ty;
      screenToWorld(s.cam, r, io.MousePos.x, io.MousePos.y, tx, ty);
      Camera c = s.cam;
      zoomAt(c, r, io.MousePos.x, io.MousePos.y, 0.5);
      startFly(s, c.cx, c.cy, c.upp);
    }
  }
  if (m.pendingZoom != 0) {
    zoomAt(s.cam, r, r.x + r.w * 0.5, r.y + r.h * 0.5, std::pow(1.5, -double(m.pendingZoom)));
    m.pendingZoom = 0;
    m.zoomedAt = ImGui::GetTime();
  }
  if (m.pendingPanX != 0 || m.pendingPanY != 0) {
    s.cam.cx += m.pendingPanX * s.cam.upp;
    s.cam.cy -= m.pendingPanY * s.cam.upp;
    m.pendingPanX = m.pendingPanY = 0;
  }
  if (m.fitAllRequested) {
    m.fitAllRequested = false;
    zoomToAllData(s);
  }
  ImGui::End();
  drawLegend(s, f);
  drawToolbar(s);
}

}  // namespace app
