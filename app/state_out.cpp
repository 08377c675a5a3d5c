#include "app/state_out.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "app/map_view.hpp"
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
    return s.data.events[size_t(i)].id;
  };
  j["selected"] = idOf(s.selected);
  j["hovered"] = idOf(s.hovered);
  j["counts"] = {{"loaded", s.data.events.size()}, {"on_map", s.onMap}, {"on_timeline", s.onTimeline}};
  j["panels"] = {{"map", rect(s.mapRect)}, {"timeline", rect(s.timelineRect)}, {"details", rect(s.detailsRect)}};
  j["timeline"] = {{"start", geo::formatIsoInstant(s.tl.start)},
                   {"end", geo::formatIsoInstant(s.tl.end)},
                   {"axis", rect(s.axisRect)},
                   {"playhead_x", round2(s.playheadX)},
                   {"range", s.hasRange ? json{geo::formatIsoInstant(s.rangeStart), geo::formatIsoInstant(s.rangeEnd)}
                                         : json(nullptr)}};
  j["playing"] = s.playing;
  j["frame_ms"] = {{"median", round2(s.frames.percentile(0.5))}, {"p95", round2(s.frames.percentile(0.95))},
                   {"frames", s.frames.ms.size()}};
  j["problems"] = s.problems.size();
  j["ui_scale"] = round2(s.uiScale * s.contentScale);
  j["theme"] = s.dark ? "dark" : "light";
  json events = json::array();
  for (size_t i = 0; i < s.data.events.size() && i < s.screen.size() && events.size() < 2000; ++i) {
    const EventScreenPos& p = s.screen[i];
    if (!p.onMap() && !p.onTimeline()) continue;
    json e;
    e["id"] = s.data.events[i].id;
    e["map"] = p.onMap() ? json{round2(p.mapX), round2(p.mapY)} : json(nullptr);
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
