// The timeline panel: eras, density strip, lanes of events, two-row axis, playhead, range brush and the
// controls row (play, step, speed, mode, lanes, precision filter, presets, go to). Layout math lives in
// timeline_layout.* (pure, unit-tested, benchmarked); this file only draws and handles input.
// Sections: index (columns and lanes); helpers; canvas (draw only); keys; panel (input + controls).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <GLFW/glfw3.h>  // key codes of s.keyPresses
#include <imgui.h>

#include "app/pg_view.hpp"

#include "app/cli.hpp"
#include "app/filters.hpp"
#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/timeline_layout.hpp"
#include "app/ui_util.hpp"
#include "geo/event_columns.hpp"

namespace app {

using namespace ui;

// --- index -----------------------------------------------------------------------------------------
namespace {
// Items on screen above which the timeline draws them with square corners (level of detail).
constexpr size_t kRoundedItemsMax = 300;
// Lanes of a grouping by a pooled key (country, actor; code 0 = none, named `none`): the most
// frequent keys among the events that pass the filters first, at most 12 lanes, the rest in "Other".
// laneOf[i] = -1 for the others.
void laneByKey(const std::vector<uint32_t>& keyOf, const geo::StringPool& pool, const char* none,
               const std::vector<uint8_t>& pass, std::vector<int>& laneOf, std::vector<std::string>& names) {
  std::vector<size_t> freq(pool.size(), 0);
  for (size_t i = 0; i < keyOf.size(); ++i)
    if (pass[i]) ++freq[keyOf[i]];
  auto name = [&](uint32_t k) { return k == 0 ? std::string(none) : std::string(pool.get(k)); };
  std::vector<std::pair<size_t, std::string>> order;
  std::vector<uint32_t> codeOf;
  for (uint32_t k = 0; k < freq.size(); ++k)
    if (freq[k]) order.push_back({freq[k], name(k)});
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  constexpr size_t kMaxLanes = 12;
  std::map<std::string, int> laneIdx;
  for (size_t i = 0; i < order.size(); ++i) {
    if (i + 1 >= kMaxLanes && order.size() > kMaxLanes) {
      laneIdx[order[i].second] = int(kMaxLanes) - 1;
      continue;
    }
    laneIdx[order[i].second] = int(i);
    names.push_back(order[i].second);
  }
  if (order.size() > kMaxLanes) names.push_back("Other");
  std::vector<int> laneOfCode(pool.size(), -1);
  for (uint32_t k = 0; k < freq.size(); ++k)
    if (freq[k]) laneOfCode[k] = laneIdx[name(k)];
  laneOf.assign(keyOf.size(), -1);
  for (size_t i = 0; i < keyOf.size(); ++i)
    if (pass[i]) laneOf[i] = laneOfCode[keyOf[i]];
}
}  // namespace

void prepareTimeline(AppState& s) {
  // The shared filters (text, categories, countries, actors, deaths, precision) decide what the
  // timeline shows, exactly as on the map and in the events list: events they hide get no lane.
  updateFilters(s);
  TimelineUi& u = s.tlui;
  const auto& ev = s.data.events;
  const bool dataChanged = u.builtRev != ev.revision();
  const bool darkPalette = darkCategoryPalette();
  if (!dataChanged && u.builtGroup == int(s.laneGroup) && u.builtFilterGen == s.filtered.generation && u.builtDark == darkPalette)
    return;
  u.builtDark = darkPalette;  // lane colours follow the theme's palette
  u.builtRev = ev.revision();
  u.builtGroup = int(s.laneGroup);
  u.builtFilterGen = s.filtered.generation;
  int nCat = 0;
  const CategoryStyle* cats = categories(nCat);
  if (dataChanged) {
    // Columns: every event, filtered or not (indices are data.events indices).
    u.cols = geo::EventColumns::fromEvents(ev);
    // The legend's index of each category code (nCat = not one of the eight).
    std::vector<uint8_t> catOfCode(ev.categories().size(), uint8_t(nCat));
    for (size_t k = 0; k < catOfCode.size(); ++k)
      for (int c = 0; c < nCat; ++c)
        if (ev.categories().get(uint32_t(k)) == cats[c].key) { catOfCode[k] = uint8_t(c); break; }
    for (size_t i = 0; i < ev.size(); ++i) u.cols.colorKey[i] = catOfCode[ev.categoryCode(i)];
    u.dataFirst = u.dataLast = 0;
    if (!ev.empty()) {
      u.dataFirst = u.cols.first.front();
      u.dataLast = *std::max_element(u.cols.last.begin(), u.cols.last.end());
    }
    // A selection among the new events is scrolled to.
    u.lastSelected = -2;
  }
  std::vector<uint8_t> pass(ev.size(), 1);
  for (size_t i = 0; i < ev.size(); ++i) pass[i] = passesFilters(s, i) ? 1 : 0;
  // Lanes that were collapsed stay so when they survive the rebuild (found by name).
  std::vector<std::string> wasCollapsed;
  for (size_t l = 0; l < u.collapsed.size() && l < u.laneNames.size(); ++l)
    if (u.collapsed[l]) wasCollapsed.push_back(u.laneNames[l]);
  std::vector<int> laneOf(ev.size(), -1);
  u.laneNames.clear();
  u.laneColor.clear();
  switch (s.laneGroup) {
    case LaneGroup::Category: {
      // One lane per category among the shown events, in legend order; unknown categories last.
      std::vector<int> laneOfCat(size_t(nCat) + 1, -1);
      for (size_t i = 0; i < ev.size(); ++i)
        if (pass[i]) laneOfCat[u.cols.colorKey[i]] = 0;
      int n = 0;
      for (int c = 0; c <= nCat; ++c) {
        if (laneOfCat[size_t(c)] < 0) continue;
        laneOfCat[size_t(c)] = n++;
        u.laneNames.push_back(c < nCat ? cats[c].label : "Other");
        u.laneColor.push_back(c < nCat ? cats[c].rgb : 0x8A8A8A);
      }
      for (size_t i = 0; i < ev.size(); ++i)
        if (pass[i]) laneOf[i] = laneOfCat[u.cols.colorKey[i]];
      break;
    }
    case LaneGroup::Country:
    case LaneGroup::Actor: {
      // The first country (actor) of each event, as a pool code (0 = none).
      const bool country = s.laneGroup == LaneGroup::Country;
      std::vector<uint32_t> keys(ev.size(), 0);
      for (size_t i = 0; i < ev.size(); ++i) {
        bool firstOne = true;
        auto take = [&](uint32_t c) {
          if (firstOne) keys[i] = c;
          firstOne = false;
        };
        if (country) ev.forEachCountry(i, take);
        else ev.forEachActor(i, take);
      }
      laneByKey(keys, country ? ev.countryPool() : ev.actorPool(), country ? "(no country)" : "(no actor)", pass, laneOf,
                u.laneNames);
      const uint32_t greys[2] = {0x6E7781, 0x8C959F};
      for (size_t l = 0; l < u.laneNames.size(); ++l) u.laneColor.push_back(greys[l % 2]);
      break;
    }
    case LaneGroup::None:
      u.laneNames.push_back("All events");
      u.laneColor.push_back(0x6E7781);
      for (size_t i = 0; i < ev.size(); ++i)
        if (pass[i]) laneOf[i] = 0;
      break;
  }
  u.index.build(u.cols, laneOf, int(u.laneNames.size()));
  ++u.indexBuilds;
  u.collapsed.assign(u.laneNames.size(), 0);
  for (size_t l = 0; l < u.laneNames.size(); ++l)
    u.collapsed[l] = std::find(wasCollapsed.begin(), wasCollapsed.end(), u.laneNames[l]) != wasCollapsed.end();
}

// --- helpers ---------------------------------------------------------------------------------------
namespace {
const char* kMonthShort[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "3–9 Oct 2020", "28 Sep – 9 Oct 2020", "28 Dec 2019 – 3 Jan 2020", "13 Sep 2022 05:00–07:30".
std::string rangeLabel(geo::Seconds a, geo::Seconds b) {
  auto split = [](geo::Seconds t, int64_t& y, unsigned& m, unsigned& d, int& hh, int& mm) {
    const int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    geo::civilFromDays(days, y, m, d);
    const geo::Seconds rem = t - days * 86400;
    hh = int(rem / 3600);
    mm = int(rem / 60 % 60);
  };
  int64_t ya, yb;
  unsigned ma, mb, da, db;
  int ha, mia, hb, mib;
  split(a, ya, ma, da, ha, mia);
  split(b, yb, mb, db, hb, mib);
  char buf[96];
  if (b - a < 86400 && ya == yb && ma == mb && da == db)
    std::snprintf(buf, sizeof buf, "%u %s %lld %02d:%02d\u2013%02d:%02d", da, kMonthShort[ma - 1], (long long)ya, ha, mia, hb, mib);
  else if (ya == yb && ma == mb && da == db)
    std::snprintf(buf, sizeof buf, "%u %s %lld", da, kMonthShort[ma - 1], (long long)ya);
  else if (ya == yb && ma == mb)
    std::snprintf(buf, sizeof buf, "%u\u2013%u %s %lld", da, db, kMonthShort[ma - 1], (long long)ya);
  else if (ya == yb)
    std::snprintf(buf, sizeof buf, "%u %s \u2013 %u %s %lld", da, kMonthShort[ma - 1], db, kMonthShort[mb - 1], (long long)ya);
  else
    std::snprintf(buf, sizeof buf, "%u %s %lld \u2013 %u %s %lld", da, kMonthShort[ma - 1], (long long)ya, db,
                  kMonthShort[mb - 1], (long long)yb);
  return buf;
}

uint32_t colorOfKey(uint8_t key) {
  int n = 0;
  const CategoryStyle* cats = categories(n);
  return key < n ? cats[key].rgb : 0x8A8A8A;
}

// The shared time mode's fading rule (timeline_layout.hpp itemAlpha) for this frame.
FadeRule fadeRule(const AppState& s) {
  FadeRule r;
  r.mode = int(s.mode);
  r.playhead = s.playhead;
  r.windowS = s.windowS;
  r.viewSpan = s.tl.end - s.tl.start;
  r.hasRange = s.hasRange;
  r.rangeStart = s.rangeStart;
  r.rangeEnd = s.rangeEnd;
  return r;
}

ImU32 textOn(uint32_t rgb) {
  const float lum = 0.299f * float((rgb >> 16) & 255) + 0.587f * float((rgb >> 8) & 255) + 0.114f * float(rgb & 255);
  return lum > 150 ? IM_COL32(20, 20, 20, 255) : IM_COL32(255, 255, 255, 255);
}

// Shows [start, end] (clamped to the span limits): at once, or (animate) along the smooth zoom path
// over kZoomAnimSeconds, advanced by stepZoomAnimation each frame.
void setView(AppState& s, geo::Seconds start, geo::Seconds end, bool animate = false) {
  if (end - start < kMinSpan) {
    const geo::Seconds mid = start + (end - start) / 2;
    start = mid - kMinSpan / 2;
    end = start + kMinSpan;
  }
  if (end - start > kMaxSpan) end = start + kMaxSpan;
  TimelineUi::ZoomAnim& z = s.tlui.zoomAnim;
  if (!animate || (start == s.tl.start && end == s.tl.end)) {
    z.active = false;
    s.tl.start = start;
    s.tl.end = end;
    return;
  }
  z.active = true;
  z.from0 = z.shown0 = s.tl.start;
  z.from1 = z.shown1 = s.tl.end;
  z.to0 = start;
  z.to1 = end;
  z.elapsed = -1;  // not advanced yet: the frame that starts it may follow a long idle wait
  s.animating = true;
}

// Advances a running smooth zoom by dt seconds; stops it when something else moved the view.
void stepZoomAnimation(AppState& s, double dt) {
  TimelineUi::ZoomAnim& z = s.tlui.zoomAnim;
  if (!z.active) return;
  const bool done = s.tl.start != z.shown0 || s.tl.end != z.shown1;  // the wheel, a drag, a story step
  if (!done) {
    z.elapsed = z.elapsed < 0 ? std::min(dt, 1.0 / 60) : z.elapsed + std::clamp(dt, 0.0, 0.05);
    const double k = z.elapsed / kZoomAnimSeconds;
    zoomPath(z.from0, z.from1, z.to0, z.to1, easeInOutCubic(k), s.tl.start, s.tl.end);
    z.shown0 = s.tl.start;
    z.shown1 = s.tl.end;
    if (k < 1) {
      s.animating = true;  // the loop keeps drawing
      return;
    }
  }
  z.active = false;
  // Other animations may still need frames (the same rule as the map's flights and story steps).
  s.animating = s.playing || s.mapui.flying || s.transition.active;
}

void fitAll(AppState& s) {
  const TimelineUi& u = s.tlui;
  geo::Seconds a = u.dataFirst, b = u.dataLast;
  for (const geo::Event& e : s.data.eras) { a = std::min(a, e.first()); b = std::max(b, e.last()); }
  if (b <= a) return;
  const geo::Seconds pad = std::max<geo::Seconds>((b - a) / 50, 86400);
  setView(s, a - pad, b + pad, true);
}

// Keeps a time in view: pans so that it sits at 10 % (going forward) or 50 % of the view.
void keepInView(AppState& s, geo::Seconds t, bool forward) {
  const geo::Seconds span = s.tl.end - s.tl.start;
  if (t >= s.tl.start && t <= s.tl.end) return;
  const geo::Seconds at = forward && t > s.tl.end ? span / 10 : span / 2;
  s.tl.start = t - at;
  s.tl.end = s.tl.start + span;
}

void stepEvent(AppState& s, bool next) {
  prepareTimeline(s);  // the columns borrow the store's times: rebuilt first if the store changed
  const geo::EventColumns& c = s.tlui.cols;
  if (c.size() == 0) return;
  long i = next ? long(geo::nextStartAfter(c, s.playhead)) : geo::prevStartBefore(c, s.playhead);
  // Skip events the shared filters hide (they are not on the timeline or the map).
  while (i >= 0 && i < long(c.size()) && !passesFilters(s, size_t(i))) i += next ? 1 : -1;
  if (i < 0 || i >= long(c.size())) return;
  s.playhead = c.first[size_t(i)];
  s.commands.push_back({CommandKind::Select, int(i)});
  keepInView(s, s.playhead, next);
}

// Calendar-aligned presets around the playhead.
void preset(AppState& s, int which) {
  geo::Seconds a = 0, b = 0;
  const geo::Seconds t = s.playhead;
  switch (which) {
    case 0: fitAll(s); return;
    case 1: {  // decade
      geo::intervalOf(t, geo::Precision::Year, a, b);
      int64_t y;
      unsigned m, d;
      geo::civilFromDays(a >= 0 ? a / 86400 : -((-a + 86399) / 86400), y, m, d);
      const int64_t y0 = y >= 0 ? y / 10 * 10 : -((-y + 9) / 10) * 10;
      a = geo::makeTime(y0, 1, 1);
      b = geo::makeTime(y0 + 10, 1, 1) - 1;
      break;
    }
    case 2: geo::intervalOf(t, geo::Precision::Year, a, b); break;
    case 3: geo::intervalOf(t, geo::Precision::Month, a, b); break;
    case 4: geo::intervalOf(t, geo::Precision::Week, a, b); break;
    default: geo::intervalOf(t, geo::Precision::Day, a, b); break;
  }
  setView(s, a, b + 1, true);
}

void goTo(AppState& s) {
  TimelineUi& u = s.tlui;
  geo::TimeValue v;
  if (!parseGoToDate(u.goTo, v)) {
    u.goToError = true;
    return;
  }
  u.goToError = false;
  u.goTo[0] = '\0';  // ready for the next date (the map's date overlay shows where we are)
  s.playhead = v.earliest;
  geo::Seconds a, b;
  viewForInterval(v.earliest, v.latest, a, b);
  setView(s, a, b, true);
}
}  // namespace

// --- canvas ----------------------------------------------------------------------------------------
void drawTimelineCanvas(AppState& s, ImDrawList* dl, const Rect& r, ImFont* font) {
  TimelineUi& u = s.tlui;
  const float fs = ImGui::GetFontSize(), sc = fs / 16.0f;
  const float small = std::round(fs * 0.8f);
  // Rows from the top: era names, density strip, lanes, axis (two rows of labels).
  const float eraH = std::round(small + 4 * sc), densH = std::round(20 * sc);
  const float axisH = std::round(fs * 2.0f + 12 * sc);
  // Lane names sit in a gutter left of the lanes (they would hide the earliest events otherwise).
  float gutter = 0;
  for (const std::string& n : u.laneNames) gutter = std::max(gutter, font->CalcTextSizeA(small, 1e9f, 0, n.c_str()).x);
  gutter = std::min(gutter + 24 * sc, std::max(60 * sc, r.w * 0.15f));
  s.axisRect = {r.x + gutter, r.y + r.h - axisH, r.w - gutter, axisH};
  const Rect& ax = s.axisRect;
  u.eraY = r.y;
  u.densY = r.y + eraH;
  u.densH = densH;
  u.lanesX = ax.x;
  u.lanesY = u.densY + densH + 3 * sc;
  u.lanesW = ax.w;
  u.lanesH = std::max(10.0f, ax.y - u.lanesY - 2 * sc);
  const TimelineView view{s.tl.start, s.tl.end, ax.x, ax.w};
  auto tx = [&](geo::Seconds t) { return float(std::clamp(view.x(t), double(ax.x) - 10.0, double(ax.x + ax.w) + 10.0)); };
  const ImU32 ink = s.dark ? IM_COL32(225, 225, 225, 255) : IM_COL32(30, 30, 30, 255);
  const ImU32 muted = s.dark ? IM_COL32(170, 170, 170, 255) : IM_COL32(90, 90, 90, 255);
  const ImU32 faint = s.dark ? IM_COL32(255, 255, 255, 28) : IM_COL32(0, 0, 0, 22);
  const ImU32 halo = s.dark ? IM_COL32(34, 35, 38, 230) : IM_COL32(250, 250, 248, 230);
  dl->PushClipRect(ImVec2(ax.x - 1, r.y), ImVec2(ax.x + ax.w + 1, r.y + r.h), true);

  // Time mode: the window as a shaded band; in cumulative mode, what lies after the playhead is
  // greyed (it has not happened yet at the current time).
  const float phX = tx(s.playhead);
  const float top = u.densY, bottom = ax.y;
  if (s.mode == TimeMode::Window) {
    dl->AddRectFilled(ImVec2(tx(s.playhead - s.windowS), top), ImVec2(phX, bottom), s.dark ? IM_COL32(90, 140, 210, 50) : IM_COL32(0, 114, 178, 30));
  }
  if (s.mode != TimeMode::All && phX < ax.x + ax.w)
    dl->AddRectFilled(ImVec2(std::max(phX, ax.x), top), ImVec2(ax.x + ax.w, bottom), s.dark ? IM_COL32(0, 0, 0, 50) : IM_COL32(0, 0, 0, 10));

  // Eras: labelled background bands.
  for (const geo::Event& era : s.data.eras) {
    const float x0 = tx(era.first()), x1 = tx(era.last() + 1);
    if (x1 < ax.x || x0 > ax.x + ax.w) continue;
    dl->AddRectFilled(ImVec2(x0, r.y), ImVec2(x1, bottom), col(categoryColor(era.category), s.dark ? 0.16f : 0.10f));
    const ImVec2 ts = font->CalcTextSizeA(small, 1e9f, 0, era.title.c_str());
    const float lx = std::max(x0, ax.x) + 4 * sc;
    if (std::min(x1, ax.x + ax.w) - lx > ts.x + 2) dl->AddText(font, small, ImVec2(lx, r.y + 1 * sc), muted, era.title.c_str());
  }

  // Ticks: gridlines through the lanes, marks and two rows of labels that never overlap.
  const AxisTicks ticks = computeTicks(s.tl.start, s.tl.end, ax.x, ax.w, fs * 3.6f);
  for (const Tick& t : ticks.fine) dl->AddLine(ImVec2(float(t.x), ax.y), ImVec2(float(t.x), ax.y + 4 * sc), faint, 1.0f);
  float lastEnd = -1e9f;
  const bool yearRows = ticks.minorLevel.unit == TickUnit::Year;
  size_t mj = 0;
  for (const Tick& t : ticks.minor) {
    while (mj < ticks.major.size() && ticks.major[mj].t < t.t) ++mj;
    const bool named = yearRows && mj < ticks.major.size() && ticks.major[mj].t == t.t;
    dl->AddLine(ImVec2(float(t.x), u.densY), ImVec2(float(t.x), ax.y), faint, 1.0f);
    dl->AddLine(ImVec2(float(t.x), ax.y), ImVec2(float(t.x), ax.y + 8 * sc), ink, 1.0f);
    const float w = font->CalcTextSizeA(fs, 1e9f, 0, t.label.c_str()).x;
    const float x = float(t.x) + 3 * sc;
    if (!named && x > lastEnd + 4 * sc && x + w <= ax.x + ax.w) {
      dl->AddText(font, fs, ImVec2(x, ax.y + 2 * sc), ink, t.label.c_str());
      lastEnd = x + w;
    }
  }
  lastEnd = -1e9f;
  for (size_t i = 0; i < ticks.major.size(); ++i) {
    const Tick& t = ticks.major[i];
    const float w = font->CalcTextSizeA(fs, 1e9f, 0, t.label.c_str()).x;
    float x = std::max(float(t.x), ax.x) + 3 * sc;
    // Sticky: the period the view starts in keeps its label at the left edge until the next one.
    if (i + 1 < ticks.major.size()) x = std::min(x, float(ticks.major[i + 1].x) - w - 8 * sc);
    if (float(t.x) >= ax.x) dl->AddLine(ImVec2(float(t.x), ax.y), ImVec2(float(t.x), ax.y + ax.h), ink, 1.5f * sc);
    if (x > lastEnd + 6 * sc && x >= ax.x && x + w <= ax.x + ax.w + 2) {
      dl->AddText(font, fs, ImVec2(x, ax.y + fs + 6 * sc), ink, t.label.c_str());
      lastEnd = x + w;
    }
  }
  dl->AddLine(ImVec2(ax.x, ax.y), ImVec2(ax.x + ax.w, ax.y), ink, 1.0f);

  // Density: events per calendar bin, stacked by lane colour; the tallest bin fills the strip.
  const TimelineUi::DensityKey dkey{u.indexBuilds, view.t0, view.t1, view.width, 5.0 * sc};
  if (!(dkey == u.densityKey)) {
    computeDensity(u.index, view, 5.0 * sc, u.density);
    u.densityKey = dkey;
  }
  const Density& dn = u.density;
  if (dn.maxTotal > 0) {
    const size_t L = size_t(dn.lanes);
    for (size_t bi = 0; bi + 1 < dn.edges.size(); ++bi) {
      if (dn.totals[bi] == 0) continue;
      const float x0 = tx(dn.edges[bi]) + 0.5f, x1 = std::max(tx(dn.edges[bi + 1]) - 0.5f, x0 + 1.0f);
      // Square-root scale: a bin of 1 stays visible next to a bin of 1,000.
      const float hTot = densH * std::sqrt(float(dn.totals[bi]) / float(dn.maxTotal));
      float y = u.densY + densH;
      for (size_t l = 0; l < L; ++l) {
        const uint32_t n = dn.counts[bi * L + l];
        if (!n) continue;
        const float h = hTot * float(n) / float(dn.totals[bi]);
        dl->AddRectFilled(ImVec2(x0, y - h), ImVec2(x1, y), col(l < u.laneColor.size() ? u.laneColor[l] : 0x8A8A8A, 0.85f));
        y -= h;
      }
    }
  }
  dl->AddLine(ImVec2(ax.x, u.densY + densH + 1), ImVec2(ax.x + ax.w, u.densY + densH + 1), faint, 1.0f);

  // Lanes: heights first, then the layout, then the items. A collapsed lane is a thin strip; a lane
  // with nothing in view shrinks to one line for its name, so the lanes that have events get the room
  // (eight lanes share ~150 px at 1600x900: equal shares would give each one ~18 px).
  const size_t nLanes = u.index.lanes.size();
  u.collapsed.resize(nLanes, 0);
  const float thin = 7 * sc;
  const float emptyH = std::round(small + 3 * sc);
  u.laneEmpty.assign(nLanes, 0);
  int open = 0;
  float fixedH = 0;
  for (size_t l = 0; l < nLanes; ++l) {
    if (u.collapsed[l]) { fixedH += thin; continue; }
    u.laneEmpty[l] = !u.index.anyOverlapping(int(l), s.tl.start, s.tl.end);
    if (!u.laneEmpty[l]) ++open;
  }
  // Only when some lane has events; and never taller than an equal share.
  const size_t notCollapsed = size_t(std::count(u.collapsed.begin(), u.collapsed.end(), 0));
  const float equalH = notCollapsed ? (u.lanesH - fixedH) / float(notCollapsed) : 0;
  const float emptyLaneH = open > 0 ? std::min(emptyH, equalH) : equalH;
  if (open == 0) std::fill(u.laneEmpty.begin(), u.laneEmpty.end(), 0);  // all alike: equal shares
  for (size_t l = 0; l < nLanes; ++l)
    if (!u.collapsed[l] && u.laneEmpty[l]) fixedH += emptyLaneH;
  const int openCount = open > 0 ? open : int(notCollapsed);
  const float openH = openCount > 0 ? std::max(0.0f, u.lanesH - fixedH) / float(openCount) : 0;
  const float minRowH = 8 * sc;
  std::vector<int> laneRows(nLanes, 1);
  u.laneY.assign(nLanes, 0);
  u.laneH.assign(nLanes, 0);
  u.rowH.assign(nLanes, 0);
  float y = u.lanesY;
  for (size_t l = 0; l < nLanes; ++l) {
    u.laneY[l] = y;
    u.laneH[l] = u.collapsed[l] ? thin : u.laneEmpty[l] ? emptyLaneH : openH;
    laneRows[l] = u.collapsed[l] ? 1 : std::clamp(int(u.laneH[l] / minRowH), 1, 4);
    y += u.laneH[l];
  }
  LayoutParams lp;
  lp.markerHalfPx = std::max(3.0f, std::min(5.0f * sc, openH * 0.3f)) + 1;
  TimelineUi::LayoutKey key{u.indexBuilds, view.t0, view.t1, view.x0, view.width, lp.markerHalfPx, laneRows};
  if (!(key == u.layoutKey)) {
    layoutTimeline(u.cols, u.index, view, lp, laneRows, u.layout);
    u.layoutKey = std::move(key);
  }
  for (size_t l = 0; l < nLanes; ++l) {
    const float h = u.laneH[l];
    u.rowH[l] = std::min(h / float(std::max(1, u.layout.rows[l])), std::max(h, 2 * fs));
    if (l % 2 == 1) dl->AddRectFilled(ImVec2(ax.x, u.laneY[l]), ImVec2(ax.x + ax.w, u.laneY[l] + h), s.dark ? IM_COL32(255, 255, 255, 8) : IM_COL32(0, 0, 0, 8));
  }

  // Screen positions of the events drawn one by one (for --state-out and hover on the map side).
  const bool haveScreen = u.cols.size() == s.data.events.size();
  s.screen.clearTimeline();
  const uint32_t outlineRgb = s.dark ? 0xF0F0F0 : 0x202020;
  const FadeRule fade = fadeRule(s);
  // Level of detail: with many items on screen (a large store's clusters) the corners are square.
  // A rounded, anti-aliased rectangle and its outline are some 60 triangles against 10, and under
  // software OpenGL the triangles of this list were a good part of each frame at a million events.
  const float rnd = u.layout.items.size() > kRoundedItemsMax ? 0.0f : 1.0f;
  for (const LayoutItem& it : u.layout.items) {
    const size_t l = it.lane;
    const float rh = u.rowH[l];
    const float y0 = u.laneY[l] + rh * float(it.row), y1 = y0 + rh, yc = (y0 + y1) * 0.5f;
    const uint32_t rgb = colorOfKey(u.cols.colorKey[it.event]);
    // Time mode: not begun (or outside the window) greyed, older ones fading with age in cumulative
    // mode, an uncertain one faded until the latest time it may have begun.
    const geo::Seconds certainFrom = it.count == 1 && it.kind != ItemKind::Overflow
                                         ? latestStart(u.cols.first[it.event], u.cols.precision[it.event])
                                         : it.first;
    const float a = itemAlpha(fade, it.first, it.last, certainFrom);
    const float pad = std::min(2.0f * sc, rh * 0.15f);
    switch (it.kind) {
      case ItemKind::Marker: {
        const float rad = std::max(2.5f, std::min(lp.markerHalfPx - 1, rh * 0.42f));
        if (it.x1 - it.x0 >= 3) dl->AddRectFilled(ImVec2(it.x0, y0 + pad), ImVec2(it.x1, y1 - pad), col(rgb, 0.22f * a), 2.0f * rnd);
        dl->AddCircleFilled(ImVec2(it.x0, yc), rad, col(rgb, a), 12);
        dl->AddCircle(ImVec2(it.x0, yc), rad, col(outlineRgb, 0.8f * a), 12, 1.0f);
        break;
      }
      case ItemKind::Interval: {
        // Known only to the week/month/year: faded over the whole interval, soft edges, no tick.
        dl->AddRectFilled(ImVec2(it.x0, y0 + pad), ImVec2(it.x1, y1 - pad), col(rgb, 0.28f * a), 3.0f * rnd);
        dl->AddRect(ImVec2(it.x0, y0 + pad), ImVec2(it.x1, y1 - pad), col(rgb, 0.55f * a), 3.0f * rnd, 0, 1.0f);
        break;
      }
      case ItemKind::Bar: {
        const bool coarse = u.cols.precision[it.event] < geo::Precision::Day;
        dl->AddRectFilled(ImVec2(it.x0, y0 + pad), ImVec2(std::max(it.x1, it.x0 + 2), y1 - pad), col(rgb, (coarse ? 0.45f : 0.8f) * a), 2.0f * rnd);
        // The title inside when it fits (from the bar's visible start).
        if (it.event < s.data.events.size() && rh >= small * 0.85f) {
          const float vx0 = std::max(it.x0, ax.x), vx1 = std::min(it.x1, ax.x + ax.w);
          const std::string_view title = s.data.events.title(it.event);
          const float tw = font->CalcTextSizeA(small, 1e9f, 0, title.data(), title.data() + title.size()).x;
          if (vx1 - vx0 > tw + 8 * sc)
            dl->AddText(font, small, ImVec2(vx0 + 4 * sc, yc - small * 0.5f), a < 0.8f ? muted : textOn(rgb), title.data(),
                        title.data() + title.size());
        }
        break;
      }
      case ItemKind::Cluster: {
        dl->AddRectFilled(ImVec2(it.x0, y0 + pad), ImVec2(it.x1, y1 - pad), col(rgb, 0.6f * a), 2.0f * rnd);
        dl->AddRect(ImVec2(it.x0, y0 + pad), ImVec2(it.x1, y1 - pad), col(0x303030, 0.5f * a), 2.0f * rnd, 0, 1.0f);
        if (it.x1 - it.x0 > 14 * sc && rh >= small * 0.85f) {
          char n[16];
          std::snprintf(n, sizeof n, "%u", it.count);
          const float tw = font->CalcTextSizeA(small, 1e9f, 0, n).x;
          if (it.x1 - it.x0 > tw + 4 * sc)
            dl->AddText(font, small, ImVec2((it.x0 + it.x1 - tw) * 0.5f, yc - small * 0.5f), a < 0.8f ? muted : textOn(rgb), n);
        }
        break;
      }
      case ItemKind::Overflow:
        dl->AddRectFilled(ImVec2(it.x0, u.laneY[l] + u.laneH[l] - 3 * sc), ImVec2(it.x1 - 1, u.laneY[l] + u.laneH[l]), col(rgb, 0.9f * a));
        break;
    }
    if (haveScreen && it.kind != ItemKind::Overflow) {
      auto setPos = [&](uint32_t e) { s.screen.setTimeline(e, it.x0, yc); };
      if (it.count == 1) setPos(it.event);
      else if (it.kind == ItemKind::Cluster && it.count <= 64) {
        const auto& k = u.index.lanes[l].classes[it.cls];
        for (uint32_t m = it.begin; m < it.begin + it.count; ++m) setPos(k.event[m]);
      }
    }
  }
  s.onTimeline = int(u.layout.eventsInView);
  // Hovered and selected: a ring.
  for (int idx : {s.hovered, s.selected}) {
    if (!haveScreen || idx < 0) continue;
    const EventScreenPos sp = s.screen.get(size_t(idx));
    if (!sp.onTimeline()) continue;
    dl->AddCircle(ImVec2(sp.tlX, sp.tlY), 8 * sc, idx == s.selected ? IM_COL32(0, 80, 160, 255) : ink, 16, 2.0f * sc);
  }
  // Lane names in the gutter: collapse triangle (x 1..8), a gap, the colour swatch (x 11..16), the
  // name from x 20; a lane with nothing in view has its name dimmed. A click toggles collapse.
  dl->PopClipRect();
  dl->PushClipRect(ImVec2(r.x, r.y), ImVec2(ax.x, r.y + r.h), true);
  u.labelW = gutter;
  for (size_t l = 0; l < nLanes; ++l) {
    const float ly = u.laneY[l];
    const float cy = ly + std::min(u.laneH[l], small + 2 * sc) * 0.5f;
    if (u.collapsed[l])
      dl->AddTriangleFilled(ImVec2(r.x + 2 * sc, cy - 3.5f * sc), ImVec2(r.x + 2 * sc, cy + 3.5f * sc), ImVec2(r.x + 7 * sc, cy), muted);
    else
      dl->AddTriangleFilled(ImVec2(r.x + 1 * sc, cy - 2.5f * sc), ImVec2(r.x + 8 * sc, cy - 2.5f * sc), ImVec2(r.x + 4.5f * sc, cy + 2.5f * sc), muted);
    const float sw = std::min(4.0f * sc, std::max(1.5f, u.laneH[l] * 0.5f - 0.5f));  // half height of the swatch
    dl->AddRectFilled(ImVec2(r.x + 11 * sc, cy - sw), ImVec2(r.x + 16 * sc, cy + sw), col(u.laneColor[l], u.laneEmpty[l] ? 0.5f : 1.0f), 1.0f);
    if (u.laneH[l] >= small * 0.9f)
      dl->AddText(font, small, ImVec2(r.x + 20 * sc, cy - small * 0.5f), u.laneEmpty[l] ? muted : ink, u.laneNames[l].c_str());
  }
  if (u.index.total == 0 && !s.data.events.empty()) {
    const char* none = "No events pass the filters (Filters tab: Clear filters)";
    const ImVec2 ts = font->CalcTextSizeA(fs, 1e9f, 0, none);
    dl->PopClipRect();
    dl->PushClipRect(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), true);
    dl->AddText(font, fs, ImVec2(ax.x + (ax.w - ts.x) * 0.5f, u.lanesY + (u.lanesH - ts.y) * 0.5f), muted, none);
  }
  dl->AddText(font, small, ImVec2(r.x + 2 * sc, u.densY + (densH - small) * 0.5f), muted, "density");
  (void)halo;
  dl->PopClipRect();
  dl->PushClipRect(ImVec2(ax.x - 1, r.y), ImVec2(ax.x + ax.w + 1, r.y + r.h), true);
  pgDrawTimeline(s, dl, font, u.lanesX, u.lanesY, u.lanesW, u.lanesH);  // a live PG: source's counts

  // Range brush.
  if (s.hasRange) {
    const float b0 = tx(s.rangeStart), b1 = tx(s.rangeEnd);
    dl->AddRectFilled(ImVec2(b0, u.densY), ImVec2(b1, ax.y), IM_COL32(230, 159, 0, 45));
    dl->AddLine(ImVec2(b0, u.densY), ImVec2(b0, ax.y), IM_COL32(200, 120, 0, 255), 1.5f * sc);
    dl->AddLine(ImVec2(b1, u.densY), ImVec2(b1, ax.y), IM_COL32(200, 120, 0, 255), 1.5f * sc);
  }

  // Playhead.
  s.playheadX = float(view.x(s.playhead));
  const ImU32 red = IM_COL32(200, 30, 30, 255);
  dl->AddLine(ImVec2(phX, r.y + 2), ImVec2(phX, ax.y + ax.h), red, 2.0f * sc);
  dl->AddTriangleFilled(ImVec2(phX - 6 * sc, r.y + 1), ImVec2(phX + 6 * sc, r.y + 1), ImVec2(phX, r.y + 9 * sc), red);
  dl->PopClipRect();
}

// --- keys ------------------------------------------------------------------------------------------
void handleTimelineKeys(AppState& s) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool typing = io.WantTextInput;
  const bool overTimeline = s.timelineRect.contains(io.MousePos.x, io.MousePos.y);
  s.tlui.enterPressed = false;
  for (const AppState::KeyPress& k : s.keyPresses) {
    if (k.key == GLFW_KEY_ENTER || k.key == GLFW_KEY_KP_ENTER) s.tlui.enterPressed = true;
    if (typing || (k.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER))) continue;
    const bool shift = (k.mods & GLFW_MOD_SHIFT) != 0;
    switch (k.key) {
      case GLFW_KEY_SPACE: s.playing = !s.playing; break;
      case GLFW_KEY_RIGHT:
        if (!shift) stepEvent(s, true);
        break;
      case GLFW_KEY_PERIOD: stepEvent(s, true); break;
      case GLFW_KEY_LEFT:
        if (!shift) stepEvent(s, false);
        break;
      case GLFW_KEY_COMMA: stepEvent(s, false); break;
      case GLFW_KEY_HOME: fitAll(s); break;
      case GLFW_KEY_ESCAPE:
        if (s.hasRange) s.hasRange = false;
        else s.commands.push_back({CommandKind::ClearSelection});
        break;
      case GLFW_KEY_EQUAL:
      case GLFW_KEY_KP_ADD:
      case GLFW_KEY_MINUS:
      case GLFW_KEY_KP_SUBTRACT:
        // + and - zoom the view under the pointer: here only when it is over the timeline.
        if (overTimeline) {
          const bool in = k.key == GLFW_KEY_EQUAL || k.key == GLFW_KEY_KP_ADD;
          const double px = std::clamp(double(io.MousePos.x), double(s.axisRect.x), double(s.axisRect.x + s.axisRect.w));
          zoomAround(s.tl.start, s.tl.end, px, s.axisRect.x, s.axisRect.w, in ? 1 / 1.5 : 1.5);
        }
        break;
      default: break;
    }
  }
}

// --- panel -----------------------------------------------------------------------------------------
void drawTimelinePanel(AppState& s, const UiFonts& f) {
  prepareTimeline(s);
  TimelineUi& u = s.tlui;
  const ImGuiIO& io = ImGui::GetIO();
  stepZoomAnimation(s, double(io.DeltaTime));

  // Play: days per second of wall time; stop (or loop) at the end of the data.
  if (s.data.events.empty()) pgTimeRange(s, u.dataFirst, u.dataLast);  // a live PG: source's time range
  if (s.playing) {
    if (u.dataLast <= u.dataFirst) s.playing = false;
    const double dt = std::min(double(io.DeltaTime), 0.1);
    u.playCarry += dt * s.speedDaysPerSecond * 86400.0;
    const geo::Seconds step = geo::Seconds(u.playCarry);
    u.playCarry -= double(step);
    s.playhead += step;
    if (s.playhead > u.dataLast) {
      if (s.loop) s.playhead = u.dataFirst;
      else { s.playhead = u.dataLast; s.playing = false; }
    }
    keepInView(s, s.playhead, true);
    const geo::Seconds span = s.tl.end - s.tl.start;
    if (s.playhead > s.tl.start + span * 9 / 10) { s.tl.start = s.playhead - span / 10; s.tl.end = s.tl.start + span; }
  }
  if (s.playing) s.animating = true;
  else if (u.wasPlaying) { s.animating = false; u.playCarry = 0; }
  u.wasPlaying = s.playing;

  // A selection made elsewhere (map, list) scrolls the timeline to show the event.
  if (s.selected != u.lastSelected) {
    if (s.selected >= 0 && size_t(s.selected) < u.cols.size()) {
      const geo::Seconds a = u.cols.first[size_t(s.selected)], b = u.cols.last[size_t(s.selected)];
      if (b < s.tl.start || a > s.tl.end) {
        const geo::Seconds span = s.tl.end - s.tl.start;
        s.tl.start = a - span / 2;
        s.tl.end = s.tl.start + span;
      }
    }
    u.lastSelected = s.selected;
  }

  const Rect& r = s.timelineRect;
  placeWindow(r);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("Timeline", nullptr, kPanelFlags | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                                          ImGuiWindowFlags_NoBackground);  // the canvas paints its own background
  ImGui::PopStyleVar();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float sc = scale(), fs = ImGui::GetFontSize();
  const float pad = 10 * sc;
  const float ctrlH = std::round(ImGui::GetFrameHeight() + 8 * sc);
  // (No background of its own: the window is cleared to the panels' colour.)
  const Rect canvas{r.x + pad, r.y + 4 * sc, r.w - 2 * pad, r.h - ctrlH - 6 * sc};
  drawTimelineCanvas(s, dl, canvas, f.regular);
  const Rect& ax = s.axisRect;
  const TimelineView view{s.tl.start, s.tl.end, ax.x, ax.w};
  const float ph = s.playheadX;

  // Input over the canvas: one invisible button. Shift-drag brushes a range; grabbing the playhead or
  // the axis scrubs; elsewhere dragging pans; a click selects, clicks a density bar to zoom to it, or
  // toggles a lane; a double-click zooms to an event or cluster.
  ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
  ImGui::InvisibleButton("##timelineinput", ImVec2(r.w, std::max(1.0f, canvas.y + canvas.h - r.y)));
  const bool hovered = ImGui::IsItemHovered();
  const float mx = io.MousePos.x, my = io.MousePos.y;
  const float pxClamped = std::clamp(mx, ax.x, ax.x + ax.w);
  if (ImGui::IsItemActivated()) {
    // Where the button went down (the window's callback saw it), not where the pointer is now.
    const float downX = s.pressX >= 0 ? s.pressX : mx, downY = s.pressY >= 0 ? s.pressY : my;
    const bool nearPlayhead = std::fabs(downX - ph) <= 6 * sc;
    if (io.KeyShift) {
      u.drag = TimelineUi::Drag::Brush;
      u.brushFromX = std::clamp(downX, ax.x, ax.x + ax.w);
    } else if (nearPlayhead || ax.contains(downX, downY)) {
      u.drag = TimelineUi::Drag::Scrub;
    } else {
      u.drag = TimelineUi::Drag::Pan;
    }
  }
  // The release frame counts too: a quick final move and release arrive in the same frame.
  if (ImGui::IsItemActive() || ImGui::IsItemDeactivated()) {
    if (u.drag == TimelineUi::Drag::Scrub) {
      s.playhead = view.time(pxClamped);
    } else if (u.drag == TimelineUi::Drag::Pan && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
      const geo::Seconds dt = geo::Seconds(std::llround(double(io.MouseDelta.x) * double(s.tl.end - s.tl.start) / ax.w));
      s.tl.start -= dt;
      s.tl.end -= dt;
    } else if (u.drag == TimelineUi::Drag::Brush && std::fabs(pxClamped - u.brushFromX) >= 3) {
      const geo::Seconds a = view.time(u.brushFromX), b = view.time(pxClamped);
      s.hasRange = true;
      s.rangeStart = std::min(a, b);
      s.rangeEnd = std::max(a, b);
    }
  }
  s.timelineDrag = u.drag == TimelineUi::Drag::Scrub ? 1 : u.drag == TimelineUi::Drag::Pan ? 2 : 0;
  if (hovered && io.MouseWheel != 0.0f)
    zoomAround(s.tl.start, s.tl.end, pxClamped, ax.x, ax.w, std::pow(1.25, -double(io.MouseWheel)));

  // Hover: the item under the pointer (markers by distance, bars and clusters by their box).
  const LayoutItem* hit = nullptr;
  int hitLane = -1;
  for (size_t l = 0; l < u.laneY.size(); ++l)
    if (my >= u.laneY[l] && my < u.laneY[l] + u.laneH[l]) hitLane = int(l);
  if (hovered && !ImGui::IsItemActive() && hitLane >= 0) {
    float best = 1e9f;
    for (const LayoutItem& it : u.layout.items) {
      if (it.lane != hitLane) continue;
      const float y0 = u.laneY[size_t(hitLane)] + u.rowH[size_t(hitLane)] * float(it.row);
      const bool inRow = it.kind == ItemKind::Overflow ? my >= u.laneY[size_t(hitLane)] + u.laneH[size_t(hitLane)] - 5 * sc
                                                       : my >= y0 - 1 && my <= y0 + u.rowH[size_t(hitLane)] + 1;
      if (!inRow) continue;
      const float slack = it.kind == ItemKind::Marker ? 6 * sc : 2 * sc;
      const float d = mx < it.x0 ? it.x0 - mx : mx > it.x1 ? mx - it.x1 : 0;
      if (d <= slack && d < best) { best = d; hit = &it; }
    }
  }
  const bool onLabel = hovered && hitLane >= 0 && mx < ax.x && mx >= ax.x - u.labelW;
  if (hovered && !ImGui::IsItemActive()) {
    s.hovered = hit && hit->count == 1 && hit->kind != ItemKind::Overflow ? int(hit->event) : -1;
    if (s.hovered >= 0 && size_t(s.hovered) < s.data.events.size()) {
      eventTooltip(s, size_t(s.hovered));
    } else if (hit) {
      ImGui::SetTooltip("%u events, %s%s", hit->count, rangeLabel(hit->first, hit->last).c_str(),
                        hit->kind == ItemKind::Overflow ? "\n(more than the lane's rows hold; zoom in)" : "\n(double-click to zoom in)");
    } else if (onLabel) {
      ImGui::SetTooltip("%s: click to %s", u.laneNames[size_t(hitLane)].c_str(), u.collapsed[size_t(hitLane)] ? "expand" : "collapse");
    } else if (my >= u.densY && my < u.densY + u.densH) {
      const geo::Seconds t = view.time(mx);
      const auto& e = u.density.edges;
      const auto itb = std::upper_bound(e.begin(), e.end(), t);
      if (itb != e.begin() && itb != e.end()) {
        const size_t bi = size_t(itb - e.begin()) - 1;
        ImGui::SetTooltip("%u events, %s\n(click to zoom to it)", u.density.totals[bi], rangeLabel(e[bi], e[bi + 1] - 1).c_str());
      }
    } else if (ax.contains(mx, my) || std::fabs(mx - ph) <= 6 * sc) {
      ImGui::SetTooltip("%s", geo::formatHumanDay(view.time(mx)).c_str());
    }
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && hit) {
    geo::Seconds a, b;
    viewForInterval(hit->first, hit->last, a, b);
    setView(s, a, b, true);
  }
  if (ImGui::IsItemDeactivated()) {
    const bool click = io.MouseDragMaxDistanceSqr[0] < 9.0f;
    if (u.drag == TimelineUi::Drag::Pan && click) {
      if (onLabel) {
        u.collapsed[size_t(hitLane)] ^= 1;
      } else if (my >= u.densY && my < u.densY + u.densH) {
        const geo::Seconds t = view.time(mx);
        const auto& e = u.density.edges;
        const auto itb = std::upper_bound(e.begin(), e.end(), t);
        if (itb != e.begin() && itb != e.end()) {
          geo::Seconds a, b;
          viewForInterval(*(itb - 1), *itb - 1, a, b);
          setView(s, a, b, true);
        }
      } else if (s.hovered >= 0) {
        s.commands.push_back({CommandKind::Select, s.hovered});
      } else {
        s.commands.push_back({CommandKind::ClearSelection});
      }
    }
    if (u.drag == TimelineUi::Drag::Brush && click && std::fabs(pxClamped - u.brushFromX) < 3) s.hasRange = false;
    u.drag = TimelineUi::Drag::None;
  }

  // Controls row.
  ImGui::SetCursorScreenPos(ImVec2(r.x + pad, r.y + r.h - ctrlH + 3 * sc));
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  if (ImGui::Button("\xe2\x97\x80##prev")) stepEvent(s, false);  // ◀
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Previous event (Left or ,)");
  ImGui::SameLine(0, gap * 0.5f);
  if (ImGui::Button(s.playing ? "Pause##play" : " Play ##play")) s.playing = !s.playing;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play / pause (Space)");
  ImGui::SameLine(0, gap * 0.5f);
  if (ImGui::Button("\xe2\x96\xb6##next")) stepEvent(s, true);  // ▶
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Next event (Right or .)");
  ImGui::SameLine();
  struct Speed { const char* label; double dps; };
  const Speed speeds[] = {{"1 h/s", 1.0 / 24}, {"1 d/s", 1}, {"7 d/s", 7}, {"30 d/s", 30}, {"90 d/s", 90}, {"1 y/s", 365}};
  char speedNow[32];
  std::snprintf(speedNow, sizeof speedNow, "%g d/s", s.speedDaysPerSecond);
  for (const Speed& sp : speeds)
    if (sp.dps == s.speedDaysPerSecond) std::snprintf(speedNow, sizeof speedNow, "%s", sp.label);
  ImGui::SetNextItemWidth(76 * sc);
  if (ImGui::BeginCombo("##speed", speedNow)) {
    for (const Speed& sp : speeds)
      if (ImGui::Selectable(sp.label, sp.dps == s.speedDaysPerSecond)) s.speedDaysPerSecond = sp.dps;
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play speed: days of history per second");
  ImGui::SameLine(0, gap * 0.5f);
  ImGui::Checkbox("Loop", &s.loop);
  ImGui::SameLine();
  const char* modes[] = {"cumulative", "window", "all"};
  int mode = int(s.mode);
  ImGui::SetNextItemWidth(104 * sc);
  if (ImGui::Combo("##mode", &mode, modes, 3)) s.mode = TimeMode(mode);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Time mode: everything up to the playhead, the last N days, or all");
  if (s.mode == TimeMode::Window) {
    ImGui::SameLine(0, gap * 0.5f);
    ImGui::SetNextItemWidth(46 * sc);
    if (ImGui::InputText("##winlen", u.windowText, sizeof u.windowText)) {
      geo::Seconds w = 0;
      if (parseDuration(u.windowText, w)) s.windowS = w;
    }
    if (!ImGui::IsItemActive()) {  // show the length in use (also when set by --window)
      const geo::Seconds w = s.windowS;
      if (w % (365 * 86400) == 0) std::snprintf(u.windowText, sizeof u.windowText, "%lldy", (long long)(w / (365 * 86400)));
      else if (w % 86400 == 0) std::snprintf(u.windowText, sizeof u.windowText, "%lldd", (long long)(w / 86400));
      else std::snprintf(u.windowText, sizeof u.windowText, "%lldh", (long long)(w / 3600));
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Window length: 12h, 30d, 2w, 6mo, 1y");
  }
  ImGui::SameLine();
  const char* groups[] = {"lanes: category", "lanes: country", "lanes: actor", "lanes: none"};
  int group = int(s.laneGroup);
  ImGui::SetNextItemWidth(128 * sc);
  if (ImGui::Combo("##lanes", &group, groups, 4)) s.laneGroup = LaneGroup(group);
  ImGui::SameLine();
  // The shared precision filter (the Filters tab shows the same one; the map follows it too).
  const char* precs[] = {"any precision", "month or better", "week or better", "day or better"};
  int prec = std::clamp(int(s.filters.minPrecision), 0, 3);
  ImGui::SetNextItemWidth(128 * sc);
  if (ImGui::Combo("##precision", &prec, precs, 4)) s.filters.minPrecision = geo::Precision(prec);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide events known less precisely than this (map, timeline and list)");
  ImGui::SameLine();
  const char* presets[] = {"All", "10y", "Year", "Month", "Week", "Day"};
  for (int i = 0; i < 6; ++i) {
    if (i) ImGui::SameLine(0, 2 * sc);
    if (ImGui::SmallButton(presets[i])) preset(s, i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(i == 0 ? "Fit all data (Home)" : "Show the %s around the current time", i == 1 ? "decade" : presets[i]);
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(80 * sc, r.x + r.w - pad - ImGui::GetCursorScreenPos().x));
  if (u.goToError) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.95f, 0.75f, 0.7f, 1));
  const bool entered = ImGui::InputTextWithHint("##goto", "go to date", u.goTo, sizeof u.goTo, ImGuiInputTextFlags_EnterReturnsTrue);
  if (u.goToError) ImGui::PopStyleColor();
  if (entered || (ImGui::IsItemActive() && u.enterPressed)) {
    goTo(s);
    ImGui::SetWindowFocus(nullptr);  // give the keys back to the views (Space, arrows)
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Go to a date: 2022-09-13, Sep 2022, 13 Sep 2022, 1994 (Return)");
  (void)fs;
  ImGui::End();
}

}  // namespace app
