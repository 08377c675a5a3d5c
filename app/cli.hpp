// Command-line options. The names are a contract users' scripts rely on: add, never rename.
#pragma once
#include "app/pg_live.hpp"
#include <string>
#include <vector>

#include "geo/time.hpp"
#include "geo/types.hpp"

namespace app {

struct Options {
  std::vector<std::string> events;  // event sources (default: the bundled events)
  std::vector<std::string> maps;    // --map: vector layers above the bundled basemap
  bool noBasemap = false;
  bool verbose = false;
  bool allowNetwork = false;        // --allow-network (or CHRONOMAP_ALLOW_NETWORK=1): GDAL may fetch what files name
  bool help = false;
  bool hasTime = false;
  geo::TimeValue time;              // --time
  bool hasBbox = false;
  geo::BBox bbox;                   // --bbox, WGS84
  std::string select;               // --select
  std::string renderOut;            // --render
  bool sizeSet = false;
  int width = 1600, height = 900;   // --size
  std::string stateOut;             // --state-out
  std::string assetsDir;            // --assets (where the bundled data lives)
  std::string window;               // --window: "all", "cumulative" or a duration (12h, 30d, 6mo, 1y)
  geo::Seconds windowSeconds = 0;   // parsed duration when --window is one
  std::string crs;                  // --crs: EPSG code, PROJ string or WKT
  std::vector<std::string> rasters; // --raster: raster sources under the vectors
  std::string schema;               // --schema: acled, ucdp-ged, timelinejs, kml, generic
  std::vector<std::pair<std::string, std::string>> fields;  // --field KEY=COLUMN
  std::string dateFormat;           // --date-format: dmy, mdy, ymd or a strftime pattern
  std::vector<std::string> hideLayers;  // --hide-layer NAME: start with that map layer hidden
  std::string filterText;           // --filter TEXT: the shared text filter (the search box)
  int64_t pgLiveAbove = kPgLoadWholeRows;  // --pg-live: PG: tables of more rows are queried live
  // Stories, presenter, export, projects.
  std::string story;                // --story FILE
  int step = 0;                     // --step N (1-based; 0 = not given)
  bool present = false;             // --present
  std::string exportImage;          // --export-image OUT.png
  std::string exportVideo;          // --export-video OUT (.mp4, .gif, or a folder for PNG frames)
  std::string framesDir;            // --frames-dir DIR: also write the frames as numbered PNGs
  bool hasFrom = false, hasTo = false;
  geo::TimeValue from, to;          // --from / --to (playback export)
  int fps = 30;                     // --fps
  double duration = 0;              // --duration S (playback export; 0 = unset)
  double hold = 4.0;                // --hold S (story export: seconds each step is held)
  double transition = 1.0;          // --transition S (story export: seconds of each move)
  std::string project;              // --project FILE, or a .chronomap given as a positional argument
};

// Returns 0 when the arguments are good, 2 (and a message naming the argument) when not.
int parseArgs(int argc, char** argv, Options& out, std::string& error);
// "12h", "30d", "2w", "6mo", "1y" -> seconds (a month is 30 days, a year 365 days); false if malformed.
bool parseDuration(const std::string& text, geo::Seconds& out);
std::string helpText();

}  // namespace app
