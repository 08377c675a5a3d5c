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
  const void* builtFor = nullptr;   // data.events.data() at build time
  size_t builtCount = size_t(-1);   // data.events.size() at build time
  int builtGroup = -1;              // LaneGroup at build time
  int builtMinPrecision = -1;

  geo::EventColumns cols;           // one row per data.events entry
  geo::LaneIndex index;             // per lane, culled by binary search
  std::vector<std::string> laneNames;
  std::vector<uint32_t> laneColor;  // 0xRRGGBB: the category's colour, or grey for other groupings
  std::vector<uint8_t> collapsed;   // per lane
  geo::Seconds dataFirst = 0, dataLast = 0;  // earliest first and latest last of the events

  // --- filters and settings ---
  int minPrecision = 0;             // geo::Precision: hide events less precise than this (0 = year: all)

  // --- per-frame output, reused to avoid allocations ---
  TimelineLayout layout;
  Density density;
  std::vector<uint32_t> screenSet;  // events whose screen[].tlX the last frame set (reset next frame)

  // --- where the last frame drew things (window px), for input ---
  float lanesX = 0, lanesY = 0, lanesW = 0, lanesH = 0;
  float densY = 0, densH = 0, eraY = 0;
  std::vector<float> laneY, laneH, rowH;  // per lane: top, height, sub-row height
  float labelW = 0;                       // width of the lane labels at the left of the lanes

  // --- interaction ---
  enum class Drag { None, Scrub, Pan, Brush } drag = Drag::None;
  double brushFromX = 0;            // px where a Shift-drag began
  char goTo[64] = "";               // the "go to" box
  bool goToError = false;
  char windowText[24] = "30d";      // the window length box
  int lastSelected = -1;            // to scroll to a selection made elsewhere
  bool wasPlaying = false;
  bool enterPressed = false;        // Return seen by the key callback this frame (for the go-to box)
  double playCarry = 0;             // fraction of a second of play not yet applied to the playhead
};

}  // namespace app
