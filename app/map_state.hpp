// State of the map panel, the filters and the events list (members of AppState: `filters`, `mapui`,
// `list`). What these views cache between frames lives here, never in function-local statics.
#pragma once
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "geo/map_layer.hpp"
#include "geo/spatial_index.hpp"
#include "geo/time_space_index.hpp"
#include "geo/time.hpp"

namespace app {

// The filters every view shares (map, timeline, events list). An empty list means "no restriction";
// otherwise only events with one of the listed keys pass.
struct Filters {
  std::string text;                     // case-insensitive, over title, description and place
  std::vector<std::string> categories;  // category keys
  std::vector<std::string> countries;   // ISO 3166-1 alpha-3
  std::vector<std::string> actors;
  int64_t minFatalities = 0;            // > 0: only events with at least this many (best estimate)
  geo::Precision minPrecision = geo::Precision::Year;  // the timeline's "any precision" = Year
  bool operator==(const Filters& o) const {
    return text == o.text && categories == o.categories && countries == o.countries && actors == o.actors &&
           minFatalities == o.minFatalities && minPrecision == o.minPrecision;
  }
  bool operator!=(const Filters& o) const { return !(*this == o); }
};

// What the filters let through, recomputed only when the filters or the data change.
struct FilterResult {
  Filters builtFor;
  uint64_t builtRev = 0;            // s.data.events.revision() at build time
  uint64_t generation = 0;          // bumped at each recomputation: caches key on it
  std::vector<uint8_t> pass;        // per event: 1 when every filter lets it through
  size_t passCount = 0;
  // Facets for the filters panel: key and how many events carry it (over all events).
  std::vector<std::pair<std::string, size_t>> categoryCounts, countryCounts, actorCounts;
};

// A count bubble or a single symbol on the map this frame.
// A rectangle of window px by its corners.
struct ScreenBox {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct MapCluster {
  double x = 0, y = 0;            // map CRS metres
  uint32_t seed = 0;              // event index of the highest-priority member
  std::vector<uint32_t> members;  // event indices, most important first
};

struct MapUi {
  // The events' areas and lines (geo::EventShape) as one map layer in the map CRS, rebuilt when the
  // events change; feature f belongs to event shapeEvent[f].
  geo::MapLayer eventShapes;
  std::vector<uint32_t> shapeEvent;
  uint64_t shapesRev = 0;         // s.data.events.revision() the shapes were built for
  uint64_t shapesVersion = 0;

  // Fly-to: the camera eases from `from` to `to` over flyDuration seconds.
  bool flying = false;
  double flyT = 0, flyDuration = 0.8;
  double fromCx = 0, fromCy = 0, fromUpp = 1, toCx = 0, toCy = 0, toUpp = 1;
  int lastSelected = -1;          // to fly to a selection made elsewhere (timeline, list, story)
  bool selectionFromMap = false;  // a click on the map selected: do not fly

  // Visibility: an index of the events by start, end and place (rebuilt when the data or the filters
  // change), this frame's time cut and how many it shows (geo/time_space_index.hpp).
  geo::TimeSpaceIndex index;
  uint64_t indexFilterGen = ~0ull;  // s.filtered.generation the index was built for
  uint64_t indexVersion = 0;        // bumped at each rebuild
  geo::TimeCut cut;
  size_t shownCount = 0;            // shown at this time, everywhere
  size_t shownInView = 0;           // of them, inside the view (counted in the density cells when many)
  // Density counts over the view and a margin, following the time incrementally.
  geo::DensityCounts densityCounts;
  uint64_t densityIndexVersion = 0;
  double densityCountedAt = -1e9;   // ImGui time of the last recount from scratch
  // Clusters of the shown events in the view and a margin (map metres: panning within the margin
  // does not rebuild them); what they were made for.
  std::vector<MapCluster> clusters;
  geo::GridIndex clusterGrid;     // cluster positions, map metres: hover and click
  geo::BBox clusterRegion;
  uint64_t clusterIndexVersion = 0;
  geo::TimeCut clusterCut;
  double clusterUpp = 0;
  float clusterScale = 0;
  bool clusterMode = true;
  bool clustering = true;         // View option: merge overlapping symbols into count bubbles
  bool legendOpen = true;         // the legend unfolded (View > Legend, or a click on its title)
  ScreenBox legendBox, toolbarBox;  // where they were last frame: labels keep off them
  bool legendChosen = false;      // the user folded or unfolded it (else: folded when the map is small)
  bool density = false;           // drawing the density image this frame (very many events)
  uint64_t densityImageVersion = 0, densityImageIndex = 0;  // the counts the image was coloured from
  uint64_t densityUpload = 0;     // bumped when the image changes (render/ re-uploads it)
  std::vector<uint8_t> densityRgba;
  int densityW = 0, densityH = 0;
  double densityMinX = 0, densityMinY = 0, densityMaxX = 0, densityMaxY = 0;  // map metres

  // Hover and the pick list (several events under the pointer).
  int hoveredCluster = -1;
  std::vector<uint32_t> pickList;  // the first events of the list (at most 2,000 from the density image)
  size_t pickTotal = 0;            // how many there are in all
  float pickX = 0, pickY = 0;     // window px where the list opened
  bool pickOpen = false;
  std::string tooltip;            // the tooltip shown this frame (reported by --state-out)

  // Drawn this frame (window px), for --state-out and tests.
  struct DrawnCluster {
    uint32_t count;
    float x, y;
  };
  std::vector<DrawnCluster> drawnClusters;
  bool cursorValid = false;
  double cursorLon = 0, cursorLat = 0;

  // Label anchors and lookups, computed once per layer set (keyed on the layers' data pointers).
  const void* anchorsFor = nullptr;
  std::vector<double> countryLabelX, countryLabelY;    // per country feature, map metres
  std::vector<double> disputedLabelX, disputedLabelY;  // per disputed feature
  uint64_t provinceRev = 0;       // s.data.events.revision() provinceOf was sized for
  std::vector<int> provinceOf;    // per event: province feature (-1 none, -2 not looked up yet)
  double groundMpp = 1000;        // ground metres per px at the view centre (this frame)

  // Style.
  bool highlightCsto = false;
  int pendingZoom = 0;            // keys over the map: +1 in, -1 out (applied by the map panel)
  double zoomedAt = -1e9;         // ImGui time of the last zoom step (a zoom under way shows the basemap scaled)
  float pendingPanX = 0, pendingPanY = 0;  // px
  bool fitAllRequested = false;
  bool focusSearch = false;       // Ctrl+F: focus the menu bar's search box next frame
  bool searchActive = false;      // the search box has the keyboard
  float searchBox[4] = {0, 0, 0, 0};  // window px x, y, w, h of the menu bar's search box
};

// What the shared filters were last folded into the timeline's lane index for.
struct TimelineFilterKey {
  const void* data = nullptr;
  size_t count = 0;
  int group = -1, minPrecision = -1;
  uint64_t generation = 0;
  bool operator==(const TimelineFilterKey& o) const {
    return data == o.data && count == o.count && group == o.group && minPrecision == o.minPrecision && generation == o.generation;
  }
};

// The events list (a tab beside the timeline).
struct EventsListUi {
  int sortColumn = 0;   // 0 date, 1 title, 2 place, 3 category, 4 fatalities, 5 source
  bool ascending = true;
  std::vector<uint32_t> rows;  // event indices in display order
  uint64_t builtGen = ~0ull;
  uint64_t builtRev = 0;  // s.data.events.revision() at build time
  int builtColumn = -1;
  bool builtAscending = true;
  bool followPlayhead = true;
  int64_t lastPlayhead = INT64_MIN;
  int lastSelected = -1;
  TimelineFilterKey timelineFilter;
};

}  // namespace app
