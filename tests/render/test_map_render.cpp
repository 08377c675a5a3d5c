// Map render tests through `chronomap --render` (no display): basemap fills at known places under
// three CRSs, event symbols in their category colours, symbol area growing with deaths, the halo of
// a month-precision event, and --filter narrowing the map and the events list.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/theme.hpp"
#include "geo/io.hpp"
#include "render_test_util.hpp"

using namespace geo;

using namespace rendertest;

namespace {

// Whether some pixel within `r` px of (x, y) has the colour.
bool colourWithin(const Image& img, double x, double y, double r, uint32_t want, int tol) {
  for (int dy = -int(r); dy <= int(r); ++dy)
    for (int dx = -int(r); dx <= int(r); ++dx)
      if (dx * dx + dy * dy <= r * r && near(img.at(int(std::lround(x)) + dx, int(std::lround(y)) + dy), want, tol)) return true;
  return false;
}

// Radius (px) of the symbol centred at (x, y): how far to the right its colour (or its outline)
// reaches before the background returns.
int drawnRadius(const Image& img, int x, int y, uint32_t background) {
  int r = 0;
  for (int d = 0; d < 80; ++d)
    if (!near(img.at(x + d, y), background, 6)) r = d;
    else if (d > r + 2) break;
  return r;
}

// A fixture of the bundled GeoJSON format: events far apart in Armenia and Azerbaijan.
std::string writeFixture(const std::string& name, const std::string& features) {
  const std::string path = kOut + "/" + name;
  std::ofstream f(path);
  f << R"({"type":"FeatureCollection","name":"fixture","features":[)" << features << "]}\n";
  return path;
}
std::string feature(const std::string& id, double lon, double lat, const std::string& start, const std::string& precision,
                    long fatalities, const std::string& category = "war") {
  std::ostringstream o;
  o << R"({"type":"Feature","properties":{"id":")" << id << R"(","title":")" << id << R"(","start":")" << start
    << R"(","precision":")" << precision << R"(","category":")" << category << "\"";
  if (fatalities >= 0) o << R"(,"fatalities_best":)" << fatalities;
  o << R"(},"geometry":{"type":"Point","coordinates":[)" << lon << "," << lat << "]}}";
  return o.str();
}
}  // namespace

TEST_CASE("Basemap fills sit at the projected pixels of Yerevan, Baku, Stepanakert and Jermuk in three CRSs", "[render][map]") {
  const uint32_t arm = app::countryFill("ARM", false), aze = app::countryFill("AZE", false);
  const auto& pal = app::mapPalette(false);
  // The disputed area is hatched over Azerbaijan's fill: a pixel there is the fill or the hatch.
  auto blend = [](uint32_t a, uint32_t b, double t) {
    uint32_t o = 0;
    for (int s : {0, 8, 16}) o |= uint32_t(std::lround(((a >> s) & 255) * (1 - t) + ((b >> s) & 255) * t)) << s;
    return o;
  };
  const uint32_t hatch = blend(aze, pal.disputedFill, 0.45);
  for (const std::string crs : {"", "EPSG:3857", "EPSG:4326"}) {
    const std::string tag = crs.empty() ? "laea" : crs.substr(5);
    const std::string png = kOut + "/map-crs-" + tag + ".png", state = kOut + "/map-crs-" + tag + ".json";
    // Places hidden: their labels may legitimately cover another place's pixel.
    REQUIRE(run("--render " + png + " --size 1600x900 --time 1900-01-01 --hide-layer relief --hide-layer places --state-out " + state +
                (crs.empty() ? "" : " --crs " + crs)) == 0);
    Image img;
    REQUIRE(readPng(png, img.w, img.h, img.px));
    const auto st = readJson(state);
    INFO("CRS " << st["crs"].get<std::string>());
    if (!crs.empty()) CHECK(st["crs"].get<std::string>() == crs);
    struct Place {
      const char* name;
      double lon, lat;
      uint32_t fill, alt;
    };
    const Place places[] = {{"Yerevan", 44.5136, 40.1811, arm, arm},
                            {"Baku", 49.8671, 40.4093, aze, aze},
                            {"Stepanakert", 46.7520, 39.8155, aze, hatch},
                            {"Jermuk", 45.6686, 39.8414, arm, arm}};
    for (const Place& p : places) {
      double x, y;
      pixelOf(st, p.lon, p.lat, x, y);
      const uint32_t got = img.at(int(std::lround(x)), int(std::lround(y)));
      INFO(p.name << " at " << x << "," << y << std::hex << ": got " << got << " want " << p.fill);
      CHECK(x > st["panels"]["map"][0].get<double>());
      if (p.alt == p.fill) CHECK(near(got, p.fill, 4));
      // In the hatched disputed area: the country's fill shows between the hatch lines.
      else CHECK(colourWithin(img, x, y, 4, p.fill, 4));
    }
    // The Caspian east of Baku is sea.
    double x, y;
    pixelOf(st, 50.6, 39.6, x, y);
    CHECK(near(img.at(int(x), int(y)), pal.sea, 3));
  }
}

TEST_CASE("Event symbols show their category colour at the positions the state reports, in three CRSs", "[render][map]") {
  Dataset d;
  std::string err;
  REQUIRE(loadEvents(std::string(CHRONOMAP_SOURCE_DIR) + "/assets/events/karabakh-csto.geojson", d, &err));
  for (const std::string crs : {"", "EPSG:3857", "EPSG:4326"}) {
    const std::string tag = crs.empty() ? "laea" : crs.substr(5);
    const std::string png = kOut + "/map-events-" + tag + ".png", state = kOut + "/map-events-" + tag + ".json";
    REQUIRE(run("--render " + png + " --size 1600x900 --window all --state-out " + state + (crs.empty() ? "" : " --crs " + crs)) == 0);
    Image img;
    REQUIRE(readPng(png, img.w, img.h, img.px));
    const auto st = readJson(state);
    std::vector<std::pair<std::string, std::array<double, 3>>> onMap;
    for (const auto& e : st["events"])
      if (!e["map"].is_null()) onMap.push_back({e["id"], {e["map"][0], e["map"][1], e["r"]}});
    int isolated = 0, matched = 0;
    for (size_t i = 0; i < onMap.size(); ++i) {
      bool alone = true;
      for (size_t k = 0; k < onMap.size() && alone; ++k)
        if (k != i && std::hypot(onMap[i].second[0] - onMap[k].second[0], onMap[i].second[1] - onMap[k].second[1]) < 30) alone = false;
      if (!alone) continue;
      ++isolated;
      const Event& e = d.events.get(size_t(d.findEvent(onMap[i].first)));
      // Hollow symbols (deaths unknown) show the colour in their band, filled ones everywhere.
      if (colourWithin(img, onMap[i].second[0], onMap[i].second[1], onMap[i].second[2] * 0.85, app::categoryColor(e.category), 10))
        ++matched;
    }
    INFO(tag << ": " << matched << " of " << isolated << " isolated symbols show their category colour");
    CHECK(isolated >= 5);
    CHECK(matched >= isolated * 9 / 10);
  }
}

TEST_CASE("A symbol's area grows with the deaths it stands for", "[render][map]") {
  const std::string src = writeFixture("fixture-deaths.geojson", feature("few", 44.3, 40.6, "2020-06-01", "day", 10) + "," +
                                                                    feature("many", 46.3, 40.6, "2020-06-02", "day", 1000));
  const std::string png = kOut + "/map-deaths.png", state = kOut + "/map-deaths.json";
  REQUIRE(run(src + " --render " + png + " --size 1280x720 --window all --hide-layer relief --hide-layer places --bbox 43,39,48,42 --state-out " + state) == 0);
  Image img;
  REQUIRE(readPng(png, img.w, img.h, img.px));
  const auto st = readJson(state);
  std::map<std::string, std::pair<double, double>> at;
  for (const auto& e : st["events"])
    if (!e["map"].is_null()) at[e["id"]] = {e["map"][0], e["map"][1]};
  REQUIRE(at.count("few"));
  REQUIRE(at.count("many"));
  const int rFew = drawnRadius(img, int(at["few"].first), int(at["few"].second), app::countryFill("ARM", false));
  const int rMany = drawnRadius(img, int(at["many"].first), int(at["many"].second), app::countryFill("AZE", false));
  INFO("radius for 10 deaths " << rFew << " px, for 1000 deaths " << rMany << " px");
  CHECK(rFew >= 5);
  CHECK(rMany >= 3 * rFew);
  CHECK(rMany * rMany >= 10 * rFew * rFew);  // area, not radius, carries the number
  // The centre is the category colour (deaths known: a filled symbol).
  CHECK(near(img.at(int(at["many"].first), int(at["many"].second)), app::categoryColor("war"), 8));
}

TEST_CASE("A month-precision event shows a halo - a day-precision one does not", "[render][map]") {
  const std::string src = writeFixture("fixture-halo.geojson", feature("vague", 44.3, 40.6, "2020-06", "month", 0) + "," +
                                                                  feature("exact", 46.3, 40.6, "2020-06-02", "day", 0));
  const std::string png = kOut + "/map-halo.png", state = kOut + "/map-halo.json";
  REQUIRE(run(src + " --render " + png + " --size 1280x720 --window all --hide-layer relief --hide-layer places --bbox 43,39,48,42 --state-out " + state) == 0);
  Image img;
  REQUIRE(readPng(png, img.w, img.h, img.px));
  const auto st = readJson(state);
  std::map<std::string, std::array<double, 3>> at;
  for (const auto& e : st["events"])
    if (!e["map"].is_null()) at[e["id"]] = {e["map"][0], e["map"][1], e["r"]};
  REQUIRE(at.count("vague"));
  REQUIRE(at.count("exact"));
  // Just outside the symbol: tinted around the vague event, the plain fill around the exact one.
  int tinted = 0, plain = 0;
  for (int k = 0; k < 8; ++k) {
    const double a = k * 0.785398;
    const double rv = at["vague"][2] + 4, re = at["exact"][2] + 4;
    const uint32_t v = img.at(int(std::lround(at["vague"][0] + rv * std::cos(a))), int(std::lround(at["vague"][1] + rv * std::sin(a))));
    const uint32_t e = img.at(int(std::lround(at["exact"][0] + re * std::cos(a))), int(std::lround(at["exact"][1] + re * std::sin(a))));
    if (channelDiff(v, app::countryFill("ARM", false)) >= 12) ++tinted;
    if (near(e, app::countryFill("AZE", false), 4)) ++plain;
  }
  CHECK(tinted >= 7);
  CHECK(plain >= 7);
}

TEST_CASE("The text filter (--filter) narrows the map, the timeline and the events list, and is reported", "[render][map]") {
  const std::string all = kOut + "/map-filter-all.json", some = kOut + "/map-filter-some.json";
  REQUIRE(run("--render " + kOut + "/map-filter-all.png --size 1600x900 --window all --state-out " + all) == 0);
  REQUIRE(run("--render " + kOut + "/map-filter-some.png --size 1600x900 --window all --filter ceasefire --state-out " + some) == 0);
  const auto a = readJson(all), b = readJson(some);
  CHECK(a["filters"]["text"] == "");
  CHECK(b["filters"]["text"] == "ceasefire");
  CHECK(b["filters"]["min_precision"] == "year");
  CHECK(b["filters"]["categories"].empty());
  CHECK(a["list_rows"].get<int>() == a["counts"]["loaded"].get<int>());
  CHECK(b["list_rows"].get<int>() > 0);
  CHECK(b["list_rows"].get<int>() < a["list_rows"].get<int>());
  CHECK(b["counts"]["on_map"].get<int>() < a["counts"]["on_map"].get<int>());
  CHECK(b["counts"]["on_timeline"].get<int>() < a["counts"]["on_timeline"].get<int>());
}

TEST_CASE("At the CSTO-wide view, count bubbles do not pile up over each other", "[render][map]") {
  const std::string png = kOut + "/render-csto-wide.png", state = kOut + "/render-csto-wide.json";
  REQUIRE(run("--render " + png + " --size 1600x900 --time 2022-09-14 --bbox 20,35,95,60 --state-out " + state) == 0);
  const auto st = readJson(state);
  const double sc = st["ui_scale"].get<double>();
  const auto& cl = st["clusters"];
  REQUIRE(cl.size() >= 3);
  // The app's bubble radius: (9 + 3.2 log2 n) px at scale 1. Two bubbles may touch, or overlap by a
  // fifth of their radii at most.
  auto radius = [&](int n) { return (9.0 + 3.2 * std::log2(double(std::max(n, 2)))) * sc; };
  int total = 0;
  for (size_t i = 0; i < cl.size(); ++i) {
    total += cl[i]["count"].get<int>();
    for (size_t j = i + 1; j < cl.size(); ++j) {
      const double d = std::hypot(cl[i]["map"][0].get<double>() - cl[j]["map"][0].get<double>(),
                                  cl[i]["map"][1].get<double>() - cl[j]["map"][1].get<double>());
      const double rr = radius(cl[i]["count"].get<int>()) + radius(cl[j]["count"].get<int>());
      INFO("bubbles " << cl[i] << " and " << cl[j] << ": " << d << " px apart, radii " << rr);
      CHECK(d >= 0.8 * rr - 0.5);
    }
  }
  // The bubbles hold only events on the map (merging neither loses nor invents any).
  CHECK(total <= st["counts"]["on_map"].get<int>());
  CHECK(total >= 40);
}
