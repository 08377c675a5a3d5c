#include "app/state_out.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "app/map_view.hpp"
#include "app/pg_view.hpp"
#include "geo/io.hpp"

namespace app {

namespace {
nlohmann::json rect(const Rect& r) { return {r.x, r.y, r.w, r.h}; }
double round2(double v) { return std::round(v * 100.0) / 100.0; }
}  // namespace

std::string stateJson(const AppState& s) {
  using nlohmann::json;
  json j;
  j["time"] = geo::formatIsoInstant(s.playhead);
  j["mode"] = timeModeName(s.mode);
  j["window_s"] = s.mode == TimeMode::Window ? json(s.windowS) : json(nullptr);
  json view;
  if (s.proj) {
    const geo::BBox b = visibleWgs84(s.cam, s.mapRect, *s.proj);
    view["bbox"] = {round2(b.minX * 1e4) / 1e4, round2(b.minY * 1e4) / 1e4, round2(b.maxX * 1e4) / 1e4,
                    round2(b.maxY * 1e4) / 1e4};
    double lon = 0, lat = 0;
    s.proj->inverse(s.cam.cx, s.cam.cy, lon, lat);
    view["center"] = {lon, lat};          // WGS84 degrees of the map panel's centre
    view["center_xy"] = {s.cam.cx, s.cam.cy};  // the same in the map CRS, metres
    view["m_per_px"] = s.cam.upp;         // map CRS units per window pixel
  } else {
    view["bbox"] = nullptr;
  }
  j["view"] = view;
  j["crs"] = s.proj ? json(s.proj->definition()) : json(nullptr);
  j["animating"] = s.animating;
  auto idOf = [&](int i) -> json {
    if (i < 0 || i >= int(s.data.events.size())) return nullptr;
    return std::string(s.data.events.id(size_t(i)));
  };
  j["selected"] = idOf(s.selected);
  j["hovered"] = idOf(s.hovered);
  j["counts"] = {{"loaded", s.data.events.size()}, {"on_map", s.onMap}, {"on_timeline", s.onTimeline},
                 {"filtered", s.filtered.pass.size() == s.data.events.size() ? s.filtered.passCount : s.data.events.size()}};
  // The command line's sources: whether they are all in, and when that was (ms after the start).
  j["load"] = {{"done", s.loadDoneMs >= 0 && s.loading.empty()},
               {"ms", s.loadDoneMs >= 0 ? json(std::round(s.loadDoneMs)) : json(nullptr)}};
  j["filters"] = {{"text", s.filters.text},
                  {"categories", s.filters.categories},
                  {"countries", s.filters.countries},
                  {"actors", s.filters.actors},
                  {"min_fatalities", s.filters.minFatalities},
                  {"min_precision", geo::precisionName(s.filters.minPrecision)}};
  j["list_rows"] = s.list.rows.size();
  j["bottom_tab"] = s.bottomTab == 1 ? "events" : "timeline";
  j["tooltip"] = s.mapui.tooltip.empty() ? json(nullptr) : json(s.mapui.tooltip);
  {
    json clusters = json::array();
    for (const auto& c : s.mapui.drawnClusters) {
      if (clusters.size() >= 500) break;
      clusters.push_back({{"count", c.count}, {"map", {round2(c.x), round2(c.y)}}});
    }
    j["clusters"] = std::move(clusters);
  }
  j["map_style"] = s.mapui.density ? "density" : "symbols";
  if (s.mapui.cursorValid) j["cursor"] = {s.mapui.cursorLon, s.mapui.cursorLat};
  j["panels"] = {{"map", rect(s.mapRect)}, {"timeline", rect(s.timelineRect)}, {"details", rect(s.detailsRect)},
                 {"status", rect(s.statusRect)}, {"search", {s.mapui.searchBox[0], s.mapui.searchBox[1], s.mapui.searchBox[2], s.mapui.searchBox[3]}}};
  j["timeline"] = {{"start", geo::formatIsoInstant(s.tl.start)},
                   {"end", geo::formatIsoInstant(s.tl.end)},
                   {"axis", rect(s.axisRect)},
                   {"playhead_x", round2(s.playheadX)},
                   {"range", s.hasRange ? json{geo::formatIsoInstant(s.rangeStart), geo::formatIsoInstant(s.rangeEnd)}
                                         : json(nullptr)}};
  j["playing"] = s.playing;
  j["frame_ms"] = {{"median", round2(s.frames.percentile(0.5))}, {"p95", round2(s.frames.percentile(0.95))},
                   {"frames", s.frames.ms.size()}};
  // Window frames drawn, and those drawn in part: the map panel plus whatever changed outside it.
  j["redraw"] = {{"frames", s.redraw.frames}, {"partial", s.redraw.partial}};
  // The basemap cache: drawn whole, re-centred by a shift, shown scaled while a zoom is under way.
  j["basemap"] = {{"draws", s.basemap.draws}, {"shifts", s.basemap.shifts}, {"previews", s.basemap.previews}};
  // A PG: source queried live (null when none): windows asked and queried, what the last one
  // brought (events or density cells), its latency (app/pg_view.hpp).
  pgWriteState(s, j["pg"]);
  j["problems"] = s.problems.size();
  j["ui_scale"] = round2(s.uiScale * s.contentScale);
  j["content_scale"] = round2(s.contentScale);  // the monitor's DPI scale (GLFW; Xft.dpi / 96 on X11)
  j["theme"] = s.dark ? "dark" : "light";
  // The story: step numbered from 1 (null without a story), and presenter mode.
  if (s.storyUi.loaded) {
    const int step = s.storyUi.pendingStep >= 0 ? s.storyUi.pendingStep : s.storyUi.step;
    j["story"] = {{"file", s.storyUi.path.empty() ? json(nullptr) : json(s.storyUi.path)},
                  {"step", step >= 0 ? json(step + 1) : json(nullptr)},
                  {"steps", s.storyUi.story.steps.size()},
                  {"title", s.storyUi.story.title},
                  {"dirty", s.storyUi.dirty}};
    // The editor: the steps' titles in order and the step open in it (numbered from 1).
    json titles = json::array();
    for (const StoryStep& st : s.storyUi.story.steps) titles.push_back(st.title);
    j["story"]["step_titles"] = std::move(titles);
    j["story"]["editing"] = s.storyUi.editing >= 0 ? json(s.storyUi.editing + 1) : json(nullptr);
  } else {
    j["story"] = nullptr;
  }
  j["presenting"] = s.presenting;
  j["black"] = s.black;
  j["project"] = s.projectPath.empty() ? json(nullptr) : json(s.projectPath);
  j["project_dirty"] = s.projectDirty;
  // The modal dialog open ("save-changes", "save-as", "export"; null when none), and the named
  // controls drawn in the last frame ([x, y, w, h] window px): the Story tab's editor and the dialogs.
  j["prompt"] = s.prompt.empty() ? json(nullptr) : json(s.prompt);
  // Autosave of unsaved story edits: the recovery file written ("" when none), how many writes, and
  // the recoveries from earlier runs still offered (app/recovery.hpp).
  {
    json offered = json::array();
    for (const Recovery& r : s.recoveries)
      offered.push_back({{"file", r.file}, {"story", r.storyPath.empty() ? json(nullptr) : json(r.storyPath)},
                         {"steps", r.story.steps.size()}, {"saved_at", r.savedAt}});
    j["recovery"] = {{"file", s.autosave.file.empty() ? json(nullptr) : json(s.autosave.file)},
                     {"writes", s.autosave.writes},
                     {"error", s.autosave.error.empty() ? json(nullptr) : json(s.autosave.error)},
                     {"offered", std::move(offered)}};
  }
  j["story_message"] = s.storyUi.message;
  j["status_message"] = s.statusMessage;
  {
    json w = json::object();
    for (const auto& [name, r] : s.widgets) w[name] = rect(r);
    j["widgets"] = std::move(w);
  }
  {
    json hl = json::array();
    for (size_t i = 0; i < s.highlight.size() && i < s.data.events.size(); ++i)
      if (s.highlight[i]) hl.push_back(std::string(s.data.events.id(i)));
    j["highlight"] = hl;
  }
  json events = json::array();
  for (const auto& [i, p] : s.screen.sorted()) {
    if (i >= s.data.events.size() || events.size() >= 2000) break;
    if (!p.onMap() && !p.onTimeline()) continue;
    json e;
    e["id"] = std::string(s.data.events.id(i));
    e["map"] = p.onMap() ? json{round2(p.mapX), round2(p.mapY)} : json(nullptr);
    if (p.onMap()) e["r"] = round2(p.mapR);  // px: the symbol's (or its cluster bubble's) radius
    e["timeline"] = p.onTimeline() ? json{round2(p.tlX), round2(p.tlY)} : json(nullptr);
    events.push_back(std::move(e));
  }
  j["events"] = std::move(events);
  return j.dump(2);
}

bool writeState(const AppState& s, const std::string& path, std::string* error) {
  return geo::writeFileAtomic(path, stateJson(s) + "\n", error);
}

}  // namespace app
