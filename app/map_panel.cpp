// The map panel: the map texture, navigation (wheel zoom around the cursor, drag pan), hover and
// click picking, place labels, legend, the large date and the attributions. Sections: map frame
// (what render/ draws); labels and legend; the panel.
#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "app/map_view.hpp"
#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_util.hpp"

namespace app {

using namespace ui;

// --- map frame -------------------------------------------------------------------------------------
render::MapFrame buildMapFrame(AppState& s) {
  const MapPalette& pal = mapPalette(s.dark);
  render::MapFrame fr;
  fr.width = int(s.mapRect.w);
  fr.height = int(s.mapRect.h);
  fr.centerX = s.cam.cx;
  fr.centerY = s.cam.cy;
  fr.unitsPerPx = s.cam.upp;
  fr.background = rcol(pal.sea);
  const float sc = s.uiScale * s.contentScale;
  for (size_t i = 0; i < s.layers.size(); ++i) {
    const geo::MapLayer& l = s.layers[i];
    render::LayerStyle st;
    st.visible = s.layerInfo[i].visible;
    const std::string& n = l.name;
    if (!s.layerInfo[i].bundled) {
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
      for (size_t f = 0; f < l.featureCount(); ++f) st.featureFill.push_back(rcol(countryFill(l.featureCode[f], s.dark)));
      st.lineColor = rcol(pal.countryLine);
      st.lineWidth = 1.5f * sc;
    } else if (n == "provinces") {
      st.fill = false;
      st.lineColor = rcol(pal.provinceLine);
    } else if (n == "disputed") {
      st.fillColor = rcol(pal.disputedFill, 0.12f);
      st.lineColor = rcol(pal.disputedLine, 0.9f);
      st.lineWidth = 1.5f * sc;
    } else if (n == "lakes") {
      st.fillColor = rcol(pal.lake);
      st.lineColor = rcol(pal.coast);
    } else if (n == "rivers") {
      st.lineColor = rcol(pal.river);
    } else if (n == "coastline") {
      st.lineColor = rcol(pal.coast);
    } else {
      st.visible = st.visible && l.kind != geo::GeomKind::Point;
    }
    fr.styles.push_back(st);
  }
  for (const auto& ri : s.rasterInfo) fr.rasterStyles.push_back({ri.visible, ri.opacity, ri.multiply});
  // Events in cumulative mode; the hovered and selected on top.
  const float r = 5.5f * sc;
  auto marker = [&](const geo::Event& e, float radius, uint32_t line, float outline) {
    render::Marker m;
    m.x = e.x;
    m.y = e.y;
    m.radius = radius;
    m.outline = outline;
    m.fill = rcol(categoryColor(e.category));
    m.line = rcol(line);
    fr.markers.push_back(m);
  };
  const uint32_t outline = s.dark ? 0xF0F0F0 : 0x202020;
  for (size_t i = 0; i < s.data.events.size(); ++i) {
    const geo::Event& e = s.data.events[i];
    if (!e.hasLocation || !eventShown(s, e) || int(i) == s.hovered || int(i) == s.selected) continue;
    marker(e, r, outline, 1.2f * sc);
  }
  for (int idx : {s.hovered, s.selected}) {
    if (idx < 0 || idx >= int(s.data.events.size())) continue;
    const geo::Event& e = s.data.events[idx];
    if (!e.hasLocation) continue;
    const bool sel = idx == s.selected;
    marker(e, r * (sel ? 1.7f : 1.45f), sel ? 0x0050A0 : outline, (sel ? 3.0f : 2.0f) * sc);
  }
  return fr;
}

// --- map panel -------------------------------------------------------------------------------------
namespace {
void drawPlaceLabels(AppState& s, const UiFonts& f, ImDrawList* dl) {
  if (s.placesLayer < 0 || !s.layerInfo[size_t(s.placesLayer)].visible) return;
  const geo::MapLayer& L = s.layers[size_t(s.placesLayer)];
  const Rect& r = s.mapRect;
  const float size = ImGui::GetFontSize() * 0.9f;
  // Capitals first, then by population: greedy placement without overlaps.
  std::vector<size_t> order(L.featureCount());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto prio = [&](size_t i) { return (L.featureCode[i] == "capital" ? 1e12 : 0.0) + L.featureRank[i]; };
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return prio(a) > prio(b); });
  std::vector<ImVec4> taken;
  const ImU32 text = s.dark ? IM_COL32(235, 235, 235, 255) : IM_COL32(30, 30, 30, 255);
  const ImU32 halo = s.dark ? IM_COL32(20, 20, 20, 220) : IM_COL32(255, 255, 255, 230);
  int placed = 0;
  for (size_t i : order) {
    if (placed > 60) break;
    const geo::Vec2d& p = L.coords[L.ringStart[L.featureRingStart[i]]];
    double sx, sy;
    worldToScreen(s.cam, r, p.x, p.y, sx, sy);
    if (sx < r.x || sy < r.y || sx > r.x + r.w || sy > r.y + r.h) continue;
    std::string label = L.featureName[i];
    if (!L.featureNameAlt[i].empty()) label = s.altNamesFirst ? L.featureNameAlt[i] + " / " + label : label + " / " + L.featureNameAlt[i];
    const bool capital = L.featureCode[i] == "capital";
    ImFont* font = f.regular;
    const ImVec2 ts = font->CalcTextSizeA(size, 1e9f, 0, label.c_str());
    const ImVec2 pos(float(sx) + 5 * scale(), float(sy) - ts.y * 0.5f);
    const ImVec4 box(pos.x - 2, pos.y - 1, pos.x + ts.x + 2, pos.y + ts.y + 1);
    bool clash = box.z > r.x + r.w || box.w > r.y + r.h;
    for (const ImVec4& t : taken)
      if (!(box.z < t.x || box.x > t.z || box.w < t.y || box.y > t.w)) { clash = true; break; }
    if (clash && !capital) continue;
    if (clash) continue;
    taken.push_back(box);
    ++placed;
    // An open ring: the place's own pixel keeps the colour beneath it.
    dl->AddCircle(ImVec2(float(sx), float(sy)), (capital ? 3.5f : 2.5f) * scale(), text, 12, capital ? 2.0f : 1.2f);
    haloText(dl, font, size, pos, text, halo, label.c_str());
  }
}

void drawLegend(AppState& s, const UiFonts& f, ImDrawList* dl) {
  int n = 0;
  const CategoryStyle* cats = categories(n);
  std::vector<int> present;
  for (int i = 0; i < n; ++i)
    for (const auto& e : s.data.events)
      if (e.category == cats[i].key) { present.push_back(i); break; }
  if (present.empty()) return;
  const float sc = scale(), line = ImGui::GetFontSize() * 1.35f;
  float wmax = 0;
  for (int i : present) wmax = std::max(wmax, ImGui::CalcTextSize(cats[i].label).x);
  const ImVec2 p0(s.mapRect.x + 10 * sc, s.mapRect.y + s.mapRect.h - 10 * sc - line * present.size() - 8 * sc);
  dl->AddRectFilled(p0, ImVec2(p0.x + wmax + 40 * sc, s.mapRect.y + s.mapRect.h - 10 * sc),
                    s.dark ? IM_COL32(30, 30, 30, 215) : IM_COL32(255, 255, 255, 215), 4 * sc);
  float y = p0.y + 4 * sc;
  for (int i : present) {
    dl->AddCircleFilled(ImVec2(p0.x + 14 * sc, y + line * 0.5f), 5.5f * sc, col(cats[i].rgb), 16);
    dl->AddCircle(ImVec2(p0.x + 14 * sc, y + line * 0.5f), 5.5f * sc, s.dark ? IM_COL32(240, 240, 240, 255) : IM_COL32(32, 32, 32, 255), 16, 1.2f * sc);
    dl->AddText(f.regular, ImGui::GetFontSize(), ImVec2(p0.x + 26 * sc, y + (line - ImGui::GetFontSize()) * 0.5f),
                s.dark ? IM_COL32(235, 235, 235, 255) : IM_COL32(25, 25, 25, 255), cats[i].label);
    y += line;
  }
}
}  // namespace

void drawMapPanel(AppState& s, const UiFonts& f, unsigned mapTexture) {
  const Rect& r = s.mapRect;
  placeWindow(r);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::Begin("Map", nullptr, kPanelFlags | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar(2);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0(r.x, r.y);
  ImGui::SetCursorScreenPos(p0);
  // GL textures are bottom-up: flip V.
  ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(mapTexture)), ImVec2(r.w, r.h), ImVec2(0, 1), ImVec2(1, 0));
  ImGui::SetCursorScreenPos(p0);
  ImGui::InvisibleButton("##mapinput", ImVec2(r.w, r.h));
  const bool hovered = ImGui::IsItemHovered();
  const ImGuiIO& io = ImGui::GetIO();

  // Where each visible event sits in window pixels (also reported by --state-out).
  s.onMap = 0;
  for (size_t i = 0; i < s.data.events.size(); ++i) {
    const geo::Event& e = s.data.events[i];
    EventScreenPos& sp = s.screen[i];
    sp.mapX = -1e30f;
    if (!e.hasLocation || !eventShown(s, e)) continue;
    double sx, sy;
    worldToScreen(s.cam, r, e.x, e.y, sx, sy);
    if (sx < r.x || sy < r.y || sx >= r.x + r.w || sy >= r.y + r.h) continue;
    sp.mapX = float(sx);
    sp.mapY = float(sy);
    ++s.onMap;
  }

  // Navigation: wheel zooms around the cursor, drag pans.
  if (hovered && io.MouseWheel != 0.0f)
    zoomAt(s.cam, r, io.MousePos.x, io.MousePos.y, std::pow(1.25, -double(io.MouseWheel)));
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
    s.cam.cx -= io.MouseDelta.x * s.cam.upp;
    s.cam.cy += io.MouseDelta.y * s.cam.upp;
  }
  // Hover: the nearest visible symbol within its radius plus a few px.
  if (hovered && !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
    const float pick = 9.0f * scale();
    float best = pick * pick;
    int found = -1;
    for (size_t i = 0; i < s.screen.size(); ++i) {
      if (!s.screen[i].onMap()) continue;
      const float dx = s.screen[i].mapX - io.MousePos.x, dy = s.screen[i].mapY - io.MousePos.y;
      if (dx * dx + dy * dy <= best) { best = dx * dx + dy * dy; found = int(i); }
    }
    s.hovered = found;
    if (found >= 0) eventTooltip(s, s.data.events[size_t(found)]);
  }
  // A click (press and release without a drag) selects, or clears on empty map.
  if (ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < 9.0f) {
    if (s.hovered >= 0) s.commands.push_back({CommandKind::Select, s.hovered});
    else s.commands.push_back({CommandKind::ClearSelection});
  }

  drawPlaceLabels(s, f, dl);
  drawLegend(s, f, dl);
  // The current date, large, for presentations.
  const std::string date = geo::formatHumanDay(s.playhead);
  haloText(dl, f.large, f.large->FontSize, ImVec2(r.x + 14 * scale(), r.y + 10 * scale()),
           s.dark ? IM_COL32(240, 240, 240, 255) : IM_COL32(20, 20, 20, 255),
           s.dark ? IM_COL32(0, 0, 0, 200) : IM_COL32(255, 255, 255, 220), date.c_str());
  // Attributions the licences require, bottom-right.
  std::string attr;
  for (const auto& a : s.attributions) attr += (attr.empty() ? "" : "  |  ") + a;
  if (!attr.empty()) {
    const float size = ImGui::GetFontSize() * 0.75f;
    const ImVec2 ts = f.regular->CalcTextSizeA(size, 1e9f, 0, attr.c_str());
    const ImVec2 p(r.x + r.w - ts.x - 8, r.y + r.h - ts.y - 5);
    dl->AddRectFilled(ImVec2(p.x - 4, p.y - 2), ImVec2(p.x + ts.x + 4, p.y + ts.y + 2),
                      s.dark ? IM_COL32(0, 0, 0, 160) : IM_COL32(255, 255, 255, 190));
    dl->AddText(f.regular, size, p, s.dark ? IM_COL32(220, 220, 220, 255) : IM_COL32(50, 50, 50, 255), attr.c_str());
  }
  ImGui::End();
}

}  // namespace app
