// Command-line options. The names are a contract users' scripts rely on: add, never rename.
#pragma once
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
};

// Returns 0 when the arguments are good, 2 (and a message naming the argument) when not.
int parseArgs(int argc, char** argv, Options& out, std::string& error);
std::string helpText();

}  // namespace app
