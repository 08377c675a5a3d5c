#include <catch2/catch.hpp>

#include <vector>

#include "app/cli.hpp"

using namespace app;

namespace {
int parse(std::vector<std::string> args, Options& o, std::string& err) {
  std::vector<char*> argv;
  static char name[] = "chronomap";
  argv.push_back(name);
  for (auto& a : args) argv.push_back(a.data());
  return parseArgs(int(argv.size()), argv.data(), o, err);
}
}  // namespace

TEST_CASE("The fixed options parse", "[cli]") {
  Options o;
  std::string err;
  REQUIRE(parse({"a.geojson", "b.gpkg", "--map", "m1.shp", "--map=m2.gpkg", "--no-basemap", "--time", "2022-09-13",
                 "--bbox", "43.2,38.4,47.9,41.6", "--select", "x", "--render", "o.png", "--size", "1280x720",
                 "--state-out", "s.json", "--verbose"},
                o, err) == 0);
  CHECK(o.events == std::vector<std::string>{"a.geojson", "b.gpkg"});
  CHECK(o.maps == std::vector<std::string>{"m1.shp", "m2.gpkg"});
  CHECK(o.noBasemap);
  CHECK(o.hasTime);
  CHECK(o.time.t == geo::makeTime(2022, 9, 13));
  CHECK(o.bbox.minX == Approx(43.2));
  CHECK(o.bbox.maxY == Approx(41.6));
  CHECK(o.select == "x");
  CHECK(o.renderOut == "o.png");
  CHECK(o.width == 1280);
  CHECK(o.height == 720);
  CHECK(o.stateOut == "s.json");
  CHECK(o.verbose);
}

TEST_CASE("Bad arguments give status 2 and a message naming them", "[cli]") {
  Options o;
  std::string err;
  CHECK(parse({"--bbox", "1,2,3"}, o, err) == 2);
  CHECK(err.find("--bbox") != std::string::npos);
  CHECK(parse({"--size", "big"}, o, err) == 2);
  CHECK(err.find("--size") != std::string::npos);
  CHECK(parse({"--time", "yesterday"}, o, err) == 2);
  CHECK(err.find("--time") != std::string::npos);
  CHECK(parse({"--frobnicate"}, o, err) == 2);
  CHECK(err.find("--frobnicate") != std::string::npos);
  CHECK(parse({"--render"}, o, err) == 2);
  CHECK(err.find("--render") != std::string::npos);
}

TEST_CASE("--help lists every fixed option", "[cli]") {
  const std::string h = helpText();
  for (const char* opt : {"--map", "--no-basemap", "--time", "--bbox", "--select", "--render", "--size",
                          "--state-out", "--verbose", "--help"})
    CHECK(h.find(opt) != std::string::npos);
}
