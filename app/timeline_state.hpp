// Per-panel UI state of the timeline (one member of AppState: `tlui`). What the panel caches between
// frames lives here, never in function-local statics.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/timeline_layout.hpp"
#include "geo/event_columns.hpp"

namespace app {

struct TimelineUi {
  // --- what the columns and lane index were built from (rebuilt when any changes) ---
  // The columns follow the data only; the lanes and their index follow the data, the lane grouping
  // and the shared filters (s.filtered.generation): the timeline shows exactly the filtered set.
  uint64_t builtRev = 0;            // data.events.revision() at build time
  int builtGroup = -1;              // LaneGroup at build time
  uint64_t builtFilterGen = ~0ull;  // s.filtered.generation at build time
  bool builtDark = false;            // the theme the lane colours were taken for

  geo::EventColumns cols;           // one row per data.events entry (filtered out or not)
  geo::LaneIndex index;             // per lane, culled by binary search; filtered-out events left out
  std::vector<std::string> laneNames;
  std::vector<uint32_t> laneColor;  // 0xRRGGBB: the category's colour, or grey for other groupings
  std::vector<uint8_t> collapsed;   // per lane (kept by lane name across rebuilds)
  geo::Seconds dataFirst = 0, dataLast = 0;  // earliest first and latest last of the events

  // DEPRECATED, read by nothing: the precision filter is s.filters.minPrecision (shared with the map
  // and the Filters tab). Kept only because app/presenter.cpp still assigns it; remove with that line.
  int minPrecision = 0;

  // --- per-frame output, reused to avoid allocations ---
  TimelineLayout layout;
  // What `layout` was made from: it is made again only when one of these changes (a scrub or play
  // moves the playhead, not the marks). indexBuilds counts index rebuilds.
  uint64_t indexBuilds = 0;
  struct LayoutKey {
    uint64_t indexBuilds = ~0ull;
    geo::Seconds t0 = 0, t1 = 0;
    double x0 = 0, width = 0;
    float markerHalfPx = 0;
    std::vector<int> laneRows;
    bool operator==(const LayoutKey& o) const {
      return indexBuilds == o.indexBuilds && t0 == o.t0 && t1 == o.t1 && x0 == o.x0 && width == o.width &&
             markerHalfPx == o.markerHalfPx && laneRows == o.laneRows;
    }
  } layoutKey;
  // What `density` was counted for (the same rule).
  struct DensityKey {
    uint64_t indexBuilds = ~0ull;
    geo::Seconds t0 = 0, t1 = 0;
    double width = 0, minBinPx = 0;
    bool operator==(const DensityKey& o) const {
      return indexBuilds == o.indexBuilds && t0 == o.t0 && t1 == o.t1 && width == o.width && minBinPx == o.minBinPx;
    }
  } densityKey;
  Density density;

  // --- where the last frame drew things (window px), for input ---
  float lanesX = 0, lanesY = 0, lanesW = 0, lanesH = 0;
  float densY = 0, densH = 0, eraY = 0;
  std::vector<float> laneY, laneH, rowH;  // per lane: top, height, sub-row height
  std::vector<uint8_t> laneEmpty;         // per lane: nothing in view this frame (drawn one line high)
  float labelW = 0;                       // width of the lane labels at the left of the lanes

  // --- interaction ---
  enum class Drag { None, Scrub, Pan, Brush } drag = Drag::None;
  double brushFromX = 0;            // px where a Shift-drag began
  char goTo[64] = "";               // the "go to" box
  bool goToError = false;
  char windowText[24] = "30d";      // the window length box
  int lastSelected = -1;            // to scroll to a selection made elsewhere
  bool wasPlaying = false;
  // Smooth zoom (presets, double-click, go to, Home, density click): the visible range moves along a
  // zoom-and-pan path (zoomPath) from `from` to `to` over kZoomAnimSeconds. Cancelled when something
  // else sets s.tl meanwhile (wheel, drag, a story step): `shown` is what the animation last wrote.
  struct ZoomAnim {
    bool active = false;
    geo::Seconds from0 = 0, from1 = 1, to0 = 0, to1 = 1, shown0 = 0, shown1 = 1;  // seconds UTC
    double elapsed = 0;  // seconds
  } zoomAnim;
  bool enterPressed = false;        // Return seen by the key callback this frame (for the go-to box)
  double playCarry = 0;             // fraction of a second of play not yet applied to the playhead
};

}  // namespace app
