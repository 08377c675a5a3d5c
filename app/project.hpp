// Project files (.chronomap, JSON): the sources and how they are read, the map layers and rasters,
// the CRS, the view, time and mode, filters, layer visibility, the story (a path or inline) and the
// selection. Reading validates and explains ("FILE: line L, column C: ..."); writing is atomic and
// keeps the previous version as FILE.bak. Also the recent-files list.
//
// Format (version 1; unknown members are kept when the program saves the file again):
//   {"format": "chronomap-project", "version": 1,
//    "sources": [{"path": "events.csv", "schema": "acled", "fields": {"title": "headline"},
//                 "date_format": "dmy"}],
//    "maps": ["rivers.gpkg"], "rasters": ["relief.tif"], "no_basemap": false,
//    "crs": "+proj=laea ...",
//    "view": {"bbox": [minLon, minLat, maxLon, maxLat], "center_xy": [x, y], "m_per_px": 850.0},
//    "time": "2022-09-13", "mode": "window", "window_s": 1209600,
//    "timeline": {"start": "1988-01-01", "end": "2025-12-31"},
//    "filters": {"text": "", "categories": [], "countries": [], "actors": [], "min_fatalities": 0,
//                "min_precision": "year"},
//    "layers": {"provinces": false, "relief": true},
//    "story": {"path": "stories/mine.json", "step": 4}   or   {"inline": {...a story...}, "step": 4},
//    "selected": "event-id", "theme": "light", "ui_scale": 1.0}
// Paths are written relative to the project file's folder when they lie under it.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "app/story.hpp"
#include "geo/time.hpp"
#include "geo/types.hpp"

namespace app {

struct AppState;
struct Options;

struct ProjectSource {
  std::string path;  // as written in the file (relative to the project's folder, or absolute)
  std::string schema, dateFormat;
  std::vector<std::pair<std::string, std::string>> fields;  // key -> column
};

struct Project {
  int version = 1;
  std::vector<ProjectSource> sources;
  std::vector<std::string> maps, rasters;
  bool noBasemap = false;
  std::string crs;
  bool hasBbox = false;
  geo::BBox bbox;  // WGS84 of the view
  bool hasCamera = false;
  double cx = 0, cy = 0, upp = 0;  // exact camera in the CRS (used when the CRS is the same)
  bool hasTime = false;
  geo::Seconds time = 0;
  std::string mode = "cumulative";
  geo::Seconds windowS = 30 * 86400;
  bool hasTimeline = false;
  geo::Seconds tlStart = 0, tlEnd = 0;
  bool hasFilters = false;
  StoryFilters filters;
  std::vector<std::pair<std::string, bool>> layers;  // visibility by name
  std::string storyPath;  // as written
  bool storyInline = false;
  Story story;            // the inline story
  int storyStep = 0;      // 1-based; 0 = none
  std::string selected;
  std::string theme;      // "light" / "dark" / ""
  double uiScale = 0;     // 0 = unset
  std::string raw;        // the object as read (JSON text)
  bool openStep = false;  // not in the file: --step asked to open the story's step (its view wins)
};

constexpr int kProjectVersion = 1;

bool parseProject(const std::string& json, const std::string& name, Project& out, std::string* error);
bool loadProject(const std::string& path, Project& out, std::string* error);
std::string projectToJson(const Project& p);
// Copies the current file (if any) to FILE.bak, then writes atomically (temporary file, fsync,
// rename). A crash at any moment leaves FILE as it was or as it is now, never half written.
bool saveProject(const std::string& path, const Project& p, std::string* error);

// Whether a file name is a project (".chronomap").
bool isProjectFile(const std::string& path);
// The folder part of a path ("" for none) and path resolution against it.
std::string folderOf(const std::string& path);
std::string resolveAgainst(const std::string& folder, const std::string& path);
// `path` relative to `folder` when it lies under it, else absolute.
std::string relativeTo(const std::string& folder, const std::string& path);

// From and to the program's state.
Project projectFromState(const AppState& s, const std::string& projectPath);
// The sources part as command-line options (paths resolved against the project's folder).
void projectToOptions(const Project& p, const std::string& projectPath, Options& o);
// The view part, once the sources are loaded and the map panel's size is known (camera, time, mode,
// filters, layers, selection, theme). The story is opened by the caller.
void applyProjectView(AppState& s, const Project& p);

// Recent projects: $CHRONOMAP_CONFIG_DIR, else $XDG_CONFIG_HOME/chronomap, else ~/.config/chronomap,
// file recent.json (written atomically), newest first, at most 10.
std::vector<std::string> loadRecent();
void addRecent(const std::string& path);

}  // namespace app
