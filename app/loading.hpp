// Building the AppState's data from the command line: event sources, CRS, basemap, default view.
#pragma once
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "app/cli.hpp"

namespace app {

// The relief shade fades out over this many of its 2048 px where its data stops (no hard edge).
constexpr int kReliefFeatherPx = 24;

struct LoadReport {
  std::vector<std::string> unopenable;  // "path: reason" for sources that could not be opened at all
  double eventsMs = 0, basemapMs = 0;
  std::string badArgument;  // a --crs that cannot be understood: the program exits with status 2
  std::string deferredRelief;  // with deferRelief: the source of the relief raster to load in the background
};

std::string defaultAssetsDir();
// Loads the command line's sources and the basemap and sets the default view. The window runs it
// on a worker while it shows a progress bar; --render runs it directly. progress may be null.
// With deferRelief, the relief raster is not warped here (it is named in the report, for a background
// job after the first frame).
LoadReport loadInitialData(AppState& s, const Options& o, geo::LoadProgress* progress = nullptr,
                           bool deferRelief = false);

struct LoadResult;
// Adds a finished background load (File > Open, a dropped file) to the state: events merged and
// re-sorted (selection kept by id), or map layers added; problems listed; a status line written.
// Returns the indices of new map layers (so the renderer can upload them).
bool mergeLoadResult(AppState& s, LoadResult& r);

// "1,204"
std::string withThousands(int64_t n);

}  // namespace app
