// A PG: source shown live: the map and the timeline ask the database for what they show (through
// app::PgLive on a worker) instead of holding the table in memory.
//
// The rule (--pg-live): a PG: table of at most kPgLoadWholeRows rows loads whole, like a file, and
// every view works on it (lanes, filters, the events list, stories). A larger one (or any, with
// --pg-live always) is live:
// - the map asks for the window it shows (time cut of the playhead and mode, the view's box) at each
//   frame where either changes, and draws the last result: the events, or when the view holds more
//   than the draw budget (20,000) the density cells the server counted;
// - the timeline shows the events per time bin in the view's box (a histogram the server counts,
//   asked once the view rests) and the window's exact total;
// - hovering a returned event shows it, a click selects it and the side panel shows its details;
// - no frame waits on the database: results wake the idle loop (glfwPostEmptyEvent) when they come.
// One live source at a time: a second one opened replaces the first. Filters, lanes, the events list
// and stories apply to loaded events only.
//
// Sections of app/pg_view.cpp: the probe (live or whole); the view's state; map; timeline; details;
// state.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include "app/app_state.hpp"
#include "app/panels.hpp"
#include "app/pg_live.hpp"
#include "geo/pg_source.hpp"
#include "render/map_renderer.hpp"

namespace app {

// What opening a PG: source found: whether it goes live, and for a live one what the view needs
// before the first window (where the data is, when).
struct PgProbe {
  std::string connection;  // as given (in memory only: it may hold a password)
  std::string display;     // host/dbname/table (geo::pgDisplayName)
  bool live = false;
  int64_t rows = -1;       // counted up to the rule's limit + 1 (so "more than"), else the estimate
  bool rowsExact = false;  // rows is a count, not the planner's estimate
  geo::PgTable table;
  geo::BBox extent = geo::BBox::empty();  // WGS84; invalid when unknown
  bool hasTime = false;
  geo::Seconds first = 0, last = 0;       // seconds UTC
  std::vector<std::string> notes;
};

// Connects (creating no index: that is the live view's worker's job), finds the table, counts its
// rows up to liveAbove + 1 and, when live, reads its extent and time range. False with *error (the
// source named by host/dbname/table, never its password) when it cannot be opened.
bool probePg(const std::string& connection, int64_t liveAbove, PgProbe& out, std::string* error);

// Makes s.pg the live view of the probed source (replacing one there), connecting on its worker.
void startPgView(AppState& s, const PgProbe& probe);
// The window loop's wake-up, called on a worker when a result arrives (glfwPostEmptyEvent).
void setPgWake(AppState& s, void (*wake)());
// A result or a state change arrived since the last call: draw a frame.
bool pgTakeNews(AppState& s);
bool pgLive(const AppState& s);  // a live source is open
// --render, --export-*: waits (at most timeoutS) until what the view asked for has come (never in
// the window).
void pgSettle(AppState& s, double timeoutS);
// The live source's first and last event (seconds UTC), for playback; false when none is open.
bool pgTimeRange(const AppState& s, geo::Seconds& first, geo::Seconds& last);

// --- map (app/map_panel.cpp) ---
// At the top of buildMapFrame: asks for the view's window, takes what came back.
void pgPrepareMap(AppState& s, float sc);
// Adds the returned events (or the cells' density image, unless the loaded events draw one) and the
// selection to the frame.
void pgAddToMapFrame(AppState& s, render::MapFrame& fr, float sc);
// Hover over the returned events and their bubbles (canHover: the pointer is over the map, not
// dragging, over no loaded event). Shows the tooltip; true when one is under the pointer.
bool pgMapHover(AppState& s, bool canHover);
// Events on the map panel this frame from the live source (for the map's own count); its count
// bubbles are added to s.mapui.drawnClusters (the panel draws their numbers). Returned events are
// clustered as the map's own (View option "Clusters"); a click on a bubble zooms in.
int pgOnMap(AppState& s);
void pgSelectHovered(AppState& s);
void pgClearSelection(AppState& s);

// --- timeline (app/timeline_panel.cpp): the counts over the lanes' area (window px) ---
void pgDrawTimeline(AppState& s, ImDrawList* dl, ImFont* font, float x, float y, float w, float h);

// --- side panel (app/panels.cpp): the selected returned event, or the source; false when no live
// source is open (the panel draws its own text then) ---
bool pgDrawDetails(AppState& s, const UiFonts& f);

// --- --state-out: "pg" (null when no live source) ---
void pgWriteState(const AppState& s, nlohmann::json& j);

}  // namespace app
