// A PG: source shown live (app/pg_view.hpp).
// Sections: 1. the probe (live or whole); 2. the view's state; 3. map; 4. timeline; 5. details;
// 6. state.
#include "app/pg_view.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/loading.hpp"
#include "app/map_view.hpp"
#include "app/theme.hpp"
#include "app/ui_util.hpp"
#include "geo/spatial_index.hpp"

namespace app {

using namespace ui;

// --- 1. the probe ----------------------------------------------------------------------------------
namespace {
bool firstRow(geo::PgSource& db, const std::string& sql, std::vector<std::string>& row, std::string* err) {
  std::vector<std::vector<std::string>> rows;
  if (!db.rows(sql, rows, err) || rows.empty()) return false;
  row = rows[0];
  return true;
}
}  // namespace

bool probePg(const std::string& connection, int64_t liveAbove, PgProbe& out, std::string* error) {
  out = PgProbe{};
  out.connection = connection;
  out.display = geo::pgDisplayName(connection);
  geo::PgOpenOptions opt;
  opt.createIndexes = false;
  std::string err;
  auto db = geo::PgSource::open(connection, opt, &err);
  if (!db) {
    if (error) *error = err;  // PgSource's messages name the source without its password
    return false;
  }
  out.table = db->table();
  out.display = geo::pgDisplayName(connection, out.table.schema == "public" ? out.table.name : out.table.schema + "." + out.table.name);
  out.notes = db->notes();
  const std::string from = geo::pgQuoteIdent(out.table.schema) + "." + geo::pgQuoteIdent(out.table.name);
  // Counted up to the limit + 1 (reading at most that many rows: cheap whatever the table's size).
  out.rows = out.table.estimatedRows;
  if (liveAbove >= 0 && liveAbove < kPgNeverLive) {
    std::vector<std::string> row;
    if (firstRow(*db, "SELECT count(*) FROM (SELECT 1 FROM " + from + " LIMIT " + std::to_string(liveAbove + 1) + ") AS x", row, nullptr)) {
      out.rows = std::strtoll(row[0].c_str(), nullptr, 10);
      out.rowsExact = true;
    }
  }
  out.live = liveAbove < 0 || (liveAbove < kPgNeverLive && out.rows > liveAbove);
  if (!out.live) return true;
  if (out.rowsExact && out.rows > liveAbove && out.table.estimatedRows > out.rows) {
    out.rows = out.table.estimatedRows;  // more than the limit: the planner's figure says how many
    out.rowsExact = false;
  }
  // Where: the planner's extent (no scan; after ANALYZE), else the exact one.
  const std::string g = geo::pgQuoteIdent(out.table.geometry);
  auto wgs = [&](const std::string& box) {
    const int srid = out.table.srid;
    const std::string b = "(" + box + ")::geometry";
    return srid == 4326 ? b : "ST_Transform(ST_SetSRID(" + b + ", " + std::to_string(srid) + "), 4326)";
  };
  std::vector<std::string> row;
  const std::string est = "ST_EstimatedExtent(" + geo::pgQuoteLiteral(out.table.schema) + ", " + geo::pgQuoteLiteral(out.table.name) +
                          ", " + geo::pgQuoteLiteral(out.table.geometry) + ")";
  for (const std::string& box : {est, "SELECT ST_Extent(" + g + ") FROM " + from}) {
    const std::string sql = "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT " + wgs(box) + " AS b) AS x";
    if (firstRow(*db, sql, row, nullptr) && row.size() == 4 && !row[0].empty()) {
      out.extent = {std::atof(row[0].c_str()), std::atof(row[1].c_str()), std::atof(row[2].c_str()), std::atof(row[3].c_str())};
      break;
    }
  }
  out.hasTime = db->timeRange(out.first, out.last);
  return true;
}

// --- 2. the view's state ---------------------------------------------------------------------------
namespace {
constexpr int64_t kDrawBudget = 20000;  // as the map's own density threshold (app/map_panel.cpp)
constexpr double kCellPx = 6.0;         // density cells, px at UI scale 1
constexpr double kHistogramRestS = 0.3; // the timeline's counts are asked once the view rests this long
}  // namespace

struct PgView {
  PgProbe probe;
  // Before `live`: its worker calls notify (which sets these) until `live` is gone.
  std::atomic<bool> news{false};
  std::atomic<void (*)()> wake{nullptr};
  std::unique_ptr<PgLive> live;

  // What is shown: the newest result, its events' map positions, its cells' image.
  bool have = false;
  PgLiveResult shown;
  std::vector<double> ex, ey;  // map CRS, per shown event
  bool density = false;        // the result is cells
  std::vector<uint8_t> rgba;
  int w = 0, h = 0;
  double minX = 0, minY = 0, maxX = 0, maxY = 0;  // map CRS of the image
  uint64_t upload = 0;
  double cellSize = 0;         // map units
  int64_t gx0 = 0, gy0 = 0;    // grid index of the image's left column and bottom row
  std::vector<int64_t> cellCount;  // per image pixel, bottom row first
  int onMap = 0;
  // Clusters of the shown events (as the map's own: symbols that would overlap merge into a count
  // bubble), remade when the result, the zoom or the option changes.
  std::vector<geo::Cluster> clusters;
  std::vector<int> clusterOf;  // per shown event: its cluster
  uint64_t clusterFor = 0;
  double clusterUpp = 0;
  float clusterSc = 0;
  bool clusterMode = true;
  int hoveredCluster = -1;     // a bubble under the pointer

  // What was asked.
  uint64_t lastRequest = 0;
  int64_t windows = 0;         // distinct windows asked for
  geo::PgWindow asked;
  double viewChangedAt = -1e9; // ImGui time the window last changed
  bool settling = false;       // --render: the timeline's counts are asked at once (no rest to wait for)

  // The timeline's counts.
  geo::PgHistogram hist;
  bool histAsked = false;
  geo::Seconds hT0 = 0, hT1 = 0, hBin = 0;
  geo::BBox hBox;
  int64_t histograms = 0;

  // Hover and selection: a copy of the event (it outlives the result it came in).
  int hovered = -1;            // into shown events
  bool hasSelected = false;
  geo::PgEvent selected;
  double selX = 0, selY = 0;   // map CRS
};

namespace {
PgView* viewOf(const AppState& s) { return s.pg && s.pg->live ? s.pg.get() : nullptr; }
const geo::PgEvent* shownEvent(const PgView& v, int i) {
  if (!v.have || !v.shown.data || i < 0 || size_t(i) >= v.shown.data->events.size()) return nullptr;
  return &v.shown.data->events[size_t(i)];
}
}  // namespace

void startPgView(AppState& s, const PgProbe& probe) {
  auto v = std::make_shared<PgView>();
  v->probe = probe;
  if (probe.live) {
    PgLiveOptions opt;
    opt.open.createIndexes = true;
    if (const char* d = std::getenv("CHRONOMAP_PG_DELAY_MS")) opt.testDelayMs = std::atoi(d);
    PgView* raw = v.get();  // owns the PgLive, whose threads end before it goes
    opt.notify = [raw] {
      raw->news = true;
      if (auto* w = raw->wake.load()) w();
    };
    if (s.pg) v->wake = s.pg->wake.load();
    s.pg.reset();  // the old source's threads end first
    v->live = std::make_unique<PgLive>(probe.connection, std::move(opt));
  }
  s.pg = std::move(v);
}

void setPgWake(AppState& s, void (*wake)()) {
  if (s.pg) s.pg->wake = wake;
}
bool pgTakeNews(AppState& s) { return s.pg && s.pg->news.exchange(false); }
bool pgLive(const AppState& s) { return viewOf(s) != nullptr; }

void pgSettle(AppState& s, double timeoutS) {
  if (PgView* v = viewOf(s)) {
    v->settling = true;
    v->live->waitIdle(timeoutS);
  }
}

bool pgTimeRange(const AppState& s, geo::Seconds& first, geo::Seconds& last) {
  const PgView* v = viewOf(s);
  if (!v || !v->probe.hasTime) return false;
  first = v->probe.first;
  last = v->probe.last;
  return true;
}

// --- 3. map ----------------------------------------------------------------------------------------
namespace {
// The map's time cut (as app/map_panel.cpp's timeCutOf): an event is shown when first <= t1 and
// last >= t0.
void timeWindow(const AppState& s, geo::Seconds& t0, geo::Seconds& t1) {
  t0 = INT64_MIN;
  t1 = INT64_MAX;
  if (s.mode == TimeMode::Cumulative) t1 = s.playhead;
  if (s.mode == TimeMode::Window) {
    t1 = s.playhead;
    t0 = s.playhead - s.windowS;
  }
  if (s.hasRange) {
    t1 = std::min(t1, s.rangeEnd);
    t0 = std::max(t0, s.rangeStart);
  }
}

float symbolRadiusPx(int64_t deaths, float sc) {  // as the map's symbols
  const float r0 = 6.5f * sc;
  if (deaths <= 0) return r0;
  const float k = 0.8f * sc;
  return std::min(std::sqrt(r0 * r0 + k * k * float(deaths)), 34.0f * sc);
}

// The cells as an image, one pixel a cell, coloured on a log scale as the map's own density image.
void buildCellImage(PgView& v) {
  const geo::PgWindowResult& d = *v.shown.data;
  v.density = true;
  v.cellSize = d.cell;
  v.w = v.h = 0;
  if (d.cells.empty() || !(d.cell > 0)) return;
  int64_t gx0 = INT64_MAX, gy0 = INT64_MAX, gx1 = INT64_MIN, gy1 = INT64_MIN;
  for (const geo::PgCell& c : d.cells) {
    const int64_t gx = int64_t(std::floor(c.x / d.cell)), gy = int64_t(std::floor(c.y / d.cell));
    gx0 = std::min(gx0, gx), gy0 = std::min(gy0, gy), gx1 = std::max(gx1, gx), gy1 = std::max(gy1, gy);
  }
  const int64_t w = gx1 - gx0 + 1, h = gy1 - gy0 + 1;
  if (w <= 0 || h <= 0 || w * h > 4096 * 4096) return;
  v.w = int(w);
  v.h = int(h);
  v.gx0 = gx0;
  v.gy0 = gy0;
  v.cellCount.assign(size_t(w * h), 0);
  int64_t mx = 1;
  for (const geo::PgCell& c : d.cells) {
    const int64_t gx = int64_t(std::floor(c.x / d.cell)) - gx0, gy = int64_t(std::floor(c.y / d.cell)) - gy0;
    v.cellCount[size_t(gy * w + gx)] += c.count;
    mx = std::max(mx, v.cellCount[size_t(gy * w + gx)]);
  }
  v.rgba.assign(size_t(w * h * 4), 0);
  const double lmax = std::log1p(double(mx));
  const float ramp[4][3] = {{255, 237, 160}, {254, 178, 76}, {240, 59, 32}, {128, 0, 38}};
  for (int64_t y = 0; y < h; ++y)
    for (int64_t x = 0; x < w; ++x) {
      const int64_t n = v.cellCount[size_t(y * w + x)];
      if (!n) continue;
      const float t = float(std::log1p(double(n)) / lmax) * 2.999f;
      const int a = int(t);
      const float f = t - float(a);
      uint8_t* px = &v.rgba[size_t(((h - 1 - y) * w + x) * 4)];  // top row first
      for (int ch = 0; ch < 3; ++ch) px[ch] = uint8_t(ramp[a][ch] + (ramp[std::min(a + 1, 3)][ch] - ramp[a][ch]) * f);
      px[3] = uint8_t(150 + 100 * t / 3.0f);
    }
  v.minX = double(gx0) * d.cell;
  v.minY = double(gy0) * d.cell;
  v.maxX = double(gx1 + 1) * d.cell;
  v.maxY = double(gy1 + 1) * d.cell;
  ++v.upload;
}

void takeResult(AppState& s, PgView& v, PgLiveResult&& r) {
  // A selection keeps its index only as long as its result is shown.
  v.shown = std::move(r);
  v.have = true;
  v.hovered = -1;
  v.ex.clear();
  v.ey.clear();
  v.density = false;
  const geo::PgWindowResult& d = *v.shown.data;
  if (!d.ok) return;
  if (d.aggregated) {
    buildCellImage(v);
    return;
  }
  v.ex.resize(d.events.size());
  v.ey.resize(d.events.size());
  for (size_t i = 0; i < d.events.size(); ++i)
    if (!s.proj->forward(d.events[i].lon, d.events[i].lat, v.ex[i], v.ey[i])) v.ex[i] = v.ey[i] = 1e300;
}

float clusterRadiusPx(size_t n, float sc) { return (9.0f + 3.2f * std::log2(float(std::max<size_t>(n, 2)))) * sc; }

void updatePgClusters(AppState& s, PgView& v, float sc) {
  if (!v.have || v.density || !v.shown.data) {
    v.clusters.clear();
    v.clusterOf.clear();
    return;
  }
  const bool mode = s.mapui.clustering;
  if (v.clusterFor == v.shown.request && v.clusterUpp == s.cam.upp && v.clusterSc == sc && v.clusterMode == mode) return;
  v.clusterFor = v.shown.request;
  v.clusterUpp = s.cam.upp;
  v.clusterSc = sc;
  v.clusterMode = mode;
  const auto& evs = v.shown.data->events;
  std::vector<double> xs, ys, prio;
  std::vector<uint32_t> ids;
  for (size_t i = 0; i < evs.size(); ++i) {
    if (v.ex[i] > 1e299) continue;
    xs.push_back(v.ex[i]);
    ys.push_back(v.ey[i]);
    ids.push_back(uint32_t(i));
    // The seed: the deadliest, then the latest (as the map's own clusters).
    prio.push_back(double(std::max<int64_t>(evs[i].fatalities, 0)) * 1e10 + double(evs[i].first) * 1e-9);
  }
  v.clusters = geo::clusterPoints(xs, ys, ids, prio, mode ? 13.0 * sc * s.cam.upp : 1e-9);
  v.clusterOf.assign(evs.size(), -1);
  for (size_t c = 0; c < v.clusters.size(); ++c)
    for (uint32_t i : v.clusters[c].members) v.clusterOf[i] = int(c);
}

bool sameBox(const geo::BBox& a, const geo::BBox& b) {
  return a.minX == b.minX && a.minY == b.minY && a.maxX == b.maxX && a.maxY == b.maxY;
}

// The timeline's bin: a calendar-ish unit giving bins of at least 6 px over the visible range.
geo::Seconds histogramBin(geo::Seconds span, double px) {
  static const geo::Seconds steps[] = {3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400, 91 * 86400, 365 * 86400, 3650 * 86400};
  const double want = double(span) / std::max(10.0, px / 6.0);
  for (geo::Seconds st : steps)
    if (double(st) >= want) return st;
  return steps[std::size(steps) - 1] * geo::Seconds(std::ceil(want / double(steps[std::size(steps) - 1])));
}
}  // namespace

void pgPrepareMap(AppState& s, float sc) {
  PgView* vp = viewOf(s);
  if (!vp || !s.proj) return;
  PgView& v = *vp;
  if (s.selected >= 0) v.hasSelected = false;  // a loaded event was selected
  PgLiveResult r;
  bool got = false;
  while (v.live->poll(r)) got = true;
  if (got) takeResult(s, v, std::move(r));
  updatePgClusters(s, v, sc);
  geo::PgHistogram hg;
  if (v.live->pollHistogram(hg)) v.hist = std::move(hg);
  if (s.camPendingFit || s.mapRect.w < 2 || s.mapRect.h < 2 || v.live->state() != PgLiveState::ready) return;

  geo::PgWindow w;
  timeWindow(s, w.t0, w.t1);
  w.bbox = visibleWgs84(s.cam, s.mapRect, *s.proj);
  w.budget = kDrawBudget;
  // Cells of about kCellPx in the map's CRS (square on screen), a power of two map units.
  w.cell = std::exp2(std::round(std::log2(std::max(1e-9, kCellPx * sc * s.cam.upp))));
  w.cellCrs = s.proj->definition();
  const uint64_t id = v.live->request(w);
  const double now = ImGui::GetTime();
  if (id != v.lastRequest) {
    v.lastRequest = id;
    ++v.windows;
    v.viewChangedAt = now;
  }
  if (v.live->poll(r)) {  // answered from memory at once
    takeResult(s, v, std::move(r));
    updatePgClusters(s, v, sc);
  }

  // The timeline's counts: the view's box (as fetched: snapped outward, so small pans ask nothing
  // new) over the visible range, once the view rests.
  const geo::BBox hb = snapWindow(w).bbox;
  const geo::Seconds bin = histogramBin(s.tl.end - s.tl.start, std::max(100.0f, s.axisRect.w));
  const geo::Seconds t0 = geo::Seconds(std::floor(double(s.tl.start) / double(bin))) * bin;
  const bool changed = !v.histAsked || v.hBin != bin || v.hT0 != t0 || v.hT1 < s.tl.end || !sameBox(v.hBox, hb);
  if (changed) {
    if (v.settling || now - v.viewChangedAt >= kHistogramRestS) {
      v.histAsked = true;
      v.hT0 = t0;
      v.hT1 = t0 + bin * geo::Seconds(std::ceil(double(s.tl.end - t0) / double(bin)));
      v.hBin = bin;
      v.hBox = hb;
      ++v.histograms;
      v.live->requestHistogram(v.hT0, v.hT1 - 1, bin, &hb);
    } else {
      s.redrawIn = std::max(s.redrawIn, v.viewChangedAt + kHistogramRestS + 0.01 - now);
    }
  }
}

void pgAddToMapFrame(AppState& s, render::MapFrame& fr, float sc) {
  PgView* vp = viewOf(s);
  if (!vp || !vp->have || !vp->shown.data) return;
  PgView& v = *vp;
  const uint32_t outline = s.dark ? 0xF0F0F0 : 0x202020;
  const Rect& r = s.mapRect;
  v.onMap = 0;
  if (v.density) {
    if (v.w > 0 && !fr.density.rgba) {  // the loaded events' own image wins (it is exact for them)
      // Versions apart from the loaded image's.
      fr.density = render::DensityImage{v.rgba.data(), v.w, v.h, v.minX, v.minY, v.maxX, v.maxY, (uint64_t(1) << 48) + v.upload};
    }
    v.onMap = int(std::min<int64_t>(v.shown.data->total, INT32_MAX));
  } else {
    const auto& evs = v.shown.data->events;
    const double hw = r.w * 0.5 * s.cam.upp, hh = r.h * 0.5 * s.cam.upp;
    for (const geo::Cluster& c : v.clusters) {
      if (std::fabs(c.x - s.cam.cx) > hw + 40 * sc * s.cam.upp || std::fabs(c.y - s.cam.cy) > hh + 40 * sc * s.cam.upp) continue;
      if (std::fabs(c.x - s.cam.cx) <= hw && std::fabs(c.y - s.cam.cy) <= hh) v.onMap += int(c.members.size());
      if (c.members.size() < 2) continue;
      render::Marker b;  // a count bubble (its number is drawn by the map panel)
      b.x = c.x;
      b.y = c.y;
      b.radius = clusterRadiusPx(c.members.size(), sc) + (int(&c - v.clusters.data()) == v.hoveredCluster ? 3 * sc : 0);
      b.outline = 2.0f * sc;
      b.fill = s.dark ? rcol(0xE8E8E8, 0.92f) : rcol(0x2E3A46, 0.9f);
      b.line = rcol(categoryColor(evs[c.seed].category));
      fr.markers.push_back(b);
    }
    for (const geo::Cluster& c : v.clusters) {
      if (c.members.size() != 1) continue;
      const size_t i = c.seed;
      if (std::fabs(v.ex[i] - s.cam.cx) > hw + 40 * sc * s.cam.upp || std::fabs(v.ey[i] - s.cam.cy) > hh + 40 * sc * s.cam.upp) continue;
      const geo::PgEvent& e = evs[i];
      render::Marker mk;
      mk.x = v.ex[i];
      mk.y = v.ey[i];
      mk.radius = symbolRadiusPx(e.fatalities, sc) * (int(i) == v.hovered ? 1.2f : 1.0f);
      mk.outline = (int(i) == v.hovered ? 2.0f : 1.3f) * sc;
      mk.fill = rcol(categoryColor(e.category));
      mk.line = rcol(outline);
      mk.shape = render::Shape(categoryShape(e.category));
      if (e.fatalities < 0) mk.ring = std::max(2.5f * sc, mk.radius * 0.38f);
      fr.markers.push_back(mk);
    }
  }
  if (v.hasSelected) {
    render::Marker mk;
    mk.x = v.selX;
    mk.y = v.selY;
    mk.radius = symbolRadiusPx(v.selected.fatalities, sc) * 1.35f;
    mk.outline = 3.0f * sc;
    mk.fill = rcol(categoryColor(v.selected.category));
    mk.line = rcol(0x0050A0);
    mk.shape = render::Shape(categoryShape(v.selected.category));
    fr.markers.push_back(mk);
  }
}

bool pgMapHover(AppState& s, bool canHover) {
  PgView* vp = viewOf(s);
  if (!vp) return false;
  PgView& v = *vp;
  v.hovered = -1;
  v.hoveredCluster = -1;
  if (!canHover || !v.have || !v.shown.data) return false;
  const ImVec2 mp = ImGui::GetIO().MousePos;
  const float sc = scale();
  if (v.density) {
    if (v.w <= 0) return false;
    double wx, wy;
    screenToWorld(s.cam, s.mapRect, mp.x, mp.y, wx, wy);
    const int64_t gx = int64_t(std::floor(wx / v.cellSize)) - v.gx0, gy = int64_t(std::floor(wy / v.cellSize)) - v.gy0;
    int64_t n = 0;  // the cell under the pointer and its neighbours (a few px either way)
    for (int64_t y = gy - 1; y <= gy + 1; ++y)
      for (int64_t x = gx - 1; x <= gx + 1; ++x)
        if (x >= 0 && y >= 0 && x < v.w && y < v.h) n += v.cellCount[size_t(y * v.w + x)];
    if (n > 0) {
      s.mapui.tooltip = withThousands(n) + (n == 1 ? " event here" : " events here") +
                        " (counted by the database)\nZoom in to see each one";
      ImGui::SetTooltip("%s", s.mapui.tooltip.c_str());
    }
    return false;
  }
  float best = 1e9f;
  const auto& evs = v.shown.data->events;
  v.hoveredCluster = -1;
  for (size_t c = 0; c < v.clusters.size(); ++c) {
    const geo::Cluster& cl = v.clusters[c];
    double sx, sy;
    worldToScreen(s.cam, s.mapRect, cl.x, cl.y, sx, sy);
    const float d = float(std::hypot(sx - mp.x, sy - mp.y));
    const float rad = cl.members.size() == 1 ? symbolRadiusPx(evs[cl.seed].fatalities, sc) : clusterRadiusPx(cl.members.size(), sc);
    if (d <= rad + 3 * sc && d - rad < best) {
      best = d - rad;
      v.hovered = cl.members.size() == 1 ? int(cl.seed) : -1;
      v.hoveredCluster = cl.members.size() == 1 ? -1 : int(c);
    }
  }
  if (v.hoveredCluster >= 0) {
    const size_t n = v.clusters[size_t(v.hoveredCluster)].members.size();
    s.mapui.tooltip = withThousands(int64_t(n)) + " events here\nClick to zoom in";
    ImGui::SetTooltip("%s", s.mapui.tooltip.c_str());
    return true;
  }
  if (v.hovered < 0) return false;
  const geo::PgEvent& e = evs[size_t(v.hovered)];
  s.mapui.tooltip = e.title + "\n" + geo::formatHumanDay(e.first) +
                    (e.last / 86400 != e.first / 86400 ? " \xe2\x80\x93 " + geo::formatHumanDay(e.last) : std::string()) +
                    (e.category.empty() ? std::string() : "\n" + categoryLabel(e.category));
  ImGui::SetTooltip("%s", s.mapui.tooltip.c_str());
  return true;
}

int pgOnMap(AppState& s) {
  const PgView* v = viewOf(s);
  if (!v) return 0;
  // The bubbles in the panel, for their numbers (drawn by the map panel) and the state's clusters.
  for (const geo::Cluster& c : v->clusters) {
    if (c.members.size() < 2) continue;
    double sx, sy;
    worldToScreen(s.cam, s.mapRect, c.x, c.y, sx, sy);
    if (s.mapRect.contains(float(sx), float(sy)))
      s.mapui.drawnClusters.push_back({uint32_t(c.members.size()), float(sx), float(sy)});
  }
  return v->onMap;
}

void pgSelectHovered(AppState& s) {
  PgView* vp = viewOf(s);
  if (!vp) return;
  if (vp->hoveredCluster >= 0 && size_t(vp->hoveredCluster) < vp->clusters.size()) {
    // A bubble: zoom in twice around it (the next window splits it, or brings its events apart).
    const geo::Cluster& c = vp->clusters[size_t(vp->hoveredCluster)];
    double sx, sy;
    worldToScreen(s.cam, s.mapRect, c.x, c.y, sx, sy);
    zoomAt(s.cam, s.mapRect, sx, sy, 0.5);
    s.mapui.zoomedAt = ImGui::GetTime();
    return;
  }
  const geo::PgEvent* e = shownEvent(*vp, vp->hovered);
  if (!e) return;
  vp->selected = *e;
  vp->selX = vp->ex[size_t(vp->hovered)];
  vp->selY = vp->ey[size_t(vp->hovered)];
  vp->hasSelected = true;
  s.commands.push_back({CommandKind::ClearSelection});  // one selection at a time: the loaded one goes
}

void pgClearSelection(AppState& s) {
  if (PgView* v = viewOf(s)) v->hasSelected = false;
}

// --- 4. timeline -----------------------------------------------------------------------------------
void pgDrawTimeline(AppState& s, ImDrawList* dl, ImFont* font, float x, float y, float w, float h) {
  PgView* vp = viewOf(s);
  if (!vp || w < 2 || h < 2) return;
  PgView& v = *vp;
  const float fs = ImGui::GetFontSize(), sc = fs / 16.0f, small = std::round(fs * 0.8f);
  const ImU32 muted = s.dark ? IM_COL32(170, 170, 170, 255) : IM_COL32(90, 90, 90, 255);
  const double pxPerS = double(w) / double(std::max<geo::Seconds>(1, s.tl.end - s.tl.start));
  auto tx = [&](geo::Seconds t) { return float(std::clamp(double(x) + double(t - s.tl.start) * pxPerS, double(x) - 10, double(x + w) + 10)); };
  const geo::PgHistogram& hg = v.hist;
  int64_t mx = 0, total = 0;
  for (int64_t c : hg.counts) mx = std::max(mx, c), total += c;
  const float top = y + small + 6 * sc, barsH = std::max(4.0f, y + h - top);
  if (hg.ok && mx > 0) {
    const ImU32 bar = s.dark ? IM_COL32(120, 170, 230, 200) : IM_COL32(40, 100, 170, 190);
    for (size_t i = 0; i < hg.counts.size(); ++i) {
      if (!hg.counts[i]) continue;
      const geo::Seconds a = hg.t0 + geo::Seconds(i) * hg.bin;
      const float x0 = tx(a) + 0.5f, x1 = std::max(tx(a + hg.bin) - 0.5f, x0 + 1.0f);
      if (x1 < x || x0 > x + w) continue;
      const float bh = barsH * std::sqrt(float(hg.counts[i]) / float(mx));  // a bin of 1 stays visible
      dl->AddRectFilled(ImVec2(x0, y + h - bh), ImVec2(x1, y + h), bar);
    }
  }
  std::string label = "PostGIS " + v.probe.display + ": ";
  const PgLiveState st = v.live->state();
  if (st == PgLiveState::connecting) label += "connecting (building indexes on a large table may take a while)";
  else if (st == PgLiveState::failed) label += "failed: " + v.live->error();
  else {
    if (v.have && v.shown.data && v.shown.data->ok)
      label += withThousands(v.shown.data->total) + " events in the map's window";
    else if (v.have && v.shown.data)
      label += "the window's query failed: " + v.shown.data->error;
    if (hg.ok) {
      const char* unit = hg.bin >= 365 * 86400 ? "year" : hg.bin >= 91 * 86400 ? "quarter" : hg.bin >= 30 * 86400 ? "30 days"
                         : hg.bin >= 7 * 86400 ? "week" : hg.bin >= 86400 ? "day" : hg.bin >= 6 * 3600 ? "6 hours" : "hour";
      label += std::string(v.have ? "; " : "") + "bars: events starting per " + unit + " in and around the view (" + withThousands(total) + ")";
    } else if (!hg.error.empty()) {
      label += "; counts per time: " + hg.error;
    }
    if (v.live->busy()) label += "  \xe2\x80\xa6";
  }
  dl->AddText(font, small, ImVec2(x + 4 * sc, y + 2 * sc), muted, label.c_str());
}

// --- 5. details ------------------------------------------------------------------------------------
bool pgDrawDetails(AppState& s, const UiFonts& f) {
  PgView* vp = viewOf(s);
  if (!vp) return false;
  PgView& v = *vp;
  if (v.hasSelected) {
    const geo::PgEvent& e = v.selected;
    ImGui::PushFont(f.large);
    ImGui::SetWindowFontScale(0.62f);
    ImGui::TextUnformatted(e.title.empty() ? e.id.c_str() : e.title.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    ImGui::Spacing();
    if (!e.category.empty()) {
      ImGui::TextColored(col4(categoryColor(e.category)), "\xe2\x97\x8f");
      ImGui::SameLine();
      ImGui::TextUnformatted(categoryLabel(e.category).c_str());
    }
    std::string date = geo::formatHumanDay(e.first);
    if (e.last / 86400 != e.first / 86400) date += " \xe2\x80\x93 " + geo::formatHumanDay(e.last);
    ImGui::Text("Date: %s", date.c_str());
    ImGui::Text("Place: %.4f, %.4f", e.lat, e.lon);
    if (e.fatalities >= 0) ImGui::Text("Deaths: %lld", static_cast<long long>(e.fatalities));
    ImGui::Separator();
    ImGui::TextDisabled("Id %s in %s", e.id.c_str(), v.probe.display.c_str());
    return true;
  }
  ImGui::TextUnformatted(v.probe.display.c_str());
  ImGui::TextDisabled("PostGIS, queried live: %s%s rows", v.probe.rowsExact ? "" : "about ", withThousands(v.probe.rows).c_str());
  ImGui::TextWrapped("The map shows the window on screen as the database returns it (density cells beyond %s events); "
                     "the timeline the events per time in the view.", withThousands(kDrawBudget).c_str());
  for (const auto& n : v.live->notes()) ImGui::BulletText("%s", n.c_str());
  if (v.live->state() == PgLiveState::failed) ImGui::TextWrapped("Not connected: %s", v.live->error().c_str());
  ImGui::Spacing();
  ImGui::TextWrapped("Click an event on the map to see its details here.");
  return true;
}

// --- 6. state --------------------------------------------------------------------------------------
void pgWriteState(const AppState& s, nlohmann::json& j) {
  using nlohmann::json;
  const PgView* vp = viewOf(s);
  if (!vp) {
    j = nullptr;
    return;
  }
  const PgView& v = *vp;
  const PgLiveStats st = v.live->stats();
  const PgLiveState state = v.live->state();
  const geo::PgWindowResult* d = v.have && v.shown.data ? v.shown.data.get() : nullptr;
  j = {{"live", true},
       {"source", v.probe.display},
       {"rows", v.probe.rows},
       {"state", state == PgLiveState::ready ? "ready" : state == PgLiveState::connecting ? "connecting" : "failed"},
       {"error", v.live->error().empty() ? json(nullptr) : json(v.live->error())},
       {"busy", v.live->busy()},
       {"windows", v.windows},         // distinct windows the map asked for
       {"queries", st.queries},        // of them, queried in the database
       {"cache_hits", st.cacheHits},   // answered from windows kept in memory
       {"cancelled", st.cancelled},
       {"superseded", st.superseded},
       {"failed", st.failed},
       {"result", v.have ? json(v.shown.request) : json(nullptr)},  // the request shown
       {"aggregated", d ? d->aggregated : false},
       {"total", d ? d->total : 0},    // events in the window shown
       {"shown", d && !d->aggregated ? d->events.size() : 0},
       {"cells", d && d->aggregated ? d->cells.size() : 0},
       {"on_map", v.onMap},
       {"last_ms", v.have ? std::round(v.shown.latencyMs * 10) / 10 : 0.0},  // request to result
       {"query_ms", d ? std::round(d->ms * 10) / 10 : 0.0},                  // the database's round trips
       {"histograms", v.histograms},
       {"histogram_bins", v.hist.counts.size()},
       {"selected", v.hasSelected ? json(v.selected.id) : json(nullptr)},
       {"hovered", shownEvent(v, v.hovered) ? json(shownEvent(v, v.hovered)->id) : json(nullptr)},
       {"clusters", std::count_if(v.clusters.begin(), v.clusters.end(), [](const geo::Cluster& c) { return c.members.size() > 1; })}};
  {
    int64_t ht = 0;
    for (int64_t c : v.hist.counts) ht += c;
    j["histogram_total"] = ht;
  }
  // The returned events drawn in the map panel (window px), at most 200.
  json evs = json::array();
  if (d && !d->aggregated)
    for (size_t i = 0; i < d->events.size() && evs.size() < 200; ++i) {
      double sx, sy;
      worldToScreen(s.cam, s.mapRect, v.ex[i], v.ey[i], sx, sy);
      if (!s.mapRect.contains(float(sx), float(sy))) continue;
      // "cluster": the events of its bubble (1: drawn alone, where "map" says).
      const int c = i < v.clusterOf.size() ? v.clusterOf[i] : -1;
      const size_t n = c >= 0 ? v.clusters[size_t(c)].members.size() : 1;
      evs.push_back({{"id", d->events[i].id}, {"map", {std::round(sx * 100) / 100, std::round(sy * 100) / 100}}, {"cluster", n}});
    }
  j["events"] = std::move(evs);
}

}  // namespace app
