// The bundled data: every event has a date precision and at least one source; the basemap holds
// every layer the map draws.
#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "geo/io.hpp"

using namespace geo;

namespace {
const std::string kAssets = std::string(CHRONOMAP_SOURCE_DIR) + "/assets";
}

TEST_CASE("Every bundled event has a precision, a category, a description and a source", "[bundled]") {
  Dataset d;
  std::string err;
  REQUIRE(loadEvents(kAssets + "/events/karabakh-csto.geojson", d, &err));
  INFO(d.problems.size() << " problems, first: " << (d.problems.empty() ? "" : d.problems[0].text()));
  CHECK(d.problems.empty());
  CHECK(d.events.size() >= 70);
  CHECK(d.eras.size() >= 4);
  std::set<std::string> ids;
  const std::set<std::string> categories = {"war", "strikes", "civilian_harm", "diplomacy",
                                            "deployment", "unrest", "alliance", "displacement"};
  // The raw file: every feature states its precision explicitly.
  FILE* f = std::fopen((kAssets + "/events/karabakh-csto.geojson").c_str(), "rb");
  REQUIRE(f);
  std::string text;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  const auto j = nlohmann::json::parse(text);
  for (const auto& feat : j["features"]) {
    const auto& p = feat["properties"];
    INFO(p.value("id", "?"));
    CHECK(p.contains("precision"));
    Precision prec;
    CHECK(precisionFromName(p.value("precision", ""), prec));
  }
  const std::vector<Event> events = d.events.toVector();
  for (const std::vector<Event>* list : {&events, static_cast<const std::vector<Event>*>(&d.eras)}) {
    for (const Event& e : *list) {
      INFO(e.id);
      CHECK(ids.insert(e.id).second);
      CHECK(!e.title.empty());
      CHECK(!e.description.empty());
      CHECK(categories.count(e.category) == 1);
      REQUIRE(!e.sources.empty());
      for (const auto& s : e.sources) CHECK(s.url.rfind("http", 0) == 0);
      if (e.fatalitiesBest >= 0 || e.fatalitiesLow >= 0 || e.fatalitiesHigh >= 0) CHECK(!e.fatalitiesBy.empty());
      if (!e.era) CHECK(e.hasLocation);
    }
  }
}

TEST_CASE("Contested places show both names", "[bundled]") {
  Dataset d;
  std::string err;
  REQUIRE(loadEvents(kAssets + "/events/karabakh-csto.geojson", d, &err));
  bool stepanakert = false, shusha = false;
  for (const Event& e : d.events.toVector()) {
    if (e.placeLabel().find("Stepanakert / Khankendi") != std::string::npos) stepanakert = true;
    if (e.placeLabel().find("Shusha / Shushi") != std::string::npos) shusha = true;
  }
  CHECK(stepanakert);
  CHECK(shusha);
}

TEST_CASE("The bundled basemap opens and holds every layer", "[bundled]") {
  std::string err;
  auto proj = Projection::create(Projection::defaultCrsFor({43.3, 38.3, 50.5, 42.0}), &err);
  REQUIRE(proj);
  std::vector<MapLayer> layers;
  std::vector<Problem> problems;
  REQUIRE(loadMapLayers(kAssets + "/map/basemap.gpkg", *proj, {}, layers, problems, &err));
  std::set<std::string> names;
  for (const auto& l : layers) {
    INFO(l.name);
    CHECK(l.featureCount() > 0);
    names.insert(l.name);
  }
  for (const char* want : {"countries", "land", "coastline", "provinces", "lakes", "rivers", "places", "disputed"}) {
    INFO(want);
    CHECK(names.count(want) == 1);
  }
  // Yerevan lies in Armenia; Crimea in Ukraine (UN GA resolution 68/262).
  for (const auto& l : layers) {
    if (l.name != "countries") continue;
    double x, y;
    REQUIRE(proj->forward(44.517, 40.183, x, y));
    const int arm = l.featureAt(x, y);
    REQUIRE(arm >= 0);
    CHECK(l.featureCode[size_t(arm)] == "ARM");
    REQUIRE(proj->forward(34.1, 44.95, x, y));
    const int crimea = l.featureAt(x, y);
    REQUIRE(crimea >= 0);
    CHECK(l.featureCode[size_t(crimea)] == "UKR");
  }
}
