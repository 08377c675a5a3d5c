// The timeline panel: eras, axis, events in lanes, playhead; scrub, pan, zoom, hover, select.
// Layout math lives in timeline_layout.* (pure, unit-tested); this file only draws and handles input.
#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/timeline_layout.hpp"
#include "app/ui_util.hpp"

namespace app {

using namespace ui;

// --- timeline panel --------------------------------------------------------------------------------
void drawTimelinePanel(AppState& s, const UiFonts& f) {
  const Rect& r = s.timelineRect;
  placeWindow(r);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("Timeline", nullptr, kPanelFlags | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImGuiIO& io = ImGui::GetIO();
  const float sc = scale(), fs = ImGui::GetFontSize();
  const float pad = 10 * sc;
  // Axis: two rows of labels at the bottom.
  const float axisH = std::round(fs * 2.0f + 12 * sc);
  s.axisRect = {r.x + pad, r.y + r.h - axisH - 4 * sc, r.w - 2 * pad, axisH};
  const Rect& ax = s.axisRect;
  const Rect lanes{ax.x, r.y + 6 * sc, ax.w, ax.y - r.y - 10 * sc};
  const geo::Seconds t0 = s.tl.start, t1 = s.tl.end;
  auto tx = [&](geo::Seconds t) { return float(timeToX(t, t0, t1, ax.x, ax.w)); };

  const ImU32 ink = s.dark ? IM_COL32(225, 225, 225, 255) : IM_COL32(30, 30, 30, 255);
  const ImU32 faint = s.dark ? IM_COL32(255, 255, 255, 28) : IM_COL32(0, 0, 0, 22);
  dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), s.dark ? IM_COL32(34, 35, 38, 255) : IM_COL32(250, 250, 248, 255));
  dl->PushClipRect(ImVec2(ax.x - 1, r.y), ImVec2(ax.x + ax.w + 1, r.y + r.h), true);

  // Eras: labelled background bands.
  for (const geo::Event& era : s.data.eras) {
    const float x0 = std::max(tx(era.first()), ax.x - 10), x1 = std::min(tx(era.last()), ax.x + ax.w + 10);
    if (x1 < ax.x || x0 > ax.x + ax.w) continue;
    dl->AddRectFilled(ImVec2(x0, lanes.y), ImVec2(x1, lanes.y + lanes.h), col(categoryColor(era.category), 0.10f));
    const ImVec2 ts = ImGui::CalcTextSize(era.title.c_str());
    if (x1 - x0 > ts.x + 8) dl->AddText(ImVec2(x0 + 4, lanes.y + 2), col(s.dark ? 0xC8C8C8 : 0x555555), era.title.c_str());
  }

  // Ticks and labels.
  const AxisTicks ticks = computeTicks(t0, t1, ax.x, ax.w, fs * 3.6f);
  for (const Tick& t : ticks.fine) dl->AddLine(ImVec2(float(t.x), ax.y), ImVec2(float(t.x), ax.y + 4 * sc), faint, 1.0f);
  float lastEnd = -1e9f;
  const bool yearRows = ticks.minorLevel.unit == TickUnit::Year;
  size_t mj = 0;
  for (const Tick& t : ticks.minor) {
    // Years above decades: a year the decade row already names is not written twice.
    while (mj < ticks.major.size() && ticks.major[mj].t < t.t) ++mj;
    const bool named = yearRows && mj < ticks.major.size() && ticks.major[mj].t == t.t;
    dl->AddLine(ImVec2(float(t.x), lanes.y), ImVec2(float(t.x), ax.y), faint, 1.0f);
    dl->AddLine(ImVec2(float(t.x), ax.y), ImVec2(float(t.x), ax.y + 8 * sc), ink, 1.0f);
    const float w = ImGui::CalcTextSize(t.label.c_str()).x;
    const float x = float(t.x) + 3 * sc;
    if (!named && x > lastEnd + 4 * sc && x + w <= ax.x + ax.w) {
      dl->AddText(ImVec2(x, ax.y + 2 * sc), ink, t.label.c_str());
      lastEnd = x + w;
    }
  }
  lastEnd = -1e9f;
  for (size_t i = 0; i < ticks.major.size(); ++i) {
    const Tick& t = ticks.major[i];
    const float w = ImGui::CalcTextSize(t.label.c_str()).x;
    float x = std::max(float(t.x), ax.x) + 3 * sc;
    // Sticky: the period the view starts in keeps its label at the left edge until the next one.
    if (i + 1 < ticks.major.size()) x = std::min(x, float(ticks.major[i + 1].x) - w - 8 * sc);
    if (float(t.x) >= ax.x) dl->AddLine(ImVec2(float(t.x), ax.y), ImVec2(float(t.x), ax.y + ax.h), ink, 1.5f * sc);
    if (x > lastEnd + 6 * sc && x >= ax.x) {
      dl->AddText(f.regular, fs, ImVec2(x, ax.y + fs + 6 * sc), ink, t.label.c_str());
      lastEnd = x + w;
    }
  }
  dl->AddLine(ImVec2(ax.x, ax.y), ImVec2(ax.x + ax.w, ax.y), ink, 1.0f);

  // Events: one lane per category present, spans as bars, instants as dots.
  int nCat = 0;
  const CategoryStyle* cats = categories(nCat);
  std::vector<int> laneOf(size_t(nCat) + 1, -1);
  int laneCount = 0;
  for (int c = 0; c <= nCat; ++c)
    for (const auto& e : s.data.events)
      if ((c < nCat && e.category == cats[c].key) || (c == nCat && categoryColor(e.category) == 0x8A8A8A)) {
        laneOf[size_t(c)] = laneCount++;
        break;
      }
  auto laneIndex = [&](const geo::Event& e) {
    for (int c = 0; c < nCat; ++c)
      if (e.category == cats[c].key) return std::max(0, laneOf[size_t(c)]);
    return std::max(0, laneOf[size_t(nCat)]);
  };
  const float laneH = laneCount > 0 ? lanes.h / float(laneCount) : lanes.h;
  const float rad = std::min(5.0f * sc, laneH * 0.4f);
  s.onTimeline = 0;
  for (size_t i = 0; i < s.data.events.size(); ++i) {
    const geo::Event& e = s.data.events[i];
    EventScreenPos& sp = s.screen[i];
    sp.tlX = -1e30f;
    if (e.last() < t0 || e.first() > t1) continue;
    const float y = lanes.y + (float(laneIndex(e)) + 0.5f) * laneH;
    const float x = std::clamp(tx(e.first()), ax.x - 10.0f, ax.x + ax.w + 10.0f);
    const ImU32 c = col(categoryColor(e.category), eventShown(s, e) ? 1.0f : 0.35f);
    if (e.isSpan()) {
      const float x1 = std::clamp(tx(e.last()), ax.x - 10.0f, ax.x + ax.w + 10.0f);
      dl->AddRectFilled(ImVec2(x, y - rad * 0.6f), ImVec2(std::max(x1, x + 2.0f), y + rad * 0.6f), col(categoryColor(e.category), 0.55f), 2.0f);
    }
    dl->AddCircleFilled(ImVec2(x, y), rad, c, 12);
    dl->AddCircle(ImVec2(x, y), rad, s.dark ? IM_COL32(240, 240, 240, 200) : IM_COL32(32, 32, 32, 200), 12, 1.0f);
    if (x >= ax.x && x <= ax.x + ax.w) {
      sp.tlX = x;
      sp.tlY = y;
      ++s.onTimeline;
    }
  }
  for (int idx : {s.hovered, s.selected}) {
    if (idx < 0 || idx >= int(s.screen.size()) || !s.screen[size_t(idx)].onTimeline()) continue;
    const EventScreenPos& sp = s.screen[size_t(idx)];
    dl->AddCircle(ImVec2(sp.tlX, sp.tlY), rad + 3 * sc, idx == s.selected ? IM_COL32(0, 80, 160, 255) : ink, 16, 2.0f * sc);
  }

  // Playhead.
  s.playheadX = tx(s.playhead);
  const float ph = s.playheadX;
  dl->AddLine(ImVec2(ph, r.y + 2), ImVec2(ph, ax.y + ax.h), IM_COL32(200, 30, 30, 255), 2.0f * sc);
  dl->AddTriangleFilled(ImVec2(ph - 6 * sc, r.y + 1), ImVec2(ph + 6 * sc, r.y + 1), ImVec2(ph, r.y + 9 * sc), IM_COL32(200, 30, 30, 255));
  dl->PopClipRect();

  // Input: one invisible button over the canvas. Grabbing near the playhead or on the axis scrubs;
  // elsewhere dragging pans; a click selects an event or clears the selection.
  ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
  ImGui::InvisibleButton("##timelineinput", ImVec2(r.w, r.h));
  const bool hovered = ImGui::IsItemHovered();
  const float mx = io.MousePos.x, my = io.MousePos.y;
  if (ImGui::IsItemActivated()) {
    const bool nearPlayhead = std::fabs(mx - ph) <= 6 * sc;
    const bool onAxis = ax.contains(mx, my);
    s.timelineDrag = (nearPlayhead || onAxis) ? 1 : 2;
  }
  if (ImGui::IsItemActive()) {
    if (s.timelineDrag == 1) {
      s.playhead = xToTime(std::clamp(mx, ax.x, ax.x + ax.w), t0, t1, ax.x, ax.w);
    } else if (s.timelineDrag == 2 && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
      const geo::Seconds dt = geo::Seconds(double(io.MouseDelta.x) * double(t1 - t0) / ax.w);
      s.tl.start -= dt;
      s.tl.end -= dt;
    }
  }
  if (hovered && io.MouseWheel != 0.0f) {
    // Zoom around the cursor: the time under it stays put.
    const double factor = std::pow(1.25, -double(io.MouseWheel));
    const geo::Seconds tc = xToTime(mx, t0, t1, ax.x, ax.w);
    geo::Seconds span = geo::Seconds(double(t1 - t0) * factor);
    span = std::clamp(span, kMinSpan, kMaxSpan);
    const double frac = double(mx - ax.x) / ax.w;
    s.tl.start = tc - geo::Seconds(frac * double(span));
    s.tl.end = s.tl.start + span;
  }
  if (hovered && !ImGui::IsItemActive()) {
    const float pick = std::max(rad + 3 * sc, 7 * sc);
    float best = pick * pick;
    int found = -1;
    for (size_t i = 0; i < s.screen.size(); ++i) {
      if (!s.screen[i].onTimeline()) continue;
      const float dx = s.screen[i].tlX - mx, dy = s.screen[i].tlY - my;
      if (dx * dx + dy * dy <= best) { best = dx * dx + dy * dy; found = int(i); }
    }
    s.hovered = found;
    if (found >= 0) eventTooltip(s, s.data.events[size_t(found)]);
    else if (ax.contains(mx, my) || std::fabs(mx - ph) <= 6 * sc) {
      ImGui::SetTooltip("%s", geo::formatHumanDay(xToTime(mx, t0, t1, ax.x, ax.w)).c_str());
    }
  }
  if (ImGui::IsItemDeactivated()) {
    if (s.timelineDrag == 2 && io.MouseDragMaxDistanceSqr[0] < 9.0f) {
      if (s.hovered >= 0) s.commands.push_back({CommandKind::Select, s.hovered});
      else s.commands.push_back({CommandKind::ClearSelection});
    }
    s.timelineDrag = 0;
  }
  ImGui::End();
}

}  // namespace app
