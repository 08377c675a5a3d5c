#include "app/cli.hpp"

#include <cstdlib>
#include <cstring>

namespace app {

std::string helpText() {
  return R"(Usage: chronomap [EVENTS...] [options]

Explore dated, geolocated events on a linked timeline and map.

  EVENTS...             event sources (any GDAL vector source in Chronomap's format);
                        default: the bundled Nagorno-Karabakh and CSTO events
  --map SOURCE          add a vector map layer source above the bundled basemap (repeatable)
  --no-basemap          leave the bundled basemap out
  --time ISO8601        put the playhead at this time (e.g. 2022-09-13)
  --bbox minLon,minLat,maxLon,maxLat
                        fit this WGS84 box into the map panel
  --select ID           select the event with this id
  --render OUT.png      draw exactly what the window would show, write the PNG and exit
                        (works without a display)
  --size WxH            window or --render size in pixels (default 1600x900)
  --state-out FILE      write the view state as JSON on exit, and after the next frame
                        whenever the process receives SIGUSR1
  --window MODE         time mode: all, cumulative (default), or a window length such as
                        12h, 30d, 2w, 6mo, 1y (only the events of that last stretch show)
  --crs CRS             map projection: EPSG:code, a PROJ string or WKT (default: an equal-area
                        azimuthal projection centred on the data)
  --raster SOURCE       add a raster (GeoTIFF hillshade, scanned map) under the vector layers
  --schema NAME         read event sources as acled, ucdp-ged, timelinejs, kml, generic or gdelt
                        (default: recognised from the columns)
  --field KEY=COLUMN    take an event field from a column (repeatable); keys: id, start, end,
                        title, description, category, actors, countries, place, lat, lon,
                        fatalities_best, fatalities_low, fatalities_high, sources, precision
  --date-format FMT     dates as dmy, mdy, ymd or a strftime pattern (default: detected)
  --hide-layer NAME     start with a map layer hidden (e.g. relief, provinces, places); repeatable
  --filter TEXT         show only events whose title, description or place contains TEXT (the
                        search box; map, timeline and events list alike)
  --pg-live MODE        PG: (PostGIS) sources: auto (default) loads a table of at most 200,000
                        rows whole and queries a larger one live, window by window; always,
                        never, or a number of rows (docs/postgis.md)
  --assets DIR          folder of the bundled data (default: the installed assets)

Stories, presenter, export, projects:
  --story FILE          load a story (assets/stories/README.md); opens step 1
  --step N              open step N of the story (steps are numbered from 1)
  --present             start in presenter mode (full screen; with --render/--export-image,
                        draw the presenter layout at --size)
  --export-image OUT.png
                        write the current view as a presentation image (map, legend, date,
                        title, attributions) at --size (at most 3840x2160) and exit
  --export-video OUT    write playback (--from, --to, --duration) or, with --story, the whole
                        story as OUT.mp4, OUT.gif (through ffmpeg) or, when OUT is a folder or
                        ends in /, numbered PNG frames; size --size (at most 3840x2160)
  --from DATE, --to DATE
                        playback export: the playhead moves from DATE to DATE
  --fps N               frames per second of --export-video (default 30)
  --duration S          playback export: length of the video in seconds (default 10)
  --hold S              story export: seconds each step is held (default 4)
  --transition S        story export: seconds of the move into each step (default 1);
                        N steps make N x (hold + transition) x fps frames
  --frames-dir DIR      also write the exported frames as numbered PNGs into DIR
  --project FILE        open a project (.chronomap); a .chronomap given as EVENTS opens as one
  --allow-network       let GDAL fetch remote sources that files name (VRT sources, KML
                        NetworkLinks, a project's remote sources); without it Chronomap
                        reaches the network only for remote sources named on the command line
                        or in File > Open (http(s)://, /vsicurl/, PG:...)
  --verbose             print timings
  --help                this text

Keys: Ctrl+Q quit, Ctrl+O open, Ctrl+S save project, Ctrl+Shift+S save as, Ctrl+E export image,
F5 presenter (PageDown/PageUp, arrows, Space/Backspace, Home/End, B black, R back to the step,
Esc leave), Ctrl+= / Ctrl+- / Ctrl+0 UI scale, wheel zoom, drag pan, click select.
Exit status: 0 success, 1 no display (or the display lost), 2 bad argument, 3 --render/--export-*
with a source that cannot be opened, 4 ffmpeg missing or failed, 5 no OpenGL 3.3 core context.
Unsaved story edits are autosaved every 2 s to $XDG_STATE_HOME/chronomap/recovery (or
$CHRONOMAP_STATE_DIR) and offered at the next start if the program did not quit normally.
)";
}

namespace {
bool parseBbox(const std::string& s, geo::BBox& b) {
  double v[4];
  const char* p = s.c_str();
  for (int i = 0; i < 4; ++i) {
    char* end = nullptr;
    v[i] = std::strtod(p, &end);
    if (end == p) return false;
    p = end;
    if (i < 3) {
      if (*p != ',') return false;
      ++p;
    }
  }
  if (*p != '\0') return false;
  b = {v[0], v[1], v[2], v[3]};
  return b.minX < b.maxX && b.minY < b.maxY && b.minX >= -180 && b.maxX <= 180 && b.minY >= -90 && b.maxY <= 90;
}

bool parseSize(const std::string& s, int& w, int& h) {
  const size_t x = s.find_first_of("xX");
  if (x == std::string::npos) return false;
  char* e1 = nullptr;
  char* e2 = nullptr;
  const long a = std::strtol(s.c_str(), &e1, 10);
  const long b = std::strtol(s.c_str() + x + 1, &e2, 10);
  if (e1 != s.c_str() + x || *e2 != '\0' || a < 64 || b < 64 || a > 16384 || b > 16384) return false;
  w = int(a);
  h = int(b);
  return true;
}
}  // namespace

bool parseDuration(const std::string& text, geo::Seconds& out) {
  char* end = nullptr;
  const double n = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !(n > 0)) return false;
  const std::string unit(end);
  double secs = 0;
  if (unit == "h") secs = 3600;
  else if (unit == "d") secs = 86400;
  else if (unit == "w") secs = 7 * 86400;
  else if (unit == "mo") secs = 30 * 86400;
  else if (unit == "y") secs = 365 * 86400;
  else return false;
  out = geo::Seconds(n * secs);
  return out > 0;
}

int parseArgs(int argc, char** argv, Options& o, std::string& error) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool hasInline = false;
    if (arg.rfind("--", 0) == 0) {
      const size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        hasInline = true;
      }
    }
    auto need = [&](std::string& dst) -> bool {
      if (hasInline) { dst = value; return true; }
      if (i + 1 >= argc) { error = arg + " needs a value"; return false; }
      dst = argv[++i];
      return true;
    };
    auto flag = [&]() -> bool {
      if (hasInline) { error = arg + " takes no value"; return false; }
      return true;
    };
    std::string v;
    if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else if (arg == "--verbose" || arg == "-v") {
      if (!flag()) return 2;
      o.verbose = true;
    } else if (arg == "--allow-network") {
      if (!flag()) return 2;
      o.allowNetwork = true;
    } else if (arg == "--no-basemap") {
      if (!flag()) return 2;
      o.noBasemap = true;
    } else if (arg == "--map") {
      if (!need(v)) return 2;
      o.maps.push_back(v);
    } else if (arg == "--time") {
      if (!need(v)) return 2;
      std::string err;
      if (!geo::parseIso8601(v, o.time, &err)) { error = "--time: " + err; return 2; }
      o.hasTime = true;
    } else if (arg == "--bbox") {
      if (!need(v)) return 2;
      if (!parseBbox(v, o.bbox)) {
        error = "--bbox: '" + v + "' is not minLon,minLat,maxLon,maxLat in degrees with min < max";
        return 2;
      }
      o.hasBbox = true;
    } else if (arg == "--select") {
      if (!need(o.select)) return 2;
    } else if (arg == "--render") {
      if (!need(o.renderOut)) return 2;
      if (o.renderOut.empty()) { error = "--render needs a file name"; return 2; }
    } else if (arg == "--size") {
      if (!need(v)) return 2;
      if (!parseSize(v, o.width, o.height)) {
        error = "--size: '" + v + "' is not WIDTHxHEIGHT (64 to 16384 pixels each)";
        return 2;
      }
      o.sizeSet = true;
    } else if (arg == "--state-out") {
      if (!need(o.stateOut)) return 2;
    } else if (arg == "--window") {
      if (!need(o.window)) return 2;
      if (o.window != "all" && o.window != "cumulative" && !parseDuration(o.window, o.windowSeconds)) {
        error = "--window: '" + o.window + "' is not all, cumulative or a duration such as 12h, 30d, 2w, 6mo, 1y";
        return 2;
      }
    } else if (arg == "--crs") {
      if (!need(o.crs)) return 2;
      if (o.crs.empty()) { error = "--crs needs a value"; return 2; }
    } else if (arg == "--raster") {
      if (!need(v)) return 2;
      o.rasters.push_back(v);
    } else if (arg == "--schema") {
      if (!need(o.schema)) return 2;
      if (o.schema != "acled" && o.schema != "ucdp-ged" && o.schema != "timelinejs" && o.schema != "kml" &&
          o.schema != "generic" && o.schema != "gdelt") {
        error = "--schema: '" + o.schema + "' is not one of acled, ucdp-ged, timelinejs, kml, generic, gdelt";
        return 2;
      }
    } else if (arg == "--field") {
      if (!need(v)) return 2;
      static const char* kKeys[] = {"id", "start", "end", "title", "description", "category", "actors", "countries",
                                    "place", "lat", "lon", "fatalities_best", "fatalities_low", "fatalities_high",
                                    "sources", "precision"};
      const size_t eq = v.find('=');
      const std::string key = eq == std::string::npos ? v : v.substr(0, eq);
      bool known = false;
      for (const char* k : kKeys) known = known || key == k;
      if (eq == std::string::npos || eq + 1 >= v.size() || !known) {
        error = "--field: '" + v + "' is not KEY=COLUMN with KEY one of id, start, end, title, description, category, "
                "actors, countries, place, lat, lon, fatalities_best, fatalities_low, fatalities_high, sources, precision";
        return 2;
      }
      o.fields.push_back({key, v.substr(eq + 1)});
    } else if (arg == "--date-format") {
      if (!need(o.dateFormat)) return 2;
      if (o.dateFormat != "dmy" && o.dateFormat != "mdy" && o.dateFormat != "ymd" &&
          o.dateFormat.find('%') == std::string::npos) {
        error = "--date-format: '" + o.dateFormat + "' is not dmy, mdy, ymd or a strftime pattern such as %d/%m/%Y";
        return 2;
      }
    } else if (arg == "--hide-layer") {
      if (!need(v)) return 2;
      o.hideLayers.push_back(v);
    } else if (arg == "--filter") {
      if (!need(o.filterText)) return 2;
    } else if (arg == "--pg-live") {
      if (!need(v)) return 2;
      if (!parsePgLiveMode(v, o.pgLiveAbove, &error)) return 2;
    } else if (arg == "--assets") {
      if (!need(o.assetsDir)) return 2;
    } else if (arg == "--story") {
      if (!need(o.story)) return 2;
      if (o.story.empty()) { error = "--story needs a file name"; return 2; }
    } else if (arg == "--step") {
      if (!need(v)) return 2;
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (end == v.c_str() || *end != '\0' || n < 1 || n > 100000) {
        error = "--step: '" + v + "' is not a step number (steps are numbered from 1)";
        return 2;
      }
      o.step = int(n);
    } else if (arg == "--present") {
      if (!flag()) return 2;
      o.present = true;
    } else if (arg == "--export-image") {
      if (!need(o.exportImage)) return 2;
      if (o.exportImage.empty()) { error = "--export-image needs a file name"; return 2; }
    } else if (arg == "--export-video") {
      if (!need(o.exportVideo)) return 2;
      if (o.exportVideo.empty()) { error = "--export-video needs a file name or a folder"; return 2; }
    } else if (arg == "--frames-dir") {
      if (!need(o.framesDir)) return 2;
    } else if (arg == "--from" || arg == "--to") {
      if (!need(v)) return 2;
      std::string err;
      geo::TimeValue& t = arg == "--from" ? o.from : o.to;
      if (!geo::parseIso8601(v, t, &err)) { error = arg + ": " + err; return 2; }
      (arg == "--from" ? o.hasFrom : o.hasTo) = true;
    } else if (arg == "--fps") {
      if (!need(v)) return 2;
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (end == v.c_str() || *end != '\0' || n < 1 || n > 120) { error = "--fps: '" + v + "' is not a whole number from 1 to 120"; return 2; }
      o.fps = int(n);
    } else if (arg == "--duration" || arg == "--hold" || arg == "--transition") {
      if (!need(v)) return 2;
      char* end = nullptr;
      const double d = std::strtod(v.c_str(), &end);
      const bool zeroOk = arg == "--transition";
      if (end == v.c_str() || *end != '\0' || !(zeroOk ? d >= 0 : d > 0) || d > 3600) {
        error = arg + ": '" + v + "' is not a number of seconds " + (zeroOk ? "from 0" : "above 0") + " up to 3600";
        return 2;
      }
      (arg == "--duration" ? o.duration : arg == "--hold" ? o.hold : o.transition) = d;
    } else if (arg == "--project") {
      if (!need(o.project)) return 2;
      if (o.project.empty()) { error = "--project needs a file name"; return 2; }
    } else if (arg.size() > 1 && arg[0] == '-') {
      error = "unknown option '" + arg + "' (see --help)";
      return 2;
    } else if (arg.size() > 10 && arg.compare(arg.size() - 10, 10, ".chronomap") == 0 && o.project.empty()) {
      o.project = arg;
    } else {
      o.events.push_back(arg);
    }
  }
  if (!o.exportImage.empty() || !o.exportVideo.empty()) {
    if (o.width > 3840 || o.height > 2160) {
      error = "--size: exports are at most 3840x2160";
      return 2;
    }
    if (!o.exportImage.empty() && !o.exportVideo.empty()) {
      error = "--export-image and --export-video: give one at a time";
      return 2;
    }
  }
  if (!o.exportVideo.empty() && o.story.empty() && o.project.empty() && (!o.hasFrom || !o.hasTo)) {
    error = "--export-video needs --from and --to (playback), or --story (a whole story)";
    return 2;
  }
  if (o.hasFrom && o.hasTo && o.to.t <= o.from.t) {
    error = "--to must be after --from";
    return 2;
  }
  if (o.step > 0 && o.story.empty() && o.project.empty()) {
    error = "--step needs --story";
    return 2;
  }
  return 0;
}

}  // namespace app
