// The shared filters: which events pass (category, country, actor, text, fatalities, precision), the
// per-event mask every view reads, and the Filters tab of the side panel.
#pragma once
#include <string>

#include "app/app_state.hpp"

namespace app {

// Recomputes s.filtered when the filters or the data changed since the last call (cheap otherwise).
// s.filters.minPrecision is the one precision filter (the timeline's combo and the Filters tab edit it).
void updateFilters(AppState& s);
// Whether event i passes the filters (true for every event before the first updateFilters).
inline bool passesFilters(const AppState& s, size_t i) {
  return i >= s.filtered.pass.size() || s.filtered.pass[i] != 0;
}
// Whether event i passes the given filters (the rule behind the mask; pure, for tests). lowerText is
// lowerAscii(f.text).
bool eventPasses(const Filters& f, const geo::EventStore& ev, size_t i, const std::string& lowerText);
// ASCII lower-casing (UTF-8 bytes above 127 are kept: search is exact for non-Latin letters).
std::string lowerAscii(const std::string& s);
// "312 of 1,204 events shown"
std::string filterSummary(const AppState& s);
bool filtersActive(const Filters& f);
// The Filters tab (inside the side panel's tab bar).
void drawFiltersTab(AppState& s);
// The Layers tab: visibility, opacity and order of the basemap, --map and --raster layers.
void drawLayersTab(AppState& s);

}  // namespace app
