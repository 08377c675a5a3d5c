// Building the AppState's data from the command line: event sources, CRS, basemap, default view.
#pragma once
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "app/cli.hpp"

namespace app {

struct LoadReport {
  std::vector<std::string> unopenable;  // "path: reason" for sources that could not be opened at all
  double eventsMs = 0, basemapMs = 0;
  std::string badArgument;  // a --crs that cannot be understood: the program exits with status 2
};

std::string defaultAssetsDir();
// Loads everything synchronously (a worker comes with the data issue) and sets the default view.
LoadReport loadInitialData(AppState& s, const Options& o);

}  // namespace app
