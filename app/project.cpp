// Project files. Sections: paths; reading; writing; state <-> project; recent files.
#include "app/project.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/app_state.hpp"
#include "app/cli.hpp"
#include "app/map_view.hpp"
#include "geo/io.hpp"

namespace app {

using Json = nlohmann::ordered_json;

// --- paths -----------------------------------------------------------------------------------------
bool isProjectFile(const std::string& path) {
  const std::string ext = ".chronomap";
  return path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
}

std::string folderOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash == 0 ? 1 : slash);
}

std::string resolveAgainst(const std::string& folder, const std::string& path) {
  if (path.empty() || path[0] == '/' || folder.empty() || path.find("://") != std::string::npos ||
      path.rfind("/vsi", 0) == 0 || path.rfind("PG:", 0) == 0)
    return path;
  return folder + (folder.back() == '/' ? "" : "/") + path;
}

namespace {
std::string absolutePath(const std::string& p) {
  if (p.empty() || p[0] == '/') return p;
  char buf[PATH_MAX];
  if (!::getcwd(buf, sizeof buf)) return p;
  std::string out = std::string(buf) + "/" + p;
  // Drop "./" segments for tidier files.
  for (size_t k; (k = out.find("/./")) != std::string::npos;) out.erase(k, 2);
  return out;
}
}  // namespace

std::string relativeTo(const std::string& folder, const std::string& path) {
  if (path.find("://") != std::string::npos || path.rfind("/vsi", 0) == 0 || path.rfind("PG:", 0) == 0) return path;
  const std::string a = absolutePath(path);
  std::string f = absolutePath(folder.empty() ? "." : folder);
  if (f.size() > 2 && f.compare(f.size() - 2, 2, "/.") == 0) f.resize(f.size() - 2);
  if (!f.empty() && f.back() != '/') f += '/';
  if (a.rfind(f, 0) == 0) return a.substr(f.size());
  return a;
}

// --- reading ---------------------------------------------------------------------------------------
namespace {
std::string lineColumn(const std::string& text, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < text.size() && i + 1 < byte; ++i) {
    if (text[i] == '\n') { ++line; col = 1; }
    else ++col;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

// nlohmann's message without its "[json.exception.out_of_range.406] " prefix.
std::string jsonWhat(const nlohmann::json::exception& e) {
  const std::string w = e.what();
  const size_t close = w.find("] ");
  return w.rfind("[json.exception.", 0) == 0 && close != std::string::npos ? w.substr(close + 2) : w;
}

struct Bad {
  std::string what;
};

std::string needString(const Json& j, const std::string& where) {
  if (!j.is_string()) throw Bad{where + ": expected a string"};
  return j.get<std::string>();
}
std::vector<std::string> needStrings(const Json& j, const std::string& where) {
  if (!j.is_array()) throw Bad{where + ": expected an array of strings"};
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) out.push_back(needString(j[i], where + "[" + std::to_string(i + 1) + "]"));
  return out;
}
double needNumber(const Json& j, const std::string& where) {
  if (!j.is_number()) throw Bad{where + ": expected a number"};
  return j.get<double>();
}
geo::Seconds needTime(const Json& j, const std::string& where) {
  const std::string t = needString(j, where);
  geo::TimeValue v;
  std::string err;
  if (!geo::parseIso8601(t, v, &err)) throw Bad{where + ": '" + t + "' is not an ISO 8601 date (" + err + ")"};
  return v.t;
}
}  // namespace

bool parseProject(const std::string& text, const std::string& name, Project& out, std::string* error) {
  auto fail = [&](const std::string& m) {
    if (error) *error = name + ": " + m;
    return false;
  };
  if (text.empty()) return fail("the file is empty: not a Chronomap project");
  Json j;
  try {
    j = Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    const std::string what = e.what();
    const size_t cut = what.find("syntax error");
    const bool truncated = e.byte >= text.size();
    return fail(lineColumn(text, e.byte) + ": " + (truncated ? "the file ends too early (truncated?)" : "not valid JSON") +
                " (" + (cut == std::string::npos ? what : what.substr(cut)) + "); the file was left as it is");
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but a value JSON cannot hold here (a number such as 2e308 overflows a double).
    return fail(std::string("not readable JSON (") + jsonWhat(e) + "); the file was left as it is");
  }
  if (!j.is_object()) return fail("not a Chronomap project (expected a JSON object)");
  auto f = j.find("format");
  if (f == j.end() || !f->is_string() || f->get<std::string>() != "chronomap-project")
    return fail("not a Chronomap project (\"format\" must be \"chronomap-project\")");
  auto v = j.find("version");
  if (v == j.end() || !v->is_number_integer()) return fail("\"version\" is missing or not a whole number");
  if (v->get<int>() > kProjectVersion)
    return fail("project format version " + std::to_string(v->get<int>()) + " is newer than this program reads (version " +
                std::to_string(kProjectVersion) + "): update Chronomap");
  Project p;
  p.version = v->get<int>();
  try {
    if (auto s = j.find("sources"); s != j.end()) {
      if (!s->is_array()) throw Bad{"sources: expected an array"};
      for (size_t i = 0; i < s->size(); ++i) {
        const std::string w = "sources[" + std::to_string(i + 1) + "]";
        const Json& o = (*s)[i];
        ProjectSource src;
        if (o.is_string()) src.path = o.get<std::string>();
        else if (o.is_object()) {
          if (!o.contains("path")) throw Bad{w + ".path: missing"};
          src.path = needString(o["path"], w + ".path");
          if (o.contains("schema")) src.schema = needString(o["schema"], w + ".schema");
          if (o.contains("date_format")) src.dateFormat = needString(o["date_format"], w + ".date_format");
          if (o.contains("fields")) {
            if (!o["fields"].is_object()) throw Bad{w + ".fields: expected an object of key: column"};
            for (auto it = o["fields"].begin(); it != o["fields"].end(); ++it)
              src.fields.push_back({it.key(), needString(it.value(), w + ".fields." + it.key())});
          }
        } else throw Bad{w + ": expected a path or an object"};
        if (src.path.empty()) throw Bad{w + ".path: empty"};
        p.sources.push_back(std::move(src));
      }
    }
    if (j.contains("maps")) p.maps = needStrings(j["maps"], "maps");
    if (j.contains("rasters")) p.rasters = needStrings(j["rasters"], "rasters");
    if (j.contains("no_basemap")) {
      if (!j["no_basemap"].is_boolean()) throw Bad{"no_basemap: expected true or false"};
      p.noBasemap = j["no_basemap"].get<bool>();
    }
    if (j.contains("crs") && !j["crs"].is_null()) p.crs = needString(j["crs"], "crs");
    if (auto vw = j.find("view"); vw != j.end() && !vw->is_null()) {
      if (!vw->is_object()) throw Bad{"view: expected an object"};
      if (vw->contains("bbox")) {
        const Json& b = (*vw)["bbox"];
        if (!b.is_array() || b.size() != 4) throw Bad{"view.bbox: expected 4 numbers"};
        p.bbox = {needNumber(b[0], "view.bbox"), needNumber(b[1], "view.bbox"), needNumber(b[2], "view.bbox"),
                  needNumber(b[3], "view.bbox")};
        if (!(p.bbox.minX < p.bbox.maxX && p.bbox.minY < p.bbox.maxY)) throw Bad{"view.bbox: expected min < max"};
        p.hasBbox = true;
      }
      if (vw->contains("center_xy") && vw->contains("m_per_px")) {
        const Json& c = (*vw)["center_xy"];
        if (!c.is_array() || c.size() != 2) throw Bad{"view.center_xy: expected 2 numbers"};
        p.cx = needNumber(c[0], "view.center_xy");
        p.cy = needNumber(c[1], "view.center_xy");
        p.upp = needNumber((*vw)["m_per_px"], "view.m_per_px");
        if (!(p.upp > 0)) throw Bad{"view.m_per_px: expected a number > 0"};
        p.hasCamera = true;
      }
    }
    if (j.contains("time") && !j["time"].is_null()) {
      p.time = needTime(j["time"], "time");
      p.hasTime = true;
    }
    if (j.contains("mode")) {
      p.mode = needString(j["mode"], "mode");
      if (p.mode != "cumulative" && p.mode != "window" && p.mode != "all")
        throw Bad{"mode: '" + p.mode + "' is not cumulative, window or all"};
    }
    if (j.contains("window_s") && !j["window_s"].is_null()) {
      if (!j["window_s"].is_number_integer() || j["window_s"].get<int64_t>() <= 0) throw Bad{"window_s: expected seconds > 0"};
      p.windowS = j["window_s"].get<int64_t>();
    }
    if (auto t = j.find("timeline"); t != j.end() && !t->is_null()) {
      if (!t->is_object() || !t->contains("start") || !t->contains("end")) throw Bad{"timeline: expected {\"start\", \"end\"}"};
      p.tlStart = needTime((*t)["start"], "timeline.start");
      p.tlEnd = needTime((*t)["end"], "timeline.end");
      if (p.tlEnd <= p.tlStart) throw Bad{"timeline: end must be after start"};
      p.hasTimeline = true;
    }
    if (auto fl = j.find("filters"); fl != j.end() && !fl->is_null()) {
      if (!fl->is_object()) throw Bad{"filters: expected an object"};
      p.hasFilters = true;
      StoryFilters& sf = p.filters;
      if (fl->contains("text")) sf.text = needString((*fl)["text"], "filters.text");
      if (fl->contains("categories")) sf.categories = needStrings((*fl)["categories"], "filters.categories");
      if (fl->contains("countries")) sf.countries = needStrings((*fl)["countries"], "filters.countries");
      if (fl->contains("actors")) sf.actors = needStrings((*fl)["actors"], "filters.actors");
      if (fl->contains("min_fatalities")) {
        if (!(*fl)["min_fatalities"].is_number_integer()) throw Bad{"filters.min_fatalities: expected a whole number"};
        sf.minFatalities = (*fl)["min_fatalities"].get<int64_t>();
      }
      if (fl->contains("min_precision")) {
        sf.minPrecision = needString((*fl)["min_precision"], "filters.min_precision");
        geo::Precision pr;
        if (!geo::precisionFromName(sf.minPrecision, pr)) throw Bad{"filters.min_precision: '" + sf.minPrecision + "' is not a precision"};
      }
    }
    if (auto l = j.find("layers"); l != j.end() && !l->is_null()) {
      if (!l->is_object()) throw Bad{"layers: expected an object of name: true/false"};
      for (auto it = l->begin(); it != l->end(); ++it) {
        if (!it.value().is_boolean()) throw Bad{"layers." + it.key() + ": expected true or false"};
        p.layers.push_back({it.key(), it.value().get<bool>()});
      }
    }
    if (auto s = j.find("story"); s != j.end() && !s->is_null()) {
      if (!s->is_object()) throw Bad{"story: expected an object with \"path\" or \"inline\""};
      if (s->contains("path")) p.storyPath = needString((*s)["path"], "story.path");
      else if (s->contains("inline")) {
        std::string err;
        std::vector<std::string> probs;
        if (!parseStory((*s)["inline"].dump(), "story.inline", p.story, &err, &probs)) throw Bad{err};
        p.storyInline = true;
      } else throw Bad{"story: expected \"path\" or \"inline\""};
      if (s->contains("step")) {
        if (!(*s)["step"].is_number_integer() || (*s)["step"].get<int>() < 1) throw Bad{"story.step: expected a step number from 1"};
        p.storyStep = (*s)["step"].get<int>();
      }
    }
    if (j.contains("selected") && !j["selected"].is_null()) p.selected = needString(j["selected"], "selected");
    if (j.contains("theme")) {
      p.theme = needString(j["theme"], "theme");
      if (p.theme != "light" && p.theme != "dark") throw Bad{"theme: expected light or dark"};
    }
    if (j.contains("ui_scale")) p.uiScale = needNumber(j["ui_scale"], "ui_scale");
  } catch (const Bad& b) {
    return fail(b.what + " (the file was left as it is)");
  }
  p.raw = j.dump();
  out = std::move(p);
  return true;
}

bool loadProject(const std::string& path, Project& out, std::string* error) {
  // Only a regular file: a named pipe would block here for ever, a device never end.
  if (std::string why; !geo::isRegularFile(path, &why)) {
    if (error) *error = path + ": cannot be opened (" + why + ")";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = path + ": cannot be opened (" + std::strerror(errno) + ")";
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parseProject(ss.str(), path, out, error);
}

// --- writing ---------------------------------------------------------------------------------------
std::string projectToJson(const Project& p) {
  Json j = Json::object();
  if (!p.raw.empty()) {
    Json r = Json::parse(p.raw, nullptr, false);
    if (r.is_object()) j = r;
  }
  j["format"] = "chronomap-project";
  j["version"] = kProjectVersion;
  Json srcs = Json::array();
  for (const ProjectSource& s : p.sources) {
    Json o = {{"path", s.path}};
    if (!s.schema.empty()) o["schema"] = s.schema;
    if (!s.fields.empty()) {
      Json f = Json::object();
      for (const auto& [k, c] : s.fields) f[k] = c;
      o["fields"] = f;
    }
    if (!s.dateFormat.empty()) o["date_format"] = s.dateFormat;
    srcs.push_back(o);
  }
  j["sources"] = srcs;
  j["maps"] = p.maps;
  j["rasters"] = p.rasters;
  j["no_basemap"] = p.noBasemap;
  j["crs"] = p.crs.empty() ? Json(nullptr) : Json(p.crs);
  Json view = Json::object();
  if (p.hasBbox) view["bbox"] = {p.bbox.minX, p.bbox.minY, p.bbox.maxX, p.bbox.maxY};
  if (p.hasCamera) {
    view["center_xy"] = {p.cx, p.cy};
    view["m_per_px"] = p.upp;
  }
  j["view"] = view;
  j["time"] = p.hasTime ? Json(geo::formatIsoInstant(p.time)) : Json(nullptr);
  j["mode"] = p.mode;
  j["window_s"] = p.windowS;
  j["timeline"] = p.hasTimeline ? Json{{"start", geo::formatIsoInstant(p.tlStart)}, {"end", geo::formatIsoInstant(p.tlEnd)}}
                                : Json(nullptr);
  if (p.hasFilters) {
    const StoryFilters& f = p.filters;
    j["filters"] = {{"text", f.text},         {"categories", f.categories},     {"countries", f.countries},
                    {"actors", f.actors},     {"min_fatalities", f.minFatalities}, {"min_precision", f.minPrecision}};
  } else {
    j.erase("filters");
  }
  Json layers = Json::object();
  for (const auto& [n, on] : p.layers) layers[n] = on;
  j["layers"] = layers;
  if (p.storyInline) {
    Json st = {{"inline", Json::parse(storyToJson(p.story))}};
    if (p.storyStep > 0) st["step"] = p.storyStep;
    j["story"] = st;
  } else if (!p.storyPath.empty()) {
    Json st = {{"path", p.storyPath}};
    if (p.storyStep > 0) st["step"] = p.storyStep;
    j["story"] = st;
  } else {
    j["story"] = nullptr;
  }
  j["selected"] = p.selected.empty() ? Json(nullptr) : Json(p.selected);
  if (!p.theme.empty()) j["theme"] = p.theme;
  if (p.uiScale > 0) j["ui_scale"] = p.uiScale;
  return j.dump(2) + "\n";
}

bool saveProject(const std::string& path, const Project& p, std::string* error) {
  const std::string text = projectToJson(p);
  // The previous version: FILE.bak, itself written atomically, before FILE is replaced.
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string err;
    if (!in.bad() && !geo::writeFileAtomic(path + ".bak", ss.str(), &err)) {
      if (error) *error = "cannot keep the previous version: " + err;
      return false;
    }
  }
  return geo::writeFileAtomic(path, text, error);
}

// --- state <-> project -----------------------------------------------------------------------------
Project projectFromState(const AppState& s, const std::string& projectPath) {
  Project p;
  const std::string folder = folderOf(projectPath);
  // Keep what a project read earlier knew and this program does not (unknown members).
  if (!s.projectPath.empty() && s.projectPath == projectPath) {
    Project old;
    if (loadProject(projectPath, old, nullptr)) p.raw = old.raw;
  }
  for (const std::string& e : s.eventSources) {
    ProjectSource src;
    src.path = relativeTo(folder, e);
    src.schema = s.loadOptions.schema;
    src.fields = s.loadOptions.fields;
    src.dateFormat = s.loadOptions.dateFormat;
    p.sources.push_back(std::move(src));
  }
  for (const std::string& m : s.mapSources) p.maps.push_back(relativeTo(folder, m));
  for (const std::string& r : s.rasterSources) p.rasters.push_back(relativeTo(folder, r));
  p.noBasemap = std::none_of(s.layerInfo.begin(), s.layerInfo.end(), [](const LayerInfo& l) { return l.bundled; });
  p.crs = s.proj ? s.proj->definition() : "";
  if (s.proj && s.mapRect.w > 1) {
    p.bbox = visibleWgs84(s.cam, s.mapRect, *s.proj);
    p.hasBbox = p.bbox.valid() && p.bbox.minX < p.bbox.maxX;
  }
  p.hasCamera = true;
  p.cx = s.cam.cx;
  p.cy = s.cam.cy;
  p.upp = s.cam.upp;
  p.hasTime = true;
  p.time = s.playhead;
  p.mode = timeModeName(s.mode);
  p.windowS = s.windowS;
  p.hasTimeline = s.tl.end > s.tl.start;
  p.tlStart = s.tl.start;
  p.tlEnd = s.tl.end;
  p.hasFilters = true;
  p.filters.text = s.filters.text;
  p.filters.categories = s.filters.categories;
  p.filters.countries = s.filters.countries;
  p.filters.actors = s.filters.actors;
  p.filters.minFatalities = s.filters.minFatalities;
  p.filters.minPrecision = geo::precisionName(s.filters.minPrecision);
  for (const LayerInfo& l : s.layerInfo) p.layers.push_back({l.label, l.visible});
  for (const auto& r : s.rasterInfo) p.layers.push_back({r.label, r.visible});
  if (s.storyUi.loaded) {
    if (s.storyUi.path.empty()) {
      p.storyInline = true;
      p.story = s.storyUi.story;
    } else {
      p.storyPath = relativeTo(folder, s.storyUi.path);
    }
    p.storyStep = s.storyUi.step >= 0 ? s.storyUi.step + 1 : 0;
  }
  if (s.selected >= 0 && size_t(s.selected) < s.data.events.size()) p.selected = std::string(s.data.events.id(size_t(s.selected)));
  p.theme = s.dark ? "dark" : "light";
  p.uiScale = s.uiScale;
  return p;
}

void projectToOptions(const Project& p, const std::string& projectPath, Options& o) {
  const std::string folder = folderOf(projectPath);
  o.events.clear();
  for (const ProjectSource& s : p.sources) o.events.push_back(resolveAgainst(folder, s.path));
  if (!p.sources.empty()) {
    // One set of read options applies to every source (as on the command line): the first's.
    o.schema = p.sources.front().schema;
    o.fields = p.sources.front().fields;
    o.dateFormat = p.sources.front().dateFormat;
  }
  o.maps.clear();
  for (const std::string& m : p.maps) o.maps.push_back(resolveAgainst(folder, m));
  o.rasters.clear();
  for (const std::string& r : p.rasters) o.rasters.push_back(resolveAgainst(folder, r));
  o.noBasemap = p.noBasemap;
  if (!p.crs.empty()) o.crs = p.crs;
  if (p.hasBbox) {
    o.hasBbox = true;
    o.bbox = p.bbox;
  }
}

void applyProjectView(AppState& s, const Project& p) {
  if (p.hasCamera && s.proj && (p.crs.empty() || p.crs == s.proj->definition())) {
    if (p.hasBbox) fitWgs84(s.cam, s.mapRect, *s.proj, p.bbox);  // sets the zoom limits
    s.cam.cx = p.cx;
    s.cam.cy = p.cy;
    s.cam.upp = p.upp;
    s.camPendingFit = false;
  } else if (p.hasBbox) {
    s.fitBox = p.bbox;
    s.camPendingFit = true;
  }
  if (p.hasTime) s.playhead = p.time;
  s.mode = p.mode == "window" ? TimeMode::Window : p.mode == "all" ? TimeMode::All : TimeMode::Cumulative;
  s.windowS = p.windowS;
  if (p.hasTimeline) {
    s.tl.start = p.tlStart;
    s.tl.end = p.tlEnd;
  }
  if (p.hasFilters) {
    s.filters.text = p.filters.text;
    s.filters.categories = p.filters.categories;
    s.filters.countries = p.filters.countries;
    s.filters.actors = p.filters.actors;
    s.filters.minFatalities = p.filters.minFatalities;
    geo::precisionFromName(p.filters.minPrecision, s.filters.minPrecision);
    s.tlui.minPrecision = int(s.filters.minPrecision);  // the timeline's precision filter drives the shared one
  }
  for (const auto& [name, on] : p.layers) {
    for (auto& l : s.layerInfo)
      if (l.label == name) l.visible = on;
    for (auto& r : s.rasterInfo)
      if (r.label == name) r.visible = on;
    if (!on && name == "relief") s.hiddenLayers.push_back(name);  // the relief arrives after the first frame
  }
  s.selected = p.selected.empty() ? -1 : s.data.findEvent(p.selected);
  s.mapui.lastSelected = s.selected;  // opening a project does not fly to its selection
  if (p.theme == "dark") s.dark = true;
  if (p.theme == "light") s.dark = false;
  if (p.uiScale > 0.5 && p.uiScale < 3.5 && float(p.uiScale) != s.uiScale) {
    s.uiScale = float(p.uiScale);
    s.fontRebuild = true;
  }
}

// --- recent files ----------------------------------------------------------------------------------
namespace {
std::string configDir() {
  if (const char* d = std::getenv("CHRONOMAP_CONFIG_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/chronomap";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/chronomap";
  return "";
}
}  // namespace

std::vector<std::string> loadRecent() {
  std::vector<std::string> out;
  const std::string dir = configDir();
  if (dir.empty()) return out;
  std::ifstream in(dir + "/recent.json");
  if (!in) return out;
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str(), nullptr, false);
  if (!j.is_object() || !j.contains("recent") || !j["recent"].is_array()) return out;
  for (const auto& v : j["recent"])
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

void addRecent(const std::string& path) {
  const std::string dir = configDir();
  if (dir.empty()) return;
  std::vector<std::string> list = loadRecent();
  const std::string abs = absolutePath(path);
  list.erase(std::remove(list.begin(), list.end(), abs), list.end());
  list.insert(list.begin(), abs);
  if (list.size() > 10) list.resize(10);
  // mkdir -p of the config folder (two levels at most: ~/.config/chronomap).
  const std::string parent = folderOf(dir);
  if (!parent.empty()) ::mkdir(parent.c_str(), 0755);
  ::mkdir(dir.c_str(), 0755);
  Json j = {{"recent", list}};
  geo::writeFileAtomic(dir + "/recent.json", j.dump(2) + "\n", nullptr);
}

}  // namespace app
