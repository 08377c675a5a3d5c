// Panels. Sections: layout; map frame; menu bar; map panel; timeline panel; details panel; status
// bar and dialogs; keys; commands.
#include "app/panels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <GLFW/glfw3.h>  // key codes: ImGui 1.86 reads keys as io.KeysDown[GLFW_KEY_*]
#include <imgui.h>

#include "app/filters.hpp"
#include "app/loading.hpp"
#include "app/map_view.hpp"
#include "app/pg_view.hpp"
#include "app/presenter.hpp"
#include "app/project.hpp"
#include "app/theme.hpp"
#include "app/ui_util.hpp"

namespace app {

using namespace ui;

const char* timeModeName(TimeMode m) {
  switch (m) {
    case TimeMode::Cumulative: return "cumulative";
    case TimeMode::Window: return "window";
    case TimeMode::All: return "all";
  }
  return "cumulative";
}

// --- screen positions ------------------------------------------------------------------------------
void ScreenPositions::clearMap() {
  for (auto it = pos_.begin(); it != pos_.end();) {
    it->second.mapX = -1e30f;
    it = it->second.onTimeline() ? std::next(it) : pos_.erase(it);
  }
}

void ScreenPositions::clearTimeline() {
  for (auto it = pos_.begin(); it != pos_.end();) {
    it->second.tlX = -1e30f;
    it = it->second.onMap() ? std::next(it) : pos_.erase(it);
  }
}

void ScreenPositions::setMap(uint32_t i, float x, float y, float r) {
  EventScreenPos& p = pos_[i];
  p.mapX = x;
  p.mapY = y;
  p.mapR = r;
}

void ScreenPositions::setTimeline(uint32_t i, float x, float y) {
  EventScreenPos& p = pos_[i];
  p.tlX = x;
  p.tlY = y;
}

EventScreenPos ScreenPositions::get(size_t i) const {
  auto it = pos_.find(uint32_t(i));
  return it == pos_.end() ? EventScreenPos{} : it->second;
}

std::vector<std::pair<uint32_t, EventScreenPos>> ScreenPositions::sorted() const {
  std::vector<std::pair<uint32_t, EventScreenPos>> v(pos_.begin(), pos_.end());
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return v;
}

bool eventShown(const AppState& s, size_t i) {
  if (!passesFilters(s, i)) return false;
  const geo::Seconds f = s.data.events.first(i), l = s.data.events.last(i);
  if (s.hasRange && (l < s.rangeStart || f > s.rangeEnd)) return false;
  switch (s.mode) {
    case TimeMode::All: return true;
    case TimeMode::Cumulative: return f <= s.playhead;
    case TimeMode::Window: return f <= s.playhead && l >= s.playhead - s.windowS;
  }
  return true;
}

// --- layout ----------------------------------------------------------------------------------------
void computeLayout(AppState& s, float w, float h, float menuH) {
  const float sc = s.uiScale * s.contentScale;
  const float statusH = std::round(16.0f * sc + 10.0f * sc);
  // At most half the window: a high DPI scale in a small window (Xft.dpi 384 at 800x600) keeps
  // every panel inside the window, cramped rather than cut off.
  const float detailsW = std::round(std::min(std::clamp(w * 0.24f, 280.0f * sc, 460.0f * sc), std::max(0.0f, w * 0.5f)));
  const float mainW = std::max(100.0f, w - detailsW);
  const float bodyH = h - menuH - statusH;
  // The timeline: 30 % of the body, plus a fifth of the body's height beyond 700 px. Its chrome (tab
  // bar, eras, density, two-row axis, controls) is a fixed ~170 px, so on taller windows the extra
  // height goes to the lanes, where it buys readability: at 1600x900 eight lanes get ~17 px each
  // instead of ~13; at 1280x720 and below the split is the plain 30 %.
  const float tlH = std::round(std::min(std::clamp(bodyH * 0.30f + std::max(0.0f, bodyH - 700.0f * sc) * 0.2f, 170.0f * sc, 380.0f * sc),
                                        std::max(0.0f, bodyH - 50.0f)));
  s.menu = {0, 0, w, menuH};
  s.mapRect = {0, menuH, mainW, std::max(50.0f, bodyH - tlH)};
  s.timelineRect = {0, s.mapRect.y + s.mapRect.h, mainW, tlH};
  s.detailsRect = {mainW, menuH, w - mainW, bodyH};
  s.statusRect = {0, h - statusH, w, statusH};
  if (s.camPendingFit && s.proj && s.mapRect.w > 1) {
    fitWgs84(s.cam, s.mapRect, *s.proj, s.fitBox);
    s.camPendingFit = false;
  }
}

// --- menu bar --------------------------------------------------------------------------------------
void drawMenuBar(AppState& s) {
  // No window border: it would reach a pixel into the map panel below, which is redrawn every frame
  // while the menu bar is not (app/compositor.hpp).
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  const bool bar = ImGui::BeginMainMenuBar();
  ImGui::PopStyleVar();
  if (!bar) return;
  const bool fileOpen = ImGui::BeginMenu("File");
  recordWidget(s, "menu.file");
  if (fileOpen) {
    if (ImGui::MenuItem("Open...", "Ctrl+O")) openFileDialog(s);
    const bool recentOpen = ImGui::BeginMenu("Open recent project", !s.recent.empty());
    recordWidget(s, "menu.open_recent");
    if (recentOpen) {
      for (size_t i = 0; i < s.recent.size(); ++i) {
        if (ImGui::MenuItem(s.recent[i].c_str())) s.openProjectRequest = s.recent[i];
        recordWidget(s, "menu.recent." + std::to_string(i + 1));
      }
      ImGui::EndMenu();
    }
    // Ctrl+S saves the project; without one, a story read from a file is saved there.
    const bool storyOnly = s.projectPath.empty() && s.storyUi.loaded && !s.storyUi.path.empty();
    if (ImGui::MenuItem(storyOnly ? "Save story" : "Save project", "Ctrl+S")) requestSave(s);
    if (ImGui::MenuItem("Save project as...", "Ctrl+Shift+S")) s.saveProjectAs = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Export image...", "Ctrl+E")) s.exportImageRequest = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) s.wantQuit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Light theme", nullptr, !s.dark)) s.dark = false;
    if (ImGui::MenuItem("Dark theme", nullptr, s.dark)) s.dark = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Larger text", "Ctrl+=")) { s.uiScale = std::min(3.0f, s.uiScale * 1.1f); s.fontRebuild = true; }
    if (ImGui::MenuItem("Smaller text", "Ctrl+-")) { s.uiScale = std::max(0.6f, s.uiScale / 1.1f); s.fontRebuild = true; }
    if (ImGui::MenuItem("Reset text size", "Ctrl+0")) { s.uiScale = 1.0f; s.fontRebuild = true; }
    ImGui::Separator();
    ImGui::MenuItem("Local names first (Khankendi / Stepanakert)", nullptr, &s.altNamesFirst);
    if (ImGui::MenuItem("Legend", nullptr, &s.mapui.legendOpen)) s.mapui.legendChosen = true;
    ImGui::Separator();
    if (ImGui::BeginMenu("Layers")) {
      for (size_t i = 0; i < s.layerInfo.size(); ++i) ImGui::MenuItem(s.layerInfo[i].label.c_str(), nullptr, &s.layerInfo[i].visible);
      for (size_t i = 0; i < s.rasterInfo.size(); ++i) {
        ImGui::MenuItem(s.rasterInfo[i].label.c_str(), nullptr, &s.rasterInfo[i].visible);
        ImGui::SetNextItemWidth(120 * scale());
        ImGui::SliderFloat(("opacity##r" + std::to_string(i)).c_str(), &s.rasterInfo[i].opacity, 0.0f, 1.0f, "%.2f");
      }
      ImGui::EndMenu();
    }
    ImGui::EndMenu();
  }
  drawStoryMenu(s);
  if (ImGui::BeginMenu("Help")) {
    if (ImGui::MenuItem("Keys")) s.showKeys = true;
    if (ImGui::MenuItem("About and data sources")) s.showAbout = true;
    ImGui::EndMenu();
  }
  // The search box is the shared text filter (map, timeline and events list); Ctrl+F focuses it.
  {
    const float w = 260 * scale();
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 10 * scale(), ImGui::GetWindowWidth() - w - 12 * scale()));
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s", s.filters.text.c_str());
    ImGui::SetNextItemWidth(w);
    if (s.mapui.focusSearch) {
      ImGui::SetKeyboardFocusHere();
      s.mapui.focusSearch = false;
    }
    if (ImGui::InputTextWithHint("##search", "search events (Ctrl+F)", buf, sizeof buf)) s.filters.text = buf;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Filters the map, the timeline and the events list by title, description and place");
    s.mapui.searchActive = ImGui::IsItemActive();
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    s.mapui.searchBox[0] = a.x, s.mapui.searchBox[1] = a.y, s.mapui.searchBox[2] = b.x - a.x, s.mapui.searchBox[3] = b.y - a.y;
  }
  ImGui::EndMainMenuBar();
}

// --- details panel ---------------------------------------------------------------------------------
void drawDetailsPanel(AppState& s, const UiFonts& f) {
  placeWindow(s.detailsRect);
  ImGui::Begin("Side", nullptr, kPanelFlags | kFlatPanel);
  if (ImGui::BeginTabBar("sidetabs")) {
    if (ImGui::BeginTabItem("Details")) {
      ImGui::PushTextWrapPos(0.0f);
      if (s.selected >= 0 && s.selected < int(s.data.events.size())) {
        const geo::Event e = s.data.events.get(size_t(s.selected));  // one event a frame: a copy is cheap
        ImGui::PushFont(f.large);
        ImGui::SetWindowFontScale(0.62f);
        ImGui::TextUnformatted(e.title.c_str());
        ImGui::SetWindowFontScale(1.0f);
        ImGui::PopFont();
        ImGui::Spacing();
        ImGui::TextColored(col4(categoryColor(e.category)), "\xe2\x97\x8f");
        ImGui::SameLine();
        ImGui::TextUnformatted(categoryLabel(e.category).c_str());
        ImGui::Text("Date: %s", e.dateLabel().c_str());
        if (e.start.precision != geo::Precision::Day || e.hasEnd)
          ImGui::TextDisabled("Known to the %s", geo::precisionName(e.start.precision));
        const std::string place = e.placeLabel(s.altNamesFirst);
        if (!place.empty()) ImGui::Text("Place: %s", place.c_str());
        if (!e.actors.empty()) {
          std::string a;
          for (const auto& x : e.actors) a += (a.empty() ? "" : ", ") + x;
          ImGui::Text("Actors: %s", a.c_str());
        }
        if (e.fatalitiesBest >= 0 || e.fatalitiesLow >= 0 || e.fatalitiesHigh >= 0) {
          std::string t = "Deaths: ";
          if (e.fatalitiesBest >= 0) t += std::to_string(e.fatalitiesBest);
          if (e.fatalitiesLow >= 0 && e.fatalitiesHigh >= 0 && e.fatalitiesLow != e.fatalitiesHigh)
            t += " (range " + std::to_string(e.fatalitiesLow) + "\u2013" + std::to_string(e.fatalitiesHigh) + ")";
          ImGui::TextUnformatted(t.c_str());
          if (!e.fatalitiesBy.empty()) ImGui::TextDisabled("Reported by %s", e.fatalitiesBy.c_str());
        }
        ImGui::Separator();
        ImGui::TextUnformatted(e.description.c_str());
        ImGui::Separator();
        ImGui::TextDisabled("Sources");
        for (const auto& src : e.sources) {
          ImGui::Bullet();
          ImGui::TextUnformatted(src.publisher.empty() ? src.url.c_str() : src.publisher.c_str());
          if (!src.url.empty() && !src.publisher.empty()) {
            ImGui::Indent();
            ImGui::TextDisabled("%s", src.url.c_str());
            ImGui::Unindent();
          }
        }
      } else if (pgDrawDetails(s, f)) {  // a live PG: source: its selected event, or the source
      } else {
        ImGui::TextUnformatted(s.data.name.c_str());
        ImGui::TextDisabled("%zu events, %zu eras", s.data.events.size(), s.data.eras.size());
        if (!s.data.schema.empty()) ImGui::TextDisabled("Read as: %s", s.data.schema.c_str());
        for (const auto& n : s.data.notes) ImGui::BulletText("%s", n.c_str());
        ImGui::Spacing();
        ImGui::TextWrapped("Click an event on the map or the timeline to see its date, place, description and sources here.");
        ImGui::Spacing();
        ImGui::TextDisabled("Drag the red playhead to move in time; the map shows every event up to it.");
      }
      ImGui::PopTextWrapPos();
      ImGui::EndTabItem();
    }
    char filterLabel[64];
    std::snprintf(filterLabel, sizeof filterLabel, "Filters%s###filters", filtersActive(s.filters) ? " (on)" : "");
    if (ImGui::BeginTabItem(filterLabel)) {
      drawFiltersTab(s);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Layers")) {
      drawLayersTab(s);
      ImGui::EndTabItem();
    }
    const bool storyOpen = ImGui::BeginTabItem(s.storyUi.dirty ? "Story*###story" : "Story###story");
    recordWidget(s, "tab.story");
    if (storyOpen) {
      drawStoryTab(s, f);
      ImGui::EndTabItem();
    }
    char probLabel[64];
    std::snprintf(probLabel, sizeof probLabel, "Problems (%zu)###problems", s.problems.size());
    if (ImGui::BeginTabItem(probLabel)) {
      ImGui::PushTextWrapPos(0.0f);
      if (s.problems.empty()) ImGui::TextDisabled("No problems with the loaded data.");
      for (const auto& p : s.problems) ImGui::BulletText("%s", p.text().c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

// --- status bar and dialogs ------------------------------------------------------------------------
void drawStatusBar(AppState& s) {
  placeWindow(s.statusRect);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8 * scale(), 4 * scale()));
  ImGui::Begin("Status", nullptr, kPanelFlags | kFlatPanel | ImGuiWindowFlags_NoScrollbar);
  ImGui::PopStyleVar();
  if (filtersActive(s.filters)) ImGui::Text("%s  |  %d on the map  |  %d on the timeline", filterSummary(s).c_str(), s.onMap, s.onTimeline);
  else ImGui::Text("%zu events  |  %d on the map  |  %d on the timeline", s.data.events.size(), s.onMap, s.onTimeline);
  if (!s.statusMessage.empty()) {
    ImGui::SameLine();
    ImGui::TextUnformatted(("  |  " + s.statusMessage).c_str());
  }
  if (!s.problems.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "  |  %zu problems", s.problems.size());
  }
  for (const auto& l : s.loading) {
    ImGui::SameLine();
    ImGui::Text("  |  loading %s", l.name.c_str());
    ImGui::SameLine();
    char overlay[32];
    std::snprintf(overlay, sizeof overlay, l.fraction >= 0 ? "%.0f%%" : "...", l.fraction * 100.0);
    ImGui::ProgressBar(l.fraction >= 0 ? float(l.fraction) : float(ImGui::GetTime() * 0.5 - std::floor(ImGui::GetTime() * 0.5)),
                       ImVec2(140 * scale(), 0), overlay);
  }
  if (!s.loading.empty()) {
    ImGui::SameLine();
    if (ImGui::SmallButton("Cancel")) s.cancelLoads = true;
  }
  ImGui::End();
}

void drawDialogs(AppState& s) {
  if (s.showKeys) {
    ImGui::SetNextWindowSize(ImVec2(620 * scale(), 0), ImGuiCond_Appearing);
    if (ImGui::Begin("Keys", &s.showKeys, ImGuiWindowFlags_NoSavedSettings)) {
      ImGui::PushTextWrapPos(0.0f);
      const char* rows[][2] = {{"Wheel, + / -", "zoom the view under the pointer"},
                               {"Drag", "pan the map or the timeline"},
                               {"Shift+arrows", "pan the map (pointer over the map)"},
                               {"Drag the red playhead / click the axis", "set the current time"},
                               {"Space", "play / pause"},
                               {"Left / Right, , / .", "previous / next event"},
                               {"Home", "fit all data"},
                               {"Shift-drag on the timeline", "brush a time range (Esc clears it)"},
                               {"Click / double-click", "select an event / zoom to it (empty space clears)"},
                               {"Esc", "clear the brush, the selection or the search"},
                               {"Ctrl+F", "search"},
                               {"Ctrl+O / Ctrl+S / Ctrl+Shift+S", "open / save project / save as"},
                               {"Ctrl+E", "export an image"},
                               {"F5", "presenter mode: PageDown/PageUp, arrows, Space/Backspace, Home/End, B black, Esc leave"},
                               {"Ctrl+= / Ctrl+- / Ctrl+0", "text size"},
                               {"Ctrl+Q", "quit"}};
      for (auto& r : rows) ImGui::BulletText("%s: %s", r[0], r[1]);
      ImGui::PopTextWrapPos();
    }
    ImGui::End();
  }
  if (s.showAbout) {
    ImGui::SetNextWindowSize(ImVec2(520 * scale(), 0), ImGuiCond_Appearing);
    if (ImGui::Begin("About Chronomap", &s.showAbout, ImGuiWindowFlags_NoSavedSettings)) {
      ImGui::TextWrapped("Chronomap: dated, geolocated events on a linked timeline and map. MIT licence.");
      ImGui::Separator();
      for (const auto& a : s.attributions) ImGui::BulletText("%s", a.c_str());
      ImGui::BulletText("Events: %s", s.data.name.c_str());
    }
    ImGui::End();
  }
}

// --- keys ------------------------------------------------------------------------------------------
void handleGlobalKeys(AppState& s) {
  handleTimelineKeys(s);
  // Map keys act when the pointer is over the map (plain Left/Right belong to the timeline's
  // stepping): Shift+arrows pan, + and - zoom, Home fits all data.
  const ImGuiIO& io = ImGui::GetIO();
  if (s.mapRect.contains(io.MousePos.x, io.MousePos.y) && !io.WantTextInput) {
    const float step = std::max(40.0f, s.mapRect.w * 0.15f);
    for (const AppState::KeyPress& k : s.keyPresses) {
      if (k.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER)) continue;
      const bool shift = (k.mods & GLFW_MOD_SHIFT) != 0;
      switch (k.key) {
        case GLFW_KEY_LEFT: if (shift) s.mapui.pendingPanX -= step; break;
        case GLFW_KEY_RIGHT: if (shift) s.mapui.pendingPanX += step; break;
        case GLFW_KEY_UP: if (shift) s.mapui.pendingPanY -= step; break;
        case GLFW_KEY_DOWN: if (shift) s.mapui.pendingPanY += step; break;
        case GLFW_KEY_EQUAL:
        case GLFW_KEY_KP_ADD: ++s.mapui.pendingZoom; break;
        case GLFW_KEY_MINUS:
        case GLFW_KEY_KP_SUBTRACT: --s.mapui.pendingZoom; break;
        case GLFW_KEY_HOME: s.mapui.fitAllRequested = true; break;
        default: break;
      }
    }
  }
  for (const AppState::KeyPress& k : s.keyPresses) {
    if (!(k.mods & GLFW_MOD_CONTROL)) continue;
    switch (k.key) {
      case GLFW_KEY_Q: s.wantQuit = true; break;
      case GLFW_KEY_F: s.mapui.focusSearch = true; break;
      case GLFW_KEY_O: openFileDialog(s); break;
      case GLFW_KEY_EQUAL:
      case GLFW_KEY_KP_ADD:
        s.uiScale = std::min(3.0f, s.uiScale * 1.1f);
        s.fontRebuild = true;
        break;
      case GLFW_KEY_MINUS:
      case GLFW_KEY_KP_SUBTRACT:
        s.uiScale = std::max(0.6f, s.uiScale / 1.1f);
        s.fontRebuild = true;
        break;
      case GLFW_KEY_0:
      case GLFW_KEY_KP_0:
        s.uiScale = 1.0f;
        s.fontRebuild = true;
        break;
      default: break;
    }
  }
  s.keyPresses.clear();
}

// --- commands --------------------------------------------------------------------------------------
void applyCommands(AppState& s) {
  for (const Command& c : s.commands) {
    switch (c.kind) {
      case CommandKind::Select: s.selected = c.index; break;
      case CommandKind::ClearSelection: s.selected = -1; break;
      case CommandKind::SetTime: s.playhead = c.time; break;
    }
  }
  s.commands.clear();
}

double FrameStats::percentile(double p) const {
  if (ms.empty()) return 0;
  std::vector<double> v(ms.begin(), ms.end());
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
  return v[i];
}

}  // namespace app
