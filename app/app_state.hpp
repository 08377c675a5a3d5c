// AppState: the single source of truth that every panel reads and that commands change.
#pragma once
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/map_state.hpp"
#include "app/recovery.hpp"
#include "app/story.hpp"
#include "app/timeline_state.hpp"
#include "geo/event_store.hpp"
#include "geo/io.hpp"
#include "geo/map_layer.hpp"
#include "geo/projection.hpp"
#include "geo/raster.hpp"

namespace app {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;  // window px, top-left origin
  bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
};

// What the map shows: centre in the map CRS and metres per pixel.
struct Camera {
  double cx = 0, cy = 0;
  double upp = 1000;  // metres per px
  // Zoom limits in map units per px (degrees in EPSG:4326): set from the CRS by fitWgs84.
  double minUpp = 5.0, maxUpp = 20000.0;
};

struct TimeView {
  geo::Seconds start = 0, end = 1;  // visible range, seconds UTC
};

// Rolling frame times (ms) of the last 300 drawn frames.
struct FrameStats {
  std::deque<double> ms;
  void add(double v) {
    ms.push_back(v);
    if (ms.size() > 300) ms.pop_front();
  }
  double percentile(double p) const;
};

// One basemap or --map layer and how it is drawn.
struct LayerInfo {
  std::string label;
  bool visible = true;
  bool bundled = true;
  float opacity = 1.0f;  // multiplies the layer's fill and line alpha
};

// Window-pixel centre of an event's symbols this frame (NaN x when not drawn there).
struct EventScreenPos {
  float mapX = -1e30f, mapY = 0, tlX = -1e30f, tlY = 0;
  float mapR = 0;  // px: radius of what the map draws there (the symbol, or the cluster's bubble)
  bool onMap() const { return mapX > -1e29f; }
  bool onTimeline() const { return tlX > -1e29f; }
};

// Where events were drawn this frame, only for those drawn one by one or in a bubble (a density
// image draws none): a few thousand entries, not one per event of a million.
class ScreenPositions {
 public:
  void clearMap();       // forget the map positions (the timeline's stay)
  void clearTimeline();  // forget the timeline positions
  void clear() { pos_.clear(); }
  void setMap(uint32_t event, float x, float y, float r);
  void setTimeline(uint32_t event, float x, float y);
  // Where event i was drawn (default, nowhere, when it was not).
  EventScreenPos get(size_t event) const;
  // (event, position) for every event drawn somewhere, in event order.
  std::vector<std::pair<uint32_t, EventScreenPos>> sorted() const;
  size_t size() const { return pos_.size(); }

 private:
  std::unordered_map<uint32_t, EventScreenPos> pos_;
};

// How the playhead selects what the map shows (shared by the map and the timeline).
enum class TimeMode { Cumulative, Window, All };
const char* timeModeName(TimeMode m);  // "cumulative", "window", "all"

// Timeline lanes: what the rows group by.
enum class LaneGroup { Category, Country, Actor, None };

enum class CommandKind { Select, ClearSelection, SetTime };
struct Command {
  CommandKind kind;
  int index = -1;
  geo::Seconds time = 0;
};

// An animated move of the camera and the playhead (story steps): eased, the camera in log(upp).
struct Transition {
  bool active = false;
  double fromCx = 0, fromCy = 0, fromUpp = 1, toCx = 0, toCy = 0, toUpp = 1;  // map CRS, units per px
  geo::Seconds fromT = 0, toT = 0;  // playhead, seconds UTC
  double elapsed = 0, duration = 1.0;  // seconds
};

// The loaded story, its current step and the editor's state (app/presenter.cpp, app/story_editor.cpp).
struct StoryUi {
  bool loaded = false;
  Story story;
  std::string path;        // "" for a story not yet saved (or inline in a project)
  int step = -1;           // 0-based index of the current step; shown as step + 1
  bool dirty = false;      // unsaved edits to the story
  int pendingStep = -1;    // a step to open at the next frame (once the layout is known); 0-based
  bool pendingAnimate = false;
  int editing = -1;        // step open in the editor (0-based)
  std::string message;     // last save / load result shown in the Story tab
  std::string applied;     // problems when the current step was applied (missing ids, layers)
};

struct Project;  // app/project.hpp
struct PgView;   // app/pg_view.cpp: a PG: source queried live

struct AppState {
  // --- data ---
  geo::Dataset data;                     // merged event sources
  std::vector<geo::MapLayer> layers;     // basemap + --map layers, bottom first
  std::vector<LayerInfo> layerInfo;
  std::vector<geo::RasterImage> rasters;  // bundled relief and --raster sources, warped to the map CRS
  struct RasterInfo {
    std::string label;
    bool visible = true;
    float opacity = 1.0f;
    bool multiply = false;  // relief shades what is beneath
  };
  std::vector<RasterInfo> rasterInfo;
  std::shared_ptr<const geo::MapLayer> placesLonLat;  // the basemap's places in lon/lat, to place events by name
  std::vector<std::string> hiddenLayers;  // --hide-layer names, also applied to layers that arrive later
  std::unique_ptr<geo::Projection> proj;
  std::vector<geo::Problem> problems;    // every source's problems
  std::vector<std::string> attributions;
  int placesLayer = -1, countriesLayer = -1;

  // --- view ---
  Camera cam;
  bool camPendingFit = true;   // fit fitBox into the map panel once its size is known
  geo::BBox fitBox;            // WGS84
  TimeView tl;
  geo::Seconds playhead = 0;
  TimeMode mode = TimeMode::Cumulative;
  geo::Seconds windowS = 30 * 86400;  // length of the window in TimeMode::Window
  bool hasRange = false;              // the timeline's range brush (Shift-drag), filters the map
  geo::Seconds rangeStart = 0, rangeEnd = 0;
  bool playing = false;
  double speedDaysPerSecond = 30.0;
  bool loop = false;
  LaneGroup laneGroup = LaneGroup::Category;
  int selected = -1, hovered = -1;  // index into data.events
  bool altNamesFirst = false;       // "Khankendi / Stepanakert" instead of the English-first order

  // --- ui ---
  float uiScale = 1.0f;       // user factor (Ctrl+=/-), times the monitor's content scale
  float contentScale = 1.0f;
  bool fontRebuild = true;
  bool dark = false;
  bool wantQuit = false;
  bool animating = false;
  double redrawIn = -1;  // seconds after this frame at which to draw one even without input (-1: none)
  bool showKeys = false, showAbout = false;
  int timelineDrag = 0;  // 0 none, 1 scrubbing the playhead, 2 panning
  TimelineUi tlui;       // the timeline panel's own state and caches (app/timeline_state.hpp)
  Filters filters;       // shared by the map, the timeline and the events list (app/filters.hpp)
  FilterResult filtered; // what the filters let through (recomputed when filters or data change)
  MapUi mapui;           // the map panel's own state and caches (app/map_state.hpp)
  EventsListUi list;     // the events list's own state
  int bottomTab = 0;     // 0 the timeline, 1 the events list
  std::vector<int> layerOrder;  // draw order of s.layers (bottom first); empty = as loaded

  // --- layout and what was drawn (written by the panels each frame, read by --state-out) ---
  Rect menu, mapRect, timelineRect, detailsRect, statusRect, axisRect;
  float playheadX = 0;
  ScreenPositions screen;              // events drawn this frame
  int onMap = 0, onTimeline = 0;
  FrameStats frames;
  struct {
    uint64_t frames = 0, partial = 0;  // window frames drawn; of them, those drawn in part (app/compositor.hpp)
  } redraw;
  struct {
    uint64_t draws = 0, shifts = 0, previews = 0;  // the basemap cache: drawn whole, shifted, shown scaled while zooming
  } basemap;

  std::vector<Command> commands;  // intents, applied once per frame
  std::vector<std::string> openRequests;  // files to load (File > Open, dropped files), taken by the loop
  bool cancelLoads = false;
  struct Loading {
    std::string name;
    double fraction;  // < 0 when unknown
  };
  std::vector<Loading> loading;  // running loads, for the progress bar
  double loadDoneMs = -1;        // ms from the process' start until the command line's sources were all loaded (-1: not yet)
  std::string statusMessage;     // "1,204 events loaded, 3 rows skipped: see Problems"
  geo::LoadOptions loadOptions;  // --schema, --field, --date-format: apply to every source opened
  // File > Open: a small file browser of our own (ImGui has none).
  struct FileDialog {
    bool open = false;
    bool refresh = true;
    std::string dir;
    std::string input;
    std::vector<std::pair<std::string, bool>> entries;  // name, is directory
    std::string error;
  } fileDialog;
  // Key presses since the last frame (GLFW key code, modifier bits), recorded by the window's key
  // callback: ImGui 1.86 keeps only key state, so a press and release inside one poll would be lost.
  struct KeyPress {
    int key, mods;
  };
  std::vector<KeyPress> keyPresses;
  // Where the pointer was when the left button went down (window px), from the button callback: the
  // frame that sees the press may already see the pointer moved on (ImGui 1.86 samples per frame).
  float pressX = -1, pressY = -1;

  // --- story, presenter, projects (app/story.hpp, app/presenter.cpp, app/project.hpp) ---
  StoryUi storyUi;
  std::vector<uint8_t> highlight;   // per event: 1 = emphasised by the current story step
  Transition transition;
  double stepTransitionS = 1.0;     // seconds of the move into a step (--transition when exporting)
  bool presenting = false;          // presenter mode: full screen, chrome hidden, the step card
  bool presentToggle = false;       // F5 / Esc / the menu asked to enter or leave (the window loop acts)
  bool black = false;               // B while presenting
  float presenterSavedScale = 0;    // uiScale before presenting (restored on leaving)
  float pointerX = -1, pointerY = -1;  // window px, last frame (presenter: a resting pointer shows no tooltips)
  double pointerStillS = 0;
  std::string projectPath;          // the open .chronomap ("" = none)
  bool projectDirty = false;        // sources added since the project was opened or saved
  std::vector<std::string> eventSources, mapSources, rasterSources;  // what was loaded, for projects
  std::string openProjectRequest;   // a .chronomap to open (File > Open, Recent), taken by the loop
  bool saveProjectRequest = false, saveProjectAs = false;
  std::string saveAsPath;           // the Save As box
  bool quitPrompt = false;          // "Save changes?" is open
  bool quitConfirmed = false;       // the user chose Save or Discard: quit now
  std::string openAfterPrompt;      // a project to open once "Save changes?" is answered ("" = none)
  bool openConfirmed = false;       // "Save changes?" answered for openProjectRequest: open without asking
  enum class StoryAfterPrompt { None, Close, New };
  StoryAfterPrompt storyAfterPrompt = StoryAfterPrompt::None;  // what becomes of the story once "Save changes?" is answered
  std::string prompt;               // the modal open this frame: "save-changes", "save-as", "export" or ""
  std::vector<std::pair<std::string, Rect>> widgets;  // named controls drawn this frame (for --state-out)
  bool exportImageRequest = false;  // Ctrl+E: the export dialog
  std::string exportPath = "chronomap-export.png";
  int exportW = 1920, exportH = 1080;
  std::string exportMessage;
  bool exportNow = false;           // the dialog's Export button: the loop renders offscreen
  std::vector<std::string> recent;  // recent project files, newest first
  // Autosave of unsaved story edits (app/recovery.hpp) and what earlier runs left to recover.
  struct Autosave {
    double lastS = -1e9;     // clock of the last check (seconds)
    std::string file;        // the recovery file this run wrote ("" = none)
    std::string text;        // the story as last written there
    int writes = 0;          // recovery files written this run
    std::string error;       // the last autosave's failure ("" = none)
  } autosave;
  std::vector<Recovery> recoveries;  // offered at start, first one in the dialog
  std::shared_ptr<const Project> pendingProject;  // a project's view, applied once the layout is known

  // --- a PG: source queried live (app/pg_view.hpp) ---
  std::shared_ptr<PgView> pg;           // null when none is open
  int64_t pgLiveAbove = 200000;         // --pg-live: PG: tables with more rows go live (kPgLoadWholeRows)
};

void applyCommands(AppState& s);

}  // namespace app
