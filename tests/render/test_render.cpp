// The render test: `chronomap --render` with no DISPLAY writes a PNG of the asked size in which
// Armenia's fill colour is at the projected pixel of Yerevan and markers show their category colour.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/theme.hpp"
#include "geo/io.hpp"
#include "render_test_util.hpp"

using namespace geo;

using namespace rendertest;

TEST_CASE("Headless render without a display draws Armenia's fill at Yerevan's pixel", "[render]") {
  const std::string png = kOut + "/render-yerevan.png", state = kOut + "/render-yerevan.json";
  // Before any event: no marker covers the map; the relief shading is hidden so the fill is exact.
  REQUIRE(run("--render " + png + " --size 1280x720 --time 1900-01-01 --hide-layer relief --state-out " + state) == 0);
  Image img;
  REQUIRE(readPng(png, img.w, img.h, img.px));
  CHECK(img.w == 1280);
  CHECK(img.h == 720);
  const auto st = readJson(state);
  CHECK(st["counts"]["on_map"] == 0);
  double px, py;
  pixelOf(st, 44.517, 40.183, px, py);
  INFO("Yerevan at " << px << "," << py);
  const uint32_t want = app::countryFill("ARM", false);
  const uint32_t got = img.at(int(std::lround(px)), int(std::lround(py)));
  INFO(std::hex << "got " << got << " want " << want);
  CHECK(near(got, want, 3));
  // Baku is in Azerbaijan; the sea east of it is sea.
  pixelOf(st, 49.6, 40.3, px, py);
  CHECK(near(img.at(int(px), int(py)), app::countryFill("AZE", false), 3));
  pixelOf(st, 50.3, 39.5, px, py);
  CHECK(near(img.at(int(px), int(py)), app::mapPalette(false).sea, 3));
}

TEST_CASE("The relief shades the land but not the sea", "[render]") {
  const std::string png = kOut + "/render-relief.png", state = kOut + "/render-relief.json";
  REQUIRE(run("--render " + png + " --size 1280x720 --time 1900-01-01 --state-out " + state) == 0);
  Image img;
  REQUIRE(readPng(png, img.w, img.h, img.px));
  const auto st = readJson(state);
  double px, py;
  // Mount Aragats (4,090 m), north-west of Yerevan: shaded, so darker than Armenia's flat fill.
  pixelOf(st, 44.2, 40.53, px, py);
  const uint32_t fill = app::countryFill("ARM", false), got = img.at(int(px), int(py));
  INFO(std::hex << "got " << got << " fill " << fill);
  CHECK(int((got >> 8) & 255) < int((fill >> 8) & 255) - 8);
  // The Caspian east of Baku keeps the sea colour.
  pixelOf(st, 50.3, 39.5, px, py);
  CHECK(near(img.at(int(px), int(py)), app::mapPalette(false).sea, 3));
}

TEST_CASE("Headless render draws each event's marker in its category colour", "[render]") {
  const std::string png = kOut + "/render-default.png", state = kOut + "/render-default.json";
  // All events at full strength (cumulative mode fades the older ones).
  REQUIRE(run("--render " + png + " --size 1280x720 --window all --state-out " + state) == 0);
  Image img;
  REQUIRE(readPng(png, img.w, img.h, img.px));
  const auto st = readJson(state);
  CHECK(st["counts"]["loaded"].get<int>() >= 70);
  CHECK(st["counts"]["on_map"].get<int>() > 20);
  // Events whose marker no other marker overlaps.
  Dataset d;
  std::string err;
  REQUIRE(loadEvents(std::string(CHRONOMAP_SOURCE_DIR) + "/assets/events/karabakh-csto.geojson", d, &err));
  std::vector<std::pair<std::string, std::pair<double, double>>> onMap;
  for (const auto& e : st["events"])
    if (!e["map"].is_null()) onMap.push_back({e["id"], {e["map"][0], e["map"][1]}});
  int isolated = 0, matched = 0;
  for (size_t i = 0; i < onMap.size(); ++i) {
    bool alone = true;
    for (size_t k = 0; k < onMap.size() && alone; ++k)
      if (k != i && std::hypot(onMap[i].second.first - onMap[k].second.first, onMap[i].second.second - onMap[k].second.second) < 14)
        alone = false;
    if (!alone) continue;
    ++isolated;
    const Event& e = d.events.get(size_t(d.findEvent(onMap[i].first)));
    // Symbols of events whose deaths are unknown are hollow: the colour is in their band, so look
    // within the symbol's radius (from the state), not only at its centre.
    const auto& se = *std::find_if(st["events"].begin(), st["events"].end(), [&](const auto& x) { return x["id"] == onMap[i].first; });
    const double r = se.contains("r") ? se["r"].get<double>() * 0.85 : 0.0;
    bool found = false;
    for (int dy = -int(r); dy <= int(r) && !found; ++dy)
      for (int dx = -int(r); dx <= int(r) && !found; ++dx)
        if (dx * dx + dy * dy <= r * r &&
            near(img.at(int(onMap[i].second.first) + dx, int(onMap[i].second.second) + dy), app::categoryColor(e.category), 8))
          found = true;
    if (found) ++matched;
  }
  INFO(matched << " of " << isolated << " isolated markers show their category colour");
  REQUIRE(isolated >= 5);
  CHECK(matched >= isolated * 8 / 10);
}

TEST_CASE("Headless render exits 3 naming a source that cannot be opened, 2 for a bad argument", "[render]") {
  CHECK(run("/nonexistent/events.csv --render " + kOut + "/never.png 2>/dev/null") == 3);
  CHECK(run("--render " + kOut + "/never.png --size 10x 2>/dev/null") == 2);
}
